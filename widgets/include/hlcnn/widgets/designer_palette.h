// The op palette: primitives and composite blocks grouped by category; drag one onto the canvas
// (or double-click it) to add it.
#pragma once

#include <QTreeWidget>

namespace hlcnn {

class DesignerPalette : public QTreeWidget {
    Q_OBJECT
public:
    explicit DesignerPalette(QWidget* parent = nullptr);
    static const char* mimeType();

Q_SIGNALS:
    void opActivated(const QString& op);

protected:
    QMimeData* mimeData(const QList<QTreeWidgetItem*>& items) const override;
};

}  // namespace hlcnn
