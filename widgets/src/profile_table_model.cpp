#include "hlcnn/widgets/profile_table_model.h"

#include "hlcnn/widgets/number_format.h"

#include <QColor>

namespace hlcnn {

ProfileTableModel::ProfileTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProfileTableModel::setProfile(const ModelProfile& profile) {
    beginResetModel();
    profile_ = profile;
    times_.reset();
    endResetModel();
}

void ProfileTableModel::setLayerTimes(const LayerTimeProfile& times) {
    beginResetModel();
    times_ = times;
    endResetModel();
}

std::map<std::string, double> ProfileTableModel::blockTimeShares() const {
    std::map<std::string, double> shares;
    if (times_)
        for (const LayerTime& t : times_->layers) shares[t.block] += t.timeShare;
    return shares;
}

std::map<std::string, QString> ProfileTableModel::blockTimeNotes() const {
    std::map<std::string, QString> notes;
    if (!times_) return notes;
    std::map<std::string, std::string> blockOf;
    std::map<std::string, bool> ownTime;   // block -> some layer of it carries time
    for (const LayerTime& t : times_->layers) {
        blockOf[t.id] = t.block;
        ownTime[t.block] = ownTime[t.block] || (t.fusedInto.empty() && !t.runsNothing);
    }
    for (const LayerTime& t : times_->layers) {
        if (ownTime[t.block] || notes.count(t.block)) continue;
        if (!t.fusedInto.empty())
            notes[t.block] = tr("fused into %1").arg(QString::fromStdString(blockOf[t.fusedInto]));
        else if (t.runsNothing)
            notes[t.block] = tr("nothing to run");
    }
    return notes;
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
    RowView v;
    if (rows_ == Rows::Layers) {
        const LayerProfile& l = profile_.layers[std::size_t(row)];
        v.name = QString::fromStdString(l.id), v.op = QString::fromStdString(l.op);
        v.output = QString::fromStdString(l.output.toString()), v.cost = l.cost;
        // The timed layers are the analysis's primitives in the same order; matched by id all the same.
        if (times_ && std::size_t(row) < times_->layers.size() && times_->layers[std::size_t(row)].id == l.id) {
            const LayerTime& t = times_->layers[std::size_t(row)];
            v.timed = true, v.ms = t.ms, v.timeShare = t.timeShare, v.flagged = !t.flag.empty();
            v.flag = QString::fromStdString(t.flag);
            if (!t.fusedInto.empty()) {
                v.fusedInto = QString::fromStdString(t.fusedInto);
                v.flag = tr("fused into %1 (its time is counted there)").arg(v.fusedInto);
            }
            v.runsNothing = t.runsNothing;
            if (t.runsNothing) v.flag = tr("nothing to run on this runtime (an identity or a view at inference)");
        }
        return v;
    }
    const BlockProfile& b = profile_.blocks[std::size_t(row)];
    v.name = QString::fromStdString(b.id), v.op = QString::fromStdString(b.op);
    v.output = QString::fromStdString(b.output.toString()), v.cost = b.cost;
    if (times_) {
        v.timed = true;
        for (const LayerTime& t : times_->layers)
            if (t.block == b.id) v.ms += t.ms, v.timeShare += t.timeShare, v.flagged += !t.flag.empty();
        if (v.flagged) v.flag = tr("%n flagged layer(s)", "", v.flagged);
    }
    return v;
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
        case TimeMs: return r.timed ? QVariant(r.ms) : QVariant(-1.0);
        case TimeShare: return r.timed ? QVariant(r.timeShare) : QVariant(-1.0);
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::BackgroundRole && r.flagged && index.column() >= TimeMs) return QColor(255, 224, 178);
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
    case TimeMs:
        if (!r.timed) return QStringLiteral("–");
        if (!r.fusedInto.isEmpty()) return tr("fused");
        return r.runsNothing ? tr("none") : display::decimal(r.ms, 3);
    case TimeShare: return r.timed ? display::decimal(100.0 * r.timeShare, 1) + " %" : QStringLiteral("–");
    case Flag: return r.flag;
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
    case TimeMs: return tr("Time (ms)");
    case TimeShare: return tr("Time share");
    case Flag: return tr("Slower than its MACs say");
    default: return {};
    }
}

}  // namespace hlcnn
