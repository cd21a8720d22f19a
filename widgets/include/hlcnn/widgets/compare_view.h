// The Compare area: the runs a user picked, side by side. Overlaid loss and top-1 curves, a
// sortable table (best and last top-1, epoch of best, params, MACs, size, measured latency,
// training time, and the recipe fields that differ between the runs, highlighted), runs that
// differ only by seed grouped into mean +/- std (bands, cells, error bars), a Pareto plot of
// accuracy against MACs / params / latency with the front drawn and points labelled, and the
// architecture diff of two runs' graphs with delta params / MACs next to delta accuracy.
// Every figure exports as PNG, SVG or PDF in the paper style; the table as CSV, Markdown or
// LaTeX; and the whole as a report pack. Runs are read on a worker thread.
#pragma once

#include "hlcnn/widgets/figure_export.h"

#include <QList>
#include <QString>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QTreeWidget;

namespace hlcnn {

class BackgroundJob;

struct CompareData;

class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(QWidget* parent = nullptr);
    ~CompareView() override;

    // Reads these runs of the database on a worker, then shows them (loaded() or failed()).
    void compare(const QString& database, const QList<qint64>& runIds);
    QList<qint64> runIds() const { return ids_; }
    bool busy() const { return loading_; }

    void setGroupSeeds(bool on);
    bool groupSeeds() const;
    void setParetoAxis(int axis);               // CostAxis as int: 0 MACs, 1 params, 2 latency
    // Architecture diff of two of the compared runs (by id); false when either is not compared.
    bool diffRuns(qint64 before, qint64 after);

    enum class Figure { Loss, Top1, Pareto };
    // Draws the figure anew in the paper style and writes it (format by the path's suffix).
    QString exportFigure(Figure figure, const QString& path, const FigureSize& size) const;
    // The table as shown (runs, or seed groups when grouped); csv, md or tex by the suffix.
    QString exportTable(const QString& path) const;
    // The report pack of the compared runs into `dir` (a new or empty folder): read on a worker,
    // drawn here; reportPackWritten() tells how it went.
    void writeReportPackTo(const QString& dir);

    QTabWidget* tabs() const { return tabs_; }
    QCustomPlot* lossPlot() const { return loss_; }
    QCustomPlot* top1Plot() const { return top1_; }
    QCustomPlot* paretoPlot() const { return pareto_; }
    QStandardItemModel* tableModel() const { return model_; }
    QTableView* table() const { return table_; }
    QTreeWidget* diffTree() const { return diff_; }
    QLabel* diffSummary() const { return diffSummary_; }
    QStringList differingFields() const;          // the highlighted recipe columns
    int entryCount() const;                       // rows of the table: runs, or groups when grouped

Q_SIGNALS:
    void loaded();
    void failed(const QString& message);
    void message(const QString& text);
    void reportPackWritten(const QString& error, const QStringList& files);   // error "" on success

private:
    void showData(std::shared_ptr<const CompareData> data);
    void rebuild();
    void rebuildTable();
    void rebuildDiff();
    void askExportFigure();
    void askExportTable();
    void askReportPack();

    QString database_;
    QList<qint64> ids_;
    std::shared_ptr<const CompareData> data_;
    bool loading_ = false;
    QLabel* status_;
    QCheckBox* group_;
    QComboBox* axis_;
    QTabWidget* tabs_;
    QCustomPlot *loss_, *top1_, *pareto_;
    QStandardItemModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QComboBox *before_, *after_;
    QTreeWidget* diff_;
    QLabel* diffSummary_;
    // background reads and writes (one job each: a newer read wins; writes all report)
    BackgroundJob* readJob_;
    BackgroundJob* packJob_;
};

}  // namespace hlcnn
