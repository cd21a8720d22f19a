#include "model_source.h"

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/experiments/run_lifecycle.h"
#include "hlcnn/models/zoo.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace hlcnn::cli {

const std::set<std::string>& modelOptionNames() {
    static const std::set<std::string> names{"model", "graph", "stem", "classes", "width", "input"};
    return names;
}

TensorShape parseInput(const std::string& text) {
    long long c = 0, h = 0, w = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%lldx%lldx%lld%c", &c, &h, &w, &tail) != 3 || c <= 0 || h <= 0 || w <= 0 ||
        c > (1 << 20) || h > (1 << 20) || w > (1 << 20))
        throw UsageError("--input must be CxHxW with positive integers, e.g. 3x224x224, got '" + text + "'");
    return TensorShape{{c, h, w}};
}

namespace {

}  // namespace

Graph graphFromArguments(const Arguments& args) {
    const bool hasModel = args.has("model"), hasGraph = args.has("graph");
    if (hasModel == hasGraph) throw UsageError("give exactly one of --model NAME or --graph FILE");
    Graph g;
    if (hasGraph) {
        for (const char* o : {"stem", "classes", "width"})
            if (args.has(o)) throw UsageError(std::string("--") + o + " applies to --model, not to --graph");
        std::error_code ec;
        if (std::filesystem::is_directory(args.value("graph"), ec))
            throw UsageError("--graph '" + args.value("graph") + "' is a folder, not a graph file");
        g = loadGraphFile(args.value("graph"));
        if (args.has("input")) g.input = parseInput(args.value("input"));
        return g;
    }
    models::ModelOptions o;
    try {
        o.stem = models::parseStem(args.value("stem", "imagenet"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    o.classes = boundedInteger(args, "classes", 1000, 1, 1000000);
    o.width = widthFrom(args);
    TensorShape input;
    if (args.has("input")) {
        input = parseInput(args.value("input"));
        o.inChannels = input.dims[0];
        o.resolution = input.dims[1];
    }
    try {
        g = models::buildModel(args.value("model"), o);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    if (args.has("input")) g.input = input;
    return g;
}

double widthFrom(const Arguments& args) {
    const double width = args.real("width", 1.0);
    if (!std::isfinite(width) || width <= 0 || width > 8)
        throw UsageError("--width must be a number in (0, 8], got " + args.value("width"));
    return width;
}

void requireBatchFits(const Graph& graph, std::int64_t batch, bool training) {
    const std::string problem = batchMemoryProblem(graph, batch, training);
    if (!problem.empty()) throw UsageError(problem);
}

}  // namespace hlcnn::cli
