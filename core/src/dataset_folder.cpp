// Image folders (one sub-folder per class), decoded once by OpenCV into a memory-mapped uint8 cache.
#include "dataset_formats.h"

#include "hlcnn/core/number_text.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <thread>

namespace hlcnn::data {

namespace fs = std::filesystem;

namespace {

constexpr char kCacheMagic[8] = {'H', 'L', 'C', 'N', 'N', 'D', 'S', '1'};
constexpr std::uint32_t kCacheVersion = 1;

struct Entry {
    std::string path;      // absolute
    std::string relative;  // for the cache key and messages
    std::uint64_t size = 0;
    std::int64_t label = 0;
    bool test = false;
};

bool isImageFile(const fs::path& p) {
    static const std::set<std::string> ext{".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm", ".pnm"};
    std::string e = p.extension().string();
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext.count(e) != 0;
}

std::vector<std::string> classFolders(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_directory() && e.path().filename().string()[0] != '.') names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<Entry> listClass(const fs::path& dir, const fs::path& root, std::int64_t label) {
    std::vector<Entry> entries;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && isImageFile(e.path())) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw DatasetError("class folder '" + dir.string() + "' holds no images");
    for (const fs::path& f : files)
        entries.push_back({f.string(), fs::relative(f, root).string(), std::uint64_t(fs::file_size(f)), label, false});
    return entries;
}

std::uint64_t fnv1a(std::uint64_t h, const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

std::string defaultCacheDir() {
    if (const char* d = std::getenv("HLCNN_CACHE_DIR"); d && *d) return d;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/hlcnn";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/hlcnn";
    return (fs::temp_directory_path() / "hlcnn-cache").string();
}

// Reads and decodes an image file. A JPEG without its end-of-image marker is refused here: libjpeg
// would decode it anyway, padding the missing rows, and print "Premature end of JPEG file" on our
// stderr without saying which file.
cv::Mat readImage(const std::string& path, int flags, std::string& reason) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.eof() && in.fail()) {
        reason = "cannot read the file";
        return {};
    }
    const bool jpeg = bytes.size() >= 2 && std::uint8_t(bytes[0]) == 0xFF && std::uint8_t(bytes[1]) == 0xD8;
    if (jpeg) {
        bool end = false;
        const std::size_t from = bytes.size() > 1024 ? bytes.size() - 1024 : 2;
        for (std::size_t i = bytes.size(); i-- > from + 1;)
            if (std::uint8_t(bytes[i - 1]) == 0xFF && std::uint8_t(bytes[i]) == 0xD9) {
                end = true;
                break;
            }
        if (!end) {
            reason = "truncated JPEG (no end-of-image marker)";
            return {};
        }
    }
    cv::Mat img = bytes.empty() ? cv::Mat() : cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, bytes.data()), flags);
    if (img.empty()) reason = "OpenCV cannot decode it (corrupt or unsupported)";
    return img;
}

// Decodes one file to CHW RGB (or gray) uint8 of size x size; false (with a reason) when unreadable.
bool decode(const Entry& e, int channels, std::int64_t size, std::uint8_t* out, std::string& reason) {
    cv::Mat img = readImage(e.path, channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR, reason);
    if (img.empty()) return false;
    if (img.rows != size || img.cols != size) {
        const double scale = double(size) / double(std::min(img.rows, img.cols));
        cv::Mat resized;
        cv::resize(img, resized, cv::Size(std::max(int(size), int(std::lround(img.cols * scale))),
                                           std::max(int(size), int(std::lround(img.rows * scale)))),
                   0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        const int x = (resized.cols - int(size)) / 2, y = (resized.rows - int(size)) / 2;
        img = resized(cv::Rect(x, y, int(size), int(size))).clone();
    }
    const std::int64_t plane = size * size;
    for (int r = 0; r < img.rows; ++r) {
        const std::uint8_t* row = img.ptr<std::uint8_t>(r);
        for (int c = 0; c < img.cols; ++c)
            for (int k = 0; k < channels; ++k)  // BGR -> RGB
                out[(channels == 3 ? 2 - k : k) * plane + r * size + c] = row[c * channels + k];
    }
    return true;
}

struct MappedFile {
    void* base = MAP_FAILED;
    std::size_t size = 0;
};

std::shared_ptr<const std::uint8_t> mapFile(const std::string& path, std::size_t& size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
        ::close(fd);
        return nullptr;
    }
    size = std::size_t(st.st_size);
    void* base = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (base == MAP_FAILED) return nullptr;
    return std::shared_ptr<const std::uint8_t>(static_cast<const std::uint8_t*>(base),
                                               [size](const std::uint8_t* p) { ::munmap(const_cast<std::uint8_t*>(p), size); });
}

