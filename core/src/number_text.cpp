#include "hlcnn/core/number_text.h"

#include <charconv>
#include <cmath>

namespace hlcnn {

namespace {

std::string special(double value) {
    if (std::isnan(value)) return "nan";
    return value > 0 ? "inf" : "-inf";
}

}  // namespace

std::string fixedText(double value, int decimals) {
    if (!std::isfinite(value)) return special(value);
    char buf[400];  // 1e308 in fixed notation plus decimals
    const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals < 0 ? 0 : decimals);
    return r.ec == std::errc() ? std::string(buf, r.ptr) : special(value);
}

std::string roundTripText(double value) {
    if (!std::isfinite(value)) return special(value);
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, r.ptr);
}

bool parseReal(const std::string& text, double& value) {
    const char* begin = text.data();
    if (!text.empty() && text[0] == '+') ++begin;  // from_chars takes no '+'
    const auto r = std::from_chars(begin, text.data() + text.size(), value);
    return r.ec == std::errc() && r.ptr == text.data() + text.size() && begin != text.data() + text.size();
}

}  // namespace hlcnn
