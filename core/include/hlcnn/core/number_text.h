// Numbers in machine formats (JSON, CSV, LaTeX, TorchScript source, cache keys, messages): written
// with std::to_chars, never the C library's printf family, whose decimal separator follows
// LC_NUMERIC (a Qt application on Unix adopts LANG's: "0,32" under de_DE).
#pragma once

#include <string>

namespace hlcnn {

std::string fixedText(double value, int decimals);  // "%.*f" in the C locale: fixedText(0.315, 2) == "0.32"
std::string roundTripText(double value);            // the shortest text that reads back as value: "0.7", "1e-05", "3"
// The whole of `text` as a number in the C locale ("36.5" even under de_DE, where strtod stops at
// the dot); false for anything else.
bool parseReal(const std::string& text, double& value);

}  // namespace hlcnn
