#include "hlcnn/widgets/launcher_dialog.h"
#include "engine_text.h"

#include "hlcnn/core/dataset.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/core/step_timing.h"
#include "hlcnn/experiments/run_lifecycle.h"
#include "hlcnn/experiments/shared_datasets.h"
#include "hlcnn/models/zoo.h"
#include "hlcnn/widgets/background_job.h"
#include "hlcnn/widgets/number_format.h"
#include "hlcnn/widgets/recipe_form.h"
#include "sample_image.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hlcnn {

namespace {

const char* kKinds[] = {"cifar10", "cifar100", "folder", "idx"};

struct Preview {
    std::shared_ptr<const Dataset> data;
    QString error;
};

QSpinBox* intBox(int lo, int hi, int value) {
    auto* b = new QSpinBox;
    b->setRange(lo, hi);
    b->setValue(value);
    return b;
}

}  // namespace

LauncherDialog::LauncherDialog(LaunchModel model, QWidget* parent) : QDialog(parent), model_(std::move(model)) {
    setWindowTitle(tr("Train %1").arg(QString::fromStdString(model_.zooName.empty() ? model_.graph.name : model_.zooName)));
    setObjectName("launcher");
    previewJob_ = new BackgroundJob(this);
    estimateJob_ = new BackgroundJob(this);

    // Data.
    modelSummary_ = new QLabel;
    modelSummary_->setWordWrap(true);
    dataKind_ = new QComboBox;
    dataKind_->addItems({tr("CIFAR-10 (binary batches)"), tr("CIFAR-100 (binary)"), tr("Image folders (one per class)"), tr("IDX (MNIST layout)")});
    dataKind_->setCurrentIndex(2);
    dataPath_ = new QLineEdit;
    dataPath_->setPlaceholderText(tr("Folder holding the data"));
    auto* browse = new QPushButton(tr("Browse..."));
    imageSize_ = intBox(0, 4096, 0);
    imageSize_->setSpecialValueText(tr("as found"));
    imageSize_->setToolTip(tr("Image folders are resized to this size (square); other layouts have a fixed size"));
    dataSummary_ = new QLabel(tr("Choose the data to preview it."));
    dataSummary_->setWordWrap(true);
    fitMessage_ = new QLabel;
    fitMessage_->setWordWrap(true);
    classes_ = new QTableWidget(0, 3);
    classes_->setHorizontalHeaderLabels({tr("Class"), tr("Train"), tr("Test")});
    classes_->verticalHeader()->hide();
    classes_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    classes_->horizontalHeader()->setStretchLastSection(true);
    classes_->setMinimumHeight(140);
    classes_->setMinimumWidth(250);
    auto* sampleBox = new QWidget;
    samples_ = new QGridLayout(sampleBox);
    samples_->setSpacing(2);
    auto* dataPathRow = new QHBoxLayout;
    dataPathRow->addWidget(dataPath_, 1);
    dataPathRow->addWidget(browse);
    auto* dataForm = new QFormLayout;
    dataForm->addRow(tr("Layout:"), dataKind_);
    dataForm->addRow(tr("Location:"), dataPathRow);
    dataForm->addRow(tr("Image size:"), imageSize_);
    auto* dataGroup = new QGroupBox(tr("Data"));
    auto* dataBox = new QVBoxLayout(dataGroup);
    dataBox->addLayout(dataForm);
    dataBox->addWidget(dataSummary_);
    dataBox->addWidget(fitMessage_);
    auto* previewRow = new QHBoxLayout;
    previewRow->addWidget(classes_, 1);
    previewRow->addWidget(sampleBox, 2);
    dataBox->addLayout(previewRow, 1);

    // Recipe.
    preset_ = new QComboBox;
    preset_->setObjectName("preset");
    preset_->addItems({tr("Custom"), tr("Paper recipe (Adam, lr 1e-3, batch 64, 100 epochs)"),
                       tr("Fast CPU recipe (AdamW one-cycle, 16 epochs; docs/training.md)")});
    recipe_ = new RecipeForm;
    recipe_->setObjectName("recipeForm");
    seeds_ = intBox(1, 50, 1);
    estimateLabel_ = new QLabel(tr("Choose the data to estimate the time."));
    estimateLabel_->setObjectName("timeEstimate");
    estimateLabel_->setWordWrap(true);
    estimateTimer_ = new QTimer(this);
    estimateTimer_->setSingleShot(true);
    estimateTimer_->setInterval(400);   // a burst of edits measures once
    auto* recipe = new QFormLayout;
    recipe->addRow(tr("Preset:"), preset_);
    recipe->addRow(recipe_);
    seedsLabel_ = new QLabel;
    auto* seedsRow = new QHBoxLayout;
    seedsRow->addWidget(seeds_);
    seedsRow->addWidget(seedsLabel_, 1);
    recipe->addRow(tr("Repeat with seeds:"), seedsRow);
    recipe->addRow(tr("Estimated time:"), estimateLabel_);
    auto* recipeGroup = new QGroupBox(tr("Recipe"));
    recipeGroup->setLayout(recipe);

    // Record.
    outDir_ = new QLineEdit;
    outDir_->setPlaceholderText(tr("next to the experiment database (checkpoints/run-ID)"));
    project_ = new QLineEdit("default");
    name_ = new QLineEdit;
    tags_ = new QLineEdit;
    tags_->setPlaceholderText(tr("e.g. baseline ablation (separated by spaces)"));
    auto* record = new QFormLayout;
    record->addRow(tr("Name:"), name_);
    record->addRow(tr("Project:"), project_);
    record->addRow(tr("Tags:"), tags_);
    record->addRow(tr("Output folder:"), outDir_);
    auto* recordGroup = new QGroupBox(tr("Record"));
    recordGroup->setLayout(record);

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Queue"));
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);

    auto* right = new QVBoxLayout;
    right->addWidget(recipeGroup);
    right->addWidget(recordGroup);
    right->addStretch(1);
    auto* left = new QVBoxLayout;
    left->addWidget(modelSummary_);
    left->addWidget(dataGroup, 1);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 3);
    columns->addLayout(right, 2);
    auto* box = new QVBoxLayout(this);
    box->addLayout(columns, 1);
    box->addWidget(buttons_);

    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Data folder"), dataPath_->text().isEmpty()
                                                                                           ? QSettings().value("launcher/lastData").toString()
                                                                                           : dataPath_->text());
        if (!dir.isEmpty()) dataPath_->setText(dir), loadPreview();
    });
    connect(dataPath_, &QLineEdit::editingFinished, this, &LauncherDialog::loadPreview);
    connect(dataKind_, &QComboBox::currentIndexChanged, this, &LauncherDialog::loadPreview);
    connect(imageSize_, &QSpinBox::editingFinished, this, &LauncherDialog::loadPreview);
    connect(preset_, &QComboBox::activated, this, &LauncherDialog::applyPreset);
    connect(seeds_, &QSpinBox::valueChanged, this, &LauncherDialog::updateSeedsLabel);
    connect(name_, &QLineEdit::textEdited, this, [this] { name_->setProperty("suggested", false); });   // typed: keep it
    // What a step costs changes with the batch, threads, optimizer and layout: measure again.
    // Epochs, the image limit and seeds only scale it. A preset names its values; changed by hand,
    // the recipe is custom.
    connect(estimateTimer_, &QTimer::timeout, this, &LauncherDialog::measureEstimate);
    connect(seeds_, &QSpinBox::valueChanged, this, &LauncherDialog::showEstimate);
    connect(recipe_, &RecipeForm::fieldChanged, this, [this](const QString& field) {
        if (!applyingPreset_) preset_->setCurrentIndex(0);
        if (field == "seed") updateSeedsLabel();
        if (field == "batch" || field == "threads" || field == "optimizer" || field == "memory-format" ||
            field == "device")
            estimateTimer_->start();
        else if (field == "epochs" || field == "limit-train")
            showEstimate();
    });
    updateSeedsLabel();
    refreshModel();
    resize(1100, 760);
    // The data used last, so that the next run needs no browsing (setDataSpec replaces it).
    const QSettings settings;
    const QString lastData = settings.value("launcher/lastData").toString();
    const int lastKind = settings.value("launcher/lastKind", -1).toInt();
    if (!lastData.isEmpty() && lastKind >= 0 && lastKind < 4 && QFileInfo(lastData).isDir()) {
        const QSignalBlocker block(dataKind_);
        dataKind_->setCurrentIndex(lastKind);
        dataPath_->setText(lastData);
        QTimer::singleShot(0, this, [this, lastData] {
            if (dataPath_->text() == lastData && !data_ && dataError_.isEmpty()) loadPreview();
        });
    }
}

