// On-device profiling end to end, with Debian's real adb client and server driving adb-test-device
// phones on loopback: discovery, device information (against the sandbox files the phone answers
// from), pushing an int8 .ptl and the runner (by hash, skipped when unchanged), a real timed run,
// the profile recorded and read back; and each injected failure ending in one clear line with
// nothing recorded.
#include "support/adb_harness.h"
#include "support/cli_process.h"

#include "hlcnn/core/latency_program.h"
#include "hlcnn/mobile/unit_latency.h"
#include "hlcnn/mobile/xnnpack_runtime.h"
#include "hlcnn/core/number_text.h"
#include "hlcnn/experiments/device_info.h"
#include "hlcnn/models/zoo.h"
#include "hlcnn/experiments/device_profiler.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_comparison.h"

#include <nlohmann/json.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <set>

using namespace hlcnn;
using hlcnn::test::runCli;

namespace {

QString sha256Of(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return QString::fromLatin1(h.result().toHex());
}

bool writeText(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

nlohmann::json parsed(const QByteArray& text) { return nlohmann::json::parse(text.toStdString(), nullptr, false); }

// The stderr of a failed command: exactly one line, no backtrace.
bool oneLine(const QByteArray& err) { return err.trimmed().count('\n') == 0 && !err.trimmed().isEmpty(); }

}  // namespace

class Device : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<hlcnn::test::AdbHarness> adb_;
    QString db_, int8Ptl_, fp32Ptl_, phone_;
    QString p(const QString& name) const { return dir_.path() + "/" + name; }
    int recordedProfiles() const { return int(ExperimentStore(db_.toStdString(), false).deviceProfiles().size()); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        adb_ = std::make_unique<hlcnn::test::AdbHarness>(p("adb"));
        // a trained run with an int8 and an fp32 lite-interpreter export, recorded in the store
        QVERIFY(hlcnn::test::writeTinyCifar(p("cifar"), 40, 40));
        db_ = p("runs.sqlite");
        auto r = runCli({"train", "--model", "hlcnn_s", "--stem", "cifar", "--width", "0.5", "--data", "cifar10:" + p("cifar"), "--epochs",
                         "1", "--batch", "50", "--threads", "1", "--db", db_, "--out", p("run1")});
        QVERIFY2(r.code == 0, r.err.constData());
        int8Ptl_ = p("model_int8.ptl");
        r = runCli({"export", "--checkpoint", p("run1/best.ckpt"), "--format", "ptl", "--int8", "--calib-data", "cifar10:" + p("cifar"),
                    "--calib-batches", "2", "--no-eval", "-o", int8Ptl_, "--run", "1", "--db", db_});
        QVERIFY2(r.code == 0, r.err.constData());
        fp32Ptl_ = p("model_fp32.ptl");
        r = runCli({"export", "--checkpoint", p("run1/best.ckpt"), "--format", "ptl", "--no-eval", "-o", fp32Ptl_, "--run", "1", "--db", db_});
        QVERIFY2(r.code == 0, r.err.constData());

        // the phone: a three-cluster CPU (4 little, 3 big, 1 prime) and its identity, written here so
        // that what the program reports is checked against this source, not the double's defaults
        const QString sb = adb_->sandbox("main");
        QVERIFY(writeText(sb + "/props.txt",
                          "ro.product.manufacturer=Acme\nro.product.model=Rocket 7\nro.product.cpu.abi=x86_64\n"
                          "ro.product.cpu.abilist=x86_64,x86\nro.soc.manufacturer=Acme Silicon\nro.soc.model=AS900\n"
                          "ro.build.version.sdk=33\nro.build.version.release=13\nro.build.fingerprint=acme/rocket/rocket:13/X/1:user/rel\n"));
        const int maxKhz[8] = {1700000, 1700000, 1700000, 1700000, 2400000, 2400000, 2400000, 3000000};
        for (int cpu = 0; cpu < 8; ++cpu) {
            const QString d = sb + QString("/sys/devices/system/cpu/cpu%1/cpufreq/").arg(cpu);
            QVERIFY(writeText(d + "cpuinfo_max_freq", QByteArray::number(maxKhz[cpu]) + "\n"));
            QVERIFY(writeText(d + "scaling_max_freq", QByteArray::number(maxKhz[cpu]) + "\n"));
        }
        phone_ = adb_->addPhone("main");
        QVERIFY2(!phone_.isEmpty(), qPrintable(adb_->lastError()));
    }

