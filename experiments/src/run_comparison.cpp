#include "hlcnn/experiments/run_comparison.h"

#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/number_text.h"
#include "hlcnn/core/profiler.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace hlcnn {

namespace {

std::string meanStd(const std::vector<double>& v, int decimals) { return meanStdText(meanAndStd(v), decimals); }

nlohmann::json recipeOf(const RunSummary& r) {
    auto cfg = nlohmann::json::parse(r.run.configJson, nullptr, false);
    if (!cfg.is_object()) cfg = nlohmann::json::object();
    cfg.erase("seed");
    cfg["dataset"] = r.run.datasetSpec;
    cfg["graph"] = r.run.graphHash.substr(0, 12);
    return cfg;
}

std::string duration(double seconds) {
    const long s = std::lround(seconds);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, s / 60 % 60);
    else std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
    return buf;
}

std::optional<double> cost(const RunSummary& r, CostAxis axis) {
    switch (axis) {
    case CostAxis::Macs: return double(r.run.macs);
    case CostAxis::Params: return double(r.run.params);
    case CostAxis::Latency: return r.latencyMs;
    case CostAxis::DeviceLatency: return r.deviceLatencyMs;
    }
    return std::nullopt;
}

// The configuration with what a seed repetition may change removed.
std::string groupKey(const RunRecord& r) {
    auto cfg = nlohmann::json::parse(r.configJson, nullptr, false);
    if (cfg.is_object())
        for (const char* k : {"seed", "threads", "loader_workers"}) cfg.erase(k);
    return r.graphHash + "|" + r.datasetHash + "|" + cfg.dump();
}

}  // namespace

MeanStd meanAndStd(const std::vector<double>& v) {
    MeanStd m;
    m.n = int(v.size());
    if (v.empty()) return m;
    for (double x : v) m.mean += x;
    m.mean /= double(v.size());
    if (v.size() < 2) return m;
    double var = 0;
    for (double x : v) var += (x - m.mean) * (x - m.mean);
    m.sd = std::sqrt(var / double(v.size() - 1));   // sample standard deviation
    return m;
}

std::string meanStdText(const MeanStd& m, int decimals) {
    if (m.n == 0) return "-";
    if (m.n == 1) return fixedDecimals(m.mean, decimals);
    return fixedDecimals(m.mean, decimals) + " ± " + fixedDecimals(m.sd, decimals);
}

std::vector<std::string> differingRecipeFields(const std::vector<RunSummary>& runs) {
    std::map<std::string, std::set<std::string>> values;   // field -> distinct values ("" when absent)
    std::vector<nlohmann::json> recipes;
    for (const RunSummary& r : runs) recipes.push_back(recipeOf(r));
    for (const auto& cfg : recipes)
        for (const auto& [k, v] : cfg.items()) values[k];
    for (auto& [k, distinct] : values)
        for (const auto& cfg : recipes) distinct.insert(cfg.contains(k) ? cfg[k].dump() : "");
    std::vector<std::string> out;
    for (const auto& [k, distinct] : values)
        if (distinct.size() > 1) out.push_back(k);
    return out;
}

std::string recipeValue(const RunSummary& run, const std::string& field) {
    const auto cfg = recipeOf(run);
    if (!cfg.contains(field)) return "";
    const auto& v = cfg[field];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_float()) return roundTripText(v.get<double>());
    return v.dump();
}