void LauncherDialog::setLimitTrain(std::int64_t images) {
    recipe_->setValue("limit-train",
                      std::to_string(std::clamp<std::int64_t>(images, 0, std::numeric_limits<int>::max())));
}

void LauncherDialog::measureEstimate() {
    TrainConfig c = config();
    if (c.threads <= 0) c.threads = std::max(1, QThread::idealThreadCount());   // the default core budget
    // The same data, batch, threads and optimizer as the measurement under way or shown: nothing to redo.
    const QString key =
        QString("%1|%2|%3|%4").arg(dataVersion_).arg(c.batch).arg(c.threads).arg(QString::fromStdString(c.optimizer));
    if (data_ && key == estimateKey_) return;
    estimateKey_ = data_ ? key : QString();
    estimateJob_->cancel();  // the form changed: a measurement under way is for the old one
    estimate_ = {};
    if (!data_ || !modelMessage().isEmpty()) {
        showEstimate();
        return;
    }
    estimateLabel_->setText(tr("measuring a few training steps of this model here..."));
    const Graph graph = graphForData();
    const std::int64_t classes = data_->classes(), train = data_->train.count, test = data_->test.count;
    estimateJob_->start(
        [graph, classes, train, test, c] {
            Estimate e;
            try {
                const TrainingEstimate t = estimateTraining(graph, classes, train, test, c);
                e.measured = true;
                e.stepSeconds = t.stepSeconds;
                e.evaluationSeconds = t.evaluationSeconds;
                e.stepsPerEpoch = t.stepsPerEpoch;
                e.threads = t.threads;
                e.batch = c.batch;
            } catch (const std::exception& ex) {
                e.error = QString::fromStdString(ex.what());
            }
            return e;
        },
        [this](Estimate e) {
            estimate_ = e;
            showEstimate();
            Q_EMIT estimateReady();
        });
}

