// A confusion matrix as a heatmap with its counts: rows are true classes, columns predictions (both
// labelled with the class names),
// the shade of a cell its share of the row (so rare classes read as well as common ones).
#pragma once

#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace hlcnn {

class ConfusionView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionView(QWidget* parent = nullptr);
    // counts: classes x classes, row = true label; names may be empty (indexes are shown).
    void setMatrix(const std::vector<std::int64_t>& counts, const QStringList& names, const QString& caption);
    int classes() const { return n_; }
    QSize sizeHint() const override { return {520, 480}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<std::int64_t> counts_;
    QStringList names_;
    QString caption_;
    int n_ = 0;
};

}  // namespace hlcnn
