#include "arguments.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace hlcnn::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
                     const std::set<std::string>& flags)
    : valued_(valued), flagNames_(flags) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0) {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        const auto eq = name.find('=');
        const bool inlineValue = eq != std::string::npos;
        if (inlineValue) value = name.substr(eq + 1), name = name.substr(0, eq);
        if (valued.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size()) throw UsageError("option --" + name + " needs a value");
                value = args[++i];
            }
            values_[name] = value;
        } else if (flags.count(name) && !inlineValue) {
            flags_.insert(name);
        } else {
            throw UsageError("unknown option --" + name);
        }
    }
}

void Arguments::requireDeclared(const std::string& name) const {
    if (!declares(name))
        throw std::logic_error("the command reads --" + name + " but does not declare it in the command table");
}

bool Arguments::has(const std::string& name) const {
    requireDeclared(name);
    return values_.count(name) || flags_.count(name);
}

std::string Arguments::value(const std::string& name, const std::string& fallback) const {
    requireDeclared(name);
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

long long Arguments::integer(const std::string& name, long long fallback) const {
    requireDeclared(name);
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (errno || end == it->second.c_str() || *end) throw UsageError("--" + name + " must be an integer, got '" + it->second + "'");
    return v;
}

double Arguments::real(const std::string& name, double fallback) const {
    requireDeclared(name);
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(it->second.c_str(), &end);
    if (errno || end == it->second.c_str() || *end) throw UsageError("--" + name + " must be a number, got '" + it->second + "'");
    return v;
}

void requireNoPositional(const Arguments& args, const std::string& usage) {
    if (!args.positional().empty())
        throw UsageError("unexpected argument '" + args.positional().front() + "' (usage: " + usage + ")");
}

long long boundedInteger(const Arguments& args, const std::string& name, long long fallback, long long lo, long long hi) {
    if (!args.has(name)) return fallback;
    const long long v = args.integer(name, fallback);
    if (v < lo || v > hi)
        throw UsageError("--" + name + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
                         args.value(name));
    return v;
}

std::string firstLine(const std::string& text) {
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

std::string programPath() {
    std::string self(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
    if (n <= 0) throw UsageError("cannot find this program (/proc/self/exe)");
    self.resize(std::size_t(n));
    return self;
}

}  // namespace hlcnn::cli
