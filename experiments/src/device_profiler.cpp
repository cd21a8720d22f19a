#include "hlcnn/experiments/device_profiler.h"
#include "hlcnn/core/messages.h"

#include "hlcnn/core/export_format.h"
#include "hlcnn/core/model_export.h"
#include "hlcnn/core/number_text.h"
#include "hlcnn/mobile/program.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

#include <chrono>
#include <cstdlib>
#include <cmath>
#include <regex>
#include <sstream>
#include <thread>

namespace hlcnn {

namespace {

std::string firstLineOf(const std::string& text, size_t limit = 120) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
        if (!line.empty()) return line.size() > limit ? line.substr(0, limit) + "..." : line;
    }
    return {};
}

void progress(const DeviceProfileRequest& r, const std::string& what) {
    if (r.progress) r.progress(what);
}
void checkCancelled(const DeviceProfileRequest& r) {
    if (r.cancelled && r.cancelled()) throw DeviceCancelled();
}

std::string joined(const std::vector<std::int64_t>& v, const char* sep) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + std::to_string(v[i]);
    return s;
}

// "<sha256>  <name>" lines of sha256sum.
std::map<std::string, std::string> remoteHashes(const std::string& text) {
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    std::string hash, name;
    while (in >> hash >> name)
        if (hash.size() == 64) out[name] = hash;
    return out;
}

// The file's description embedded by `hlcnn export` (input size, precision); what the user gave
// instead for a file from elsewhere.
void describeArtifact(const DeviceProfileRequest& r, DeviceProfile& p) {
    const QFileInfo fi(QString::fromStdString(r.artifact));
    if (!fi.isFile() || !fi.isReadable()) throw DeviceError("cannot read " + r.artifact);
    std::string metadata;
    std::vector<std::int64_t> programInput;
    if (mobile::looksLikeProgramFile(r.artifact)) {
        // read and checked in full here: a damaged program stops before any push
        try {
            const mobile::Program program = mobile::readProgramFile(r.artifact);
            metadata = program.description;
            programInput = program.values[std::size_t(program.input)].shape;
            p.format = "mobile";
        } catch (const mobile::ProgramError& e) {
            throw DeviceError(e.what());
        }
    } else {
        if (fi.suffix() != "ptl")
            throw DeviceError(r.artifact + " is neither a mobile program (.hlmp) nor a lite-interpreter file (.ptl): write one with "
                                           "hlcnn export --format mobile");
        try {
            savedModelOperators(r.artifact, ExportFormat::Lite);  // loads it: a corrupt file stops here, before any push
            metadata = savedModelMetadata(r.artifact, ExportFormat::Lite);
        } catch (const std::exception& e) {
            throw DeviceError(r.artifact + " is not a readable lite-interpreter model: " + firstLineOf(e.what()));
        }
        p.format = "ptl";
    }
    nlohmann::json meta = nlohmann::json::object();
    if (!metadata.empty()) meta = nlohmann::json::parse(metadata, nullptr, false);
    if (meta.is_discarded() || !meta.is_object()) meta = nlohmann::json::object();
    p.precision = meta.value("precision", std::string("fp32"));
    if (p.precision != "int8") p.precision = "fp32";
    if (!programInput.empty()) {
        if (!r.input.empty() && r.input != programInput)
            throw DeviceError(r.artifact + " is a program for input " + joined(programInput, ",") + ", not " + joined(r.input, ","));
        p.input = programInput;
    } else if (!r.input.empty()) {
        p.input = r.input;
    } else if (meta.contains("input") && meta["input"].is_array()) {
        p.input = {1};
        for (const auto& d : meta["input"]) p.input.push_back(d.get<std::int64_t>());
    } else {
        throw DeviceError(r.artifact + " carries no description of its input (not written by hlcnn export): give --input N,C,H,W");
    }
    const Artifact file = describeFile("artifact", r.artifact);
    p.sha256 = file.sha256;
    p.bytes = file.bytes;
}

constexpr const char* kExitMarker = "@hlcnn-exit";

std::string runnerRemoteName(const std::string& kind) { return kind == "speed_benchmark_torch" ? "speed_benchmark_torch" : "hlcnn-bench"; }

