#include "hlcnn/widgets/profile_table_model.h"

#include "hlcnn/widgets/number_format.h"

namespace hlcnn {

ProfileTableModel::ProfileTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProfileTableModel::setProfile(const ModelProfile& profile) {
    beginResetModel();
    profile_ = profile;
    endResetModel();
}

void ProfileTableModel::setRows(Rows rows) {
    if (rows == rows_) return;
    beginResetModel();
    rows_ = rows;
    endResetModel();
}

int ProfileTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    return int(rows_ == Rows::Layers ? profile_.layers.size() : profile_.blocks.size());
}

int ProfileTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

ProfileTableModel::RowView ProfileTableModel::rowAt(int row) const {
    if (rows_ == Rows::Layers) {
        const LayerProfile& l = profile_.layers[std::size_t(row)];
        return {QString::fromStdString(l.id), QString::fromStdString(l.op), QString::fromStdString(l.output.toString()), l.cost};
    }
    const BlockProfile& b = profile_.blocks[std::size_t(row)];
    return {QString::fromStdString(b.id), QString::fromStdString(b.op), QString::fromStdString(b.output.toString()), b.cost};
}

QVariant ProfileTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const RowView r = rowAt(index.row());
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Params ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::UserRole) {  // raw values, for sorting and tests
        switch (index.column()) {
        case Params: return qlonglong(r.cost.params);
        case Macs: return qlonglong(r.cost.macs);
        case MacShare: return qlonglong(r.cost.macs);
        case OtherOps: return qlonglong(r.cost.otherOps);
        case ActivationKiB: return qlonglong(r.cost.activationBytes);
        case Intensity: return r.cost.arithmeticIntensity();
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (index.column()) {
    case Name: return r.name;
    case Op: return r.op;
    case Output: return r.output;
    case Params: return display::count(r.cost.params);
    case Macs: return display::count(r.cost.macs);
    case MacShare:
        return profile_.total.macs > 0 ? display::decimal(100.0 * double(r.cost.macs) / double(profile_.total.macs), 1) + " %"
                                       : QString("-");
    case OtherOps: return display::count(r.cost.otherOps);
    case ActivationKiB: return display::decimal(double(r.cost.activationBytes) / 1024.0, 1);
    case Intensity: return display::decimal(r.cost.arithmeticIntensity(), 2);
    default: return {};
    }
}

QVariant ProfileTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name: return rows_ == Rows::Layers ? tr("Layer") : tr("Node");
    case Op: return tr("Op");
    case Output: return tr("Output (CxHxW)");
    case Params: return tr("Params");
    case Macs: return tr("MACs");
    case MacShare: return tr("MAC share");
    case OtherOps: return tr("Other ops");
    case ActivationKiB: return tr("Activations (KiB)");
    case Intensity: return tr("FLOP/byte");
    default: return {};
    }
}

}  // namespace hlcnn
