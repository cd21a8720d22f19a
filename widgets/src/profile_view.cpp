#include "hlcnn/widgets/profile_view.h"
#include "hlcnn/widgets/number_format.h"

#include "hlcnn/widgets/profile_table_model.h"

#include "hlcnn/core/latency_bench.h"
#include "hlcnn/core/runtime_setup.h"

#include <QSortFilterProxyModel>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QThread>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hlcnn {

ProfileView::ProfileView(QWidget* parent)
    : QWidget(parent), title_(new QLabel(this)), totals_(new QLabel(this)), rows_(new QComboBox(this)),
      runtime_(new QComboBox(this)), measure_(new QPushButton(tr("Measure time"), this)), timing_(new QLabel(this)), table_(new QTableView(this)),
      model_(new ProfileTableModel(this)) {
    measure_->setToolTip(tr("Time the forward pass layer by layer on this machine (batch 1) on the runtime chosen beside it"));
    runtime_->addItem(tr("LibTorch eager"), int(LayerTimeRuntime::Eager));
    runtime_->setItemData(0, tr("The trainer's modules, op by op: each layer timed on its own"), Qt::ToolTipRole);
    runtime_->addItem(tr("Native (fused oneDNN)"), int(LayerTimeRuntime::Native));
    runtime_->setItemData(1, tr("Our inference program: batch norm, activations and residual adds fused into the convolutions; "
                                "each fused step's time is shown on its convolution"),
                          Qt::ToolTipRole);
    measure_->setEnabled(false);
    timing_->setWordWrap(true);
    title_->setTextFormat(Qt::RichText);
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    totals_->setWordWrap(true);
    rows_->addItem(tr("Blocks (top-level nodes)"));
    rows_->addItem(tr("Layers (primitives)"));
    // Sorted through a proxy on the raw values (Qt::UserRole): 12,000 after 900, not before. No
    // column is sorted at first: the rows start in network order.
    auto* sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(model_);
    sorted->setSortRole(Qt::UserRole);
    table_->setModel(sorted);
    table_->setSortingEnabled(true);
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);

    auto* top = new QHBoxLayout;
    top->addWidget(title_, 1);
    top->addWidget(new QLabel(tr("Rows:"), this));
    top->addWidget(rows_);
    top->addWidget(runtime_);
    top->addWidget(measure_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(totals_);
    layout->addWidget(timing_);
    layout->addWidget(table_, 1);

    connect(measure_, &QPushButton::clicked, this, &ProfileView::measureLayerTimes);
    connect(rows_, &QComboBox::currentIndexChanged, this, [this](int i) {
        model_->setRows(i == 0 ? ProfileTableModel::Rows::Blocks : ProfileTableModel::Rows::Layers);
        table_->resizeColumnsToContents();
    });
}

const ModelProfile& ProfileView::profile() const { return model_->profile(); }

