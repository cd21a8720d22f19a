// Table model over an analytic profile: one row per primitive layer or per top-level block, with
// the measured time of each (latency_bench's measureLayerTimes) once it has been measured.
#pragma once

#include "hlcnn/core/latency_bench.h"
#include "hlcnn/core/profiler.h"

#include <map>
#include <optional>
#include <string>

#include <QAbstractTableModel>

namespace hlcnn {

class ProfileTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Rows { Layers, Blocks };
    enum Column { Name, Op, Output, Params, Macs, MacShare, OtherOps, ActivationKiB, Intensity, TimeMs, TimeShare, Flag, ColumnCount };

    explicit ProfileTableModel(QObject* parent = nullptr);

    void setProfile(const ModelProfile& profile);   // forgets the measured times
    // Measured times of the same graph (the layers in analysis order); blocks sum their layers.
    void setLayerTimes(const LayerTimeProfile& times);
    bool hasLayerTimes() const { return times_.has_value(); }
    const std::optional<LayerTimeProfile>& layerTimes() const { return times_; }
    // Time share of each top-level node (sum of its layers); empty before a measurement.
    std::map<std::string, double> blockTimeShares() const;
    // For each top-level node with no time of its own on the measured runtime: "fused into B" (the
    // node whose step does its work) or "nothing to run"; empty before a measurement.
    std::map<std::string, QString> blockTimeNotes() const;
    void setRows(Rows rows);
    Rows rows() const { return rows_; }
    const ModelProfile& profile() const { return profile_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct RowView {
        QString name, op, output;
        CostFigures cost;
        double ms = 0, timeShare = 0;
        int flagged = 0;
        QString flag, fusedInto;
        bool timed = false, runsNothing = false;
    };
    RowView rowAt(int row) const;

    ModelProfile profile_;
    std::optional<LayerTimeProfile> times_;
    Rows rows_ = Rows::Blocks;
};

}  // namespace hlcnn
