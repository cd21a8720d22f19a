// Numbers in machine formats (JSON, CSV, LaTeX, TorchScript source, cache keys, messages): written
// with std::to_chars, never the C library's printf family, whose decimal separator follows
// LC_NUMERIC (a Qt application on Unix adopts LANG's: "0,32" under de_DE).
#pragma once

#include <string>

namespace hlcnn {

std::string fixedText(double value, int decimals);  // "%.*f" in the C locale: fixedText(0.315, 2) == "0.32"
std::string roundTripText(double value);            // the shortest text that reads back as value: "0.7", "1e-05", "3"

}  // namespace hlcnn
