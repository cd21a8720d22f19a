// The RAPL energy meter on a powercap tree written by the test: package zones found and their
// subzones left out, counters summed with their wrap undone, and every way the counters can be
// missing reported as a reason instead of a number.
#include "hlcnn/core/energy_meter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace hlcnn;

namespace {

void writeZone(const QString& dir, const QString& name, const QString& energy, const QString& range) {
    QDir().mkpath(dir);
    const auto write = [&](const char* file, const QString& text) {
        QFile f(dir + "/" + file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write((text + "\n").toUtf8());
    };
    write("name", name);
    write("energy_uj", energy);
    write("max_energy_range_uj", range);
}

}  // namespace

class EnergyMeterTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void packagesAreSummedAcrossAWrap() {
        QTemporaryDir root;
        const QString r = root.path();
        writeZone(r + "/intel-rapl:0", "package-0", "1000", "262143328850");
        writeZone(r + "/intel-rapl:0/intel-rapl:0:0", "core", "7", "262143328850");
        writeZone(r + "/intel-rapl:0:0", "core", "7", "262143328850");  // the flat layout some kernels add
        writeZone(r + "/intel-rapl:1", "package-1", "262143327850", "262143328850");
        writeZone(r + "/intel-rapl-mmio:0", "package-0", "3", "100");  // another interface, left out
        const EnergyMeter meter(r.toStdString());
        QVERIFY2(meter.available(), meter.unavailableReason().c_str());
        QCOMPARE(int(meter.domains().size()), 2);
        QCOMPARE(meter.domains()[0].name, std::string("package-0"));
        QCOMPARE(meter.domains()[1].name, std::string("package-1"));
        const std::vector<std::uint64_t> before = meter.read();
        QCOMPARE(before, (std::vector<std::uint64_t>{1000, 262143327850ull}));
        // package 0: +2.5 J; package 1: 1000 uJ to the end of its range, then 500 uJ after the wrap
        const std::vector<std::uint64_t> after{2501000, 500};
        QCOMPARE(meter.joulesBetween(before, after), (2500000.0 + 1000.0 + 500.0) * 1e-6);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, meter.joulesBetween(before, {1}));
    }

    void missingCountersGiveAReason_data() {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no powercap") << "none" << "does not exist";
        QTest::newRow("no package zone") << "psys" << "no RAPL package domain";
        QTest::newRow("unreadable counter") << "garbage" << "cannot be read";
    }
    void missingCountersGiveAReason() {
        QFETCH(QString, layout);
        QFETCH(QString, reason);
        QTemporaryDir root;
        QString r = root.path();
        if (layout == "none") r += "/missing";
        if (layout == "psys") writeZone(r + "/intel-rapl:0", "psys", "5", "100");
        if (layout == "garbage") writeZone(r + "/intel-rapl:0", "package-0", "n/a", "100");
        const EnergyMeter meter(r.toStdString());
        QVERIFY(!meter.available());
        QVERIFY(meter.domains().empty());
        QVERIFY2(QString::fromStdString(meter.unavailableReason()).contains(reason), meter.unavailableReason().c_str());
        QVERIFY(meter.read().empty());
    }
};

QTEST_GUILESS_MAIN(EnergyMeterTest)
#include "tst_energy_meter.moc"