    void listsDevices() {
        const auto r = runCli({"device", "list", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = parsed(r.out);
        QVERIFY(j.is_array());
        bool found = false;
        for (const auto& d : j)
            if (d.at("serial") == phone_.toStdString()) {
                found = true;
                QCOMPARE(d.at("state").get<std::string>(), std::string("device"));
            }
        QVERIFY(found);
    }

    void readsDeviceInfo() {
        const auto r = runCli({"device", "info", "--serial", phone_, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = parsed(r.out);
        QCOMPARE(j.at("manufacturer").get<std::string>(), std::string("Acme"));
        QCOMPARE(j.at("model").get<std::string>(), std::string("Rocket 7"));
        QCOMPARE(j.at("soc").get<std::string>(), std::string("Acme Silicon AS900"));
        QCOMPARE(j.at("sdk").get<int>(), 33);
        QCOMPARE(j.at("abis").size(), size_t(2));
        QCOMPARE(j.at("cores").get<int>(), 8);
        const auto& clusters = j.at("clusters");
        QCOMPARE(clusters.size(), size_t(3));
        QCOMPARE(clusters[0].at("cpus"), nlohmann::json({0, 1, 2, 3}));
        QCOMPARE(clusters[0].at("max_khz").get<long>(), 1700000L);
        QCOMPARE(clusters[1].at("cpus"), nlohmann::json({4, 5, 6}));
        QCOMPARE(clusters[2].at("cpus"), nlohmann::json({7}));
        // taskset masks: bit n = cpu n
        QCOMPARE(clusters[0].at("mask").get<std::string>(), std::string("f"));
        QCOMPARE(clusters[1].at("mask").get<std::string>(), std::string("70"));
        QCOMPARE(clusters[2].at("mask").get<std::string>(), std::string("80"));
        QCOMPARE(j.at("thermal_status").get<int>(), 0);
        QCOMPARE(j.at("temperatures_c").at("cpu0").get<double>(), 36.5);
    }

    // The whole protocol: push by hash, the real runner on the chosen cores, the record read back.
    void profilesInt8ModelAndRecordsIt() {
        const auto r = runCli({"device", "profile", "--serial", phone_, "--artifact", int8Ptl_, "--affinity", "big", "--iters", "12",
                               "--warmup", "2", "--db", db_, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = parsed(r.out);
        QVERIFY(j.is_object());
        QCOMPARE(j.at("precision").get<std::string>(), std::string("int8"));
        QCOMPARE(j.at("mask").get<std::string>(), std::string("f0"));  // big = every cluster but the slowest: cpus 4-7
        QCOMPARE(j.at("pushed").at("runner").get<bool>(), true);
        QCOMPARE(j.at("pushed").at("model").get<bool>(), true);
        QCOMPARE(j.at("input"), nlohmann::json({1, 3, 32, 32}));

        // the files on the phone are the host's, byte for byte, the runner executable
        const QString folder = adb_->sandbox("main") + "/data/local/tmp/hlcnn";
        const QString sha = sha256Of(int8Ptl_);
        QCOMPARE(sha256Of(folder + "/models/" + sha.left(16) + ".ptl"), sha);
        QCOMPARE(sha256Of(folder + "/hlcnn-bench"), sha256Of(QString(HLCNN_CLI).replace(QRegularExpression("/hlcnn$"), "/hlcnn-bench")));
        QVERIFY(QFileInfo(folder + "/hlcnn-bench").isExecutable());
        QVERIFY(!QFile::exists(folder + "/hlcnn-bench.partial"));
        // the run went through taskset with that mask
        QFile log(adb_->sandbox("main") + "/taskset.log");
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().split('\n').contains("f0"));

        // the store holds it, linked to the run that exported the file, with the runner's own samples
        ExperimentStore store(db_.toStdString(), false);
        const auto all = store.deviceProfiles(phone_.toStdString());
        QCOMPARE(all.size(), size_t(1));
        const DeviceProfileRecord& rec = all.front();
        QCOMPARE(rec.id, j.at("recorded").at("id").get<std::int64_t>());
        QVERIFY(rec.runId && *rec.runId == 1);
        QCOMPARE(rec.artifactSha256, sha.toStdString());
        QCOMPARE(rec.deviceName, std::string("Acme Rocket 7 (") + phone_.toStdString() + ")");
        QCOMPARE(rec.iters, 12);
        QCOMPARE(rec.warmup, 2);
        QCOMPARE(rec.threads, 1);
        QCOMPARE(rec.throttling, std::string());
        // the statistics are those of the raw samples kept with the record (an independent recomputation)
        const auto raw = parsed(QByteArray::fromStdString(rec.rawOutput));
        std::vector<double> ms;
        for (const auto& t : raw.at("times_us")) ms.push_back(t.get<double>() / 1000.0);
        QCOMPARE(ms.size(), size_t(12));
        double sum = 0;
        for (double v : ms) sum += v;
        QVERIFY(qAbs(rec.meanMs - sum / 12) < 1e-9);
        std::sort(ms.begin(), ms.end());
        QCOMPARE(rec.minMs, ms.front());
        // the project's percentile: the sample at index round(q * (n - 1)) of the sorted samples
        QCOMPARE(rec.p50Ms, ms[6]);   // round(5.5)
        QCOMPARE(rec.p90Ms, ms[10]);  // round(9.9)
        QCOMPARE(rec.p99Ms, ms[11]);  // round(10.89)
        QVERIFY(rec.minMs > 0);
        // energy: the test phone's battery gives 250 mA at 3.9 V idle and 900 mA while the runner
        // runs, so the net power is at most 3.9 x (0.9 - 0.25) W (samples at the edges of the run
        // still read the idle current), and energy per inference is that power times the mean
        const double netW = 3.9 * (0.9 - 0.25);
        QVERIFY(rec.energyMillijoules);
        QVERIFY2(*rec.energyMillijoules <= netW * rec.meanMs * (1 + 1e-9) && *rec.energyMillijoules > 0.5 * netW * rec.meanMs,
                 qPrintable(QString("%1 mJ at mean %2 ms").arg(*rec.energyMillijoules).arg(rec.meanMs)));
        QCOMPARE(j.at("idle_w").get<double>(), 3.9 * 0.25);

        // and `hlcnn device profiles` reads the same back
        const auto back = runCli({"device", "profiles", "--db", db_, "--run", "1", "--json"});
        QVERIFY2(back.code == 0, back.err.constData());
        const auto listed = parsed(back.out);
        QCOMPARE(listed.size(), size_t(1));
        QCOMPARE(listed[0].at("mean_ms").get<double>(), rec.meanMs);
    }

    void unchangedFilesAreNotPushedAgain() {
        auto r = runCli({"device", "profile", "--serial", phone_, "--artifact", int8Ptl_, "--iters", "3", "--warmup", "1", "--no-db", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(parsed(r.out).at("pushed"), nlohmann::json({{"runner", false}, {"model", false}}));
        // a damaged copy on the phone is replaced
        const QString runner = adb_->sandbox("main") + "/data/local/tmp/hlcnn/hlcnn-bench";
        QFile f(runner);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(100);
        f.write("XXXX");
        f.close();
        // a runner library (what a phone build needs next to it) goes along, by hash as well
        QVERIFY(writeText(p("libextra_test.so"), "not really a library"));
        r = runCli({"device", "profile", "--serial", phone_, "--artifact", fp32Ptl_, "--iters", "3", "--warmup", "1", "--runner-libs",
                    p("libextra_test.so"), "--no-db", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(sha256Of(adb_->sandbox("main") + "/data/local/tmp/hlcnn/libextra_test.so"), sha256Of(p("libextra_test.so")));
        const auto j = parsed(r.out);
        QCOMPARE(j.at("pushed"), nlohmann::json({{"runner", true}, {"model", true}}));
        QCOMPARE(j.at("precision").get<std::string>(), std::string("fp32"));
    }

    // The table of the units the runner executes, on the test phone: every op of the program timed
    // alone (hlcnn-bench --per-unit), stored, and the prediction (the layout copies plus every op's
    // unit time) recomputed here and checked against the whole model measured by the same protocol.
    void latencyTableOfHlcnnS_data() {
        QTest::addColumn<QString>("precision");
        QTest::newRow("fp32") << "fp32";
        QTest::newRow("int8") << "int8";
    }
    void latencyTableOfHlcnnS() {
        QFETCH(QString, precision);
        QStringList args{"device", "latency-table", "--serial", phone_, "--model", "hlcnn_s", "--stem", "cifar", "--width", "0.5",
                         "--classes", "10", "--iters", "10", "--warmup", "2", "--db", db_, "--json"};
        if (precision == "int8") args << "--int8";
        const auto r = runCli(args, 600000);
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = parsed(r.out);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.width = 0.5;
        o.classes = 10;
        const Graph g = models::buildModel("hlcnn_s", o);
        const mobile::Program program = latencyProgram(g, precision.toStdString());
        QCOMPARE(program.isInt8(), precision == "int8");
        std::map<std::string, double> ms;
        for (const auto& u : j.at("units")) ms[u.at("key").get<std::string>()] = u.at("ms").get<double>();
        std::set<std::string> distinct;
        for (std::size_t k = 0; k < program.ops.size(); ++k) distinct.insert(mobile::unitKey(program, k));
        QCOMPARE(ms.size(), distinct.size() + 1);   // + the layout copies
        // the prediction by hand: copies + the sum over the program's ops of their unit's time
        double predicted = ms.at(mobile::ioKey(program));
        for (std::size_t k = 0; k < program.ops.size(); ++k) predicted += ms.at(mobile::unitKey(program, k));
        const auto& check = j.at("models").at(0);
        QCOMPARE(check.at("ops").get<std::size_t>(), program.ops.size());
        QCOMPARE(check.at("units").get<std::size_t>(), distinct.size());
        QVERIFY(check.at("missing").empty());
        QVERIFY(qAbs(check.at("predicted_ms").get<double>() - predicted) < 1e-9);
        const double measured = check.at("measured_ms").get<double>();
        QVERIFY(measured > 0);
        // units timed alone add up to the same order as the whole forward (the docs give the hit rates)
        QVERIFY2(predicted > 0.3 * measured && predicted < 3 * measured, qPrintable(QString("%1 vs %2 ms").arg(predicted).arg(measured)));
        QCOMPARE(j.at("runtime").get<std::string>(), "xnnpack " + mobile::xnnpackVersion());
        qInfo("%s: predicted %.3f ms, measured %.3f ms (%+.1f %%)", qPrintable(precision), predicted, measured,
              100.0 * (predicted - measured) / measured);
        // stored per phone with the protocol it was measured with, and `device predict` reads the same total back
        ExperimentStore store(db_.toStdString(), false);
        const auto rows = store.unitLatencies(phone_.toStdString(), precision.toStdString(), 1, "all");
        QCOMPARE(rows.size(), ms.size());
        for (const UnitLatencyRecord& u : rows) {
            QCOMPARE(u.warmup, 2);
            QCOMPARE(u.iters, 10);
            QCOMPARE(u.abi, std::string("x86_64"));
        }
        const auto checks = store.latencyChecks(phone_.toStdString(), precision.toStdString(), 1, "all");
        QCOMPARE(checks.size(), std::size_t(1));
        QCOMPARE(checks.front().measuredMs, measured);
        QStringList predictArgs{"device", "predict", "--serial", phone_, "--model", "hlcnn_s", "--stem", "cifar", "--width", "0.5",
                                "--classes", "10", "--db", db_, "--json"};
        if (precision == "int8") predictArgs << "--int8";
        const auto p = runCli(predictArgs);
        QVERIFY2(p.code == 0, p.err.constData());
        QCOMPARE(parsed(p.out).at("total_ms").get<double>(), check.at("predicted_ms").get<double>());
        // another width has other units: predicted from this table, it names what was not measured
        const auto other = runCli({"device", "predict", "--serial", phone_, "--model", "hlcnn_s", "--stem", "cifar", "--width", "0.75",
                                   "--classes", "10", "--db", db_, "--json"});
        QVERIFY2(other.code == 0, other.err.constData());
        QVERIFY(!parsed(other.out).at("missing").empty());
    }

    // The hit rates: every zoo model (CIFAR stems) in interleaved rounds; each model's measured
    // figure is the median of its rounds, the counts within +-5 % and +-10 % follow from the errors,
    // and the store's table list reports the same counts.
    void latencyTableHitRatesOverTheZoo() {
        const auto r = runCli({"device", "latency-table", "--serial", phone_, "--zoo", "--stem", "cifar", "--iters", "3", "--warmup", "1",
                               "--rounds", "2", "--threads", "2", "--db", db_, "--json"},
                              900000);
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = parsed(r.out);
        QCOMPARE(j.at("models").size(), models::zoo().size());
        int within5 = 0, within10 = 0;
        for (const auto& m : j.at("models")) {
            const auto rounds = m.at("measured_rounds_ms").get<std::vector<double>>();
            QCOMPARE(rounds.size(), std::size_t(2));
            QVERIFY(qAbs(m.at("measured_ms").get<double>() - (rounds[0] + rounds[1]) / 2) < 1e-9);
            const double error = 100.0 * (m.at("predicted_ms").get<double>() - m.at("measured_ms").get<double>()) / m.at("measured_ms").get<double>();
            QVERIFY(qAbs(m.at("error_percent").get<double>() - error) < 1e-9);
            within5 += qAbs(error) <= 5;
            within10 += qAbs(error) <= 10;
        }
        QCOMPARE(j.at("within_5").get<int>(), within5);
        QCOMPARE(j.at("within_10").get<int>(), within10);
        ExperimentStore store(db_.toStdString(), false);
        bool listed = false;
        for (const LatencyTableInfo& t : store.latencyTables())
            if (t.serial == phone_.toStdString() && t.precision == "fp32" && t.threads == 2) {
                listed = true;
                QCOMPARE(t.checks, int(models::zoo().size()));
                QCOMPARE(t.within5, within5);
                QCOMPARE(t.within10, within10);
            }
        QVERIFY(listed);
        // --zoo takes no model of its own
        const auto bad = runCli({"device", "latency-table", "--serial", phone_, "--zoo", "--model", "hlcnn_s", "--db", db_});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("--zoo"));
    }

    // The comparison takes the run's phone latencies from its profiles: the newest fp32 and int8
    // ones on the phone (threads, cores) measured last, as medians; the table and the Pareto axis show them.
    void compareShowsOnDeviceLatency() {
        const auto r = runCli({"device", "profile", "--serial", phone_, "--artifact", fp32Ptl_, "--affinity", "big", "--iters", "6",
                               "--warmup", "1", "--db", db_, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        ExperimentStore store(db_.toStdString(), false);
        const auto all = store.deviceProfiles(phone_.toStdString(), 1);   // newest first
        QVERIFY(all.size() >= 2);
        const DeviceProfileRecord& fp32 = all.front();
        QCOMPARE(fp32.precision, std::string("fp32"));
        const auto int8 = std::find_if(all.begin(), all.end(), [](const DeviceProfileRecord& p) { return p.precision == "int8" && p.affinity == "big"; });
        QVERIFY(int8 != all.end());
        const RunSummary s = summarizeRun(store, 1);
        QVERIFY(s.deviceLatencyMs && s.int8DeviceLatencyMs);
        QCOMPARE(*s.deviceLatencyMs, fp32.p50Ms);
        QCOMPARE(*s.int8DeviceLatencyMs, int8->p50Ms);
        QCOMPARE(s.deviceName, fp32.deviceName);
        const Table t = comparisonTable({s}, CostAxis::DeviceLatency);
        const auto column = std::find(t.header.begin(), t.header.end(), "Device latency (ms)") - t.header.begin();
        QVERIFY(column < long(t.header.size()));
        QCOMPARE(t.rows[0][size_t(column)], fixedText(fp32.p50Ms, 2));
        const auto compared = parsed(runCli({"runs", "compare", "1", "--db", db_, "--json"}).out);
        QVERIFY2(compared.dump().find("device_latency_ms") != std::string::npos, compared.dump().c_str());
    }

    void throttlingIsFlagged() {
        const QString serial = adb_->addPhone("hot", {"--fault", "throttle"});
        QVERIFY2(!serial.isEmpty(), qPrintable(adb_->lastError()));
        const auto r = runCli({"device", "profile", "--serial", serial, "--artifact", int8Ptl_, "--iters", "3", "--db", db_, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = parsed(r.out);
        QCOMPARE(j.at("thermal_before").get<int>(), 0);
        QCOMPARE(j.at("thermal_after").get<int>(), 2);
        QVERIFY(j.at("throttling").get<std::string>().find("thermal status rose from 0 to 2") != std::string::npos);
        ExperimentStore store(db_.toStdString(), false);
        QCOMPARE(store.deviceProfiles(serial.toStdString()).front().throttling, j.at("throttling").get<std::string>());
    }

    void severalDevicesNeedASerial() {
        const QString second = adb_->addPhone("second");
        QVERIFY2(!second.isEmpty(), qPrintable(adb_->lastError()));
        const int before = recordedProfiles();
        const auto r = runCli({"device", "profile", "--artifact", int8Ptl_, "--db", db_, "--json"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("several devices are connected") && r.err.contains("--serial"), r.err.constData());
        QVERIFY(oneLine(r.err));
        QCOMPARE(recordedProfiles(), before);
    }

    void failuresEndInOneLineAndNoRecord_data() {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unauthorized") << "unauthorized" << QStringList{} << "is unauthorized: accept the 'Allow USB debugging?' prompt";
        QTest::newRow("push refused") << "push-fail" << QStringList{} << "the phone refused it: couldn't create file: Read-only file system";
        QTest::newRow("dropped mid-push") << "drop-mid-push" << QStringList{} << "went away during the push of";
        QTest::newRow("dropped mid-run") << "drop-mid-run" << QStringList{"--iters", "20000"} << "went away during the run";
        QTest::newRow("runner exit code") << "runner-exit" << QStringList{} << "hlcnn-bench failed on";
        QTest::newRow("stalled runner") << "runner-stall" << QStringList{"--timeout", "3"} << "did not finish within 3 s";
        QTest::newRow("garbage output") << "runner-garbage" << QStringList{} << "is not hlcnn-bench's JSON (it printed 'Segmentation fault?')";
        QTest::newRow(".ptl on an arm64 phone") << "abi:arm64-v8a" << QStringList{} << "the arm64-v8a runner runs mobile programs (.hlmp), not .ptl files";
        QTest::newRow("x86_64 runner on an arm64 phone") << "abi:arm64-v8a" << QStringList{"--runner", QString(HLCNN_CLI) + "-bench"}
                                                          << "is built for x86_64 but";
        QTest::newRow("an ABI without a runner") << "abi:armeabi-v7a" << QStringList{} << "no runner for ";
    }
    void failuresEndInOneLineAndNoRecord() {
        QFETCH(QString, fault);
        QFETCH(QStringList, options);
        QFETCH(QString, expected);
        const QString name = QString(QTest::currentDataTag()).replace(' ', '_');
        const QStringList phoneOptions = fault.startsWith("abi:") ? QStringList{"--abi", fault.mid(4)} : QStringList{"--fault", fault};
        const QString serial = adb_->addPhone(name, phoneOptions);
        QVERIFY2(!serial.isEmpty(), qPrintable(adb_->lastError()));
        const int before = recordedProfiles();
        QElapsedTimer clock;
        clock.start();
        const auto r = runCli(QStringList{"device", "profile", "--serial", serial, "--artifact", int8Ptl_, "--iters", "5", "--db", db_, "--json"} + options);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QVERIFY2(oneLine(r.err), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(recordedProfiles(), before);
        // nothing half-written under a real name on the phone
        const QString folder = adb_->sandbox(name) + "/data/local/tmp/hlcnn";
        if (fault == "push-fail" || fault == "drop-mid-push") QVERIFY(!QFile::exists(folder + "/hlcnn-bench"));
        if (fault == "runner-stall") QVERIFY2(clock.elapsed() < 30000, "the stalled run is stopped at its timeout");
    }

    // A phone that runs arm64-v8a gets the cross-compiled bundle (loader, libraries, runner) in a
    // folder of its own, and the program runs on XNNPACK there; the stand-in phone executes
    // aarch64 code through qemu-user, so everything but the CPU is the real protocol.
    void profilesTheArm64BundleOnAnArm64Phone() {
        const QString bundle = HLCNN_ARM64_BUNDLE;
        if (bundle.isEmpty()) QSKIP("no arm64 runner in this build (packaging/install-deps.sh installs the cross toolchain)");
        const QString program = p("model_int8.hlmp");
        auto r = runCli({"export", "--checkpoint", p("run1/best.ckpt"), "--format", "mobile", "--int8", "--calib-data", "cifar10:" + p("cifar"),
                         "--calib-batches", "2", "--no-eval", "-o", program, "--run", "1", "--db", db_});
        QVERIFY2(r.code == 0, r.err.constData());
        const QString serial = adb_->addPhone("arm64", {"--abi", "arm64-v8a"});
        QVERIFY2(!serial.isEmpty(), qPrintable(adb_->lastError()));
        r = runCli({"device", "profile", "--serial", serial, "--artifact", program, "--iters", "3", "--warmup", "1", "--db", db_, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = parsed(r.out);
        QCOMPARE(j.at("runner_abi").get<std::string>(), std::string("arm64-v8a"));
        QCOMPARE(j.at("runner_bundle").get<bool>(), true);
        QCOMPARE(j.at("precision").get<std::string>(), std::string("int8"));
        QVERIFY2(j.at("runtime").get<std::string>().rfind("xnnpack ", 0) == 0, j.dump().c_str());
        QCOMPARE(j.at("input"), nlohmann::json({1, 3, 32, 32}));
        QCOMPARE(j.at("pushed"), nlohmann::json({{"runner", true}, {"model", true}}));
        // what the runner itself printed: it ran as arm64-v8a code
        QVERIFY2(parsed(QByteArray::fromStdString(j.at("command").get<std::string>())).is_discarded(), "command is text");
        const QString folder = adb_->sandbox("arm64") + "/data/local/tmp/hlcnn";
        for (const QString& f : QDir(bundle).entryList(QDir::Files)) {
            QCOMPARE(sha256Of(folder + "/arm64/" + f), sha256Of(bundle + "/" + f));
            QVERIFY(QFileInfo(folder + "/arm64/" + f).isExecutable() || !f.startsWith("ld-linux"));
        }
        QCOMPARE(sha256Of(folder + "/models/" + sha256Of(program).left(16) + ".hlmp"), sha256Of(program));
        ExperimentStore store(db_.toStdString(), false);
        const DeviceProfileRecord rec = store.deviceProfiles(serial.toStdString()).front();
        QVERIFY(parsed(QByteArray::fromStdString(rec.rawOutput)).at("abi") == "arm64-v8a");
        QVERIFY(rec.runId && *rec.runId == 1);   // the program is an export of run 1
        // the text report names the runner and runtime; nothing is pushed the second time
        r = runCli({"device", "profile", "--serial", serial, "--artifact", program, "--iters", "2", "--warmup", "0", "--no-db"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("runner:     arm64-v8a hlcnn-bench, xnnpack "), r.out.constData());
        QVERIFY2(!r.err.contains("pushing"), r.err.constData());
        // a damaged program is refused on the host, before anything reaches the phone
        QFile::copy(program, p("damaged.hlmp"));
        QFile d(p("damaged.hlmp"));
        QVERIFY(d.open(QIODevice::ReadWrite));
        d.seek(d.size() - 40);
        d.write("\x55");
        d.close();
        r = runCli({"device", "profile", "--serial", serial, "--artifact", p("damaged.hlmp"), "--no-db"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("corrupt (checksum mismatch") && oneLine(r.err), r.err.constData());
        QVERIFY(!QFile::exists(folder + "/models/" + sha256Of(p("damaged.hlmp")).left(16) + ".hlmp"));
    }

    void adbMissingIsAClearMessage() {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HLCNN_ADB", p.program() + "/nonexistent/adb");
        p.setProcessEnvironment(env);
        p.start(HLCNN_CLI, {"device", "list"});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains("/nonexistent/adb cannot be run"), err.constData());
        QVERIFY(oneLine(err));
    }

    void badArgumentsAreRefusedBeforeThePhone_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no artifact") << QStringList{} << "--artifact FILE.hlmp is required";
        QTest::newRow("affinity") << QStringList{"--affinity", "middle"} << "--affinity must be all, big or little";
        QTest::newRow("threads") << QStringList{"--threads", "0"} << "--threads";
        QTest::newRow("iters NaN") << QStringList{"--iters", "nan"} << "--iters";
        QTest::newRow("input") << QStringList{"--input", "1,-3,32,32"} << "--input must be positive whole sizes";
        QTest::newRow("input NaN") << QStringList{"--input", "1,nan,32,32"} << "--input must be positive whole sizes";
        QTest::newRow("not a phone format") << QStringList{"--artifact", "ONNX"} << "is neither a mobile program (.hlmp) nor a lite-interpreter file (.ptl)";
        QTest::newRow("unknown run") << QStringList{"--run", "99"} << "no run 99";
        QTest::newRow("no table") << QStringList{"predict"} << "no fp32 latency table for";
    }
    void badArgumentsAreRefusedBeforeThePhone() {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QStringList all{"device", "profile", "--serial", phone_, "--db", db_};
        if (args == QStringList{"predict"}) {  // a phone without a table
            all = QStringList{"device", "predict", "--serial", "no-such-phone", "--model", "mobilenet_v2", "--db", db_};
            args.clear();
        }
        else if (!args.contains("--artifact") && !QString(QTest::currentDataTag()).startsWith("no artifact")) all << "--artifact" << int8Ptl_;
        for (QString a : args) all << (a == "ONNX" ? p("model.onnx") : a);
        if (args.contains("--artifact")) QVERIFY(writeText(p("model.onnx"), "not a model"));
        const int before = recordedProfiles();
        const auto r = runCli(all);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QVERIFY(oneLine(r.err));
        QCOMPARE(recordedProfiles(), before);
    }

    // The parsers on recorded text from elsewhere: PyTorch's speed_benchmark_torch and adb's listing.
    void parsesSpeedBenchmarkTorch() {
        const std::string text =
            "Starting benchmark.\nRunning warmup runs.\nMain runs.\n"
            "PyTorchObserver {\"type\": \"NET\", \"unit\": \"us\", \"metric\": \"latency\", \"value\": \"12000\"}\n"
            "PyTorchObserver {\"type\": \"NET\", \"unit\": \"us\", \"metric\": \"latency\", \"value\": \"14000\"}\n"
            "Main run finished. Microseconds per iter: 13000. Iters per second: 76.9231\n";
        const RunnerOutput o = parseRunnerOutput("speed_benchmark_torch", text);
        QCOMPARE(o.samplesMs, (std::vector<double>{12.0, 14.0}));
        QCOMPARE(o.meanMs, 13.0);
        QVERIFY_THROWS_EXCEPTION(DeviceError, parseRunnerOutput("speed_benchmark_torch", "Starting benchmark.\nKilled\n"));
    }

    void energyFromBatterySamples() {
        // 4 idle samples at 1 W, 4 run samples at 3 W: 2 W net, times a 5 ms mean = 10 mJ
        const std::string log = "@e -250000 4000000\n@e 250000 4000000\n@e -250000 4000000\n@e -250000 4000000\n@start\n"
                                "@e -750000 4000000\n@e -750000 4000000\n@e -750000 4000000\n@e -750000 4000000\n@stop\n@e -750000 4000000\n";
        const EnergyEstimate e = energyFromSamples(log, 5.0);
        QCOMPARE(e.idleW, 1.0);
        QCOMPARE(e.runW, 3.0);
        QCOMPARE(e.energyMj, 10.0);
        QCOMPARE(e.runSamples, 4);
        // charging over USB: no rise, no figure
        const EnergyEstimate flat = energyFromSamples("@e 1 1\n@e 1 1\n@e 1 1\n@start\n@e 1 1\n@e 1 1\n@e 1 1\n@stop\n", 5.0);
        QCOMPARE(flat.energyMj, -1.0);
        QVERIFY(flat.note.find("charging over USB") != std::string::npos);
        QCOMPARE(energyFromSamples("@start\n@e 1 1\n@stop\n", 5.0).energyMj, -1.0);
    }

    void parsesDeviceListing() {
        const auto l = parseDeviceList(
            "List of devices attached\n"
            "R58M123ABC             device usb:1-1 product:beyond1 model:SM_G973F device:beyond1 transport_id:3\n"
            "0123456789ABCDEF       unauthorized usb:1-2 transport_id:4\n"
            "192.168.1.7:5555       offline transport_id:5\n\n");
        QCOMPARE(l.size(), size_t(3));
        QCOMPARE(l[0].model, std::string("SM_G973F"));
        QCOMPARE(l[1].state, std::string("unauthorized"));
        QCOMPARE(l[2].serial, std::string("192.168.1.7:5555"));
        QCOMPARE(l[2].state, std::string("offline"));
    }
};

QTEST_GUILESS_MAIN(Device)
#include "tst_device.moc"