void ProfileView::showGraph(const Graph& graph) {
    const quint64 generation = ++generation_;
    graph_ = graph;
    timing_->clear();
    measure_->setEnabled(false);
    title_->setText(tr("<b>%1</b> &mdash; analysing...").arg(QString::fromStdString(graph.name).toHtmlEscaped()));
    QPointer<ProfileView> self(this);
    // The graph is copied into the job; the result comes back as a value to the GUI thread.
    (void)QtConcurrent::run([self, generation, graph] {
        ModelProfile profile;
        QString error;
        try {
            profile = profileGraph(graph);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        if (self)
            QMetaObject::invokeMethod(
                self.data(), [self, generation, profile, error] { if (self) self->apply(generation, profile, error); },
                Qt::QueuedConnection);
    });
}

void ProfileView::apply(quint64 generation, const ModelProfile& profile, const QString& error) {
    if (generation != generation_) return;  // a newer request is on its way
    if (!error.isEmpty()) {
        title_->setText(tr("<b>Invalid graph</b>"));
        totals_->setText(error);
        model_->setProfile({});
        Q_EMIT analysisFailed(error);
        return;
    }
    model_->setProfile(profile);
    measure_->setEnabled(!measuring_);
    title_->setText(tr("<b>%1</b> &mdash; input %2")
                        .arg(QString::fromStdString(profile.model).toHtmlEscaped(), QString::fromStdString(profile.input.toString())));
    totals_->setText(totalsText());
    table_->resizeColumnsToContents();
    Q_EMIT profileReady();
}

void ProfileView::measureLayerTimes() {
    if (measuring_ || profile().layers.empty()) return;
    measuring_ = true;
    measure_->setEnabled(false);
    const quint64 generation = generation_;
    const int threads = std::max(1, QThread::idealThreadCount());
    const LayerTimeRuntime runtime = timingRuntime();
    timing_->setText(tr("Timing each layer on %1 (batch 1, %n thread(s))...", "", threads).arg(runtime_->currentText()));
    QPointer<ProfileView> self(this);
    (void)QtConcurrent::run([self, generation, graph = graph_, threads, runtime] {
        LayerTimeProfile times;
        QString error;
        try {
            const ThreadBudget budget(threads);   // this worker thread's own; the process's stays as it is
            times = hlcnn::measureLayerTimes(graph, 1, 5, 30, runtime);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self, generation, times, error, threads] {
                    if (!self) return;
                    self->measuring_ = false;
                    self->measure_->setEnabled(!self->profile().layers.empty());
                    if (generation != self->generation_) return;   // another graph is shown now
                    if (!error.isEmpty()) {
                        self->timing_->setText(tr("Timing failed: %1").arg(error));
                        Q_EMIT self->layerTimesFailed(error);
                        return;
                    }
                    self->model_->setLayerTimes(times);
                    int flagged = 0;
                    for (const LayerTime& t : times.layers) flagged += !t.flag.empty();
                    const QString runtimeText = times.runtime == LayerTimeRuntime::Native
                                                    ? tr("native, %n fused step(s)", "", times.steps)
                                                    : tr("LibTorch eager");
                    self->timing_->setText(
                        tr("Measured on %1: forward %2 ms (median of %3, batch 1, %4 thread(s)); the %5 add up to %6 ms. "
                           "%7 layer(s) take at least 2 % of the time and more than twice their share of MACs (highlighted).")
                            .arg(runtimeText, display::decimal(times.forwardMedianMs, 2))
                            .arg(times.iters)
                            .arg(threads)
                            .arg(times.runtime == LayerTimeRuntime::Native ? tr("steps") : tr("layers"),
                                 display::decimal(times.layerSumMs, 2))
                            .arg(flagged));
                    self->table_->resizeColumnsToContents();
                    Q_EMIT self->layerTimesReady();
                },
                Qt::QueuedConnection);
    });
}

QString ProfileView::timingText() const { return timing_->text(); }

void ProfileView::setTimingRuntime(LayerTimeRuntime runtime) {
    runtime_->setCurrentIndex(runtime_->findData(int(runtime)));
}

LayerTimeRuntime ProfileView::timingRuntime() const { return LayerTimeRuntime(runtime_->currentData().toInt()); }

QString ProfileView::totalsText() const {
    const ModelProfile& p = profile();
    using display::count;
    auto mega = [](std::int64_t v) { return display::millions(double(v)); };
    return tr("Params %1 (%2 M)  |  MACs %3 (%4 M)  |  FLOPs (2 x MACs) %5 M + %6 M other ops  |  "
              "peak activations %7 KiB  |  size %8 MB fp32, %9 MB int8")
        .arg(count(p.total.params), mega(p.total.params), count(p.total.macs), mega(p.total.macs), mega(p.total.flops()),
             mega(p.total.otherOps), count(p.peakActivationBytes / 1024), mega(p.modelBytesFp32()), mega(p.modelBytesInt8()));
}

}  // namespace hlcnn
