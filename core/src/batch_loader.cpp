#include "hlcnn/core/batch_loader.h"

#include <torch/torch.h>

#include <algorithm>
#include <random>

namespace hlcnn {

namespace {

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {  // splitmix64 of a combined key
    std::uint64_t z = a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::int64_t reflect(std::int64_t i, std::int64_t n) {
    if (n == 1) return 0;
    while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
    return i;
}

}  // namespace

BatchLoader::BatchLoader(const ImageSet& set, LoaderOptions options) : set_(set), o_(std::move(options)) {
    if (o_.batch < 1) throw std::invalid_argument("batch size must be at least 1");
    if (o_.worldSize < 1 || o_.rank < 0 || o_.rank >= o_.worldSize) throw std::invalid_argument("rank must be in [0, world size)");
    if (!o_.mean.empty() && (std::int64_t(o_.mean.size()) != set.channels || o_.std.size() != o_.mean.size()))
        throw std::invalid_argument("mean/std must have one value per channel");
    subset_.resize(std::size_t(set.count));
    for (std::int64_t i = 0; i < set.count; ++i) subset_[std::size_t(i)] = i;
    if (o_.limit > 0 && o_.limit < set.count) {
        std::mt19937_64 rng(mix(o_.seed, 0x5EED));
        std::shuffle(subset_.begin(), subset_.end(), rng);
        subset_.resize(std::size_t(o_.limit));
        std::sort(subset_.begin(), subset_.end());
    }
    o_.workers = std::max(1, o_.workers);
    o_.prefetch = std::max(1, o_.prefetch);
}

BatchLoader::~BatchLoader() { stopWorkers(); }

std::int64_t BatchLoader::batchesPerEpoch() const {
    const auto n = std::int64_t(subset_.size());
    const std::int64_t global = std::int64_t(o_.batch) * o_.worldSize;
    return o_.dropLast ? n / global : (n + global - 1) / global;
}

std::int64_t BatchLoader::globalBatchSize(std::int64_t k) const {
    const std::int64_t global = std::int64_t(o_.batch) * o_.worldSize;
    return std::max<std::int64_t>(0, std::min<std::int64_t>(global, std::int64_t(subset_.size()) - k * global));
}

void BatchLoader::stopWorkers() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
}

void BatchLoader::startEpoch(int epoch, std::int64_t firstBatch) {
    if (firstBatch < 0 || firstBatch > batchesPerEpoch())
        throw std::invalid_argument("first batch " + std::to_string(firstBatch) + " is outside the epoch's " + std::to_string(batchesPerEpoch()));
    stopWorkers();
    epoch_ = epoch;
    order_ = subset_;
    if (o_.shuffle) {
        std::mt19937_64 rng(mix(o_.seed, std::uint64_t(epoch) + 1));
        std::shuffle(order_.begin(), order_.end(), rng);
    }
    ready_.clear();
    nextToProduce_ = consumed_ = firstBatch;
    stop_ = false;
    for (int i = 0; i < o_.workers; ++i) workers_.emplace_back([this] { work(); });
}

void BatchLoader::work() {
    const std::int64_t total = batchesPerEpoch();
    while (true) {
        std::int64_t k;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            cv_.wait(lock, [&] { return stop_ || nextToProduce_ >= total || nextToProduce_ < consumed_ + o_.prefetch; });
            if (stop_ || nextToProduce_ >= total) return;
            k = nextToProduce_++;
        }
        Batch b = assemble(k);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ready_.emplace(k, std::move(b));
        }
        cv_.notify_all();
    }
}

bool BatchLoader::next(Batch& batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (consumed_ >= batchesPerEpoch()) return false;
    if (workers_.empty()) throw std::logic_error("BatchLoader::next before startEpoch");
    cv_.wait(lock, [&] { return ready_.count(consumed_) != 0; });
    auto it = ready_.find(consumed_);
    batch = std::move(it->second);
    ready_.erase(it);
    ++consumed_;
    lock.unlock();
    cv_.notify_all();
    return true;
}

