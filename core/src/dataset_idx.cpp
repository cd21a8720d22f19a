// MNIST / Fashion-MNIST IDX files, raw or gzip-compressed.
#include "dataset_formats.h"

#include <zlib.h>

#include <filesystem>

namespace hlcnn::data {

namespace fs = std::filesystem;

namespace {

std::vector<std::uint8_t> readMaybeGz(const fs::path& path) {
    if (path.extension() != ".gz") return readWholeFile(path.string());
    gzFile f = gzopen(path.string().c_str(), "rb");
    if (!f) throw DatasetError("cannot open '" + path.string() + "'");
    std::vector<std::uint8_t> out;
    std::uint8_t buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) {
        out.insert(out.end(), buf, buf + n);
        if (out.size() > (std::size_t(1) << 32)) break;
    }
    int err = 0;
    const char* message = gzerror(f, &err);
    gzclose(f);
    if (n < 0 || (err != Z_OK && err != Z_STREAM_END))
        throw DatasetError("'" + path.string() + "' is not a valid gzip file (" + message + ")");
    return out;
}

fs::path findFile(const fs::path& dir, const std::string& stem) {
    for (const std::string& name : {stem, stem + ".gz"})
        if (fs::exists(dir / name)) return dir / name;
    // some mirrors write "train-images.idx3-ubyte"
    std::string dotted = stem;
    const auto dash = dotted.rfind("-idx");
    if (dash != std::string::npos) dotted[dash] = '.';
    for (const std::string& name : {dotted, dotted + ".gz"})
        if (fs::exists(dir / name)) return dir / name;
    throw DatasetError("'" + dir.string() + "' has no " + stem + "[.gz]");
}

std::uint32_t bigEndian(const std::vector<std::uint8_t>& b, std::size_t at) {
    return (std::uint32_t(b[at]) << 24) | (std::uint32_t(b[at + 1]) << 16) | (std::uint32_t(b[at + 2]) << 8) | b[at + 3];
}

ImageSet readPair(const fs::path& imagesPath, const fs::path& labelsPath) {
    const auto images = readMaybeGz(imagesPath), labels = readMaybeGz(labelsPath);
    if (images.size() < 16 || bigEndian(images, 0) != 0x00000803)
        throw DatasetError("'" + imagesPath.string() + "': wrong magic number (not an IDX ubyte image file)");
    if (labels.size() < 8 || bigEndian(labels, 0) != 0x00000801)
        throw DatasetError("'" + labelsPath.string() + "': wrong magic number (not an IDX ubyte label file)");
    const std::uint64_t n = bigEndian(images, 4), h = bigEndian(images, 8), w = bigEndian(images, 12);
    if (h == 0 || w == 0 || h > 4096 || w > 4096) throw DatasetError("'" + imagesPath.string() + "': bad image size");
    if (16 + n * h * w > images.size())
        throw DatasetError("'" + imagesPath.string() + "' says " + std::to_string(n) + " images of " + std::to_string(h) + "x" +
                           std::to_string(w) + " but holds only " + std::to_string(images.size()) + " bytes");
    if (bigEndian(labels, 4) != n)
        throw DatasetError("'" + labelsPath.string() + "' has " + std::to_string(bigEndian(labels, 4)) + " labels for " +
                           std::to_string(n) + " images");
    if (8 + n > labels.size()) throw DatasetError("'" + labelsPath.string() + "' is truncated");
    ImageSet s;
    s.channels = 1, s.height = std::int64_t(h), s.width = std::int64_t(w), s.count = std::int64_t(n);
    s.pixels = ownBytes(std::vector<std::uint8_t>(images.begin() + 16, images.begin() + std::ptrdiff_t(16 + n * h * w)));
    s.labels.assign(labels.begin() + 8, labels.begin() + std::ptrdiff_t(8 + n));
    return s;
}

}  // namespace

Dataset loadIdx(const std::string& dirText) {
    const fs::path dir(dirText);
    if (!fs::is_directory(dir)) throw DatasetError("'" + dirText + "' is not a directory");
    Dataset d;
    d.train = readPair(findFile(dir, "train-images-idx3-ubyte"), findFile(dir, "train-labels-idx1-ubyte"));
    d.test = readPair(findFile(dir, "t10k-images-idx3-ubyte"), findFile(dir, "t10k-labels-idx1-ubyte"));
    std::int64_t maxLabel = 0;
    for (const ImageSet* s : {&d.train, &d.test})
        for (std::int64_t l : s->labels) maxLabel = std::max(maxLabel, l);
    for (std::int64_t i = 0; i <= std::max<std::int64_t>(maxLabel, 9); ++i) d.classNames.push_back(std::to_string(i));
    return d;
}

}  // namespace hlcnn::data
