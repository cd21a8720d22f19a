// The CLI contract: outputs other tools parse, and exit code 2 with one line on stderr for bad input.
#include "hlcnn/core/graph_json.h"
#include "support/cli_process.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using Result = hlcnn::test::CliResult;

static Result run(const QStringList& args) { return hlcnn::test::runCli(args); }

static void writeCifar(const QString& dir, int perBatch) { QVERIFY(hlcnn::test::writeTinyCifar(dir, perBatch)); }

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
        QCOMPARE(o.value("flops").toInteger(), 2 * o.value("macs").toInteger());  // FLOPs = 2 x MACs, other ops apart
        QCOMPARE(o.value("input").toArray().size(), 3);
        QVERIFY(o.value("layers").toArray().size() > 100);
    }

    // CSV cells hold plain numbers: no digit-group commas, no quotes, one field per header column,
    // and the params column sums to the model's total.
    void csvHoldsPlainNumbers() {
        const Result r = run({"profile", "--model", "mobilenet_v2", "--layers", "--format", "csv"});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        const QList<QByteArray> header = lines.first().split(',');
        const int params = int(header.indexOf("params"));
        QVERIFY(params >= 0);
        QVERIFY(!r.out.contains('"'));
        qint64 sum = 0;
        for (int i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> cells = lines[i].split(',');
            QCOMPARE(cells.size(), header.size());
            if (cells.first() == "total") {  // the last row: the layers' sum
                QCOMPARE(cells[params].toLongLong(), sum);
                continue;
            }
            bool ok = false;
            sum += cells[params].toLongLong(&ok);
            QVERIFY2(ok, lines[i].constData());
        }
        QCOMPARE(sum, qint64(3504872));
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
        QTest::newRow("zero classes") << QStringList{"profile", "--model", "resnet18", "--classes", "0"} << "--classes must be between 1 and";
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

    void trainThenEvaluate() {
        const QString data = dir_.path() + "/cifar", out = dir_.path() + "/run";
        writeCifar(data, 40);
        const Result r = run({"train", "--model", "hlcnn_s", "--width", "0.25", "--data", "cifar10:" + data, "--epochs", "2",
                              "--batch", "32", "--lr", "0.005", "--threads", "2", "--out", out, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QJsonObject last;
        for (const QByteArray& line : lines) {
            last = QJsonDocument::fromJson(line).object();
            for (const char* k : {"epoch", "train_loss", "val_loss", "val_top1", "val_top5", "seconds", "lr"}) QVERIFY2(last.contains(k), k);
        }
        QCOMPARE(last.value("epoch").toInt(), 2);
        const Result e = run({"eval", "--checkpoint", out + "/last.ckpt", "--data", "cifar10:" + data, "--json"});
        QVERIFY2(e.code == 0, e.err.constData());
        const QJsonObject ev = QJsonDocument::fromJson(e.out).object();
        QCOMPARE(ev.value("top1").toDouble(), last.value("val_top1").toDouble());
        QCOMPARE(ev.value("samples").toInt(), 60);
        QCOMPARE(ev.value("confusion").toArray().size(), 100);
        const Result resumed = run({"train", "--resume", out + "/last.ckpt", "--data", "cifar10:" + data, "--epochs", "3",
                                    "--batch", "32", "--lr", "0.005", "--threads", "2", "--json"});
        QVERIFY2(resumed.code == 0, resumed.err.constData());
        QCOMPARE(QJsonDocument::fromJson(resumed.out.trimmed()).object().value("epoch").toInt(), 3);
    }

    // MNIST-sized grey images train with the recommended model as it comes (hlcnn_s, CIFAR stem):
    // 28x28 is not a power of two, which the fusion once could not take.
    void trainsOnMnistSizedGreyImages() {
        const QString data = dir_.path() + "/idx";
        QVERIFY(hlcnn::test::writeTinyIdx(data, 1000, 200));
        const Result r = run({"train", "--model", "hlcnn_s", "--width", "0.5", "--data", "idx:" + data, "--epochs", "3",
                              "--batch", "32", "--optimizer", "adamw", "--lr", "3e-3", "--no-flip", "--crop-padding", "0",
                              "--threads", "2", "--no-db", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const double top1 = QJsonDocument::fromJson(lines.last()).object().value("val_top1").toDouble();
        qInfo("hlcnn_s on 28x28 grey digits-like data: %.1f%% test top-1 after 3 epochs (chance 10%%)", top1);
        QVERIFY2(top1 >= 60.0, qPrintable(QString("top-1 %1%").arg(top1)));
    }

    void benchmarksReportThroughput() {
        const Result t = run({"bench", "train", "--model", "hlcnn_s", "--width", "0.25", "--stem", "cifar", "--classes", "10",
                              "--batch", "16", "--steps", "2", "--json"});
        QVERIFY2(t.code == 0, t.err.constData());
        QVERIFY(QJsonDocument::fromJson(t.out).object().value("images_per_s").toDouble() > 0);
        const QString data = dir_.path() + "/cifar-bench";
        writeCifar(data, 20);
        const Result d = run({"bench", "data", "--data", "cifar10:" + data, "--json"});
        QVERIFY2(d.code == 0, d.err.constData());
        QVERIFY(QJsonDocument::fromJson(d.out).object().value("images_per_s").toDouble() > 0);
    }

    void badTrainingInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no data") << QStringList{"train", "--model", "hlcnn_s"} << "--data SPEC is required";
        QTest::newRow("bad spec") << QStringList{"train", "--model", "hlcnn_s", "--data", "imagenet:/x"} << "unknown dataset kind";
        QTest::newRow("missing dir") << QStringList{"train", "--model", "hlcnn_s", "--data", "cifar10:/nonexistent"} << "does not exist";
        QTest::newRow("optimizer") << QStringList{"train", "--model", "hlcnn_s", "--data", "cifar10:/x", "--optimizer", "rmsprop"} << "--optimizer must be";
        QTest::newRow("bad checkpoint") << QStringList{"eval", "--checkpoint", "/nonexistent.ckpt", "--data", "cifar10:/nonexistent"} << "is not a readable checkpoint";
    }
    void badTrainingInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(QString(r.err).contains(message), r.err.constData());
    }

    void truncatedBatchIsNamed() {
        const QString data = dir_.path() + "/cifar-cut";
        writeCifar(data, 10);
        QFile f(data + "/data_batch_3.bin");
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(f.size() - 17);
        f.close();
        const Result r = run({"train", "--model", "hlcnn_s", "--data", "cifar10:" + data});
        QCOMPARE(r.code, 2);
        QVERIFY2(QString(r.err).contains("data_batch_3.bin' is truncated"), r.err.constData());
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