RunSummary summarizeRun(const ExperimentStore& store, std::int64_t id) {
    RunSummary s;
    s.run = store.run(id);
    s.epochs = store.epochs(id);
    for (const EpochMetrics& e : s.epochs) {
        s.trainingSeconds += e.seconds;
        if (!s.bestTop1 || e.val.top1 > *s.bestTop1) s.bestTop1 = e.val.top1, s.bestEpoch = e.epoch;
    }
    if (!s.epochs.empty()) s.lastTop1 = s.epochs.back().val.top1, s.lastEpoch = s.epochs.back().epoch;
    s.modelBytesFp32 = profileGraph(graphFromJson(s.run.graphJson)).modelBytesFp32();
    const std::vector<ProfileRecord> profiles = store.profiles(id);
    const ProfileRecord* newest = nullptr;
    for (const ProfileRecord& p : profiles)
        if (p.kind == "measured" && p.latencyMsMedian) newest = &p;
    if (newest) {
        s.latencyDevice = newest->device;
        for (const ProfileRecord& p : profiles) {
            if (p.kind != "measured" || !p.latencyMsMedian || p.device != newest->device || p.batch != newest->batch) continue;
            const bool int8 = p.precision == "int8";
            std::optional<double>& best = int8 ? s.int8LatencyMs : s.latencyMs;
            if (!best || *p.latencyMsMedian < *best) {
                best = p.latencyMsMedian;
                (int8 ? s.int8LatencyRuntime : s.latencyRuntime) = p.runtime;
            }
        }
    }
    const std::vector<DeviceProfileRecord> onPhone = store.deviceProfiles({}, id);   // newest first
    if (!onPhone.empty()) {
        const DeviceProfileRecord& newest = onPhone.front();
        s.deviceName = newest.deviceName;
        for (const DeviceProfileRecord& p : onPhone) {
            if (p.serial != newest.serial || p.threads != newest.threads || p.affinity != newest.affinity) continue;
            std::optional<double>& slot = p.precision == "int8" ? s.int8DeviceLatencyMs : s.deviceLatencyMs;
            if (!slot) slot = p.p50Ms;
        }
    }
    for (const ExportRecord& e : store.exports(id)) {   // oldest first: the newest int8 one stays
        if (e.precision != "int8") continue;
        const auto d = nlohmann::json::parse(e.description, nullptr, false);
        if (d.is_discarded() || !d.contains("report") || !d["report"].contains("eval")) continue;
        const auto& eval = d["report"]["eval"];
        if (eval.contains("int8_top1") && eval["int8_top1"].is_number()) s.int8Top1 = eval["int8_top1"].get<double>();
        if (eval.contains("fp32_top1") && eval["fp32_top1"].is_number()) s.int8Fp32Top1 = eval["fp32_top1"].get<double>();
    }
    return s;
}

std::vector<SeedGroup> groupBySeed(const std::vector<RunSummary>& runs) {
    std::vector<SeedGroup> groups;
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const std::string key = groupKey(runs[i].run);
        auto [it, fresh] = index.emplace(key, groups.size());
        if (fresh) groups.push_back({runs[i].run.model + " on " + runs[i].run.datasetSpec, {}});
        groups[it->second].members.push_back(i);
    }
    return groups;
}

CostAxis parseCostAxis(const std::string& text) {
    if (text == "macs") return CostAxis::Macs;
    if (text == "params") return CostAxis::Params;
    if (text == "latency") return CostAxis::Latency;
    if (text == "device-latency") return CostAxis::DeviceLatency;
    throw std::invalid_argument("the Pareto axis must be macs, params, latency or device-latency, not '" + text + "'");
}

const char* costAxisName(CostAxis axis) {
    switch (axis) {
    case CostAxis::Macs: return "MACs";
    case CostAxis::Params: return "params";
    case CostAxis::Latency: return "latency";
    case CostAxis::DeviceLatency: return "device-latency";
    }
    return "?";
}

std::vector<std::optional<bool>> paretoFlags(const std::vector<ParetoPoint>& points) {
    std::vector<std::optional<bool>> out(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const ParetoPoint& pi = points[i];
        if (!pi.cost || !pi.accuracy) continue;
        bool dominated = false;
        for (std::size_t j = 0; j < points.size() && !dominated; ++j) {
            const ParetoPoint& pj = points[j];
            if (j == i || !pj.cost || !pj.accuracy) continue;
            dominated = *pj.accuracy >= *pi.accuracy && *pj.cost <= *pi.cost && (*pj.accuracy > *pi.accuracy || *pj.cost < *pi.cost);
        }
        out[i] = !dominated;
    }
    return out;
}

std::vector<std::optional<bool>> paretoFront(const std::vector<RunSummary>& runs, CostAxis axis) {
    std::vector<ParetoPoint> points;
    for (const RunSummary& r : runs) points.push_back({cost(r, axis), r.bestTop1});
    return paretoFlags(points);
}

