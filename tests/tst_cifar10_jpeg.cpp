// The real CIFAR-10 (JPEG, image-folder layout) from ../shared: counts, classes, statistics, and
// the cache making the second load fast. Skipped where ../shared is not present.
#include "hlcnn/core/batch_loader.h"
#include "hlcnn/core/dataset.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace hlcnn;

class Cifar10Jpeg : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsTheRealDataset() {
        const std::string root = qEnvironmentVariableIsSet("HLCNN_SHARED_DIR") ? qEnvironmentVariable("HLCNN_SHARED_DIR").toStdString()
                                                                                : std::string(HLCNN_SHARED_DIR);
        const std::string dir = root + "/datasets/cifar10-jpeg";
        if (!std::filesystem::is_directory(dir)) QSKIP("../shared/datasets/cifar10-jpeg is not here");
        QTemporaryDir cache;
        DatasetOptions o;
        o.cacheDir = cache.path().toStdString();
        QElapsedTimer t;
        t.start();
        const Dataset first = loadDataset(parseDataSpec("folder:" + dir), o);
        const qint64 decodeMs = t.restart();
        const Dataset second = loadDataset(parseDataSpec("folder:" + dir), o);
        const qint64 cachedMs = t.elapsed();
        qInfo("decode %lld ms, from cache %lld ms, skipped %zu", decodeMs, cachedMs, first.skipped.size());
        QVERIFY(second.fromCache);
        QCOMPARE(first.train.count, std::int64_t(50000));
        QCOMPARE(first.test.count, std::int64_t(10000));
        QCOMPARE(first.classes(), std::int64_t(10));
        QCOMPARE(first.classNames.front(), std::string("airplane"));
        QCOMPARE(first.train.channels, std::int64_t(3));
        QCOMPARE(first.train.height, std::int64_t(32));
        std::vector<std::int64_t> perClass(10, 0);
        for (auto l : second.test.labels) ++perClass[std::size_t(l)];
        QCOMPARE(perClass, std::vector<std::int64_t>(10, 1000));
        const ChannelStats st = channelStats(second.train);
        qInfo("mean %.4f %.4f %.4f std %.4f %.4f %.4f", st.mean[0], st.mean[1], st.mean[2], st.std[0], st.std[1], st.std[2]);
        // the well-known CIFAR-10 statistics (0.4914, 0.4822, 0.4465), give or take JPEG
        QVERIFY(std::abs(st.mean[0] - 0.4914f) < 0.01f);
        QVERIFY(std::abs(st.mean[2] - 0.4465f) < 0.01f);

        LoaderOptions lo;
        lo.batch = 128;
        lo.augmentation = {4, false, true, 0};
        lo.mean = st.mean;
        lo.std = st.std;
        lo.workers = 2;
        BatchLoader loader(second.train, lo);
        loader.startEpoch(0);
        Batch b;
        std::int64_t images = 0;
        t.restart();
        while (loader.next(b)) images += b.images.size(0);
        const double perSecond = double(images) / (double(t.elapsed()) / 1000.0);
        qInfo("augmented batches: %.0f images/s", perSecond);
        QCOMPARE(images, std::int64_t(50000));
    }
};

QTEST_GUILESS_MAIN(Cifar10Jpeg)
#include "tst_cifar10_jpeg.moc"