void LauncherDialog::showEstimate() {
    if (!estimate_.measured) {
        if (!estimate_.error.isEmpty()) estimateLabel_->setText(tr("cannot time this model: %1").arg(estimate_.error));
        else if (!data_) estimateLabel_->setText(tr("Choose the data to estimate the time."));
        return;
    }
    // The steps of an epoch follow the image limit and the batch the step was measured at.
    const TrainConfig recipe = recipe_->recipe();
    const std::int64_t images = recipe.limitTrain > 0
                                    ? std::min<std::int64_t>(recipe.limitTrain, data_ ? data_->train.count : 0)
                                    : (data_ ? data_->train.count : 0);
    estimate_.stepsPerEpoch = (images + estimate_.batch - 1) / std::max(1, estimate_.batch);
    estimate_.epochSeconds = estimate_.stepSeconds * double(estimate_.stepsPerEpoch) + estimate_.evaluationSeconds;
    const int runs = seeds_->value();
    const double total = estimate_.epochSeconds * recipe.epochs * runs;
    QString text = tr("about %1 per epoch (%2 steps x %3 ms measured, + %4 to evaluate the test set)")
                       .arg(display::duration(estimate_.epochSeconds), display::count(estimate_.stepsPerEpoch),
                            display::decimal(estimate_.stepSeconds * 1000, 1), display::duration(estimate_.evaluationSeconds));
    text += "; " + tr("about %1 for %n epoch(s)", "", recipe.epochs).arg(display::duration(total / runs));
    if (runs > 1) text += "; " + tr("%1 for all %2 seeds, one after another").arg(display::duration(total)).arg(runs);
    text += " " + tr("(%n thread(s), this machine, now)", "", estimate_.threads);
    estimateLabel_->setText(text);
}

