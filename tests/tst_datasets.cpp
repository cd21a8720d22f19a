// Datasets in every format, written here in miniature, good and broken.
#include "hlcnn/core/dataset.h"

#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace hlcnn;

namespace {

void writeBytes(const QString& path, const std::vector<std::uint8_t>& bytes) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
}

// n CIFAR records; image i has every pixel of channel c equal to (i * 7 + c) % 256
std::vector<std::uint8_t> cifarRecords(int n, int firstLabel, bool cifar100, int labelLimit = 10) {
    std::vector<std::uint8_t> b;
    for (int i = 0; i < n; ++i) {
        if (cifar100) b.push_back(std::uint8_t(i % 20));
        b.push_back(std::uint8_t((firstLabel + i) % labelLimit));
        for (int c = 0; c < 3; ++c)
            for (int p = 0; p < 1024; ++p) b.push_back(std::uint8_t((i * 7 + c) % 256));
    }
    return b;
}

void be32(std::vector<std::uint8_t>& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(std::uint8_t(v >> s));
}

std::vector<std::uint8_t> idxImages(std::uint32_t n, std::uint32_t magic = 0x803, std::uint32_t claimed = 0) {
    std::vector<std::uint8_t> b;
    be32(b, magic);
    be32(b, claimed ? claimed : n);
    be32(b, 28);
    be32(b, 28);
    for (std::uint32_t i = 0; i < n * 28 * 28; ++i) b.push_back(std::uint8_t(i % 251));
    return b;
}

std::vector<std::uint8_t> idxLabels(std::uint32_t n) {
    std::vector<std::uint8_t> b;
    be32(b, 0x801);
    be32(b, n);
    for (std::uint32_t i = 0; i < n; ++i) b.push_back(std::uint8_t(i % 10));
    return b;
}

void writeGz(const QString& path, const std::vector<std::uint8_t>& bytes) {
    gzFile f = gzopen(path.toLocal8Bit().constData(), "wb");
    QVERIFY(f);
    QCOMPARE(gzwrite(f, bytes.data(), unsigned(bytes.size())), int(bytes.size()));
    gzclose(f);
}

void writeImage(const QString& path, int rows, int cols, int channels, int value) {
    QDir().mkpath(QFileInfo(path).path());
    cv::Mat m(rows, cols, channels == 1 ? CV_8UC1 : CV_8UC3, cv::Scalar(value, value / 2, 255 - value));
    QVERIFY(cv::imwrite(path.toStdString(), m));
}

void expectError(const std::string& spec, const char* fragment, const DatasetOptions& o = {}) {
    try {
        loadDataset(parseDataSpec(spec), o);
        QFAIL(("no error for " + spec).c_str());
    } catch (const DatasetError& e) {
        QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
}

}  // namespace

class Datasets : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    DatasetOptions cached() const {
        DatasetOptions o;
        o.cacheDir = (dir_.path() + "/cache").toStdString();
        return o;
    }

