// The frozen fp32 forms of an inference script (oneDNN layouts, channels-last) compute what the
// eval-mode module computes, on ordinary NCHW inputs, and the timed choice keeps the faster one.
#include "hlcnn/core/frozen_forward.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/torchscript_export.h"
#include "hlcnn/models/zoo.h"
#include "support/settled_module.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <QtTest>

using namespace hlcnn;

namespace {

// Channels-last freezing runs the same kernels as eager: float rounding only. LibTorch's oneDNN
// rewrite departs further on HL-CNN: 0.59 % of the largest output on hlcnn_s, the same from Python
// (`_jit_pass_convert_frozen_ops_to_mkldnn` alone; the folding passes stay at 3e-7).
double tolerance(FrozenLayout layout) { return layout == FrozenLayout::ChannelsLast ? 1e-4 : 1e-2; }

double largestDifference(const torch::Tensor& a, const torch::Tensor& b) { return (a.contiguous() - b).abs().max().item<double>(); }

}  // namespace

class FrozenForwardTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { configureProcess(1, 2); }

    void everyLayoutMatchesTheEvalModule_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("resolution");
        QTest::newRow("hlcnn_s 32") << "hlcnn_s" << 32;
        QTest::newRow("mobilenet_v2 32") << "mobilenet_v2" << 32;
        QTest::newRow("shufflenet_v2_x0_5 32") << "shufflenet_v2_x0_5" << 32;
        QTest::newRow("squeezenet1_1 64") << "squeezenet1_1" << 64;
    }
    void everyLayoutMatchesTheEvalModule() {
        QFETCH(QString, model);
        QFETCH(int, resolution);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        o.resolution = resolution;
        GraphModule m = test::settledModule(models::buildModel(model.toStdString(), o), 3);
        torch::jit::Module scripted = toInferenceTorchScript(*m);
        torch::NoGradGuard guard;
        const torch::Tensor x = torch::randn({2, 3, resolution, resolution});
        const torch::Tensor expected = m->forward(x);
        const double scale = std::max(1.0, expected.abs().max().item<double>());
        for (FrozenLayout layout : {FrozenLayout::OneDnn, FrozenLayout::ChannelsLast}) {
            FrozenForward f = frozenForward(scripted, layout);
            const double diff = largestDifference(f.forward(x), expected);
            QVERIFY2(diff <= tolerance(layout) * scale, qPrintable(QString("%1: differs by %2").arg(frozenLayoutName(layout)).arg(diff)));
        }
        QVERIFY(x.is_contiguous());
        // the script itself is left as it was: not frozen (freezing drops `training`), and still runs
        QVERIFY(scripted.hasattr("training"));
        QVERIFY(torch::allclose(scripted.forward({x}).toTensor(), expected, 1e-4, 1e-4));
    }

    void theTimedChoiceKeepsTheFasterForm() {
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        GraphModule m = test::settledModule(models::buildModel("hlcnn_s", o), 4);
        const torch::Tensor x = torch::randn({1, 3, 32, 32});
        FrozenForward f = fastestFrozen(toInferenceTorchScript(*m), x, 2, 3);
        QVERIFY(f.oneDnnMs > 0 && f.channelsLastMs > 0);
        const bool channelsLastFaster = f.channelsLastMs < f.oneDnnMs;
        QCOMPARE(f.layout == FrozenLayout::ChannelsLast, channelsLastFaster);
        QVERIFY(f.describe().find(frozenLayoutName(f.layout)) != std::string::npos);
        torch::NoGradGuard guard;
        const torch::Tensor expected = m->forward(x);
        const double scale = std::max(1.0, expected.abs().max().item<double>());
        QVERIFY(largestDifference(f.forward(x), expected) <= tolerance(f.layout) * scale);
    }
};

QTEST_GUILESS_MAIN(FrozenForwardTest)
#include "tst_frozen_forward.moc"
