// The Compare area and the report figures: two runs and a seed group side by side (overlay, table,
// bands, Pareto), the architecture diff of two graphs, PNG/SVG/PDF/table exports checked as files,
// and `hlcnn report pack` run headless as a separate process. Expected numbers are derived here
// from the recorded inputs (mean, sample std, dominance, conv arithmetic), not read from our output.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/experiments/architecture_diff.h"
#include "hlcnn/experiments/compare_entries.h"
#include "hlcnn/models/zoo.h"
#include "hlcnn/widgets/compare_figures.h"
#include "hlcnn/widgets/compare_view.h"
#include "hlcnn/widgets/figure_export.h"
#include "support/cli_process.h"

#include "../widgets/src/qcustomplot_include.h"

#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QXmlStreamReader>

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

using namespace hlcnn;

namespace {

// Validation top-1 per epoch of each run; the seeds' runs share a configuration.
const std::vector<double> kSeedTop1[3] = {{50, 62, 70}, {52, 66, 68}, {48, 61, 73}};
const std::vector<double> kMobileTop1 = {55, 70, 80};
const std::vector<double> kVariantTop1 = {45, 58, 64};
const char* kVariantName = "net_v2 & 50% #1";   // LaTeX specials: must come out escaped
const double kInt8Ms = 1.5, kInt8Top1 = 79.25;   // mobilenet_v2 in int8: measured latency, export top-1
const double kVariantInt8Top1 = 61.75;            // the variant exported in int8, never timed in int8
const double kDeviceMs = 30.0, kDeviceInt8Ms = 12.0;   // mobilenet_v2 on the phone measured last

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / double(v.size());
}
double sampleStd(const std::vector<double>& v) {
    const double m = mean(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return std::sqrt(s / double(v.size() - 1));
}
double maxOf(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

Graph cifarModel(const std::string& name) {
    models::ModelOptions o;
    o.classes = 10;
    o.stem = models::Stem::Cifar;
    return models::buildModel(name, o);
}

// hlcnn_s with two blocks changed, as a user would in the designer.
Graph variantGraph() {
    Graph g = cifarModel("hlcnn_s");
    g.findNode("stage3.0")->attrs.set("attention", std::string("eca"));
    g.findNode("stage2.1")->attrs.set("expand_ratio", 4.0);
    return g;
}

RunRecord runOf(const std::string& name, const Graph& g, const std::string& hash, std::int64_t seed, double lr) {
    RunRecord r;
    r.name = name;
    r.model = g.name;
    r.graphJson = graphToJson(g);
    r.graphHash = hash;
    r.datasetSpec = "cifar10:/data";
    r.datasetHash = "d";
    r.configJson = std::string("{\"epochs\":3,\"lr\":") + (lr == 0.1 ? "0.1" : "0.05") + ",\"seed\":" + std::to_string(seed) + "}";
    r.seed = seed;
    r.programVersion = r.torchVersion = "t";
    r.host = "elsewhere";
    r.state = "completed";
    r.epochsPlanned = 3;
    const ModelProfile p = profileGraph(g);
    r.params = p.total.params;
    r.macs = p.total.macs;
    return r;
}

void recordEpochs(ExperimentStore& store, std::int64_t id, const std::vector<double>& top1) {
    for (std::size_t i = 0; i < top1.size(); ++i) {
        EpochMetrics e;
        e.epoch = int(i) + 1;
        e.trainLoss = 2.0 - 0.4 * double(i);
        e.trainTop1 = top1[i] + 3;
        e.val.top1 = top1[i];
        e.val.loss = 2.1 - 0.3 * double(i) - top1[i] / 1000;
        e.val.samples = 100;
        e.seconds = 10;
        e.val.confusion.assign(100, 0);
        for (int c = 0; c < 10; ++c) e.val.confusion[std::size_t(c * 10 + c)] = 5 + c, e.val.confusion[std::size_t(c * 10 + (c + 1) % 10)] = 5 - c / 2;
        store.recordEpoch(id, e, {}, {});
    }
}

int exitOf(const test::CliResult& r) { return r.code; }

}  // namespace

class CompareTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString db_;
    std::int64_t seeds_[3] = {}, mobile_ = 0, variant_ = 0;

    bool waitLoaded(CompareView& view, const QList<qint64>& ids) {
        QSignalSpy spy(&view, &CompareView::loaded);
        view.compare(db_, ids);
        return spy.wait(20000);
    }
    static QCPGraph* graphNamed(QCustomPlot* plot, const QString& prefix) {
        for (int i = 0; i < plot->graphCount(); ++i)
            if (plot->graph(i)->name().startsWith(prefix)) return plot->graph(i);
        return nullptr;
    }
    static QString cell(const CompareView& view, int row, const QString& header) {
        QStandardItemModel* m = view.tableModel();
        for (int c = 0; c < m->columnCount(); ++c)
            if (m->horizontalHeaderItem(c)->text() == header) return m->item(row, c)->text();
        return "(no column " + header + ")";
    }
    static int rowOf(const CompareView& view, const QString& label) {
        for (int r = 0; r < view.tableModel()->rowCount(); ++r)
            if (view.tableModel()->item(r, 0)->text() == label) return r;
        return -1;
    }
    static QString fixed2(double v) { return QString::number(v, 'f', 2); }      // machine formats: C locale
    static QString shown2(double v) { return QLocale().toString(v, 'f', 2); }   // what the GUI shows

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        db_ = dir_.filePath("runs.sqlite");
        ExperimentStore store(db_.toStdString());
        const Graph hl = cifarModel("hlcnn_s");
        for (int s = 0; s < 3; ++s) {
            seeds_[s] = store.createRun(runOf("hlcnn_s-seed" + std::to_string(s + 1), hl, "g-hl", s + 1, 0.1));
            recordEpochs(store, seeds_[s], kSeedTop1[s]);
        }
        mobile_ = store.createRun(runOf("mobilenet_v2", cifarModel("mobilenet_v2"), "g-mb", 1, 0.1));
        recordEpochs(store, mobile_, kMobileTop1);
        variant_ = store.createRun(runOf(kVariantName, variantGraph(), "g-var", 1, 0.05));
        recordEpochs(store, variant_, kVariantTop1);
        // Measured latencies for two of them: the latency Pareto plot uses only these.
        for (auto [id, ms] : {std::pair{mobile_, 4.0}, std::pair{variant_, 2.5}}) {
            ProfileRecord p;
            p.runId = id;
            p.graphHash = "x";
            p.kind = "measured";
            p.latencyMsMedian = ms;
            p.device = "host";
            store.addProfile(p);
        }
        // mobilenet_v2 also measured in a slower fp32 runtime and in int8, and exported in int8: the
        // summary keeps the fastest fp32 runtime, and the latency plot draws its fp32 -> int8 step.
        for (auto [runtime, ms] : {std::pair{"script", 6.0}, std::pair{"int8", kInt8Ms}}) {
            ProfileRecord p;
            p.runId = mobile_;
            p.graphHash = "x";
            p.kind = "measured";
            p.latencyMsMedian = ms;
            p.device = "host";
            p.runtime = runtime;
            p.precision = std::string(runtime) == "int8" ? "int8" : "fp32";
            store.addProfile(p);
        }
        ExportRecord e;
        e.runId = mobile_;
        e.path = "m.ptl";
        e.format = "ptl";
        e.precision = "int8";
        e.bytes = 1;
        e.sha256 = "0";
        // nlohmann writes numbers the same in every locale (std::to_string would write 79,25 under de_DE)
        e.description = nlohmann::json{{"report", {{"eval", {{"fp32_top1", 61.0}, {"int8_top1", kInt8Top1}}}}}}.dump();
        store.addExport(e);
        // mobilenet_v2 on phones: an older profile on another phone, then fp32 and int8 on "phone-b"
        // (the phone measured last): the on-device axis uses phone-b's medians only.
        const auto onPhone = [&](const char* serial, const char* precision, double p50) {
            DeviceProfileRecord d;
            d.runId = mobile_;
            d.serial = serial;
            d.deviceName = std::string("Phone ") + serial;
            d.artifactSha256 = std::string(64, 'a');
            d.precision = precision;
            d.runner = "hlcnn-bench";
            d.affinity = "big";
            d.mask = "f0";
            d.threads = 1;
            d.iters = 10;
            d.meanMs = d.p50Ms = d.p90Ms = d.p99Ms = d.minMs = p50;
            store.addDeviceProfile(d);
        };
        onPhone("phone-a", "fp32", 99.0);
        onPhone("phone-b", "int8", kDeviceInt8Ms);
        onPhone("phone-b", "fp32", kDeviceMs);
        ExportRecord v = e;
        v.runId = variant_;
        v.path = "v.ptl";
        v.description = nlohmann::json{{"report", {{"eval", {{"fp32_top1", 62.0}, {"int8_top1", kVariantInt8Top1}}}}}}.dump();
        store.addExport(v);
    }

    void comparesTwoRunsSideBySide() {
        CompareView view;
        view.resize(1000, 700);
        view.show();
        QVERIFY(waitLoaded(view, {mobile_, variant_}));
        QCOMPARE(view.entryCount(), 2);
        // Overlay: one validation line per run, holding exactly the recorded values.
        QCPGraph* mb = graphNamed(view.top1Plot(), "mobilenet_v2");
        QVERIFY(mb);
        QCOMPARE(mb->data()->size(), int(kMobileTop1.size()));
        for (int i = 0; i < mb->data()->size(); ++i) QCOMPARE(mb->data()->at(i)->value, kMobileTop1[std::size_t(i)]);
        QVERIFY(graphNamed(view.top1Plot(), kVariantName));
        QVERIFY(graphNamed(view.lossPlot(), "mobilenet_v2"));
        // Table: best, last and the epoch of best, from the recorded curves.
        const int rm = rowOf(view, "mobilenet_v2"), rv = rowOf(view, kVariantName);
        QVERIFY(rm >= 0 && rv >= 0);
        QCOMPARE(cell(view, rm, "Best top-1 %"), shown2(maxOf(kMobileTop1)));
        QCOMPARE(cell(view, rv, "Last top-1 %"), shown2(kVariantTop1.back()));
        QCOMPARE(cell(view, rm, "Epoch of best"), QString("3"));
        // The recipe fields that differ are columns of their own, highlighted; equal ones are not.
        const QStringList fields = view.differingFields();
        QVERIFY2(fields.contains("lr") && fields.contains("graph"), qPrintable(fields.join(",")));
        QVERIFY(!fields.contains("epochs") && !fields.contains("dataset") && !fields.contains("seed"));
        QCOMPARE(cell(view, rv, "lr"), QString("0.05"));
        const int lrColumn = int(view.tableModel()->columnCount()) - int(fields.size()) + int(fields.indexOf("lr"));
        QVERIFY(view.tableModel()->item(rv, lrColumn)->background().color() != QColor(Qt::white));
        // Sortable: by best top-1, descending puts mobilenet first.
        view.table()->sortByColumn(3, Qt::DescendingOrder);
        QCOMPARE(view.table()->model()->index(0, 0).data().toString(), QString("mobilenet_v2"));
        view.table()->sortByColumn(3, Qt::AscendingOrder);
        QCOMPARE(view.table()->model()->index(0, 0).data().toString(), QString(kVariantName));
    }

    void groupsSeedsIntoMeanAndBand() {
        CompareView view;
        view.resize(1000, 700);
        view.show();
        QVERIFY(waitLoaded(view, {seeds_[0], seeds_[1], seeds_[2], mobile_, variant_}));
        QVERIFY(view.groupSeeds());
        QCOMPARE(view.entryCount(), 3);
        const QString group = "hlcnn_s (n=3)";
        const int row = rowOf(view, group);
        QVERIFY(row >= 0);
        std::vector<double> best;
        for (const auto& s : kSeedTop1) best.push_back(maxOf(s));
        QCOMPARE(cell(view, row, "Best top-1 %"), shown2(mean(best)) + " ± " + shown2(sampleStd(best)));
        QCOMPARE(cell(view, row, "Seeds"), QString("1, 2, 3"));
        // The band: a filled pair of curves at mean -/+ std per epoch.
        QCPGraph* upper = nullptr;
        for (int i = 0; i < view.top1Plot()->graphCount(); ++i)
            if (view.top1Plot()->graph(i)->channelFillGraph()) upper = view.top1Plot()->graph(i);
        QVERIFY(upper);
        QCPGraph* lower = upper->channelFillGraph();
        for (int e = 0; e < 3; ++e) {
            const std::vector<double> at{kSeedTop1[0][std::size_t(e)], kSeedTop1[1][std::size_t(e)], kSeedTop1[2][std::size_t(e)]};
            QVERIFY(std::abs(upper->data()->at(e)->value - (mean(at) + sampleStd(at))) < 1e-9);
            QVERIFY(std::abs(lower->data()->at(e)->value - (mean(at) - sampleStd(at))) < 1e-9);
        }
        QVERIFY(graphNamed(view.top1Plot(), group));
        // The architecture diff of a seed-group run against the variant reads the group's mean.
        QVERIFY(view.diffRuns(seeds_[1], variant_));
        const double dGroup = maxOf(kVariantTop1) - mean(best);
        QVERIFY2(view.diffSummary()->text().contains(shown2(mean(best)) + " ± " + shown2(sampleStd(best)) + " (n=3)") &&
                     view.diffSummary()->text().contains(QLocale().toString(dGroup, 'f', 2) + " points"),
                 qPrintable(view.diffSummary()->text()));
        // Ungrouped: every run alone, no band.
        view.setGroupSeeds(false);
        QCOMPARE(view.entryCount(), 5);
        for (int i = 0; i < view.top1Plot()->graphCount(); ++i) QVERIFY(!view.top1Plot()->graph(i)->channelFillGraph());
    }

    void drawsTheParetoFrontWithLabels() {
        CompareView view;
        view.resize(1000, 700);
        view.show();
        QVERIFY(waitLoaded(view, {seeds_[0], seeds_[1], seeds_[2], mobile_, variant_}));
        // By hand: entries (MACs, mean best top-1). A point is on the front when no other is at
        // least as accurate and at most as costly, and strictly better in one.
        struct P {
            QString label;
            double macs, acc;
        };
        ExperimentStore store(db_.toStdString(), false);
        std::vector<double> best;
        for (const auto& s : kSeedTop1) best.push_back(maxOf(s));
        const std::vector<P> points{{"hlcnn_s (n=3)", double(store.run(seeds_[0]).macs), mean(best)},
                                    {"mobilenet_v2", double(store.run(mobile_).macs), maxOf(kMobileTop1)},
                                    {kVariantName, double(store.run(variant_).macs), maxOf(kVariantTop1)}};
        std::vector<double> frontX;
        for (const P& p : points) {
            bool dominated = false;
            for (const P& q : points)
                if (&q != &p && q.acc >= p.acc && q.macs <= p.macs && (q.acc > p.acc || q.macs < p.macs)) dominated = true;
            if (!dominated) frontX.push_back(p.macs / 1e6);
        }
        std::sort(frontX.begin(), frontX.end());
        QCPGraph* front = graphNamed(view.paretoPlot(), "Pareto front");
        QCOMPARE(front != nullptr, frontX.size() > 1);   // a front of one point is its point alone
        if (front) {
            QCOMPARE(front->data()->size(), int(frontX.size()));
            for (int i = 0; i < front->data()->size(); ++i) QVERIFY(std::abs(front->data()->at(i)->key - frontX[std::size_t(i)]) < 1e-9);
        }
        // Every point labelled, the group with an error bar of its std.
        QSet<QString> labels;
        for (int i = 0; i < view.paretoPlot()->itemCount(); ++i)
            if (auto* t = qobject_cast<QCPItemText*>(view.paretoPlot()->item(i))) labels << t->text();
        QCOMPARE(labels, (QSet<QString>{points[0].label, points[1].label, points[2].label}));
        int bars = 0;
        for (int i = 0; i < view.paretoPlot()->plottableCount(); ++i)
            if (auto* b = qobject_cast<QCPErrorBars*>(view.paretoPlot()->plottable(i))) {
                ++bars;
                QVERIFY(std::abs(b->data()->at(0).errorPlus - sampleStd(best)) < 1e-9);
            }
        QCOMPARE(bars, 1);
        // Latency: only the two measured runs are drawn, and mobilenet_v2's int8 counterpart.
        view.setParetoAxis(2);
        int drawn = 0;
        for (int i = 0; i < view.paretoPlot()->graphCount(); ++i)
            if (view.paretoPlot()->graph(i)->lineStyle() == QCPGraph::lsNone) ++drawn;
        QCOMPARE(drawn, 3);
        QCPGraph* fp32 = graphNamed(view.paretoPlot(), "mobilenet_v2");
        QCOMPARE(fp32->data()->at(0)->key, 4.0);   // the fastest fp32 runtime, not the newest profile
        QCPGraph* int8 = graphNamed(view.paretoPlot(), "mobilenet_v2 int8");
        QVERIFY(int8);
        QCOMPARE(int8->data()->at(0)->key, kInt8Ms);
        QCOMPARE(int8->data()->at(0)->value, kInt8Top1);
        const int row = rowOf(view, "mobilenet_v2");
        QCOMPARE(cell(view, row, "int8 top-1 %"), shown2(kInt8Top1));
        // An int8 export that was never timed still has its top-1 in the table (it showed "-").
        QCOMPARE(cell(view, rowOf(view, kVariantName), "int8 top-1 %"), shown2(kVariantInt8Top1));
        QVERIFY(!graphNamed(view.paretoPlot(), QString(kVariantName) + " int8"));   // no int8 latency: no step
        QCOMPARE(cell(view, row, "int8 latency (ms)"), shown2(kInt8Ms));
        QCOMPARE(cell(view, row, "Latency (ms)"), shown2(4.0));
        // On the phone: only mobilenet_v2 was profiled there, fp32 and int8 joined by the step
        QCOMPARE(cell(view, row, "Device latency (ms)"), shown2(kDeviceMs));
        QCOMPARE(cell(view, row, "Device int8 latency (ms)"), shown2(kDeviceInt8Ms));
        view.setParetoAxis(3);
        drawn = 0;
        for (int i = 0; i < view.paretoPlot()->graphCount(); ++i)
            if (view.paretoPlot()->graph(i)->lineStyle() == QCPGraph::lsNone) ++drawn;
        QCOMPARE(drawn, 2);
        QCOMPARE(graphNamed(view.paretoPlot(), "mobilenet_v2")->data()->at(0)->key, kDeviceMs);
        QCPGraph* deviceInt8 = graphNamed(view.paretoPlot(), "mobilenet_v2 int8");
        QVERIFY(deviceInt8);
        QCOMPARE(deviceInt8->data()->at(0)->key, kDeviceInt8Ms);
        QCOMPARE(deviceInt8->data()->at(0)->value, kInt8Top1);
        QCOMPARE(view.paretoPlot()->xAxis->label(), QString("On-device latency (ms)"));
    }

    void diffsTwoArchitectures() {
        // Hand-built: c1 widened 8 -> 16, relu removed, a 1x1 conv added, the head follows.
        const Graph a = graphFromJson(R"({"format":"hlcnn-graph/1","name":"a","input":[3,8,8],"nodes":[
            {"id":"c1","op":"conv2d","inputs":["input"],"attrs":{"out_channels":8}},
            {"id":"r","op":"relu","inputs":["c1"]},
            {"id":"p","op":"global_avgpool","inputs":["r"]},{"id":"fl","op":"flatten","inputs":["p"]},
            {"id":"o","op":"linear","inputs":["fl"],"attrs":{"out_features":10}}],"outputs":["o"]})");
        const Graph b = graphFromJson(R"({"format":"hlcnn-graph/1","name":"b","input":[3,8,8],"nodes":[
            {"id":"c1","op":"conv2d","inputs":["input"],"attrs":{"out_channels":16}},
            {"id":"c2","op":"conv2d","inputs":["c1"],"attrs":{"out_channels":16,"kernel":1}},
            {"id":"p","op":"global_avgpool","inputs":["c2"]},{"id":"fl","op":"flatten","inputs":["p"]},
            {"id":"o","op":"linear","inputs":["fl"],"attrs":{"out_features":10}}],"outputs":["o"]})");
        const ArchitectureDiff d = diffArchitectures(a, b);
        std::map<std::string, const NodeChange*> by;
        for (const NodeChange& c : d.changes) by[c.id] = &c;
        QCOMPARE(int(d.changes.size()), 6);
        QCOMPARE(by["c1"]->kind, NodeChangeKind::Changed);
        QCOMPARE(QString::fromStdString(by["c1"]->details.at(0)), QString("out_channels: 8 -> 16"));
        QCOMPARE(by["c1"]->deltaParams(), std::int64_t(3 * 3 * 3 * (16 - 8)));      // k*k*cin*dcout, no bias
        QCOMPARE(by["c1"]->deltaMacs(), std::int64_t(3 * 3 * 3 * (16 - 8) * 8 * 8));  // per output pixel
        QCOMPARE(by["c2"]->kind, NodeChangeKind::Added);
        QCOMPARE(by["c2"]->deltaParams(), std::int64_t(16 * 16));
        QCOMPARE(by["c2"]->deltaMacs(), std::int64_t(16 * 16 * 8 * 8));
        QCOMPARE(by["r"]->kind, NodeChangeKind::Removed);
        QCOMPARE(by["p"]->kind, NodeChangeKind::Changed);   // its input moved from r to c2
        QCOMPARE(by["fl"]->kind, NodeChangeKind::Reshaped);
        QCOMPARE(by["o"]->kind, NodeChangeKind::Reshaped);
        QCOMPARE(by["o"]->deltaParams(), std::int64_t((16 - 8) * 10));             // linear weights; bias unchanged
        std::int64_t sum = 0;
        for (const NodeChange& c : d.changes) sum += c.deltaParams();
        QCOMPARE(d.totalAfter.params - d.totalBefore.params, sum);
        QCOMPARE(diffArchitectures(a, a).identical(), true);

        // In the view: the designed variant against one seed of hlcnn_s.
        CompareView view;
        view.show();
        QVERIFY(waitLoaded(view, {seeds_[0], variant_}));
        QVERIFY(view.diffRuns(seeds_[0], variant_));
        QSet<QString> changed;
        for (int i = 0; i < view.diffTree()->topLevelItemCount(); ++i)
            if (view.diffTree()->topLevelItem(i)->text(0) == "changed") changed << view.diffTree()->topLevelItem(i)->text(1);
        QCOMPARE(changed, (QSet<QString>{"stage2.1", "stage3.0"}));
        ExperimentStore store(db_.toStdString(), false);
        const std::int64_t dp = store.run(variant_).params - store.run(seeds_[0]).params;
        QVERIFY(dp != 0);
        QVERIFY2(view.diffSummary()->text().contains(QString("(%1%2)").arg(dp > 0 ? "+" : "").arg(QLocale().toString(qlonglong(dp)))),
                 qPrintable(view.diffSummary()->text()));
        const double dacc = maxOf(kVariantTop1) - maxOf(kSeedTop1[0]);
        QVERIFY2(view.diffSummary()->text().contains(QLocale().toString(dacc, 'f', 2) + " points"), qPrintable(view.diffSummary()->text()));
    }

    void exportsFiguresAsPngSvgAndPdf() {
        CompareView view;
        view.show();
        QVERIFY(waitLoaded(view, {seeds_[0], seeds_[1], seeds_[2], mobile_, variant_}));
        const FigureSize size{3.0, 2.0, 200};
        const QString png = dir_.filePath("top1.png"), svg = dir_.filePath("top1.svg"), pdf = dir_.filePath("pareto.pdf");
        QCOMPARE(view.exportFigure(CompareView::Figure::Top1, png, size), QString());
        QCOMPARE(view.exportFigure(CompareView::Figure::Top1, svg, size), QString());
        QCOMPARE(view.exportFigure(CompareView::Figure::Pareto, pdf, size), QString());
        QImage image(png);
        QCOMPARE(image.size(), QSize(600, 400));   // 3 x 2 inches at 200 DPI
        QVERIFY(QFileInfo(png).permissions() & QFile::ReadOther);   // not the temporary file's 0600
        QVERIFY(std::abs(image.dotsPerMeterX() - 200 / 0.0254) < 2);
        QVERIFY(distinctColours(image) > 10);
        QVERIFY(svgParses(svg, "hlcnn_s (n=3)"));
        const QImage rendered = renderPdf(pdf);
        QVERIFY(!rendered.isNull());
        QVERIFY(distinctColours(rendered) > 10);
        QVERIFY(!view.exportFigure(CompareView::Figure::Loss, dir_.filePath("x.jpg"), size).isEmpty());
        QVERIFY(!view.exportFigure(CompareView::Figure::Loss, dir_.filePath("x.png"), {0.1, 2, 200}).isEmpty());
        QVERIFY(!QFile::exists(dir_.filePath("x.png")));
        QVERIFY(view.exportFigure(CompareView::Figure::Loss, dir_.filePath("no/such/dir/x.png"), size).contains("no/such/dir"));
        // Tables: LaTeX with the group's mean ± std, escaped; Markdown; CSV with a header row.
        QCOMPARE(view.exportTable(dir_.filePath("t.tex")), QString());
        QCOMPARE(view.exportTable(dir_.filePath("t.md")), QString());
        QCOMPARE(view.exportTable(dir_.filePath("t.csv")), QString());
        const QString tex = readAll(dir_.filePath("t.tex"));
        QVERIFY(tex.contains("$\\pm$") && tex.contains("net\\_v2 \\& 50\\% \\#1"));
        QVERIFY(readAll(dir_.filePath("t.md")).startsWith("| Model |"));
        QCOMPARE(readAll(dir_.filePath("t.csv")).count('\n'), 1 + 3);
        QVERIFY(!view.exportTable(dir_.filePath("t.txt")).isEmpty());
    }

    // Run names on the Pareto plot stay inside the exported figure (one was cut at the right
    // edge): read back from the PDF's own text boxes (pdftotext -bbox), for long names at every
    // cost, the largest-cost point included.
    void paretoLabelsStayInsideTheExportedFigure_data() {
        QTest::addColumn<QString>("label");
        QTest::newRow("long") << "hlcnn_s w0.5 cifar on cifar-10-batches-bin seed 12345";
        QTest::newRow("very long") << QString("hlcnn_s (modified) with a much longer descriptive name ").repeated(3);
    }
    void paretoLabelsStayInsideTheExportedFigure() {
        QFETCH(QString, label);
        std::vector<CompareEntry> entries;
        for (int i = 0; i < 4; ++i) {
            CompareEntry e;
            e.label = QString("%1 #%2").arg(label).arg(i).toStdString();
            e.members = {std::size_t(i)};
            e.colorKey = i + 1;
            e.bestTop1 = {60.0 + 5 * i, 0, 1};
            e.macs = (i + 1) * 40000000;
            e.params = (i + 1) * 100000;
            entries.push_back(e);
        }
        QCustomPlot plot;
        plot.resize(900, 600);
        plotEntryPareto(&plot, entries, CostAxis::Macs);
        applyPaperStyle(&plot);
        const QString pdf = dir_.filePath(QString("pareto-%1.pdf").arg(label.size()));
        QCOMPARE(exportPlot(&plot, pdf, FigureFormat::Pdf, FigureSize{6.0, 4.0, 300}), QString());
        QProcess p;
        p.start("pdftotext", {"-bbox", pdf, "-"});
        QVERIFY(p.waitForFinished(30000));
        const QString html = QString::fromUtf8(p.readAllStandardOutput());
        const auto page = QRegularExpression(R"re(<page width="([\d.]+)" height="([\d.]+)")re").match(html);
        QVERIFY2(page.hasMatch(), qPrintable(html.left(500)));
        const double width = page.captured(1).toDouble(), height = page.captured(2).toDouble();
        int words = 0, labelWords = 0;
        const QRegularExpression word(R"re(<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>)re");
        for (auto it = word.globalMatch(html); it.hasNext();) {
            const auto m = it.next();
            ++words;
            if (m.captured(5).startsWith("hlcnn_s")) ++labelWords;
            QVERIFY2(m.captured(1).toDouble() >= -0.5 && m.captured(3).toDouble() <= width + 0.5 && m.captured(2).toDouble() >= -0.5 &&
                         m.captured(4).toDouble() <= height + 0.5,
                     qPrintable(QString("'%1' at x %2-%3 on a page %4 wide").arg(m.captured(5), m.captured(1), m.captured(3)).arg(width)));
        }
        QVERIFY(words > 10);
        QVERIFY2(labelWords >= 4, qPrintable(html));   // every point still has its label
    }

    void reportPackRunsHeadless() {
        const QString out = dir_.filePath("pack");
        const test::CliResult r = test::runCli({"report", "pack", "--db", db_, "--runs", "all", "-o", out});
        QVERIFY2(r.code == 0, r.err.constData());
        QStringList expected;
        for (const char* base : {"curves_loss", "curves_top1", "pareto_macs", "pareto_params", "pareto_latency", "pareto_device_latency",
                                 "confusion_best"}) {
            for (const char* ext : {"pdf", "svg", "png"}) expected << QString("%1.%2").arg(base, ext);
            expected << QString("%1.csv").arg(base);
        }
        expected << "table.tex" << "table.md" << "table.csv" << "runs.csv" << "index.md";
        for (const QString& f : expected) {
            QVERIFY2(QFileInfo(out + "/" + f).size() > 0, qPrintable(f));
            QVERIFY2(r.out.contains(f.toUtf8()), qPrintable(f));
        }
        QCOMPARE(QDir(out).entryList(QDir::Files).size(), expected.size());
        QVERIFY(distinctColours(QImage(out + "/pareto_macs.png")) > 10);
        QVERIFY(distinctColours(renderPdf(out + "/curves_loss.pdf")) > 10);
        QVERIFY(distinctColours(renderPdf(out + "/confusion_best.pdf")) > 10);
        QVERIFY(svgParses(out + "/curves_top1.svg", "mobilenet_v2"));

        // The LaTeX table: balanced environments, one row per seed group or run, specials escaped.
        const QString tex = readAll(out + "/table.tex");
        for (const char* env : {"table", "tabular"})
            QCOMPARE(tex.count(QString("\\begin{%1}").arg(env)), tex.count(QString("\\end{%1}").arg(env)));
        QCOMPARE(tex.count("\\begin{tabular}"), 1);
        const QString body = tex.section("\\midrule", 1).section("\\bottomrule", 0, 0);
        const QStringList rows = body.split("\\\\", Qt::SkipEmptyParts).filter(QRegularExpression("\\S"));
        QCOMPARE(rows.size(), 3);   // hlcnn_s over 3 seeds, mobilenet_v2, the variant
        QVERIFY(tex.contains("net\\_v2 \\& 50\\% \\#1"));
        for (const QString& row : rows) {
            QString stripped = row;
            stripped.remove(QRegularExpression(R"(\\[_&%#$])")).remove("$\\pm$");
            QVERIFY2(!stripped.contains(QRegularExpression("[_%#$]")), qPrintable(row));
            QCOMPARE(stripped.count('&'), 14);   // 15 columns
        }
        std::vector<double> best;
        for (const auto& s : kSeedTop1) best.push_back(maxOf(s));
        QVERIFY(tex.contains(fixed2(mean(best)) + " $\\pm$ " + fixed2(sampleStd(best))));
        // The int8 top-1 of both int8 exports reaches the LaTeX and Markdown tables.
        for (const QString& table : {tex, readAll(out + "/table.md")})
            QVERIFY2(table.contains(fixed2(kInt8Top1)) && table.contains(fixed2(kVariantInt8Top1)), qPrintable(table));
        // The data behind the top-1 figure: the group's mean per epoch.
        const QString csv = readAll(out + "/curves_top1.csv");
        const std::vector<double> epoch2{kSeedTop1[0][1], kSeedTop1[1][1], kSeedTop1[2][1]};
        QVERIFY2(csv.contains(QString("\n2,%1,").arg(mean(epoch2))), qPrintable(csv));
        QVERIFY(readAll(out + "/index.md").contains("pareto_macs.pdf"));
        QVERIFY(!QFileInfo::exists(dir_.filePath(".pack.partial")));
    }

    // The GUI's report pack: read on a worker, drawn on the GUI thread, the same files as the CLI.
    void reportPackFromTheCompareArea() {
        CompareView view;
        QVERIFY(waitLoaded(view, {seeds_[0], seeds_[1], mobile_}));
        QSignalSpy written(&view, &CompareView::reportPackWritten);
        view.writeReportPackTo(dir_.filePath("gui-pack"));
        QVERIFY(written.wait(60000));
        QCOMPARE(written.first().at(0).toString(), QString());
        const QStringList files = written.first().at(1).toStringList();
        QVERIFY(files.contains("table.tex") && files.contains("curves_top1.pdf") && files.contains("confusion_best.png"));
        for (const QString& f : files) QVERIFY2(QFileInfo(dir_.filePath("gui-pack/" + f)).size() > 0, qPrintable(f));
        const QString tex = readAll(dir_.filePath("gui-pack/table.tex"));
        QCOMPARE(tex.section("\\midrule", 1).section("\\bottomrule", 0, 0).count("\\\\"), 2);   // hlcnn_s (n=2), mobilenet_v2
        // A second pack into the same (now full) folder is refused; the first stays whole.
        view.writeReportPackTo(dir_.filePath("gui-pack"));
        QVERIFY(written.wait(60000));
        QVERIFY(written.last().at(0).toString().contains("not an empty folder"));
        QCOMPARE(QDir(dir_.filePath("gui-pack")).entryList(QDir::Files).size(), files.size());
    }

    void reportPackRefusesBadInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("folder not empty") << QStringList{"--runs", "all", "-o", "@nonempty"} << "not an empty folder";
        QTest::newRow("unknown run") << QStringList{"--runs", "1,999", "-o", "@fresh"} << "no run 999";
        QTest::newRow("bad run list") << QStringList{"--runs", "1,x", "-o", "@fresh"} << "x";
        QTest::newRow("run twice") << QStringList{"--runs", "1,1", "-o", "@fresh"} << "twice";
        QTest::newRow("no runs option") << QStringList{"-o", "@fresh"} << "--runs";
        QTest::newRow("no output") << QStringList{"--runs", "all"} << "-o DIR";
        QTest::newRow("nonsense dpi") << QStringList{"--runs", "all", "-o", "@fresh", "--dpi", "-5"} << "--dpi";
        QTest::newRow("NaN width") << QStringList{"--runs", "all", "-o", "@fresh", "--width", "nan"} << "inches";
        QTest::newRow("not a database") << QStringList{"--runs", "all", "-o", "@fresh", "--db", "@notdb"} << "notdb";
    }
    void reportPackRefusesBadInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QTemporaryDir work;
        QDir(work.path()).mkdir("nonempty");
        QFile keep(work.filePath("nonempty/keep.txt"));
        QVERIFY(keep.open(QIODevice::WriteOnly) && keep.write("mine") == 4);
        keep.close();
        QFile notdb(work.filePath("notdb"));
        QVERIFY(notdb.open(QIODevice::WriteOnly) && notdb.write("not sqlite at all, really not") > 0);
        notdb.close();
        QStringList full{"report", "pack"};
        if (!args.contains("--db")) full << "--db" << db_;
        for (QString a : args) full << (a.startsWith('@') ? work.filePath(a.mid(1)) : a);
        const test::CliResult r = test::runCli(full);
        QCOMPARE(exitOf(r), 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QVERIFY(!r.err.contains("internal error"));
        QVERIFY(!QFileInfo::exists(work.filePath("fresh")));
        QCOMPARE(QDir(work.filePath("nonempty")).entryList(QDir::Files | QDir::Hidden), QStringList{"keep.txt"});
        QCOMPARE(QDir(work.path()).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{"nonempty"});
        QCOMPARE(QFileInfo(work.filePath("notdb")).size(), qint64(29));
    }

private:
    static int distinctColours(const QImage& image) {
        std::set<QRgb> colours;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2) colours.insert(image.pixel(x, y));
        return int(colours.size());
    }
    static bool svgParses(const QString& path, const QString& mustContain) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return false;
        const QByteArray bytes = f.readAll();
        QXmlStreamReader xml(bytes);
        bool root = false;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && !root) root = xml.name() == QLatin1String("svg");
        return root && !xml.hasError() && QString::fromUtf8(bytes).contains(mustContain.toHtmlEscaped());
    }
    QImage renderPdf(const QString& pdf) {
        const QString prefix = dir_.filePath(QFileInfo(pdf).completeBaseName() + "-rendered");
        const int code = QProcess::execute("pdftoppm", {"-png", "-r", "50", "-singlefile", pdf, prefix});
        if (code != 0) qWarning("pdftoppm failed (%d) on %s", code, qPrintable(pdf));
        return QImage(prefix + ".png");
    }
    static QString readAll(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
};

QTEST_MAIN(CompareTest)
#include "tst_compare.moc"
