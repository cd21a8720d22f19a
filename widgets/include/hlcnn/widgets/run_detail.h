// One run in detail: its record and recipe (with the graph, to open in the designer), the
// confusion matrix and per-class accuracy of its best epoch, its log (states and epochs as
// recorded) and its files. Class names come from the run's checkpoint, read on a worker.
#pragma once

#include <QHash>
#include <QStringList>
#include <QWidget>

#include <cstdint>

class QCustomPlot;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;
class QTextBrowser;

namespace hlcnn {

struct RunData;
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

Q_SIGNALS:
    void openGraphRequested(const QString& graphJson);
    void mistakesShown();

private:
    void fetchClassNames(const std::string& checkpoint, const QString& key);

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
    std::string datasetSpec_;
    std::int64_t imageSize_ = 0;
    const RunData* shown_ = nullptr;
};

}  // namespace hlcnn
