// Validation and shape inference: each defect is reported against the right node with the reason.
#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"

#include <QtTest>

using namespace hlcnn;

namespace {

// A tiny graph text with one placeholder for the nodes.
std::string doc(const std::string& nodes, const std::string& outputs, const std::string& input = "[3, 32, 32]") {
    return R"({"format":"hlcnn-graph/1","name":"t","input":)" + input + R"(,"nodes":[)" + nodes + R"(],"outputs":[)" +
           outputs + "]}";
}

}  // namespace

class Validation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reportsDefects_data() {
        QTest::addColumn<QString>("graph");
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("reason");
        auto row = [](const char* name, const std::string& g, const char* node, const char* reason) {
            QTest::newRow(name) << QString::fromStdString(g) << node << reason;
        };
        row("unknown op", doc(R"({"id":"a","op":"conv3d","inputs":["input"]})", R"("a")"), "a", "unknown op 'conv3d'");
        row("wrong input count", doc(R"({"id":"a","op":"add","inputs":["input"]})", R"("a")"), "a", "takes at least 2 input(s), got 1");
        row("dangling input", doc(R"({"id":"a","op":"relu","inputs":["ghost"]})", R"("a")"), "a", "input 'ghost' does not exist");
        row("missing attr", doc(R"({"id":"c","op":"conv2d","inputs":["input"]})", R"("c")"), "c", "missing required attribute 'out_channels'");
        row("unknown attr", doc(R"({"id":"c","op":"relu","inputs":["input"],"attrs":{"inplace":true}})", R"("c")"), "c",
            "unknown attribute 'inplace'");
        row("negative size", doc(R"({"id":"c","op":"conv2d","inputs":["input"],"attrs":{"out_channels":-4}})", R"("c")"), "c",
            "out of range");
        row("zero stride", doc(R"({"id":"c","op":"conv2d","inputs":["input"],"attrs":{"out_channels":4,"stride":0}})", R"("c")"),
            "c", "attribute 'stride' = 0 is out of range");
        row("groups", doc(R"({"id":"c","op":"conv2d","inputs":["input"],"attrs":{"out_channels":8,"groups":2}})", R"("c")"), "c",
            "groups = 2 does not divide the 3 input channels");
        row("channel mismatch", doc(R"({"id":"a","op":"pointwise_conv","inputs":["input"],"attrs":{"out_channels":8}},{"id":"b","op":"add","inputs":["a","input"]})", R"("b")"),
            "b", "shape mismatch: input 0 is 8x32x32, input 1 is 3x32x32");
        row("collapse", doc(R"({"id":"c","op":"conv2d","inputs":["input"],"attrs":{"out_channels":8,"kernel":7,"padding":0}})", R"("c")", "[3, 5, 5]"),
            "c", "spatial size collapses to 0");
        row("pool collapse", doc(R"({"id":"p","op":"maxpool","inputs":["input"],"attrs":{"kernel":4}})", R"("p")", "[3, 2, 2]"),
            "p", "collapses to 0");
        row("cycle", doc(R"({"id":"a","op":"relu","inputs":["b"]},{"id":"b","op":"relu","inputs":["a"]})", R"("b")"), "a", "part of a cycle");
        row("self loop", doc(R"({"id":"a","op":"add","inputs":["a","input"]})", R"("a")"), "a", "part of a cycle");
        row("duplicate id", doc(R"({"id":"a","op":"relu","inputs":["input"]},{"id":"a","op":"relu","inputs":["input"]})", R"("a")"),
            "a", "duplicate node id");
        row("bad id", doc(R"({"id":"a..b","op":"relu","inputs":["input"]})", R"("a..b")"), "a..b", "invalid node id");
        row("linear on map", doc(R"({"id":"fc","op":"linear","inputs":["input"],"attrs":{"out_features":10}})", R"("fc")"), "fc",
            "insert a flatten node");
        row("bad enum", doc(R"({"id":"s","op":"channel_attention","inputs":["input"],"attrs":{"gate":"tanh"}})", R"("s")"), "s",
            "is not one of: sigmoid, hardsigmoid");
        row("composite inner error", doc(R"({"id":"u","op":"shufflenet_v2_unit","inputs":["input"],"attrs":{"out_channels":24}})", R"("u")"),
            "u", "stride-1 unit needs input channels == out_channels");
        row("fusion without resampling", doc(R"({"id":"p","op":"maxpool","inputs":["input"],"attrs":{"kernel":3,"stride":3}},{"id":"f","op":"fusion","inputs":["input","p"],"attrs":{"resample":false}})", R"("f")"),
            "f", "spatial mismatch");
        row("no outputs", doc(R"({"id":"a","op":"relu","inputs":["input"]})", ""), "", "no outputs");
        row("output missing", doc(R"({"id":"a","op":"relu","inputs":["input"]})", R"("z")"), "", "output 'z' is not a node");
        row("zero input", doc(R"({"id":"a","op":"relu","inputs":["input"]})", R"("a")", "[3, 0, 32]"), "", "input dimensions");
        row("huge tensor", doc(R"({"id":"c","op":"conv2d","inputs":["input"],"attrs":{"out_channels":1048576,"kernel":1}})", R"("c")", "[3, 65536, 65536]"),
            "", "too large");
    }
    void reportsDefects() {
        QFETCH(QString, graph);
        QFETCH(QString, node);
        QFETCH(QString, reason);
        const Analysis a = analyze(graphFromJson(graph.toStdString()));
        QVERIFY(!a.ok());
        const GraphIssue& issue = a.issues.front();
        QCOMPARE(QString::fromStdString(issue.nodeId), node);
        QVERIFY2(QString::fromStdString(issue.message).contains(reason), issue.toString().c_str());
    }

    void downstreamOfAnErrorIsNotReportedTwice() {
        const Analysis a = analyze(graphFromJson(doc(
            R"({"id":"c","op":"conv2d","inputs":["input"],"attrs":{"out_channels":8,"groups":2}},{"id":"r","op":"relu","inputs":["c"]})",
            R"("r")")));
        QCOMPARE(int(a.issues.size()), 1);
        QCOMPARE(QString::fromStdString(a.issues[0].nodeId), QString("c"));
    }

    void shapesFollowPyTorchRules_data() {
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("shape");
        QTest::newRow("conv s2") << R"({"id":"x","op":"conv2d","inputs":["input"],"attrs":{"out_channels":16,"stride":2}})" << "[3, 224, 224]" << "16x112x112";
        QTest::newRow("conv dilated") << R"({"id":"x","op":"conv2d","inputs":["input"],"attrs":{"out_channels":4,"dilation":2,"padding":0}})" << "[3, 9, 9]" << "4x5x5";
        QTest::newRow("ceil pool") << R"({"id":"x","op":"maxpool","inputs":["input"],"attrs":{"kernel":3,"stride":2,"ceil_mode":true}})" << "[8, 55, 55]" << "8x27x27";
        QTest::newRow("ceil pool 2") << R"({"id":"x","op":"maxpool","inputs":["input"],"attrs":{"kernel":3,"stride":2,"ceil_mode":true}})" << "[8, 54, 54]" << "8x27x27";
        QTest::newRow("floor pool") << R"({"id":"x","op":"maxpool","inputs":["input"],"attrs":{"kernel":3,"stride":2}})" << "[8, 54, 54]" << "8x26x26";
        QTest::newRow("split") << R"({"id":"x","op":"channel_split","inputs":["input"],"attrs":{"parts":2,"index":1}})" << "[8, 4, 4]" << "4x4x4";
        QTest::newRow("flatten") << R"({"id":"x","op":"flatten","inputs":["input"]})" << "[8, 4, 4]" << "128";
        QTest::newRow("gap") << R"({"id":"x","op":"global_avgpool","inputs":["input"]})" << "[8, 4, 4]" << "8x1x1";
        QTest::newRow("dw mult") << R"({"id":"x","op":"depthwise_conv","inputs":["input"],"attrs":{"multiplier":2,"stride":2}})" << "[8, 7, 7]" << "16x4x4";
        QTest::newRow("hlcnn block s2") << R"({"id":"x","op":"hlcnn_block","inputs":["input"],"attrs":{"out_channels":24,"stride":2}})" << "[16, 32, 32]" << "24x16x16";
        QTest::newRow("fire") << R"({"id":"x","op":"fire","inputs":["input"],"attrs":{"squeeze":16,"expand1x1":64,"expand3x3":64}})" << "[96, 55, 55]" << "128x55x55";
    }
    void shapesFollowPyTorchRules() {
        QFETCH(QString, node);
        QFETCH(QString, input);
        QFETCH(QString, shape);
        const Analysis a = analyze(graphFromJson(doc(node.toStdString(), R"("x")", input.toStdString())));
        QVERIFY2(a.ok(), a.ok() ? "" : a.issues[0].toString().c_str());
        QCOMPARE(QString::fromStdString(a.shapes.at("x").toString()), shape);
    }
};

QTEST_GUILESS_MAIN(Validation)
#include "tst_validation.moc"
