#include "hlcnn/experiments/store_writer.h"

#include "hlcnn/experiments/experiment_store.h"

#include <memory>

namespace hlcnn {

StoreWriter::StoreWriter(std::string path) : path_(std::move(path)), thread_([this] { loop(); }) {}

StoreWriter::~StoreWriter() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closing_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void StoreWriter::post(std::function<void(ExperimentStore&)> write) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.push_back(std::move(write));
    }
    wake_.notify_one();
}

void StoreWriter::drain() {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

std::vector<std::string> StoreWriter::problems() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return problems_;
}

void StoreWriter::loop() {
    std::unique_ptr<ExperimentStore> store;
    std::string openError;
    try {
        store = std::make_unique<ExperimentStore>(path_, false);
    } catch (const std::exception& e) {
        openError = e.what();
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (!openError.empty()) problems_.push_back(openError);
    for (;;) {
        wake_.wait(lock, [&] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) break;  // closing, nothing left
        auto write = std::move(queue_.front());
        queue_.pop_front();
        busy_ = true;
        lock.unlock();
        std::string problem;
        if (store) {
            try {
                write(*store);
            } catch (const std::exception& e) {
                problem = e.what();
            }
        }
        lock.lock();
        busy_ = false;
        if (!problem.empty() && problems_.size() < 20) problems_.push_back(problem);
        if (queue_.empty()) idle_.notify_all();
    }
    idle_.notify_all();
}

}  // namespace hlcnn
