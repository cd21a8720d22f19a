// Helpers for tests that drive the hlcnn CLI as a separate process on tiny generated data.
#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <utility>

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

// A miniature MNIST in IDX layout (labels 0-9, 28x28 grey): class c draws a bright bar at a
// class-dependent place (horizontal for 0-4, vertical for 5-9) over seeded noise, so a small
// net learns it in a few epochs; chance is 10%.
inline bool writeTinyIdx(const QString& dir, int trainImages, int testImages) {
    QDir().mkpath(dir);
    auto write = [&](const QString& name, const QByteArray& bytes) {
        QFile f(dir + "/" + name);
        return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
    };
    auto be32 = [](QByteArray& b, quint32 v) {
        for (int s = 24; s >= 0; s -= 8) b.append(char((v >> s) & 0xFF));
    };
    quint32 noise = 12345;
    for (const auto& [prefix, n] : {std::pair{"train", trainImages}, std::pair{"t10k", testImages}}) {
        QByteArray images, labels;
        be32(images, 0x00000803), be32(images, quint32(n)), be32(images, 28), be32(images, 28);
        be32(labels, 0x00000801), be32(labels, quint32(n));
        for (int i = 0; i < n; ++i) {
            const int label = i % 10, place = 3 + (label % 5) * 5;
            labels.append(char(label));
            for (int y = 0; y < 28; ++y)
                for (int x = 0; x < 28; ++x) {
                    noise = noise * 1664525u + 1013904223u;
                    const bool bar = label < 5 ? (y >= place && y < place + 3) : (x >= place && x < place + 3);
                    images.append(char(bar ? 180 + int(noise >> 27) : int(noise >> 26)));
                }
        }
        if (!write(QString("%1-images-idx3-ubyte").arg(prefix), images) || !write(QString("%1-labels-idx1-ubyte").arg(prefix), labels))
            return false;
    }
    return true;
}

}  // namespace hlcnn::test
