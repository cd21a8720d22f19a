// The per-block latency tables' graph work: one micro-graph per distinct block configuration, the
// adapters that feed a node whose inputs differ in shape, the flatten in front of vector inputs,
// and the prediction arithmetic, checked against hand derivations.
#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/micro_graphs.h"
#include "hlcnn/models/zoo.h"

#include <QtTest>

#include <set>

using namespace hlcnn;

class MicroGraphs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Every node of every zoo model gets a micro-graph; nodes with the same op, attributes and input
    // shape share one; each micro-graph analyses and its node's output shape is the node's.
    void everyZooNodeHasAMicroGraph_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("stem");
        for (const models::ModelInfo& m : models::zoo())
            for (const char* stem : {"cifar", "imagenet"}) QTest::newRow((m.name + "/" + stem).c_str()) << QString::fromStdString(m.name) << stem;
    }
    void everyZooNodeHasAMicroGraph() {
        QFETCH(QString, model);
        QFETCH(QString, stem);
        models::ModelOptions o;
        o.stem = stem == "cifar" ? models::Stem::Cifar : models::Stem::ImageNet;
        o.classes = 10;
        const Graph g = models::buildModel(model.toStdString(), o);
        const Analysis a = analyzeOrThrow(g);
        const BlockConfigs c = blockConfigs(g);
        QVERIFY2(c.skipped.empty(), c.skipped.empty() ? "" : (c.skipped.begin()->first + ": " + c.skipped.begin()->second).c_str());
        QCOMPARE(c.keyOf.size(), g.nodes.size());
        size_t covered = 0;
        std::set<std::string> keys;
        for (const BlockConfig& b : c.blocks) {
            QVERIFY(keys.insert(b.key).second);  // distinct
            covered += b.nodeIds.size();
            const Analysis m = analyzeOrThrow(b.graph);
            for (const std::string& id : b.nodeIds) QCOMPARE(m.shapes.at("block"), a.shapes.at(id));
            if (!b.baselineKey.empty()) QVERIFY(analyze(b.baseline).ok());
        }
        QCOMPARE(covered, g.nodes.size());
    }

    void sameConfigurationSharesOneBlock() {
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        const Graph g = models::buildModel("hlcnn_s", o);
        const BlockConfigs c = blockConfigs(g);
        // stage4.1 and stage4.2: same attributes, same 80-channel input (hlcnn_s at width 1)
        QCOMPARE(c.keyOf.at("stage4.1"), c.keyOf.at("stage4.2"));
        QVERIFY(c.keyOf.at("stage4.0") != c.keyOf.at("stage4.1"));  // its input has other channels
        QVERIFY(c.blocks.size() < g.nodes.size());
    }

    // head_fusion joins stage6.1 (2x2 at width 1, cifar) with stage5.1 (4x4): fed from the larger
    // map, the smaller one made by a 1x1 stride-2 convolution, whose own time is the baseline.
    void fusionOfTwoStagesGetsAnAdapter() {
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        const Graph g = models::buildModel("hlcnn_s", o);
        const Analysis a = analyzeOrThrow(g);
        const BlockConfigs c = blockConfigs(g);
        const BlockConfig* fusion = nullptr;
        for (const BlockConfig& b : c.blocks)
            if (b.op == "fusion") fusion = &b;
        QVERIFY(fusion);
        const TensorShape small = a.shapes.at("stage6.1"), large = a.shapes.at("stage5.1");
        QCOMPARE(fusion->graph.input, large);
        const Node* adapter = fusion->graph.findNode("adapt0");
        QVERIFY(adapter);
        QCOMPARE(adapter->attrs.integer("stride"), large.dims[1] / small.dims[1]);
        QCOMPARE(adapter->attrs.integer("out_channels"), small.dims[0]);
        QCOMPARE(fusion->graph.findNode("block")->inputs, (std::vector<std::string>{"adapt0", "input"}));
        QCOMPARE(fusion->baseline.outputs, std::vector<std::string>{"adapt0"});
    }

    void predictionSubtractsOverheadAndBaselines() {
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        const Graph g = models::buildModel("hlcnn_s", o);
        const BlockConfigs c = blockConfigs(g);
        std::map<std::string, double> ms;
        double i = 1;
        for (const BlockConfig& b : c.blocks) {
            ms[b.key] = 0.5 + i;   // distinct, all above the overhead
            if (!b.baselineKey.empty()) ms[b.baselineKey] = 0.75;
            i += 1;
        }
        const double overhead = 0.25;
        const LatencyPrediction p = predictLatency(g, ms, overhead);
        QVERIFY(p.missing.empty());
        double expected = overhead;
        for (const Node& n : g.nodes) {
            const std::string& key = c.keyOf.at(n.id);
            const BlockConfig* b = nullptr;
            for (const BlockConfig& x : c.blocks)
                if (x.key == key) b = &x;
            const double node = ms.at(key) - (b->baselineKey.empty() ? overhead : 0.75);
            QCOMPARE(p.nodeMs.at(n.id), node);
            expected += node;
        }
        QCOMPARE(p.totalMs, expected);
        // a block faster than the overhead counts as zero, a missing one is listed
        ms[c.keyOf.at("stem.1")] = 0.1;
        ms.erase(c.keyOf.at("stem.2"));
        const LatencyPrediction q = predictLatency(g, ms, overhead);
        QCOMPARE(q.nodeMs.at("stem.1"), 0.0);
        QCOMPARE(q.missing, std::vector<std::string>{"stem.2"});
    }

    // fusion of a 5x5 and a 9x9 map: 9 is no whole multiple of 5, so no strided 1x1 convolution
    // makes one from the other; the node is skipped with that reason, the others are not
    void inputsNoAdapterCanMakeAreSkipped() {
        const Graph g = graphFromJson(R"({"format":"hlcnn-graph/1","name":"odd","input":[3,9,9],"nodes":[
          {"id":"a","op":"conv2d","inputs":["input"],"attrs":{"out_channels":8,"stride":2}},
          {"id":"b","op":"conv2d","inputs":["input"],"attrs":{"out_channels":8,"stride":1}},
          {"id":"f","op":"fusion","inputs":["a","b"]}],"outputs":["f"]})");
        QVERIFY(analyze(g).ok());
        const BlockConfigs c = blockConfigs(g);
        QCOMPARE(c.skipped.size(), size_t(1));
        QVERIFY(c.skipped.at("f").find("no 1x1 strided convolution") != std::string::npos);
        QCOMPARE(c.blocks.size(), size_t(2));
        const LatencyPrediction p = predictLatency(g, {{c.keyOf.at("a"), 1.0}, {c.keyOf.at("b"), 2.0}}, 0.5);
        QCOMPARE(p.missing, std::vector<std::string>{"f"});
        QCOMPARE(p.totalMs, 0.5 + 0.5 + 1.5);
    }
};

QTEST_GUILESS_MAIN(MicroGraphs)
#include "tst_micro_graphs.moc"