QString LauncherDialog::estimateText() const { return estimateLabel_->text(); }

void LauncherDialog::applyPreset(int index) {
    applyingPreset_ = true;
    preset_->setCurrentIndex(index);
    const auto set = [this](const char* field, const char* value) { recipe_->setValue(field, value); };
    if (index == 1) {   // the paper's recipe
        set("optimizer", "adam");
        set("lr", "0.001");
        set("schedule", "constant");
        set("warmup", "0");
        set("epochs", "100");
        set("batch", "64");
        set("weight-decay", "0");
        set("label-smoothing", "0");
    } else if (index == 2) {   // docs/training.md: 86.8% on CIFAR-10 in 16 epochs with hlcnn_s width 0.5
        set("optimizer", "adamw");
        set("lr", "0.004");
        set("schedule", "onecycle");
        set("warmup", "0");
        set("epochs", "16");
        set("batch", "128");
        set("weight-decay", "0.05");
        set("label-smoothing", "0.1");
        set("crop-padding", "4");
        set("flip", "true");
        set("seed", "1");
    }
    applyingPreset_ = false;
}

void LauncherDialog::updateSeedsLabel() {
    const int n = seeds_->value();
    const std::uint64_t first = recipe_->recipe().seed;
    seedsLabel_->setText(n == 1 ? tr("one run") : tr("%1 runs, seeds %2-%3, tagged as one seed group").arg(n).arg(first).arg(first + n - 1));
}

void LauncherDialog::setDataSpec(const QString& spec) {
    const int colon = spec.indexOf(':');
    const QString kind = colon > 0 ? spec.left(colon) : QString("folder");
    for (int i = 0; i < 4; ++i)
        if (kind == kKinds[i]) {
            const QSignalBlocker block(dataKind_);
            dataKind_->setCurrentIndex(i);
        }
    dataPath_->setText(colon > 0 ? spec.mid(colon + 1) : spec);
    loadPreview();
}

void LauncherDialog::setSeedCount(int n) { seeds_->setValue(n); }

void LauncherDialog::setFromRun(const std::string& datasetSpec, std::int64_t imageSize, const TrainConfig& c,
                                const std::string& name, const std::string& project, const std::vector<std::string>& tags) {
    imageSize_->setValue(int(imageSize));
    setRecipe(c);
    name_->setText(QString::fromStdString(name));
    name_->setProperty("suggested", false);
    project_->setText(QString::fromStdString(project));
    QStringList t;
    for (const auto& tag : tags)
        if (tag.rfind("seeds-", 0) != 0) t << QString::fromStdString(tag);   // a clone is not part of the seed group
    tags_->setText(t.join(' '));
    setDataSpec(QString::fromStdString(datasetSpec));
}

void LauncherDialog::setRecipe(const TrainConfig& c) {
    recipe_->setRecipe(c);
    outDir_->setText(QString::fromStdString(c.outDir));
}

TrainConfig LauncherDialog::config() const {
    TrainConfig c = recipe_->recipe();
    c.outDir = outDir_->text().trimmed().toStdString();
    return c;
}

void LauncherDialog::loadPreview() {
    const QString path = dataPath_->text().trimmed();
    previewJob_->cancel();  // the person chose other data: a load under way is for the old choice
    data_.reset();
    dataError_.clear();
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);
    if (path.isEmpty()) {
        dataSummary_->setText(tr("Choose the data to preview it."));
        showPreview();
        return;
    }
    dataSummary_->setText(tr("Loading %1 ...").arg(path));
    const std::string spec = std::string(kKinds[dataKind_->currentIndex()]) + ":" + path.toStdString();
    const std::int64_t size = imageSize_->value();
    previewJob_->start(
        [spec, size] {
            Preview p;
            try {
                p.data = sharedDataset(spec, size);
            } catch (const std::exception& e) {
                p.error = QString::fromStdString(e.what());
            }
            return p;
        },
        [this](Preview p) {
            ++dataVersion_;
            data_ = p.data;
            dataError_ = p.error;
            showPreview();
        });
}

