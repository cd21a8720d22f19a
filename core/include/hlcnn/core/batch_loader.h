// Multi-threaded, seeded batch assembly: uint8 images -> augmented, normalised float tensors.
// Every random choice derives from (seed, epoch, position), so batches are identical whatever the
// thread count or timing.
#pragma once

#include "hlcnn/core/augmentation.h"
#include "hlcnn/core/dataset.h"

#include <torch/types.h>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace hlcnn {

struct LoaderOptions {
    int batch = 64;
    bool shuffle = true;
    bool dropLast = false;
    Augmentation augmentation;
    std::vector<float> mean, std;  // per channel, in [0, 1] units; empty: only scale to [0, 1]
    std::uint64_t seed = 0;
    int workers = 2;
    int prefetch = 4;            // batches ready ahead of the consumer (bounded queue)
    std::int64_t limit = 0;      // use only the first N images of a fixed seeded permutation (0: all)
    // Data-parallel sharding: every rank draws the same epoch order, cuts it into global batches of
    // batch x worldSize images and takes its own `batch` of each; augmentation keys on the global
    // position, so the union of the ranks' batches is exactly the one-process batch of that size.
    int rank = 0, worldSize = 1;
};

struct Batch {
    torch::Tensor images;  // N x C x H x W, float32
    torch::Tensor labels;  // N, int64
};

class BatchLoader {
public:
    BatchLoader(const ImageSet& set, LoaderOptions options);
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    // From batch `firstBatch` on (a run resumed mid-epoch): the same batches as a whole epoch's tail.
    void startEpoch(int epoch, std::int64_t firstBatch = 0);
    bool next(Batch& batch);  // false when the epoch is exhausted
    std::int64_t batchesPerEpoch() const;
    // Images in global batch k (all ranks together); the last one may be short.
    std::int64_t globalBatchSize(std::int64_t k) const;
    std::int64_t samples() const { return std::int64_t(subset_.size()); }

private:
    void stopWorkers();
    void work();
    Batch assemble(std::int64_t batchIndex) const;

    const ImageSet& set_;
    LoaderOptions o_;
    std::vector<std::int64_t> subset_;  // images this loader draws from
    std::vector<std::int64_t> order_;   // this epoch's order
    int epoch_ = 0;

    std::mutex mutex_;
    std::condition_variable cv_;
    std::map<std::int64_t, Batch> ready_;
    std::int64_t nextToProduce_ = 0, consumed_ = 0;
    bool stop_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace hlcnn
