// The arm64-v8a runner the build cross-compiles (app/bench_runner/arm64.cmake), run here under
// qemu-user as a phone would run it (glibc's loader, the bundle's libraries), with a Cortex-A53
// (no dot product: XNNPACK's NEON kernels) and qemu's `max` CPU (dot product, fp16: its newer
// kernels). Every zoo model at both stems agrees with the host's native runtime within 1e-4 of the
// output's scale; the int8 program stays as close to the float program as on the host; damaged
// files are refused by the runner in one line. Emulated timings are never reported as latency.
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/mobile_export.h"
#include "hlcnn/core/native_forward.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/mobile/program.h"
#include "hlcnn/mobile/xnnpack_runtime.h"
#include "hlcnn/models/zoo.h"
#include "support/forward_compare.h"

#include <torch/torch.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <nlohmann/json.hpp>

#include <QtTest>

#include <cmath>

using namespace hlcnn;
using test::relativeDifference;
using test::sqnrDb;

namespace {

const QString kBundle = HLCNN_ARM64_BUNDLE;

struct RunResult {
    int code = -1;
    QByteArray out, err;
};

// The runner as pushed to a phone: ./ld-linux-aarch64.so.1 --library-path . ./hlcnn-bench ...
RunResult runArm64(const QString& cpu, const QStringList& args, int timeoutMs = 600000) {
    QProcess p;
    p.setWorkingDirectory(kBundle);
    p.start("qemu-aarch64-static", QStringList{"-cpu", cpu, "./ld-linux-aarch64.so.1", "--library-path", ".", "./hlcnn-bench"} + args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, {}, "timeout"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(), p.readAllStandardError()};
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray floats(const torch::Tensor& t) {
    const torch::Tensor c = t.contiguous().to(torch::kFloat);
    return QByteArray(reinterpret_cast<const char*>(c.data_ptr<float>()), int(c.numel() * 4));
}

torch::Tensor readFloats(const QString& path, std::vector<std::int64_t> shape) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray b = f.readAll();
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    if (b.size() != n * 4) return {};
    return torch::from_blob(const_cast<char*>(b.data()), shape, torch::kFloat).clone();
}

torch::Tensor hostXnnpack(const mobile::Program& p, const torch::Tensor& images) {
    mobile::XnnpackRuntime r(p, 1);
    std::vector<torch::Tensor> outs;
    for (std::int64_t i = 0; i < images.size(0); ++i) {
        const torch::Tensor x = images.narrow(0, i, 1).contiguous();
        torch::Tensor y = torch::empty(r.outputShape());
        r.forward(x.data_ptr<float>(), y.data_ptr<float>());
        outs.push_back(y);
    }
    return torch::cat(outs);
}

}  // namespace

