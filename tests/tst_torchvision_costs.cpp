// Exactness of the analytic profiler against torchvision, computed live by Debian's torchvision.
#include "hlcnn/core/profiler.h"
#include "hlcnn/models/zoo.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

namespace {
const QStringList kModels{"mobilenet_v2",       "mobilenet_v3_small", "mobilenet_v3_large", "shufflenet_v2_x0_5",
                          "shufflenet_v2_x1_0", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0", "squeezenet1_0",
                          "squeezenet1_1",      "resnet18",           "efficientnet_b0"};
}

class TorchvisionCosts : public QObject {
    Q_OBJECT
    QJsonObject oracle_;

private Q_SLOTS:
    void initTestCase() {
        QProcess python;
        python.start(HLCNN_PYTHON, QStringList{HLCNN_ORACLE, "costs"} + kModels);
        QVERIFY2(python.waitForFinished(600000), "torchvision oracle timed out");
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        oracle_ = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
        QCOMPARE(oracle_.size(), kModels.size());
    }

    void matchesTorchvision_data() {
        QTest::addColumn<QString>("model");
        for (const QString& m : kModels) QTest::newRow(qPrintable(m)) << m;
    }

    void matchesTorchvision() {
        QFETCH(QString, model);
        const auto p = hlcnn::profileGraph(hlcnn::models::buildModel(model.toStdString(), {}));
        const QJsonObject ref = oracle_.value(model).toObject();
        const qint64 params = ref.value("params").toVariant().toLongLong();
        const qint64 macs = ref.value("macs").toVariant().toLongLong();
        qInfo("%s: params %lld (torchvision %lld), MACs %lld (torchvision %lld)", qPrintable(model),
              qint64(p.total.params), params, qint64(p.total.macs), macs);
        QCOMPARE(qint64(p.total.params), params);
        QVERIFY(std::abs(double(p.total.macs - macs)) <= 0.005 * double(macs));
    }
};

QTEST_GUILESS_MAIN(TorchvisionCosts)
#include "tst_torchvision_costs.moc"
