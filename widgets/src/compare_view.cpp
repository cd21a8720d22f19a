#include "hlcnn/widgets/compare_view.h"
#include "hlcnn/widgets/background_job.h"

#include "hlcnn/core/graph_json.h"
#include "hlcnn/experiments/architecture_diff.h"
#include "hlcnn/experiments/compare_entries.h"
#include "hlcnn/widgets/compare_figures.h"
#include "hlcnn/widgets/number_format.h"
#include "hlcnn/widgets/report_pack.h"
#include "hlcnn/widgets/run_colors.h"
#include "qcustomplot_include.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace hlcnn {

struct CompareData {
    std::vector<RunSummary> runs;
    std::map<std::int64_t, Graph> graphs;
    QString error;
};

namespace {

constexpr int kSortRole = Qt::UserRole + 1;

std::shared_ptr<const CompareData> readRuns(const QString& database, const QList<qint64>& ids) {
    auto data = std::make_shared<CompareData>();
    try {
        const ExperimentStore store(database.toStdString(), false);
        for (qint64 id : ids) {
            data->runs.push_back(summarizeRun(store, id));
            data->graphs.emplace(id, graphFromJson(data->runs.back().run.graphJson));
        }
    } catch (const std::exception& e) {
        data->runs.clear();
        data->error = QString::fromStdString(e.what());
    }
    return data;
}

QStandardItem* textItem(const QString& text) {
    auto* item = new QStandardItem(text);
    item->setData(text, kSortRole);
    return item;
}

QStandardItem* numberItem(const QString& text, double sortValue) {
    auto* item = new QStandardItem(text);
    item->setData(sortValue, kSortRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString shownMeanStd(const MeanStd& m, int decimals) {   // in the user's locale
    if (m.n == 0) return QStringLiteral("–");
    if (m.n == 1) return display::decimal(m.mean, decimals);
    return display::decimal(m.mean, decimals) + " ± " + display::decimal(m.sd, decimals);
}

QString signedCount(std::int64_t v) { return (v > 0 ? "+" : "") + display::count(v); }

CostAxis axisOf(int index) {
    return index == 1 ? CostAxis::Params : index == 2 ? CostAxis::Latency : index == 3 ? CostAxis::DeviceLatency : CostAxis::Macs;
}

}  // namespace

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
    readJob_ = new BackgroundJob(this);
    packJob_ = new BackgroundJob(this, BackgroundJob::Mode::Every);
    status_ = new QLabel(tr("Select runs in the Runs area and press Compare."));
    status_->setObjectName("compareStatus");
    group_ = new QCheckBox(tr("Group seeds (mean ± std)"));
    group_->setChecked(true);
    group_->setToolTip(tr("Runs that differ only by seed become one entry: a mean line with a ± std band, mean ± std cells and an error bar"));
    axis_ = new QComboBox;
    axis_->addItems({tr("MACs"), tr("Parameters"), tr("Measured latency"), tr("On-device latency")});
    axis_->setToolTip(tr("The cost axis of the Pareto plot"));
    auto* exportFigure = new QPushButton(tr("Export figure..."));
    exportFigure->setToolTip(tr("The current plot as PNG (size and DPI of your choice), SVG or PDF, in the paper style"));
    auto* exportTable = new QPushButton(tr("Export table..."));
    exportTable->setToolTip(tr("The table as CSV, Markdown or LaTeX"));
    auto* pack = new QPushButton(tr("Report pack..."));
    pack->setToolTip(tr("A folder with every figure (PDF, SVG, PNG), its data as CSV, the LaTeX table and an index"));
    auto* reload = new QPushButton(tr("Reload"));
    reload->setToolTip(tr("Read the compared runs again (runs still training have new epochs)"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(reload);
    bar->addWidget(group_);
    bar->addWidget(new QLabel(tr("Pareto cost:")));
    bar->addWidget(axis_);
    bar->addStretch(1);
    bar->addWidget(exportFigure);
    bar->addWidget(exportTable);
    bar->addWidget(pack);

    loss_ = new QCustomPlot;
    top1_ = new QCustomPlot;
    pareto_ = new QCustomPlot;
    for (QCustomPlot* p : {loss_, top1_, pareto_}) {
        p->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        p->setMinimumSize(280, 220);
    }
    auto* curves = new QSplitter(Qt::Horizontal);
    curves->addWidget(loss_);
    curves->addWidget(top1_);

    model_ = new QStandardItemModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(kSortRole);
    table_ = new QTableView;
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(3, Qt::DescendingOrder);   // the most accurate first, until the user sorts otherwise
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionsMovable(true);

    before_ = new QComboBox;
    after_ = new QComboBox;
    before_->setObjectName("diffBefore");
    after_->setObjectName("diffAfter");
    diffSummary_ = new QLabel;
    diffSummary_->setWordWrap(true);
    diffSummary_->setTextFormat(Qt::RichText);
    diff_ = new QTreeWidget;
    diff_->setHeaderLabels({tr("Change"), tr("Node"), tr("Op"), tr("Output"), tr("Δ params"), tr("Δ MACs"), tr("What changed")});
    diff_->setRootIsDecorated(false);
    diff_->setAlternatingRowColors(true);
    auto* diffPage = new QWidget;
    auto* diffBox = new QVBoxLayout(diffPage);
    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("From:")));
    pick->addWidget(before_, 1);
    pick->addWidget(new QLabel(tr("to:")));
    pick->addWidget(after_, 1);
    diffBox->addLayout(pick);
    diffBox->addWidget(diffSummary_);
    diffBox->addWidget(diff_, 1);

    tabs_ = new QTabWidget;
    tabs_->addTab(curves, tr("Curves"));
    tabs_->addTab(table_, tr("Table"));
    tabs_->addTab(pareto_, tr("Pareto"));
    tabs_->addTab(diffPage, tr("Architecture diff"));
    auto* box = new QVBoxLayout(this);
    box->addWidget(status_);
    box->addLayout(bar);
    box->addWidget(tabs_, 1);

    connect(reload, &QPushButton::clicked, this, [this] {
        if (!database_.isEmpty() && !ids_.isEmpty()) compare(database_, ids_);
    });
    connect(group_, &QCheckBox::toggled, this, &CompareView::rebuild);
    connect(axis_, qOverload<int>(&QComboBox::currentIndexChanged), this, &CompareView::rebuild);
    connect(before_, qOverload<int>(&QComboBox::currentIndexChanged), this, &CompareView::rebuildDiff);
    connect(after_, qOverload<int>(&QComboBox::currentIndexChanged), this, &CompareView::rebuildDiff);
    connect(exportFigure, &QPushButton::clicked, this, &CompareView::askExportFigure);
    connect(exportTable, &QPushButton::clicked, this, &CompareView::askExportTable);
    connect(pack, &QPushButton::clicked, this, &CompareView::askReportPack);
    rebuild();
}

CompareView::~CompareView() = default;

void CompareView::compare(const QString& database, const QList<qint64>& runIds) {
    database_ = database;
    ids_ = runIds;
    std::sort(ids_.begin(), ids_.end());   // oldest first, whatever order the rows were selected in
    loading_ = true;
    status_->setText(tr("Reading %n run(s)...", nullptr, int(runIds.size())));
    readJob_->start([database, ids = ids_] { return readRuns(database, ids); },  // a newer comparison wins
                    [this](std::shared_ptr<const CompareData> result) {
                        loading_ = false;
                        showData(result);
                    });
}

void CompareView::showData(std::shared_ptr<const CompareData> data) {
    if (!data->error.isEmpty()) {
        status_->setText(tr("Cannot compare: %1").arg(data->error));
        data_.reset();
        rebuild();
        Q_EMIT failed(data->error);
        return;
    }
    data_ = std::move(data);
    const QSignalBlocker b1(before_), b2(after_);
    before_->clear();
    after_->clear();
    for (const RunSummary& r : data_->runs) {
        const QString label = QString("#%1 %2 (%3)").arg(r.run.id).arg(QString::fromStdString(r.run.name), QString::fromStdString(r.run.model));
        before_->addItem(label, qint64(r.run.id));
        after_->addItem(label, qint64(r.run.id));
    }
    if (after_->count() > 1) after_->setCurrentIndex(1);
    rebuild();
    Q_EMIT loaded();
}

void CompareView::setGroupSeeds(bool on) { group_->setChecked(on); }
bool CompareView::groupSeeds() const { return group_->isChecked(); }
void CompareView::setParetoAxis(int axis) { axis_->setCurrentIndex(axis); }

int CompareView::entryCount() const { return model_->rowCount(); }

QStringList CompareView::differingFields() const {
    QStringList out;
    if (!data_) return out;
    for (const std::string& f : differingRecipeFields(data_->runs)) out << QString::fromStdString(f);
    return out;
}

void CompareView::rebuild() {
    const std::vector<RunSummary> none;
    const std::vector<RunSummary>& runs = data_ ? data_->runs : none;
    const auto entries = compareEntries(runs, groupSeeds());
    if (data_) {
        const auto groups = groupBySeed(runs);
        const int grouped = int(std::count_if(groups.begin(), groups.end(), [](const SeedGroup& g) { return g.members.size() > 1; }));
        status_->setText(tr("%n run(s) compared", nullptr, int(runs.size())) +
                         (grouped ? tr("; %n seed group(s)", nullptr, grouped) : QString()));
    }
    plotEntryCurves(loss_, runs, entries, EpochValue::ValLoss, true);
    plotEntryCurves(top1_, runs, entries, EpochValue::ValTop1, false);
    const int shown = plotEntryPareto(pareto_, entries, axisOf(axis_->currentIndex()));
    if (data_ && shown == 0 && axisOf(axis_->currentIndex()) == CostAxis::Latency)
        Q_EMIT message(tr("None of these runs has a measured latency yet (hlcnn bench latency --run ID): nothing to plot"));
    if (data_ && shown == 0 && axisOf(axis_->currentIndex()) == CostAxis::DeviceLatency)
        Q_EMIT message(tr("None of these runs has been profiled on a phone yet (Devices area, or hlcnn device profile): nothing to plot"));
    rebuildTable();
    rebuildDiff();
}

void CompareView::rebuildTable() {
    model_->clear();
    if (!data_) return;
    const auto& runs = data_->runs;
    const auto entries = compareEntries(runs, groupSeeds());
    const auto front = entryParetoFront(entries, axisOf(axis_->currentIndex()));
    const QStringList fields = differingFields();
    QStringList header{tr("Model / run"), tr("Run IDs"), tr("Seeds"), tr("Best top-1 %"), tr("Epoch of best"), tr("Last top-1 %"),
                       tr("Params"), tr("MACs (M)"), tr("Size fp32 (MB)"), tr("Latency (ms)"), tr("int8 top-1 %"), tr("int8 latency (ms)"),
                       tr("Device latency (ms)"), tr("Device int8 latency (ms)"), tr("Training time"), tr("Pareto")};
    const int firstField = int(header.size());
    for (const QString& f : fields) header << f;
    model_->setHorizontalHeaderLabels(header);
    const QColor highlight(255, 236, 179);   // the recipe fields that differ
    for (int c = firstField; c < header.size(); ++c) {
        model_->horizontalHeaderItem(c)->setBackground(highlight);
        model_->horizontalHeaderItem(c)->setToolTip(tr("This recipe field differs between the compared runs"));
        QFont bold = font();
        bold.setBold(true);
        model_->horizontalHeaderItem(c)->setFont(bold);
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const CompareEntry& e = entries[i];
        QStringList ids, seeds;
        std::vector<double> bestEpochs;
        for (std::size_t m : e.members) {
            ids << QString::number(runs[m].run.id);
            seeds << QString::number(runs[m].run.seed);
            if (runs[m].bestEpoch) bestEpochs.push_back(runs[m].bestEpoch);
        }
        const MeanStd epochOfBest = meanAndStd(bestEpochs);
        QList<QStandardItem*> row;
        auto* name = textItem(QString::fromStdString(e.label));
        name->setData(runColor(e.colorKey), Qt::DecorationRole);
        row << name << textItem(ids.join(", ")) << textItem(seeds.join(", "))
            << numberItem(shownMeanStd(e.bestTop1, 2), e.bestTop1.n ? e.bestTop1.mean : -1)
            << numberItem(shownMeanStd(epochOfBest, e.isGroup() ? 1 : 0), epochOfBest.mean)
            << numberItem(shownMeanStd(e.lastTop1, 2), e.lastTop1.n ? e.lastTop1.mean : -1)
            << numberItem(display::count(e.params), double(e.params))
            << numberItem(display::decimal(double(e.macs) / 1e6, 2), double(e.macs))
            << numberItem(display::decimal(double(e.modelBytesFp32) / 1e6, 2), double(e.modelBytesFp32))
            << numberItem(e.latencyMs ? shownMeanStd(*e.latencyMs, 2) : tr("not measured"), e.latencyMs ? e.latencyMs->mean : 1e300)
            << numberItem(e.int8ExportTop1 ? shownMeanStd(*e.int8ExportTop1, 2) : QStringLiteral("–"), e.int8ExportTop1 ? e.int8ExportTop1->mean : -1)
            << numberItem(e.int8LatencyMs ? shownMeanStd(*e.int8LatencyMs, 2) : QStringLiteral("–"),
                          e.int8LatencyMs ? e.int8LatencyMs->mean : 1e300)
            << numberItem(e.deviceLatencyMs ? shownMeanStd(*e.deviceLatencyMs, 2) : tr("not measured"),
                          e.deviceLatencyMs ? e.deviceLatencyMs->mean : 1e300)
            << numberItem(e.int8DeviceLatencyMs ? shownMeanStd(*e.int8DeviceLatencyMs, 2) : QStringLiteral("–"),
                          e.int8DeviceLatencyMs ? e.int8DeviceLatencyMs->mean : 1e300)
            << numberItem(display::duration(e.trainingSeconds.mean), e.trainingSeconds.mean)
            << textItem(!front[i] ? QStringLiteral("–") : *front[i] ? tr("front") : tr("dominated"));
        const RunSummary& first = runs[e.members.front()];
        for (const QString& f : fields) {
            auto* item = textItem(QString::fromStdString(recipeValue(first, f.toStdString())));
            item->setBackground(highlight);
            row << item;
        }
        model_->appendRow(row);
    }
    table_->resizeColumnsToContents();
}

bool CompareView::diffRuns(qint64 before, qint64 after) {
    const int a = before_->findData(before), b = after_->findData(after);
    if (a < 0 || b < 0) return false;
    const QSignalBlocker blocker(before_);
    before_->setCurrentIndex(a);
    after_->setCurrentIndex(b);
    rebuildDiff();
    return true;
}

void CompareView::rebuildDiff() {
    diff_->clear();
    if (!data_ || before_->currentIndex() < 0 || after_->currentIndex() < 0) {
        diffSummary_->setText(tr("Pick two runs to see what changed between their architectures."));
        return;
    }
    const qint64 idA = before_->currentData().toLongLong(), idB = after_->currentData().toLongLong();
    const RunSummary *ra = nullptr, *rb = nullptr;
    for (const RunSummary& r : data_->runs) {
        if (r.run.id == idA) ra = &r;
        if (r.run.id == idB) rb = &r;
    }
    if (!ra || !rb) return;
    ArchitectureDiff d;
    try {
        d = diffArchitectures(data_->graphs.at(idA), data_->graphs.at(idB));
    } catch (const std::exception& e) {
        diffSummary_->setText(tr("Cannot diff these graphs: %1").arg(QString::fromStdString(e.what()).toHtmlEscaped()));
        return;
    }
    auto delta = [](std::int64_t a, std::int64_t b) {
        return QString("%1 → %2 (%3)").arg(display::count(a), display::count(b), signedCount(b - a));
    };
    // With seeds grouped, a run of a seed group stands for its group: accuracy is the group's mean
    // (± std, n), so the change is not read off one lucky or unlucky seed.
    auto accuracyOf = [&](const RunSummary* r) {
        std::vector<double> best;
        if (groupSeeds())
            for (const SeedGroup& g : groupBySeed(data_->runs))
                for (std::size_t m : g.members)
                    if (data_->runs[m].run.id == r->run.id)
                        for (std::size_t k : g.members)
                            if (data_->runs[k].bestTop1) best.push_back(*data_->runs[k].bestTop1);
        if (best.empty() && r->bestTop1) best.push_back(*r->bestTop1);
        return meanAndStd(best);
    };
    auto accuracyText = [](const MeanStd& m) {
        return m.n > 1 ? shownMeanStd(m, 2) + QString(" (n=%1)").arg(m.n) : display::decimal(m.mean, 2);
    };
    QString accuracy = tr("not recorded");
    const MeanStd accA = accuracyOf(ra), accB = accuracyOf(rb);
    if (accA.n && accB.n) {
        const double dp = accB.mean - accA.mean;
        accuracy = tr("%1 → %2 % (%3%4 points)").arg(accuracyText(accA), accuracyText(accB), dp > 0 ? "+" : "", display::decimal(dp, 2));
    }
    QString summary = tr("<b>#%1 → #%2</b>: %3 node(s) changed, %4 unchanged.<br>Params %5 · MACs %6 · best top-1 %7")
                          .arg(idA).arg(idB).arg(d.changes.size()).arg(d.unchanged)
                          .arg(delta(d.totalBefore.params, d.totalAfter.params), delta(d.totalBefore.macs, d.totalAfter.macs), accuracy);
    if (d.inputBefore != d.inputAfter)
        summary += "<br>" + tr("Input %1 → %2").arg(QString::fromStdString(d.inputBefore), QString::fromStdString(d.inputAfter));
    if (d.identical()) summary += "<br>" + tr("The architectures are identical: the difference in accuracy comes from the recipe or the seed.");
    diffSummary_->setText(summary);
    for (const NodeChange& c : d.changes) {
        QString kind;
        QColor color;
        switch (c.kind) {
        case NodeChangeKind::Added: kind = tr("added"), color = QColor(0x00, 0x9E, 0x73); break;
        case NodeChangeKind::Removed: kind = tr("removed"), color = QColor(0xD5, 0x5E, 0x00); break;
        case NodeChangeKind::Changed: kind = tr("changed"), color = QColor(0x00, 0x72, 0xB2); break;
        case NodeChangeKind::Reshaped: kind = tr("reshaped"), color = QColor(0x77, 0x77, 0x77); break;
        }
        QStringList details;
        for (const std::string& s : c.details) details << QString::fromStdString(s);
        const QString shape = c.shapeBefore.empty() ? QString::fromStdString(c.shapeAfter)
                              : c.shapeAfter.empty() ? QString::fromStdString(c.shapeBefore)
                              : c.shapeBefore == c.shapeAfter ? QString::fromStdString(c.shapeAfter)
                                                              : QString::fromStdString(c.shapeBefore + " → " + c.shapeAfter);
        auto* item = new QTreeWidgetItem({kind, QString::fromStdString(c.id), QString::fromStdString(c.op), shape,
                                          signedCount(c.deltaParams()), signedCount(c.deltaMacs()), details.join("; ")});
        item->setForeground(0, color);
        item->setToolTip(6, details.join("\n"));
        for (int col : {4, 5}) item->setTextAlignment(col, Qt::AlignRight | Qt::AlignVCenter);
        diff_->addTopLevelItem(item);
    }
    for (int c = 0; c < diff_->columnCount(); ++c) diff_->resizeColumnToContents(c);
}

QString CompareView::exportFigure(Figure figure, const QString& path, const FigureSize& size) const {
    const auto format = figureFormatForPath(path);
    if (!format) return tr("%1: a figure is written as .png, .svg or .pdf").arg(path);
    if (!data_) return tr("nothing to export: no runs are compared");
    const auto entries = compareEntries(data_->runs, groupSeeds());
    QCustomPlot plot;   // drawn anew, so the view keeps its own zoom and screen style
    plot.resize(size.logicalWidth(), size.logicalHeight());
    switch (figure) {
    case Figure::Loss: plotEntryCurves(&plot, data_->runs, entries, EpochValue::ValLoss, true); break;
    case Figure::Top1: plotEntryCurves(&plot, data_->runs, entries, EpochValue::ValTop1, false); break;
    case Figure::Pareto: plotEntryPareto(&plot, entries, axisOf(axis_->currentIndex())); break;
    }
    applyPaperStyle(&plot);
    return exportPlot(&plot, path, *format, size);
}

QString CompareView::exportTable(const QString& path) const {
    if (!data_) return tr("nothing to export: no runs are compared");
    const QString suffix = QFileInfo(path).suffix().toLower();
    TableFormat format;
    if (suffix == "csv") format = TableFormat::Csv;
    else if (suffix == "md") format = TableFormat::Markdown;
    else if (suffix == "tex") format = TableFormat::Latex;
    else return tr("%1: a table is written as .csv, .md or .tex").arg(path);
    const CostAxis axis = axisOf(axis_->currentIndex());
    const Table table = groupSeeds() ? entryTable(data_->runs, compareEntries(data_->runs, true), axis) : comparisonTable(data_->runs, axis);
    const std::string text = renderTable(table, format);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size()) || !file.commit())
        return tr("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

void CompareView::askExportFigure() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Export figure"));
    auto* which = new QComboBox;
    which->addItems({tr("Loss curves"), tr("Top-1 curves"), tr("Pareto plot")});
    which->setCurrentIndex(tabs_->currentWidget() == pareto_ ? 2 : 1);
    auto* width = new QDoubleSpinBox;
    auto* height = new QDoubleSpinBox;
    for (QDoubleSpinBox* s : {width, height}) {
        s->setRange(1, 30);
        s->setDecimals(1);
        s->setSuffix(tr(" in"));
    }
    width->setValue(6);
    height->setValue(4);
    auto* dpi = new QSpinBox;
    dpi->setRange(72, 1200);
    dpi->setValue(300);
    dpi->setToolTip(tr("PNG only: SVG and PDF are vector figures"));
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("Figure:"), which);
    form->addRow(tr("Width:"), width);
    form->addRow(tr("Height:"), height);
    form->addRow(tr("PNG resolution (DPI):"), dpi);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export figure"), QString(),
                                                      tr("PDF (*.pdf);;SVG (*.svg);;PNG (*.png)"));
    if (path.isEmpty()) return;
    const QString error = exportFigure(Figure(which->currentIndex()), path, {width->value(), height->value(), dpi->value()});
    Q_EMIT message(error.isEmpty() ? tr("Figure written to %1").arg(path) : tr("Figure not written: %1").arg(error));
}

