#include "hlcnn/experiments/adb.h"
#include "hlcnn/core/messages.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>

#include <cstdlib>
#include <unistd.h>

namespace hlcnn {

namespace {

std::string firstLineOf(const std::string& text) {
    std::string t = text;
    while (!t.empty() && (t.front() == '\n' || t.front() == '\r' || t.front() == ' ')) t.erase(t.begin());
    return t.substr(0, t.find_first_of("\r\n"));
}

bool contains(const std::string& text, const char* what) { return text.find(what) != std::string::npos; }

}  // namespace

std::string Adb::locate() {
    if (const char* env = std::getenv("HLCNN_ADB"); env && *env) return env;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("adb"));
    if (!onPath.isEmpty()) return onPath.toStdString();
    const char* debian = "/usr/lib/android-sdk/platform-tools/adb";
    return ::access(debian, X_OK) == 0 ? debian : "";
}

Adb::Adb(std::string program) : program_(std::move(program)) {
    if (program_.empty())
        throw DeviceError(say(msg::kAdbMissing));
    if (::access(program_.c_str(), X_OK) != 0) throw DeviceError("adb at " + program_ + " cannot be run (HLCNN_ADB?)");
}

AdbOutput Adb::run(const std::vector<std::string>& args, int timeoutMs, const std::function<bool()>& cancelled) const {
    QStringList list;
    for (const std::string& a : args) list << QString::fromStdString(a);
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice());  // adb forwards stdin to the phone otherwise
    p.start(QString::fromStdString(program_), list);
    if (!p.waitForStarted(10000)) throw DeviceError("cannot run adb (" + program_ + "): " + p.errorString().toStdString());
    QElapsedTimer clock;
    clock.start();
    while (!p.waitForFinished(100)) {
        if (cancelled && cancelled()) {
            p.kill();
            p.waitForFinished(5000);
            throw DeviceCancelled();
        }
        if (clock.elapsed() > timeoutMs) {
            p.kill();
            p.waitForFinished(5000);
            throw DeviceError("adb " + (args.size() > 2 ? args[2] : args.empty() ? std::string() : args[0]) + " timed out after " +
                              std::to_string((timeoutMs + 999) / 1000) + " s");
        }
    }
    AdbOutput o;
    o.out = p.readAllStandardOutput().toStdString();
    o.err = p.readAllStandardError().toStdString();
    o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : kCrashed;
    return o;
}

std::string adbDeviceProblem(const std::string& serial, const std::string& text, const std::string& what) {
    const std::string during = what.empty() ? "" : " during " + what;
    if (contains(text, "unauthorized"))
        return "device " + serial + " is unauthorized: accept the 'Allow USB debugging?' prompt on the phone, then try again";
    if (contains(text, "not found") && contains(text, "device"))
        return "no device " + serial + " is connected (hlcnn device list shows what is)";
    if (contains(text, "no devices/emulators found")) return "no device is connected (hlcnn device list)";
    if (contains(text, "offline")) return "device " + serial + " is offline" + during + ": reconnect it and try again";
    if (contains(text, "error: closed") || contains(text, "protocol fault") || contains(text, "connection reset") ||
        contains(text, "device still connecting") || contains(text, "no response") ||
        contains(text, "couldn't read from device") || contains(text, "failed to read copy response"))
        return "device " + serial + " went away" + during + " (" + firstLineOf(text) + ")";
    if (contains(text, "cannot connect to daemon") || contains(text, "failed to start daemon"))
        return "the adb server cannot start: " + firstLineOf(text);
    return {};
}

AdbOutput Adb::shell(const std::string& serial, const std::string& command, int timeoutMs, const std::string& what,
                     const std::function<bool()>& cancelled) const {
    AdbOutput o;
    try {
        // -n: the commands read no input, so the client need not forward any
        o = run({"-s", serial, "shell", "-n", command}, timeoutMs, cancelled);
    } catch (const DeviceError& e) {
        throw DeviceError(what + " on " + serial + ": " + e.what());
    }
    // adb's own errors come on stderr with exit 1 (or 255 when the transport died); the remote
    // command's come with its own exit code.
    if (o.exitCode != 0) {
        const std::string problem = adbDeviceProblem(serial, o.err + o.out, what);
        if (!problem.empty()) throw DeviceError(problem);
        if (o.exitCode == kCrashed) throw DeviceError("adb was killed during " + what + " on " + serial);
    }
    return o;
}

void Adb::push(const std::string& serial, const std::string& local, const std::string& remote, int timeoutMs,
               const std::function<bool()>& cancelled) const {
    const std::string what = "the push of " + local;
    AdbOutput o;
    try {
        o = run({"-s", serial, "push", local, remote}, timeoutMs, cancelled);
    } catch (const DeviceError& e) {
        throw DeviceError(what + " to " + serial + ": " + e.what());
    }
    if (o.exitCode == 0) return;
    const std::string problem = adbDeviceProblem(serial, o.err + o.out, what);
    if (!problem.empty()) throw DeviceError(problem);
    // "adb: error: failed to copy 'a' to 'b': remote couldn't create file: Read-only file system"
    std::string text = firstLineOf(o.err.empty() ? o.out : o.err);
    if (const auto at = text.find("remote "); at != std::string::npos) text = "the phone refused it: " + text.substr(at + 7);
    throw DeviceError("cannot push " + local + " to " + serial + ":" + remote + ": " + text);
}

}  // namespace hlcnn
