// adb-test-device: a phone stand-in for the device tests. It speaks the adb device protocol over TCP
// on loopback (CNXN without AUTH, OPEN/OKAY/WRTE/CLSE, `shell,v2` with exit codes, `sync:` with
// STAT/STA2/LST2/LIST/SEND/RECV/QUIT), so that Debian's real adb client and server drive it after
// `adb connect 127.0.0.1:PORT`. Its file system is a sandbox folder: /data, /sys and /sdcard map into
// it, /data/local/tmp exists, and shell commands really run there (/bin/sh), so a pushed host build of
// hlcnn-bench really runs (and with --abi arm64-v8a, the pushed arm64 bundle, through qemu-user). getprop, dumpsys and taskset are small scripts it writes into the sandbox,
// answering from files the test can change (props.txt, thermal_status, the /sys tree).
//
// usage: adb-test-device --sandbox DIR [--abi ABI] [--model NAME] [--fault MODE]
//   prints the port it listens on (one line), then serves until killed.
//   MODE: unauthorized | push-fail | drop-mid-push | drop-mid-run | runner-exit | runner-stall | runner-garbage
//         | throttle (the cores run slower after a run of hlcnn-bench)
// Protocol reference: AOSP system/core/adb at platform-tools-29.0.6 (protocol.txt, SYNC.TXT,
// shell_protocol.h); ../shared/design/device-profiling.md section 2.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr quint32 tag(const char (&s)[5]) {
    return quint32(quint8(s[0])) | quint32(quint8(s[1])) << 8 | quint32(quint8(s[2])) << 16 | quint32(quint8(s[3])) << 24;
}
constexpr quint32 kCnxn = tag("CNXN"), kAuth = tag("AUTH"), kOpen = tag("OPEN"), kOkay = tag("OKAY"),
                  kWrte = tag("WRTE"), kClse = tag("CLSE");
constexpr quint32 kVersion = 0x01000001, kMaxPayload = 1024 * 1024;

void putU32(QByteArray& b, quint32 v) {
    for (int i = 0; i < 4; ++i) b.append(char((v >> (8 * i)) & 0xff));
}
void putU64(QByteArray& b, quint64 v) {
    putU32(b, quint32(v & 0xffffffffu));
    putU32(b, quint32(v >> 32));
}
quint32 getU32(const QByteArray& b, int at) {
    quint32 v = 0;
    for (int i = 0; i < 4; ++i) v |= quint32(quint8(b[at + i])) << (8 * i);
    return v;
}

struct Options {
    QString sandbox, abi = QStringLiteral("x86_64"), model = QStringLiteral("TestPhone"), fault;
};
Options g_options;

// /data/..., /sys/..., /sdcard/... inside the sandbox; nullopt-like empty string for ".." escapes.
QString sandboxPath(const QString& devicePath) {
    if (!devicePath.startsWith('/') || devicePath.split('/').contains(QStringLiteral(".."))) return {};
    return g_options.sandbox + devicePath;
}

// The shell command as it runs here: absolute device paths moved into the sandbox, and the injected
// runner faults in place of the runner.
QString sandboxCommand(QString command) {
    static const QRegularExpression devicePaths(QStringLiteral("(^|[\\s'\"=:;(])/(data|sys|sdcard)(?=/|\\s|$|['\";)])"));
    command.replace(devicePaths, QStringLiteral("\\1") + g_options.sandbox + QStringLiteral("/\\2"));
    if (command.contains(QStringLiteral("./hlcnn-bench "))) {  // running the runner, not hashing it
        const QString& f = g_options.fault;
        // a faulty runner in place of the real one; the rest of the command line runs as sent
        if (f == "runner-exit" || f == "runner-stall" || f == "runner-garbage")
            command.replace(QStringLiteral("./hlcnn-bench "), g_options.sandbox + "/.double/bin/" + f + " ");
        if (f == "throttle")
            command.replace(QStringLiteral("./hlcnn-bench "), g_options.sandbox + "/.double/bin/hot-runner ./hlcnn-bench ");
    }
    return command;
}

void writeFile(const QString& path, const QByteArray& text, bool executable = false) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.exists()) {  // the test may have written its own
        f.open(QIODevice::WriteOnly);
        f.write(text);
        f.close();
    }
    if (executable) f.setPermissions(f.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser);
}

