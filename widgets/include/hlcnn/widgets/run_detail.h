// One run in detail: its record and recipe (with the graph, to open in the designer), the
// confusion matrix and per-class accuracy of its best epoch, its log (states and epochs as
// recorded) and its files. Class names come from the run's checkpoint, read on a worker.
#pragma once

#include <QHash>
#include <QStringList>
#include <QWidget>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

class QComboBox;
class QCustomPlot;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;
class QTextBrowser;

namespace hlcnn {

class BackgroundJob;

struct RunData;
struct Dataset;
struct ImageSet;
struct ExportChoice;
class ConfusionView;

class RunDetail : public QWidget {
    Q_OBJECT
public:
    explicit RunDetail(QWidget* parent = nullptr);
    void showRun(const RunData* run);   // nullptr: nothing selected
    std::int64_t runId() const { return runId_; }
    QTabWidget* tabs() const { return tabs_; }
    ConfusionView* confusion() const { return confusion_; }
    QTableWidget* files() const { return files_; }
    QString summaryText() const;
    QString logText() const;
    // Evaluates the run's best checkpoint on its test set (on a worker) and shows the first
    // misclassified images with their true and predicted classes; mistakesShown() when done.
    void findMistakes();
    QListWidget* mistakes() const { return mistakes_; }
    // Which mistakes are shown: any, or one true and/or one predicted class (index + 1; 0 = any).
    QComboBox* mistakesTrueFilter() const { return trueFilter_; }
    QComboBox* mistakesPredictedFilter() const { return predictedFilter_; }

    // The store the shown runs come from: exports are recorded there and listed under Files.
    void setDatabase(const QString& path);
    // Writes the shown run as a deployable file on a worker (the Files tab's Export... button asks
    // for the choice first); exportFinished() when written and recorded, failed or cancelled.
    void exportRun(const ExportChoice& choice);
    void cancelExport();
    bool exporting() const { return exporting_; }
    QString exportStatus() const;
    // The Exports tab: each recorded export's full report (both top-1s, both sizes and their ratio,
    // the ops left in float and why, the error at each block), newest first, kept across restarts.
    QTextBrowser* exportReports() const { return exportReports_; }

Q_SIGNALS:
    void openGraphRequested(const QString& graphJson);
    void mistakesShown();
    // error is "" on success; cancelled exports report "cancelled" and write nothing.
    void exportFinished(const QString& error, const QString& output);

private:
    void fetchClassNames(const std::string& checkpoint, const QString& key);
    void showMistakes();   // the found mistakes through the filters, most confident first
    void loadExports();
    void showFiles();

    std::int64_t runId_ = 0;
    QString graphJson_, checkpointDir_;
    QHash<QString, QStringList> classNames_;   // by "checkpoint path#epochs recorded" (one try per epoch)
    QTabWidget* tabs_;
    QTextBrowser* summary_;
    QPushButton* openGraph_;
    ConfusionView* confusion_;
    QCustomPlot* perClass_;
    QPlainTextEdit* log_;
    QTableWidget* files_;
    QListWidget* mistakes_;
    QLabel* mistakesStatus_;
    QPushButton* findMistakes_;
    QComboBox* trueFilter_;
    QComboBox* predictedFilter_;
    struct Mistakes {
        std::shared_ptr<const Dataset> data;   // the images the thumbnails come from
        const ImageSet* set = nullptr;
        struct Wrong {
            std::int64_t index = 0, label = 0, predicted = 0;
            double confidence = 0;
        };
        std::vector<Wrong> all;                // every misclassified image of the set
        std::int64_t samples = 0;
        double top1 = 0;
    };
    Mistakes found_;
    QPushButton* export_;
    QPushButton* cancelExport_;
    QLabel* exportStatus_;
    QString database_, runName_;
    struct ExportRow {
        QString kind, size, sha, path, reportHtml;
    };
    void showExportReports();
    QTextBrowser* exportReports_;
    QList<ExportRow> exports_;   // the shown run's recorded exports
    bool exporting_ = false;
    std::shared_ptr<std::atomic_bool> exportCancel_;
    std::string datasetSpec_;
    std::int64_t imageSize_ = 0;
    const RunData* shown_ = nullptr;
    // background reads and writes (one job each: a newer read wins; writes all report)
    BackgroundJob* mistakesJob_;
    BackgroundJob* classNamesJob_;
    BackgroundJob* exportsJob_;
    BackgroundJob* exportJob_;
};

}  // namespace hlcnn
