// Every zoo model x both stems x eight input sizes (square and not powers of two, grey and RGB) x
// three class counts: the profile agrees with the built module's parameters, one forward pass gives
// N x classes, and the TorchScript export computes the same logits. A model whose spatial size
// truly collapses must be refused by the validator naming the node, never crash.
#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/torchscript_export.h"
#include "hlcnn/models/zoo.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <QtTest>

using namespace hlcnn;

namespace {

struct InputSize {
    std::int64_t channels, side;
};
const InputSize kInputs[] = {{1, 28}, {3, 32}, {3, 64}, {3, 96}, {1, 100}, {3, 160}, {3, 224}, {3, 227}};
const std::int64_t kClasses[] = {2, 10, 1000};

}  // namespace

class InputSweepTest : public QObject {
    Q_OBJECT
    int refused_ = 0, checked_ = 0;

private Q_SLOTS:
    void initTestCase() { configureProcess(1, 1); }

    void everyModelEverySize_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("stem");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("classes");
        const QString stemFilter = qEnvironmentVariable("HLCNN_SWEEP_STEM");  // ctest runs the stems in parallel
        for (const auto& z : models::zoo())
            for (models::Stem stem : {models::Stem::ImageNet, models::Stem::Cifar}) {
                const QString stemText = QString::fromStdString(models::stemName(stem));
                if (!stemFilter.isEmpty() && stemFilter != stemText) continue;
                for (const InputSize& in : kInputs)
                    for (std::int64_t classes : kClasses)
                        QTest::newRow(qPrintable(QString("%1/%2/%3x%4x%4/%5").arg(QString::fromStdString(z.name), stemText)
                                                     .arg(in.channels).arg(in.side).arg(classes)))
                            << QString::fromStdString(z.name) << int(stem) << int(in.channels) << int(in.side) << int(classes);
            }
    }

    void everyModelEverySize() {
        QFETCH(QString, model);
        QFETCH(int, stem);
        QFETCH(int, channels);
        QFETCH(int, side);
        QFETCH(int, classes);
        models::ModelOptions o;
        o.stem = models::Stem(stem);
        o.classes = classes;
        o.inChannels = channels;
        o.resolution = side;
        const Graph g = models::buildModel(model.toStdString(), o);
        QCOMPARE(g.input.dims, (std::vector<std::int64_t>{channels, side, side}));
        const Analysis a = analyze(g);
        if (!a.ok()) {
            // Only a size collapse may refuse a zoo model, and the refusal names the node.
            const GraphIssue& issue = a.issues.front();
            QVERIFY2(!issue.nodeId.empty(), issue.toString().c_str());
            QVERIFY2(issue.message.find("collapses") != std::string::npos, issue.toString().c_str());
            QVERIFY(analyze(g).issues.front().nodeId == issue.nodeId);  // deterministic
            QVERIFY_THROWS_EXCEPTION(GraphError, (void)GraphModule(g, 0));
            ++refused_;
            return;
        }
        const ModelProfile profile = profileGraph(g);
        QVERIFY(profile.total.macs > 0);
        GraphModule m(g, 5);
        std::int64_t params = 0;
        for (const auto& p : m->parameters()) params += p.numel();
        QCOMPARE(params, profile.total.params);
        m->eval();
        torch::NoGradGuard noGrad;
        at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(std::uint64_t(side * 7 + channels));
        const torch::Tensor x = torch::randn({2, channels, side, side}, gen);
        const torch::Tensor y = m->forward(x);
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, classes}));
        QVERIFY(torch::isfinite(y).all().item<bool>());
        torch::jit::Module scripted = toTorchScript(*m);
        const torch::Tensor ys = scripted.forward({x}).toTensor();
        const double scale = std::max(1.0, y.abs().max().item<double>());
        const double diff = (ys - y).abs().max().item<double>();
        QVERIFY2(diff <= 1e-5 * scale, qPrintable(QString("eager vs TorchScript differ by %1").arg(diff)));
        ++checked_;
    }

    // Inputs too small for a model: the validator refuses them naming the node where the size
    // collapses, and the builder refuses them the same way instead of crashing.
    void collapsingSizesAreRefusedNamingTheNode() {
        models::ModelOptions o;
        o.resolution = 8;
        const Analysis squeeze = analyze(models::buildModel("squeezenet1_0", o));
        QVERIFY(!squeeze.ok());
        QCOMPARE(QString::fromStdString(squeeze.issues.front().nodeId), QString("features.2"));
        QVERIFY(squeeze.issues.front().message.find("collapses") != std::string::npos);
        o.resolution = 2;
        o.inChannels = 1;
        int refused = 0;
        for (const auto& z : models::zoo()) {
            const Graph g = models::buildModel(z.name, o);
            const Analysis a = analyze(g);
            if (a.ok()) continue;
            ++refused;
            QVERIFY2(!a.issues.front().nodeId.empty() && a.issues.front().message.find("collapses") != std::string::npos,
                     a.issues.front().toString().c_str());
            try {
                GraphModule m(g);
                QFAIL(qPrintable(QString::fromStdString(z.name) + " built at 1x2x2"));
            } catch (const GraphError& e) {
                QVERIFY2(std::string(e.what()).find(a.issues.front().nodeId) != std::string::npos, e.what());
            }
        }
        QVERIFY(refused > 0);
    }

    void cleanupTestCase() { qInfo("%d combinations built and compared, %d refused by the validator", checked_, refused_); }
};

QTEST_GUILESS_MAIN(InputSweepTest)
#include "tst_input_sweep.moc"
