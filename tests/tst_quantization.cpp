// Inference export and int8 post-training quantization: the inference TorchScript (batch norm
// folded, no training branches) computes what the eval-mode module computes; the int8 model stays
// close to it and really runs int8 kernels; bad calibration data is refused.
#include "hlcnn/core/graph_module.h"
#include "support/settled_module.h"
#include "hlcnn/core/model_export.h"
#include "hlcnn/core/quantization.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/torchscript_export.h"
#include "hlcnn/models/zoo.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/mobile/import.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace hlcnn;

namespace {

double sqnrDb(const torch::Tensor& reference, const torch::Tensor& approx) {
    const double signal = reference.pow(2).sum().item<double>();
    const double noise = (reference - approx).pow(2).sum().item<double>();
    return 10.0 * std::log10(signal / std::max(noise, 1e-30));
}

}  // namespace

class QuantizationTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { configureProcess(1, 2); }

    void inferenceScriptMatchesTheEvalModule_data() {
        QTest::addColumn<QString>("model");
        for (const auto& info : models::zoo()) QTest::newRow(info.name.c_str()) << QString::fromStdString(info.name);
    }
    void inferenceScriptMatchesTheEvalModule() {
        QFETCH(QString, model);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        const Graph g = models::buildModel(model.toStdString(), o);
        GraphModule m = test::settledModule(g, 7);
        const InferenceScript script = inferenceScriptSource(m->analysis());
        QVERIFY(script.source.find("self.training") == std::string::npos);
        QVERIFY(script.source.find("torch.dropout") == std::string::npos);
        // Every batch norm of these models reads a convolution: all of them fold.
        int batchNorms = 0;
        for (const PrimitiveNode& n : m->analysis().nodes) batchNorms += n.op == "batchnorm";
        QCOMPARE(int(script.folds.size()), batchNorms);
        QVERIFY(script.source.find("batch_norm") == std::string::npos);
        torch::jit::Module scripted = toInferenceTorchScript(*m);
        torch::NoGradGuard guard;
        const torch::Tensor x = torch::randn({2, 3, 32, 32});
        const torch::Tensor y = m->forward(x), ys = scripted.forward({x}).toTensor();
        const double diff = (ys - y).abs().max().item<double>(), scale = std::max(1.0, y.abs().max().item<double>());
        QVERIFY2(diff <= 1e-4 * scale, qPrintable(QString("eval module vs inference script differ by %1").arg(diff)));
    }

    void int8StaysCloseToFloat_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("engine");
        QTest::addColumn<QString>("observer");
        QTest::newRow("hlcnn_s qnnpack minmax") << "hlcnn_s" << "qnnpack" << "minmax";
        QTest::newRow("hlcnn_s onednn percentile") << "hlcnn_s" << "onednn" << "percentile";
        // mobilenet_v2's ReLU6 under QNNPACK: 1.6 dB before hardtanh was folded into the convolutions.
        QTest::newRow("mobilenet_v2 qnnpack moving-average") << "mobilenet_v2" << "qnnpack" << "moving-average";
        QTest::newRow("mobilenet_v2 onednn moving-average") << "mobilenet_v2" << "onednn" << "moving-average";
        QTest::newRow("shufflenet_v2_x1_0 onednn minmax") << "shufflenet_v2_x1_0" << "onednn" << "minmax";
    }
    void int8StaysCloseToFloat() {
        QFETCH(QString, model);
        QFETCH(QString, engine);
        QFETCH(QString, observer);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        GraphModule m = test::settledModule(models::buildModel(model.toStdString(), o), 11);
        QuantizeOptions qo;
        qo.engine = parseQuantEngine(engine.toStdString());
        qo.observer = parseRangeObserver(observer.toStdString());
        qo.measureBlockErrors = true;
        torch::manual_seed(3);
        std::vector<torch::Tensor> calibration;
        for (int i = 0; i < 4; ++i) calibration.push_back(torch::randn({16, 3, 32, 32}));
        std::size_t next = 0;
        const QuantEngineScope scope(qo.engine);
        QuantizedModel q = quantizeStatic(*m, [&](torch::Tensor& b) {
            if (next == calibration.size()) return false;
            b = calibration[next++];
            return true;
        }, qo);
        QCOMPARE(q.report.calibrationBatches, 4);
        QCOMPARE(q.report.calibrationImages, std::int64_t(64));
        int convs = 0;
        for (const auto& [op, n] : q.report.quantizedOps) convs += op.rfind("quantized::conv2d", 0) == 0 ? n : 0;
        QVERIFY2(convs > 10, "the convolutions run int8");
        QVERIFY(q.report.quantizedOps.count("quantized::linear"));
        torch::NoGradGuard guard;
        const torch::Tensor x = torch::randn({32, 3, 32, 32});
        const torch::Tensor y = m->forward(x), yq = q.module.forward({x}).toTensor();
        QCOMPARE(yq.sizes().vec(), y.sizes().vec());
        const double db = sqnrDb(y, yq);
        qInfo("%s %s %s: SQNR %.1f dB", qPrintable(model), qPrintable(engine), qPrintable(observer), db);
        QVERIFY2(db > 15.0, qPrintable(QString("int8 output SQNR %1 dB").arg(db)));

        // One error per block of the graph, in graph order; the last block is the classifier, whose
        // error on the first calibration batch matches the whole model's error measured here.
        const Graph& g = m->graph();
        QCOMPARE(q.report.blockErrors.size(), g.nodes.size());
        for (std::size_t i = 0; i < g.nodes.size(); ++i) {
            QCOMPARE(q.report.blockErrors[i].block, g.nodes[i].id);
            QVERIFY(!std::isnan(q.report.blockErrors[i].sqnrDb));
        }
        const torch::Tensor first = calibration[0];
        const double whole = sqnrDb(m->forward(first), q.module.forward({first}).toTensor());
        QVERIFY2(std::abs(q.report.blockErrors.back().sqnrDb - whole) < 3.0,
                 qPrintable(QString("classifier %1 dB, model %2 dB").arg(q.report.blockErrors.back().sqnrDb).arg(whole)));
    }

    // .pt and .ptl, fp32 and int8, as written to disk: the lite interpreter (what a phone runs)
    // loads the .ptl and computes what the full model computes; the description and the operator
    // list travel with the file.
    void savedFilesLoadAndMatch_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("engine");  // "" for fp32
        QTest::newRow("pt fp32") << "pt" << "";
        QTest::newRow("ptl fp32") << "ptl" << "";
        QTest::newRow("pt int8 onednn") << "pt" << "onednn";
        QTest::newRow("ptl int8 qnnpack") << "ptl" << "qnnpack";
    }
    void savedFilesLoadAndMatch() {
        QFETCH(QString, format);
        QFETCH(QString, engine);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        GraphModule m = test::settledModule(models::buildModel("hlcnn_s", o), 5);
        const ExportFormat f = parseExportFormat(format.toStdString());
        const bool int8 = !engine.isEmpty();
        std::optional<QuantEngineScope> scope;
        torch::jit::Module reference;
        if (int8) {
            scope.emplace(parseQuantEngine(engine.toStdString()));
            int batches = 0;
            torch::manual_seed(9);
            reference = quantizeStatic(*m, [&](torch::Tensor& b) {
                b = torch::randn({16, 3, 32, 32});
                return batches++ < 3;
            }, {}).module;
        } else {
            reference = toInferenceTorchScript(*m);
        }
        const torch::jit::Module prepared = prepareForTarget(reference, f, int8);
        QTemporaryDir dir;
        const std::string path = dir.filePath("model." + format).toStdString();
        const std::string meta = std::string("{\"precision\":\"") + (int8 ? "int8" : "fp32") + "\"}";
        const SavedModel saved = saveModel(prepared, f, path, meta);
        QCOMPARE(saved.bytes, std::int64_t(QFileInfo(QString::fromStdString(path)).size()));
        QVERIFY(!QFile::exists(QString::fromStdString(path + ".partial")));
        QCOMPARE(savedModelMetadata(path, f), meta);
        bool quantizedOps = false;
        for (const std::string& op : saved.operators) quantizedOps = quantizedOps || op.rfind("quantized::", 0) == 0;
        QCOMPARE(quantizedOps, int8);

        torch::NoGradGuard guard;
        const torch::Tensor x = torch::randn({4, 3, 32, 32});
        torch::Tensor loaded;
        if (f == ExportFormat::Lite) {
            torch::jit::mobile::Module lite = torch::jit::_load_for_mobile(path);
            loaded = lite.forward({x}).toTensor();
        } else {
            torch::jit::Module full = torch::jit::load(path);
            loaded = full.forward({x}).toTensor();
        }
        const torch::Tensor eager = m->forward(x);
        if (!int8) {
            const double diff = (loaded - eager).abs().max().item<double>();
            QVERIFY2(diff <= 1e-4 * std::max(1.0, eager.abs().max().item<double>()), qPrintable(QString::number(diff)));
        } else {
            // the file computes exactly what the in-memory int8 model computes, and stays close to float
            const torch::Tensor inMemory = reference.forward({x}).toTensor();
            QVERIFY2(torch::allclose(loaded, inMemory, 1e-5, 1e-5),
                     qPrintable(QString::number((loaded - inMemory).abs().max().item<double>())));
            QVERIFY2(sqnrDb(eager, loaded) > 15.0, qPrintable(QString::number(sqnrDb(eager, loaded))));
        }
    }

    // A per-channel int8 layer carries float64 scales, int64 zero points and a float32 bias; stored
    // as records of their own they cost a mobile file more than its depthwise weights. The archive
    // holds them in shared buffers, so per quantized layer only its int8 weights and LibTorch's own
    // config tensor remain (the serializer writes that one twice, once unreferenced): at most 3 records,
    // against 6 with a record each. And mobilenet_v2's int8 .ptl is the 3.5x smaller than its fp32 .ptl.
    void int8ArchiveStoresPerChannelParametersOnce_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("smallerAtLeast");  // 0: no size target for this model
        QTest::newRow("hlcnn_s w0.5") << "hlcnn_s" << 0.5 << 0.0;
        QTest::newRow("mobilenet_v2") << "mobilenet_v2" << 1.0 << 3.5;
    }
    void int8ArchiveStoresPerChannelParametersOnce() {
        QFETCH(QString, model);
        QFETCH(double, width);
        QFETCH(double, smallerAtLeast);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        o.width = width;
        GraphModule m = test::settledModule(models::buildModel(model.toStdString(), o), 5);
        const QuantEngineScope scope(QuantEngine::Qnnpack);
        int batches = 0;
        torch::manual_seed(2);
        QuantizedModel q = quantizeStatic(*m, [&](torch::Tensor& b) {
            b = torch::randn({8, 3, 32, 32});
            return batches++ < 2;
        }, {});
        int layers = 0;
        for (const auto& [op, n] : q.report.quantizedOps)
            layers += op.rfind("quantized::conv2d", 0) == 0 || op.rfind("quantized::linear", 0) == 0 ? n : 0;
        QVERIFY(layers > 20);
        QTemporaryDir dir;
        const std::string int8Path = dir.filePath("int8.ptl").toStdString(), fp32Path = dir.filePath("fp32.ptl").toStdString();
        const SavedModel int8 = saveModel(prepareForTarget(q.module, ExportFormat::Lite, true), ExportFormat::Lite, int8Path, "{}");
        const SavedModel fp32 =
            saveModel(prepareForTarget(toInferenceTorchScript(*m), ExportFormat::Lite, false), ExportFormat::Lite, fp32Path, "{}");
        int tensorRecords = 0;
        caffe2::serialize::PyTorchStreamReader reader(int8Path);
        for (const std::string& name : reader.getAllRecords())
            tensorRecords += (name.rfind("constants/", 0) == 0 || name.rfind("data/", 0) == 0) &&
                             name.find(".pkl") == std::string::npos;
        qInfo("%s: %d quantized layers, %d tensor records; fp32 %lld bytes, int8 %lld bytes (%.2fx)", qPrintable(model), layers,
              tensorRecords, static_cast<long long>(fp32.bytes), static_cast<long long>(int8.bytes), double(fp32.bytes) / int8.bytes);
        QVERIFY2(tensorRecords <= 3 * layers + 8, qPrintable(QString("%1 tensor records for %2 layers").arg(tensorRecords).arg(layers)));
        if (smallerAtLeast > 0)
            QVERIFY2(double(fp32.bytes) / double(int8.bytes) >= smallerAtLeast,
                     qPrintable(QString("int8 only %1x smaller").arg(double(fp32.bytes) / double(int8.bytes))));
        torch::NoGradGuard guard;
        const torch::Tensor x = torch::randn({2, 3, 32, 32});
        torch::jit::mobile::Module lite = torch::jit::_load_for_mobile(int8Path);
        const torch::Tensor fromFile = lite.forward({x}).toTensor(), inMemory = q.module.forward({x}).toTensor();
        QVERIFY(torch::equal(fromFile, inMemory));
    }

    void badCalibrationIsRefused() {
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        GraphModule m(models::buildModel("hlcnn_s", o), 1);
        m->eval();
        const QuantEngineScope scope(QuantEngine::Qnnpack);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, quantizeStatic(*m, [](torch::Tensor&) { return false; }, {}));
        bool given = false;
        try {
            quantizeStatic(*m, [&](torch::Tensor& b) {
                b = torch::randn({4, 3, 28, 28});
                return !std::exchange(given, true);
            }, {});
            QFAIL("a 28x28 batch for a 32x32 model was accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).find("3x32x32") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseQuantEngine("fbgemm"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseRangeObserver("histogram"));
    }
};

QTEST_GUILESS_MAIN(QuantizationTest)
#include "tst_quantization.moc"
