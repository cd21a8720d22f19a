#include "hlcnn/widgets/number_format.h"

#include <QDateTime>
#include <QLocale>

#include <clocale>

namespace hlcnn::display {

QString count(std::int64_t n) { return QLocale().toString(qlonglong(n)); }
QString millions(double n, int decimals) { return QLocale().toString(n / 1e6, 'f', decimals); }
QString decimal(double x, int decimals) { return QLocale().toString(x, 'f', decimals); }
QString mebibytes(std::int64_t bytes) { return QLocale().toString(double(bytes) / (1024.0 * 1024.0), 'f', 2) + " MiB"; }

QString compact(std::int64_t n) {
    if (n >= 1'000'000) return decimal(double(n) / 1e6, 2) + "M";
    if (n >= 1'000) return decimal(double(n) / 1e3, 1) + "k";
    return count(n);
}

QString significant(double x, int digits) { return QLocale().toString(x, 'g', digits); }

QString duration(double seconds) {
    if (!(seconds >= 0) || seconds > 1e9) return "-";
    const long long s = (long long)(seconds + 0.5);
    if (s >= 3600) return QString("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'));
    return QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

QString localTime(const std::string& isoUtc) {
    if (isoUtc.empty()) return {};
    QDateTime t = QDateTime::fromString(QString::fromStdString(isoUtc), Qt::ISODateWithMs);
    if (!t.isValid()) t = QDateTime::fromString(QString::fromStdString(isoUtc), Qt::ISODate);
    if (!t.isValid()) return QString::fromStdString(isoUtc);
    return QLocale().toString(t.toLocalTime(), QLocale::ShortFormat);
}

void useCNumericLocale() { std::setlocale(LC_NUMERIC, "C"); }

}  // namespace hlcnn::display
