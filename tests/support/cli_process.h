// Helpers for tests that drive the hlcnn CLI as a separate process on tiny generated data.
#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace hlcnn::test {

struct CliResult {
    int code;            // exit code; -1 on timeout, -2 when the process crashed or was killed
    QByteArray out, err;
};

inline CliResult runCli(const QStringList& args, int timeoutMs = 300000) {
    QProcess p;
    p.start(HLCNN_CLI, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, {}, "timeout"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(), p.readAllStandardError()};
}

// A miniature CIFAR-10 in the official binary layout: class c has a bright column band at c*3,
// so a small net learns it in a few epochs. Returns false when a file cannot be written.
inline bool writeTinyCifar(const QString& dir, int perBatch, int testImages = 60) {
    QDir().mkpath(dir);
    auto batch = [&](const QString& name, int n, int seed) {
        QByteArray b;
        for (int i = 0; i < n; ++i) {
            const int label = (i + seed) % 10;
            b.append(char(label));
            for (int c = 0; c < 3; ++c)
                for (int y = 0; y < 32; ++y)
                    for (int x = 0; x < 32; ++x) b.append(char(x / 3 == label ? 220 : ((x * 7 + y * 13 + i) % 50)));
        }
        QFile f(dir + "/" + name);
        return f.open(QIODevice::WriteOnly) && f.write(b) == b.size();
    };
    for (int i = 1; i <= 5; ++i)
        if (!batch(QString("data_batch_%1.bin").arg(i), perBatch, i)) return false;
    return batch("test_batch.bin", testImages, 0);
}

}  // namespace hlcnn::test
