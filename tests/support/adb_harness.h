// A private adb world for the device tests: Debian's real adb server on a free port with a
// throwaway HOME (its key), and adb-test-device phones started on loopback and `adb connect`ed.
// The environment is set in this process, so the CLI and the in-process Adb use the same server.
#pragma once

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTcpServer>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace hlcnn::test {

class AdbHarness {
public:
    // `root`: a folder for HOME and the phones' sandboxes.
    explicit AdbHarness(const QString& root) : root_(root) {
        QDir().mkpath(root_ + "/home");
        QTcpServer probe;  // a free port, away from adb's emulator range 5554-5585
        probe.listen(QHostAddress::LocalHost, 0);
        port_ = probe.serverPort();
        probe.close();
        qputenv("HOME", (root_ + "/home").toLocal8Bit());
        qputenv("ANDROID_ADB_SERVER_PORT", QByteArray::number(port_));
    }
    ~AdbHarness() {
        adb({"kill-server"});
        for (auto& p : phones_) {
            p->kill();
            p->waitForFinished(3000);
        }
    }
    AdbHarness(const AdbHarness&) = delete;
    AdbHarness& operator=(const AdbHarness&) = delete;

    static QString adbProgram() {
        const QString onPath = QStandardPaths::findExecutable("adb");
        return onPath.isEmpty() ? QStringLiteral("/usr/lib/android-sdk/platform-tools/adb") : onPath;
    }

    struct Output {
        int code = -1;
        QString out, err;
    };
    Output adb(const QStringList& args, int timeoutMs = 30000) const {
        QProcess p;
        p.setStandardInputFile(QProcess::nullDevice());
        p.start(adbProgram(), args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    // Starts a phone (sandbox `name` under root, extra adb-test-device options) and connects it;
    // returns its serial, "" when it did not come up. A sandbox prepared by the caller is kept.
    QString addPhone(const QString& name, const QStringList& options = {}) {
        auto p = std::make_unique<QProcess>();
        p->start(HLCNN_TEST_DEVICE, QStringList{"--sandbox", sandbox(name)} + options);
        if (!p->waitForReadyRead(10000)) {
            lastError_ = "adb-test-device did not start: " + QString::fromLocal8Bit(p->readAllStandardError());
            return {};
        }
        const int port = p->readLine().trimmed().toInt();
        phones_.push_back(std::move(p));
        if (port <= 0) return {};
        const QString serial = QString("127.0.0.1:%1").arg(port);
        // adb connect exits 0 even when authentication fails: its text says what happened. The
        // first call also starts the private server, which can miss a busy machine's deadline.
        for (int attempt = 0; attempt < 3; ++attempt) {
            const Output connected = adb({"connect", serial});
            if (connected.out.contains("connected to") || connected.out.contains("failed to authenticate")) return serial;
            lastError_ = QString("adb connect %1 (exit %2): %3 %4").arg(serial).arg(connected.code).arg(connected.out, connected.err);
        }
        return {};
    }
    const QString& lastError() const { return lastError_; }   // why addPhone returned ""
    QString sandbox(const QString& name) const { return root_ + "/phones/" + name; }

private:
    QString root_;
    quint16 port_ = 0;
    QString lastError_;
    std::vector<std::unique_ptr<QProcess>> phones_;
};

}  // namespace hlcnn::test
