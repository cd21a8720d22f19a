#include "hlcnn/widgets/sweep_grid.h"
#include "hlcnn/widgets/background_job.h"

#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/sweep.h"
#include "hlcnn/widgets/number_format.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace hlcnn {

namespace {

struct GridRead {
    SweepRecord sweep;
    std::vector<SweepCell> cells;
    QString error;
};

GridRead readGrid(const std::string& path, std::int64_t id) {
    GridRead r;
    try {
        const ExperimentStore store(path, false);
        r.sweep = store.sweep(id);
        r.cells = sweepCells(store, id);
    } catch (const std::exception& e) {
        r.error = QString::fromStdString(e.what());
    }
    return r;
}

}  // namespace

SweepGrid::SweepGrid(QWidget* parent) : QWidget(parent), title_(new QLabel), table_(new QTableWidget), compare_(new QPushButton(tr("Compare these runs"))) {
    job_ = new BackgroundJob(this);
    title_->setWordWrap(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    compare_->setEnabled(false);
    compare_->setToolTip(tr("Open every run of the sweep in Compare: curves, table, Pareto plot"));
    auto* box = new QVBoxLayout(this);
    box->addWidget(title_);
    box->addWidget(table_, 1);
    box->addWidget(compare_, 0, Qt::AlignLeft);
    connect(compare_, &QPushButton::clicked, this, [this] { Q_EMIT compareRequested(runIds_); });
}

void SweepGrid::showSweep(const QString& databasePath, std::int64_t sweepId) {
    sweepId_ = sweepId;
    const std::string path = databasePath.toStdString();
    job_->start(
        [path, sweepId] { return readGrid(path, sweepId); },
        [this](GridRead read) {
            table_->clear();
            runIds_.clear();
            if (!read.error.isEmpty()) {
                title_->setText(read.error);
                table_->setRowCount(0);
                table_->setColumnCount(0);
                compare_->setEnabled(false);
                Q_EMIT loaded();
                return;
            }
            QStringList options;
            for (const SweepCell& c : read.cells)
                for (const auto& [k, v] : c.settings)
                    if (!options.contains(QString::fromStdString(k))) options << QString::fromStdString(k);
            QStringList headers = options;
            headers << tr("Runs") << tr("Completed") << tr("Best val top-1 % (mean ± std)") << tr("Params")
                    << tr("MACs (M)");
            table_->setColumnCount(int(headers.size()));
            table_->setHorizontalHeaderLabels(headers);
            table_->setRowCount(int(read.cells.size()));
            int runs = 0, completed = 0;
            for (int row = 0; row < int(read.cells.size()); ++row) {
                const SweepCell& c = read.cells[std::size_t(row)];
                for (const auto& [k, v] : c.settings)
                    table_->setItem(row, int(options.indexOf(QString::fromStdString(k))),
                                    new QTableWidgetItem(QString::fromStdString(v)));
                const int base = int(options.size());
                table_->setItem(row, base, new QTableWidgetItem(QString::number(c.runIds.size())));
                table_->setItem(row, base + 1, new QTableWidgetItem(QString::number(c.completed)));
                QString top1 = "-";
                if (std::isfinite(c.meanTop1))
                    top1 = std::isfinite(c.stdTop1)
                               ? QString("%1 ± %2").arg(display::decimal(c.meanTop1, 2), display::decimal(c.stdTop1, 2))
                               : tr("%1 (one run)").arg(display::decimal(c.meanTop1, 2));
                auto* t = new QTableWidgetItem(top1);
                QStringList each;
                for (double x : c.top1) each << display::decimal(x, 2);
                t->setToolTip(tr("Per seed: %1").arg(each.join(", ")));
                table_->setItem(row, base + 2, t);
                table_->setItem(row, base + 3, new QTableWidgetItem(display::count(c.params)));
                table_->setItem(row, base + 4, new QTableWidgetItem(display::millions(double(c.macs))));
                for (int col = base; col < base + 5; ++col)
                    table_->item(row, col)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                runs += int(c.runIds.size());
                completed += c.completed;
                for (std::int64_t id : c.runIds) runIds_ << qint64(id);
            }
            table_->resizeColumnsToContents();
            const SweepRecord& s = read.sweep;
            title_->setText(
                tr("Sweep %1 “%2”: %3 cells, %4 of %5 runs completed (%6%7)")
                    .arg(s.id)
                    .arg(QString::fromStdString(s.name))
                    .arg(read.cells.size())
                    .arg(completed)
                    .arg(runs)
                    .arg(s.scheduler == "slurm" ? tr("Slurm job %1").arg(QString::fromStdString(s.slurmJob))
                                                : tr("local"))
                    .arg(s.folder.empty() ? QString() : tr(", folder %1").arg(QString::fromStdString(s.folder))));
            compare_->setEnabled(!runIds_.isEmpty());
            Q_EMIT loaded();
        });
}

}  // namespace hlcnn