private Q_SLOTS:
    void specs() {
        QCOMPARE(int(parseDataSpec("cifar10:/x").kind), int(DataSpec::Kind::Cifar10));
        QCOMPARE(parseDataSpec("folder:/a:b").path, std::string("/a:b"));
        QVERIFY_THROWS_EXCEPTION(DatasetError, parseDataSpec("imagenet:/x"));
        QVERIFY_THROWS_EXCEPTION(DatasetError, parseDataSpec("cifar10"));
    }

    void cifar10() {
        const QString d = dir_.path() + "/c10/cifar-10-batches-bin";
        for (int b = 1; b <= 5; ++b) writeBytes(d + QString("/data_batch_%1.bin").arg(b), cifarRecords(4, b, false));
        writeBytes(d + "/test_batch.bin", cifarRecords(3, 0, false));
        const Dataset ds = loadDataset(parseDataSpec(("cifar10:" + dir_.path() + "/c10").toStdString()));
        QCOMPARE(ds.train.count, std::int64_t(20));
        QCOMPARE(ds.test.count, std::int64_t(3));
        QCOMPARE(ds.classes(), std::int64_t(10));
        QCOMPARE(ds.train.labels[0], std::int64_t(1));
        QCOMPARE(int(ds.train.image(1)[1024]), (1 * 7 + 1) % 256);  // channel 1 of image 1
        // truncated batch
        auto cut = cifarRecords(2, 0, false);
        cut.resize(cut.size() - 100);
        writeBytes(d + "/test_batch.bin", cut);
        expectError(("cifar10:" + d).toStdString(), "test_batch.bin' is truncated");
        // label out of range
        writeBytes(d + "/test_batch.bin", cifarRecords(3, 0, false, 11));
        auto bad = cifarRecords(12, 0, false, 12);
        writeBytes(d + "/test_batch.bin", bad);
        expectError(("cifar10:" + d).toStdString(), "out of range for 10 classes");
        expectError("cifar10:" + (dir_.path() + "/nowhere").toStdString(), "is not a directory");
    }

    void cifar100UsesFineLabels() {
        const QString d = dir_.path() + "/c100";
        writeBytes(d + "/train.bin", cifarRecords(5, 42, true, 100));
        writeBytes(d + "/test.bin", cifarRecords(2, 7, true, 100));
        const Dataset ds = loadDataset(parseDataSpec(("cifar100:" + d).toStdString()));
        QCOMPARE(ds.classes(), std::int64_t(100));
        QCOMPARE(ds.train.labels[0], std::int64_t(42));
        QCOMPARE(ds.test.labels[1], std::int64_t(8));
    }

    void idxRawAndGzip() {
        const QString raw = dir_.path() + "/mnist", gz = dir_.path() + "/fashion";
        writeBytes(raw + "/train-images-idx3-ubyte", idxImages(6));
        writeBytes(raw + "/train-labels-idx1-ubyte", idxLabels(6));
        writeBytes(raw + "/t10k-images-idx3-ubyte", idxImages(2));
        writeBytes(raw + "/t10k-labels-idx1-ubyte", idxLabels(2));
        QDir().mkpath(gz);
        writeGz(gz + "/train-images-idx3-ubyte.gz", idxImages(6));
        writeGz(gz + "/train-labels-idx1-ubyte.gz", idxLabels(6));
        writeGz(gz + "/t10k-images-idx3-ubyte.gz", idxImages(2));
        writeGz(gz + "/t10k-labels-idx1-ubyte.gz", idxLabels(2));
        for (const QString& d : {raw, gz}) {
            const Dataset ds = loadDataset(parseDataSpec(("idx:" + d).toStdString()));
            QCOMPARE(ds.train.channels, std::int64_t(1));
            QCOMPARE(ds.train.height, std::int64_t(28));
            QCOMPARE(ds.train.count, std::int64_t(6));
            QCOMPARE(ds.test.labels[1], std::int64_t(1));
            QCOMPARE(int(ds.train.image(0)[5]), 5);
        }
        writeBytes(raw + "/t10k-images-idx3-ubyte", idxImages(2, 0x801));
        expectError(("idx:" + raw).toStdString(), "wrong magic number");
        writeBytes(raw + "/t10k-images-idx3-ubyte", idxImages(2, 0x803, 5000));
        expectError(("idx:" + raw).toStdString(), "says 5000 images");
        writeBytes(gz + "/t10k-images-idx3-ubyte.gz", {0x1f, 0x8b, 8, 0, 1, 2, 3});
        expectError(("idx:" + gz).toStdString(), "not a valid gzip file");
    }

    void folderWithSplitsCorruptFilesAndCache() {
        const QString d = dir_.path() + "/folder";
        for (int i = 0; i < 5; ++i) {
            writeImage(d + QString("/train/cat/%1.png").arg(i), 40, 30, 3, 10 * i);
            writeImage(d + QString("/train/dog/%1.jpg").arg(i), 32, 32, 3, 200);
        }
        writeImage(d + "/test/cat/t.png", 32, 32, 3, 5);
        writeImage(d + "/test/dog/t.png", 32, 32, 3, 5);
        writeBytes(d + "/train/dog/broken.jpg", {0xff, 0xd8, 0xff, 0x00, 0x13});
        writeBytes(d + "/train/dog/notes.txt", {'h', 'i'});
        DatasetOptions o = cached();
        o.imageSize = 24;
        const Dataset first = loadDataset(parseDataSpec(("folder:" + d).toStdString()), o);
        QVERIFY(!first.fromCache);
        QCOMPARE(first.classNames, (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(first.train.count, std::int64_t(10));
        QCOMPARE(first.test.count, std::int64_t(2));
        QCOMPARE(first.train.height, std::int64_t(24));
        QCOMPARE(int(first.skipped.size()), 1);
        QVERIFY(QString::fromStdString(first.skipped[0].path).endsWith("broken.jpg"));
        // RGB order: the PNG was written as BGR (10*i, 5*i, 255-10*i)
        QCOMPARE(int(first.train.image(1)[0]), 255 - 10);

        const Dataset second = loadDataset(parseDataSpec(("folder:" + d).toStdString()), o);
        QVERIFY(second.fromCache);
        QCOMPARE(second.train.labels, first.train.labels);
        QCOMPARE(std::memcmp(second.train.pixels.get(), first.train.pixels.get(), std::size_t(first.train.count * first.train.imageBytes())), 0);
        QCOMPARE(int(second.skipped.size()), 1);

        // a damaged cache is ignored and rebuilt
        for (const auto& e : std::filesystem::directory_iterator(o.cacheDir)) {
            QFile f(QString::fromStdString(e.path().string()));
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.resize(f.size() / 2);
        }
        const Dataset third = loadDataset(parseDataSpec(("folder:" + d).toStdString()), o);
        QVERIFY(!third.fromCache);
        QCOMPARE(third.train.count, std::int64_t(10));
    }

    void folderStratifiedSplitAndGrayscale() {
        const QString d = dir_.path() + "/gray";
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < 10; ++i) writeImage(d + QString("/c%1/%2.png").arg(c).arg(i), 16, 16, 1, 20 * c);
        const Dataset ds = loadDataset(parseDataSpec(("folder:" + d).toStdString()), cached());
        QCOMPARE(ds.train.channels, std::int64_t(1));
        QCOMPARE(ds.train.count, std::int64_t(24));
        QCOMPARE(ds.test.count, std::int64_t(6));
        std::vector<int> perClass(3, 0);
        for (auto l : ds.test.labels) ++perClass[std::size_t(l)];
        QCOMPARE(perClass, (std::vector<int>{2, 2, 2}));
    }

    void folderErrors() {
        const QString empty = dir_.path() + "/emptyclass";
        writeImage(empty + "/a/1.png", 8, 8, 3, 1);
        QDir().mkpath(empty + "/b");
        expectError(("folder:" + empty).toStdString(), "holds no images", cached());
        const QString none = dir_.path() + "/noclasses";
        QDir().mkpath(none);
        expectError(("folder:" + none).toStdString(), "has no class folders", cached());
        const QString unreadable = dir_.path() + "/unreadable";
        writeBytes(unreadable + "/a/1.png", {1, 2, 3});
        writeBytes(unreadable + "/b/1.png", {4, 5, 6});
        expectError(("folder:" + unreadable).toStdString(), "can be decoded", cached());
        const QString oneBad = dir_.path() + "/onebadclass";
        writeImage(oneBad + "/a/1.png", 8, 8, 3, 1);
        writeBytes(oneBad + "/b/1.png", {4, 5, 6});
        expectError(("folder:" + oneBad).toStdString(), "class 'b' has no readable images", cached());
    }

    void channelStatistics() {
        ImageSet s;
        std::vector<std::uint8_t> px{0, 255, 51, 51, 0, 255, 51, 51};  // 2 images, channels of 2x1
        auto holder = std::make_shared<std::vector<std::uint8_t>>(px);
        s.pixels = std::shared_ptr<const std::uint8_t>(holder, holder->data());
        s.channels = 2, s.height = 2, s.width = 1, s.count = 2;
        s.labels = {0, 0};
        const ChannelStats st = channelStats(s);
        QVERIFY(std::abs(st.mean[0] - 0.5f) < 1e-6f);
        QVERIFY(std::abs(st.std[0] - 0.5f) < 1e-6f);
        QVERIFY(std::abs(st.mean[1] - 0.2f) < 1e-6f);
    }
};

QTEST_GUILESS_MAIN(Datasets)
#include "tst_datasets.moc"
