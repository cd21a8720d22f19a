// A thread that owns its own connection to the experiment database and performs writes handed to
// it in order, so that recording a run (SQLite transactions, checkpoint hashing) never stalls the
// training thread. One SQLite connection is used by one thread only: this one's by the writer.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hlcnn {

class ExperimentStore;

class StoreWriter {
public:
    // Opens the database at `path` on the writer thread; a failure to open becomes a problem and
    // every later write is skipped (training goes on).
    explicit StoreWriter(std::string path);
    ~StoreWriter();  // performs what is queued, then joins
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    // Queues a write; returns at once. A write that throws becomes a problem; the next ones go on.
    void post(std::function<void(ExperimentStore&)> write);
    // Blocks until every write queued so far is done.
    void drain();
    // What failed so far (at most 20 messages).
    std::vector<std::string> problems() const;

private:
    void loop();

    std::string path_;
    mutable std::mutex mutex_;
    std::condition_variable wake_, idle_;
    std::deque<std::function<void(ExperimentStore&)>> queue_;
    bool busy_ = false, closing_ = false;
    std::vector<std::string> problems_;
    std::thread thread_;
};

}  // namespace hlcnn
