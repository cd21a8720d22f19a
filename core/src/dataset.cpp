#include "hlcnn/core/dataset.h"

#include "dataset_formats.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

namespace hlcnn {

std::string DataSpec::toString() const {
    switch (kind) {
    case Kind::Cifar10: return "cifar10:" + path;
    case Kind::Cifar100: return "cifar100:" + path;
    case Kind::Folder: return "folder:" + path;
    case Kind::Idx: return "idx:" + path;
    }
    return path;
}

DataSpec parseDataSpec(const std::string& text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon + 1 == text.size())
        throw DatasetError("data spec must be cifar10:DIR, cifar100:DIR, folder:DIR or idx:DIR, got '" + text + "'");
    const std::string kind = text.substr(0, colon);
    DataSpec spec;
    spec.path = text.substr(colon + 1);
    if (kind == "cifar10") spec.kind = DataSpec::Kind::Cifar10;
    else if (kind == "cifar100") spec.kind = DataSpec::Kind::Cifar100;
    else if (kind == "folder") spec.kind = DataSpec::Kind::Folder;
    else if (kind == "idx") spec.kind = DataSpec::Kind::Idx;
    else throw DatasetError("unknown dataset kind '" + kind + "' (cifar10, cifar100, folder, idx)");
    return spec;
}

Dataset loadDataset(const DataSpec& spec, const DatasetOptions& options) {
    Dataset d;
    switch (spec.kind) {
    case DataSpec::Kind::Cifar10: d = data::loadCifar(spec.path, false); break;
    case DataSpec::Kind::Cifar100: d = data::loadCifar(spec.path, true); break;
    case DataSpec::Kind::Idx: d = data::loadIdx(spec.path); break;
    case DataSpec::Kind::Folder: d = data::loadFolder(spec.path, options); break;
    }
    d.name = spec.toString();
    for (const ImageSet* set : {&d.train, &d.test})
        for (std::int64_t label : set->labels)
            if (label < 0 || label >= d.classes())
                throw DatasetError(d.name + ": label " + std::to_string(label) + " is out of range for " +
                                   std::to_string(d.classes()) + " classes");
    if (d.train.count == 0) throw DatasetError(d.name + ": no training images");
    return d;
}

ChannelStats channelStats(const ImageSet& set) {
    ChannelStats s;
    const std::int64_t plane = set.height * set.width;
    for (std::int64_t c = 0; c < set.channels; ++c) {
        double sum = 0, sq = 0;
        for (std::int64_t i = 0; i < set.count; ++i) {
            const std::uint8_t* p = set.image(i) + c * plane;
            std::uint64_t s1 = 0, s2 = 0;
            for (std::int64_t k = 0; k < plane; ++k) s1 += p[k], s2 += std::uint64_t(p[k]) * p[k];
            sum += double(s1);
            sq += double(s2);
        }
        const double n = double(set.count * plane) * 255.0;
        const double mean = sum / n;
        const double var = sq / (n * 255.0) - mean * mean;
        s.mean.push_back(float(mean));
        s.std.push_back(float(std::sqrt(std::max(var, 1e-12))));
    }
    return s;
}

namespace data {

std::vector<std::uint8_t> readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DatasetError("cannot open '" + path + "'");
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::shared_ptr<const std::uint8_t> ownBytes(std::vector<std::uint8_t> bytes) {
    auto holder = std::make_shared<std::vector<std::uint8_t>>(std::move(bytes));
    return std::shared_ptr<const std::uint8_t>(holder, holder->data());
}

}  // namespace data
}  // namespace hlcnn
