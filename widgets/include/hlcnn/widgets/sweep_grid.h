// A sweep's grid as a table: one row per grid cell (its options, its runs, the best validation
// top-1 of the completed ones as mean +/- std over the seeds, parameters and MACs). Read on a
// worker thread with its own connection; the GUI thread only fills the table.
#pragma once

#include <QWidget>

#include <cstdint>

class QLabel;
class QPushButton;
class QTableWidget;

namespace hlcnn {

class BackgroundJob;

class SweepGrid : public QWidget {
    Q_OBJECT
public:
    explicit SweepGrid(QWidget* parent = nullptr);

    // Reads the sweep's cells from the database (asynchronously; `loaded` when shown).
    void showSweep(const QString& databasePath, std::int64_t sweepId);
    std::int64_t sweepId() const { return sweepId_; }
    QTableWidget* table() const { return table_; }

Q_SIGNALS:
    void loaded();
    void compareRequested(const QList<qint64>& runIds);

private:
    QLabel* title_;
    QTableWidget* table_;
    QPushButton* compare_;
    QList<qint64> runIds_;
    std::int64_t sweepId_ = 0;
    // background reads and writes (one job each: a newer read wins; writes all report)
    BackgroundJob* job_;
};

}  // namespace hlcnn
