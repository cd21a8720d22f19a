// The LibTorch builder and the TorchScript export: every op runs, shapes agree with the analysis,
// gradients flow, and the scripted module computes the same function with the same names.
#include "every_op_graph.h"
#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/torchscript_export.h"
#include "hlcnn/models/zoo.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace hlcnn;

namespace {

std::int64_t trainableCount(GraphModuleImpl& m) {
    std::int64_t n = 0;
    for (const auto& p : m.parameters()) n += p.numel();
    return n;
}

// Eager module against its TorchScript export on random input with non-trivial BN statistics:
// same output shape as the analysis, same values, parameters as profiled.
void comparesWithScript(const Graph& g) {
    GraphModule m(g, 3);
    QCOMPARE(trainableCount(*m), profileGraph(g).total.params);
    const auto& d = g.input.dims;
    {
        m->train();
        torch::NoGradGuard guard;
        m->forward(torch::randn({4, d[0], d[1], d[2]}));
    }
    m->eval();
    torch::NoGradGuard guard;
    const torch::Tensor x = torch::randn({2, d[0], d[1], d[2]});
    const torch::Tensor y = m->forward(x);
    std::vector<std::int64_t> expected{2};
    for (auto v : m->analysis().find(m->analysis().outputs.at(0))->output.dims) expected.push_back(v);
    QCOMPARE(y.sizes().vec(), expected);
    torch::jit::Module scripted = toTorchScript(*m);
    const torch::Tensor ys = scripted.forward({x}).toTensor();
    const double diff = (ys - y).abs().max().item<double>(), scale = std::max(1.0, y.abs().max().item<double>());
    QVERIFY2(diff <= 1e-5 * scale, qPrintable(QString("eager vs TorchScript differ by %1").arg(diff)));
}

}  // namespace

class GraphModuleTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { configureProcess(1, 2); }

    void everyOpRunsWithInferredShapes() {
        Graph g = everyOp();
        g.outputs.clear();
        for (const Node& n : g.nodes) g.outputs.push_back(n.id);
        GraphModule m(g);
        const auto outs = m->forwardAll(torch::randn({2, 3, 16, 16}));
        QCOMPARE(outs.size(), g.nodes.size());
        for (std::size_t i = 0; i < outs.size(); ++i) {
            std::vector<std::int64_t> expected{2};
            for (auto d : m->analysis().shapes.at(g.nodes[i].id).dims) expected.push_back(d);
            QVERIFY2(outs[i].sizes().vec() == expected, g.nodes[i].id.c_str());
        }
        QCOMPARE(trainableCount(*m), profileGraph(g).total.params);
    }

    // Every primitive op carries its computation (both builders run it); every composite expands.
    void everyOpIsDefinedInFull() {
        for (const OpSchema& op : allOps()) {
            QVERIFY2(op.composite ? bool(op.expand) : bool(op.lower && op.infer && op.cost), op.name.c_str());
            QVERIFY2(!op.composite || !op.lower, op.name.c_str());
        }
    }

    // A training-mode forward updates every buffer (running statistics, batch counts) the same way
    // in the eager module and in its TorchScript export.
    void trainingForwardUpdatesBuffersAlikeInBothBuilders() {
        const Graph g = everyOp();
        GraphModule m(g, 5);
        m->train();
        torch::jit::Module scripted = toTorchScript(*m);
        scripted.train();
        const torch::Tensor x = torch::randn({4, 3, 16, 16});
        torch::NoGradGuard guard;
        for (int i = 0; i < 2; ++i) {
            m->forward(x);
            scripted.forward({x});
        }
        int compared = 0;
        for (const auto& b : scripted.named_buffers()) {
            const torch::Tensor ours = m->stateTensor(b.name);
            QVERIFY2(ours.defined(), b.name.c_str());
            QVERIFY2(torch::allclose(ours.to(torch::kDouble), b.value.to(torch::kDouble), 1e-5, 1e-6), b.name.c_str());
            ++compared;
        }
        QVERIFY(compared > 0);
        QCOMPARE(m->stateTensor("stem.1.num_batches_tracked").item<std::int64_t>(), std::int64_t(2));
    }

    void gradientsReachEveryParameter() {
        GraphModule m(everyOp());
        m->train();
        const torch::Tensor loss = m->forward(torch::randn({4, 3, 16, 16})).pow(2).mean();
        loss.backward();
        for (const auto& p : m->named_parameters()) {
            QVERIFY2(p.value().grad().defined(), p.key().c_str());
            QVERIFY2(torch::isfinite(p.value().grad()).all().item<bool>(), p.key().c_str());
        }
        // training mode counts batches in batchnorm, as torch.nn.BatchNorm2d does
        QCOMPARE(m->stateTensor("stem.1.num_batches_tracked").item<std::int64_t>(), std::int64_t(1));
    }

    void parameterNamesFollowNodeIds() {
        GraphModule m(models::buildModel("mobilenet_v3_small", {}));
        const auto names = m->stateNames();
        QVERIFY(std::find(names.begin(), names.end(), "features.1.block.1.fc1.weight") != names.end());
        QVERIFY(std::find(names.begin(), names.end(), "classifier.3.bias") != names.end());
        QVERIFY(m->stateTensor("features.0.1.running_var").defined());
    }

    void zooModelsTrainOneStepOnCifar_data() {
        QTest::addColumn<QString>("model");
        for (const auto& z : models::zoo()) QTest::newRow(z.name.c_str()) << QString::fromStdString(z.name);
    }
    void zooModelsTrainOneStepOnCifar() {
        QFETCH(QString, model);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        GraphModule m(models::buildModel(model.toStdString(), o));
        m->train();
        const torch::Tensor y = m->forward(torch::randn({2, 3, 32, 32}));
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, 10}));
        torch::nll_loss(torch::log_softmax(y, 1), torch::tensor({1, 3})).backward();
    }

    void torchScriptMatchesAndRoundTrips_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("every_op") << "";
        QTest::newRow("hlcnn_s") << "hlcnn_s";
        QTest::newRow("ghostnet") << "ghostnet";
        QTest::newRow("shufflenet_v1") << "shufflenet_v1";
    }
    void torchScriptMatchesAndRoundTrips() {
        QFETCH(QString, model);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        const Graph g = model.isEmpty() ? everyOp() : models::buildModel(model.toStdString(), o);
        GraphModule m(g, 7);
        {  // non-trivial BN statistics
            m->train();
            torch::NoGradGuard guard;
            m->forward(torch::randn({8, g.input.dims[0], g.input.dims[1], g.input.dims[2]}));
        }
        m->eval();
        const torch::Tensor x = torch::randn({3, g.input.dims[0], g.input.dims[1], g.input.dims[2]});
        torch::NoGradGuard guard;
        const torch::Tensor expected = m->forward(x);
        torch::jit::Module scripted = toTorchScript(*m);

        std::vector<std::string> names;
        for (const auto& p : scripted.named_parameters()) names.push_back(p.name);
        std::vector<std::string> ours;
        for (const auto& p : m->named_parameters()) ours.push_back(p.key());
        QCOMPARE(names, ours);

        QVERIFY((scripted.forward({x}).toTensor() - expected).abs().max().item<double>() < 1e-5);
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/model.pt").toStdString();
        scripted.save(path);
        torch::jit::Module loaded = torch::jit::load(path);
        QVERIFY((loaded.forward({x}).toTensor() - expected).abs().max().item<double>() < 1e-5);
    }

    // ncnn-style sweeps: each op over its attributes (stride, groups, dilation, padding, kernel,
    // expansion, reduction, fusion shapes), as a one-node graph. The eager module and the TorchScript
    // export must agree on every output value, the output shape must be the analysis's, and the
    // trained parameters the profile's. A combination the op refuses must be refused by the
    // validator, naming the node.
    void opParitySweep_data() {
        QTest::addColumn<QString>("op");
        QTest::addColumn<QString>("attrs");
        QTest::addColumn<QString>("input");
        const auto row = [](const QString& op, const QString& attrs, const QString& input) {
            QTest::newRow(qPrintable(op + " " + attrs + " @" + input)) << op << attrs << input;
        };
        for (int k : {1, 3, 5})
            for (int stride : {1, 2})
                for (int dilation : {1, 2})
                    for (int padding : {-1, 0, 2})
                        for (int groups : {1, 4})
                            row("conv2d",
                                QString(R"("out_channels":8,"kernel":%1,"stride":%2,"dilation":%3,"padding":%4,"groups":%5,"bias":%6)")
                                    .arg(k).arg(stride).arg(dilation).arg(padding).arg(groups).arg(groups == 1 ? "true" : "false"),
                                "8x11x13");
        for (int k : {3, 5})
            for (int stride : {1, 2})
                for (int multiplier : {1, 2})
                    row("depthwise_conv", QString(R"("kernel":%1,"stride":%2,"multiplier":%3)").arg(k).arg(stride).arg(multiplier), "6x9x9");
        for (int groups : {1, 2, 3}) row("pointwise_conv", QString(R"("out_channels":12,"groups":%1)").arg(groups), "6x7x5");
        for (const char* pool : {"maxpool", "avgpool"})
            for (int k : {2, 3})
                for (int stride : {0, 1, 2})
                    for (int padding : {0, 1})
                        for (const char* ceil : {"false", "true"})
                            row(pool, QString(R"("kernel":%1,"stride":%2,"padding":%3,"ceil_mode":%4)").arg(k).arg(stride).arg(padding).arg(ceil),
                                "4x10x7");
        for (int r : {2, 4, 8})
            for (const char* gate : {"sigmoid", "hardsigmoid"})
                row("channel_attention", QString(R"("reduction":%1,"gate":"%2")").arg(r).arg(gate), "16x5x5");
        for (int k : {0, 3, 5}) row("eca", QString(R"("kernel":%1)").arg(k), "32x4x4");
        for (int e : {1, 3, 6})
            for (int stride : {1, 2})
                row("inverted_residual", QString(R"("out_channels":%1,"expansion":%2,"stride":%3)").arg(stride == 1 ? 8 : 16).arg(e).arg(stride),
                    "8x9x9");
        for (int stride : {1, 2})
            for (const char* attention : {"se", "eca", "none"})
                for (const char* fusion : {"learnable", "add", "none"})
                    row("hlcnn_block", QString(R"("out_channels":%1,"stride":%2,"attention":"%3","fusion":"%4")")
                                           .arg(stride == 1 ? 8 : 12).arg(stride).arg(attention).arg(fusion),
                        "8x7x7");
        for (int r : {2, 4}) row("bottleneck", QString(R"("out_channels":16,"stride":2,"reduction":%1)").arg(r), "8x9x9");
        row("dwsep_block", R"("out_channels":12,"stride":2)", "6x9x9");
    }
    void opParitySweep() {
        QFETCH(QString, op);
        QFETCH(QString, attrs);
        QFETCH(QString, input);
        const QStringList dims = input.split('x');
        const std::string json = QString(R"({"format":"hlcnn-graph/1","name":"sweep","input":[%1,%2,%3],"nodes":[
          {"id":"n","op":"%4","inputs":["input"],"attrs":{%5}}],"outputs":["n"]})")
                                     .arg(dims[0], dims[1], dims[2], op, attrs)
                                     .toStdString();
        const Graph g = graphFromJson(json);
        const Analysis a = analyze(g);
        if (!a.ok()) {
            QCOMPARE(QString::fromStdString(a.issues.front().nodeId).section('.', 0, 0), QString("n"));
            QCOMPARE(int(a.issues.front().kind), int(IssueKind::Rule));
            return;
        }
        comparesWithScript(g);
    }

    // Fusion of any two shapes: F2 larger by a non-integer factor, smaller, larger in one
    // dimension and smaller in the other, 1x1, other channel counts.
    void fusionParitySweep_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("f1");
        QTest::addColumn<QString>("f2");
        QTest::addColumn<QString>("mode");
        const auto conv = [](int out, int k, int s, int p) {
            return QString(R"("op":"conv2d","inputs":["input"],"attrs":{"out_channels":%1,"kernel":%2,"stride":%3,"padding":%4})")
                .arg(out).arg(k).arg(s).arg(p);
        };
        const QString relu = R"("op":"relu","inputs":["input"])";
        const auto maxpool = [](int k, int s) {
            return QString(R"("op":"maxpool","inputs":["input"],"attrs":{"kernel":%1,"stride":%2,"ceil_mode":true})").arg(k).arg(s);
        };
        // F1 8x5x3, F2 3x9x5: pooled 9->5 and 5->3 (non-integer), projected 3->8
        QTest::newRow("odd down, project") << "3x9x5" << conv(8, 3, 2, 1) << relu << "channel";
        // F1 8x12x12, F2 3x4x4: projected at 4x4, upsampled x3
        QTest::newRow("up x3, project") << "3x12x12" << conv(8, 1, 1, 0) << maxpool(3, 3) << "scalar";
        // F1 8x10x10, F2 3x4x4: upsampled by 2.5
        QTest::newRow("up x2.5") << "3x10x10" << conv(8, 1, 1, 0) << maxpool(3, 3) << "channel";
        // F1 3x10x3, F2 5x16x2: pooled in height, upsampled in width, projected 5->3
        QTest::newRow("mixed") << "3x20x6" << maxpool(2, 2) << conv(5, 5, 1, 0) << "channel";
        QTest::newRow("same shape") << "3x8x8" << conv(4, 1, 1, 0) << conv(4, 3, 1, 1) << "scalar";
        QTest::newRow("1x1 onto 7x7") << "3x7x7" << conv(6, 1, 1, 0) << R"("op":"global_avgpool","inputs":["input"])" << "channel";
    }
    void fusionParitySweep() {
        QFETCH(QString, input);
        QFETCH(QString, f1);
        QFETCH(QString, f2);
        QFETCH(QString, mode);
        const QStringList d = input.split('x');
        const Graph g = graphFromJson(QString(R"({"format":"hlcnn-graph/1","name":"fusion","input":[%1,%2,%3],"nodes":[
          {"id":"f1",%4},{"id":"f2",%5},
          {"id":"fuse","op":"fusion","inputs":["f1","f2"],"attrs":{"mode":"%6","alpha":0.6,"beta":1.3}}],"outputs":["fuse"]})")
                                          .arg(d[0], d[1], d[2], f1, f2, mode)
                                          .toStdString());
        const Analysis a = analyze(g);
        QVERIFY2(a.ok(), a.issues.empty() ? "" : a.issues.front().toString().c_str());
        QCOMPARE(a.shapes.at("fuse").dims, a.shapes.at("f1").dims);
        comparesWithScript(g);
        // alpha*F1 + beta*resample(F2) by hand from LibTorch's own resamplers, as documented
        Graph all = g;
        all.outputs = {"f1", "f2", "fuse"};
        GraphModule m(all, 3);
        m->eval();
        torch::NoGradGuard guard;
        const auto outs = m->forwardAll(torch::randn({2, d[0].toLong(), d[1].toLong(), d[2].toLong()}));
        const auto& s1 = a.shapes.at("f1");
        const auto& s2 = a.shapes.at("f2");
        torch::Tensor r = outs[1];
        const std::int64_t ph = std::min(s1.height(), s2.height()), pw = std::min(s1.width(), s2.width());
        if (ph != s2.height() || pw != s2.width()) r = torch::adaptive_avg_pool2d(r, {ph, pw});
        if (auto proj = m->stateTensor("fuse.proj.weight"); proj.defined()) r = torch::conv2d(r, proj);
        if (ph != s1.height() || pw != s1.width()) r = torch::upsample_nearest2d(r, std::vector<std::int64_t>{s1.height(), s1.width()});
        const torch::Tensor expected = 0.6 * outs[0] + 1.3 * r;
        QVERIFY((expected - outs[2]).abs().max().item<double>() < 1e-5);
    }

    // The depthwise convolution's backward is core's own (depthwise_conv.cpp); its gradients must
    // equal LibTorch's conv2d autograd on the same tensors, for every geometry and both layouts.
    void depthwiseGradientsMatchLibTorch_data() {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("padding");
        QTest::addColumn<int>("dilation");
        QTest::addColumn<bool>("bias");
        QTest::addColumn<bool>("channelsLast");
        int row = 0;
        for (int channels : {1, 8, 17, 96})
            for (const auto& [h, w] : {std::pair{1, 1}, std::pair{2, 2}, std::pair{7, 5}, std::pair{16, 16}})
                for (int kernel : {1, 3, 5})
                    for (int stride : {1, 2})
                        for (int padding : {-1, 0, 2})
                            for (int dilation : {1, 2}) {
                                const int pad = padding < 0 ? (kernel - 1) / 2 * dilation : padding;
                                if (h + 2 * pad - dilation * (kernel - 1) < 1 || w + 2 * pad - dilation * (kernel - 1) < 1) continue;
                                if (++row % 3) continue;  // every third valid geometry keeps the suite short
                                const bool bias = row % 2, channelsLast = row % 4 < 2;
                                QTest::newRow(qPrintable(QString("c%1 %2x%3 k%4 s%5 p%6 d%7%8%9").arg(channels).arg(h).arg(w)
                                                             .arg(kernel).arg(stride).arg(padding).arg(dilation)
                                                             .arg(bias ? " bias" : "", channelsLast ? " nhwc" : " nchw")))
                                    << channels << h << w << kernel << stride << padding << dilation << bias << channelsLast;
                            }
    }
    void depthwiseGradientsMatchLibTorch() {
        QFETCH(int, channels);
        QFETCH(int, height);
        QFETCH(int, width);
        QFETCH(int, kernel);
        QFETCH(int, stride);
        QFETCH(int, padding);
        QFETCH(int, dilation);
        QFETCH(bool, bias);
        QFETCH(bool, channelsLast);
        const Graph g = graphFromJson(QString(R"({"format":"hlcnn-graph/1","name":"dw","input":[%1,%2,%3],"nodes":[
          {"id":"dw","op":"depthwise_conv","inputs":["input"],"attrs":{"kernel":%4,"stride":%5,"padding":%6,"dilation":%7,"bias":%8}}],
          "outputs":["dw"]})").arg(channels).arg(height).arg(width).arg(kernel).arg(stride).arg(padding).arg(dilation)
                                          .arg(bias ? "true" : "false").toStdString());
        GraphModule m(g, 11);
        m->setChannelsLast(channelsLast);
        m->train();
        torch::Tensor weight = m->stateTensor("dw.weight"), b = m->stateTensor("dw.bias");
        if (bias) {
            torch::NoGradGuard guard;
            b.uniform_(-1, 1);
        }
        const torch::Tensor x = torch::randn({3, channels, height, width}).requires_grad_(true);
        const torch::Tensor y = m->forward(x);
        const torch::Tensor r = torch::randn(y.sizes());
        (y * r).sum().backward();

        // the reference: LibTorch's conv2d and its autograd on copies of the same tensors
        const torch::Tensor xr = x.detach().clone().requires_grad_(true), wr = weight.detach().clone().requires_grad_(true);
        const torch::Tensor br = bias ? b.detach().clone().requires_grad_(true) : torch::Tensor();
        const std::int64_t pad = padding < 0 ? (kernel - 1) / 2 * dilation : padding;
        const torch::Tensor yr = torch::conv2d(xr, wr, br, stride, pad, dilation, channels);
        (yr * r).sum().backward();

        auto close = [](const torch::Tensor& a, const torch::Tensor& e) {
            return (a - e).abs().max().item<double>() <= 1e-5 * std::max(1.0, e.abs().max().item<double>());
        };
        QVERIFY(close(y, yr));
        QVERIFY2(close(x.grad(), xr.grad()), "input gradient");
        QVERIFY2(close(weight.grad(), wr.grad()), "weight gradient");
        if (bias) QVERIFY2(close(b.grad(), br.grad()), "bias gradient");
    }

    void rejectsWrongInput() {
        GraphModule m(models::buildModel("hlcnn_s", {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m->forward(torch::randn({1, 3, 32, 32})));
    }
};

QTEST_GUILESS_MAIN(GraphModuleTest)
#include "tst_graph_module.moc"
