// Layer table and totals of one graph. Analysis runs on a worker thread; the latest request wins.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/core/profiler.h"

#include <QWidget>

class QLabel;
class QTableView;
class QComboBox;

namespace hlcnn {

class ProfileTableModel;

class ProfileView : public QWidget {
    Q_OBJECT
public:
    explicit ProfileView(QWidget* parent = nullptr);

    void showGraph(const Graph& graph);
    const ModelProfile& profile() const;
    ProfileTableModel* tableModel() const { return model_; }
    QString totalsText() const;

Q_SIGNALS:
    void profileReady();                       // the table now shows the requested graph
    void analysisFailed(const QString& message);

private:
    void apply(quint64 generation, const ModelProfile& profile, const QString& error);

    QLabel* title_;
    QLabel* totals_;
    QComboBox* rows_;
    QTableView* table_;
    ProfileTableModel* model_;
    quint64 generation_ = 0;
};

}  // namespace hlcnn
