#include "hlcnn/experiments/run_feed.h"

#include <filesystem>

namespace hlcnn {

FeedRead RunFeed::read(const std::string& databasePath) {
    FeedRead out;
    std::error_code ec;
    if (!std::filesystem::exists(databasePath, ec)) {
        out.error = "No experiment database yet at " + databasePath + ": launch a run to create it.";
        return out;
    }
    try {
        const ExperimentStore store(databasePath, false);
        std::map<std::int64_t, Cursor> next;
        for (RunRecord& r : store.runs()) {
            RunUpdate u;
            auto known = cursors_.find(r.id);
            Cursor c = known == cursors_.end() ? Cursor{} : known->second;
            // Claimed again since the last read: a resume dropped what followed its checkpoint.
            // (A deleted run's id can be reused by the next run: the creation time tells them apart.)
            u.full = known == cursors_.end() || c.claims != r.claims || c.createdAt != r.createdAt;
            if (u.full) c = Cursor{};
            u.steps = store.steps(r.id, c.lastStep);
            u.epochs = store.epochs(r.id, c.lastEpoch);
            if (!u.steps.empty()) c.lastStep = u.steps.back().step;
            if (!u.epochs.empty()) c.lastEpoch = u.epochs.back().epoch;
            const bool changed = u.full || !u.steps.empty() || !u.epochs.empty() || c.state != r.state;
            if (changed) u.artifacts = store.artifacts(r.id);
            c.claims = r.claims;
            c.createdAt = r.createdAt;
            c.state = r.state;
            if (!u.full) r.graphJson.clear();
            u.run = std::move(r);
            next[u.run.id] = c;
            out.runs.push_back(std::move(u));
        }
        cursors_ = std::move(next);
        out.sweeps = store.sweeps();
    } catch (const std::exception& e) {
        out.error = e.what();
        out.runs.clear();
    }
    return out;
}

}  // namespace hlcnn
