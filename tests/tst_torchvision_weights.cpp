// Weight import parity: torchvision's model and ours, same state_dict, same input -> same logits.
// Also the TorchScript export of our module gives the same logits.
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/state_dict.h"
#include "hlcnn/core/torchscript_export.h"
#include "hlcnn/models/zoo.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TorchvisionWeights : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { hlcnn::configureProcess(1, 2); }

    void sameLogits_data() {
        QTest::addColumn<QString>("model");
        for (const char* m : {"mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large", "shufflenet_v2_x0_5",
                              "shufflenet_v2_x1_0", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0", "squeezenet1_0",
                              "squeezenet1_1", "resnet18", "efficientnet_b0"})
            QTest::newRow(m) << QString(m);
    }

    void sameLogits() {
        QFETCH(QString, model);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcess python;
        python.start(HLCNN_PYTHON, {HLCNN_ORACLE, "weights", model, dir.path()});
        QVERIFY2(python.waitForFinished(300000), "torchvision oracle timed out");
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());

        hlcnn::GraphModule ours(hlcnn::models::buildModel(model.toStdString(), {}));
        const auto report = hlcnn::loadStateDict(*ours, hlcnn::readStateDict((dir.path() + "/state_dict.pt").toStdString()));
        QVERIFY(report.complete());
        QCOMPARE(report.loaded, int(ours->stateNames().size()));
        ours->eval();

        const auto io = hlcnn::readStateDict((dir.path() + "/io.pt").toStdString());
        QCOMPARE(io.size(), std::size_t(2));
        const torch::Tensor input = io[0].tensor, expected = io[1].tensor;
        torch::NoGradGuard noGrad;
        const torch::Tensor logits = ours->forward(input);
        const double scale = expected.abs().max().item<double>();
        const double diff = (logits - expected).abs().max().item<double>();
        qInfo("%s: max |logit| %.4g, max abs diff %.3g", qPrintable(model), scale, diff);
        QVERIFY2(scale > 1e-3, "logits too small for a meaningful comparison");
        QVERIFY2(diff <= 1e-4, qPrintable(QString("max abs diff %1").arg(diff)));

        torch::jit::Module scripted = hlcnn::toTorchScript(*ours);
        const double jitDiff = (scripted.forward({input}).toTensor() - logits).abs().max().item<double>();
        QVERIFY2(jitDiff <= 1e-5, qPrintable(QString("TorchScript differs by %1").arg(jitDiff)));
    }
};

QTEST_GUILESS_MAIN(TorchvisionWeights)
#include "tst_torchvision_weights.moc"
