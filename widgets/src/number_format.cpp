#include "hlcnn/widgets/number_format.h"

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

void useCNumericLocale() { std::setlocale(LC_NUMERIC, "C"); }

}  // namespace hlcnn::display
