// libFuzzer entry: any bytes through the graph parser, the validator and the profiler. A bad
// document must come back as GraphError or a list of issues: never a crash, leak or UB.
#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/profiler.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 1 << 16) return 0;
    const std::string text(reinterpret_cast<const char*>(data), size);
    hlcnn::Graph graph;
    try {
        graph = hlcnn::graphFromJson(text);
    } catch (const hlcnn::GraphError&) {
        return 0;
    }
    const hlcnn::Analysis analysis = hlcnn::analyze(graph);
    if (analysis.ok()) {
        const hlcnn::ModelProfile profile = hlcnn::profileAnalysis(graph.name, graph.input, analysis);
        if (profile.total.params < 0 || profile.total.macs < 0) __builtin_trap();
        (void)hlcnn::graphFromJson(hlcnn::graphToJson(graph));  // what we write, we read
    }
    return 0;
}
