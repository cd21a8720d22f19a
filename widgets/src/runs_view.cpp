#include "hlcnn/widgets/runs_view.h"
#include "hlcnn/widgets/number_format.h"

#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/report_table.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace hlcnn {

namespace {

struct RunRow {
    RunRecord run;
    int epochs = 0;
    double best = -1, last = -1;
};

struct RunsSnapshot {
    std::vector<RunRow> rows;
    QString error;
};

// Runs on a worker thread with its own connection (an SQLite connection belongs to one thread).
RunsSnapshot readRuns(const QString& path) {
    RunsSnapshot s;
    if (!QFileInfo::exists(path)) {
        s.error = QObject::tr("No experiment database yet at %1: train a model to create it.").arg(path);
        return s;
    }
    try {
        const ExperimentStore store(path.toStdString(), false);
        for (RunRecord& r : store.runs()) {
            RunRow row;
            const auto epochs = store.epochs(r.id);
            row.epochs = int(epochs.size());
            for (const auto& e : epochs) row.best = std::max(row.best, e.val.top1);
            if (!epochs.empty()) row.last = epochs.back().val.top1;
            r.graphJson.clear();   // not shown; keeps the copy small
            row.run = std::move(r);
            s.rows.push_back(std::move(row));
        }
    } catch (const std::exception& e) {
        s.error = QString::fromStdString(e.what());
    }
    return s;
}

}  // namespace

RunsView::RunsView(QWidget* parent) : QWidget(parent) {
    status_ = new QLabel;
    status_->setWordWrap(true);
    auto* refreshButton = new QPushButton(tr("Refresh"));
    model_ = new QStandardItemModel(this);
    model_->setHorizontalHeaderLabels({tr("Run"), tr("Project"), tr("Name"), tr("Model"), tr("State"), tr("Epochs"),
                                       tr("Best top-1 %"), tr("Last top-1 %"), tr("Params"), tr("MACs (M)"), tr("Tags"),
                                       tr("Created")});
    table_ = new QTableView;
    table_->setModel(model_);
    table_->setSortingEnabled(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();   // the run id is the first column
    auto* top = new QHBoxLayout;
    top->addWidget(status_, 1);
    top->addWidget(refreshButton);
    auto* box = new QVBoxLayout(this);
    box->addLayout(top);
    box->addWidget(table_, 1);
    connect(refreshButton, &QPushButton::clicked, this, &RunsView::refresh);
    timer_ = new QTimer(this);
    timer_->setInterval(5000);   // live view of trainings running in other processes
    connect(timer_, &QTimer::timeout, this, [this] {
        if (isVisible()) refresh();
    });
    timer_->start();
    setDatabase(QString::fromStdString(ExperimentStore::defaultPath()));
}

void RunsView::setDatabase(const QString& path) {
    path_ = path;
    refresh();
}

void RunsView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

void RunsView::refresh() {
    const quint64 generation = ++generation_;
    if (reading_) {   // one read at a time: the newest request runs when this one ends
        pending_ = true;
        return;
    }
    reading_ = true;
    auto* watcher = new QFutureWatcher<RunsSnapshot>(this);
    connect(watcher, &QFutureWatcher<RunsSnapshot>::finished, this, [this, watcher, generation] {
        const RunsSnapshot s = watcher->result();
        watcher->deleteLater();
        reading_ = false;
        if (pending_) {
            pending_ = false;
            refresh();
            return;
        }
        if (generation != generation_) return;
        if (!s.error.isEmpty()) {
            status_->setText(s.error);
            model_->removeRows(0, model_->rowCount());
            Q_EMIT failed(s.error);
            return;
        }
        model_->removeRows(0, model_->rowCount());
        for (const RunRow& r : s.rows) {
            auto number = [](double v, int decimals) {
                auto* item = new QStandardItem(v < 0 ? QString("-") : display::decimal(v, decimals));
                item->setData(v, Qt::UserRole);
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                return item;
            };
            QStringList tags;
            for (const auto& t : r.run.tags) tags << QString::fromStdString(t);
            model_->appendRow({number(double(r.run.id), 0), new QStandardItem(QString::fromStdString(r.run.project)),
                               new QStandardItem(QString::fromStdString(r.run.name)),
                               new QStandardItem(QString::fromStdString(r.run.model)),
                               new QStandardItem(QString::fromStdString(r.run.state)),
                               new QStandardItem(QString("%1/%2").arg(r.epochs).arg(r.run.epochsPlanned)), number(r.best, 2),
                               number(r.last, 2), new QStandardItem(display::count(r.run.params)),
                               new QStandardItem(display::millions(double(r.run.macs))),
                               new QStandardItem(tags.join(", ")), new QStandardItem(QString::fromStdString(r.run.createdAt))});
        }
        table_->resizeColumnsToContents();
        status_->setText(tr("%n run(s) in %1", "", int(s.rows.size())).arg(path_));
        Q_EMIT loaded();
    });
    const QString path = path_;
    watcher->setFuture(QtConcurrent::run([path] { return readRuns(path); }));
}

}  // namespace hlcnn