// The phone: an 8-core big.LITTLE CPU (4 x 1.8 GHz + 4 x 2.4 GHz), a battery, a thermal service.
void prepareSandbox() {
    const QString& s = g_options.sandbox;
    QDir().mkpath(s + "/data/local/tmp");
    QDir().mkpath(s + "/sdcard");
    writeFile(s + "/props.txt",
              "ro.product.manufacturer=HLCNN\nro.product.brand=hlcnn\nro.product.model=" + g_options.model.toUtf8() +
                  "\nro.product.device=hlcnn_test\nro.product.name=hlcnn_test\nro.product.cpu.abi=" + g_options.abi.toUtf8() +
                  "\nro.product.cpu.abilist=" + g_options.abi.toUtf8() +
                  "\nro.soc.manufacturer=TestSoC Inc.\nro.soc.model=TS8100\nro.board.platform=tsboard\nro.hardware=tsboard\n"
                  "ro.build.version.sdk=31\nro.build.version.release=12\nro.build.fingerprint=hlcnn/hlcnn_test/hlcnn_test:12/T1/1:user/release-keys\n"
                  "ro.serialno=HLCNNTEST\n");
    for (int cpu = 0; cpu < 8; ++cpu) {
        const QString dir = s + QStringLiteral("/sys/devices/system/cpu/cpu%1/cpufreq/").arg(cpu);
        const QByteArray maxKhz = cpu < 4 ? "1800000\n" : "2400000\n";
        writeFile(dir + "cpuinfo_max_freq", maxKhz);
        writeFile(dir + "cpuinfo_min_freq", "300000\n");
        writeFile(dir + "scaling_cur_freq", maxKhz);
        writeFile(dir + "scaling_max_freq", maxKhz);
        writeFile(dir + "scaling_governor", "schedutil\n");
        writeFile(dir + "related_cpus", cpu < 4 ? "0 1 2 3\n" : "4 5 6 7\n");
    }
    writeFile(s + "/sys/devices/system/cpu/possible", "0-7\n");
    writeFile(s + "/sys/devices/system/cpu/online", "0-7\n");
    writeFile(s + "/sys/class/power_supply/battery/voltage_now", "3900000\n");
    writeFile(s + "/sys/class/power_supply/battery/current_now", "-250000\n");
    writeFile(s + "/thermal_status", "0\n");
    const QString bin = s + "/.double/bin/";
    // getprop: one key, or every property as "[key]: [value]" lines.
    writeFile(bin + "getprop",
              "#!/bin/sh\nP=\"$HLCNN_SANDBOX/props.txt\"\nif [ $# -eq 0 ]; then sed -e 's/^\\([^=]*\\)=\\(.*\\)$/[\\1]: [\\2]/' \"$P\"; "
              "else grep -m1 \"^$1=\" \"$P\" | cut -d= -f2-; fi\n",
              true);
    writeFile(bin + "dumpsys",
              "#!/bin/sh\ncase \"$1\" in\n"
              " thermalservice) echo 'IsStatusOverride: false'; echo \"Thermal Status: $(cat \"$HLCNN_SANDBOX/thermal_status\")\";"
              " echo 'Current temperatures from HAL:';"
              " echo '\tTemperature{mValue=36.5, mType=0, mName=cpu0, mStatus=0}';"
              " echo '\tTemperature{mValue=31.0, mType=2, mName=battery, mStatus=0}';;\n"
              " battery) echo 'Current Battery Service state:'; echo '  AC powered: false'; echo '  USB powered: true';"
              " echo '  level: 81'; echo '  voltage: 3900'; echo '  temperature: 310';;\n"
              " *) echo \"Can't find service: $1\"; exit 1;;\nesac\n",
              true);
    writeFile(bin + "runner-exit", "#!/bin/sh\necho 'hlcnn-bench: the forward failed: injected fault' >&2\nexit 3\n", true);
    writeFile(bin + "runner-stall", "#!/bin/sh\nexec sleep 3600\n", true);
    writeFile(bin + "runner-garbage", "#!/bin/sh\necho 'Segmentation fault?'\necho '{\"runner\":\"hlcnn-be'\n", true);
    // the real runner, after which the phone is hot: caps lowered, thermal status "moderate"
    writeFile(bin + "hot-runner",
              "#!/bin/sh\n\"$@\"\nrc=$?\nfor f in \"$HLCNN_SANDBOX\"/sys/devices/system/cpu/cpu*/cpufreq/scaling_*_freq; do echo 1000000 > \"$f\"; done\n"
              "echo 2 > \"$HLCNN_SANDBOX/thermal_status\"\nexit $rc\n",
              true);
    // pkill [-f] PATTERN: the phone's processes only. The host's pkill would match any process of
    // this machine, such as another test's adb client whose command line names the runner.
    writeFile(bin + "pkill",
              "#!/bin/sh\n[ \"$1\" = -f ] && shift\nfor pid in $(pgrep -f \"$1\"); do\n"
              "  case \"$(readlink /proc/$pid/cwd)\" in \"$HLCNN_SANDBOX\"*) kill \"$pid\" 2>/dev/null;; esac\ndone\nexit 0\n",
              true);
    // taskset MASK CMD...: the mask names the phone's cores, not this machine's; it is logged and the
    // command runs on whatever cores this machine has.
    // While it runs, the battery gives 900 mA instead of 250 mA (at 3.9 V): what the energy
    // sampling must find.
    // Playing an arm64-v8a phone, it runs aarch64 programs the way such a phone's kernel would, here
    // through qemu-user (qemu-aarch64-static); any other machine's program fails as it would there.
    const QByteArray run = g_options.abi == "arm64-v8a"
                               ? QByteArray("case \"$(od -An -tx1 -j18 -N2 \"$1\" 2>/dev/null | tr -d ' \\n')\" in\n"
                                            " b700) qemu-aarch64-static -cpu max \"$@\";;\n"
                                            " *) echo \"/system/bin/sh: $1: can't execute: Exec format error\" >&2; false;;\nesac\n")
                               : QByteArray("\"$@\"\n");
    writeFile(bin + "taskset",
              "#!/bin/sh\necho \"$1\" >> \"$HLCNN_SANDBOX/taskset.log\"\nshift\n"
              "B=\"$HLCNN_SANDBOX/sys/class/power_supply/battery/current_now\"\necho -900000 > \"$B\"\n" +
                  run + "rc=$?\necho -250000 > \"$B\"\nexit $rc\n",
              true);
}

