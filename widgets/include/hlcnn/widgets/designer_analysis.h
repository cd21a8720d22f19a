// Live analysis for the designer: after each edit (debounced), validation, shapes and exact costs
// are computed on a worker thread from a copy of the graph; only the newest result is delivered.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/core/profiler.h"

#include <QObject>
#include <QTimer>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hlcnn {

class BackgroundJob;

struct NodeFigures {
    TensorShape output;
    std::int64_t params = 0, macs = 0;
    bool costed = false;       // costs are known for every node the analysis could cost
};

struct DesignerFigures {
    std::uint64_t generation = 0;
    std::vector<GraphIssue> issues;
    std::map<std::string, NodeFigures> nodes;   // top-level node id -> figures
    bool valid = false;
    CostFigures total;
    // An invalid graph: the sums over the nodes that could be costed, and how many those are.
    CostFigures partialTotal;
    int partialNodes = 0;
    std::int64_t peakActivationBytes = 0, modelBytesFp32 = 0, modelBytesInt8 = 0;
};

// Pure function, usable from tests and worker threads alike.
DesignerFigures computeFigures(const Graph& graph, std::uint64_t generation = 0);

class DesignerAnalysis : public QObject {
    Q_OBJECT
public:
    explicit DesignerAnalysis(QObject* parent = nullptr, int debounceMs = 120);
    // Schedules an analysis of this graph; earlier pending ones are superseded.
    void request(const Graph& graph);
    const DesignerFigures& latest() const { return latest_; }
    bool busy() const;

Q_SIGNALS:
    void analyzed(const hlcnn::DesignerFigures& figures);

private:
    void start();
    Graph pending_;
    std::uint64_t requested_ = 0;
    QTimer debounce_;
    BackgroundJob* job_;
    DesignerFigures latest_;
};

}  // namespace hlcnn
