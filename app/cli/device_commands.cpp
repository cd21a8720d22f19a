// hlcnn device list|info|profile|profiles: phones over adb, for scripts (the Devices view does the
// same through the same experiments/ code).
#include "arguments.h"
#include "commands.h"
#include "model_source.h"
#include "store_access.h"

#include "hlcnn/core/latency_program.h"
#include "hlcnn/core/number_text.h"
#include "hlcnn/experiments/latency_table.h"
#include "hlcnn/experiments/device_profiler.h"
#include "hlcnn/experiments/report_table.h"
#include "hlcnn/mobile/unit_latency.h"
#include "hlcnn/models/zoo.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <sstream>

namespace hlcnn::cli {

namespace {

std::vector<std::int64_t> inputDims(const std::string& text) {
    std::vector<std::int64_t> out;
    size_t at = 0;
    while (at <= text.size()) {
        const size_t comma = text.find(',', at);
        const std::string part = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        double v = 0;
        if (!parseReal(part, v) || !std::isfinite(v) || v < 1 || v > 100000 || v != double(std::int64_t(v)))
            throw UsageError("--input must be positive whole sizes like 1,3,32,32, got '" + text + "'");
        out.push_back(std::int64_t(v));
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    if (out.size() < 2 || out.size() > 5) throw UsageError("--input must be 2 to 5 sizes like 1,3,32,32, got '" + text + "'");
    return out;
}

// --affinity, --threads, --warmup, --iters and --timeout, shared by profile and latency-table.
void timingOptions(const Arguments& args, int defaultWarmup, int defaultIters, std::string& affinity, int& threads, int& warmup,
                   int& iters, int& timeoutS) {
    affinity = args.value("affinity", "all");
    if (affinity != "all" && affinity != "big" && affinity != "little")
        throw UsageError("--affinity must be all, big or little, got '" + affinity + "'");
    threads = int(boundedInteger(args, "threads", 1, 1, 64));
    warmup = int(boundedInteger(args, "warmup", defaultWarmup, 0, 100000));
    iters = int(boundedInteger(args, "iters", defaultIters, 1, 100000));
    timeoutS = int(boundedInteger(args, "timeout", 300, 1, 86400));
}

std::string khzText(std::int64_t khz) { return fixedText(double(khz) / 1e6, 2) + " GHz"; }

int list(const Arguments& args) {
    const Adb adb;
    const std::vector<DeviceListing> devices = listDevices(adb);
    if (args.has("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const DeviceListing& d : devices)
            out.push_back({{"serial", d.serial}, {"state", d.state}, {"model", d.model}, {"product", d.product}, {"device", d.device}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (devices.empty()) {
        std::cout << "no devices connected (USB debugging on? adb connect HOST:PORT for a device on the network)\n";
        return 0;
    }
    Table t;
    t.header = {"serial", "state", "model", "product"};
    for (const DeviceListing& d : devices)
        t.rows.push_back({d.serial, d.state == "unauthorized" ? "unauthorized (accept the prompt on the phone)" : d.state, d.model, d.product});
    std::cout << renderTable(t, TableFormat::Text);
    return 0;
}

int info(const Arguments& args) {
    const Adb adb;
    const DeviceInfo d = readDeviceInfo(adb, pickDevice(adb, args.value("serial")));
    if (args.has("json")) {
        std::cout << d.toJson().dump(2) << "\n";
        return 0;
    }
    std::cout << "device:        " << d.displayName() << "\n"
              << "SoC:           " << (d.soc.empty() ? "unknown" : d.soc) << "\n"
              << "ABI:           " << d.abi << "\n"
              << "Android:       " << d.release << " (SDK " << d.sdk << ")\n"
              << "CPU:           " << d.cores() << " cores\n";
    for (const CpuCluster& c : d.clusters) {
        std::string cpus;
        for (const int cpu : c.cpus) cpus += (cpus.empty() ? "" : ",") + std::to_string(cpu);
        std::cout << "  cluster:     cpus " << cpus << " up to " << khzText(c.maxKhz) << " (mask " << tasksetMask(c.cpus) << ")\n";
    }
    std::cout << "thermal:       " << (d.thermalStatus < 0 ? std::string("not reported") : "status " + std::to_string(d.thermalStatus)) << "\n";
    for (const auto& [name, c] : d.temperaturesC) std::cout << "  " << name << ": " << fixedText(c, 1) << " C\n";
    std::cout << "battery:       " << (d.batteryReadable ? "current and voltage readable" : "current/voltage not readable") << "\n";
    return 0;
}

std::string energyText(const DeviceProfileRecord& r) {
    const auto conditions = nlohmann::json::parse(r.conditionsJson, nullptr, false);
    const std::string note = conditions.is_object() ? conditions.value("energy", std::string()) : std::string();
    if (!r.energyMillijoules) return note.empty() ? "unavailable" : note;
    return fixedText(*r.energyMillijoules, 3) + " mJ per inference (" + note + ")";
}

// Which runner and runtime ran, as the runner itself reported them.
std::string runnerLine(const DeviceProfileRecord& r) {
    const nlohmann::json c = nlohmann::json::parse(r.conditionsJson, nullptr, false);
    if (!c.is_object() || !c.contains("runtime") || !c["runtime"].is_string() || c["runtime"].get<std::string>().empty()) return {};
    return "runner:     " + c.value("runner_abi", std::string("?")) + " hlcnn-bench, " + c["runtime"].get<std::string>() + "\n";
}

void printProfile(const DeviceProfileRecord& r) {
    std::cout << "device:     " << r.deviceName << "\n"
              << "file:       " << r.artifactPath << " (" << r.precision << ", " << r.artifactBytes << " bytes, sha256 "
              << r.artifactSha256.substr(0, 12) << ")\n"
              << "settings:   " << r.runner << ", " << (r.threads ? std::to_string(r.threads) : std::string("default")) << " thread(s), "
              << r.affinity << " cores (mask " << r.mask << "), " << r.warmup << " warm-up + " << r.iters << " timed\n"
              << runnerLine(r)
              << "latency:    mean " << fixedText(r.meanMs, 3) << " ms, p50 " << fixedText(r.p50Ms, 3) << ", p90 " << fixedText(r.p90Ms, 3)
              << ", p99 " << fixedText(r.p99Ms, 3) << ", min " << fixedText(r.minMs, 3) << ", std " << fixedText(r.stdMs, 3) << "\n"
              << "thermal:    " << (r.thermalBefore < 0 ? std::string("not reported") : std::to_string(r.thermalBefore) + " -> " + std::to_string(r.thermalAfter))
              << (r.throttling.empty() ? ", no throttling seen" : ", THROTTLED: " + r.throttling) << "\n"
              << "energy:     " << energyText(r) << "\n";
}

nlohmann::json recordJson(const DeviceProfileRecord& r) {
    return {{"id", r.id},
            {"run_id", r.runId ? nlohmann::json(*r.runId) : nlohmann::json(nullptr)},
            {"serial", r.serial},
            {"device", r.deviceName},
            {"artifact", r.artifactPath},
            {"sha256", r.artifactSha256},
            {"bytes", r.artifactBytes},
            {"precision", r.precision},
            {"runner", r.runner},
            {"threads", r.threads},
            {"affinity", r.affinity},
            {"mask", r.mask},
            {"warmup", r.warmup},
            {"iters", r.iters},
            {"mean_ms", r.meanMs},
            {"p50_ms", r.p50Ms},
            {"p90_ms", r.p90Ms},
            {"p99_ms", r.p99Ms},
            {"min_ms", r.minMs},
            {"std_ms", r.stdMs},
            {"thermal_before", r.thermalBefore},
            {"thermal_after", r.thermalAfter},
            {"throttling", r.throttling},
            {"energy_mj", r.energyMillijoules ? nlohmann::json(*r.energyMillijoules) : nlohmann::json(nullptr)},
            {"created_at", r.createdAt}};
}

int profile(const Arguments& args) {
    if (!args.has("artifact"))
        throw UsageError("--artifact FILE.hlmp is required (hlcnn export --format mobile writes one; a .ptl runs on an x86_64 device only)");
    if (args.has("no-db") && (args.has("db") || args.has("run"))) throw UsageError("--no-db records nothing: leave out --db and --run");
    DeviceProfileRequest r;
    r.serial = args.value("serial");
    r.artifact = args.value("artifact");
    r.runner = args.value("runner");
    std::istringstream libs(args.value("runner-libs"));
    for (std::string lib; std::getline(libs, lib, ',');)
        if (!lib.empty()) r.runnerLibs.push_back(lib);
    r.runnerKind = args.value("runner-kind", "hlcnn-bench");
    if (r.runnerKind != "hlcnn-bench" && r.runnerKind != "speed_benchmark_torch")
        throw UsageError("--runner-kind must be hlcnn-bench or speed_benchmark_torch, got '" + r.runnerKind + "'");
    if (r.runnerKind == "speed_benchmark_torch" && !args.has("runner"))
        throw UsageError("--runner-kind speed_benchmark_torch needs --runner FILE (PyTorch's binary built for the phone)");
    timingOptions(args, 10, 50, r.affinity, r.threads, r.warmup, r.iters, r.timeoutS);
    r.cooldownS = int(boundedInteger(args, "cooldown", 0, 0, 3600));
    if (args.has("input")) r.input = inputDims(args.value("input"));

    // The store is opened (and a named run checked) before the phone is touched.
    std::unique_ptr<ExperimentStore> store;
    std::int64_t run = 0;
    if (!args.has("no-db")) {
        store = openStore(args, true);
        if (args.has("run")) {
            run = runId(args.value("run"));
            if (!store->hasRun(run)) throw UsageError("no run " + std::to_string(run) + " in " + store->path());
        }
    }
    const bool json = args.has("json");
    if (!json) r.progress = [](const std::string& step) { std::cerr << step << "...\n"; };
    const Adb adb;
    const DeviceProfile p = profileOnDevice(adb, r);
    DeviceProfileRecord record;
    if (store) {
        if (!run) run = store->runOfExport(p.sha256).value_or(0);
        record = deviceProfileRecord(p, run);
        try {
            record.id = store->addDeviceProfile(record);
        } catch (const StoreError& e) {
            throw UsageError(e.what());
        }
        record = store->deviceProfiles(record.serial).front();
    } else {
        record = deviceProfileRecord(p, 0);
    }
    if (json) {
        nlohmann::json out = p.toJson();
        out["recorded"] = store ? nlohmann::json({{"db", store->path()}, {"id", record.id}}) : nlohmann::json(nullptr);
        out["run_id"] = record.runId ? nlohmann::json(*record.runId) : nlohmann::json(nullptr);
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    printProfile(record);
    if (store)
        std::cout << "recorded:   device profile " << record.id << " in " << store->path()
                  << (record.runId ? " (run " + std::to_string(*record.runId) + ")" : std::string()) << "\n";
    return 0;
}

int profiles(const Arguments& args) {
    std::int64_t run = args.has("run") ? runId(args.value("run")) : 0;
    const auto store = openStore(args, false);
    const std::vector<DeviceProfileRecord> all = store->deviceProfiles(args.value("serial"), run);
    if (args.has("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const DeviceProfileRecord& r : all) out.push_back(recordJson(r));
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    Table t;
    t.header = {"id", "device", "file", "precision", "threads", "cores", "mean ms", "p90 ms", "mJ/inference", "thermal", "run"};
    t.numeric = {true, false, false, false, true, false, true, true, true, false, true};
    for (const DeviceProfileRecord& r : all)
        t.rows.push_back({std::to_string(r.id), r.deviceName, r.artifactPath, r.precision, std::to_string(r.threads), r.affinity,
                          fixedText(r.meanMs, 3), fixedText(r.p90Ms, 3), r.energyMillijoules ? fixedText(*r.energyMillijoules, 3) : "-",
                          r.throttling.empty() ? (r.thermalBefore < 0 ? "-" : "ok") : "throttled",
                          r.runId ? std::to_string(*r.runId) : "-"});
    std::cout << renderTable(t, TableFormat::Text);
    return 0;
}

// --zoo: every zoo model at both stems (or the one --stem names); else the one model the options name.
std::vector<LatencyModel> latencyModels(const Arguments& args) {
    if (!args.has("zoo")) {
        const Graph g = graphFromArguments(args);
        return {{g.name, g}};
    }
    for (const char* o : {"model", "graph", "classes", "width", "input"})
        if (args.has(o)) throw UsageError(std::string("--zoo measures the zoo's models as they are: leave out --") + o);
    std::vector<models::Stem> stems{models::Stem::Cifar, models::Stem::ImageNet};
    if (args.has("stem")) {
        try {
            stems = {models::parseStem(args.value("stem"))};
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    }
    std::vector<LatencyModel> out;
    for (const models::Stem stem : stems)
        for (const models::ModelInfo& info : models::zoo()) {
            models::ModelOptions o;
            o.stem = stem;
            o.classes = stem == models::Stem::Cifar ? 10 : 1000;
            out.push_back({info.name + " (" + models::stemName(stem) + " stem)", models::buildModel(info.name, o)});
        }
    return out;
}

int latencyTable(const Arguments& args) {
    LatencyTableRequest r;
    r.models = latencyModels(args);
    r.serial = args.value("serial");
    r.precision = args.has("int8") ? "int8" : "fp32";
    timingOptions(args, 10, 50, r.affinity, r.threads, r.warmup, r.iters, r.timeoutS);
    r.rounds = int(boundedInteger(args, "rounds", 1, 1, 100));
    r.runner = args.value("runner");
    const auto store = openStore(args, true);
    const bool json = args.has("json");
    if (!json) r.progress = [](const std::string& step) { std::cerr << step << "...\n"; };
    const LatencyTableResult t = measureLatencyTable(Adb(), r);
    try {
        store->recordUnitLatencies(t.rows);
        store->recordLatencyChecks(t.checks);
    } catch (const StoreError& e) {
        throw UsageError(e.what());
    }
    const int n = int(t.models.size());
    if (json) {
        nlohmann::json units = nlohmann::json::array(), checked = nlohmann::json::array();
        for (const UnitLatencyRecord& u : t.rows) units.push_back({{"op", u.op}, {"key", u.unitKey}, {"ms", u.ms}});
        for (const LatencyModelCheck& c : t.models)
            checked.push_back({{"model", c.label},
                               {"ops", c.ops},
                               {"units", c.units},
                               {"predicted_ms", c.predictedMs},
                               {"measured_ms", c.measuredMs},
                               {"measured_rounds_ms", c.measuredRoundsMs},
                               {"error_percent", c.errorPercent()},
                               {"predicted_alone_ms", c.predictedAloneMs},
                               {"alone_error_percent", c.aloneErrorPercent()},
                               {"missing", c.missing}});
        std::cout << nlohmann::json{{"device", t.device.toJson()},
                                    {"precision", r.precision},
                                    {"threads", r.threads},
                                    {"affinity", r.affinity},
                                    {"warmup", r.warmup},
                                    {"iters", r.iters},
                                    {"rounds", r.rounds},
                                    {"runtime", t.runtime},
                                    {"abi", t.abi},
                                    {"units", units},
                                    {"models", checked},
                                    {"within_5", t.within5},
                                    {"within_10", t.within10},
                                    {"within_10_alone", t.within10Alone},
                                    {"db", store->path()}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    std::cout << "device:     " << t.device.displayName() << " (" << t.abi << "), " << r.precision << ", " << r.threads << " thread(s), "
              << r.affinity << " cores\n"
              << "runtime:    " << t.runtime << "; units timed inside " << r.iters << " forwards after " << r.warmup << " warm-up, median"
              << (r.rounds > 1 ? " of " + std::to_string(r.rounds) + " interleaved rounds" : std::string()) << "\n";
    if (n == 1) {
        Table units;
        units.header = {"unit", "ms (median)"};
        units.numeric = {false, true};
        for (const UnitLatencyRecord& u : t.rows) units.rows.push_back({u.unitKey, fixedText(u.ms, 4)});
        std::cout << renderTable(units, TableFormat::Text);
    }
    Table table;
    table.header = {"model", "ops", "units", "predicted ms", "measured ms", "error", "units alone: error"};
    table.numeric = {false, true, true, true, true, true, true};
    for (const LatencyModelCheck& c : t.models)
        table.rows.push_back({c.label, std::to_string(c.ops), std::to_string(c.units), fixedText(c.predictedMs, 3), fixedText(c.measuredMs, 3),
                              fixedText(c.errorPercent(), 1) + " %", fixedText(c.aloneErrorPercent(), 1) + " %"});
    std::cout << renderTable(table, TableFormat::Text);
    std::cout << "hit rate:   " << t.within5 << " of " << n << " within +-5 %, " << t.within10 << " of " << n << " within +-10 % (units timed alone: "
              << t.within10Alone << " of " << n << " within +-10 %)\n";
    std::cout << "recorded:   " << t.rows.size() << " unit latencies and " << n << (n == 1 ? " check" : " checks") << " in " << store->path()
              << "\n";
    return 0;
}

int predict(const Arguments& args) {
    const Graph graph = graphFromArguments(args);
    if (!args.has("serial")) throw UsageError("--serial S names the phone whose latency table to use (hlcnn device latency-table)");
    const std::string serial = args.value("serial"), precision = args.has("int8") ? "int8" : "fp32",
                      affinity = args.value("affinity", "all");
    const int threads = int(boundedInteger(args, "threads", 1, 1, 64));
    const auto store = openStore(args, false);
    const std::map<std::string, double> table = unitTimes(store->unitLatencies(serial, precision, threads, affinity));
    if (table.empty())
        throw UsageError("no " + precision + " latency table for " + serial + " with " + std::to_string(threads) + " thread(s) on " + affinity +
                         " cores: build one with hlcnn device latency-table");
    mobile::Program program;
    try {
        program = latencyProgram(graph, precision);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    mobile::UnitPrediction p = mobile::predictFromUnits(program, table);
    p.nodeMs = onGraphNodes(graph, p.nodeMs);
    if (args.has("json")) {
        nlohmann::json nodes = nlohmann::json::object();
        for (const auto& [id, ms] : p.nodeMs) nodes[id] = ms;
        std::cout << nlohmann::json{{"serial", serial}, {"precision", precision}, {"total_ms", p.totalMs}, {"ops", p.ops},
                                    {"measured_ops", p.measuredOps}, {"nodes", nodes}, {"missing", p.missing}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    Table table2;
    table2.header = {"node", "op", "predicted ms"};
    table2.numeric = {false, false, true};
    for (const Node& node : graph.nodes) {
        const auto ms = p.nodeMs.find(node.id);
        table2.rows.push_back({node.id, node.op, ms == p.nodeMs.end() ? "-" : fixedText(ms->second, 4)});
    }
    std::cout << renderTable(table2, TableFormat::Text) << "total:  " << fixedText(p.totalMs, 3) << " ms predicted on " << serial << " ("
              << precision << ", " << p.measuredOps << " of " << p.ops << " ops in the table)\n";
    for (const std::string& key : p.missing) std::cout << "not measured: " << key << "\n";
    return 0;
}

}  // namespace

namespace {

// A phone that went away or a cancelled transfer is the user's situation, said in one line: exit 2.
template <typename Fn>
int deviceErrors(Fn&& fn) {
    return asUsageErrors<DeviceError, DeviceCancelled>(std::forward<Fn>(fn));
}

}  // namespace

int runDeviceList(const Arguments& args) {
    return deviceErrors([&] { return list(args); });
}
int runDeviceInfo(const Arguments& args) {
    return deviceErrors([&] { return info(args); });
}
int runDeviceProfile(const Arguments& args) {
    return deviceErrors([&] { return profile(args); });
}
int runDeviceProfiles(const Arguments& args) {
    return deviceErrors([&] { return profiles(args); });
}
int runDeviceLatencyTable(const Arguments& args) {
    return deviceErrors([&] { return latencyTable(args); });
}
int runDevicePredict(const Arguments& args) {
    return deviceErrors([&] { return predict(args); });
}

}  // namespace hlcnn::cli