class Connection;

// One stream opened by the host: a shell command or the sync service.
struct Stream {
    quint32 localId = 0, remoteId = 0;
    bool shellV2 = false, isSync = false, closing = false, closeSent = false;
    QByteArray outbox;        // bytes waiting to go to the host
    bool awaitingOkay = false;
    QProcess* process = nullptr;
    QByteArray syncIn;        // sync requests, buffered across WRTE boundaries
    // an open SEND
    bool sending = false;
    QString sendPath;
    int sendMode = 0644;
    QByteArray sendData;
    qint64 receivedData = 0;
};

class Connection : public QObject {
public:
    explicit Connection(QTcpSocket* socket) : socket_(socket) {
        socket_->setParent(this);
        connect(socket_, &QTcpSocket::readyRead, this, &Connection::onRead);
        connect(socket_, &QTcpSocket::disconnected, this, [this] {
            for (Stream* s : std::as_const(streams_)) killProcess(s);
            deleteLater();
        });
    }
    ~Connection() override {
        for (Stream* s : std::as_const(streams_)) {
            killProcess(s);
            delete s;
        }
    }

private:
    void send(quint32 command, quint32 arg0, quint32 arg1, const QByteArray& payload = {}) {
        QByteArray b;
        putU32(b, command);
        putU32(b, arg0);
        putU32(b, arg1);
        putU32(b, quint32(payload.size()));
        quint32 sum = 0;
        for (char c : payload) sum += quint8(c);
        putU32(b, sum);
        putU32(b, command ^ 0xffffffffu);
        socket_->write(b + payload);
    }

    void onRead() {
        in_ += socket_->readAll();
        while (in_.size() >= 24) {
            const quint32 length = getU32(in_, 12);
            if (in_.size() < 24 + int(length)) return;
            const quint32 command = getU32(in_, 0), arg0 = getU32(in_, 4), arg1 = getU32(in_, 8);
            const QByteArray payload = in_.mid(24, int(length));
            in_.remove(0, 24 + int(length));
            handle(command, arg0, arg1, payload);
            if (dropped_) return;
        }
    }

