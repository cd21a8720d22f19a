// The CLI contract: outputs other tools parse, and exit code 2 with one line on stderr for bad input.
#include "hlcnn/core/graph_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

struct Result {
    int code;
    QByteArray out, err;
};

static Result run(const QStringList& args) {
    QProcess p;
    p.start(HLCNN_CLI, args);
    if (!p.waitForFinished(300000)) return {-1, {}, "timeout"};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(), p.readAllStandardError()};
}

class Cli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void modelsListsTheZoo() {
        const Result r = run({"models", "--json"});
        QCOMPARE(r.code, 0);
        QStringList names;
        for (const auto& v : QJsonDocument::fromJson(r.out).array()) names << v.toObject().value("name").toString();
        for (const char* m : {"mobilenet_v1", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large", "shufflenet_v1",
                              "shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0",
                              "squeezenet1_0", "squeezenet1_1", "ghostnet", "efficientnet_b0", "resnet18", "hlcnn_s",
                              "hlcnn_m", "hlcnn_l"})
            QVERIFY2(names.contains(m), m);
        QCOMPARE(run({"models"}).code, 0);
    }

    void profileJsonHasTheContractKeys() {
        const Result r = run({"profile", "--model", "mobilenet_v2", "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        for (const char* k : {"model", "input", "params", "macs", "layers", "flops", "other_ops"}) QVERIFY2(o.contains(k), k);
        QCOMPARE(o.value("params").toInteger(), qint64(3504872));
        QCOMPARE(o.value("flops").toInteger(), 2 * o.value("macs").toInteger() + o.value("other_ops").toInteger());
        QCOMPARE(o.value("input").toArray().size(), 3);
        QVERIFY(o.value("layers").toArray().size() > 100);
    }

    void exportedGraphProfilesLikeTheModel() {
        const QString file = dir_.path() + "/h.json";
        QCOMPARE(run({"graph", "export", "--model", "hlcnn_s", "--stem", "cifar", "--classes", "10", "--output", file}).code, 0);
        const auto g = hlcnn::loadGraphFile(file.toStdString());
        QCOMPARE(g.input.dims, (std::vector<std::int64_t>{3, 32, 32}));
        const Result fromGraph = run({"profile", "--graph", file, "--json"});
        const Result fromModel = run({"profile", "--model", "hlcnn_s", "--stem", "cifar", "--classes", "10", "--json"});
        QCOMPARE(fromGraph.code, 0);
        const auto a = QJsonDocument::fromJson(fromGraph.out).object(), b = QJsonDocument::fromJson(fromModel.out).object();
        QCOMPARE(a.value("macs"), b.value("macs"));
        QCOMPARE(a.value("params"), b.value("params"));
        QCOMPARE(run({"graph", "validate", file}).code, 0);
        const Result table = run({"profile", "--graph", file, "--format", "latex"});
        QVERIFY(table.out.contains("\\toprule"));
    }

    void inputOverride() {
        const Result r = run({"profile", "--model", "squeezenet1_0", "--input", "3x227x227", "--json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value("macs").toInteger(), qint64(832667936));
    }

    void badInputExitsTwoWithOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command";
        QTest::newRow("unknown model") << QStringList{"profile", "--model", "alexnet"} << "unknown model 'alexnet'";
        QTest::newRow("bad stem") << QStringList{"profile", "--model", "resnet18", "--stem", "mnist"} << "stem must be";
        QTest::newRow("bad input") << QStringList{"profile", "--model", "resnet18", "--input", "3x0x5"} << "--input must be CxHxW";
        QTest::newRow("collapsing input") << QStringList{"profile", "--model", "squeezenet1_0", "--input", "3x8x8"} << "collapses";
        QTest::newRow("classes not int") << QStringList{"profile", "--model", "resnet18", "--classes", "ten"} << "--classes must be an integer";
        QTest::newRow("zero classes") << QStringList{"profile", "--model", "resnet18", "--classes", "0"} << "classes must be at least 1";
        QTest::newRow("width on fixed") << QStringList{"profile", "--model", "resnet18", "--width", "0.5"} << "no width multiplier";
        QTest::newRow("both sources") << QStringList{"profile", "--model", "resnet18", "--graph", "x.json"} << "exactly one";
        QTest::newRow("missing file") << QStringList{"profile", "--graph", "/nonexistent.json"} << "cannot open graph file";
        QTest::newRow("unknown option") << QStringList{"profile", "--model", "resnet18", "--fast"} << "unknown option --fast";
        QTest::newRow("missing value") << QStringList{"profile", "--model"} << "needs a value";
        QTest::newRow("bad format") << QStringList{"profile", "--model", "resnet18", "--format", "xml"} << "format must be";
    }
    void badInputExitsTwoWithOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(QString(r.err).contains(message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }

    void corruptGraphFiles_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("binary") << QByteArray("\x00\xff\x13garbage", 10) << "not valid JSON";
        QTest::newRow("truncated") << QByteArray(R"({"format":"hlcnn-graph/1","input":[3,32,3)") << "not valid JSON";
        QTest::newRow("invalid graph")
            << QByteArray(R"({"format":"hlcnn-graph/1","input":[3,32,32],"nodes":[{"id":"a","op":"add","inputs":["input"]}],"outputs":["a"]})")
            << "node 'a': op 'add' takes at least 2";
    }
    void corruptGraphFiles() {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString file = dir_.path() + "/bad.json";
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        for (const QStringList& args : {QStringList{"profile", "--graph", file}, QStringList{"graph", "validate", file}}) {
            const Result r = run(args);
            QCOMPARE(r.code, 2);
            QVERIFY2(QString(r.err).contains(message), r.err.constData());
        }
    }
};

QTEST_GUILESS_MAIN(Cli)
#include "tst_cli.moc"