// Pushes `local` as DIR/`name` unless the phone already has it with that hash; the file goes under
// a temporary name and is moved into place only once its hash on the phone is right, so a
// connection lost mid-push never leaves a half file under the real name.
bool pushIfChanged(const Adb& adb, const DeviceProfileRequest& r, const std::string& serial, const std::string& local,
                   const std::string& name, const std::string& sha256, const std::map<std::string, std::string>& onPhone,
                   bool executable) {
    const auto have = onPhone.find(name);
    if (have != onPhone.end() && have->second == sha256) return false;
    progress(r, "pushing " + QFileInfo(QString::fromStdString(local)).fileName().toStdString());
    const std::string remote = std::string(kDeviceFolder) + "/" + name;
    const qint64 bytes = QFileInfo(QString::fromStdString(local)).size();
    adb.push(serial, local, remote + ".partial", int(60000 + bytes / 1000), r.cancelled);  // >= 1 MB/s
    const AdbOutput check = adb.shell(serial,
                                      std::string("cd ") + kDeviceFolder + " && sha256sum " + name + ".partial" +
                                          (executable ? " && chmod 755 " + name + ".partial" : std::string()),
                                      30000, "checking the pushed " + name, r.cancelled);
    const auto hashes = remoteHashes(check.out);
    const auto got = hashes.find(name + ".partial");
    if (check.exitCode != 0 || got == hashes.end() || got->second != sha256)
        throw DeviceError("the copy of " + local + " on " + serial + " is damaged (its SHA-256 differs): try again");
    const AdbOutput moved = adb.shell(serial, std::string("cd ") + kDeviceFolder + " && mv -f " + name + ".partial " + name, 30000,
                                      "installing " + name, r.cancelled);
    if (moved.exitCode != 0) throw DeviceError("cannot move " + name + " into place on " + serial + ": " + firstLineOf(moved.err + moved.out));
    return true;
}

}  // namespace

