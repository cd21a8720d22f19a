// hlcnn-bench: the on-device runner. Loads a mobile program (.hlmp, XNNPACK) or, where LibTorch is
// linked, a lite-interpreter model (.ptl); runs warm-up forwards, times N forwards one by one and
// prints one JSON object on stdout. The XNNPACK part depends on the mobile library only (no Qt, no
// LibTorch), so the same file builds for the host here and for arm64-v8a phones
// (app/bench_runner/arm64.cmake), where it runs under glibc's loader as one small bundle.
//
// Usage: hlcnn-bench --model FILE [--input N,C,H,W] [--warmup N] [--iters N] [--threads T] [--per-unit]
//                    [--input-file F32 --output-file F32]
// --per-unit (.hlmp) also times each op, and the layout copies, in context (units_us, io_us: inside
// forwards, each such forward right after one of the whole forwards of times_us) and alone
// (alone_us, io_alone_us), for a latency table.
// Errors: one line on stderr, exit 2 (bad arguments, unreadable or damaged model), 1 (the forward failed).
#include "hlcnn/mobile/program.h"
#include "hlcnn/mobile/xnnpack_runtime.h"

#ifdef HLCNN_BENCH_WITH_LITE
#include <ATen/Parallel.h>
#include <torch/csrc/jit/mobile/import.h>
#include <torch/csrc/jit/mobile/module.h>
#include <torch/torch.h>
#endif

#include <sys/resource.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace {

struct Options {
    std::string model;
    std::vector<int64_t> input;
    long warmup = 10, iters = 50, threads = 1;
    std::string inputFile, outputFile;   // raw float32: the input to run once, where its output goes
    bool perUnit = false;
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
            std::printf("usage: hlcnn-bench --model FILE.hlmp|FILE.ptl [--input N,C,H,W] [--warmup N] [--iters N] [--threads T]\n"
                        "                   [--per-unit] [--input-file RAW_F32 --output-file RAW_F32]\n"
                        "  .hlmp runs on XNNPACK %s; --input is read from the program (and checked if given)\n"
                        "  --per-unit also times each op inside forwards (units_us, io_us) and alone (alone_us, io_alone_us):\n"
                        "             medians over --iters after --warmup, for latency tables\n"
                        "  --input-file runs each input in it once and writes their outputs' floats: a parity check, not a timing\n",
                        hlcnn::mobile::xnnpackVersion().c_str());
            std::exit(0);
        }
        if (a == "--per-unit") {
            o.perUnit = true;
            continue;
        }
        if (i + 1 >= argc) fail(2, "option " + a + " needs a value (hlcnn-bench --help)");
        const char* v = argv[++i];
        if (a == "--model") o.model = v;
        else if (a == "--input") o.input = dims(v);
        else if (a == "--warmup") o.warmup = positive("--warmup", v, 0, 100000);
        else if (a == "--iters") o.iters = positive("--iters", v, 1, 1000000);
        else if (a == "--threads") o.threads = positive("--threads", v, 1, 256);
        else if (a == "--input-file") o.inputFile = v;
        else if (a == "--output-file") o.outputFile = v;
        else fail(2, "unknown option " + a + " (hlcnn-bench --help)");
    }
    if (o.model.empty()) fail(2, "--model FILE is required");
    if (o.inputFile.empty() != o.outputFile.empty()) fail(2, "--input-file and --output-file go together");
    if (!o.outputFile.empty()) {
        // never a write over an input: the same file under another name counts too
        struct stat out {}, in {};
        if (::stat(o.outputFile.c_str(), &out) == 0)
            for (const std::string& input : {o.inputFile, o.model})
                if (::stat(input.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
                    fail(2, "--output-file " + o.outputFile + " is " + input + ", an input: choose another file");
    }
    return o;
}

// JSON string escaping for the path (the only free text we print).
std::string jsonString(const std::string& s) {
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


// What a model file gives the timing loop: one forward of the deterministic input.
struct Loaded {
    std::function<void()> forward;
    // --per-unit (.hlmp only): the forwards timed whole, interleaved with the per-op timed ones,
    // into `timesUs`; returns ',"units_us":[...],...'
    std::function<std::string(std::vector<double>& timesUs)> units;
    std::string runtime, precision = "fp32";
    std::vector<int64_t> input;
    int threads = 1;
};

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(2, "cannot read " + path + ": " + std::strerror(errno));
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Loaded loadProgram(const Options& o) {
    namespace mob = hlcnn::mobile;
    std::shared_ptr<mob::XnnpackRuntime> runtime;
    mob::Program program;
    try {
        program = mob::readProgramFile(o.model);
        runtime = std::make_shared<mob::XnnpackRuntime>(program, int(o.threads));
    } catch (const std::exception& e) {
        fail(2, e.what());
    }
    Loaded l;
    l.input = runtime->inputShape();
    if (!o.input.empty() && o.input != l.input) {
        std::string want;
        for (size_t i = 0; i < l.input.size(); ++i) want += (i ? "," : "") + std::to_string(l.input[i]);
        fail(2, "--input does not match the program's input " + want + " (" + o.model + ")");
    }
    l.runtime = "xnnpack " + mob::xnnpackVersion();
    l.precision = program.isInt8() ? "int8" : "fp32";
    l.threads = runtime->threads();
    auto in = std::make_shared<std::vector<float>>(size_t(mob::elementsOf(l.input)), 1.0f);
    auto out = std::make_shared<std::vector<float>>(size_t(mob::elementsOf(runtime->outputShape())));
    if (!o.inputFile.empty()) {
        // one or more inputs back to back; their outputs written in the same order
        const std::string bytes = readAll(o.inputFile);
        const std::size_t one = in->size() * sizeof(float);
        if (bytes.empty() || bytes.size() % one)
            fail(2, o.inputFile + " holds " + std::to_string(bytes.size()) + " bytes, not a whole number of the program's inputs (" +
                        std::to_string(one) + " bytes each)");
        std::ofstream f(o.outputFile, std::ios::binary);
        try {
            for (std::size_t at = 0; at < bytes.size(); at += one) {
                std::memcpy(in->data(), bytes.data() + at, one);
                runtime->forward(in->data(), out->data());
                f.write(reinterpret_cast<const char*>(out->data()), std::streamsize(out->size() * sizeof(float)));
            }
        } catch (const std::exception& e) {
            fail(1, std::string("the forward failed: ") + e.what());
        }
        if (!f.flush()) fail(2, "cannot write " + o.outputFile);
        std::fill(in->begin(), in->end(), 1.0f);
    }
    l.forward = [runtime, in, out] { runtime->forward(in->data(), out->data()); };
    const int warmup = int(o.warmup), iters = int(o.iters);
    l.units = [runtime, in, warmup, iters](std::vector<double>& timesUs) {
        std::vector<double> wholeMs;
        const mob::XnnpackRuntime::UnitTimes t = runtime->unitMilliseconds(in->data(), warmup, iters, &wholeMs);
        for (const double ms : wholeMs) timesUs.push_back(ms * 1000.0);
        const auto list = [](const char* name, const std::vector<double>& ms) {
            std::string json = std::string(",\"") + name + "\":[";
            char buf[48];
            for (std::size_t k = 0; k < ms.size(); ++k) {
                std::snprintf(buf, sizeof buf, "%s%.3f", k ? "," : "", ms[k] * 1000.0);
                json += buf;
            }
            return json + "]";
        };
        char buf[96];
        std::snprintf(buf, sizeof buf, ",\"io_us\":%.3f,\"io_alone_us\":%.3f", t.ioInContextMs * 1000.0, t.ioAloneMs * 1000.0);
        return list("units_us", t.inContextMs) + list("alone_us", t.aloneMs) + buf;
    };
    return l;
}

#ifdef HLCNN_BENCH_WITH_LITE
Loaded loadLite(const Options& o) {
    // The only process-wide settings touched are this process's own.
    at::set_num_threads(int(o.threads));
    auto module = std::make_shared<torch::jit::mobile::Module>();
    try {
        *module = torch::jit::_load_for_mobile(o.model);
    } catch (const std::exception& e) {
        std::string what = e.what();
        fail(2, "cannot load " + o.model + " as a lite-interpreter model: " + what.substr(0, what.find('\n')));
    }
    if (o.input.empty()) fail(2, "--input N,C,H,W is required for a .ptl model");
    if (!o.inputFile.empty()) fail(2, "--input-file is for .hlmp programs");
    Loaded l;
    l.input = o.input;
    l.runtime = std::string("lite-interpreter ") + TORCH_VERSION;
    l.threads = at::get_num_threads();
    auto input = std::make_shared<at::Tensor>(torch::ones(o.input));  // deterministic input, as speed_benchmark_torch
    l.forward = [module, input] {
        c10::InferenceMode guard;
        module->forward({*input});
    };
    return l;
}
#endif

const char* abi() {
#if defined(__aarch64__)
    return "arm64-v8a";
#elif defined(__x86_64__)
    return "x86_64";
#else
    return "unknown";
#endif
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const auto loadStart = std::chrono::steady_clock::now();
    Loaded model;
    if (hlcnn::mobile::looksLikeProgramFile(o.model)) {
        model = loadProgram(o);
    } else {
#ifdef HLCNN_BENCH_WITH_LITE
        model = loadLite(o);
#else
        std::ifstream probe(o.model);
        if (!probe) fail(2, "cannot read " + o.model + ": " + std::strerror(errno));
        fail(2, o.model + ": not an HL-CNN mobile program (.hlmp); this runner (" + abi() + ") runs .hlmp files only");
#endif
    }
    const double loadMs = msSince(loadStart);
    if (o.perUnit && !model.units) fail(2, "--per-unit times the ops of a mobile program (.hlmp), not of " + o.model);

    std::vector<double> timesUs;
    std::string units;
    double firstMs = 0;
    try {
        const auto firstStart = std::chrono::steady_clock::now();
        model.forward();
        firstMs = msSince(firstStart);
        timesUs.reserve(size_t(o.iters));
        if (o.perUnit) {
            units = model.units(timesUs);
        } else {
            for (long i = 1; i < o.warmup; ++i) model.forward();
            for (long i = 0; i < o.iters; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                model.forward();
                timesUs.push_back(msSince(t0) * 1000.0);
            }
        }
    } catch (const std::exception& e) {
        std::string what = e.what();
        fail(1, "the forward failed: " + what.substr(0, what.find('\n')));
    }

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    // %.3f in the C locale (this program never calls setlocale): machine format.
    std::string json = "{\"runner\":\"hlcnn-bench\",\"format\":1,\"abi\":\"" + std::string(abi()) + "\",\"runtime\":" + jsonString(model.runtime) +
                       ",\"precision\":\"" + model.precision + "\",\"model\":" + jsonString(o.model) + ",\"input\":[";
    for (size_t i = 0; i < model.input.size(); ++i) json += (i ? "," : "") + std::to_string(model.input[i]);
    char buf[160];
    std::snprintf(buf, sizeof buf, "],\"threads\":%d,\"warmup\":%ld,\"iters\":%ld,\"load_ms\":%.3f,\"first_ms\":%.3f,\"peak_rss_kb\":%ld,",
                  model.threads, o.warmup, o.iters, loadMs, firstMs, long(usage.ru_maxrss));
    json += buf;
    json += "\"times_us\":[";
    for (size_t i = 0; i < timesUs.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s%.1f", i ? "," : "", timesUs[i]);
        json += buf;
    }
    json += "]" + units + "}\n";
    std::fwrite(json.data(), 1, json.size(), stdout);
    return 0;
}