Batch BatchLoader::assemble(std::int64_t k) const {
    const std::int64_t size = std::int64_t(order_.size());
    const std::int64_t begin = std::min(size, k * o_.batch * o_.worldSize + std::int64_t(o_.rank) * o_.batch);
    const std::int64_t end = std::min<std::int64_t>(begin + o_.batch, size);
    const std::int64_t n = end - begin, C = set_.channels, H = set_.height, W = set_.width, plane = H * W;
    Batch b;
    b.images = torch::empty({n, C, H, W}, torch::kFloat);
    b.labels = torch::empty({n}, torch::kLong);
    float* out = b.images.data_ptr<float>();
    std::int64_t* labels = b.labels.data_ptr<std::int64_t>();
    std::vector<float> scale(static_cast<std::size_t>(C)), shift(static_cast<std::size_t>(C));
    for (std::int64_t c = 0; c < C; ++c) {  // value = (pixel / 255 - mean) / std = pixel * scale + shift
        const float mean = o_.mean.empty() ? 0.f : o_.mean[std::size_t(c)];
        const float stdv = o_.std.empty() ? 1.f : o_.std[std::size_t(c)];
        scale[std::size_t(c)] = 1.f / (255.f * stdv);
        shift[std::size_t(c)] = -mean / stdv;
    }
    const Augmentation& aug = o_.augmentation;
    for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t index = order_[std::size_t(begin + i)];
        labels[i] = set_.labels[std::size_t(index)];
        const std::uint8_t* src = set_.image(index);
        float* dst = out + i * C * plane;
        std::mt19937_64 rng(mix(mix(o_.seed, std::uint64_t(epoch_)), std::uint64_t(begin + i)));
        std::int64_t dy = 0, dx = 0;
        bool flip = false;
        if (aug.cropPadding > 0) {
            std::uniform_int_distribution<std::int64_t> off(-aug.cropPadding, aug.cropPadding);
            dy = off(rng), dx = off(rng);
        }
        if (aug.horizontalFlip) flip = (rng() & 1) != 0;
        for (std::int64_t c = 0; c < C; ++c) {
            const std::uint8_t* s = src + c * plane;
            float* d = dst + c * plane;
            const float sc = scale[std::size_t(c)], sh = shift[std::size_t(c)];
            if (dy == 0 && dx == 0 && !flip) {
                for (std::int64_t p = 0; p < plane; ++p) d[p] = float(s[p]) * sc + sh;
                continue;
            }
            for (std::int64_t y = 0; y < H; ++y) {
                std::int64_t sy = y + dy;
                const bool rowInside = sy >= 0 && sy < H;
                if (!rowInside && aug.reflectPadding) sy = reflect(sy, H);
                for (std::int64_t x = 0; x < W; ++x) {
                    std::int64_t sx = (flip ? W - 1 - x : x) + dx;
                    const bool inside = rowInside && sx >= 0 && sx < W;
                    if (!inside && !aug.reflectPadding) {
                        d[y * W + x] = sh;  // zero padding, normalised like a black pixel
                        continue;
                    }
                    if (!(sx >= 0 && sx < W)) sx = reflect(sx, W);
                    d[y * W + x] = float(s[sy * W + sx]) * sc + sh;
                }
            }
        }
        if (aug.cutout > 0) {
            std::uniform_int_distribution<std::int64_t> cy(0, H - 1), cx(0, W - 1);
            const std::int64_t y0 = cy(rng) - aug.cutout / 2, x0 = cx(rng) - aug.cutout / 2;
            for (std::int64_t c = 0; c < C; ++c)
                for (std::int64_t y = std::max<std::int64_t>(0, y0); y < std::min<std::int64_t>(H, y0 + aug.cutout); ++y)
                    for (std::int64_t x = std::max<std::int64_t>(0, x0); x < std::min<std::int64_t>(W, x0 + aug.cutout); ++x)
                        dst[c * plane + y * W + x] = 0.f;
        }
    }
    return b;
}

}  // namespace hlcnn