RunnerOutput parseRunnerOutput(const std::string& kind, const std::string& text) {
    RunnerOutput o;
    const std::string shown = firstLineOf(text, 80);
    const std::string said = shown.empty() ? "it printed nothing" : "it printed '" + shown + "'";
    if (kind == "speed_benchmark_torch") {
        static const std::regex mainRun(R"(Main run finished\. Microseconds per iter: ([0-9.eE+-]+)\.)");
        static const std::regex pep(R"(^PyTorchObserver (\{.*\})\s*$)");
        std::istringstream in(text);
        std::string line;
        bool finished = false;
        while (std::getline(in, line)) {
            std::smatch m;
            if (double us = 0; std::regex_search(line, m, mainRun) && parseReal(m[1], us)) {
                o.meanMs = us / 1000.0;
                finished = true;
            } else if (std::regex_match(line, m, pep)) {
                const auto j = nlohmann::json::parse(m[1].str(), nullptr, false);
                if (j.is_object() && j.value("type", "") == "NET" && j.value("metric", "") == "latency" && j.contains("value")) {
                    const std::string v = j["value"].is_string() ? j["value"].get<std::string>() : j["value"].dump();
                    if (double t = 0; parseReal(v, t) && t >= 0) o.samplesMs.push_back(t / (j.value("unit", "us") == "ms" ? 1.0 : 1000.0));
                }
            }
        }
        if (!finished || !std::isfinite(o.meanMs) || o.meanMs < 0)
            throw DeviceError("speed_benchmark_torch's output has no 'Main run finished' line (" + said + ")");
        if (o.samplesMs.empty()) o.samplesMs = {o.meanMs};  // without --report_pep only the mean exists
        return o;
    }
    if (kind != "hlcnn-bench") throw DeviceError("runner must be hlcnn-bench or speed_benchmark_torch, got '" + kind + "'");
    std::istringstream in(text);
    std::string line;
    nlohmann::json j;
    while (std::getline(in, line)) {
        if (line.rfind('{', 0) != 0) continue;
        j = nlohmann::json::parse(line, nullptr, false);
        break;
    }
    const auto bad = [&] { return DeviceError("the runner's output is not hlcnn-bench's JSON (" + said + ")"); };
    if (!j.is_object() || j.value("runner", "") != "hlcnn-bench" || !j.contains("times_us") || !j["times_us"].is_array() ||
        j["times_us"].empty())
        throw bad();
    for (const auto& t : j["times_us"]) {
        if (!t.is_number() || !std::isfinite(t.get<double>()) || t.get<double>() < 0) throw bad();
        o.samplesMs.push_back(t.get<double>() / 1000.0);
    }
    double sum = 0;
    for (const double s : o.samplesMs) sum += s;
    o.meanMs = sum / double(o.samplesMs.size());
    if (j.contains("load_ms") && j["load_ms"].is_number()) o.loadMs = j["load_ms"].get<double>();
    if (j.contains("first_ms") && j["first_ms"].is_number()) o.firstMs = j["first_ms"].get<double>();
    if (j.contains("peak_rss_kb") && j["peak_rss_kb"].is_number_integer()) o.peakRssKb = j["peak_rss_kb"].get<std::int64_t>();
    if (j.contains("threads") && j["threads"].is_number_integer()) o.threads = j["threads"].get<int>();
    if (j.contains("runtime") && j["runtime"].is_string()) o.runtime = j["runtime"].get<std::string>();
    if (j.contains("abi") && j["abi"].is_string()) o.abi = j["abi"].get<std::string>();
    if (j.contains("units_us")) {
        const auto times = [&](const char* name, std::vector<double>& out) {
            if (!j.contains(name) || !j[name].is_array()) throw bad();
            for (const auto& t : j[name]) {
                if (!t.is_number() || !std::isfinite(t.get<double>()) || t.get<double>() < 0) throw bad();
                out.push_back(t.get<double>() / 1000.0);
            }
        };
        const auto time = [&](const char* name) {
            if (!j.contains(name) || !j[name].is_number() || j[name].get<double>() < 0) throw bad();
            return j[name].get<double>() / 1000.0;
        };
        times("units_us", o.unitMs);
        times("alone_us", o.unitAloneMs);
        if (o.unitAloneMs.size() != o.unitMs.size()) throw bad();
        o.ioMs = time("io_us");
        o.ioAloneMs = time("io_alone_us");
    }
    return o;
}

EnergyEstimate energyFromSamples(const std::string& log, double meanLatencyMs) {
    EnergyEstimate e;
    std::istringstream in(log);
    std::string line;
    int phase = 0;  // 0 idle, 1 run, 2 after
    double idleSum = 0, runSum = 0;
    while (std::getline(in, line)) {
        if (line.rfind("@start", 0) == 0) phase = std::max(phase, 1);
        else if (line.rfind("@stop", 0) == 0) phase = 2;
        else if (line.rfind("@e ", 0) == 0 && phase < 2) {
            std::istringstream words(line.substr(3));
            std::string current, voltage;
            double i = 0, v = 0;
            if (!(words >> current >> voltage) || !parseReal(current, i) || !parseReal(voltage, v) || v <= 0) continue;
            const double watts = std::abs(i) * 1e-6 * v * 1e-6;   // uA x uV; the sign of current_now differs by vendor
            (phase == 0 ? idleSum : runSum) += watts;
            ++(phase == 0 ? e.idleSamples : e.runSamples);
        }
    }
    if (e.idleSamples < 3 || e.runSamples < 3) {
        e.note = "unavailable (too few battery samples: " + std::to_string(e.idleSamples) + " idle, " + std::to_string(e.runSamples) +
                 " during the run; a longer run gives more)";
        return e;
    }
    e.idleW = idleSum / e.idleSamples;
    e.runW = runSum / e.runSamples;
    if (e.runW <= e.idleW) {
        e.note = "unavailable (the battery's draw did not rise during the run: a phone charging over USB hides it; "
                 "profile over adb on Wi-Fi with the cable out)";
        return e;
    }
    e.energyMj = (e.runW - e.idleW) * meanLatencyMs;   // W x ms = mJ
    e.note = "battery fuel gauge: (run " + fixedText(e.runW, 3) + " W - idle " + fixedText(e.idleW, 3) + " W) x mean latency, " +
             std::to_string(e.runSamples) + " + " + std::to_string(e.idleSamples) + " samples";
    return e;
}

