// Minimal "--name value" / "--flag" parser for the CLI; unknown options are errors.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hlcnn::cli {

// Bad command-line input: reported on one line, exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Runs fn; an exception of one of the types Errors (the person's situation, not a bug: no such run,
// a phone gone) becomes a UsageError with its message (exit 2, one line).
template <typename Fn>
int asUsageErrors(Fn&& fn) {
    return fn();
}
template <typename First, typename... Rest, typename Fn>
int asUsageErrors(Fn&& fn) {
    try {
        return asUsageErrors<Rest...>(std::forward<Fn>(fn));
    } catch (const First& e) {
        throw UsageError(e.what());
    }
}

// The union of two option-name sets, for commands that add options to a shared group.
inline std::set<std::string> with(std::set<std::string> a, const std::set<std::string>& b) {
    a.insert(b.begin(), b.end());
    return a;
}

class Arguments {
public:
    // `valued` options take a value, `flags` do not; anything else starting with "--" is rejected.
    Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued, const std::set<std::string>& flags);

    // Reading an option the command does not declare is a programming error (std::logic_error):
    // the command table would refuse it on the command line, so the code could never see it.
    bool has(const std::string& name) const;
    bool declares(const std::string& name) const { return valued_.count(name) || flagNames_.count(name); }
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    long long integer(const std::string& name, long long fallback) const;
    double real(const std::string& name, double fallback) const;
    const std::vector<std::string>& positional() const { return positional_; }

private:
    void requireDeclared(const std::string& name) const;

    std::set<std::string> valued_, flagNames_;
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
    std::vector<std::string> positional_;
};

// Commands that take no positional arguments refuse them ("hlcnn models foo").
void requireNoPositional(const Arguments& args, const std::string& usage);

// An integer option within [lo, hi], else UsageError naming the option and the range; `fallback`
// (not range-checked) when the option is absent.
long long boundedInteger(const Arguments& args, const std::string& name, long long fallback, long long lo, long long hi);

// This program's own path (/proc/self/exe), for starting ranks and writing job scripts; UsageError
// when it cannot be read.
std::string programPath();

// The first line of a library message (LibTorch appends backtraces after it).
std::string firstLine(const std::string& text);

}  // namespace hlcnn::cli
