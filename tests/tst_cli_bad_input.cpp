// Bad input, tried as a new user would: every row must end with exit code 2 and one line on
// stderr naming the problem (no backtrace, no "internal error"), and leave every input file
// byte-identical, with no new file (a bad command creates no database and records no run).
#include "support/cli_process.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QCryptographicHash>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using hlcnn::test::runCli;

namespace {

// Every file under a folder (SQLite's transient -wal/-shm/-journal aside) with its SHA-256.
QMap<QString, QByteArray> snapshot(const QString& dir) {
    QMap<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith("-wal") || path.endsWith("-shm") || path.endsWith("-journal")) continue;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) continue;
        files[path] = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }
    return files;
}

}  // namespace

class CliBadInput : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString cifar_, idx_, db_, ckpt_, graph_;

    QString p(const QString& name) const { return dir_.path() + "/" + name; }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        cifar_ = p("cifar");
        QVERIFY(hlcnn::test::writeTinyCifar(cifar_, 20, 20));
        idx_ = p("idx");
        QVERIFY(hlcnn::test::writeTinyIdx(idx_, 20, 20));
        db_ = p("g.sqlite");
        graph_ = p("model.hlcnn.json");
        QCOMPARE(runCli({"graph", "export", "--model", "hlcnn_s", "--stem", "cifar", "--classes", "10", "--width", "0.25",
                         "--output", graph_}).code, 0);
        // one recorded run with a checkpoint, for the commands that read them
        const auto r = runCli({"train", "--graph", graph_, "--data", "cifar10:" + cifar_, "--epochs", "1", "--batch", "50",
                               "--threads", "1", "--db", db_, "--out", p("run1")});
        QVERIFY2(r.code == 0, r.err.constData());
        ckpt_ = p("run1/last.ckpt");
        QVERIFY(QFile::exists(ckpt_));
        QDir().mkpath(p("emptydir"));
        {
            QFile garbage(p("garbage.ptl"));
            QVERIFY(garbage.open(QIODevice::WriteOnly));
            garbage.write("PK\x03\x04 not really a zip");
            QFile notOnnx(p("garbage.onnx"));
            QVERIFY(notOnnx.open(QIODevice::WriteOnly));
            notOnnx.write("\x08\x07 not a protobuf model");
        }
        {
            // F2 (7x7) pooled to F1's 4x4: overlapping adaptive windows, which no ONNX operator has
            QFile g(p("fusion_7_to_4.hlcnn.json"));
            QVERIFY(g.open(QIODevice::WriteOnly));
            g.write("{\"format\":\"hlcnn-graph/1\",\"name\":\"x\",\"input\":[3,7,7],\"nodes\":["
                    "{\"id\":\"f1\",\"op\":\"conv2d\",\"inputs\":[\"input\"],\"attrs\":{\"out_channels\":4,\"stride\":2}},"
                    "{\"id\":\"fuse\",\"op\":\"fusion\",\"inputs\":[\"f1\",\"input\"]}],\"outputs\":[\"fuse\"]}");
        }
        // 32x32 colour images in two classes: the right size, the wrong classes for the checkpoint
        for (const char* c : {"cat", "dog"}) {
            QDir().mkpath(p("twoclasses/") + c);
            const cv::Mat image(32, 32, CV_8UC3, cv::Scalar(128, 128, 128));
            QVERIFY(cv::imwrite((p("twoclasses/") + c + "/0.png").toStdString(), image));
        }
        qputenv("HLCNN_DB", p("default.sqlite").toUtf8());  // must never be created by a bad command
    }

    void refusedWithOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString data = "cifar10:" + cifar_;
        const QStringList train{"train", "--graph", graph_, "--data", data, "--db", db_, "--epochs", "1"};
        const QStringList lat{"bench", "latency", "--model", "hlcnn_s", "--stem", "cifar"};
        auto row = [](const char* name, const QStringList& args, const QString& message) {
            QTest::newRow(name) << args << message;
        };
        row("export torchscript into a folder", {"export", "torchscript", "--graph", graph_, "--out", p("emptydir")}, "is a folder");
        row("export torchscript into a missing folder", {"export", "torchscript", "--graph", graph_, "--out", p("nope/m.pt")}, "does not exist");
        row("export over its graph", {"export", "torchscript", "--graph", graph_, "--out", graph_}, "would overwrite the input");
        const QStringList ex{"export", "--checkpoint", ckpt_, "--format", "ptl", "-o", p("m.ptl")};
        const QStringList int8 = ex + QStringList{"--int8", "--calib-data", data};
        row("export a graph as a checkpoint", {"export", "--checkpoint", graph_, "--format", "ptl", "-o", p("m.ptl")},
            "is not a readable checkpoint");
        row("export calibration of the wrong shape", ex + QStringList{"--int8", "--calib-data", "idx:" + idx_},
            "are 1x28x28, the model takes 3x32x32");
        row("export calibration of other classes", ex + QStringList{"--int8", "--calib-data", "folder:" + p("twoclasses")},
            "has 2 classes, the checkpoint 10");
        row("export int8 onnx", {"export", "--checkpoint", ckpt_, "--format", "onnx", "-o", p("m.onnx"), "--int8", "--calib-data", data},
            "--int8 --format onnx: ONNX is written in fp32");
        row("export format bogus", {"export", "--checkpoint", ckpt_, "--format", "tflite", "-o", p("m.tflite")},
            "unknown export format 'tflite' (pt, ptl, onnx, mobile)");
        row("export mobile with an engine", {"export", "--checkpoint", ckpt_, "--format", "mobile", "--int8", "--calib-data", "x",
                                             "--engine", "qnnpack", "-o", p("m.hlmp")},
            "--engine does not apply to --format mobile");
        row("export onnx into a missing folder", {"export", "--checkpoint", ckpt_, "--format", "onnx", "-o", p("nope/m.onnx")},
            "does not exist");
        row("export into a missing folder", {"export", "--checkpoint", ckpt_, "--format", "pt", "-o", p("nope/m.pt")},
            "does not exist");
        row("export over the checkpoint", {"export", "--checkpoint", ckpt_, "--format", "pt", "-o", ckpt_},
            "would overwrite the input");
        row("export int8 without data", ex + QStringList{"--int8"}, "--int8 needs --calib-data SPEC");
        row("export calibration batches 0", int8 + QStringList{"--calib-batches", "0"}, "--calib-batches must be between");
        row("export engine fbgemm", int8 + QStringList{"--engine", "fbgemm"}, "unknown quantized engine 'fbgemm'");
        row("export observer bogus", int8 + QStringList{"--observer", "kl"}, "unknown observer 'kl'");
        row("export engine without int8", ex + QStringList{"--engine", "qnnpack"}, "--engine applies to --int8 only");
        row("export to a missing run", ex + QStringList{"--run", "99", "--db", db_}, "no run 99");
        const QStringList infer{"bench", "infer", "--model", "hlcnn_s", "--stem", "cifar", "--iters", "2"};
        row("bench infer opencv of an op ONNX lacks", {"bench", "infer", "--graph", p("fusion_7_to_4.hlcnn.json"), "--runtime", "eager,opencv"},
            "node 'fuse' (fusion): adaptive average pooling from 7x7 to 4x4 (not a whole factor) has no exact ONNX operator (format onnx)");
        row("bench infer onnx not a model", {"bench", "infer", "--artifact", p("garbage.onnx")}, "not an ONNX model");
        row("bench infer bogus runtime", infer + QStringList{"--runtime", "tflite"}, "unknown runtime 'tflite'");
        row("bench infer two sources", infer + QStringList{"--checkpoint", ckpt_}, "give exactly one of");
        row("bench infer missing artifact", {"bench", "infer", "--artifact", p("none.ptl")}, "does not exist");
        row("bench infer artifact of another kind", {"bench", "infer", "--artifact", graph_}, "must be a .pt, .ptl or .onnx file");
        row("bench infer artifact not a model", {"bench", "infer", "--artifact", p("garbage.ptl")}, "is not a .ptl model");
        row("bench infer calibration without checkpoint", infer + QStringList{"--runtime", "int8", "--calib-data", data},
            "--calib-data calibrates a trained model");
        row("bench infer iters 0", infer + QStringList{"--iters", "0"}, "--iters must be between");
        row("bench latency huge batch", lat + QStringList{"--batch", "100000000"}, "--batch must be between 1 and");
        row("bench latency batch beyond memory", lat + QStringList{"--model", "resnet18", "--stem", "imagenet", "--batch", "65536"},
            "more than this machine's");
        row("bench train huge batch", {"bench", "train", "--model", "hlcnn_s", "--batch", "100000000"}, "--batch must be between 1 and");
        row("lr nan", train + QStringList{"--lr", "nan"}, "--lr must be a finite number > 0, got nan");
        row("lr inf", train + QStringList{"--lr", "inf"}, "--lr must be a finite number > 0, got inf");
        row("weight decay negative", train + QStringList{"--weight-decay", "-1"}, "--weight-decay must be");
        row("label smoothing 2", train + QStringList{"--label-smoothing", "2"}, "--label-smoothing must be in [0, 1)");
        row("momentum negative", train + QStringList{"--momentum", "-3"}, "--momentum must be in [0, 1)");
        row("width nan train", {"train", "--model", "hlcnn_s", "--width", "nan", "--data", data, "--db", db_}, "--width must be");
        row("width nan profile", {"profile", "--model", "hlcnn_s", "--width", "nan"}, "--width must be");
        row("width nan export", {"graph", "export", "--model", "hlcnn_s", "--width", "nan"}, "--width must be");
        row("bench latency threads huge", lat + QStringList{"--threads", "100000"}, "--threads must be between 1 and");
        row("padding mode mirror", train + QStringList{"--padding-mode", "mirror"},
            "--padding-mode must be one of zero, reflect, got 'mirror'");
        row("grad clip negative", train + QStringList{"--grad-clip", "-1"}, "--grad-clip must be");
        row("patience negative", train + QStringList{"--patience", "-1"}, "--patience must be between");
        row("crop padding negative", train + QStringList{"--crop-padding", "-1"}, "--crop-padding must be between");
        row("cutout negative", train + QStringList{"--cutout", "-1"}, "--cutout must be between");
        row("warmup negative", train + QStringList{"--warmup", "-1"}, "--warmup must be between 0 and --epochs");
        row("image size negative", train + QStringList{"--image-size", "-1"}, "--image-size must be between");
        row("workers negative", train + QStringList{"--workers", "-1"}, "--workers must be between");
        row("limit train negative", train + QStringList{"--limit-train", "-1"}, "--limit-train must be between");
        row("threads beyond the machine", train + QStringList{"--threads", "100000"},
            "--threads must be between 0 and");
        row("threads negative", train + QStringList{"--threads", "-1"}, "--threads must be between 0 and");
        row("blas threads negative", lat + QStringList{"--blas-threads", "-1"}, "--blas-threads must be between 1 and");
        row("train ignores input", train + QStringList{"--input", "3x64x64"}, "leave out --input");
        row("resume with a model", {"train", "--resume", ckpt_, "--model", "hlcnn_s", "--data", data, "--db", db_}, "leave out --model");
        row("bench data batch 0", {"bench", "data", "--data", data, "--batch", "0"}, "--batch must be between 1 and");
        row("export over the database", {"runs", "export", "1", "--db", db_, "--output", db_}, "would overwrite the input");
        row("eval on other classes", {"eval", "--checkpoint", ckpt_, "--data", "idx:" + idx_}, "classes differ");
        row("train without arguments", {"train"}, "--data SPEC is required");
        row("train without a model", {"train", "--data", data}, "give exactly one of --model NAME, --graph FILE or --resume");
        row("train on missing data", {"train", "--model", "hlcnn_s", "--data", "folder:" + p("nothing")}, "does not exist");
        row("schedule bogus", train + QStringList{"--schedule", "bogus"}, "--schedule must be one of");
        row("device bogus", train + QStringList{"--device", "tpu"}, "--device must be one of");
        row("memory format bogus", train + QStringList{"--memory-format", "nhwc8"}, "--memory-format must be one of");
        row("bench train memory format bogus", {"bench", "train", "--model", "hlcnn_s", "--memory-format", "planar"},
            "--memory-format must be channels-last or nchw");
        row("classes disagree", {"train", "--model", "hlcnn_s", "--classes", "5", "--data", data, "--db", db_},
            "the model outputs 5 values, the data have 10 classes");
        row("compare a run twice", {"runs", "compare", "1", "1", "--db", db_}, "given twice");
        row("list bogus state", {"runs", "list", "--state", "bogus", "--db", db_}, "--state must be one of");
        row("show two runs", {"runs", "show", "1", "2", "--db", db_}, "takes one run id");
        row("models with an argument", {"models", "foo"}, "unexpected argument 'foo'");
        row("report on missing data", {"report", "paper", "--dataset", "folder:/nonexistent", "--db", db_}, "does not exist");
        row("graph is a folder", {"profile", "--graph", p("emptydir")}, "is a folder, not a graph file");
        row("unknown benchmark", {"bench", "speed"}, "unknown bench command 'speed'");
        row("unknown option", {"profile", "--model", "hlcnn_s", "--colour"}, "unknown option --colour");
    }
    void refusedWithOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto before = snapshot(dir_.path());
        const auto r = runCli(args);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1, stderr: %2").arg(r.code).arg(err)));
        QVERIFY2(err.endsWith('\n') && err.count('\n') == 1, qPrintable("not one line: " + err));
        QVERIFY2(err.startsWith("hlcnn: "), qPrintable(err));
        QVERIFY2(err.contains(message), qPrintable("expected '" + message + "' in: " + err));
        QVERIFY2(!err.contains("internal error") && !err.contains("frame #"), qPrintable(err));
        QCOMPARE(snapshot(dir_.path()), before);
    }

    void bareBenchListsTheBenchmarksAndVersionAnswers() {
        const auto bench = runCli({"bench"});
        QCOMPARE(bench.code, 2);
        QVERIFY2(bench.err.startsWith("hlcnn: give a bench command\n"),
                 bench.err.constData());  // what is missing, then the usage
        for (const char* b : {"bench latency", "bench infer", "bench train", "bench data", "bench comm"})
            QVERIFY2(bench.err.contains(b), b);
        const auto version = runCli({"--version"});
        QCOMPARE(version.code, 0);
        QVERIFY(version.out.startsWith("hlcnn "));
    }
};

QTEST_GUILESS_MAIN(CliBadInput)
#include "tst_cli_bad_input.moc"
