// Image classification datasets in the formats users already have, held as compact uint8 CHW
// images. Qt-free and LibTorch-free; the batch loader turns them into tensors.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hlcnn {

class DatasetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "cifar10:DIR", "cifar100:DIR", "folder:DIR", "idx:DIR"
struct DataSpec {
    enum class Kind { Cifar10, Cifar100, Folder, Idx } kind = Kind::Folder;
    std::string path;
    std::string toString() const;
};
DataSpec parseDataSpec(const std::string& text);  // throws DatasetError

// A file that could not be used, with the reason; loading goes on without it.
struct SkippedFile {
    std::string path;
    std::string reason;
};

struct ImageSet {
    std::int64_t channels = 0, height = 0, width = 0;
    std::int64_t count = 0;
    std::shared_ptr<const std::uint8_t> pixels;  // count x C x H x W, owned or memory-mapped
    std::vector<std::int64_t> labels;            // 0 .. classes-1

    std::int64_t imageBytes() const { return channels * height * width; }
    const std::uint8_t* image(std::int64_t i) const { return pixels.get() + i * imageBytes(); }
};

struct Dataset {
    std::string name;                     // the spec it came from
    std::vector<std::string> classNames;
    ImageSet train, test;
    std::vector<SkippedFile> skipped;
    bool fromCache = false;

    std::int64_t classes() const { return std::int64_t(classNames.size()); }
};

struct DatasetOptions {
    std::int64_t imageSize = 0;        // folders: output HxW (0: size of the first readable image)
    double testFraction = 0.2;         // folders without train/ and test/: stratified split
    std::uint64_t splitSeed = 0;
    std::string cacheDir;              // folders: "" = $HLCNN_CACHE_DIR, $XDG_CACHE_HOME/hlcnn or ~/.cache/hlcnn
    bool useCache = true;
    int decodeThreads = 0;             // 0: hardware threads
};

// Throws DatasetError naming the file and the problem (truncated CIFAR batch, wrong IDX magic,
// count larger than the file, label out of range, empty class folder, no images at all).
Dataset loadDataset(const DataSpec& spec, const DatasetOptions& options = {});

// Per-channel mean and standard deviation of a set, in [0, 1] units.
struct ChannelStats {
    std::vector<float> mean, std;
};
ChannelStats channelStats(const ImageSet& set);

}  // namespace hlcnn
