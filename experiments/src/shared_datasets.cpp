#include "hlcnn/experiments/shared_datasets.h"

#include <future>
#include <map>
#include <mutex>
#include <utility>

namespace hlcnn {

namespace {

using Key = std::pair<std::string, std::int64_t>;

struct Cache {
    std::mutex mutex;
    std::map<Key, std::weak_ptr<const Dataset>> loaded;
    std::map<Key, std::shared_future<std::shared_ptr<const Dataset>>> loading;
};

Cache& cache() {
    static Cache c;
    return c;
}

}  // namespace

std::shared_ptr<const Dataset> sharedDataset(const std::string& spec, std::int64_t imageSize, int decodeThreads) {
    const DataSpec parsed = parseDataSpec(spec);   // throws before anything is cached
    const Key key{parsed.toString(), imageSize};
    Cache& c = cache();
    std::promise<std::shared_ptr<const Dataset>> promise;
    {
        std::unique_lock<std::mutex> lock(c.mutex);
        if (auto held = c.loaded[key].lock()) return held;
        auto pending = c.loading.find(key);
        if (pending != c.loading.end()) {
            auto future = pending->second;
            lock.unlock();
            return future.get();   // rethrows the loader's error
        }
        c.loading.emplace(key, promise.get_future().share());
    }
    try {
        DatasetOptions options;
        options.imageSize = imageSize;
        options.decodeThreads = decodeThreads;
        auto data = std::make_shared<const Dataset>(loadDataset(parsed, options));
        std::lock_guard<std::mutex> lock(c.mutex);
        c.loaded[key] = data;
        c.loading.erase(key);
        promise.set_value(data);
        return data;
    } catch (...) {
        std::lock_guard<std::mutex> lock(c.mutex);
        c.loading.erase(key);
        promise.set_exception(std::current_exception());
        throw;
    }
}

}  // namespace hlcnn
