#include "hlcnn/widgets/runs_view.h"
#include "engine_text.h"
#include "hlcnn/experiments/block_ablation.h"
#include "hlcnn/widgets/ablation_dialog.h"
#include "hlcnn/widgets/background_job.h"
#include "hlcnn/widgets/sweep_grid.h"

#include "hlcnn/core/graph_json.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_queue.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/widgets/launcher_dialog.h"
#include "hlcnn/widgets/live_runs.h"
#include "hlcnn/widgets/number_format.h"
#include "hlcnn/widgets/run_colors.h"
#include "hlcnn/widgets/run_detail.h"
#include "hlcnn/widgets/training_curves.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hlcnn {

namespace {

constexpr int kSortRole = Qt::UserRole;
constexpr int kKeyRole = Qt::UserRole + 1;      // "r<id>" or "q<ticket>"
constexpr int kRunIdRole = Qt::UserRole + 2;
constexpr int kTicketRole = Qt::UserRole + 3;
constexpr int kFractionRole = Qt::UserRole + 4;
constexpr int kSweepRole = Qt::UserRole + 5;       // on a run's row: its sweep; on a sweep's row: the sweep
constexpr int kSweepRowRole = Qt::UserRole + 6;    // true on the one row that stands for a sweep

// A progress bar in the Progress column: fraction in kFractionRole, text as display.
class ProgressDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        const QVariant f = index.data(kFractionRole);
        if (!f.isValid()) return QStyledItemDelegate::paint(painter, option, index);
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 2, -2, -2);
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = int(std::lround(std::clamp(f.toDouble(), 0.0, 1.0) * 1000));
        bar.text = index.data(Qt::DisplayRole).toString();
        bar.textVisible = true;
        bar.state = option.state | QStyle::State_Horizontal;
        QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
    }
};

struct Live {   // what the row shows about progress, from the queue or from the recorded steps
    QString state;
    double fraction = -1;
    QString epoch, eta, speed;
    double etaSeconds = -1, speedValue = -1;
};

Live fromRecord(const RunData& d) {
    Live l;
    l.state = runStateText(d.run.state);
    const int planned = std::max(1, d.run.epochsPlanned);
    const std::int64_t spe = d.steps.empty() ? 0 : d.steps.back().stepsPerEpoch;
    if (d.run.state == "completed") l.fraction = 1;
    else if (!d.steps.empty() && spe > 0) l.fraction = double(d.steps.back().step) / double(spe * planned);
    else l.fraction = double(d.epochs.size()) / planned;
    if (!d.steps.empty() && spe > 0) {
        const StepMetrics& s = d.steps.back();
        l.epoch = QString("%1/%2 · %3/%4").arg(s.epoch).arg(planned).arg((s.step - 1) % spe + 1).arg(spe);
    } else {
        l.epoch = QString("%1/%2").arg(d.epochs.size()).arg(planned);
    }
    if (d.run.state == "running" && d.steps.size() >= 2) {
        // Measured over the last recorded steps (up to 50): images/s from their own timings, ETA
        // from the steps per second between their recording times.
        const std::size_t n = std::min<std::size_t>(50, d.steps.size());
        double sum = 0;
        for (std::size_t i = d.steps.size() - n; i < d.steps.size(); ++i) sum += d.steps[i].imagesPerSecond;
        l.speedValue = sum / double(n);
        const StepMetrics& a = d.steps[d.steps.size() - n];
        const StepMetrics& b = d.steps.back();
        if (a.unixTime > 0 && b.unixTime > a.unixTime && spe > 0) {
            const double rate = double(b.step - a.step) / (b.unixTime - a.unixTime);
            l.etaSeconds = double(spe * planned - b.step) / rate;
        }
    }
    return l;
}

Live fromQueue(const QueuedRun& q) {
    Live l;
    l.state = runStateText(q.phase);
    if (q.pauseRequested && q.phase == "running") l.state = QObject::tr("pausing");
    const StepMetrics& s = q.lastStep;
    const int planned = std::max(1, q.epochsPlanned);
    if (s.stepsPerEpoch > 0) {
        l.fraction = double(s.step) / double(s.stepsPerEpoch * planned);
        l.epoch = QString("%1/%2 · %3/%4").arg(s.epoch).arg(planned).arg((s.step - 1) % s.stepsPerEpoch + 1).arg(s.stepsPerEpoch);
        if (q.phase == "running") {
            l.etaSeconds = s.etaSeconds;
            l.speedValue = s.imagesPerSecond;
        }
    } else {
        l.fraction = 0;
        l.epoch = QString("0/%1").arg(planned);
    }
    return l;
}

