#include "hlcnn/experiments/compare_entries.h"

#include "hlcnn/core/number_text.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace hlcnn {

namespace {

std::optional<double> valueAt(const EpochMetrics& e, EpochValue v) {
    switch (v) {
    case EpochValue::TrainLoss: return e.trainLoss;
    case EpochValue::ValLoss: return e.val.loss;
    case EpochValue::TrainTop1: return e.trainTop1;
    case EpochValue::ValTop1: return e.val.top1;
    }
    return std::nullopt;
}

std::string runLabel(const RunSummary& r) {
    return r.run.name.empty() ? r.run.model + " #" + std::to_string(r.run.id) : r.run.name;
}

}  // namespace

std::vector<CompareEntry> compareEntries(const std::vector<RunSummary>& runs, bool groupSeeds) {
    std::vector<std::vector<std::size_t>> memberSets;
    if (groupSeeds) {
        for (const SeedGroup& g : groupBySeed(runs)) memberSets.push_back(g.members);
    } else {
        for (std::size_t i = 0; i < runs.size(); ++i) memberSets.push_back({i});
    }
    std::vector<CompareEntry> out;
    for (const auto& members : memberSets) {
        CompareEntry e;
        e.members = members;
        const RunSummary& first = runs[members.front()];
        e.colorKey = first.run.id;
        e.params = first.run.params;
        e.macs = first.run.macs;
        e.modelBytesFp32 = first.modelBytesFp32;
        std::vector<double> best, last, secs, latency, int8Latency, int8Top1, int8Fp32Top1, int8ExportTop1, deviceLatency, int8DeviceLatency;
        for (std::size_t m : members) {
            const RunSummary& r = runs[m];
            if (r.bestTop1) best.push_back(*r.bestTop1);
            if (r.lastTop1) last.push_back(*r.lastTop1);
            secs.push_back(r.trainingSeconds);
            if (r.latencyMs) latency.push_back(*r.latencyMs);
            if (r.deviceLatencyMs) deviceLatency.push_back(*r.deviceLatencyMs);
            if (r.int8DeviceLatencyMs && r.int8Top1) int8DeviceLatency.push_back(*r.int8DeviceLatencyMs);
            if (r.int8Top1) int8ExportTop1.push_back(*r.int8Top1);
            if ((r.int8LatencyMs || r.int8DeviceLatencyMs) && r.int8Top1 && r.int8Fp32Top1) {
                if (r.int8LatencyMs) int8Latency.push_back(*r.int8LatencyMs);
                int8Top1.push_back(*r.int8Top1);
                int8Fp32Top1.push_back(*r.int8Fp32Top1);
            }
        }
        e.bestTop1 = meanAndStd(best);
        e.lastTop1 = meanAndStd(last);
        e.trainingSeconds = meanAndStd(secs);
        if (!latency.empty()) e.latencyMs = meanAndStd(latency);
        if (!int8Latency.empty()) e.int8LatencyMs = meanAndStd(int8Latency);
        if (!int8Top1.empty()) {
            e.int8Top1 = meanAndStd(int8Top1);
            e.int8Fp32Top1 = meanAndStd(int8Fp32Top1);
        }
        if (!int8ExportTop1.empty()) e.int8ExportTop1 = meanAndStd(int8ExportTop1);
        if (!deviceLatency.empty()) e.deviceLatencyMs = meanAndStd(deviceLatency);
        if (!int8DeviceLatency.empty()) e.int8DeviceLatencyMs = meanAndStd(int8DeviceLatency);
        e.label = members.size() == 1 ? runLabel(first) : first.run.model + " (n=" + std::to_string(members.size()) + ")";   // n seeds; no words: the label stands in every language
        out.push_back(e);
    }
    // Labels name entries in legends and tables: make repeats unique with the first run's id.
    std::map<std::string, int> seen;
    for (const CompareEntry& e : out) ++seen[e.label];
    for (CompareEntry& e : out)
        if (seen[e.label] > 1) e.label += " #" + std::to_string(e.colorKey);
    return out;
}

const char* epochValueName(EpochValue value) {
    switch (value) {
    case EpochValue::TrainLoss: return "train_loss";
    case EpochValue::ValLoss: return "val_loss";
    case EpochValue::TrainTop1: return "train_top1";
    case EpochValue::ValTop1: return "val_top1";
    }
    return "?";
}

EpochCurve epochCurve(const std::vector<RunSummary>& runs, const CompareEntry& entry, EpochValue value) {
    std::map<int, std::vector<double>> byEpoch;
    for (std::size_t m : entry.members)
        for (const EpochMetrics& e : runs[m].epochs)
            if (const auto v = valueAt(e, value)) byEpoch[e.epoch].push_back(*v);
    EpochCurve c;
    for (const auto& [epoch, values] : byEpoch) {
        const MeanStd s = meanAndStd(values);
        c.epoch.push_back(epoch);
        c.mean.push_back(s.mean);
        c.sd.push_back(s.sd);
        c.n.push_back(s.n);
    }
    return c;
}

