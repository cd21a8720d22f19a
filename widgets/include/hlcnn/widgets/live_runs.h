// The runs of one experiment database as the GUI holds them, kept current by incremental reads on
// a worker thread (RunFeed: only what is new since the last read), one read at a time, about once
// a second. Runs trained by this process, by `hlcnn train` in a terminal or by any other process
// writing the same file arrive the same way. The GUI thread never touches the database.
#pragma once

#include "hlcnn/experiments/experiment_store.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <vector>

class QTimer;

namespace hlcnn {

class BackgroundJob;
class RunFeed;

struct RunData {
    RunRecord run;
    std::deque<StepMetrics> steps;     // a deque: appending 100,000s never copies or re-faults the whole history
    std::vector<EpochMetrics> epochs;
    std::vector<Artifact> artifacts;
    int generation = 0;            // bumped when the run was read again in full (a resume)
};

class LiveRuns : public QObject {
    Q_OBJECT
public:
    explicit LiveRuns(QObject* parent = nullptr);
    ~LiveRuns() override;

    void setDatabase(const QString& path);   // forgets what was held and reads the new file
    const QString& database() const { return path_; }
    void refresh();                           // read now (after the one in flight, if any)
    void setInterval(int ms);

    const std::map<std::int64_t, RunData>& runs() const { return runs_; }
    const RunData* find(std::int64_t id) const;
    const std::map<std::int64_t, SweepRecord>& sweeps() const { return sweeps_; }
    const QString& error() const { return error_; }
    int reads() const { return reads_; }

Q_SIGNALS:
    // After each read: `changed` holds the runs with anything new, `listChanged` says runs came or went.
    void updated(const QSet<qint64>& changed, bool listChanged);
    void failed(const QString& message);

private:
    QString path_;
    std::shared_ptr<RunFeed> feed_;
    std::map<std::int64_t, RunData> runs_;
    std::map<std::int64_t, SweepRecord> sweeps_;
    QString error_;
    QTimer* timer_;
    BackgroundJob* job_;  // the reads, one at a time
    int reads_ = 0;
};

}  // namespace hlcnn
