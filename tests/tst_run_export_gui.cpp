// Exporting from the run page: the dialog's choice runs on a worker, the file is written and
// recorded as an export of the run, listed under Files with its accuracy in the status line; ONNX
// stays fp32; a cancelled export writes nothing; bad data comes back as a message, not a crash.
#include "support/cli_process.h"

#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/mobile/program.h"
#include "hlcnn/widgets/export_dialog.h"
#include "hlcnn/widgets/live_runs.h"
#include "hlcnn/widgets/run_detail.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTemporaryDir>
#include <QtTest>

using namespace hlcnn;

class RunExportGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString db_, cifar_;
    LiveRuns live_;
    QString p(const QString& name) const { return dir_.path() + "/" + name; }

    // Runs the choice to its end; returns exportFinished's error ("" on success).
    static QString runToEnd(RunDetail& detail, const ExportChoice& choice, bool cancel = false) {
        QSignalSpy finished(&detail, &RunDetail::exportFinished);
        detail.exportRun(choice);
        if (cancel) detail.cancelExport();
        if (!finished.wait(300000)) return "timed out";
        return finished.first().at(0).toString();
    }
    static QStringList fileKinds(const RunDetail& detail) {
        QStringList kinds;
        for (int r = 0; r < detail.files()->rowCount(); ++r) kinds << detail.files()->item(r, 0)->text();
        return kinds;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        cifar_ = "cifar10:" + p("cifar");
        QVERIFY(test::writeTinyCifar(p("cifar"), 40, 40));
        db_ = p("runs.sqlite");
        const auto r = test::runCli({"train", "--model", "hlcnn_s", "--stem", "cifar", "--width", "0.25", "--data", cifar_, "--epochs",
                                     "1", "--batch", "40", "--threads", "1", "--db", db_, "--out", p("run1")});
        QVERIFY2(r.code == 0, r.err.constData());
        live_.setDatabase(db_);
        QTRY_VERIFY_WITH_TIMEOUT(live_.find(1) && !live_.find(1)->epochs.empty(), 20000);
    }

    void int8ExportIsWrittenRecordedAndListed() {
        RunDetail detail;
        detail.setDatabase(db_);
        detail.showRun(live_.find(1));
        ExportDialog dialog("run", p("run1"), cifar_);
        dialog.setFormat("ptl");
        dialog.setInt8(true);
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        ExportChoice choice = dialog.choice();
        QCOMPARE(choice.output, p("run1/best_int8.ptl"));
        QCOMPARE(choice.engine, QString("qnnpack"));   // the phone's engine for .ptl
        QCOMPARE(choice.calibData, cifar_);              // the run's own data
        choice.calibBatches = 2;
        const QString error = runToEnd(detail, choice);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(QFileInfo(choice.output).size() > 0);
        QVERIFY2(detail.exportStatus().contains("int8"), qPrintable(detail.exportStatus()));
        // Recorded with the run, with the file's size and its accuracy report.
        ExperimentStore store(db_.toStdString(), false);
        const auto exports = store.exports(1);
        QCOMPARE(int(exports.size()), 1);
        QCOMPARE(exports[0].precision, std::string("int8"));
        QCOMPARE(exports[0].bytes, QFileInfo(choice.output).size());
        const auto eval = nlohmann::json::parse(exports[0].description).at("report").at("eval");
        QCOMPARE(eval.at("images").get<int>(), 40);
        QVERIFY2(detail.exportStatus().contains(QLocale().toString(eval.at("int8_top1").get<double>(), 'f', 2)),
                 qPrintable(detail.exportStatus()));
        QTRY_VERIFY_WITH_TIMEOUT(fileKinds(detail).contains("export ptl int8"), 10000);

        // The run page keeps the full report (it showed one status line): both top-1s, both
        // sizes and their ratio, the ops left in float with the reason, the error at each block,
        // each as recorded in the store; a fresh page (a restart) shows it again.
        const auto report = nlohmann::json::parse(exports[0].description).at("report");
        for (RunDetail* page : {&detail, new RunDetail}) {
            if (page != &detail) {
                page->setDatabase(db_);
                page->showRun(live_.find(1));
            }
            QTRY_VERIFY_WITH_TIMEOUT(page->exportReports()->toPlainText().contains("SQNR"), 10000);
            const QString text = page->exportReports()->toPlainText();
            const auto has = [&](const QString& s) {
                if (!text.contains(s)) qWarning("missing %s in:\n%s", qPrintable(s), qPrintable(text));
                return text.contains(s);
            };
            QVERIFY(has(QLocale().toString(eval.at("fp32_top1").get<double>(), 'f', 2)));
            QVERIFY(has(QLocale().toString(eval.at("int8_top1").get<double>(), 'f', 2)));
            const double fp32Bytes = report.at("fp32_bytes").get<double>();
            QVERIFY(has(QLocale().toString(qlonglong(fp32Bytes))));
            QVERIFY(has(QLocale().toString(qlonglong(exports[0].bytes))));
            QVERIFY(has(QLocale().toString(fp32Bytes / double(exports[0].bytes), 'f', 2) + " x"));
            for (const auto& f : report.at("float_ops")) QVERIFY(has(QString::fromStdString(f.at("reason").get<std::string>())));
            QVERIFY(!report.at("block_sqnr_db").empty());
            for (const auto& b : report.at("block_sqnr_db")) QVERIFY(has(QString::fromStdString(b.at("block").get<std::string>())));
            if (page != &detail) delete page;
        }
        QCOMPARE(detail.tabs()->currentWidget(), static_cast<QWidget*>(detail.exportReports()));
    }

    // The phone's format from the run page: a mobile program, int8, engine not asked, recorded and
    // listed like the others.
    void mobileProgramExportFromTheRunPage() {
        RunDetail detail;
        detail.setDatabase(db_);
        detail.showRun(live_.find(1));
        ExportDialog dialog("run", p("run1"), cifar_);
        dialog.setFormat("mobile");
        dialog.setInt8(true);
        ExportChoice choice = dialog.choice();
        QCOMPARE(choice.output, p("run1/best_int8.hlmp"));
        choice.calibBatches = 2;
        const QString error = runToEnd(detail, choice);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(mobile::looksLikeProgramFile(choice.output.toStdString()));
        QVERIFY(mobile::readProgramFile(choice.output.toStdString()).isInt8());
        QTRY_VERIFY_WITH_TIMEOUT(fileKinds(detail).contains("export mobile int8"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(detail.exportReports()->toPlainText().contains("XNNPACK qs8"), 10000);
        QVERIFY2(!detail.exportReports()->toPlainText().contains("()"), qPrintable(detail.exportReports()->toPlainText()));
    }

    void onnxIsFp32AndCancelledExportsWriteNothing() {
        ExportDialog dialog("run", p("run1"), cifar_);
        dialog.setFormat("onnx");
        dialog.setInt8(true);
        QVERIFY(!dialog.choice().int8);
        QCOMPARE(dialog.choice().output, p("run1/best_fp32.onnx"));

        RunDetail detail;
        detail.setDatabase(db_);
        detail.showRun(live_.find(1));
        dialog.setFormat("pt");
        dialog.setInt8(true);
        const QString error = runToEnd(detail, dialog.choice(), true);
        QCOMPARE(error, QString("cancelled"));
        QVERIFY(!QFileInfo::exists(p("run1/best_int8.pt")));
        QVERIFY(!QFileInfo::exists(p("run1/best_int8.pt.partial")));
        QVERIFY2(detail.exportStatus().contains("nothing was written"), qPrintable(detail.exportStatus()));
        QVERIFY(!detail.exporting());
    }

    void badChoicesComeBackAsMessages() {
        ExportDialog dialog("run", p("run1"), cifar_);
        dialog.setOutput(p("missing/model.ptl"));
        QVERIFY2(dialog.problem().contains("does not exist"), qPrintable(dialog.problem()));
        dialog.setOutput(p("run1/best.ckpt"));
        QVERIFY2(dialog.problem().contains("checkpoint itself"), qPrintable(dialog.problem()));

        RunDetail detail;
        detail.setDatabase(db_);
        detail.showRun(live_.find(1));
        ExportChoice choice = dialog.choice();
        choice.output = p("other.ptl");
        choice.int8 = true;
        choice.calibData = "folder:" + p("nowhere");
        const QString error = runToEnd(detail, choice);
        QVERIFY2(error.startsWith("calibration data:"), qPrintable(error));
        QVERIFY(!QFileInfo::exists(choice.output));
        QVERIFY2(detail.exportStatus().startsWith("Export failed"), qPrintable(detail.exportStatus()));
    }
};

QTEST_MAIN(RunExportGui)
#include "tst_run_export_gui.moc"
