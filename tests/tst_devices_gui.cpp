// The Devices area of the real main window, with Debian's adb and an adb-test-device phone: the
// phone is listed and its clusters shown, a profile started from the form runs on a worker and
// lands in the table and the store, a cancelled one records nothing, an unplugged phone leaves the
// list, and a missing adb is a message in the view. With HLCNN_SCREENSHOT_DIR set it also saves
// devices-profile.png there (packaging/device-screenshots.sh runs it under Xvfb).
#include "main_window.h"
#include "support/adb_harness.h"
#include "support/cli_process.h"

#include "../widgets/src/designer_items.h"
#include "hlcnn/core/latency_program.h"
#include "hlcnn/experiments/latency_table.h"
#include "hlcnn/mobile/unit_latency.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/widgets/designer_document.h"
#include "hlcnn/widgets/designer_scene.h"
#include "hlcnn/widgets/designer_widget.h"
#include "hlcnn/widgets/devices_view.h"

#include <QComboBox>

#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace hlcnn;
using hlcnn::test::runCli;

class DevicesGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<hlcnn::test::AdbHarness> adb_;
    std::unique_ptr<MainWindow> window_;
    QString db_, ptl_, phone_;
    QString p(const QString& name) const { return dir_.path() + "/" + name; }
    DevicesView* view() const { return window_->devicesView(); }

    // A listing that began after this call: one already under way (the area being shown starts
    // one) may have asked adb before the change the test made.
    bool waitListed() {
        for (int round = 0; round < 2; ++round) {
            QSignalSpy listed(view(), &DevicesView::devicesListed);
            view()->refreshDevices();
            if (!listed.wait(20000)) return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // the window's settings stay out of the user's
        QVERIFY(dir_.isValid());
        adb_ = std::make_unique<hlcnn::test::AdbHarness>(p("adb"));
        QVERIFY(hlcnn::test::writeTinyCifar(p("cifar"), 40, 40));
        db_ = p("runs.sqlite");
        qputenv("HLCNN_DB", db_.toLocal8Bit());  // the window's Runs area opens this store
        qputenv("HLCNN_BENCH_RUNNER", HLCNN_BENCH);  // the build tree's runner (an installed one sits next to the program)
        auto r = runCli({"train", "--model", "hlcnn_s", "--stem", "cifar", "--width", "0.5", "--data", "cifar10:" + p("cifar"), "--epochs",
                         "1", "--batch", "50", "--threads", "1", "--db", db_, "--out", p("run1"), "--name", "hlcnn_s w0.5"});
        QVERIFY2(r.code == 0, r.err.constData());
        ptl_ = p("hlcnn_s_int8.ptl");
        r = runCli({"export", "--checkpoint", p("run1/best.ckpt"), "--format", "ptl", "--int8", "--calib-data", "cifar10:" + p("cifar"),
                    "--calib-batches", "2", "--no-eval", "-o", ptl_, "--run", "1", "--db", db_});
        QVERIFY2(r.code == 0, r.err.constData());
        phone_ = adb_->addPhone("phone", {"--model", "Pixel_Test"});
        QVERIFY2(!phone_.isEmpty(), qPrintable(adb_->lastError()));
        window_ = std::make_unique<MainWindow>();
        window_->resize(1300, 800);
        view()->setPollInterval(0);  // the test refreshes by hand
        window_->show();
        window_->areas()->setCurrentWidget(view());
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }

    void listsThePhoneAndShowsItsClusters() {
        QVERIFY(waitListed());
        QCOMPARE(view()->devices()->rowCount(), 1);
        QCOMPARE(view()->devices()->item(0, 0)->text(), phone_);
        view()->selectDevice(phone_);  // the only phone is selected by itself; its information is read on a worker
        QTRY_VERIFY_WITH_TIMEOUT(view()->info()->text().contains("TS8100"), 20000);
        const QString info = view()->info()->text();
        QVERIFY2(info.contains("8 cores") && info.contains(QString("4 x %1 GHz").arg(QLocale().toString(1.8, 'f', 2))) &&
                     info.contains(QString("4 x %1 GHz").arg(QLocale().toString(2.4, 'f', 2))),
                 qPrintable(info));
    }

    void profileFromTheFormIsRecordedAndListed() {
        view()->selectDevice(phone_);
        view()->setArtifact(ptl_);
        view()->setAffinity("big");
        view()->setIterations(3, 20);
        QSignalSpy done(view(), &DevicesView::profileFinished);
        QSignalSpy listed(view(), &DevicesView::profilesShown);
        view()->startProfile();
        QVERIFY(view()->profiling());
        QVERIFY(done.wait(120000));
        QVERIFY2(done.front().at(0).toBool(), qPrintable(done.front().at(1).toString()));
        QVERIFY(listed.wait(20000) || !listed.isEmpty());
        QCOMPARE(view()->profiles()->rowCount(), 1);
        const ExperimentStore store(db_.toStdString(), false);
        const auto recorded = store.deviceProfiles(phone_.toStdString());
        QCOMPARE(recorded.size(), size_t(1));
        QCOMPARE(recorded.front().iters, 20);
        QCOMPARE(recorded.front().mask, std::string("f0"));
        QVERIFY(recorded.front().runId && *recorded.front().runId == 1);  // the export's run
        // the table shows the stored mean, in the user's locale
        QCOMPARE(view()->profiles()->item(0, 5)->text(), QLocale().toString(recorded.front().meanMs, 'f', 3));
        QVERIFY(view()->status()->text().contains(QLocale().toString(recorded.front().meanMs, 'f', 3)));
        if (const QByteArray out = qgetenv("HLCNN_SCREENSHOT_DIR"); !out.isEmpty())
            QVERIFY(window_->grab().save(QString::fromLocal8Bit(out) + "/devices-profile.png"));
    }

    // The form's runner choice reaches the protocol: a missing file is named, PyTorch's
    // speed_benchmark_torch needs its file.
    void runnerChoiceIsUsed() {
        QSignalSpy done(view(), &DevicesView::profileFinished);
        view()->setRunner("/nonexistent/hlcnn-bench", "hlcnn-bench");
        view()->startProfile();
        QVERIFY(done.wait(60000));
        QCOMPARE(done.front().at(0).toBool(), false);
        QVERIFY2(view()->status()->text().contains("the runner /nonexistent/hlcnn-bench does not exist"), qPrintable(view()->status()->text()));
        view()->setRunner("", "speed_benchmark_torch");
        view()->startProfile();
        QVERIFY(!view()->profiling());
        QVERIFY(view()->status()->text().contains("give its file"));
        view()->setRunner("", "hlcnn-bench");
    }

    void cancelledProfileRecordsNothing() {
        view()->setIterations(0, 100000);
        QSignalSpy done(view(), &DevicesView::profileFinished);
        view()->startProfile();
        QTest::qWait(1500);  // into the push or the run
        view()->cancelProfile();
        QVERIFY(!done.isEmpty() || done.wait(60000));
        QCOMPARE(done.front().at(0).toBool(), false);
        QVERIFY(view()->status()->text().contains("Cancelled"));
        QCOMPARE(ExperimentStore(db_.toStdString(), false).deviceProfiles(phone_.toStdString()).size(), size_t(1));
    }

    // The designer's graph timed unit by unit on the phone; the Devices area lists the table with
    // its hit rate, and the designer shows each node's predicted milliseconds and the total, which
    // add up from the stored table.
    void latencyTableDrivesTheDesignerPrediction() {
        DesignerWidget* designer = window_->designer();
        designer->newFromTemplate("hlcnn_s", "cifar", 10, 0.5);
        view()->selectDevice(phone_);
        view()->setIterations(1, 5);
        view()->setThreads(1);
        view()->setAffinity("all");
        QSignalSpy built(view(), &DevicesView::latencyTableFinished);
        QSignalSpy listed(designer, &DesignerWidget::latencyTablesListed);
        QSignalSpy profilesShown(view(), &DevicesView::profilesShown);
        view()->buildLatencyTable("fp32");
        QVERIFY(built.wait(300000));
        QVERIFY2(built.front().at(0).toBool(), qPrintable(built.front().at(1).toString()));
        QVERIFY(built.front().at(1).toString().contains("error of the prediction"));
        QVERIFY(listed.wait(20000) || !listed.isEmpty());
        QCOMPARE(designer->predictionChoice()->count(), 2);  // "no device" and this phone's fp32 table

        // the Devices area lists the table with the share of its checks within +-5 % and +-10 %
        QVERIFY(profilesShown.wait(20000) || !profilesShown.isEmpty());
        QTRY_COMPARE(view()->latencyTables()->rowCount(), 1);
        const auto checks = ExperimentStore(db_.toStdString(), false).latencyChecks(phone_.toStdString(), "fp32", 1, "all");
        QCOMPARE(checks.size(), std::size_t(1));
        const double error = 100.0 * (checks.front().predictedMs - checks.front().measuredMs) / checks.front().measuredMs;
        const auto shown = [&](int column) { return view()->latencyTables()->item(0, column)->text(); };
        QCOMPARE(shown(6), QString("1"));
        QVERIFY2(shown(7).startsWith(qAbs(error) <= 5 ? "1 of 1" : "0 of 1"), qPrintable(shown(7)));
        QVERIFY2(shown(8).startsWith(qAbs(error) <= 10 ? "1 of 1" : "0 of 1"), qPrintable(shown(8)));

        window_->areas()->setCurrentWidget(designer);
        designer->predictionChoice()->setCurrentIndex(1);
        QTRY_VERIFY_WITH_TIMEOUT(!designer->predictionText().isEmpty(), 20000);
        // the total by hand: the stored copies plus every op of the graph's program; the nodes
        // carry their ops' times (fused nodes none)
        const Graph& g = designer->document()->graph();
        const std::map<std::string, double> ms = unitTimes(ExperimentStore(db_.toStdString(), false).unitLatencies(phone_.toStdString(), "fp32", 1, "all"));
        const mobile::Program program = latencyProgram(g, "fp32");
        double total = ms.at(mobile::ioKey(program)), onNodes = 0;
        for (std::size_t k = 0; k < program.ops.size(); ++k) total += ms.at(mobile::unitKey(program, k));
        for (const Node& n : g.nodes) onNodes += std::max(0.0, designer->scene()->nodeItem(n.id)->predictedMs());
        QVERIFY2(designer->predictionText().contains(QLocale().toString(total, 'f', 3)), qPrintable(designer->predictionText()));
        QVERIFY(onNodes > 0 && onNodes <= total);
        QVERIFY(designer->scene()->nodeItem("stem.0")->predictedMs() > 0);
        QVERIFY(designer->scene()->nodeItem("stage1.0")->predictedMs() > 0);   // a block runs as its expansion's ops
        if (const QByteArray out = qgetenv("HLCNN_SCREENSHOT_DIR"); !out.isEmpty()) {
            designer->fitToView(false);
            QTest::qWait(200);
            QVERIFY(window_->grab().save(QString::fromLocal8Bit(out) + "/designer-device-prediction.png"));
            window_->areas()->setCurrentWidget(view());
            QTest::qWait(200);
            QVERIFY(window_->grab().save(QString::fromLocal8Bit(out) + "/devices-latency-tables.png"));
            window_->areas()->setCurrentWidget(designer);
        }
        // "no device" clears it
        designer->predictionChoice()->setCurrentIndex(0);
        QTRY_VERIFY(designer->predictionText().isEmpty());
        QCOMPARE(designer->scene()->nodeItem(g.nodes.front().id)->predictedMs(), -1.0);
        window_->areas()->setCurrentWidget(view());
    }

    void anUnpluggedPhoneLeavesTheList() {
        const QString other = adb_->addPhone("other");
        QVERIFY(waitListed());
        QCOMPARE(view()->devices()->rowCount(), 2);
        QVERIFY(adb_->adb({"disconnect", other}).code == 0);
        QVERIFY(waitListed());
        QCOMPARE(view()->devices()->rowCount(), 1);
        QCOMPARE(view()->selectedSerial(), phone_);  // the selection survives
    }

    void missingAdbIsAMessage() {
        qputenv("HLCNN_ADB", "/nonexistent/adb");
        QVERIFY(waitListed());
        qunsetenv("HLCNN_ADB");
        QCOMPARE(view()->devices()->rowCount(), 0);
        QVERIFY2(view()->status()->text().contains("/nonexistent/adb cannot be run"), qPrintable(view()->status()->text()));
    }

    void cleanupTestCase() {
        window_.reset();
        adb_.reset();
    }
};

QTEST_MAIN(DevicesGui)
#include "tst_devices_gui.moc"