Graph LauncherDialog::graphForData() const {
    if (model_.zooName.empty() || !data_) return model_.graph;
    models::ModelOptions o;
    o.classes = data_->classes();
    o.width = model_.width;
    o.stem = models::parseStem(model_.stem);
    o.inChannels = data_->train.channels;
    o.resolution = data_->train.height;
    return models::buildModel(model_.zooName, o);
}

QString LauncherDialog::dataMessage() const { return dataSummary_->text(); }

QString LauncherDialog::modelMessage() const {
    if (!data_) return {};
    try {
        return engineMessage(modelDataMismatch(graphForData(), *data_));
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

void LauncherDialog::refreshModel() {
    Graph g = model_.graph;
    try {
        g = graphForData();
    } catch (const std::exception&) {
    }
    QString text = tr("<b>Model:</b> %1, input %2").arg(QString::fromStdString(g.name).toHtmlEscaped(), QString::fromStdString(g.input.toString()));
    try {
        const ModelProfile p = profileGraph(g);
        text += tr(", %1 parameters, %2 M MACs").arg(display::count(p.total.params), display::millions(double(p.total.macs)));
    } catch (const std::exception& e) {
        text += tr(" (invalid: %1)").arg(QString::fromStdString(e.what()).toHtmlEscaped());
    }
    if (!model_.zooName.empty()) text += tr("<br>A zoo model: its input and classifier follow the data.");
    modelSummary_->setText(text);
    if (name_->text().isEmpty() || name_->property("suggested").toBool()) {
        // A name that tells runs apart: the graph, and for zoo models width and stem.
        QString suggested = QString::fromStdString(model_.zooName.empty() ? g.name : model_.zooName);
        if (!model_.zooName.empty()) suggested += QString(" w%1 %2").arg(model_.width).arg(QString::fromStdString(model_.stem));
        if (data_) suggested += " on " + QFileInfo(QString::fromStdString(data_->name).section(':', 1)).fileName();
        name_->setText(suggested);
        name_->setProperty("suggested", true);
    }
}

void LauncherDialog::showPreview() {
    classes_->setRowCount(0);
    while (QLayoutItem* item = samples_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    samplesShown_ = 0;
    fitMessage_->clear();
    if (!data_) {
        if (!dataError_.isEmpty()) dataSummary_->setText("<span style='color:#b00020'>" + dataError_.toHtmlEscaped() + "</span>");
        estimateJob_->cancel();
        estimate_ = {};
        showEstimate();
        refreshModel();
        Q_EMIT previewReady();
        return;
    }
    const Dataset& d = *data_;
    {   // data that loaded are offered the next time the launcher opens
        QSettings settings;
        settings.setValue("launcher/lastData", dataPath_->text().trimmed());
        settings.setValue("launcher/lastKind", dataKind_->currentIndex());
    }
    dataSummary_->setText(tr("%1: %2 training and %3 test images, %4 classes, images %5x%6x%7 (input shape [%5, %6, %7])")
                              .arg(QString::fromStdString(d.name))
                              .arg(display::count(d.train.count), display::count(d.test.count))
                              .arg(d.classes())
                              .arg(d.train.channels)
                              .arg(d.train.height)
                              .arg(d.train.width) +
                          (d.skipped.empty() ? QString() : tr("; %1 unreadable file(s) skipped").arg(d.skipped.size())));
    std::vector<std::int64_t> trainCount(std::size_t(d.classes()), 0), testCount(std::size_t(d.classes()), 0);
    std::vector<std::vector<std::int64_t>> examples(std::size_t(d.classes()));
    for (std::int64_t i = 0; i < d.train.count; ++i) {
        const auto label = std::size_t(d.train.labels[std::size_t(i)]);
        ++trainCount[label];
        if (examples[label].size() < 6) examples[label].push_back(i);
    }
    for (std::int64_t l : d.test.labels) ++testCount[std::size_t(l)];
    classes_->setRowCount(int(d.classes()));
    for (int c = 0; c < int(d.classes()); ++c) {
        classes_->setItem(c, 0, new QTableWidgetItem(QString::fromStdString(d.classNames[std::size_t(c)])));
        auto* train = new QTableWidgetItem(display::count(trainCount[std::size_t(c)]));
        train->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        classes_->setItem(c, 1, train);
        auto* test = new QTableWidgetItem(display::count(testCount[std::size_t(c)]));
        test->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        classes_->setItem(c, 2, test);
    }
    classes_->resizeColumnsToContents();
    const int shownClasses = std::min<int>(int(d.classes()), 10);
    for (int c = 0; c < shownClasses; ++c) {
        auto* label = new QLabel(QString::fromStdString(d.classNames[std::size_t(c)]));
        label->setMaximumWidth(90);
        samples_->addWidget(label, c, 0);
        int column = 1;
        for (std::int64_t i : examples[std::size_t(c)]) {
            auto* image = new QLabel;
            image->setPixmap(QPixmap::fromImage(sampleImage(d.train, i, 40)));
            image->setToolTip(tr("training image %1").arg(i));
            samples_->addWidget(image, c, column++);
            ++samplesShown_;
        }
    }
    refreshModel();
    const QString mismatch = modelMessage();
    if (!mismatch.isEmpty()) {
        fitMessage_->setText("<span style='color:#b00020'>" + tr("The model and the data disagree: %1").arg(mismatch.toHtmlEscaped()) + "</span>");
    } else {
        fitMessage_->setText("<span style='color:#1b5e20'>" + tr("The model fits the data.") + "</span>");
    }
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(mismatch.isEmpty());
    measureEstimate();
    Q_EMIT previewReady();
}

std::vector<LaunchRequest> LauncherDialog::requests(QString* error) const {
    auto fail = [error](const QString& m) {
        if (error) *error = m;
        return std::vector<LaunchRequest>{};
    };
    if (!data_) return fail(dataError_.isEmpty() ? tr("No data loaded yet") : dataError_);
    const QString mismatch = modelMessage();
    if (!mismatch.isEmpty()) return fail(mismatch);
    TrainConfig base = config();
    try {
        TrainConfig check = base;
        validateTrainConfig(check, RecipeSpelling::Label);
    } catch (const std::invalid_argument& e) {
        return fail(QString::fromStdString(e.what()));
    }
    // The same memory check as `hlcnn train`: a batch that cannot fit is refused before queueing.
    const std::string memory = batchMemoryProblem(graphForData(), base.batch, true);
    if (!memory.empty()) return fail(QString::fromStdString(memory).replace("--batch", tr("Batch")));
    std::vector<std::string> tags;
    for (const QString& t : tags_->text().split(QRegularExpression("[\\s,]+"), Qt::SkipEmptyParts)) tags.push_back(t.toStdString());
    const int n = seeds_->value();
    const QString name = name_->text().trimmed();
    const std::string group = "seeds-" + QString::number(qHash(name + QString::number(QDateTime::currentMSecsSinceEpoch())), 16).toStdString();
    std::vector<LaunchRequest> out;
    const Graph graph = graphForData();
    for (int i = 0; i < n; ++i) {
        LaunchRequest r;
        r.graph = graph;
        r.modelName = model_.zooName.empty() ? graph.name : model_.zooName;
        r.dataSpec = data_->name;
        r.imageSize = imageSize_->value();
        r.config = base;
        r.config.seed = base.seed + std::uint64_t(i);
        // Several seeds write to one folder only if each has its own.
        if (!base.outDir.empty() && n > 1) r.config.outDir = base.outDir + "/seed-" + std::to_string(r.config.seed);
        r.name = (name.isEmpty() ? QString::fromStdString(graph.name) : name).toStdString();
        if (n > 1) r.name += " seed " + std::to_string(r.config.seed);
        r.project = project_->text().trimmed().isEmpty() ? "default" : project_->text().trimmed().toStdString();
        r.tags = tags;
        if (n > 1) r.tags.push_back(group);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace hlcnn
