// Table model over an analytic profile: one row per primitive layer or per top-level block.
#pragma once

#include "hlcnn/core/profiler.h"

#include <QAbstractTableModel>

namespace hlcnn {

class ProfileTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Rows { Layers, Blocks };
    enum Column { Name, Op, Output, Params, Macs, MacShare, OtherOps, ActivationKiB, Intensity, ColumnCount };

    explicit ProfileTableModel(QObject* parent = nullptr);

    void setProfile(const ModelProfile& profile);
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
    };
    RowView rowAt(int row) const;

    ModelProfile profile_;
    Rows rows_ = Rows::Blocks;
};

}  // namespace hlcnn