Table comparisonTable(const std::vector<RunSummary>& runs, CostAxis axis) {
    Table t;
    t.header = {"Run", "Name", "Model", "State", "Seed", "Best top-1 %", "Best epoch", "Last top-1 %", "Epochs",
                "Params", "MACs (M)", "Size fp32 (MB)", "Latency (ms)", "int8 top-1 %", "int8 latency (ms)", "Device latency (ms)",
                "Device int8 latency (ms)", "Train time", std::string("Pareto (") + costAxisName(axis) + ")"};
    t.numeric = {true, false, false, false, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false};
    const auto front = paretoFront(runs, axis);
    const auto fields = differingRecipeFields(runs);
    for (const std::string& f : fields) {
        t.header.push_back(f);
        t.numeric.push_back(false);
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RunSummary& r = runs[i];
        t.rows.push_back({std::to_string(r.run.id), r.run.name, r.run.model, r.run.state, std::to_string(r.run.seed),
                          r.bestTop1 ? fixedDecimals(*r.bestTop1, 2) : "-", r.bestEpoch ? std::to_string(r.bestEpoch) : "-",
                          r.lastTop1 ? fixedDecimals(*r.lastTop1, 2) : "-",
                          std::to_string(r.lastEpoch) + "/" + std::to_string(r.run.epochsPlanned), withThousands(r.run.params),
                          millions(r.run.macs), fixedDecimals(double(r.modelBytesFp32) / 1e6, 2),
                          r.latencyMs ? fixedDecimals(*r.latencyMs, 2) : "-", r.int8Top1 ? fixedDecimals(*r.int8Top1, 2) : "-",
                          r.int8LatencyMs ? fixedDecimals(*r.int8LatencyMs, 2) : "-",
                          r.deviceLatencyMs ? fixedDecimals(*r.deviceLatencyMs, 2) : "-",
                          r.int8DeviceLatencyMs ? fixedDecimals(*r.int8DeviceLatencyMs, 2) : "-", duration(r.trainingSeconds),
                          !front[i] ? "-" : *front[i] ? "front" : "dominated"});
        for (const std::string& f : fields) t.rows.back().push_back(recipeValue(r, f));
    }
    return t;
}

Table seedGroupTable(const std::vector<RunSummary>& runs, const std::vector<SeedGroup>& groups) {
    Table t;
    t.header = {"Group", "Runs", "Seeds", "n", "Best top-1 %", "Last top-1 %", "Train time (s)", "Params", "MACs (M)"};
    t.numeric = {false, false, false, true, true, true, true, true, true};
    for (const SeedGroup& g : groups) {
        std::vector<double> best, last, secs;
        std::string ids, seeds;
        for (std::size_t m : g.members) {
            const RunSummary& r = runs[m];
            ids += (ids.empty() ? "" : ",") + std::to_string(r.run.id);
            seeds += (seeds.empty() ? "" : ",") + std::to_string(r.run.seed);
            if (r.bestTop1) best.push_back(*r.bestTop1);
            if (r.lastTop1) last.push_back(*r.lastTop1);
            secs.push_back(r.trainingSeconds);
        }
        const RunRecord& first = runs[g.members.front()].run;   // one graph per group: the same costs
        t.rows.push_back({g.label, ids, seeds, std::to_string(g.members.size()), meanStd(best, 2), meanStd(last, 2), meanStd(secs, 0),
                          withThousands(first.params), millions(first.macs)});
    }
    return t;
}

std::string curvesCsv(const std::vector<RunSummary>& runs) {
    int maxEpoch = 0;
    for (const RunSummary& r : runs)
        for (const EpochMetrics& e : r.epochs) maxEpoch = std::max(maxEpoch, e.epoch);
    std::ostringstream out;
    out << "epoch";
    for (const RunSummary& r : runs)
        for (const char* k : {"train_loss", "val_loss", "val_top1"}) out << ",run" << r.run.id << "_" << k;
    out << "\n";
    for (int epoch = 1; epoch <= maxEpoch; ++epoch) {
        out << epoch;
        for (const RunSummary& r : runs) {
            const auto it = std::find_if(r.epochs.begin(), r.epochs.end(), [&](const EpochMetrics& e) { return e.epoch == epoch; });
            if (it == r.epochs.end()) out << ",,,";
            else out << "," << fixedDecimals(it->trainLoss, 6) << "," << fixedDecimals(it->val.loss, 6) << "," << fixedDecimals(it->val.top1, 4);
        }
        out << "\n";
    }
    return out.str();
}

}  // namespace hlcnn
