#include "hlcnn/widgets/designer_palette.h"

#include "hlcnn/core/op_registry.h"
#include "engine_text.h"

#include <QMimeData>

#include <map>

namespace hlcnn {

const char* DesignerPalette::mimeType() { return "application/x-hlcnn-op"; }

DesignerPalette::DesignerPalette(QWidget* parent) : QTreeWidget(parent) {
    setHeaderHidden(true);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    std::map<std::string, QTreeWidgetItem*> groups;
    for (const OpSchema& op : allOps()) {
        QTreeWidgetItem*& group = groups[op.category];
        if (!group) {
            group = new QTreeWidgetItem(this, {engineText(op.category)});
            group->setFlags(Qt::ItemIsEnabled);
        }
        auto* item = new QTreeWidgetItem(group, {QString::fromStdString(op.name)});
        item->setData(0, Qt::UserRole, QString::fromStdString(op.name));
        item->setToolTip(0, engineText(op.summary));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
    }
    expandAll();
    connect(this, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        const QString op = item->data(0, Qt::UserRole).toString();
        if (!op.isEmpty()) Q_EMIT opActivated(op);
    });
}

QMimeData* DesignerPalette::mimeData(const QList<QTreeWidgetItem*>& items) const {
    if (items.isEmpty() || items.first()->data(0, Qt::UserRole).toString().isEmpty()) return nullptr;
    auto* data = new QMimeData;
    data->setData(mimeType(), items.first()->data(0, Qt::UserRole).toString().toUtf8());
    return data;
}

}  // namespace hlcnn