std::string locateArm64Bundle() {
    if (const char* env = std::getenv("HLCNN_ARM64_BUNDLE"); env && *env) return env;
    const QString dir = QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath()).absolutePath();
    for (const QString& candidate : {dir + "/arm64-bundle", dir + "/../arm64-bundle", dir + "/../app/arm64-bundle",
                                     dir + "/../lib/hlcnn-workbench/arm64-bundle"})
        if (QFileInfo(candidate + "/hlcnn-bench").isFile() && QFileInfo(candidate + "/ld-linux-aarch64.so.1").isFile())
            return QFileInfo(candidate).canonicalFilePath().toStdString();
    return {};
}

RunnerChoice chooseRunner(const std::vector<std::string>& phoneAbis, const std::string& deviceName, const std::string& format) {
    const std::string arm64 = locateArm64Bundle(), host = locateRunner();
    const std::string hostAbi = host.empty() ? std::string() : executableAbi(host);
    std::vector<std::string> have;
    if (!arm64.empty()) have.push_back("arm64-v8a");
    if (!hostAbi.empty()) have.push_back(hostAbi);
    for (const std::string& abi : phoneAbis) {   // the phone's own order: its primary ABI first
        if (abi == "arm64-v8a" && !arm64.empty()) {
            if (format != "mobile")
                throw DeviceError("the arm64-v8a runner runs mobile programs (.hlmp), not .ptl files: write one with "
                                  "hlcnn export --format mobile");
            RunnerChoice c;
            c.path = arm64 + "/hlcnn-bench";
            c.abi = abi;
            c.bundle = arm64;
            for (const QString& f : QDir(QString::fromStdString(arm64)).entryList(QDir::Files, QDir::Name)) c.bundleFiles.push_back(f.toStdString());
            return c;
        }
        if (!hostAbi.empty() && abi == hostAbi) return {host, abi, {}, {}};
    }
    std::string abis, haveText;
    for (const std::string& a : phoneAbis) abis += (abis.empty() ? "" : ", ") + a;
    for (const std::string& a : have) haveText += (haveText.empty() ? "" : ", ") + a;
    throw DeviceError(say(msg::kNoRunnerForAbi, {deviceName, abis.empty() ? "an unknown ABI" : abis, haveText.empty() ? "none" : haveText}));
}

std::string locateRunner() {
    if (const char* env = std::getenv("HLCNN_BENCH_RUNNER"); env && *env) return env;
    const QString exe = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath();
    const QString dir = QFileInfo(exe).absolutePath();
    for (const QString& candidate : {dir + "/hlcnn-bench", dir + "/../hlcnn-bench"})
        if (QFileInfo(candidate).isExecutable()) return QFileInfo(candidate).canonicalFilePath().toStdString();
    return QStandardPaths::findExecutable(QStringLiteral("hlcnn-bench")).toStdString();
}

std::string pickDevice(const Adb& adb, const std::string& requested) {
    const std::vector<DeviceListing> devices = listDevices(adb);
    if (requested.empty()) {
        if (devices.empty()) throw DeviceError(say(msg::kNoDevice));
        if (devices.size() > 1) {
            std::string names;
            for (const DeviceListing& d : devices) names += (names.empty() ? "" : ", ") + d.serial;
            throw DeviceError(say(msg::kSeveralDevices, {names}));
        }
    }
    for (const DeviceListing& d : devices) {
        if (!requested.empty() && d.serial != requested) continue;
        if (d.state == "device") return d.serial;
        if (d.state == "unauthorized")
            throw DeviceError(say(msg::kUnauthorized, {d.serial}));
        throw DeviceError(say(msg::kDeviceState, {d.serial, d.state}));
    }
    throw DeviceError(say(msg::kNoSuchDevice, {requested}));
}

