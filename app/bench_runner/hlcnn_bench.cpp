// hlcnn-bench: the on-device runner. Loads a lite-interpreter model (.ptl), runs warm-up forwards,
// times N forwards one by one and prints one JSON object on stdout. It depends on LibTorch's lite
// interpreter only (no Qt, no project library), so the same file builds for the host here and for
// arm64-v8a against PyTorch Android's libraries (packaging/android/).
//
// Usage: hlcnn-bench --model FILE.ptl --input N,C,H,W [--warmup N] [--iters N] [--threads T]
// Errors: one line on stderr, exit 2 (bad arguments, unreadable model), 1 (the forward failed).
#include <ATen/Parallel.h>
#include <torch/csrc/jit/mobile/import.h>
#include <torch/csrc/jit/mobile/module.h>
#include <torch/torch.h>

#include <sys/resource.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Options {
    std::string model;
    std::vector<int64_t> input;
    long warmup = 10, iters = 50, threads = 1;
};

[[noreturn]] void fail(int code, const std::string& message) {
    std::fprintf(stderr, "hlcnn-bench: %s\n", message.c_str());
    std::exit(code);
}

long positive(const char* name, const char* text, long lo, long hi) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi)
        fail(2, std::string(name) + " must be a whole number in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got '" + text + "'");
    return v;
}

std::vector<int64_t> dims(const char* text) {
    std::vector<int64_t> out;
    const char* p = text;
    while (*p) {
        char* end = nullptr;
        const long long v = std::strtoll(p, &end, 10);
        if (end == p || v < 1 || v > 100000) fail(2, std::string("--input must be positive sizes like 1,3,32,32, got '") + text + "'");
        out.push_back(v);
        p = end;
        if (*p == ',') ++p;
        else if (*p) fail(2, std::string("--input must be positive sizes like 1,3,32,32, got '") + text + "'");
    }
    if (out.empty() || out.size() > 5) fail(2, std::string("--input must be 1 to 5 sizes, got '") + text + "'");
    return out;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help") {
            std::printf("usage: hlcnn-bench --model FILE.ptl --input N,C,H,W [--warmup N] [--iters N] [--threads T]\n");
            std::exit(0);
        }
        if (i + 1 >= argc) fail(2, "option " + a + " needs a value (hlcnn-bench --help)");
        const char* v = argv[++i];
        if (a == "--model") o.model = v;
        else if (a == "--input") o.input = dims(v);
        else if (a == "--warmup") o.warmup = positive("--warmup", v, 0, 100000);
        else if (a == "--iters") o.iters = positive("--iters", v, 1, 1000000);
        else if (a == "--threads") o.threads = positive("--threads", v, 1, 256);
        else fail(2, "unknown option " + a + " (hlcnn-bench --help)");
    }
    if (o.model.empty()) fail(2, "--model FILE.ptl is required");
    if (o.input.empty()) fail(2, "--input N,C,H,W is required");
    return o;
}

// JSON string escaping for the path (the only free text we print).
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else out += c;
    }
    return out + "\"";
}

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    // The only process-wide settings touched are this process's own.
    at::set_num_threads(int(o.threads));
    c10::InferenceMode guard;

    const auto loadStart = std::chrono::steady_clock::now();
    torch::jit::mobile::Module module;
    try {
        module = torch::jit::_load_for_mobile(o.model);
    } catch (const std::exception& e) {
        std::string what = e.what();
        what = what.substr(0, what.find('\n'));
        fail(2, "cannot load " + o.model + " as a lite-interpreter model: " + what);
    }
    const double loadMs = msSince(loadStart);

    const at::Tensor input = torch::ones(o.input);  // deterministic input, as speed_benchmark_torch
    std::vector<double> timesUs;
    double firstMs = 0;
    try {
        const auto firstStart = std::chrono::steady_clock::now();
        module.forward({input});
        firstMs = msSince(firstStart);
        for (long i = 1; i < o.warmup; ++i) module.forward({input});
        timesUs.reserve(size_t(o.iters));
        for (long i = 0; i < o.iters; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            module.forward({input});
            timesUs.push_back(msSince(t0) * 1000.0);
        }
    } catch (const std::exception& e) {
        std::string what = e.what();
        fail(1, "the forward failed: " + what.substr(0, what.find('\n')));
    }

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    // %.3f in the C locale (this program never calls setlocale): machine format.
    std::string json = "{\"runner\":\"hlcnn-bench\",\"format\":1,\"model\":" + quoted(o.model) + ",\"input\":[";
    for (size_t i = 0; i < o.input.size(); ++i) json += (i ? "," : "") + std::to_string(o.input[i]);
    char buf[160];
    std::snprintf(buf, sizeof buf, "],\"threads\":%ld,\"warmup\":%ld,\"iters\":%ld,\"load_ms\":%.3f,\"first_ms\":%.3f,\"peak_rss_kb\":%ld,",
                  long(at::get_num_threads()), o.warmup, o.iters, loadMs, firstMs, long(usage.ru_maxrss));
    json += buf;
    json += "\"times_us\":[";
    for (size_t i = 0; i < timesUs.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s%.1f", i ? "," : "", timesUs[i]);
        json += buf;
    }
    json += "]}\n";
    std::fwrite(json.data(), 1, json.size(), stdout);
    return 0;
}
