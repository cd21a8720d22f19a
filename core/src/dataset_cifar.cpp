// CIFAR-10 / CIFAR-100 in the official binary layout.
#include "dataset_formats.h"

#include <filesystem>

namespace hlcnn::data {

namespace fs = std::filesystem;

namespace {

// Appends the records of one batch file; each record is [labels...][3072 pixels, CHW].
void readBatch(const std::string& path, bool cifar100, std::vector<std::uint8_t>& pixels, std::vector<std::int64_t>& labels) {
    const std::size_t labelBytes = cifar100 ? 2 : 1, record = labelBytes + 3072;
    const std::vector<std::uint8_t> bytes = readWholeFile(path);
    if (bytes.empty() || bytes.size() % record != 0)
        throw DatasetError("'" + path + "' is truncated or not a CIFAR batch: " + std::to_string(bytes.size()) +
                           " bytes is not a multiple of the " + std::to_string(record) + "-byte record");
    for (std::size_t off = 0; off < bytes.size(); off += record) {
        labels.push_back(bytes[off + labelBytes - 1]);  // CIFAR-100: the fine label follows the coarse one
        pixels.insert(pixels.end(), bytes.begin() + std::ptrdiff_t(off + labelBytes), bytes.begin() + std::ptrdiff_t(off + record));
    }
}

ImageSet makeSet(std::vector<std::uint8_t> pixels, std::vector<std::int64_t> labels) {
    ImageSet s;
    s.channels = 3, s.height = 32, s.width = 32;
    s.count = std::int64_t(labels.size());
    s.labels = std::move(labels);
    s.pixels = ownBytes(std::move(pixels));
    return s;
}

std::vector<std::string> readNames(const fs::path& file, std::size_t expected) {
    std::vector<std::string> names;
    if (fs::exists(file)) {
        const auto bytes = readWholeFile(file.string());
        std::string line;
        for (char c : bytes) {
            if (c == '\n' || c == '\r') {
                if (!line.empty()) names.push_back(line);
                line.clear();
            } else {
                line += c;
            }
        }
        if (!line.empty()) names.push_back(line);
    }
    if (names.size() != expected) {
        names.clear();
        for (std::size_t i = 0; i < expected; ++i) names.push_back("class_" + std::to_string(i));
    }
    return names;
}

}  // namespace

Dataset loadCifar(const std::string& dirText, bool cifar100) {
    fs::path dir(dirText);
    // accept the archive's parent folder too
    const fs::path inner = dir / (cifar100 ? "cifar-100-binary" : "cifar-10-batches-bin");
    if (fs::is_directory(inner)) dir = inner;
    if (!fs::is_directory(dir)) throw DatasetError("'" + dirText + "' is not a directory");
    Dataset d;
    std::vector<std::uint8_t> pixels;
    std::vector<std::int64_t> labels;
    if (cifar100) {
        readBatch((dir / "train.bin").string(), true, pixels, labels);
        d.train = makeSet(std::move(pixels), std::move(labels));
        pixels = {}, labels = {};
        readBatch((dir / "test.bin").string(), true, pixels, labels);
        d.test = makeSet(std::move(pixels), std::move(labels));
        d.classNames = readNames(dir / "fine_label_names.txt", 100);
    } else {
        for (int i = 1; i <= 5; ++i) readBatch((dir / ("data_batch_" + std::to_string(i) + ".bin")).string(), false, pixels, labels);
        d.train = makeSet(std::move(pixels), std::move(labels));
        pixels = {}, labels = {};
        readBatch((dir / "test_batch.bin").string(), false, pixels, labels);
        d.test = makeSet(std::move(pixels), std::move(labels));
        d.classNames = readNames(dir / "batches.meta.txt", 10);
    }
    return d;
}

}  // namespace hlcnn::data
