// The graph document: round trips, and every kind of broken file gives an error, never a crash.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/models/zoo.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <random>

using namespace hlcnn;

class GraphJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripEveryZooModel_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("stem");
        for (const auto& m : models::zoo()) {
            QTest::newRow(qPrintable(QString::fromStdString(m.name) + "/imagenet")) << QString::fromStdString(m.name) << "imagenet";
            QTest::newRow(qPrintable(QString::fromStdString(m.name) + "/cifar")) << QString::fromStdString(m.name) << "cifar";
        }
    }
    void roundTripEveryZooModel() {
        QFETCH(QString, model);
        QFETCH(QString, stem);
        models::ModelOptions o;
        o.stem = models::parseStem(stem.toStdString());
        o.classes = 10;
        const Graph g = models::buildModel(model.toStdString(), o);
        const std::string text = graphToJson(g);
        const Graph back = graphFromJson(text);
        QVERIFY(back == g);
        QCOMPARE(graphToJson(back), text);
    }

    void saveAndLoadFile() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/m.hlcnn.json").toStdString();
        const Graph g = models::buildModel("hlcnn_s", {});
        saveGraphFile(g, path);
        QVERIFY(loadGraphFile(path) == g);
        QVERIFY(!QFile::exists(QString::fromStdString(path + ".tmp")));
    }

    void rejectsBadDocuments_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << "" << "not valid JSON";
        QTest::newRow("truncated") << R"({"format": "hlcnn-graph/1", "input": [3, 32)" << "not valid JSON";
        QTest::newRow("array") << "[1,2]" << "must be a JSON object";
        QTest::newRow("no format") << R"({"input":[3,8,8],"nodes":[],"outputs":[]})" << "no \"format\"";
        QTest::newRow("other format") << R"({"format":"onnx","input":[3,8,8],"nodes":[],"outputs":[]})" << "unsupported format";
        QTest::newRow("input rank") << R"({"format":"hlcnn-graph/1","input":[3,8],"nodes":[],"outputs":[]})" << "[C, H, W]";
        QTest::newRow("input type") << R"({"format":"hlcnn-graph/1","input":[3,"8",8],"nodes":[],"outputs":[]})" << "integers";
        QTest::newRow("nodes type") << R"({"format":"hlcnn-graph/1","input":[3,8,8],"nodes":{},"outputs":[]})" << "\"nodes\" must be an array";
        QTest::newRow("node id type") << R"({"format":"hlcnn-graph/1","input":[3,8,8],"nodes":[{"id":1,"op":"relu"}],"outputs":[]})"
                                      << "\"id\" must be a string";
        QTest::newRow("attr object") << R"({"format":"hlcnn-graph/1","input":[3,8,8],"nodes":[{"id":"a","op":"relu","inputs":["input"],"attrs":{"k":[1]}}],"outputs":["a"]})"
                                     << "attribute 'k' must be a number";
        QTest::newRow("inputs not ids") << R"({"format":"hlcnn-graph/1","input":[3,8,8],"nodes":[{"id":"a","op":"relu","inputs":[3]}],"outputs":["a"]})"
                                        << "only strings";
        QTest::newRow("no outputs") << R"({"format":"hlcnn-graph/1","input":[3,8,8],"nodes":[]})" << "no \"outputs\"";
    }
    void rejectsBadDocuments() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        try {
            graphFromJson(text.toStdString());
            QFAIL("accepted a bad document");
        } catch (const GraphError& e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
    }

    void binaryJunkAndTruncationNeverCrash() {
        const std::string good = graphToJson(models::buildModel("shufflenet_v2_x0_5", {}));
        std::mt19937 rng(42);
        int rejected = 0;
        for (std::size_t cut = 0; cut < good.size(); cut += 97) {
            try {
                graphFromJson(good.substr(0, cut));
            } catch (const GraphError&) {
                ++rejected;
            }
        }
        QCOMPARE(rejected, int((good.size() + 96) / 97));
        for (int i = 0; i < 200; ++i) {
            std::string junk(std::size_t(rng() % 512), '\0');
            for (char& c : junk) c = char(rng());
            try {
                graphFromJson(junk);
            } catch (const GraphError&) {
            }
        }
    }

    void missingFileNamesThePath() {
        try {
            loadGraphFile("/nonexistent/model.json");
            QFAIL("no error");
        } catch (const GraphError& e) {
            QVERIFY(QString(e.what()).contains("/nonexistent/model.json"));
        }
    }
};

QTEST_GUILESS_MAIN(GraphJson)
#include "tst_graph_json.moc"
