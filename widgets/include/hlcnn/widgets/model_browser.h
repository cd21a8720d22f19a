// The architecture zoo as a pickable list with the options a template takes (stem, classes and
// width are kept across restarts).
#pragma once

#include <QWidget>

class QTreeWidget;
class QComboBox;
class QSpinBox;
class QDoubleSpinBox;

namespace hlcnn {

class ModelBrowser : public QWidget {
    Q_OBJECT
public:
    explicit ModelBrowser(QWidget* parent = nullptr);

    QString currentModel() const;
    QString stem() const;
    int classes() const;
    double width() const;
    void selectModel(const QString& name);  // also requests it

Q_SIGNALS:
    void modelRequested(const QString& name, const QString& stem, int classes, double width);
    void trainRequested(const QString& name, const QString& stem, int classes, double width);

private:
    void request();

    QTreeWidget* tree_;
    QComboBox* stem_;
    QSpinBox* classes_;
    QDoubleSpinBox* width_;
};

}  // namespace hlcnn
