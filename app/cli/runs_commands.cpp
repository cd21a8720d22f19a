// hlcnn runs list|show|compare|export|delete|tag|rename|note  and  hlcnn report paper
#include "arguments.h"
#include "commands.h"
#include "output_file.h"
#include "store_access.h"

#include "hlcnn/core/dataset.h"
#include "hlcnn/experiments/paper_report.h"
#include "hlcnn/experiments/run_comparison.h"
#include "hlcnn/experiments/sqlite.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace hlcnn::cli {

namespace {

using nlohmann::json;

TableFormat formatOf(const Arguments& args, const char* fallback) {
    try {
        return parseTableFormat(args.value("format", fallback));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
}

const char* kRunsHint = " (hlcnn runs --help)";

// Run ids from the positional arguments: at least `atLeast`, at most `atMost` (0: any), no repeats
// (a run counted twice would weigh double in a seed group).
std::vector<std::int64_t> idsFrom(const std::string& verb, const std::vector<std::string>& positional,
                                  std::size_t atLeast, std::size_t atMost = 0) {
    const std::size_t first = 0;
    if (positional.size() < first + atLeast)
        throw UsageError(verb + " needs " + (atMost == 1 ? "one run id" : "at least " + std::to_string(atLeast) + " run id(s)") + kRunsHint);
    if (atMost && positional.size() > first + atMost)
        throw UsageError(verb + " takes " + (atMost == 1 ? std::string("one run id") : std::to_string(atMost) + " run ids") +
                         ", got " + std::to_string(positional.size() - first) + kRunsHint);
    std::vector<std::int64_t> ids;
    for (std::size_t i = first; i < positional.size(); ++i) {
        const std::int64_t id = runId(positional[i]);
        if (std::find(ids.begin(), ids.end(), id) != ids.end())
            throw UsageError("run " + std::to_string(id) + " is given twice");
        ids.push_back(id);
    }
    return ids;
}

// Refuses a positional count other than `count` for the one-run commands (tag takes more).
void requirePositional(const Arguments& args, std::size_t count, const char* usage) {
    if (args.positional().size() != count) throw UsageError(std::string("usage: hlcnn runs ") + usage);
}

json runJson(const RunRecord& r) {
    return {{"id", r.id},
            {"project", r.project},
            {"name", r.name},
            {"model", r.model},
            {"state", r.state},
            {"message", r.message},
            {"dataset", r.datasetSpec},
            {"dataset_hash", r.datasetHash},
            {"graph_hash", r.graphHash},
            {"config", json::parse(r.configJson, nullptr, false)},
            {"seed", r.seed},
            {"epochs_planned", r.epochsPlanned},
            {"params", r.params},
            {"macs", r.macs},
            {"program_version", r.programVersion},
            {"torch_version", r.torchVersion},
            {"host", r.host},
            {"pid", r.pid},
            {"checkpoint_dir", r.checkpointDir},
            {"notes", r.notes},
            {"tags", r.tags},
            {"created_at", r.createdAt},
            {"finished_at", r.finishedAt},
            {"heartbeat_at", r.heartbeatAt}};
}

json epochJsonValue(const EpochMetrics& m) {
    return {{"epoch", m.epoch},       {"train_loss", m.trainLoss}, {"train_top1", m.trainTop1}, {"val_loss", m.val.loss},
            {"val_top1", m.val.top1}, {"val_top5", m.val.top5},    {"lr", m.lr},                {"seconds", m.seconds}};
}

std::vector<RunSummary> summaries(const ExperimentStore& store, const std::vector<std::int64_t>& ids) {
    std::vector<RunSummary> out;
    for (std::int64_t id : ids) out.push_back(summarizeRun(store, id));
    return out;
}

void writeOutput(const Arguments& args, const std::string& text) {
    if (!args.has("output")) {
        std::cout << text;
        return;
    }
    const std::string path = args.value("output");
    writeOutputFile("--output", path, text, {databasePath(args)});
    std::cerr << "hlcnn: wrote " << path << "\n";
}

int list(const Arguments& args) {
    requirePositional(args, 0, "list [--state S] [--tag T] [--model M] [--project P] [--format F] [--json]");
    if (args.has("state")) {
        const std::string state = args.value("state");
        const std::vector<std::string> states{"running", "paused", "completed", "cancelled", "diverged", "failed", "interrupted"};
        if (std::find(states.begin(), states.end(), state) == states.end())
            throw UsageError("--state must be one of running, paused, completed, cancelled, diverged, failed, interrupted; got '" +
                             state + "'");
    }
    const auto store = openStore(args, false);
    const auto runs = store->runs({args.value("state"), args.value("tag"), args.value("model"), args.value("project")});
    if (args.has("json")) {
        json all = json::array();
        for (const RunRecord& r : runs) {
            json j = runJson(r);
            const auto epochs = store->epochs(r.id);
            j["epochs_done"] = epochs.size();
            double best = -1;
            for (const auto& e : epochs) best = std::max(best, e.val.top1);
            j["best_val_top1"] = epochs.empty() ? json(nullptr) : json(best);
            all.push_back(j);
        }
        std::cout << all.dump() << "\n";
        return 0;
    }
    Table t;
    t.header = {"Run", "Project", "Name", "Model", "Data", "State", "Epochs", "Best top-1 %", "Tags", "Created"};
    t.numeric = {true, false, false, false, false, false, true, true, false, false};
    for (const RunRecord& r : runs) {
        const auto epochs = store->epochs(r.id);
        double best = -1;
        for (const auto& e : epochs) best = std::max(best, e.val.top1);
        std::string tags;
        for (const auto& tag : r.tags) tags += (tags.empty() ? "" : ",") + tag;
        char bestText[32];
        std::snprintf(bestText, sizeof bestText, "%.2f", best);
        t.rows.push_back({std::to_string(r.id), r.project, r.name, r.model, r.datasetSpec, r.state,
                          std::to_string(epochs.size()) + "/" + std::to_string(r.epochsPlanned), epochs.empty() ? "-" : bestText,
                          tags, r.createdAt});
    }
    std::cout << renderTable(t, formatOf(args, "text"));
    return 0;
}

int show(const Arguments& args) {
    const auto ids = idsFrom("runs show", args.positional(), 1, 1);
    const auto store = openStore(args, false);
    const RunRecord r = store->run(ids[0]);
    const auto epochs = store->epochs(r.id);
    const auto artifacts = store->artifacts(r.id);
    if (args.has("json")) {
        json j = runJson(r);
        j["epochs"] = json::array();
        for (const auto& e : epochs) {
            json ej = epochJsonValue(e);
            ej["per_class"] = e.val.perClass;
            ej["confusion"] = e.val.confusion;
            j["epochs"].push_back(ej);
        }
        j["artifacts"] = json::array();
        for (const auto& a : artifacts)
            j["artifacts"].push_back({{"kind", a.kind}, {"path", a.path}, {"bytes", a.bytes}, {"sha256", a.sha256}});
        j["steps_recorded"] = store->steps(r.id).size();
        std::cout << j.dump() << "\n";
        return 0;
    }
    std::printf("run %lld: %s\n  model %s, %s params, %s M MACs\n  data %s\n  state %s%s%s\n  seed %lld, %d epochs planned\n"
                "  program %s, LibTorch %s, host %s, pid %lld\n  created %s, finished %s\n",
                static_cast<long long>(r.id), r.name.c_str(), r.model.c_str(), withThousands(r.params).c_str(),
                millions(r.macs).c_str(), r.datasetSpec.c_str(), r.state.c_str(), r.message.empty() ? "" : ": ",
                r.message.c_str(), static_cast<long long>(r.seed), r.epochsPlanned, r.programVersion.c_str(),
                r.torchVersion.c_str(), r.host.c_str(), static_cast<long long>(r.pid), r.createdAt.c_str(),
                r.finishedAt.empty() ? "-" : r.finishedAt.c_str());
    if (!r.tags.empty()) {
        std::printf("  tags");
        for (const auto& tag : r.tags) std::printf(" %s", tag.c_str());
        std::printf("\n");
    }
    if (!r.notes.empty()) std::printf("  notes: %s\n", r.notes.c_str());
    std::printf("  config %s\n", r.configJson.c_str());
    Table t;
    t.header = {"Epoch", "Train loss", "Train top-1 %", "Val loss", "Val top-1 %", "Val top-5 %", "LR", "Seconds"};
    t.numeric = std::vector<bool>(t.header.size(), true);
    for (const auto& e : epochs) {
        char cells[8][32];
        std::snprintf(cells[0], 32, "%d", e.epoch);
        std::snprintf(cells[1], 32, "%.4f", e.trainLoss);
        std::snprintf(cells[2], 32, "%.2f", e.trainTop1);
        std::snprintf(cells[3], 32, "%.4f", e.val.loss);
        std::snprintf(cells[4], 32, "%.2f", e.val.top1);
        std::snprintf(cells[5], 32, "%.2f", e.val.top5);
        std::snprintf(cells[6], 32, "%.2e", e.lr);
        std::snprintf(cells[7], 32, "%.1f", e.seconds);
        t.rows.push_back({cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7]});
    }
    std::cout << "\n" << renderTable(t, TableFormat::Text);
    for (const auto& a : artifacts)
        std::printf("  %s %s (%lld bytes, sha256 %s)\n", a.kind.c_str(), a.path.c_str(), static_cast<long long>(a.bytes),
                    a.sha256.substr(0, 16).c_str());
    return 0;
}

int compare(const Arguments& args) {
    const auto ids = idsFrom("runs compare", args.positional(), 1);
    const auto store = openStore(args, false);
    CostAxis axis;
    try {
        axis = parseCostAxis(args.value("pareto", "macs"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    const auto runs = summaries(*store, ids);
    const auto groups = groupBySeed(runs);
    if (args.has("json")) {
        const auto front = paretoFront(runs, axis);
        json j{{"pareto_axis", costAxisName(axis)}, {"runs", json::array()}, {"seed_groups", json::array()}};
        for (std::size_t i = 0; i < runs.size(); ++i) {
            const RunSummary& r = runs[i];
            json rj{{"id", r.run.id},
                    {"name", r.run.name},
                    {"model", r.run.model},
                    {"state", r.run.state},
                    {"seed", r.run.seed},
                    {"best_val_top1", r.bestTop1 ? json(*r.bestTop1) : json(nullptr)},
                    {"best_epoch", r.bestEpoch},
                    {"last_val_top1", r.lastTop1 ? json(*r.lastTop1) : json(nullptr)},
                    {"last_epoch", r.lastEpoch},
                    {"params", r.run.params},
                    {"macs", r.run.macs},
                    {"model_bytes_fp32", r.modelBytesFp32},
                    {"latency_ms", r.latencyMs ? json(*r.latencyMs) : json(nullptr)},
                    {"latency_runtime", r.latencyMs ? json(r.latencyRuntime) : json(nullptr)},
                    {"int8_top1", r.int8Top1 ? json(*r.int8Top1) : json(nullptr)},
                    {"int8_latency_ms", r.int8LatencyMs ? json(*r.int8LatencyMs) : json(nullptr)},
                    {"device_latency_ms", r.deviceLatencyMs ? json(*r.deviceLatencyMs) : json(nullptr)},
                    {"device_int8_latency_ms", r.int8DeviceLatencyMs ? json(*r.int8DeviceLatencyMs) : json(nullptr)},
                    {"device", r.deviceLatencyMs || r.int8DeviceLatencyMs ? json(r.deviceName) : json(nullptr)},
                    {"training_seconds", r.trainingSeconds},
                    {"pareto", front[i] ? json(*front[i] ? "front" : "dominated") : json(nullptr)},
                    {"epochs", json::array()}};
            for (const auto& e : r.epochs) rj["epochs"].push_back(epochJsonValue(e));
            j["runs"].push_back(rj);
        }
        for (const SeedGroup& g : groups) {
            json members = json::array();
            for (std::size_t m : g.members) members.push_back(runs[m].run.id);
            j["seed_groups"].push_back({{"label", g.label}, {"runs", members}});
        }
        std::cout << j.dump() << "\n";
        return 0;
    }
    const TableFormat format = formatOf(args, "text");
    std::cout << renderTable(comparisonTable(runs, axis), format);
    if (groups.size() < runs.size()) std::cout << "\nRuns that differ only by seed:\n" << renderTable(seedGroupTable(runs, groups), format);
    return 0;
}

int exportRuns(const Arguments& args) {
    const auto ids = idsFrom("runs export", args.positional(), 1);
    if (args.has("output")) checkOutputPath("--output", args.value("output"), {databasePath(args)});  // before opening it
    const auto store = openStore(args, false);
    const auto runs = summaries(*store, ids);
    if (args.has("curves")) {
        if (args.value("format", "csv") != "csv") throw UsageError("curves are exported as CSV (--format csv)");
        writeOutput(args, curvesCsv(runs));
        return 0;
    }
    CostAxis axis;
    try {
        axis = parseCostAxis(args.value("pareto", "macs"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    writeOutput(args, renderTable(comparisonTable(runs, axis), formatOf(args, "csv")));
    return 0;
}

int deleteRuns(const Arguments& args) {
    const auto ids = idsFrom("runs delete", args.positional(), 1);
    const auto store = openStore(args, false);
    if (!args.has("yes")) {
        for (std::int64_t id : ids) {
            const RunRecord r = store->run(id);
            std::printf("would delete run %lld (%s, %s) and %zu artifact file(s):\n", static_cast<long long>(id), r.name.c_str(),
                        r.state.c_str(), store->artifacts(id).size());
            for (const auto& a : store->artifacts(id)) std::printf("  %s\n", a.path.c_str());
        }
        throw UsageError("nothing deleted: add --yes to delete these runs and their files");
    }
    for (std::int64_t id : ids) {
        const auto files = store->deleteRun(id);
        int removed = 0;
        for (const auto& a : files) {
            std::error_code ec;
            if (std::filesystem::remove(a.path, ec)) ++removed;
            else if (ec) std::cerr << "hlcnn: could not remove " << a.path << ": " << ec.message() << "\n";
        }
        std::printf("deleted run %lld and %d file(s)\n", static_cast<long long>(id), removed);
    }
    return 0;
}

int tag(const Arguments& args) {
    const auto& p = args.positional();
    if (p.size() < 2) throw UsageError("usage: hlcnn runs tag ID TAG... [--remove]");
    const auto store = openStore(args, false);
    const std::vector<std::string> tags(p.begin() + 1, p.end());
    if (args.has("remove"))
        store->removeTags(runId(p[0]), tags);
    else
        store->addTags(runId(p[0]), tags);
    return 0;
}

int rename(const Arguments& args) {
    const auto& p = args.positional();
    requirePositional(args, 2, "rename ID NAME");
    openStore(args, false)->rename(runId(p[0]), p[1]);
    return 0;
}

int note(const Arguments& args) {
    const auto& p = args.positional();
    requirePositional(args, 2, "note ID TEXT");
    openStore(args, false)->setNotes(runId(p[0]), p[1]);
    return 0;
}

// Store errors met after opening (no such run, a bad tag) are the user's input: exit 2.
template <typename Fn>
int reported(Fn&& fn) {
    return asUsageErrors<StoreError, sql::Error>(std::forward<Fn>(fn));
}

}  // namespace

int runRunsList(const Arguments& args) {
    return reported([&] { return list(args); });
}
int runRunsShow(const Arguments& args) {
    return reported([&] { return show(args); });
}
int runRunsCompare(const Arguments& args) {
    return reported([&] { return compare(args); });
}
int runRunsExport(const Arguments& args) {
    return reported([&] { return exportRuns(args); });
}
int runRunsDelete(const Arguments& args) {
    return reported([&] { return deleteRuns(args); });
}
int runRunsTag(const Arguments& args) {
    return reported([&] { return tag(args); });
}
int runRunsRename(const Arguments& args) {
    return reported([&] { return rename(args); });
}
int runRunsNote(const Arguments& args) {
    return reported([&] { return note(args); });
}

#ifdef HLCNN_CLI_FIGURES
int runReportPackWithFigures(const Arguments& args);
#endif

int runReportPack(const Arguments& args) {
#ifdef HLCNN_CLI_FIGURES
    return reported([&] { return runReportPackWithFigures(args); });
#else
    (void)args;
    throw UsageError("report pack draws figures and needs the GUI build (HLCNN_BUILD_GUI=ON)");
#endif
}

int runReportPaper(const Arguments& args) {
    if (!args.has("dataset")) throw UsageError("--dataset SPEC is required (the data the runs were trained on)");
    return reported([&] {
        const auto store = openStore(args, false);
        try {
            const DataSpec spec = parseDataSpec(args.value("dataset"));
            std::error_code ec;
            if (!std::filesystem::exists(spec.path, ec)) throw UsageError("--dataset: '" + spec.path + "' does not exist");
        } catch (const DatasetError& e) {
            throw UsageError(e.what());
        }
        const PaperReport report = paperReport(*store, args.value("dataset"));
        const TableFormat format = formatOf(args, "text");
        std::cout << "Table I: top-1 accuracy on " << args.value("dataset") << "\n" << renderTable(report.table1, format) << "\n";
        std::cout << "Table II: multiply-accumulates at the paper's input sizes\n" << renderTable(report.table2, format);
        for (const std::string& n : report.notes) std::cout << "note: " << n << "\n";
        return 0;
    });
}

}  // namespace hlcnn::cli
