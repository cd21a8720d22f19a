#include "commands.h"

#include "arguments.h"
#include "model_source.h"
#include "output_file.h"
#include "store_access.h"

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/latency_bench.h"
#include "hlcnn/core/op_registry.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/state_dict.h"
#include "hlcnn/core/torchscript_export.h"
#include "hlcnn/experiments/profile_tables.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/models/zoo.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

namespace hlcnn::cli {

int runModels(const Arguments& args) {
    if (args.has("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const models::ModelInfo& m : models::zoo())
            list.push_back({{"name", m.name}, {"family", m.family}, {"description", m.description},
                            {"width_multiplier", m.hasWidth}, {"torchvision_compatible", m.torchvision}});
        std::cout << list.dump(2) << "\n";
        return 0;
    }
    Table t;
    t.header = {"model", "family", "width", "torchvision", "description"};
    for (const models::ModelInfo& m : models::zoo())
        t.rows.push_back({m.name, m.family, m.hasWidth ? "yes" : "-", m.torchvision ? "same names" : "-", m.description});
    std::cout << renderTable(t, TableFormat::Text);
    return 0;
}

int runOps(const Arguments& args) {
    nlohmann::json list = nlohmann::json::array();
    Table t;
    t.header = {"op", "category", "inputs", "attributes (default)", "summary"};
    for (const OpSchema& op : allOps()) {
        nlohmann::json attrs = nlohmann::json::array();
        std::string attrText;
        for (const AttrSpec& a : op.attrs) {
            nlohmann::json ja{{"name", a.name}, {"type", attrTypeName(a.type)}, {"required", a.required}, {"help", a.help}};
            if (!a.required) ja["default"] = std::visit([](const auto& v) { return nlohmann::json(v); }, a.defaultValue);
            if (!a.choices.empty()) ja["choices"] = a.choices;
            if (a.type == AttrType::Int || a.type == AttrType::Float) ja["range"] = {a.minValue, a.maxValue};
            attrs.push_back(std::move(ja));
            attrText += (attrText.empty() ? "" : ", ") + a.name + (a.required ? "" : "=" + attrValueToString(a.defaultValue));
        }
        const std::string inputs = op.maxInputs < 0 ? std::to_string(op.minInputs) + "+"
                                   : op.minInputs == op.maxInputs ? std::to_string(op.minInputs)
                                                                  : std::to_string(op.minInputs) + "-" + std::to_string(op.maxInputs);
        list.push_back({{"op", op.name}, {"category", op.category}, {"composite", op.composite}, {"min_inputs", op.minInputs},
                        {"max_inputs", op.maxInputs}, {"attrs", attrs}, {"summary", op.summary}});
        t.rows.push_back({op.name, op.category + (op.composite ? " (block)" : ""), inputs, attrText, op.summary});
    }
    if (args.has("json")) std::cout << list.dump(2) << "\n";
    else std::cout << renderTable(t, TableFormat::Text);
    return 0;
}

namespace {

int graphExport(const Arguments& args, bool expand) {
    const std::string verb = expand ? "expand" : "export";
    if (args.has("output")) checkOutputPath("--output", args.value("output"), {args.value("graph")});
    Graph g = graphFromArguments(args);
    if (expand)
        g = expandedGraph(g);
    else
        analyzeOrThrow(g);  // never export a graph we would reject
    writeOutputFile("--output", args.value("output"), graphToJson(g), {args.value("graph")});
    return 0;
}

}  // namespace

int runGraphExport(const Arguments& args) {
    return graphExport(args, false);
}
int runGraphExpand(const Arguments& args) {
    return graphExport(args, true);
}

int runGraphValidate(const Arguments& args) {
    if (args.positional().size() != 1) throw UsageError("usage: hlcnn graph validate FILE [--json]");
    const Graph g = loadGraphFile(args.positional()[0]);
    const Analysis a = analyze(g);
    if (args.has("json")) {
        nlohmann::json issues = nlohmann::json::array();
        for (const GraphIssue& i : a.issues) issues.push_back({{"node", i.nodeId}, {"message", i.message}});
        std::cout << nlohmann::json{{"valid", a.ok()}, {"issues", issues}, {"primitives", a.nodes.size()}}.dump(2)
                  << "\n";
    } else if (a.ok()) {
        std::cout << "valid: " << g.nodes.size() << " nodes, " << a.nodes.size() << " primitives\n";
    }
    if (!a.ok()) {
        if (!args.has("json"))
            for (const GraphIssue& i : a.issues) std::cerr << "hlcnn: " << i.toString() << "\n";
        return 2;
    }
    return 0;
}

int runProfile(const Arguments& args) {
    const Graph g = graphFromArguments(args);
    const ModelProfile p = profileGraph(g);
    if (args.has("json")) {
        std::cout << profileJson(p);
        return 0;
    }
    TableFormat format;
    try {
        format = parseTableFormat(args.value("format", "text"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    std::cout << renderTable(args.has("layers") ? layerTable(p) : blockTable(p), format);
    if (format == TableFormat::Text) {
        std::cout << "\nmodel " << p.model << ", input " << p.input.toString() << "\n"
                  << "params      " << withThousands(p.total.params) << " (" << millions(p.total.params) << " M)\n"
                  << "MACs        " << withThousands(p.total.macs) << " (" << millions(p.total.macs) << " M, conv + linear)\n"
                  << "FLOPs       " << withThousands(2 * p.total.macs) << " (2 x MACs; plus "
                  << withThousands(p.total.otherOps) << " other ops)\n"
                  << "activations " << withThousands(p.total.activationBytes / 1024) << " KiB written, peak live "
                  << withThousands(p.peakActivationBytes / 1024) << " KiB\n"
                  << "model size  " << millions(p.modelBytesFp32()) << " MB fp32, " << millions(p.modelBytesInt8())
                  << " MB int8 weights\n";
    }
    return 0;
}

int runExportTorchScript(const Arguments& args) {
    if (!args.has("out")) throw UsageError("--out FILE is required");
    // Checked before minutes of scripting: a folder, a missing folder or one of the inputs.
    checkOutputPath("--out", args.value("out"), {args.value("graph"), args.value("weights")});
    const Graph g = graphFromArguments(args);
    GraphModule module(g, std::uint64_t(args.integer("seed", 0)));
    if (args.has("weights")) {
        try {
            const LoadReport r = loadStateDict(*module, readStateDict(args.value("weights")));
            std::cerr << "weights: " << r.summary() << "\n";
        } catch (const StateDictError& e) {
            throw UsageError(e.what());
        }
    }
    module->eval();
    torch::jit::Module scripted = toTorchScript(*module);
    const std::string out = args.value("out"), tmp = out + ".tmp";
    try {
        scripted.save(tmp);
    } catch (const c10::Error&) {
        std::remove(tmp.c_str());
        throw UsageError("cannot write --out '" + out + "'");
    }
    if (std::rename(tmp.c_str(), out.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw UsageError("cannot write --out '" + out + "'");
    }
    std::cerr << "wrote " << args.value("out") << "\n";
    return 0;
}

int runBenchLatency(const Arguments& args) {
    const int batch = int(boundedInteger(args, "batch", 1, 1, kMaxBenchBatch));
    const int threadCount = int(boundedInteger(args, "threads", hardwareThreads(), 1, hardwareThreads()));
    const int blasThreads = int(boundedInteger(args, "blas-threads", 1, 1, hardwareThreads()));
    const int repeats = int(boundedInteger(args, "repeats", 30, 1, 100000));
    const int warmup = int(boundedInteger(args, "warmup", 5, 0, 100000));
    const std::string device = args.value("device", "cpu");
    if (device != "cpu" && device != "cuda") throw UsageError("--device must be cpu or cuda, got '" + device + "'");
    if (args.has("run") && (args.has("model") || args.has("graph")))
        throw UsageError("--run measures the recorded run's own model; leave out --model and --graph");
    // --run ID measures a recorded run's own graph and adds the result to its profiles.
    std::unique_ptr<ExperimentStore> store;
    std::int64_t run = 0;
    Graph g;
    if (args.has("run")) {
        run = runId(args.value("run"));
        store = openStore(args, false);
        try {
            g = graphFromJson(store->run(run).graphJson);
        } catch (const StoreError& e) {
            throw UsageError(e.what());
        }
    } else {
        g = graphFromArguments(args);
    }
    requireBatchFits(g, batch, false);
    setBlasThreads(blasThreads);
    const ThreadBudget threads(threadCount);
    const RuntimeInfo rt = currentRuntime();
    LatencyOptions o;
    o.batch = batch;
    o.repeats = repeats;
    o.warmup = warmup;
    o.device = device;
    LatencyResult r;
    try {
        r = measureLatency(g, o);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    } catch (const c10::Error& e) {
        throw UsageError("the benchmark failed: " + firstLine(e.what_without_backtrace()));
    }
    if (store) {
        ProfileRecord p;
        p.runId = run;
        p.graphHash = graphHash(g);
        p.kind = "measured";
        const ModelProfile analytic = profileGraph(g);
        p.params = analytic.total.params;
        p.macs = analytic.total.macs;
        p.activationBytes = analytic.peakActivationBytes;
        p.latencyMsMedian = r.medianMs, p.latencyMsP10 = r.p10Ms, p.latencyMsP90 = r.p90Ms;
        p.threads = rt.intraOpThreads;
        p.batch = r.batch;
        p.device = r.device + ": " + processorName();
        store->addProfile(p);
        std::cerr << "hlcnn: recorded the latency in run " << run << " of " << store->path() << "\n";
    }
    if (args.has("json")) {
        std::cout << nlohmann::json{{"model", g.name},           {"input", g.input.dims},  {"batch", r.batch},
                                    {"device", r.device},        {"threads", rt.intraOpThreads},
                                    {"blas", rt.blas},           {"blas_threads", rt.blasThreads},
                                    {"median_ms", r.medianMs},   {"mean_ms", r.meanMs}, {"min_ms", r.minMs},
                                    {"p10_ms", r.p10Ms},         {"p90_ms", r.p90Ms},   {"samples_ms", r.samplesMs}}
                         .dump()
                  << "\n";
    } else {
        std::printf("%s %s batch %d on %s, %d threads, %s (blas threads %d)\n", g.name.c_str(), g.input.toString().c_str(),
                    r.batch, r.device.c_str(), rt.intraOpThreads, rt.blas.c_str(), rt.blasThreads);
        std::printf("median %.2f ms  mean %.2f  min %.2f  p10 %.2f  p90 %.2f  (%zu runs)\n", r.medianMs, r.meanMs, r.minMs,
                    r.p10Ms, r.p90Ms, r.samplesMs.size());
    }
    return 0;
}

}  // namespace hlcnn::cli