class Arm64RunnerTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        configureProcess(1, 2);
        if (kBundle.isEmpty())
            QSKIP("no arm64 runner in this build (packaging/install-deps.sh installs g++-aarch64-linux-gnu and the arm64 XNNPACK)");
        QProcess q;
        q.start("qemu-aarch64-static", {"--version"});
        QVERIFY2(q.waitForFinished(30000) && q.exitCode() == 0, "qemu-aarch64-static (qemu-user-static) is needed");
    }

    // HLCNN_ARM64_PART=imagenet runs the ImageNet stems only, =cifar the rest: two ctest entries a
    // 2-core machine runs side by side (emulation is slow: about 4 minutes each here).
    static bool part(const char* name) {
        const QByteArray p = qgetenv("HLCNN_ARM64_PART");
        return p.isEmpty() || p == name;
    }

    void zooModelsMatchTheHostsNativeRuntime_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("stem");
        QTest::addColumn<QString>("cpu");
        for (const auto& info : models::zoo())
            for (const char* stem : {"cifar", "imagenet"})
                if (part(stem))
                for (const char* cpu : {"cortex-a53", "max"})
                    QTest::newRow((info.name + " " + stem + " " + cpu).c_str()) << QString::fromStdString(info.name) << stem << cpu;
    }
    void zooModelsMatchTheHostsNativeRuntime() {
        QFETCH(QString, model);
        QFETCH(QString, stem);
        QFETCH(QString, cpu);
        QTemporaryDir dir;
        GraphModule m = test::settledZooModule(model.toStdString(), models::parseStem(stem.toStdString()), 5);
        const auto& d = m->graph().input.dims;
        torch::manual_seed(11);
        const torch::Tensor x = torch::randn({1, d[0], d[1], d[2]});
        NativeForward native(*m, 1);
        const torch::Tensor expected = native.forward(x);
        QVERIFY(writeFile(dir.filePath("m.hlmp"), QByteArray::fromStdString(mobile::serializeProgram(mobileProgram(*m, 1)))));
        QVERIFY(writeFile(dir.filePath("in.f32"), floats(x)));
        const RunResult r = runArm64(cpu, {"--model", dir.filePath("m.hlmp"), "--input-file", dir.filePath("in.f32"), "--output-file",
                                           dir.filePath("out.f32"), "--warmup", "0", "--iters", "1"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("\"abi\":\"arm64-v8a\"") && r.out.contains("\"runtime\":\"xnnpack "), r.out.constData());
        const torch::Tensor got = readFloats(dir.filePath("out.f32"), expected.sizes().vec());
        QVERIFY(got.defined());
        const double diff = relativeDifference(got, expected);
        QVERIFY2(diff <= 1e-4, qPrintable(QString("arm64 (%1) vs host native: relative difference %2").arg(cpu).arg(diff)));
    }

    void int8StaysCloseToFloat_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("cpu");
        if (!part("cifar")) return;
        for (const char* m : {"hlcnn_s", "mobilenet_v2", "shufflenet_v2_x0_5", "mobilenet_v3_small", "squeezenet1_1", "resnet18"})
            for (const char* cpu : {"cortex-a53", "max"}) QTest::newRow((std::string(m) + " " + cpu).c_str()) << m << cpu;
    }
    void int8StaysCloseToFloat() {
        if (!part("cifar")) QSKIP("in the other ctest entry");   // no rows here: nothing to fetch
        QFETCH(QString, model);
        QFETCH(QString, cpu);
        QTemporaryDir dir;
        GraphModule m = test::settledZooModule(model.toStdString(), models::Stem::Cifar, 9);
        const auto& d = m->graph().input.dims;
        torch::manual_seed(5);
        std::vector<torch::Tensor> calibration;
        for (int i = 0; i < 4; ++i) calibration.push_back(torch::randn({16, d[0], d[1], d[2]}));
        std::size_t next = 0;
        const MobileInt8 q = quantizedMobileProgram(*m, 1, [&](torch::Tensor& b) {
            if (next == calibration.size()) return false;
            b = calibration[next++];
            return true;
        }, 2);
        const torch::Tensor images = torch::randn({8, d[0], d[1], d[2]});
        const torch::Tensor reference = hostXnnpack(mobileProgram(*m, 1), images);
        const torch::Tensor host = hostXnnpack(q.program, images);
        QVERIFY(writeFile(dir.filePath("m.hlmp"), QByteArray::fromStdString(mobile::serializeProgram(q.program))));
        QVERIFY(writeFile(dir.filePath("in.f32"), floats(images)));
        const RunResult r = runArm64(cpu, {"--model", dir.filePath("m.hlmp"), "--input-file", dir.filePath("in.f32"), "--output-file",
                                           dir.filePath("out.f32"), "--warmup", "0", "--iters", "1"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("\"precision\":\"int8\""), r.out.constData());
        const torch::Tensor arm = readFloats(dir.filePath("out.f32"), reference.sizes().vec());
        QVERIFY(arm.defined());
        const double armDb = sqnrDb(reference, arm), hostDb = sqnrDb(reference, host);
        qInfo("%s on %s: int8 SQNR against float %.1f dB (host XNNPACK %.1f dB)", qPrintable(model), qPrintable(cpu), armDb, hostDb);
        QVERIFY2(armDb > 15.0 && std::abs(armDb - hostDb) < 3.0, qPrintable(QString("arm64 %1 dB, host %2 dB").arg(armDb).arg(hostDb)));
    }

    // 16 KB-page phones map only segments aligned to at least their page size: every loadable
    // segment of every file in the bundle is 64 KB aligned (read from the ELF program headers).
    void everySegmentOfTheBundleIs64KbAligned() {
        if (!part("cifar")) return;
        const QStringList files = QDir(kBundle).entryList(QDir::Files);
        QVERIFY(files.contains("hlcnn-bench") && files.contains("ld-linux-aarch64.so.1") && files.contains("libXNNPACK.so.0"));
        for (const QString& name : files) {
            QFile f(kBundle + "/" + name);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray elf = f.readAll();
            auto u = [&](int at, int bytes) {
                quint64 v = 0;
                for (int i = 0; i < bytes; ++i) v |= quint64(quint8(elf[at + i])) << (8 * i);
                return v;
            };
            QVERIFY2(elf.startsWith("\x7f" "ELF") && elf[4] == 2 && u(0x12, 2) == 183, qPrintable(name + ": not a 64-bit arm64 ELF file"));
            const int phoff = int(u(0x20, 8)), size = int(u(0x36, 2)), count = int(u(0x38, 2));
            int loads = 0;
            for (int i = 0; i < count; ++i) {
                const int h = phoff + i * size;
                if (u(h, 4) != 1) continue;   // PT_LOAD
                ++loads;
                const quint64 offset = u(h + 0x08, 8), vaddr = u(h + 0x10, 8), align = u(h + 0x30, 8);
                QVERIFY2(align >= 0x10000 && offset % 0x10000 == vaddr % 0x10000,
                         qPrintable(QString("%1: a segment aligned to %2").arg(name).arg(align, 0, 16)));
            }
            QVERIFY2(loads > 0, qPrintable(name));
        }
    }

    void theRunnerNeverWritesOverAnInput() {
        if (!part("cifar")) return;
        QTemporaryDir dir;
        GraphModule m = test::settledZooModule("hlcnn_s", models::Stem::Cifar, 3);
        QVERIFY(writeFile(dir.filePath("m.hlmp"), QByteArray::fromStdString(mobile::serializeProgram(mobileProgram(*m, 1)))));
        const QByteArray input = floats(torch::randn({1, 3, 32, 32}));
        QVERIFY(writeFile(dir.filePath("in.f32"), input));
        for (const QString& out : {dir.filePath("in.f32"), dir.filePath("m.hlmp")}) {
            const RunResult r = runArm64("cortex-a53", {"--model", dir.filePath("m.hlmp"), "--input-file", dir.filePath("in.f32"),
                                                        "--output-file", out, "--iters", "1"});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains("an input: choose another file") && r.err.count('\n') == 1, r.err.constData());
        }
        QFile f(dir.filePath("in.f32"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), input);
    }

    // What a latency table asks of a phone's runner: one in-context and one alone time per op of
    // the program, the copies both ways, and the whole forwards (shape only: emulated times are
    // not latencies).
    void perUnitTimesEveryOp() {
        if (!part("cifar")) return;
        QTemporaryDir dir;
        GraphModule m = test::settledZooModule("hlcnn_s", models::Stem::Cifar, 3);
        const mobile::Program program = mobileProgram(*m, 1);
        QVERIFY(writeFile(dir.filePath("m.hlmp"), QByteArray::fromStdString(mobile::serializeProgram(program))));
        const RunResult r = runArm64("cortex-a53", {"--model", dir.filePath("m.hlmp"), "--warmup", "1", "--iters", "3", "--per-unit"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("abi").get<std::string>(), std::string("arm64-v8a"));
        QCOMPARE(j.at("times_us").size(), std::size_t(3));
        QCOMPARE(j.at("units_us").size(), program.ops.size());
        QCOMPARE(j.at("alone_us").size(), program.ops.size());
        QVERIFY(j.at("io_us").get<double>() > 0 && j.at("io_alone_us").get<double>() > 0);
    }

    void damagedFilesAreRefusedOnThePhone_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("message");
        if (!part("cifar")) return;
        QTest::newRow("newer format") << "version" << "written in mobile program format 7; this build reads format 1";
        QTest::newRow("truncated") << "truncate" << "truncated";
        QTest::newRow("bytes changed") << "flip" << "corrupt (checksum mismatch";
        QTest::newRow("a .ptl") << "ptl" << "not an HL-CNN mobile program (.hlmp); this runner (arm64-v8a) runs .hlmp files only";
    }
    void damagedFilesAreRefusedOnThePhone() {
        if (!part("cifar")) QSKIP("in the other ctest entry");
        QFETCH(QString, damage);
        QFETCH(QString, message);
        QTemporaryDir dir;
        GraphModule m = test::settledZooModule("hlcnn_s", models::Stem::Cifar, 3);
        QByteArray bytes = QByteArray::fromStdString(mobile::serializeProgram(mobileProgram(*m, 1)));
        if (damage == "version") bytes[4] = 7;
        if (damage == "truncate") bytes.truncate(bytes.size() / 3);
        if (damage == "flip") bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x01);
        if (damage == "ptl") bytes = QByteArray("PK\x03\x04", 4) + bytes.mid(4);
        QVERIFY(writeFile(dir.filePath("m.hlmp"), bytes));
        const RunResult r = runArm64("cortex-a53", {"--model", dir.filePath("m.hlmp"), "--iters", "1"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        QVERIFY2(r.err.contains(message.toUtf8()) && r.err.count('\n') == 1 && r.err.startsWith("hlcnn-bench: "), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(Arm64RunnerTest)
#include "tst_arm64_runner.moc"