DeviceProfile profileOnDevice(const Adb& adb, const DeviceProfileRequest& r) {
    if (r.threads < 1 || r.threads > 64) throw DeviceError("threads must be 1..64, got " + std::to_string(r.threads));
    if (r.iters < 1 || r.iters > 100000) throw DeviceError("iterations must be 1..100000, got " + std::to_string(r.iters));
    if (r.warmup < 0 || r.warmup > 100000) throw DeviceError("warm-up must be 0..100000, got " + std::to_string(r.warmup));
    if (r.timeoutS < 1 || r.timeoutS > 86400) throw DeviceError("timeout must be 1..86400 s, got " + std::to_string(r.timeoutS));
    if (r.cooldownS < 0 || r.cooldownS > 3600) throw DeviceError("cool-down must be 0..3600 s, got " + std::to_string(r.cooldownS));
    if (r.runnerKind == "speed_benchmark_torch" && r.threads != 1)
        throw DeviceError("speed_benchmark_torch takes no thread count: leave threads at 1 (it uses its own default)");
    if (r.runnerKind != "hlcnn-bench" && r.runnerKind != "speed_benchmark_torch")
        throw DeviceError("runner must be hlcnn-bench or speed_benchmark_torch, got '" + r.runnerKind + "'");
    for (const std::int64_t d : r.input)
        if (d < 1 || d > 100000) throw DeviceError("input sizes must be positive, got " + joined(r.input, ","));
    if (r.perUnit && r.runnerKind != "hlcnn-bench") throw DeviceError("per-unit timing needs hlcnn-bench, not " + r.runnerKind);

    DeviceProfile p;
    p.artifact = r.artifact;
    p.runnerKind = r.runnerKind;
    p.affinity = r.affinity;
    p.threads = r.runnerKind == "hlcnn-bench" ? r.threads : 0;
    p.warmup = r.warmup;
    p.iters = r.iters;
    describeArtifact(r, p);
    if (r.perUnit && p.format != "mobile") throw DeviceError("per-unit timing is for mobile programs (.hlmp), not " + r.artifact);

    checkCancelled(r);
    progress(r, "reading the device");
    const std::string serial = pickDevice(adb, r.serial);
    p.before = readDeviceInfo(adb, serial);
    RunnerChoice choice;
    if (r.runner.empty()) {
        if (r.runnerKind != "hlcnn-bench") throw DeviceError(say(msg::kRunnerMissing));
        choice = chooseRunner(p.before.abis, p.before.displayName(), p.format);
    } else {
        choice.path = r.runner;
        if (!QFileInfo(QString::fromStdString(choice.path)).isFile()) throw DeviceError("the runner " + choice.path + " does not exist");
        choice.abi = executableAbi(choice.path);
        if (choice.abi.empty()) throw DeviceError("the runner " + choice.path + " is not an executable (ELF) file");
        if (std::find(p.before.abis.begin(), p.before.abis.end(), choice.abi) == p.before.abis.end()) {
            std::string abis;
            for (const std::string& a : p.before.abis) abis += (abis.empty() ? "" : ", ") + a;
            throw DeviceError(say(msg::kRunnerAbi, {choice.path, choice.abi, p.before.displayName(), abis.empty() ? "an unknown ABI" : abis}));
        }
    }
    const std::string runner = choice.path;
    p.runnerAbi = choice.abi;
    p.runnerBundle = !choice.bundle.empty();
    const Artifact runnerFile = describeFile("runner", runner);
    p.cpus = affinityCpus(p.before, r.affinity);
    p.mask = tasksetMask(p.cpus);

    checkCancelled(r);
    // the arm64 bundle lives in a folder of its own: its libc and loader are not the phone's
    const std::string runnerName = p.runnerBundle ? std::string("arm64/hlcnn-bench") : runnerRemoteName(r.runnerKind);
    const std::string modelName = "models/" + p.sha256.substr(0, 16) + (p.format == "mobile" ? mobile::kProgramSuffix : ".ptl");
    std::vector<std::pair<std::string, Artifact>> libs;   // remote name, the host file
    for (const std::string& lib : r.runnerLibs) {
        if (!QFileInfo(QString::fromStdString(lib)).isFile()) throw DeviceError("the runner library " + lib + " does not exist");
        const std::string name = QFileInfo(QString::fromStdString(lib)).fileName().toStdString();
        if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-") != std::string::npos)
            throw DeviceError("the runner library name " + name + " has characters a phone's shell would read");
        libs.emplace_back(name, describeFile("runner-lib", lib));
    }
    std::vector<std::pair<std::string, Artifact>> bundle;   // the rest of the arm64 bundle: its loader and libraries
    for (const std::string& f : choice.bundleFiles)
        if (f != "hlcnn-bench") bundle.emplace_back("arm64/" + f, describeFile("runner-lib", choice.bundle + "/" + f));
    std::string hashed = runnerName + " " + modelName;
    for (const auto& [name, file] : libs) hashed += " " + name;
    for (const auto& [name, file] : bundle) hashed += " " + name;
    const AdbOutput listed = adb.shell(serial,
                                       std::string("mkdir -p ") + kDeviceFolder + "/models " + kDeviceFolder + "/arm64 && cd " + kDeviceFolder + " && (sha256sum " +
                                           hashed + " 2>/dev/null; true)",
                                       30000, "preparing " + std::string(kDeviceFolder), r.cancelled);
    if (listed.exitCode != 0)
        throw DeviceError("cannot create " + std::string(kDeviceFolder) + " on " + serial + ": " + firstLineOf(listed.err + listed.out));
    const auto onPhone = remoteHashes(listed.out);
    p.pushedRunner = pushIfChanged(adb, r, serial, runner, runnerName, runnerFile.sha256, onPhone, true);
    for (const auto& [name, file] : libs) pushIfChanged(adb, r, serial, file.path, name, file.sha256, onPhone, false);
    for (const auto& [name, file] : bundle) p.pushedRunner |= pushIfChanged(adb, r, serial, file.path, name, file.sha256, onPhone, true);
    checkCancelled(r);
    p.pushedModel = pushIfChanged(adb, r, serial, r.artifact, modelName, p.sha256, onPhone, false);

    if (r.cooldownS > 0) {
        progress(r, "cooling down");
        const auto start = std::chrono::steady_clock::now();
        const auto waited = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
        while (waited() < r.cooldownS || (p.before.thermalStatus > 0 && waited() < 2.0 * r.cooldownS)) {
            checkCancelled(r);
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            if (waited() >= r.cooldownS) {
                p.before = readDeviceInfo(adb, serial);
                if (p.before.thermalStatus > 0) std::this_thread::sleep_for(std::chrono::seconds(2));
            }
        }
        p.before = readDeviceInfo(adb, serial);
    }

    checkCancelled(r);
    progress(r, "running " + std::to_string(r.warmup) + " + " + std::to_string(r.iters) + " forwards");
    const std::string input = joined(p.input, ",");
    if (p.runnerBundle)
        // glibc's loader from the bundle: no library of the phone's is used, nothing is installed
        p.command = "./arm64/ld-linux-aarch64.so.1 --library-path ./arm64 ./" + runnerName + " --model " + modelName + " --warmup " +
                    std::to_string(r.warmup) + " --iters " + std::to_string(r.iters) + " --threads " + std::to_string(r.threads);
    else if (r.runnerKind == "hlcnn-bench")
        p.command = "./" + runnerName + " --model " + modelName + " --input " + input + " --warmup " + std::to_string(r.warmup) +
                    " --iters " + std::to_string(r.iters) + " --threads " + std::to_string(r.threads);
    else
        p.command = "./" + runnerName + " --model=" + modelName + " --input_dims=" + input + " --input_type=float --warmup=" +
                    std::to_string(r.warmup) + " --iter=" + std::to_string(r.iters) + " --report_pep=true";
    if (r.perUnit) p.command += " --per-unit";
    AdbOutput ran;
    try {
        // The exit status travels in the output too: adb 29 reports 0 and no output when the
        // connection ends mid-run, so a missing marker is how a lost phone shows.
        // LD_LIBRARY_PATH=.: a runner built against PyTorch Android's shared libraries finds them next to it
        std::string script = std::string("cd ") + kDeviceFolder + " && LD_LIBRARY_PATH=. taskset " + p.mask + " " + p.command + "; rc=$?; echo \"" + kExitMarker + " $rc\"";
        if (r.measureEnergy && p.before.batteryReadable)
            // a sampler from one idle second before the run to its end; its log follows the marker
            // (both writers append, so the markers are not overwritten)
            script = std::string("cd ") + kDeviceFolder + " && B=/sys/class/power_supply/battery; "
                     ": > energy.log; (while :; do echo \"@e $(cat $B/current_now) $(cat $B/voltage_now)\"; sleep 0.05; done) >> energy.log 2>/dev/null & "
                     "E=$!; sleep 1; echo @start >> energy.log; LD_LIBRARY_PATH=. taskset " + p.mask + " " + p.command + "; rc=$?; echo @stop >> energy.log; "
                     "kill $E; echo \"" + kExitMarker + " $rc\"; cat energy.log; rm -f energy.log";
        ran = adb.shell(serial, script, r.timeoutS * 1000, "the run", r.cancelled);
    } catch (const DeviceCancelled&) {
        try {
            adb.shell(serial, "pkill -f " + runnerName, 5000, "stopping the runner");
        } catch (const std::exception&) {
        }
        throw;
    } catch (const DeviceError& e) {
        if (std::string(e.what()).find("timed out") == std::string::npos) throw;
        try {  // adbd ends the shell with the stream; this makes sure on older phones
            adb.shell(serial, "pkill -f " + runnerName, 5000, "stopping the runner");
        } catch (const std::exception&) {
        }
        throw DeviceError("the run on " + serial + " did not finish within " + std::to_string(r.timeoutS) +
                          " s (a stalled runner, or raise --timeout): it was stopped and nothing was recorded");
    }
    const auto marker = ran.out.rfind(kExitMarker);
    if (marker == std::string::npos)
        throw DeviceError("device " + serial + " went away during the run (the connection ended before the runner did): nothing was recorded");
    try {
        ran.exitCode = std::stoi(ran.out.substr(marker + std::string(kExitMarker).size()));
    } catch (const std::exception&) {
        ran.exitCode = -1;
    }
    const auto afterMarker = ran.out.find('\n', marker);
    const std::string energyLog = afterMarker == std::string::npos ? std::string() : ran.out.substr(afterMarker + 1);
    ran.out.erase(marker);
    p.rawOutput = ran.out;
    if (ran.exitCode != 0) {
        const std::string said = firstLineOf(ran.err.empty() ? ran.out : ran.err);
        throw DeviceError(runnerName + " failed on " + serial + " (exit " + std::to_string(ran.exitCode) + ")" +
                          (said.empty() ? "" : ": " + said));
    }
    p.output = parseRunnerOutput(r.runnerKind, ran.out);
    p.stats = timingStats(p.output.samplesMs);
    if (r.runnerKind == "speed_benchmark_torch") p.stats.meanMs = p.output.meanMs;  // its own mean covers every iteration
    if (!r.measureEnergy) p.energy.note = "not measured";
    else if (!p.before.batteryReadable) p.energy.note = "unavailable (the phone does not expose battery current and voltage)";
    else p.energy = energyFromSamples(energyLog, p.stats.meanMs);

    progress(r, "reading the device after the run");
    p.after = readDeviceInfo(adb, serial);
    p.throttling = throttlingBetween(p.before, p.after, p.cpus);
    return p;
}