// Cache file: magic, version, header length, JSON header, zero padding to 64 bytes, train pixels, test pixels.
bool readCache(const std::string& path, Dataset& d) {
    std::size_t size = 0;
    auto map = mapFile(path, size);
    if (!map || size < 16 || std::memcmp(map.get(), kCacheMagic, 8) != 0) return false;
    std::uint32_t version, headerLength;
    std::memcpy(&version, map.get() + 8, 4);
    std::memcpy(&headerLength, map.get() + 12, 4);
    if (version != kCacheVersion || 16 + std::size_t(headerLength) > size) return false;
    try {
        const auto h = nlohmann::json::parse(map.get() + 16, map.get() + 16 + headerLength);
        const std::size_t offset = (16 + headerLength + 63) / 64 * 64;
        const std::int64_t c = h.at("channels"), hw = h.at("size");
        const std::vector<std::int64_t> trainLabels = h.at("train_labels"), testLabels = h.at("test_labels");
        const std::size_t image = std::size_t(c * hw * hw);
        if (offset + image * (trainLabels.size() + testLabels.size()) != size) return false;
        auto makeSet = [&](std::vector<std::int64_t> labels, std::size_t at) {
            ImageSet s;
            s.channels = c, s.height = hw, s.width = hw, s.count = std::int64_t(labels.size());
            s.labels = std::move(labels);
            s.pixels = std::shared_ptr<const std::uint8_t>(map, map.get() + at);
            return s;
        };
        d.classNames = h.at("classes").get<std::vector<std::string>>();
        d.train = makeSet(trainLabels, offset);
        d.test = makeSet(testLabels, offset + image * trainLabels.size());
        for (const auto& s : h.at("skipped")) d.skipped.push_back({s.at("path"), s.at("reason")});
        d.fromCache = true;
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

void writeCache(const std::string& path, const Dataset& d) {
    nlohmann::json h;
    h["channels"] = d.train.channels;
    h["size"] = d.train.height;
    h["classes"] = d.classNames;
    h["train_labels"] = d.train.labels;
    h["test_labels"] = d.test.labels;
    h["skipped"] = nlohmann::json::array();
    for (const SkippedFile& s : d.skipped) h["skipped"].push_back({{"path", s.path}, {"reason", s.reason}});
    const std::string header = h.dump();
    const std::string tmp = path + ".tmp" + std::to_string(::getpid());
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return;  // a cache is an optimisation: no cache directory means decode again next time
    const auto headerLength = std::uint32_t(header.size());
    bool ok = std::fwrite(kCacheMagic, 1, 8, f) == 8 && std::fwrite(&kCacheVersion, 4, 1, f) == 1 &&
              std::fwrite(&headerLength, 4, 1, f) == 1 && std::fwrite(header.data(), 1, header.size(), f) == header.size();
    const std::size_t pad = (16 + header.size() + 63) / 64 * 64 - (16 + header.size());
    const char zeros[64] = {};
    ok = ok && std::fwrite(zeros, 1, pad, f) == pad;
    for (const ImageSet* s : {&d.train, &d.test}) {
        const std::size_t n = std::size_t(s->count * s->imageBytes());
        ok = ok && (n == 0 || std::fwrite(s->pixels.get(), 1, n, f) == n);
    }
    ok = ok && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
    ok = (std::fclose(f) == 0) && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) std::remove(tmp.c_str());
}

}  // namespace

