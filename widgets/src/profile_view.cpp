#include "hlcnn/widgets/profile_view.h"
#include "hlcnn/widgets/background_job.h"
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
#include <QPushButton>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

namespace hlcnn {

ProfileView::ProfileView(QWidget* parent)
    : QWidget(parent), title_(new QLabel(this)), totals_(new QLabel(this)), rows_(new QComboBox(this)),
      runtime_(new QComboBox(this)), measure_(new QPushButton(tr("Measure time"), this)), timing_(new QLabel(this)), table_(new QTableView(this)),
      model_(new ProfileTableModel(this)) {
    analysisJob_ = new BackgroundJob(this);
    timingJob_ = new BackgroundJob(this);
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
    graph_ = graph;
    timing_->clear();
    timingJob_->cancel();  // layer times of the graph shown before are not this one's
    measuring_ = false;
    measure_->setEnabled(false);
    title_->setText(tr("<b>%1</b> &mdash; analysing...").arg(QString::fromStdString(graph.name).toHtmlEscaped()));
    struct Analysed {
        ModelProfile profile;
        QString error;
    };
    // The graph is copied into the job; the result comes back as a value (a newer graph wins).
    analysisJob_->start(
        [graph] {
            Analysed a;
            try {
                a.profile = profileGraph(graph);
            } catch (const std::exception& e) {
                a.error = QString::fromStdString(e.what());
            }
            return a;
        },
        [this](Analysed a) { apply(a.profile, a.error); });
}

void ProfileView::apply(const ModelProfile& profile, const QString& error) {
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
    const int threads = std::max(1, QThread::idealThreadCount());
    const LayerTimeRuntime runtime = timingRuntime();
    timing_->setText(tr("Timing each layer on %1 (batch 1, %n thread(s))...", "", threads).arg(runtime_->currentText()));
    struct Timed {
        LayerTimeProfile times;
        QString error;
    };
    timingJob_->start(
        [graph = graph_, threads, runtime] {
            Timed r;
            try {
                const ThreadBudget budget(threads);  // this worker thread's own; the process's stays as it is
                r.times = hlcnn::measureLayerTimes(graph, 1, 5, 30, runtime);
            } catch (const std::exception& e) {
                r.error = QString::fromStdString(e.what());
            }
            return r;
        },
        [this, threads](Timed r) {
            const LayerTimeProfile& times = r.times;
            const QString& error = r.error;
            measuring_ = false;
            measure_->setEnabled(!profile().layers.empty());
            if (!error.isEmpty()) {
                timing_->setText(tr("Timing failed: %1").arg(error));
                Q_EMIT layerTimesFailed(error);
                return;
            }
            model_->setLayerTimes(times);
            int flagged = 0;
            for (const LayerTime& t : times.layers) flagged += !t.flag.empty();
            const QString runtimeText = times.runtime == LayerTimeRuntime::Native
                                            ? tr("native, %n fused step(s)", "", times.steps)
                                            : tr("LibTorch eager");
            timing_->setText(
                tr("Measured on %1: forward %2 ms (median of %3, batch 1, %4 thread(s)); the %5 add up to %6 ms. "
                   "%7 layer(s) take at least 2 % of the time and more than twice their share of MACs (highlighted).")
                    .arg(runtimeText, display::decimal(times.forwardMedianMs, 2))
                    .arg(times.iters)
                    .arg(threads)
                    .arg(times.runtime == LayerTimeRuntime::Native ? tr("steps") : tr("layers"),
                         display::decimal(times.layerSumMs, 2))
                    .arg(flagged));
            table_->resizeColumnsToContents();
            Q_EMIT layerTimesReady();
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