    void handle(quint32 command, quint32 arg0, quint32 arg1, const QByteArray& payload) {
        if (command == kCnxn) {
            maxPayload_ = std::min(arg1, kMaxPayload);
            if (g_options.fault == "unauthorized") {  // ask for a signature we will never accept
                send(kAuth, 1, 0, QByteArray(20, '\x5a'));
                return;
            }
            send(kCnxn, kVersion, maxPayload_,
                 "device::ro.product.name=hlcnn_test;ro.product.model=" + g_options.model.toUtf8() +
                     ";ro.product.device=hlcnn_test;features=shell_v2,cmd,stat_v2,ls_v2,fixed_push_mkdir");
        } else if (command == kAuth) {
            if (arg0 == 2) send(kAuth, 1, 0, QByteArray(20, '\x5b'));  // signature rejected: a new token
            // a public key (arg0 3) would show the "Allow USB debugging?" prompt: nobody accepts it
        } else if (command == kOpen) {
            open(arg0, QString::fromUtf8(payload).remove(QChar(0)));
        } else if (command == kOkay) {
            if (Stream* s = streams_.value(arg1)) {
                s->remoteId = arg0;
                s->awaitingOkay = false;
                flush(s);
            }
        } else if (command == kWrte) {
            Stream* s = streams_.value(arg1);
            if (!s) return;
            send(kOkay, s->localId, s->remoteId);
            if (s->isSync) syncInput(s, payload);
            else shellInput(s, payload);
        } else if (command == kClse) {
            if (Stream* s = streams_.take(arg1)) {
                if (!s->closeSent) send(kClse, s->localId, s->remoteId);
                killProcess(s);
                delete s;
            }
        }
    }

    void open(quint32 remoteId, const QString& service) {
        auto* s = new Stream;
        s->localId = nextId_++;
        s->remoteId = remoteId;
        if (service == QLatin1String("sync:")) {
            s->isSync = true;
        } else if (service.startsWith(QLatin1String("shell")) || service.startsWith(QLatin1String("exec:"))) {
            const int colon = service.indexOf(':');
            const QStringList args = service.left(colon).split(',');
            s->shellV2 = args.contains(QStringLiteral("v2"));
            startProcess(s, service.mid(colon + 1));
        } else {
            delete s;
            send(kClse, 0, remoteId);
            return;
        }
        streams_.insert(s->localId, s);
        send(kOkay, s->localId, remoteId);
        flush(s);
    }