std::optional<double> entryCost(const CompareEntry& entry, CostAxis axis) {
    switch (axis) {
    case CostAxis::Macs: return double(entry.macs);
    case CostAxis::Params: return double(entry.params);
    case CostAxis::Latency: return entry.latencyMs ? std::optional<double>(entry.latencyMs->mean) : std::nullopt;
    case CostAxis::DeviceLatency: return entry.deviceLatencyMs ? std::optional<double>(entry.deviceLatencyMs->mean) : std::nullopt;
    }
    return std::nullopt;
}

std::vector<std::optional<bool>> entryParetoFront(const std::vector<CompareEntry>& entries, CostAxis axis) {
    std::vector<ParetoPoint> points;
    for (const CompareEntry& e : entries)
        points.push_back({entryCost(e, axis), e.bestTop1.n ? std::optional<double>(e.bestTop1.mean) : std::nullopt});
    return paretoFlags(points);
}

Table entryTable(const std::vector<RunSummary>& runs, const std::vector<CompareEntry>& entries, CostAxis axis) {
    Table t;
    t.header = {"Model", "Run IDs", "n", "Best top-1 (%)", "Last top-1 (%)", "Params", "MACs (M)", "Size fp32 (MB)", "Latency (ms)",
                "int8 top-1 (%)", "int8 latency (ms)", "Device latency (ms)", "Device int8 latency (ms)", "Train time (s)",
                std::string("Pareto (") + costAxisName(axis) + ")"};
    t.numeric = {false, false, true, true, true, true, true, true, true, true, true, true, true, true, false};
    const auto front = entryParetoFront(entries, axis);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const CompareEntry& e = entries[i];
        std::string ids;
        for (std::size_t m : e.members) ids += (ids.empty() ? "" : ",") + std::to_string(runs[m].run.id);
        t.rows.push_back({e.label, ids, std::to_string(e.members.size()), meanStdText(e.bestTop1, 2), meanStdText(e.lastTop1, 2),
                          withThousands(e.params), millions(e.macs), fixedDecimals(double(e.modelBytesFp32) / 1e6, 2),
                          e.latencyMs ? meanStdText(*e.latencyMs, 2) : "-", e.int8ExportTop1 ? meanStdText(*e.int8ExportTop1, 2) : "-",
                          e.int8LatencyMs ? meanStdText(*e.int8LatencyMs, 2) : "-",
                          e.deviceLatencyMs ? meanStdText(*e.deviceLatencyMs, 2) : "-",
                          e.int8DeviceLatencyMs ? meanStdText(*e.int8DeviceLatencyMs, 2) : "-", meanStdText(e.trainingSeconds, 0),
                          !front[i] ? "-" : *front[i] ? "front" : "dominated"});
    }
    return t;
}

std::string entryCurvesCsv(const std::vector<RunSummary>& runs, const std::vector<CompareEntry>& entries,
                           const std::vector<EpochValue>& values) {
    Table t;
    t.header = {"epoch"};
    std::vector<EpochCurve> curves;
    std::set<int> epochs;
    for (const CompareEntry& e : entries)
        for (EpochValue value : values) {
            curves.push_back(epochCurve(runs, e, value));
            for (double x : curves.back().epoch) epochs.insert(int(x));
            for (const char* k : {"_mean", "_sd", "_n"}) t.header.push_back(e.label + "_" + epochValueName(value) + k);
        }
    for (int epoch : epochs) {
        std::vector<std::string> row{std::to_string(epoch)};
        for (const EpochCurve& c : curves) {
            const auto it = std::find(c.epoch.begin(), c.epoch.end(), double(epoch));
            if (it == c.epoch.end()) {
                row.insert(row.end(), {"", "", ""});
                continue;
            }
            const std::size_t k = std::size_t(it - c.epoch.begin());
            row.push_back(roundTripText(c.mean[k]));
            row.push_back(roundTripText(c.sd[k]));
            row.push_back(std::to_string(c.n[k]));
        }
        t.rows.push_back(row);
    }
    return renderTable(t, TableFormat::Csv);
}

std::string entryParetoCsv(const std::vector<CompareEntry>& entries, CostAxis axis) {
    Table t;
    t.header = {"label", "n", std::string(costAxisName(axis)), "best_top1_mean", "best_top1_sd", "pareto_front"};
    const bool latency = axis == CostAxis::Latency || axis == CostAxis::DeviceLatency;   // the fp32 -> int8 step is drawn on these
    if (latency) t.header.insert(t.header.end(), {"int8_latency_mean", "int8_top1_mean", "int8_fp32_top1_mean"});
    const auto front = entryParetoFront(entries, axis);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const CompareEntry& e = entries[i];
        const auto c = entryCost(e, axis);
        t.rows.push_back({e.label, std::to_string(e.members.size()), c ? roundTripText(*c) : "",
                          e.bestTop1.n ? roundTripText(e.bestTop1.mean) : "", e.bestTop1.n ? roundTripText(e.bestTop1.sd) : "",
                          !front[i] ? "" : *front[i] ? "1" : "0"});
        if (latency) {
            const auto text = [](const std::optional<MeanStd>& m) { return m ? roundTripText(m->mean) : std::string(); };
            t.rows.back().insert(t.rows.back().end(), {text(axis == CostAxis::Latency ? e.int8LatencyMs : e.int8DeviceLatencyMs),
                                                       text(e.int8Top1), text(e.int8Fp32Top1)});
        }
    }
    return renderTable(t, TableFormat::Csv);
}

}  // namespace hlcnn