Dataset loadFolder(const std::string& dirText, const DatasetOptions& options) {
    const fs::path root = fs::absolute(dirText);
    if (!fs::is_directory(root)) throw DatasetError("'" + dirText + "' is not a directory");
    Dataset d;
    std::vector<Entry> entries;
    const bool presplit = fs::is_directory(root / "train") && fs::is_directory(root / "test");
    if (presplit) {
        d.classNames = classFolders(root / "train");
        if (d.classNames.empty()) throw DatasetError("'" + (root / "train").string() + "' has no class folders");
        for (std::size_t c = 0; c < d.classNames.size(); ++c)
            for (Entry& e : listClass(root / "train" / d.classNames[c], root, std::int64_t(c))) entries.push_back(e);
        for (const std::string& name : classFolders(root / "test")) {
            const auto it = std::find(d.classNames.begin(), d.classNames.end(), name);
            if (it == d.classNames.end())
                throw DatasetError("test class folder '" + name + "' has no counterpart in '" + (root / "train").string() + "'");
            for (Entry& e : listClass(root / "test" / name, root, it - d.classNames.begin())) {
                e.test = true;
                entries.push_back(e);
            }
        }
    } else {
        d.classNames = classFolders(root);
        if (d.classNames.empty()) throw DatasetError("'" + dirText + "' has no class folders (expected DIR/<class>/*.jpg)");
        std::mt19937_64 rng(options.splitSeed);
        for (std::size_t c = 0; c < d.classNames.size(); ++c) {
            std::vector<Entry> cls = listClass(root / d.classNames[c], root, std::int64_t(c));
            std::vector<std::size_t> order(cls.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::shuffle(order.begin(), order.end(), rng);
            const auto testCount = std::size_t(std::llround(options.testFraction * double(cls.size())));
            for (std::size_t i = 0; i < testCount && i < order.size(); ++i) cls[order[i]].test = true;
            entries.insert(entries.end(), cls.begin(), cls.end());
        }
    }

    // Size and channel count follow the first readable image unless given.
    std::int64_t size = options.imageSize;
    int channels = 3;
    for (const Entry& e : entries) {
        std::string ignored;
        cv::Mat probe = readImage(e.path, cv::IMREAD_UNCHANGED, ignored);
        if (probe.empty()) continue;
        channels = probe.channels() == 1 ? 1 : 3;
        if (size <= 0) size = std::min(probe.rows, probe.cols);
        break;
    }
    if (size <= 0) throw DatasetError("'" + dirText + "': none of the " + std::to_string(entries.size()) + " image files can be decoded");

    std::uint64_t key = 1469598103934665603ull;
    const std::string params = "v" + std::to_string(kCacheVersion) + " size " + std::to_string(size) + " ch " +
                               std::to_string(channels) + " split " + fixedText(presplit ? -1.0 : options.testFraction, 6) +
                               " seed " + std::to_string(options.splitSeed);
    key = fnv1a(key, params.data(), params.size());
    for (const Entry& e : entries) {
        key = fnv1a(key, e.relative.data(), e.relative.size() + 1);
        key = fnv1a(key, &e.size, sizeof e.size);
    }
    const std::string cacheDir = options.cacheDir.empty() ? defaultCacheDir() : options.cacheDir;
    char keyText[17];
    std::snprintf(keyText, sizeof keyText, "%016llx", static_cast<unsigned long long>(key));
    const std::string cachePath = cacheDir + "/" + keyText + ".hlcnn-images";
    if (options.useCache && readCache(cachePath, d)) return d;

    const std::size_t image = std::size_t(channels * size * size);
    std::vector<std::uint8_t> pixels(entries.size() * image);
    std::vector<std::string> reasons(entries.size());
    std::vector<char> good(entries.size(), 0);
    std::atomic<std::size_t> next{0};
    const int threads = options.decodeThreads > 0 ? options.decodeThreads : int(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            for (std::size_t i; (i = next.fetch_add(1)) < entries.size();)
                good[i] = decode(entries[i], channels, size, pixels.data() + i * image, reasons[i]);
        });
    for (auto& t : pool) t.join();

    std::vector<std::uint8_t> train, test;
    std::vector<std::int64_t> perClass(d.classNames.size(), 0);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (!good[i]) {
            d.skipped.push_back({entries[i].path, reasons[i]});
            continue;
        }
        ++perClass[std::size_t(entries[i].label)];
        auto& dst = entries[i].test ? test : train;
        dst.insert(dst.end(), pixels.begin() + std::ptrdiff_t(i * image), pixels.begin() + std::ptrdiff_t((i + 1) * image));
        (entries[i].test ? d.test : d.train).labels.push_back(entries[i].label);
    }
    for (std::size_t c = 0; c < perClass.size(); ++c)
        if (perClass[c] == 0) throw DatasetError("class '" + d.classNames[c] + "' has no readable images");
    pixels = {};
    for (auto [set, bytes] : {std::pair{&d.train, &train}, std::pair{&d.test, &test}}) {
        set->channels = channels, set->height = size, set->width = size;
        set->count = std::int64_t(set->labels.size());
        set->pixels = ownBytes(std::move(*bytes));
    }
    if (options.useCache) {
        std::error_code ec;
        fs::create_directories(cacheDir, ec);
        writeCache(cachePath, d);
    }
    return d;
}

}  // namespace hlcnn::data
