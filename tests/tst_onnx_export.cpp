// ONNX export against an independent reader: every zoo model and a graph with every op are written,
// pass the ONNX checker and ONNX's strict shape inference, and compute in OpenCV's DNN module what
// our eval-mode module computes. Computations ONNX cannot express are refused by name.
#include "every_op_graph.h"
#include "hlcnn/core/graph_module.h"
#include "support/settled_module.h"
#include "hlcnn/core/onnx_export.h"
#include "hlcnn/core/op_registry.h"
#include "hlcnn/core/opencv_runtime.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/models/zoo.h"

#include <onnx/onnx_pb.h>
#include <torch/torch.h>

#include <QtTest>

#include <set>

using namespace hlcnn;

namespace {

// Exports, checks and runs the graph in OpenCV; returns the largest difference relative to the output's scale.
double openCvDifferenceOrThrow(const Graph& g, std::set<std::string>* ops = nullptr) {
    GraphModule m = test::settledModule(g, 11, 2, 4);
    const std::string bytes = toOnnx(*m, {1, "{\"graph\":\"test\"}", "test"});
    std::vector<std::int64_t> expected{1};
    for (auto v : m->analysis().find(m->analysis().outputs.at(0))->output.dims) expected.push_back(v);
    const std::vector<std::int64_t> inferred = checkOnnx(bytes);
    if (inferred != expected) throw std::runtime_error("ONNX shape inference disagrees with the graph's output shape");
    const OnnxInfo info = readOnnxInfo(bytes);
    if (info.opset != kOnnxOpset || info.metadataJson != "{\"graph\":\"test\"}") throw std::runtime_error("info lost");
    if (ops)
        for (const PrimitiveNode& n : m->analysis().nodes) ops->insert(n.op);
    OpenCvNet net(bytes);
    torch::NoGradGuard guard;
    const auto& d = g.input.dims;
    const torch::Tensor x = torch::randn({1, d[0], d[1], d[2]});
    const torch::Tensor y = m->forward(x), yc = net.forward(x);
    if (yc.sizes() != y.sizes()) throw std::runtime_error("OpenCV's output has another shape");
    const double diff = (yc - y).abs().max().item<double>() / std::max(1.0, y.abs().max().item<double>());
    qInfo("%s: OpenCV vs eval module, relative difference %.2g", g.name.c_str(), diff);
    return diff;
}

double openCvDifference(const Graph& g, std::set<std::string>* ops = nullptr) {
    try {
        return openCvDifferenceOrThrow(g, ops);
    } catch (const std::exception& e) {
        QTest::qFail(e.what(), __FILE__, __LINE__);
        return 1e300;
    }
}

}  // namespace

class OnnxExportTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        configureProcess(1, 2);
        setOpenCvThreads(2);
    }

    void zooModelsMatchInOpenCv_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("stem");
        for (const auto& info : models::zoo())
            for (const char* stem : {"imagenet", "cifar"})
                QTest::newRow((info.name + " " + stem).c_str()) << QString::fromStdString(info.name) << stem;
    }
    void zooModelsMatchInOpenCv() {
        QFETCH(QString, model);
        QFETCH(QString, stem);
        models::ModelOptions o;
        o.stem = models::parseStem(stem.toStdString());
        o.classes = o.stem == models::Stem::Cifar ? 10 : 1000;
        const double diff = openCvDifference(models::buildModel(model.toStdString(), o));
        QVERIFY2(diff <= 1e-4, qPrintable(QString("OpenCV vs eval module: relative difference %1").arg(diff)));
    }

    // Every primitive op with a computation, and the fusion resampling paths (pool, project, upsample).
    void everyOpMatchesInOpenCv() {
        std::set<std::string> used;
        const double diff = openCvDifference(everyOp(), &used);
        QVERIFY2(diff <= 1e-4, qPrintable(QString("OpenCV vs eval module: relative difference %1").arg(diff)));
        for (const OpSchema& s : allOps())
            if (!s.composite) QVERIFY2(used.count(s.name), qPrintable("op not exercised: " + QString::fromStdString(s.name)));
    }

    void fusionResamplingMatchesInOpenCv_data() {
        QTest::addColumn<QString>("f2");
        QTest::addColumn<QString>("mode");
        // F1 is 8x8x8; F2 smaller (nearest upsampling), larger by a whole factor (pooling), other channels
        QTest::newRow("upsample x2, project") << "\"op\":\"conv2d\",\"inputs\":[\"input\"],\"attrs\":{\"out_channels\":6,\"stride\":4}" << "scalar";
        QTest::newRow("pool /2, channel mode") << "\"op\":\"conv2d\",\"inputs\":[\"input\"],\"attrs\":{\"out_channels\":8}" << "channel";
    }
    void fusionResamplingMatchesInOpenCv() {
        QFETCH(QString, f2);
        QFETCH(QString, mode);
        const Graph g = graphFromJson(QString("{\"format\":\"hlcnn-graph/1\",\"name\":\"fusion\",\"input\":[3,16,16],\"nodes\":["
            "{\"id\":\"f1\",\"op\":\"conv2d\",\"inputs\":[\"input\"],\"attrs\":{\"out_channels\":8,\"stride\":2}},{\"id\":\"f2\",%1},"
            "{\"id\":\"fuse\",\"op\":\"fusion\",\"inputs\":[\"f1\",\"f2\"],\"attrs\":{\"mode\":\"%2\",\"alpha\":0.6,\"beta\":1.3}}],\"outputs\":[\"fuse\"]}")
                                          .arg(f2, mode).toStdString());
        const double diff = openCvDifference(g);
        QVERIFY2(diff <= 1e-4, qPrintable(QString("OpenCV vs eval module: relative difference %1").arg(diff)));
    }

    void inexpressibleComputationsAreRefusedByName_data() {
        QTest::addColumn<QString>("nodes");
        QTest::addColumn<QString>("message");
        // 7x7 F2 pooled to F1's 4x4: PyTorch's adaptive windows overlap, no ONNX pooling has them.
        QTest::newRow("adaptive 7 -> 4") << "{\"id\":\"f1\",\"op\":\"conv2d\",\"inputs\":[\"input\"],\"attrs\":{\"out_channels\":4,\"stride\":2}},"
            "{\"id\":\"fuse\",\"op\":\"fusion\",\"inputs\":[\"f1\",\"input\"]}"
                                         << "node 'fuse' (fusion): adaptive average pooling from 7x7 to 4x4";
        // ceil mode, 7 cells, kernel 2, stride 2, padding 1: the 5th window would start in the padding.
        QTest::newRow("ceil-mode window in the padding") << "{\"id\":\"ap\",\"op\":\"avgpool\",\"inputs\":[\"input\"],\"attrs\":{\"kernel\":2,\"stride\":2,\"padding\":1,\"ceil_mode\":true}}"
                                                         << "node 'ap' (avgpool): ceil-mode average pooling";
    }
    void inexpressibleComputationsAreRefusedByName() {
        QFETCH(QString, nodes);
        QFETCH(QString, message);
        const std::string last = nodes.contains("\"fuse\"") ? "fuse" : "ap";
        const Graph g = graphFromJson(QString("{\"format\":\"hlcnn-graph/1\",\"name\":\"x\",\"input\":[3,7,7],\"nodes\":[%1],\"outputs\":[\"%2\"]}")
                                          .arg(nodes, QString::fromStdString(last)).toStdString());
        GraphModule m(g, 1);
        m->eval();
        try {
            toOnnx(*m);
            QFAIL("exported");
        } catch (const OnnxUnsupportedError& e) {
            const QString what = e.what();
            QVERIFY2(what.startsWith(message) && what.endsWith("(format onnx)"), qPrintable(what));
        }
    }

    // The checker is really run: a model with an operator ONNX does not define is rejected, and so are
    // bytes that are no model; OpenCV's refusal is an exception with its reason, not a crash.
    void brokenModelsAreRejected() {
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        GraphModule m(models::buildModel("hlcnn_s", o), 1);
        m->eval();
        onnx::ModelProto model;
        QVERIFY(model.ParseFromString(toOnnx(*m)));
        model.mutable_graph()->mutable_node(0)->set_op_type("NoSuchOperator");
        std::string broken;
        QVERIFY(model.SerializeToString(&broken));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, checkOnnx(broken));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, checkOnnx("this is not a model"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, readOnnxInfo(""));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, OpenCvNet("this is not a model"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, toOnnx(*m, {0, "", ""}));
    }
};

QTEST_GUILESS_MAIN(OnnxExportTest)
#include "tst_onnx_export.moc"