nlohmann::json DeviceProfile::toJson() const {
    const auto opt = [](double v) { return v < 0 ? nlohmann::json(nullptr) : nlohmann::json(v); };
    return {{"device", before.toJson()},
            {"artifact", artifact},
            {"sha256", sha256},
            {"bytes", bytes},
            {"precision", precision},
            {"input", input},
            {"runner", runnerKind},
            {"runner_abi", runnerAbi},
            {"runner_bundle", runnerBundle},
            {"runtime", output.runtime},
            {"format", format},
            {"affinity", affinity},
            {"cpus", cpus},
            {"mask", mask},
            {"threads", threads},
            {"warmup", warmup},
            {"iters", iters},
            {"command", command},
            {"pushed", {{"runner", pushedRunner}, {"model", pushedModel}}},
            {"mean_ms", stats.meanMs},
            {"p50_ms", stats.p50Ms},
            {"p90_ms", stats.p90Ms},
            {"p99_ms", stats.p99Ms},
            {"min_ms", stats.minMs},
            {"std_ms", stats.stdMs},
            {"load_ms", opt(output.loadMs)},
            {"first_ms", opt(output.firstMs)},
            {"peak_rss_kb", output.peakRssKb < 0 ? nlohmann::json(nullptr) : nlohmann::json(output.peakRssKb)},
            {"thermal_before", before.thermalStatus < 0 ? nlohmann::json(nullptr) : nlohmann::json(before.thermalStatus)},
            {"thermal_after", after.thermalStatus < 0 ? nlohmann::json(nullptr) : nlohmann::json(after.thermalStatus)},
            {"throttling", throttling},
            {"energy_mj", energy.energyMj < 0 ? nlohmann::json(nullptr) : nlohmann::json(energy.energyMj)},
            {"energy", energy.note},
            {"idle_w", energy.idleW < 0 ? nlohmann::json(nullptr) : nlohmann::json(energy.idleW)},
            {"run_w", energy.runW < 0 ? nlohmann::json(nullptr) : nlohmann::json(energy.runW)}};
}

