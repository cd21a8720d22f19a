// The training launcher: what to train (the designer's graph, a zoo model rebuilt for the data, or
// a recorded run to clone), on which data (every layout the engine reads, previewed: classes with
// their counts, image size, sample images, and whether the model fits), with which recipe (presets:
// the paper's and the fast CPU recipe of docs/training.md), where, under which name, and with how
// many seeds. The data load for the preview runs on a worker; the dialog never blocks.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/experiments/run_queue.h"

#include <QDialog>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace hlcnn {

class BackgroundJob;
class RecipeForm;
struct Dataset;

// What the launcher trains. A zoo model is rebuilt for the data (input shape, class count); a
// designed graph is taken as it is and must fit the data.
struct LaunchModel {
    Graph graph;
    std::string zooName;          // "" = a designed or recorded graph
    std::string stem = "cifar";
    double width = 1.0;
};

class LauncherDialog : public QDialog {
    Q_OBJECT
public:
    explicit LauncherDialog(LaunchModel model, QWidget* parent = nullptr);

    // Fills the form from a recorded run (clone / re-run with changes).
    void setFromRun(const std::string& datasetSpec, std::int64_t imageSize, const TrainConfig& config, const std::string& name,
                    const std::string& project, const std::vector<std::string>& tags);
    void setDataSpec(const QString& spec);     // e.g. "cifar10:/data/cifar-10-batches-bin"
    void applyPreset(int index);               // 1 = paper recipe, 2 = fast CPU recipe
    void setSeedCount(int n);                  // "Repeat with N seeds"
    void setRecipe(const TrainConfig& config);  // every recipe field, and the output folder
    RecipeForm* recipeForm() const { return recipe_; }

    // One request per seed; empty with `error` set when the form is not ready.
    std::vector<LaunchRequest> requests(QString* error = nullptr) const;
    TrainConfig config() const;
    bool dataReady() const { return data_ != nullptr; }
    QString dataMessage() const;               // the preview's summary or the problem
    QString modelMessage() const;              // "" when the model fits the data
    QTableWidget* classTable() const { return classes_; }
    int sampleCount() const { return samplesShown_; }
    void setLimitTrain(std::int64_t images);   // 0: every training image
    // The estimated time, from training steps of this model measured here at the form's batch and
    // threads (on a worker, once the data fit); estimateText() says it, or why there is none.
    QString estimateText() const;
    double estimatedEpochSeconds() const { return estimate_.measured ? estimate_.epochSeconds : -1; }
    double measuredStepSeconds() const { return estimate_.measured ? estimate_.stepSeconds : -1; }

Q_SIGNALS:
    void previewReady();                       // the data loaded (or failed) and the form shows it
    void estimateReady();                      // estimateText() shows a new measurement (or its failure)

private:
    void loadPreview();
    void showPreview();
    void refreshModel();
    void updateSeedsLabel();
    void measureEstimate();                    // times steps on a worker; a newer request wins
    void showEstimate();                       // from the last measurement and the form's epochs, limit, seeds
    Graph graphForData() const;

    struct Estimate {
        bool measured = false;
        QString error;
        double stepSeconds = 0, evaluationSeconds = 0, epochSeconds = 0;
        std::int64_t stepsPerEpoch = 0;
        int threads = 0, batch = 0;
    };
    Estimate estimate_;
    BackgroundJob* estimateJob_;
    QString estimateKey_;                       // what the last measurement was asked for
    bool applyingPreset_ = false;

    LaunchModel model_;
    std::shared_ptr<const Dataset> data_;
    QString dataError_;
    BackgroundJob* previewJob_;
    quint64 dataVersion_ = 0;  // which load the data shown came from (the estimate's key)
    int samplesShown_ = 0;

    QLabel* modelSummary_;
    QComboBox* dataKind_;
    QLineEdit* dataPath_;
    QSpinBox* imageSize_;
    QLabel* dataSummary_;
    QLabel* fitMessage_;
    QTableWidget* classes_;
    QGridLayout* samples_;
    QComboBox* preset_;
    RecipeForm* recipe_;  // every recipe field, from the schema
    QSpinBox* seeds_;
    QLabel* estimateLabel_;
    QTimer* estimateTimer_;
    QLineEdit* outDir_;
    QLineEdit* project_;
    QLineEdit* name_;
    QLineEdit* tags_;
    QLabel* seedsLabel_;
    QDialogButtonBox* buttons_;
};

}  // namespace hlcnn