void CompareView::askExportTable() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export table"), QString(),
                                                      tr("LaTeX (*.tex);;Markdown (*.md);;CSV (*.csv)"));
    if (path.isEmpty()) return;
    const QString error = exportTable(path);
    Q_EMIT message(error.isEmpty() ? tr("Table written to %1").arg(path) : tr("Table not written: %1").arg(error));
}

void CompareView::askReportPack() {
    if (!data_) return;
    // A folder chooser: the pack is a folder (created when it does not exist yet), not a file.
    QFileDialog dialog(this, tr("Report pack: choose or create a folder"));
    dialog.setFileMode(QFileDialog::Directory);
    dialog.setOption(QFileDialog::ShowDirsOnly);
    dialog.setAcceptMode(QFileDialog::AcceptOpen);
    dialog.setLabelText(QFileDialog::Accept, tr("Write pack here"));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return;
    writeReportPackTo(dialog.selectedFiles().first());
}

void CompareView::writeReportPackTo(const QString& dir) {
    ReportPackRequest request;
    request.database = database_;
    for (qint64 id : ids_) request.runIds.push_back(id);
    request.outputDir = dir;
    // Reading (database, checkpoints) on a worker; drawing and writing here, figures being widgets.
    using Read = std::pair<ReportPackData, QString>;
    packJob_->start(
        [request] {
            QString error;
            ReportPackData data = readReportPackData(request, &error);
            return Read{std::move(data), error};
        },
        [this, request](Read read) {
            ReportPackResult result;
            QString error = data_ ? read.second : tr("nothing to export: no runs are compared");
            if (error.isEmpty()) error = writeReportPack(request, read.first, &result);
            Q_EMIT message(error.isEmpty()
                               ? tr("Report pack written to %1 (%n file(s))", nullptr, int(result.files.size()))
                                     .arg(request.outputDir)
                               : tr("Report pack not written: %1").arg(error));
            Q_EMIT reportPackWritten(error, result.files);
        });
}

}  // namespace hlcnn