DeviceProfileRecord deviceProfileRecord(const DeviceProfile& p, std::int64_t runId) {
    DeviceProfileRecord r;
    if (runId > 0) r.runId = runId;
    r.serial = p.before.serial;
    r.deviceName = p.before.displayName();
    r.fingerprint = p.before.fingerprint;
    r.abi = p.before.abi;
    r.deviceJson = p.before.toJson().dump();
    r.artifactPath = p.artifact;
    r.artifactSha256 = p.sha256;
    r.artifactBytes = p.bytes;
    r.precision = p.precision;
    r.runner = p.runnerKind;
    r.affinity = p.affinity;
    r.mask = p.mask;
    r.threads = p.threads;
    r.warmup = p.warmup;
    r.iters = p.iters;
    r.meanMs = p.stats.meanMs;
    r.p50Ms = p.stats.p50Ms;
    r.p90Ms = p.stats.p90Ms;
    r.p99Ms = p.stats.p99Ms;
    r.minMs = p.stats.minMs;
    r.stdMs = p.stats.stdMs;
    if (p.output.loadMs >= 0) r.loadMs = p.output.loadMs;
    r.thermalBefore = p.before.thermalStatus;
    r.thermalAfter = p.after.thermalStatus;
    r.throttling = p.throttling;
    nlohmann::json cur = p.before.toJson(), after = p.after.toJson();
    r.conditionsJson = nlohmann::json{{"before", {{"cur_khz", cur["cur_khz"]}, {"cap_khz", cur["cap_khz"]}, {"temperatures_c", cur["temperatures_c"]}}},
                                      {"after", {{"cur_khz", after["cur_khz"]}, {"cap_khz", after["cap_khz"]}, {"temperatures_c", after["temperatures_c"]}}},
                                      {"command", p.command},
                                      {"runner_abi", p.runnerAbi},
                                      {"runtime", p.output.runtime},
                                      {"input", p.input},
                                      {"first_ms", p.output.firstMs < 0 ? nlohmann::json(nullptr) : nlohmann::json(p.output.firstMs)},
                                      {"peak_rss_kb", p.output.peakRssKb < 0 ? nlohmann::json(nullptr) : nlohmann::json(p.output.peakRssKb)},
                                      {"energy", p.energy.note},
                                      {"idle_w", p.energy.idleW < 0 ? nlohmann::json(nullptr) : nlohmann::json(p.energy.idleW)},
                                      {"run_w", p.energy.runW < 0 ? nlohmann::json(nullptr) : nlohmann::json(p.energy.runW)},
                                      {"energy_samples", {{"idle", p.energy.idleSamples}, {"run", p.energy.runSamples}}}}
                              .dump();
    if (p.energy.energyMj >= 0) r.energyMillijoules = p.energy.energyMj;
    r.rawOutput = p.rawOutput;
    return r;
}

}  // namespace hlcnn