QStandardItem* cell(const QString& text, const QVariant& sortValue, bool right = false) {
    auto* item = new QStandardItem(text);
    item->setData(sortValue, kSortRole);
    if (right) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

void setCell(QStandardItemModel* m, int row, int column, const QString& text, const QVariant& sortValue, bool right = false) {
    QStandardItem* item = m->item(row, column);
    if (!item) {
        m->setItem(row, column, cell(text, sortValue, right));
        return;
    }
    if (item->text() != text) item->setText(text);
    if (item->data(kSortRole) != sortValue) item->setData(sortValue, kSortRole);
}

// A sweep is one row: its runs are hidden until the sweep's row is opened (double-click).
class SweepFoldingProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void toggle(qint64 sweep) {
        if (!open_.remove(sweep)) open_.insert(sweep);
        invalidateFilter();
    }
    bool isOpen(qint64 sweep) const { return open_.contains(sweep); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        const QModelIndex id = sourceModel()->index(row, 0, parent);
        const qint64 sweep = id.data(kSweepRole).toLongLong();
        return sweep == 0 || id.data(kSweepRowRole).toBool() || open_.contains(sweep);
    }

private:
    QSet<qint64> open_;
};

}  // namespace

RunsView::RunsView(QWidget* parent) : QWidget(parent), live_(new LiveRuns(this)) {
    deleteJob_ = new BackgroundJob(this, BackgroundJob::Mode::Every);
    status_ = new QLabel;
    status_->setObjectName("runsStatus");
    status_->setWordWrap(true);
    model_ = new QStandardItemModel(0, ColumnCount, this);
    model_->setHorizontalHeaderLabels({tr("Run"), tr("Name"), tr("Model"), tr("State"), tr("Progress"), tr("Epoch · step"),
                                       tr("ETA"), tr("Images/s"), tr("Best top-1 %"), tr("Last top-1 %"), tr("Params"),
                                       tr("MACs (M)"), tr("Project"), tr("Tags"), tr("Created")});
    proxy_ = new SweepFoldingProxy(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(kSortRole);   // numbers sort as numbers, dates as dates
    proxy_->setDynamicSortFilter(true);
    table_ = new QTableView;
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(Id, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setItemDelegateForColumn(Progress, new ProgressDelegate(table_));
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSectionsMovable(true);
    table_->verticalHeader()->hide();
    table_->setWordWrap(false);
    table_->setTextElideMode(Qt::ElideMiddle);

    auto button = [this](const QString& text, const QString& tip) {
        auto* b = new QToolButton;
        b->setText(text);
        b->setToolTip(tip);
        b->setEnabled(false);
        return b;
    };
    pause_ = button(tr("Pause"), tr("Pause at the next batch boundary"));
    resume_ = button(tr("Resume"), tr("Continue a paused run"));
    stop_ = button(tr("Stop"), tr("Stop at the next batch boundary: cancelled, checkpoint kept"));
    clone_ = button(tr("Clone..."), tr("Open the launcher with this run's model, data and recipe"));
    resumeRun_ = button(tr("Resume from checkpoint"), tr("Continue an interrupted, cancelled or failed run from its last checkpoint"));
    openFolder_ = button(tr("Open folder"), tr("Open the run's checkpoint folder"));
    delete_ = button(tr("Delete..."), tr("Delete the record, then its files"));
    compare_ = button(tr("Compare"), tr("Compare the selected runs side by side: curves, table, Pareto plot, architecture diff"));
    stop_->setObjectName("stopRuns");
    resumeRun_->setObjectName("resumeFromCheckpoint");
    concurrent_ = new QSpinBox;
    budget_ = new QSpinBox;
    const int cores = std::max(1, QThread::idealThreadCount());
    concurrent_->setRange(1, 64);
    budget_->setRange(1, std::max(1, cores * 4));
    QSettings settings;
    concurrent_->setValue(settings.value("runs/concurrent", 1).toInt());
    budget_->setValue(settings.value("runs/coreBudget", cores).toInt());
    concurrent_->setToolTip(tr("How many runs of this window train at once; the others wait in the queue"));
    budget_->setToolTip(tr("Threads all runs of this window may use together (this machine has %1)").arg(cores));
    auto* bar = new QHBoxLayout;
    for (QToolButton* b : {pause_, resume_, stop_, clone_, resumeRun_, openFolder_, delete_, compare_}) bar->addWidget(b);
    bar->addStretch(1);
    bar->addWidget(new QLabel(tr("Runs at once:")));
    bar->addWidget(concurrent_);
    bar->addWidget(new QLabel(tr("Core budget:")));
    bar->addWidget(budget_);

    curves_ = new TrainingCurves;
    detail_ = new RunDetail;
    lower_ = new QTabWidget;
    lower_->addTab(curves_, tr("Curves"));
    lower_->addTab(detail_, tr("Detail"));
    sweepGrid_ = new SweepGrid;
    lower_->addTab(sweepGrid_, tr("Sweep"));
    connect(sweepGrid_, &SweepGrid::compareRequested, this, &RunsView::compareRequested);
    auto* upper = new QWidget;
    auto* upperBox = new QVBoxLayout(upper);
    upperBox->setContentsMargins(0, 0, 0, 0);
    upperBox->addWidget(status_);
    upperBox->addLayout(bar);
    upperBox->addWidget(table_, 1);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(upper);
    split->addWidget(lower_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto* box = new QVBoxLayout(this);
    box->addWidget(split);

    connect(live_, &LiveRuns::updated, this, &RunsView::rebuildRows);
    connect(live_, &LiveRuns::failed, this, [this](const QString& m) {
        status_->setText(m);
        rebuildRows({}, true);
        Q_EMIT failed(m);
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsView::updateSelection);
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (!index.data(kSweepRowRole).toBool()) return;
        const qint64 sweep = index.data(kSweepRole).toLongLong();
        static_cast<SweepFoldingProxy*>(proxy_)->toggle(sweep);
        rebuildRows({}, true);
    });
    connect(detail_, &RunDetail::openGraphRequested, this, &RunsView::openGraphRequested);
    // An export's outcome stays in the Messages dock (the run page's Exports tab keeps the report).
    connect(detail_, &RunDetail::exportFinished, this, [this] { Q_EMIT message(detail_->exportStatus()); });
    auto forSelectedTickets = [this](auto act) {
        for (const QModelIndex& i : table_->selectionModel()->selectedRows()) {
            const int ticket = i.data(kTicketRole).toInt();
            if (ticket > 0) act(ticket);
        }
        updateActions();
    };
    connect(pause_, &QToolButton::clicked, this, [this, forSelectedTickets] { forSelectedTickets([this](int t) { queue_->pause(t); }); });
    connect(resume_, &QToolButton::clicked, this, [this, forSelectedTickets] { forSelectedTickets([this](int t) { queue_->resume(t); }); });
    connect(stop_, &QToolButton::clicked, this, [this, forSelectedTickets] {
        const int n = table_->selectionModel()->selectedRows().size();
        if (isVisible() &&
            QMessageBox::question(this, tr("Stop runs?"),
                                  tr("Stop %n run(s) at the next batch boundary? Each keeps a checkpoint of the step it stopped at; "
                                     "Resume from checkpoint continues it from there.", "", n)) != QMessageBox::Yes)
            return;
        forSelectedTickets([this](int t) { queue_->stop(t); });
    });
    connect(clone_, &QToolButton::clicked, this, [this] {
        const QList<qint64> ids = selectedRunIds();
        if (ids.size() == 1) cloneRun(ids.first());
    });
    connect(resumeRun_, &QToolButton::clicked, this, [this] {
        for (qint64 id : selectedRunIds()) resumeRun(id);
    });
    connect(openFolder_, &QToolButton::clicked, this, [this] {
        const QList<qint64> ids = selectedRunIds();
        if (ids.size() != 1) return;
        if (const RunData* d = live_->find(ids.first()))
            QDesktopServices::openUrl(QUrl::fromLocalFile(QString::fromStdString(d->run.checkpointDir)));
    });
    connect(delete_, &QToolButton::clicked, this, &RunsView::deleteSelected);
    connect(compare_, &QToolButton::clicked, this, [this] {
        const QList<qint64> ids = selectedRunIds();
        if (!ids.isEmpty()) Q_EMIT compareRequested(ids);
    });
    auto applyLimits = [this] {
        if (queue_) queue_->setLimits(concurrent_->value(), budget_->value());
        QSettings s;
        s.setValue("runs/concurrent", concurrent_->value());
        s.setValue("runs/coreBudget", budget_->value());
    };
    connect(concurrent_, &QSpinBox::valueChanged, this, applyLimits);
    connect(budget_, &QSpinBox::valueChanged, this, applyLimits);
    setDatabase(QString::fromStdString(ExperimentStore::defaultPath()));
}

RunsView::~RunsView() {
    // The queue stops and joins its runs as it goes; what it says meanwhile is for nobody here.
    if (queue_) queue_->disconnect(this);
}

void RunsView::setDatabase(const QString& path) {
    if (queue_ && queue_->activeCount() > 0) {
        Q_EMIT message(tr("Runs are still training into %1; stop them before switching databases.").arg(path_));
        return;
    }
    path_ = path;
    queue_ = std::make_unique<RunQueue>(path.toStdString());
    queue_->setLimits(concurrent_->value(), budget_->value());
    connect(queue_.get(), &RunQueue::changed, this, [this] { rebuildRows({}, false); });
    connect(queue_.get(), &RunQueue::runFinished, this, [this](int ticket) {
        for (const QueuedRun& q : queue_->runs())
            if (q.ticket == ticket)
                Q_EMIT message(tr("%1: %2%3").arg(QString::fromStdString(q.name), runStateText(q.phase),
                                                   q.message.empty() ? QString() : " (" + engineMessage(q.message) + ")"));
        live_->refresh();
    });
    model_->removeRows(0, model_->rowCount());
    live_->setDatabase(path);
    detail_->setDatabase(path);
}

void RunsView::refresh() { live_->refresh(); }

bool RunsView::trainingHere(qint64 runId) const {
    for (const QueuedRun& q : queue_->runs())
        if (q.runId == runId && !q.finished) return true;
    return false;
}

int RunsView::rowOfRun(qint64 id) const {
    const QString key = QString("r%1").arg(id);
    for (int r = 0; r < model_->rowCount(); ++r)
        if (model_->item(r, Id)->data(kKeyRole).toString() == key) return r;
    return -1;
}

void RunsView::rebuildRows(const QSet<qint64>& changed, bool listChanged) {
    const std::vector<QueuedRun> queued = queue_->runs();
    // Rows wanted: every recorded run, plus queued runs not recorded yet.
    QHash<QString, int> existing;
    for (int r = 0; r < model_->rowCount(); ++r) existing.insert(model_->item(r, Id)->data(kKeyRole).toString(), r);
    QSet<QString> wanted;
    for (const auto& [id, d] : live_->runs()) {
        wanted.insert(QString("r%1").arg(id));
        if (d.run.sweepId) wanted.insert(QString("s%1").arg(d.run.sweepId));
    }
    // Queue rows only for what the database does not show: runs not recorded yet (queued, loading,
    // or failed before their record) and recorded ones the next read has not brought yet. A
    // finished, recorded run is the database's (deleted there, it is gone here too).
    for (const QueuedRun& q : queued)
        if (q.runId == 0 || (!q.finished && !live_->find(q.runId))) {
            if (q.runId == 0 && q.finished && q.phase == "cancelled") continue;   // dropped before it started
            wanted.insert(q.runId ? QString("r%1").arg(q.runId) : QString("q%1").arg(q.ticket));
        }
    for (int r = model_->rowCount() - 1; r >= 0; --r)
        if (!wanted.contains(model_->item(r, Id)->data(kKeyRole).toString())) model_->removeRow(r);
    existing.clear();
    for (int r = 0; r < model_->rowCount(); ++r) existing.insert(model_->item(r, Id)->data(kKeyRole).toString(), r);
    auto rowFor = [&](const QString& key) {
        auto it = existing.find(key);
        if (it != existing.end()) return *it;
        QList<QStandardItem*> items;
        for (int c = 0; c < ColumnCount; ++c) items << new QStandardItem;
        items[Id]->setData(key, kKeyRole);
        model_->appendRow(items);
        existing.insert(key, model_->rowCount() - 1);
        return model_->rowCount() - 1;
    };
    auto fill = [&](int row, const Live& l) {
        setCell(model_, row, State, l.state, l.state);
        setCell(model_, row, Progress, l.fraction >= 0 ? QString("%1 %").arg(display::decimal(100 * l.fraction, 1)) : QString(),
                l.fraction);
        model_->item(row, Progress)->setData(l.fraction >= 0 ? QVariant(l.fraction) : QVariant(), kFractionRole);
        setCell(model_, row, Epoch, l.epoch, l.fraction);
        setCell(model_, row, Eta, l.etaSeconds >= 0 ? display::duration(l.etaSeconds) : QString("-"), l.etaSeconds);
        setCell(model_, row, Speed, l.speedValue >= 0 ? display::decimal(l.speedValue, 0) : QString("-"), l.speedValue, true);
    };
    std::size_t runsShown = 0;
    for (const auto& [id, d] : live_->runs()) {
        ++runsShown;
        const int row = rowFor(QString("r%1").arg(id));
        const QueuedRun* q = nullptr;   // the newest queue entry of the run (a resume queues it again)
        for (const QueuedRun& x : queued)
            if (x.runId == id) q = &x;
        const int ticket = q ? q->ticket : 0;
        if (!(listChanged || changed.contains(id) || q) && model_->item(row, Name)->text() == QString::fromStdString(d.run.name)) continue;
        const RunRecord& r = d.run;
        QStandardItem* idItem = model_->item(row, Id);
        idItem->setData(qlonglong(r.sweepId), kSweepRole);
        setCell(model_, row, Id, QString::number(id), qlonglong(id), true);
        idItem->setData(qlonglong(id), kRunIdRole);
        idItem->setData(q && !q->finished ? ticket : 0, kTicketRole);
        idItem->setData(runColor(id), Qt::DecorationRole);
        setCell(model_, row, Name, QString::fromStdString(r.name), QString::fromStdString(r.name));
        model_->item(row, Name)->setToolTip(QString::fromStdString(r.name + "\n" + r.datasetSpec));
        setCell(model_, row, Model, QString::fromStdString(r.model), QString::fromStdString(r.model));
        fill(row, q && !q->finished ? fromQueue(*q) : fromRecord(d));
        double best = -1, last = -1;
        for (const EpochMetrics& e : d.epochs) best = std::max(best, e.val.top1);
        if (!d.epochs.empty()) last = d.epochs.back().val.top1;
        setCell(model_, row, Best, best < 0 ? QString("-") : display::decimal(best, 2), best, true);
        setCell(model_, row, Last, last < 0 ? QString("-") : display::decimal(last, 2), last, true);
        setCell(model_, row, Params, display::count(r.params), qlonglong(r.params), true);
        setCell(model_, row, Macs, display::millions(double(r.macs)), qlonglong(r.macs), true);
        setCell(model_, row, Project, QString::fromStdString(r.project), QString::fromStdString(r.project));
        QStringList tags;
        for (const auto& t : r.tags) tags << QString::fromStdString(t);
        setCell(model_, row, Tags, tags.join(", "), tags.join(","));
        setCell(model_, row, Created, display::localTime(r.createdAt), QString::fromStdString(r.createdAt));
        model_->item(row, Created)->setToolTip(QString::fromStdString(r.createdAt) + " UTC");
    }
    fillSweepRows(rowFor);
    for (const QueuedRun& q : queued) {
        if (q.runId != 0 && live_->find(q.runId)) continue;
        const QString key = q.runId ? QString("r%1").arg(q.runId) : QString("q%1").arg(q.ticket);
        if (!wanted.contains(key)) continue;
        ++runsShown;   // queued here, not on record yet: it is shown, so it is counted
        const int row = rowFor(key);
        model_->item(row, Id)->setData(q.finished ? 0 : q.ticket, kTicketRole);
        model_->item(row, Id)->setData(qlonglong(q.runId), kRunIdRole);
        setCell(model_, row, Id, q.runId ? QString::number(q.runId) : QString("-"), qlonglong(q.runId ? q.runId : 1LL << 60), true);
        setCell(model_, row, Name, QString::fromStdString(q.name), QString::fromStdString(q.name));
        if (!q.message.empty()) model_->item(row, Name)->setToolTip(engineMessage(q.message));
        fill(row, fromQueue(q));
    }
    if (live_->error().isEmpty()) {
        const int active = queue_->activeCount();
        status_->setText(tr("%n run(s) in %1", "", int(runsShown)).arg(path_) +
                         (active ? tr(" · this window: %1 queued or training, %2 of %3 threads in use")
                                       .arg(active)
                                       .arg(queue_->threadsInUse())
                                       .arg(queue_->coreBudget())
                                 : QString()));
    }
    if (listChanged) {
        table_->resizeColumnsToContents();
        table_->setColumnWidth(Name, std::min(table_->columnWidth(Name), 280));   // long names elide, the other columns stay visible
        // Columns whose text grows while a run trains (a later state, a longer ETA) are wide enough
        // for their longest text from the start: they were cut to "can...led" and "1:...29".
        const QFontMetrics fm(table_->font());
        const int pad = 3 * fm.horizontalAdvance('M');
        int state = 0;
        const QStringList states = allRunStateTexts() << QObject::tr("pausing");
        for (const QString& s : states) state = std::max(state, fm.horizontalAdvance(s));
        const std::pair<int, int> atLeast[] = {{State, state + pad},
                                               {Eta, fm.horizontalAdvance("888:88:88") + pad},
                                               {Epoch, fm.horizontalAdvance("8888/8888 · 88888/88888") + pad}};
        for (const auto& [column, width] : atLeast) table_->setColumnWidth(column, std::max(table_->columnWidth(column), width));
    }
    // The curves and the detail follow the store: redrawn only when a selected run has new data.
    bool selectedChanged = listChanged;
    for (qint64 id : selectedRunIds()) selectedChanged |= changed.contains(id);
    if (selectedChanged) updateSelection();
    else updateActions();
    Q_EMIT loaded();
}

void RunsView::fillSweepRows(const std::function<int(const QString&)>& rowFor) {
    struct Tally {
        int runs = 0, completed = 0, active = 0;
        qint64 newest = 0;
        double best = -1;
        QSet<QString> models;
        std::int64_t params = 0, macs = 0;
    };
    std::map<std::int64_t, Tally> tallies;
    for (const auto& [id, d] : live_->runs()) {
        if (!d.run.sweepId) continue;
        Tally& t = tallies[d.run.sweepId];
        ++t.runs;
        t.completed += d.run.state == "completed";
        t.active += d.run.state == "running" || d.run.state == "paused";
        t.newest = std::max<qint64>(t.newest, id);
        t.models.insert(QString::fromStdString(d.run.model));
        for (const EpochMetrics& e : d.epochs) t.best = std::max(t.best, e.val.top1);
    }
    const auto* folding = static_cast<const SweepFoldingProxy*>(proxy_);
    for (const auto& [sweep, t] : tallies) {
        const int row = rowFor(QString("s%1").arg(sweep));
        const auto found = live_->sweeps().find(sweep);
        const QString name = found == live_->sweeps().end() ? tr("sweep %1").arg(sweep) : QString::fromStdString(found->second.name);
        QStandardItem* idItem = model_->item(row, Id);
        idItem->setData(qlonglong(sweep), kSweepRole);
        idItem->setData(true, kSweepRowRole);
        idItem->setData(qlonglong(0), kRunIdRole);
        idItem->setData(0, kTicketRole);
        // Above its runs when sorted by id (newest first), whatever their ids.
        setCell(model_, row, Id, tr("S%1").arg(sweep), double(t.newest) + 0.5, true);
        setCell(model_, row, Name,
                QString("%1 %2").arg(folding->isOpen(sweep) ? QStringLiteral("▾") : QStringLiteral("▸"),
                                     tr("%1 (sweep, %2 runs)").arg(name).arg(t.runs)),
                name);
        model_->item(row, Name)->setToolTip(tr("Double-click to show or hide the sweep's runs; select it for its grid"));
        QStringList models = t.models.values();
        models.sort();
        setCell(model_, row, Model, models.join(", "), models.join(","));
        const QString state = t.active ? tr("running") : tr("%1/%2 completed").arg(t.completed).arg(t.runs);
        setCell(model_, row, State, state, state);
        setCell(model_, row, Best, t.best < 0 ? QString("-") : display::decimal(t.best, 2), t.best, true);
        for (int c : {int(Progress), int(Epoch), int(Eta), int(Speed), int(Last), int(Params), int(Macs), int(Tags)})
            setCell(model_, row, c, QString(), QVariant());
        if (found != live_->sweeps().end()) {
            setCell(model_, row, Project, found->second.scheduler == "slurm" ? tr("Slurm job %1").arg(QString::fromStdString(found->second.slurmJob)) : tr("local"),
                    QString::fromStdString(found->second.scheduler));
            setCell(model_, row, Created, display::localTime(found->second.createdAt), QString::fromStdString(found->second.createdAt));
        }
    }
}

qint64 RunsView::selectedSweep() const {
    for (const QModelIndex& i : table_->selectionModel()->selectedRows())
        if (i.data(kSweepRowRole).toBool()) return i.data(kSweepRole).toLongLong();
    return 0;
}

void RunsView::toggleSweep(qint64 sweepId) {
    static_cast<SweepFoldingProxy*>(proxy_)->toggle(sweepId);
    rebuildRows({}, true);
}

int RunsView::rowOfSweep(qint64 sweepId) const {
    for (int r = 0; r < model_->rowCount(); ++r)
        if (model_->item(r, Id)->data(kSweepRowRole).toBool() && model_->item(r, Id)->data(kSweepRole).toLongLong() == sweepId) return r;
    return -1;
}

QList<qint64> RunsView::selectedRunIds() const {
    QList<qint64> ids;
    for (const QModelIndex& i : table_->selectionModel()->selectedRows()) {
        const qint64 id = i.data(kRunIdRole).toLongLong();
        if (id > 0) ids << id;
    }
    return ids;
}

void RunsView::selectRuns(const QList<qint64>& ids) {
    QItemSelection selection;
    for (qint64 id : ids) {
        const int row = rowOfRun(id);
        if (row < 0) continue;
        const QModelIndex left = proxy_->mapFromSource(model_->index(row, 0));
        const QModelIndex right = proxy_->mapFromSource(model_->index(row, ColumnCount - 1));
        selection.select(left, right);
    }
    table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void RunsView::updateSelection() {
    std::vector<const RunData*> shown;
    for (qint64 id : selectedRunIds())
        if (const RunData* d = live_->find(id)) shown.push_back(d);
    curves_->showRuns(shown);
    detail_->showRun(shown.empty() ? nullptr : shown.front());
    if (const qint64 sweep = selectedSweep(); sweep && sweep != sweepGrid_->sweepId()) {
        sweepGrid_->showSweep(path_, sweep);
        lower_->setCurrentWidget(sweepGrid_);
    }
    updateActions();
}

void RunsView::updateActions() {
    bool canPause = false, canResume = false, canStop = false, canResumeRun = false, canDelete = false;
    const std::vector<QueuedRun> queued = queue_->runs();
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    for (const QModelIndex& i : rows) {
        const int ticket = i.data(kTicketRole).toInt();
        for (const QueuedRun& q : queued) {
            if (q.ticket != ticket || q.finished) continue;
            canStop = true;
            canPause |= (q.phase == "running" && !q.pauseRequested);
            canResume |= (q.phase == "paused" || q.pauseRequested);
        }
        const qint64 id = i.data(kRunIdRole).toLongLong();
        if (const RunData* d = live_->find(id)) {
            const std::string& s = d->run.state;
            const bool mine = ticket > 0;
            canResumeRun |= !mine && (s == "interrupted" || s == "cancelled" || s == "failed") && !d->artifacts.empty();
            canDelete |= !mine && s != "running" && s != "paused";
        }
    }
    const QList<qint64> ids = selectedRunIds();
    pause_->setEnabled(canPause);
    resume_->setEnabled(canResume);
    stop_->setEnabled(canStop);
    resumeRun_->setEnabled(canResumeRun);
    delete_->setEnabled(canDelete);
    clone_->setEnabled(ids.size() == 1 && live_->find(ids.first()));
    compare_->setEnabled(!ids.isEmpty());
    openFolder_->setEnabled(ids.size() == 1 && live_->find(ids.first()) && !live_->find(ids.first())->run.checkpointDir.empty());
}

std::vector<int> RunsView::launch(const LaunchModel& model, QWidget* dialogParent) {
    LauncherDialog dialog(model, dialogParent ? dialogParent : this);
    if (dialog.exec() != QDialog::Accepted) return {};
    QString error;
    std::vector<LaunchRequest> requests = dialog.requests(&error);
    if (requests.empty()) {
        Q_EMIT message(tr("Nothing queued: %1").arg(error));
        return {};
    }
    std::vector<int> tickets;
    for (LaunchRequest& r : requests) tickets.push_back(queue_->submit(std::move(r)));
    Q_EMIT message(tr("Queued %n run(s)", "", int(tickets.size())));
    rebuildRows({}, true);
    return tickets;
}

std::vector<int> RunsView::ablateBlock(const Graph& graph, const std::string& blockId, QWidget* dialogParent) {
    const Node* block = graph.findNode(blockId);
    if (!block || block->op != "hlcnn_block") {
        Q_EMIT message(tr("Select one HL-CNN block in the designer to ablate its options."));
        return {};
    }
    AblationDialog choose(*block, dialogParent ? dialogParent : this);
    if (choose.exec() != QDialog::Accepted) return {};
    const auto grid = choose.grid();
    LaunchModel model;
    model.graph = graph;
    LauncherDialog dialog(model, dialogParent ? dialogParent : this);
    if (dialog.exec() != QDialog::Accepted) return {};
    QString error;
    std::vector<LaunchRequest> perSeed = dialog.requests(&error);
    if (perSeed.empty()) {
        Q_EMIT message(tr("Nothing queued: %1").arg(error));
        return {};
    }
    return queueBlockAblation(std::move(perSeed), blockId, grid);
}

std::vector<int> RunsView::queueBlockAblation(std::vector<LaunchRequest> perSeed, const std::string& blockId,
                                              const std::vector<std::pair<std::string, std::vector<std::string>>>& grid) {
    std::vector<LaunchRequest> requests;
    try {
        // One small insert: the sweep's record, so that its runs can point at it as they are recorded.
        ExperimentStore store(path_.toStdString());
        const std::string name = (perSeed.front().name.empty() ? perSeed.front().graph.name : perSeed.front().name) + " ablation of " + blockId;
        const std::int64_t sweep = store.createSweep(blockAblationSweep(name, blockId, grid, int(perSeed.size())));
        requests = blockAblationRequests(perSeed, blockId, grid, sweep);
    } catch (const std::exception& e) {
        Q_EMIT message(tr("Nothing queued: %1").arg(QString::fromStdString(e.what())));
        return {};
    }
    std::vector<int> tickets;
    for (LaunchRequest& r : requests) tickets.push_back(queue_->submit(std::move(r)));
    Q_EMIT message(tr("Queued a sweep of %1 runs: %2 variants of block %3 x %4 seed(s)")
                       .arg(tickets.size())
                       .arg(tickets.size() / std::max<std::size_t>(1, perSeed.size()))
                       .arg(QString::fromStdString(blockId))
                       .arg(perSeed.size()));
    rebuildRows({}, true);
    return tickets;
}

std::vector<int> RunsView::cloneRun(std::int64_t runId) {
    const RunData* d = live_->find(runId);
    if (!d || d->run.graphJson.empty()) return {};
    LaunchModel model;
    try {
        model.graph = graphFromJson(d->run.graphJson);
    } catch (const std::exception& e) {
        Q_EMIT message(tr("Cannot clone run %1: %2").arg(runId).arg(QString::fromStdString(e.what())));
        return {};
    }
    LauncherDialog dialog(model, this);
    TrainConfig config;
    try {
        config = trainConfigFromJson(d->run.configJson);
    } catch (const std::exception&) {
    }
    dialog.setFromRun(d->run.datasetSpec, recordedImageSize(d->run), config, d->run.name + " (clone)", d->run.project, d->run.tags);
    if (dialog.exec() != QDialog::Accepted) return {};
    QString error;
    std::vector<int> tickets;
    for (LaunchRequest& r : dialog.requests(&error)) tickets.push_back(queue_->submit(std::move(r)));
    if (tickets.empty()) Q_EMIT message(tr("Nothing queued: %1").arg(error));
    rebuildRows({}, true);
    return tickets;
}

int RunsView::resumeRun(std::int64_t runId) {
    LaunchRequest r;
    r.resumeRunId = runId;
    const RunData* d = live_->find(runId);
    if (d) {
        r.name = d->run.name, r.config.epochs = d->run.epochsPlanned;
        // The threads it trained with, at most: another count rounds differently, and the resumed
        // run would no longer match the run never stopped (hlcnn runs resume does the same).
        const QJsonObject recorded = QJsonDocument::fromJson(QByteArray::fromStdString(d->run.configJson)).object();
        r.config.threads = std::max(0, recorded.value("threads").toInt(0));
    }
    const int ticket = queue_->submit(std::move(r));
    Q_EMIT message(tr("Resuming run %1 from its last checkpoint").arg(runId));
    rebuildRows({}, true);
    return ticket;
}

void RunsView::deleteSelected() {
    QList<qint64> ids;
    QStringList names;
    for (qint64 id : selectedRunIds())
        if (const RunData* d = live_->find(id); d && d->run.state != "running" && d->run.state != "paused" && !trainingHere(id)) {
            ids << id;
            names << QString("%1 (%2)").arg(QString::fromStdString(d->run.name)).arg(id);
        }
    if (ids.isEmpty()) return;
    if (QMessageBox::question(this, tr("Delete runs"),
                              tr("Delete %n run(s) and their checkpoint files?\n\n%1", "", int(ids.size())).arg(names.join('\n'))) !=
        QMessageBox::Yes)
        return;
    const std::string path = path_.toStdString();
    deleteJob_->start(
        [path, ids] {
            int files = 0;
            try {
                ExperimentStore store(path, false);
                for (qint64 id : ids) {
                    const std::string dir = store.run(id).checkpointDir;
                    // The record goes first: files are removed only once nothing refers to them.
                    for (const Artifact& a : store.deleteRun(id))
                        files += QFile::remove(QString::fromStdString(a.path)) ? 1 : 0;
                    if (!dir.empty()) QDir().rmdir(QString::fromStdString(dir));  // only when empty
                }
            } catch (const std::exception& e) {
                return QObject::tr("Delete failed: %1").arg(QString::fromStdString(e.what()));
            }
            return QObject::tr("Deleted %n run(s) and %1 file(s)", "", int(ids.size())).arg(files);
        },
        [this](QString result) {
            Q_EMIT message(result);
            live_->refresh();
        });
}

}  // namespace hlcnn
