// How the workbench shows numbers to people: every view formats counts, millions, sizes and
// percentages through these, in the user's locale (4.359.678 and 325,54 M under German, never a
// mix). Machine formats (JSON, CSV, LaTeX, TorchScript source) never go through here: they stay
// in the C locale whatever LANG says.
#pragma once

#include <QString>

#include <cstdint>
#include <string>

namespace hlcnn::display {

QString count(std::int64_t n);                      // 4,359,678
QString millions(double n, int decimals = 2);       // 325.54 (the caller adds " M")
QString decimal(double x, int decimals);            // 0.32
QString mebibytes(std::int64_t bytes);              // 1.25 MiB
QString compact(std::int64_t n);                    // 3.50M, 12.3k, 512 (node labels)
QString significant(double x, int digits);          // 0.0012346, 2.3026 (plot readouts)
QString duration(double seconds);                   // 1:02:03, 4:05 (ETA, elapsed)
QString localTime(const std::string& isoUtc);       // the store's UTC ISO time in the user's zone and format

// The C numeric locale for the C library (snprintf, strtod, std::to_string): Qt adopts the
// system locale on Unix when the application object is created; call right after it.
void useCNumericLocale();

}  // namespace hlcnn::display