    void startProcess(Stream* s, const QString& command) {
        if (g_options.fault == "drop-mid-run" && command.contains(QStringLiteral("./hlcnn-bench "))) {
            QTimer::singleShot(300, this, [this] {  // the cable is pulled while the runner runs
                dropped_ = true;
                socket_->abort();
            });
        }
        auto* p = new QProcess(this);
        s->process = p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), g_options.sandbox + "/.double/bin:/usr/bin:/bin");
        env.insert(QStringLiteral("HLCNN_SANDBOX"), g_options.sandbox);
        p->setProcessEnvironment(env);
        p->setWorkingDirectory(g_options.sandbox);
        p->setChildProcessModifier([] { ::setsid(); });  // its own group: a close kills the runner too
        const quint32 id = s->localId;
        const auto out = [this, id](char channel, QByteArray bytes) {
            Stream* st = streams_.value(id);
            if (!st || bytes.isEmpty()) return;
            if (st->shellV2) {
                QByteArray packet(1, channel);
                putU32(packet, quint32(bytes.size()));
                bytes.prepend(packet);
            }
            st->outbox += bytes;
            flush(st);
        };
        connect(p, &QProcess::readyReadStandardOutput, this, [p, out] { out(1, p->readAllStandardOutput()); });
        connect(p, &QProcess::readyReadStandardError, this, [p, out] { out(2, p->readAllStandardError()); });
        connect(p, &QProcess::finished, this, [this, p, id, out](int code, QProcess::ExitStatus status) {
            out(1, p->readAllStandardOutput());
            out(2, p->readAllStandardError());
            Stream* st = streams_.value(id);
            p->deleteLater();
            if (!st) return;
            st->process = nullptr;
            if (st->shellV2) {
                QByteArray exitPacket(1, 3);
                putU32(exitPacket, 1);
                exitPacket.append(char(status == QProcess::NormalExit ? code : 128 + SIGKILL));
                st->outbox += exitPacket;
            }
            st->closing = true;
            flush(st);
        });
        // v1 streams merge stderr into stdout
        if (!s->shellV2) p->setProcessChannelMode(QProcess::MergedChannels);
        p->start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), sandboxCommand(command)});
        if (s->shellV2) p->closeWriteChannel();  // the host's stdin, when any, arrives as packets we drop
    }

    void killProcess(Stream* s) {
        if (!s->process) return;
        const qint64 pid = s->process->processId();
        if (pid > 0) ::kill(-pid_t(pid), SIGKILL);
        s->process->disconnect(this);
        s->process->waitForFinished(2000);
        s->process->deleteLater();
        s->process = nullptr;
    }

    void shellInput(Stream*, const QByteArray&) {}  // stdin is not used by anything the tests run

    // One WRTE at a time per stream: the next waits for the host's OKAY.
    void flush(Stream* s) {
        if (s->awaitingOkay || dropped_) return;
        if (!s->outbox.isEmpty()) {
            const QByteArray chunk = s->outbox.left(int(maxPayload_));
            s->outbox.remove(0, chunk.size());
            s->awaitingOkay = true;
            send(kWrte, s->localId, s->remoteId, chunk);
            return;
        }
        if (s->closing && !s->process && !s->closeSent) {
            s->closeSent = true;
            send(kClse, s->localId, s->remoteId);
            // the host answers with its own CLSE, which deletes the stream
        }
    }

    void syncReply(Stream* s, const QByteArray& bytes) {
        s->outbox += bytes;
        flush(s);
    }
    void syncFail(Stream* s, const QByteArray& message) {
        QByteArray b("FAIL");
        putU32(b, quint32(message.size()));
        syncReply(s, b + message);
    }

    void syncInput(Stream* s, const QByteArray& payload) {
        s->syncIn += payload;
        for (;;) {
            if (s->syncIn.size() < 8) return;
            const QByteArray id = s->syncIn.left(4);
            const quint32 length = getU32(s->syncIn, 4);
            if (s->sending) {
                if (id == "DATA") {
                    if (s->syncIn.size() < 8 + int(length)) return;
                    s->sendData += s->syncIn.mid(8, int(length));
                    s->syncIn.remove(0, 8 + int(length));
                    s->receivedData += length;
                    if (g_options.fault == "drop-mid-push" && s->receivedData > 0 && s->sendPath.contains("hlcnn-bench")) {
                        dropped_ = true;  // the cable is pulled: the connection ends mid-transfer
                        socket_->abort();
                        return;
                    }
                    continue;
                }
                if (id == "DONE") {
                    s->syncIn.remove(0, 8);
                    s->sending = false;
                    finishSend(s, length);
                    continue;
                }
                syncFail(s, "unexpected " + id + " during SEND");
                s->syncIn.clear();
                return;
            }
            if (id == "QUIT") {
                s->syncIn.clear();
                s->closing = true;
                flush(s);
                return;
            }
            if (s->syncIn.size() < 8 + int(length)) return;
            const QString path = QString::fromUtf8(s->syncIn.mid(8, int(length)));
            s->syncIn.remove(0, 8 + int(length));
            if (id == "STAT" || id == "STA2" || id == "LST2") stat(s, id, path);
            else if (id == "SEND") beginSend(s, path);
            else if (id == "RECV") receive(s, path);
            else if (id == "LIST") list(s, path);
            else {
                syncFail(s, "unsupported sync request " + id);
                return;
            }
        }
    }

    void stat(Stream* s, const QByteArray& id, const QString& devicePath) {
        const QString local = sandboxPath(devicePath);
        struct stat st {};
        const int rc = local.isEmpty() ? -1 : (id == "STA2" ? ::stat(QFile::encodeName(local), &st) : ::lstat(QFile::encodeName(local), &st));
        QByteArray b(id);
        if (id == "STAT") {  // v1: all zeros for a missing path
            putU32(b, rc ? 0 : st.st_mode);
            putU32(b, rc ? 0 : quint32(st.st_size));
            putU32(b, rc ? 0 : quint32(st.st_mtime));
        } else {
            putU32(b, rc ? ENOENT : 0);
            putU64(b, rc ? 0 : st.st_dev);
            putU64(b, rc ? 0 : st.st_ino);
            putU32(b, rc ? 0 : st.st_mode);
            putU32(b, rc ? 0 : quint32(st.st_nlink));
            putU32(b, 2000);  // shell uid/gid, as on a phone
            putU32(b, 2000);
            putU64(b, rc ? 0 : quint64(st.st_size));
            putU64(b, rc ? 0 : quint64(st.st_atime));
            putU64(b, rc ? 0 : quint64(st.st_mtime));
            putU64(b, rc ? 0 : quint64(st.st_ctime));
        }
        syncReply(s, b);
    }

    void beginSend(Stream* s, const QString& spec) {
        const int comma = spec.lastIndexOf(',');
        s->sending = true;
        s->sendPath = comma > 0 ? spec.left(comma) : spec;
        s->sendMode = comma > 0 ? spec.mid(comma + 1).toInt() & 0777 : 0644;
        s->sendData.clear();
        s->receivedData = 0;
    }

    void finishSend(Stream* s, quint32 /*mtime*/) {
        if (g_options.fault == "push-fail") {
            syncFail(s, "couldn't create file: Read-only file system");
            return;
        }
        const QString local = sandboxPath(s->sendPath);
        if (local.isEmpty()) {
            syncFail(s, "bad path " + s->sendPath.toUtf8());
            return;
        }
        QDir().mkpath(QFileInfo(local).absolutePath());
        QSaveFile f(local);
        if (!f.open(QIODevice::WriteOnly) || f.write(s->sendData) != s->sendData.size() || !f.commit()) {
            syncFail(s, "couldn't create file: " + f.errorString().toUtf8());
            return;
        }
        ::chmod(QFile::encodeName(local), mode_t(s->sendMode));
        QByteArray b("OKAY");
        putU32(b, 0);
        syncReply(s, b);
    }

    void receive(Stream* s, const QString& devicePath) {
        QFile f(sandboxPath(devicePath));
        if (devicePath.isEmpty() || !f.open(QIODevice::ReadOnly)) {
            syncFail(s, "No such file or directory");
            return;
        }
        const QByteArray all = f.readAll();
        QByteArray b;
        for (qsizetype at = 0; at < all.size(); at += 65536) {
            const QByteArray chunk = all.mid(at, 65536);
            b += "DATA";
            putU32(b, quint32(chunk.size()));
            b += chunk;
        }
        b += "DONE";
        putU32(b, 0);
        syncReply(s, b);
    }

    void list(Stream* s, const QString& devicePath) {
        QByteArray b;
        const QDir dir(sandboxPath(devicePath));
        for (const QFileInfo& fi : dir.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
            const QByteArray name = fi.fileName().toUtf8();
            b += "DENT";
            putU32(b, fi.isDir() ? 040755 : 0100644);
            putU32(b, quint32(fi.size()));
            putU32(b, quint32(fi.lastModified().toSecsSinceEpoch()));
            putU32(b, quint32(name.size()));
            b += name;
        }
        b += "DONE";
        putU32(b, 0);
        putU32(b, 0);
        putU32(b, 0);
        putU32(b, 0);
        syncReply(s, b);
    }

    QTcpSocket* socket_;
    QByteArray in_;
    QHash<quint32, Stream*> streams_;
    quint32 nextId_ = 1, maxPayload_ = 4096;
    bool dropped_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == "--sandbox") g_options.sandbox = QDir(args[i + 1]).absolutePath();
        else if (args[i] == "--abi") g_options.abi = args[i + 1];
        else if (args[i] == "--model") g_options.model = args[i + 1];
        else if (args[i] == "--fault") g_options.fault = args[i + 1];
        else {
            std::fprintf(stderr, "adb-test-device: unknown option %s\n", qPrintable(args[i]));
            return 2;
        }
    }
    if (g_options.sandbox.isEmpty()) {
        std::fprintf(stderr, "usage: adb-test-device --sandbox DIR [--abi ABI] [--model NAME] [--fault MODE]\n");
        return 2;
    }
    prepareSandbox();
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "adb-test-device: cannot listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QObject::connect(&server, &QTcpServer::newConnection, [&server] {
        while (QTcpSocket* socket = server.nextPendingConnection()) new Connection(socket);
    });
    std::printf("%d\n", int(server.serverPort()));
    std::fflush(stdout);
    return app.exec();
}
