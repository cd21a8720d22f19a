// hlcnn export end to end: a checkpoint trained by the CLI becomes an int8 .ptl and an fp32 .pt;
// the lite interpreter runs the .ptl and agrees with the checkpoint's own model; the accuracy
// figures the command reports are those of the files; the export is recorded with its run.
#include "support/cli_process.h"

#include "hlcnn/core/dataset.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/model_export.h"
#include "hlcnn/core/quantization.h"
#include "hlcnn/core/trainer.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_comparison.h"
#include "hlcnn/mobile/xnnpack_runtime.h"

#include <nlohmann/json.hpp>
#include <torch/csrc/jit/mobile/import.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace hlcnn;
using hlcnn::test::runCli;

class ExportCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString cifar_, db_, ckpt_;
    QString p(const QString& name) const { return dir_.path() + "/" + name; }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        cifar_ = p("cifar");
        QVERIFY(hlcnn::test::writeTinyCifar(cifar_, 100, 100));
        db_ = p("runs.sqlite");
        const auto r = runCli({"train", "--model", "hlcnn_s", "--stem", "cifar", "--width", "0.5", "--data", "cifar10:" + cifar_,
                               "--epochs", "3", "--batch", "50", "--lr", "0.01", "--threads", "1", "--db", db_, "--out", p("run1")});
        QVERIFY2(r.code == 0, r.err.constData());
        ckpt_ = p("run1/best.ckpt");
        QVERIFY(QFile::exists(ckpt_));
    }

    // The mobile program: its description embedded, its top-1 measured on XNNPACK, and its int8
    // predictions checked here against the checkpoint's own float model on the test images.
    void mobileProgramsRunAndDescribeThemselves() {
        const QString fp32 = p("model.hlmp"), int8 = p("model_int8.hlmp");
        auto r = runCli({"export", "--checkpoint", ckpt_, "--format", "mobile", "--eval-data", "cifar10:" + cifar_, "-o", fp32, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const nlohmann::json f = nlohmann::json::parse(r.out.toStdString());
        r = runCli({"export", "--checkpoint", ckpt_, "--format", "mobile", "--int8", "--calib-data", "cifar10:" + cifar_, "--calib-batches",
                    "4", "--calib-batch", "25", "-o", int8, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const nlohmann::json q = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(q.at("format").get<std::string>(), std::string("mobile"));
        QCOMPARE(q.at("precision").get<std::string>(), std::string("int8"));
        QCOMPARE(q.at("calibration").at("images").get<int>(), 100);
        QCOMPARE(q.at("report").at("bytes").get<qint64>(), QFileInfo(int8).size());
        QCOMPARE(f.at("report").at("bytes").get<qint64>(), QFileInfo(fp32).size());
        QVERIFY(q.at("report").at("fp32_bytes").get<double>() > 2.5 * q.at("report").at("bytes").get<double>());
        QVERIFY(q.at("report").at("quantized_ops").at("conv2d").get<int>() > 0);
        const nlohmann::json embedded = nlohmann::json::parse(savedModelMetadata(int8.toStdString(), ExportFormat::Mobile));
        QCOMPARE(embedded.at("calibration"), q.at("calibration"));
        QCOMPARE(embedded.at("input"), nlohmann::json({3, 32, 32}));
        QCOMPARE(embedded.at("classes").size(), size_t(10));

        // the float program's top-1 equals the float model's; the int8 one stays within 2 points
        const CheckpointInfo info = readCheckpointInfo(ckpt_.toStdString());
        GraphModule m(info.graph);
        loadCheckpointWeights(ckpt_.toStdString(), *m);
        m->eval();
        const Dataset data = loadDataset(parseDataSpec(("cifar10:" + cifar_).toStdString()), {});
        const EvalMetrics floatMetrics = evaluateForward([&](const torch::Tensor& x) { return m->forward(x); }, data.test,
                                                         info.mean, info.std, 10);
        QCOMPARE(f.at("report").at("eval").at("fp32_top1").get<double>(), floatMetrics.top1);
        mobile::XnnpackRuntime rt(mobile::readProgramFile(int8.toStdString()), 1);
        const EvalMetrics int8Metrics = evaluateForward([&](const torch::Tensor& x) {
            const torch::Tensor c = x.contiguous();
            torch::Tensor y = torch::empty(rt.outputShape());
            rt.forward(c.data_ptr<float>(), y.data_ptr<float>());
            return y;
        }, data.test, info.mean, info.std, 10, 1);
        QVERIFY2(std::abs(int8Metrics.top1 - floatMetrics.top1) <= 2.0,
                 qPrintable(QString("int8 %1 %, float %2 %").arg(int8Metrics.top1).arg(floatMetrics.top1)));
    }

    void int8LiteFileRunsAndIsRecorded() {
        const QString out = p("model_int8.ptl");
        const auto r = runCli({"export", "--checkpoint", ckpt_, "--format", "ptl", "--int8", "--calib-data", "cifar10:" + cifar_,
                               "--calib-batches", "4", "--calib-batch", "25", "--run", "1", "--db", db_, "-o", out, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("precision").get<std::string>(), std::string("int8"));
        QCOMPARE(j.at("engine").get<std::string>(), std::string("qnnpack"));  // the phone's engine for .ptl
        QCOMPARE(j.at("calibration").at("images").get<int>(), 100);
        QCOMPARE(j.at("report").at("bytes").get<qint64>(), QFileInfo(out).size());
        // int8 weights: well under half the float file (per-channel scales and zero points add 16 bytes a channel)
        QVERIFY(j.at("report").at("fp32_bytes").get<double>() > 2.0 * j.at("report").at("bytes").get<double>());

        // The description inside the file is the one printed (less the size, known after writing).
        const nlohmann::json embedded = nlohmann::json::parse(savedModelMetadata(out.toStdString(), ExportFormat::Lite));
        QCOMPARE(embedded.at("calibration"), j.at("calibration"));
        QCOMPARE(embedded.at("report").at("eval"), j.at("report").at("eval"));

        // The lite interpreter's output against the checkpoint's own float model, on the test images.
        const CheckpointInfo info = readCheckpointInfo(ckpt_.toStdString());
        GraphModule m(info.graph);
        loadCheckpointWeights(ckpt_.toStdString(), *m);
        m->eval();
        const Dataset data = loadDataset(parseDataSpec(("cifar10:" + cifar_).toStdString()), {});
        const QuantEngineScope scope(QuantEngine::Qnnpack);
        torch::jit::mobile::Module lite = torch::jit::_load_for_mobile(out.toStdString());
        const EvalMetrics liteMetrics = evaluateForward([&](const torch::Tensor& x) { return lite.forward({x}).toTensor(); },
                                                        data.test, info.mean, info.std, 10);
        const EvalMetrics floatMetrics = evaluateForward([&](const torch::Tensor& x) { return m->forward(x); }, data.test,
                                                         info.mean, info.std, 10);
        QCOMPARE(liteMetrics.top1, j.at("report").at("eval").at("int8_top1").get<double>());
        QCOMPARE(floatMetrics.top1, j.at("report").at("eval").at("fp32_top1").get<double>());
        QVERIFY2(std::abs(liteMetrics.top1 - floatMetrics.top1) <= 5.0,
                 qPrintable(QString("int8 %1 vs fp32 %2").arg(liteMetrics.top1).arg(floatMetrics.top1)));

        ExperimentStore store(db_.toStdString(), false);
        const auto exports = store.exports(1);
        QCOMPARE(int(exports.size()), 1);
        QCOMPARE(exports[0].path, out.toStdString());
        QCOMPARE(exports[0].format, std::string("ptl"));
        QCOMPARE(exports[0].precision, std::string("int8"));
        QCOMPARE(exports[0].bytes, QFileInfo(out).size());
        QCOMPARE(nlohmann::json::parse(exports[0].description).at("report").at("eval"), j.at("report").at("eval"));
    }

    // ONNX: the file the command writes carries its description, is recorded with the run, and its
    // accuracy as OpenCV runs it (what the command reports) is the checkpoint's own in LibTorch.
    void onnxFileAgreesWithTheCheckpoint() {
        const QString out = p("model.onnx");
        const auto r = runCli({"export", "--checkpoint", ckpt_, "--format", "onnx", "--eval-data", "cifar10:" + cifar_, "--run", "1",
                               "--db", db_, "-o", out, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("format").get<std::string>(), std::string("onnx"));
        QCOMPARE(j.at("report").at("bytes").get<qint64>(), QFileInfo(out).size());
        const nlohmann::json embedded = nlohmann::json::parse(savedModelMetadata(out.toStdString(), ExportFormat::Onnx));
        QCOMPARE(embedded.at("classes"), j.at("classes"));
        const std::vector<std::string> ops = j.at("report").at("operators").get<std::vector<std::string>>();
        QVERIFY(std::find(ops.begin(), ops.end(), "Conv") != ops.end());
        QCOMPARE(ops, savedModelOperators(out.toStdString(), ExportFormat::Onnx));

        const CheckpointInfo info = readCheckpointInfo(ckpt_.toStdString());
        GraphModule m(info.graph);
        loadCheckpointWeights(ckpt_.toStdString(), *m);
        m->eval();
        const Dataset data = loadDataset(parseDataSpec(("cifar10:" + cifar_).toStdString()), {});
        const EvalMetrics floatMetrics = evaluateForward([&](const torch::Tensor& x) { return m->forward(x); }, data.test,
                                                         info.mean, info.std, 10);
        const auto& eval = j.at("report").at("eval");
        QCOMPARE(eval.at("images").get<std::int64_t>(), floatMetrics.samples);
        // float rounding may flip an image whose two best classes tie to 1e-6; no more than one of 100
        QVERIFY2(std::abs(eval.at("fp32_top1").get<double>() - floatMetrics.top1) <= 1.0,
                 qPrintable(QString("OpenCV %1 vs LibTorch %2").arg(eval.at("fp32_top1").get<double>()).arg(floatMetrics.top1)));

        ExperimentStore store(db_.toStdString(), false);
        bool recorded = false;
        for (const ExportRecord& e : store.exports(1))
            recorded |= e.path == out.toStdString() && e.format == "onnx" && e.precision == "fp32" && e.bytes == QFileInfo(out).size();
        QVERIFY(recorded);

        const auto file = runCli({"bench", "infer", "--artifact", out, "--iters", "3", "--json"});
        QVERIFY2(file.code == 0, file.err.constData());
        QCOMPARE(nlohmann::json::parse(file.out.toStdString()).at("input").get<std::vector<int>>(), (std::vector<int>{3, 32, 32}));
        const auto batch = runCli({"bench", "infer", "--artifact", out, "--batch", "2"});
        QCOMPARE(batch.code, 2);
        QVERIFY2(batch.err.contains("is written for batch 1, not 2"), batch.err.constData());
    }

    // Several runtimes in one command: every runtime timed the asked number of times, statistics
    // consistent with the samples (an independent recomputation), the int8 file among them.
    void benchInferTimesEveryRuntime() {
        const auto r = runCli({"bench", "infer", "--checkpoint", ckpt_, "--runtime", "eager,script,frozen,int8,lite", "--iters", "12",
                               "--rounds", "3", "--warmup", "2", "--threads", "1", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("input").get<std::vector<int>>(), (std::vector<int>{3, 32, 32}));
        QCOMPARE(int(j.at("results").size()), 5);
        QVERIFY(j.at("peak_rss_kib").get<long>() > 0);
        // energy is measured or said to be unavailable, never filled in
        const bool measured = j.at("energy").contains("source");
        QVERIFY(measured != j.at("energy").contains("unavailable"));
        for (const auto& res : j.at("results")) QCOMPARE(res.at("energy_mj").is_null(), !measured);
        for (const auto& res : j.at("results")) {
            std::vector<double> s = res.at("samples_ms").get<std::vector<double>>();
            QCOMPARE(int(s.size()), 12);
            double sum = 0;
            for (double v : s) {
                QVERIFY(v > 0);
                sum += v;
            }
            std::sort(s.begin(), s.end());
            QVERIFY(qAbs(res.at("mean_ms").get<double>() - sum / 12) < 1e-9);
            QCOMPARE(res.at("min_ms").get<double>(), s.front());
            QVERIFY(res.at("p50_ms").get<double>() >= s[5] && res.at("p50_ms").get<double>() <= s[6]);
            QCOMPARE(res.at("p99_ms").get<double>(), s.back());
        }
        const auto file = runCli({"bench", "infer", "--artifact", p("model_int8.ptl"), "--iters", "3", "--engine", "qnnpack", "--json"});
        QVERIFY2(file.code == 0, file.err.constData());
        QCOMPARE(nlohmann::json::parse(file.out.toStdString()).at("results").at(0).at("runtime").get<std::string>(),
                 std::string("file"));
    }

    // bench infer --run: one measured profile per runtime, named and with its precision; the run's
    // comparison summary then holds the fastest fp32 and int8 latencies and the int8 export's top-1.
    void benchInferRecordsProfilesForTheCompareViews() {
        const auto r = runCli({"bench", "infer", "--checkpoint", ckpt_, "--run", "1", "--db", db_, "--runtime", "eager,frozen,int8",
                               "--iters", "6", "--rounds", "2", "--warmup", "1", "--threads", "1", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
        ExperimentStore store(db_.toStdString(), false);
        std::vector<ProfileRecord> measured;
        for (const ProfileRecord& p : store.profiles(1))
            if (p.kind == "measured") measured.push_back(p);
        QCOMPARE(int(measured.size()), 3);
        double fastestFp32 = 1e300;
        for (std::size_t i = 0; i < 3; ++i) {
            const auto& res = j.at("results").at(i);
            QCOMPARE(measured[i].runtime, res.at("runtime").get<std::string>());
            QCOMPARE(measured[i].precision, std::string(i == 2 ? "int8" : "fp32"));
            QCOMPARE(*measured[i].latencyMsMedian, res.at("p50_ms").get<double>());
            QCOMPARE(*measured[i].batch, std::int64_t(1));
            if (i < 2) fastestFp32 = std::min(fastestFp32, *measured[i].latencyMsMedian);
        }
        const RunSummary s = summarizeRun(store, 1);
        QCOMPARE(*s.latencyMs, fastestFp32);
        QCOMPARE(*s.int8LatencyMs, *measured[2].latencyMsMedian);
        QCOMPARE(s.int8LatencyRuntime, std::string("int8"));
        // the int8 export recorded by int8LiteFileRunsAndIsRecorded
        const nlohmann::json description = nlohmann::json::parse(store.exports(1).front().description);
        QVERIFY(s.int8Top1);
        QCOMPARE(*s.int8Top1, description.at("report").at("eval").at("int8_top1").get<double>());

        const auto model = runCli({"bench", "infer", "--model", "hlcnn_s", "--stem", "cifar", "--run", "1", "--db", db_});
        QCOMPARE(model.code, 2);
        QVERIFY2(model.err.contains("--run records the latency of a run's model"), model.err.constData());
        const auto noRun = runCli({"bench", "infer", "--checkpoint", ckpt_, "--db", db_});
        QCOMPARE(noRun.code, 2);
        QVERIFY2(noRun.err.contains("give --run ID too"), noRun.err.constData());
    }

    // The per-layer timing: one row per primitive of the graph, shares that add up, every MAC of the
    // analytic profile accounted for, and a flag exactly where the documented rule says.
    void layerTimesFollowTheirRule() {
        const auto r = runCli({"bench", "infer", "--model", "mobilenet_v2", "--stem", "cifar", "--classes", "10", "--runtime",
                               "eager", "--layers", "--iters", "5", "--warmup", "1", "--threads", "1", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto layers = nlohmann::json::parse(r.out.toStdString()).at("layers");
        const auto expanded = runCli({"graph", "expand", "--model", "mobilenet_v2", "--stem", "cifar", "--classes", "10"});
        const auto profile = runCli({"profile", "--model", "mobilenet_v2", "--stem", "cifar", "--classes", "10", "--json"});
        QCOMPARE(expanded.code, 0);
        QCOMPARE(profile.code, 0);
        const auto nodes = nlohmann::json::parse(expanded.out.toStdString()).at("nodes");
        QCOMPARE(layers.at("layers").size(), nodes.size());
        double timeShare = 0, macShare = 0, sumMs = 0;
        std::int64_t macs = 0;
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const auto& l = layers.at("layers").at(i);
            QCOMPARE(l.at("id").get<std::string>(), nodes.at(i).at("id").get<std::string>());
            timeShare += l.at("time_share").get<double>();
            macShare += l.at("mac_share").get<double>();
            sumMs += l.at("ms").get<double>();
            macs += l.at("macs").get<std::int64_t>();
            const bool rule = l.at("time_share").get<double>() >= 0.02 &&
                              l.at("time_share").get<double>() > 2 * l.at("mac_share").get<double>();
            QCOMPARE(!l.at("flag").get<std::string>().empty(), rule);
        }
        QVERIFY(qAbs(timeShare - 1) < 1e-9 && qAbs(macShare - 1) < 1e-9);
        QVERIFY(qAbs(sumMs - layers.at("layer_sum_ms").get<double>()) < 1e-9);
        QCOMPARE(macs, nlohmann::json::parse(profile.out.toStdString()).at("macs").get<std::int64_t>());
    }

    // The native runtime's steps: each graph node's work is done by exactly one step (dropout and
    // flatten by none: they move no data), against the expanded graph; a graph it cannot run is
    // refused in one line naming the node.
    void nativeStepsCoverTheGraphOnce() {
        const auto r = runCli({"bench", "infer", "--model", "mobilenet_v2", "--stem", "cifar", "--classes", "10", "--runtime",
                               "native", "--layers", "--iters", "5", "--warmup", "1", "--threads", "1", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto steps = nlohmann::json::parse(r.out.toStdString()).at("native_steps");
        const auto expanded = runCli({"graph", "expand", "--model", "mobilenet_v2", "--stem", "cifar", "--classes", "10"});
        QCOMPARE(expanded.code, 0);
        std::map<std::string, int> done;
        for (const auto& s : steps) {
            QVERIFY(s.at("ms").get<double>() >= 0);
            for (const auto& n : s.at("nodes")) ++done[n.get<std::string>()];
        }
        for (const auto& n : nlohmann::json::parse(expanded.out.toStdString()).at("nodes")) {
            const std::string id = n.at("id").get<std::string>(), op = n.at("op").get<std::string>();
            QVERIFY2(done[id] == (op == "dropout" || op == "flatten" ? 0 : 1), qPrintable(QString::fromStdString(id)));
        }
        QVERIFY(steps.size() < done.size());  // fused: fewer steps than nodes

        const QString graph = p("ceil_avgpool.json");
        QFile f(graph);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"hlcnn-graph/1","name":"t","input":[3,8,8],"nodes":[{"id":"pool","op":"avgpool","inputs":["input"],)"
                R"("attrs":{"kernel":3,"stride":2,"padding":1,"ceil_mode":true}}],"outputs":["pool"]})");
        f.close();
        const auto refused = runCli({"bench", "infer", "--graph", graph, "--runtime", "native", "--iters", "2"});
        QCOMPARE(refused.code, 2);
        QCOMPARE(refused.err.trimmed().count('\n'), 0);
        QVERIFY2(refused.err.contains("native runtime does not run an average pool") && refused.err.contains("'pool'"),
                 refused.err.constData());
    }

    // --eval-data: each runtime's top-1 on the test images, in batches of --batch (3: the last one
    // padded). The float runtimes agree with `hlcnn eval` (LibTorch, batches of 256) to one image;
    // the int8 ones are measured too.
    void benchInferMeasuresTop1PerRuntime() {
        const auto r = runCli({"bench", "infer", "--checkpoint", ckpt_, "--runtime", "eager,native,native-int8,xnnpack,xnnpack-int8,int8", "--batch", "3",
                               "--calib-data", "cifar10:" + cifar_, "--eval-data", "cifar10:" + cifar_, "--iters", "3", "--warmup", "1",
                               "--threads", "1", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("eval").at("images").get<int>(), 100);
        QCOMPARE(j.at("results").size(), size_t(6));
        const auto e = runCli({"eval", "--checkpoint", ckpt_, "--data", "cifar10:" + cifar_, "--json"});
        QVERIFY2(e.code == 0, e.err.constData());
        const double reference = nlohmann::json::parse(e.out.toStdString()).at("top1").get<double>();
        for (const auto& res : j.at("results")) {
            const std::string runtime = res.at("runtime").get<std::string>();
            const double top1 = res.at("top1").get<double>();
            QVERIFY2(top1 >= 0 && top1 <= 100, runtime.c_str());
            if (runtime == "eager" || runtime == "native" || runtime == "xnnpack")
                QVERIFY2(std::abs(top1 - reference) <= 1.0, qPrintable(QString("%1: %2 against %3").arg(runtime.c_str()).arg(top1).arg(reference)));
        }
        const auto noCheckpoint = runCli({"bench", "infer", "--model", "hlcnn_s", "--eval-data", "cifar10:" + cifar_});
        QCOMPARE(noCheckpoint.code, 2);
        QVERIFY2(noCheckpoint.err.contains("--eval-data measures a trained model's top-1: give --checkpoint"), noCheckpoint.err.constData());
    }

    void fp32HostFileIsFrozenAndExact() {
        const QString out = p("model.pt");
        const auto r = runCli({"export", "--checkpoint", ckpt_, "--format", "pt", "--no-eval", "-o", out});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.startsWith("wrote "));
        torch::jit::Module loaded = torch::jit::load(out.toStdString());
        QVERIFY(loaded.parameters().size() == 0);  // frozen: the weights are constants of the graph
        const CheckpointInfo info = readCheckpointInfo(ckpt_.toStdString());
        GraphModule m(info.graph);
        loadCheckpointWeights(ckpt_.toStdString(), *m);
        m->eval();
        torch::NoGradGuard guard;
        const torch::Tensor x = torch::randn({3, 3, 32, 32});
        const torch::Tensor y = m->forward(x), yl = loaded.forward({x}).toTensor();
        QVERIFY2(torch::allclose(yl, y, 1e-4, 1e-4), qPrintable(QString::number((yl - y).abs().max().item<double>())));
    }
};

QTEST_GUILESS_MAIN(ExportCli)
#include "tst_export_cli.moc"
