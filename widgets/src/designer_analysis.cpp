#include "hlcnn/widgets/designer_analysis.h"
#include "hlcnn/widgets/background_job.h"

#include "hlcnn/core/analysis.h"

namespace hlcnn {

DesignerFigures computeFigures(const Graph& graph, std::uint64_t generation) {
    DesignerFigures f;
    f.generation = generation;
    const Analysis a = analyze(graph);
    f.issues = a.issues;
    for (const auto& [id, shape] : a.shapes) f.nodes[id].output = shape;
    if (!a.ok()) {
        // Partial figures: every node the analysis could cost keeps its shape, params and MACs; an
        // unconnected or wrong node blanks only itself and what depends on it.
        try {
            const ModelProfile p = profileAnalysis(graph.name, graph.input, a);
            for (const BlockProfile& b : p.blocks) {
                NodeFigures& n = f.nodes[b.id];
                n.params = b.cost.params;
                n.macs = b.cost.macs;
                n.costed = true;
                f.partialTotal.params += b.cost.params;
                f.partialTotal.macs += b.cost.macs;
                ++f.partialNodes;
            }
        } catch (const std::exception&) {
        }
        return f;
    }
    const ModelProfile p = profileAnalysis(graph.name, graph.input, a);
    for (const BlockProfile& b : p.blocks) {
        NodeFigures& n = f.nodes[b.id];
        n.output = b.output;
        n.params = b.cost.params;
        n.macs = b.cost.macs;
        n.costed = true;
    }
    f.valid = true;
    f.total = p.total;
    f.peakActivationBytes = p.peakActivationBytes;
    f.modelBytesFp32 = p.modelBytesFp32();
    f.modelBytesInt8 = p.modelBytesInt8();
    return f;
}

DesignerAnalysis::DesignerAnalysis(QObject* parent, int debounceMs)
    : QObject(parent), job_(new BackgroundJob(this, BackgroundJob::Mode::Coalesce)) {
    debounce_.setSingleShot(true);
    debounce_.setInterval(debounceMs);
    connect(&debounce_, &QTimer::timeout, this, &DesignerAnalysis::start);
}

void DesignerAnalysis::request(const Graph& graph) {
    pending_ = graph;
    ++requested_;
    debounce_.start();
}

bool DesignerAnalysis::busy() const {
    return debounce_.isActive() || job_->running() || latest_.generation != requested_;
}

void DesignerAnalysis::start() {
    // One analysis at a time; edits meanwhile collapse into one run of the newest graph after it.
    const Graph graph = pending_;
    const std::uint64_t generation = requested_;
    job_->start([graph, generation] { return computeFigures(graph, generation); },
                [this](DesignerFigures f) {
                    if (f.generation != requested_) return;  // the graph changed since: its analysis comes next
                    latest_ = f;
                    Q_EMIT analyzed(latest_);
                });
}

}  // namespace hlcnn
