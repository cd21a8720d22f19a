// Layer table and totals of one graph. Analysis runs on a worker thread; the latest request wins.
// "Measure time" times the forward layer by layer on a worker (latency_bench's measureLayerTimes),
// on the runtime chosen beside it: LibTorch eager, or our fused native program, whose steps each
// carry the layers fused into them. Time and time share next to the exact costs, and the layers
// flagged that take far more time than their MACs say.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/core/latency_bench.h"
#include "hlcnn/core/profiler.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QComboBox;

namespace hlcnn {

class BackgroundJob;

class ProfileTableModel;

class ProfileView : public QWidget {
    Q_OBJECT
public:
    explicit ProfileView(QWidget* parent = nullptr);

    void showGraph(const Graph& graph);
    const ModelProfile& profile() const;
    ProfileTableModel* tableModel() const { return model_; }
    QString totalsText() const;
    // Times the shown graph (batch 1) on a worker; layerTimesReady() when the table has the times.
    void measureLayerTimes();
    void setTimingRuntime(LayerTimeRuntime runtime);
    LayerTimeRuntime timingRuntime() const;
    QString timingText() const;
    const Graph& graph() const { return graph_; }

Q_SIGNALS:
    void profileReady();                       // the table now shows the requested graph
    void analysisFailed(const QString& message);
    void layerTimesReady();                    // the table has the measured times of the shown graph
    void layerTimesFailed(const QString& message);

private:
    void apply(const ModelProfile& profile, const QString& error);

    QLabel* title_;
    QLabel* totals_;
    QComboBox* rows_;
    QComboBox* runtime_;
    QPushButton* measure_;
    QLabel* timing_;
    QTableView* table_;
    ProfileTableModel* model_;
    Graph graph_;
    BackgroundJob* analysisJob_;  // a newer graph wins
    BackgroundJob* timingJob_;    // a newer graph drops the layer times under way
    bool measuring_ = false;
};

}  // namespace hlcnn
