// The Runs area: the runs recorded in the experiment database, read on a worker thread (the
// database may be busy with trainings in other processes) and refreshed while visible.
#pragma once

#include <QWidget>

class QLabel;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace hlcnn {

class RunsView : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);
    void setDatabase(const QString& path);
    const QString& database() const { return path_; }
    QStandardItemModel* model() const { return model_; }
    void refresh();

Q_SIGNALS:
    void loaded();                          // the table shows the newest read
    void failed(const QString& message);    // e.g. not an experiment database

protected:
    void showEvent(QShowEvent* event) override;

private:
    QString path_;
    QLabel* status_;
    QTableView* table_;
    QStandardItemModel* model_;
    QTimer* timer_;
    quint64 generation_ = 0;
    bool reading_ = false, pending_ = false;
};

}  // namespace hlcnn
