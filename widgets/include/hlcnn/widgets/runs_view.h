// The Runs area, the training dashboard: every run of the experiment database (read live on a
// worker, LiveRuns) merged with the runs this window queued (RunQueue), with state, progress, ETA
// and images/s; controls for this window's runs (pause, resume, stop, clone, resume an
// interrupted run, open its folder, delete, compare the selected ones); and below, the live curves of the selected runs and
// the detail of the current one.
#pragma once

#include <QSet>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <memory>
#include <vector>

class QLabel;
class QSortFilterProxyModel;
class QSpinBox;
class QSplitter;
class QStandardItemModel;
class QTableView;
class QTabWidget;
class QToolButton;

namespace hlcnn {

class BackgroundJob;

struct Graph;
struct LaunchRequest;
class LiveRuns;
class RunDetail;
class SweepGrid;
class RunQueue;
class TrainingCurves;
struct LaunchModel;

class RunsView : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);
    ~RunsView() override;

    // The database this area shows and the queue trains into (a new queue; only when idle).
    void setDatabase(const QString& path);
    const QString& database() const { return path_; }
    void refresh();

    // Opens the launcher for a model; queues what it returns. Returns the tickets queued.
    std::vector<int> launch(const LaunchModel& model, QWidget* dialogParent = nullptr);
    // Opens the launcher filled from a recorded run.
    std::vector<int> cloneRun(std::int64_t runId);
    // "Ablate this block's options": the block's values to try, then the launcher (data, recipe,
    // seeds); every variant x seed is queued as one sweep. Returns the tickets queued.
    std::vector<int> ablateBlock(const Graph& graph, const std::string& blockId, QWidget* dialogParent = nullptr);
    // The same without dialogs: the launcher's requests (one per seed) and the block's grid.
    std::vector<int> queueBlockAblation(std::vector<LaunchRequest> perSeed, const std::string& blockId,
                                        const std::vector<std::pair<std::string, std::vector<std::string>>>& grid);
    int resumeRun(std::int64_t runId);   // queues the resume of an interrupted/cancelled run

    RunQueue* queue() const { return queue_.get(); }
    LiveRuns* live() const { return live_; }
    QStandardItemModel* model() const { return model_; }
    QSortFilterProxyModel* sorted() const { return proxy_; }
    QTableView* table() const { return table_; }
    TrainingCurves* curves() const { return curves_; }
    RunDetail* detail() const { return detail_; }
    void selectRuns(const QList<qint64>& ids);
    QList<qint64> selectedRunIds() const;
    int rowOfRun(qint64 id) const;        // in the source model; -1 when absent
    // Sweeps: one row each ("S<id>"), their runs hidden until the row is opened (double-click or
    // toggleSweep); selecting the row shows its grid (mean +/- std per cell) in the Sweep tab.
    int rowOfSweep(qint64 sweepId) const;  // in the source model; -1 when absent
    void toggleSweep(qint64 sweepId);
    qint64 selectedSweep() const;          // 0 when no sweep row is selected
    SweepGrid* sweepGrid() const { return sweepGrid_; }

    enum Column { Id, Name, Model, State, Progress, Epoch, Eta, Speed, Best, Last, Params, Macs, Project, Tags, Created, ColumnCount };

Q_SIGNALS:
    void loaded();                          // the table shows the newest read
    void failed(const QString& message);    // e.g. not an experiment database
    void openGraphRequested(const QString& graphJson);
    void message(const QString& text);      // for the status bar and the message log
    void compareRequested(const QList<qint64>& runIds);

private:
    void rebuildRows(const QSet<qint64>& changed, bool listChanged);
    void updateSelection();
    void updateActions();
    void deleteSelected();
    bool trainingHere(qint64 runId) const;  // queued or training in this window now
    void fillSweepRows(const std::function<int(const QString&)>& rowFor);

    QString path_;
    LiveRuns* live_;
    std::unique_ptr<RunQueue> queue_;
    QLabel* status_;
    QStandardItemModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    TrainingCurves* curves_;
    RunDetail* detail_;
    SweepGrid* sweepGrid_;
    QTabWidget* lower_;
    QSpinBox* concurrent_;
    QSpinBox* budget_;
    QToolButton *pause_, *resume_, *stop_, *clone_, *resumeRun_, *openFolder_, *delete_, *compare_;
    // background reads and writes (one job each: a newer read wins; writes all report)
    BackgroundJob* deleteJob_;
};

}  // namespace hlcnn
