#include "hlcnn/widgets/run_detail.h"
#include "engine_text.h"
#include "hlcnn/widgets/background_job.h"

#include "hlcnn/core/trainer.h"
#include "hlcnn/experiments/run_export.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/experiments/shared_datasets.h"
#include "hlcnn/widgets/confusion_view.h"
#include "hlcnn/widgets/export_dialog.h"
#include "hlcnn/widgets/live_runs.h"
#include "hlcnn/widgets/number_format.h"
#include "hlcnn/widgets/run_colors.h"
#include "export_report.h"
#include "qcustomplot_include.h"
#include "sample_image.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>

namespace hlcnn {

namespace {

QString html(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

// The epoch whose checkpoint is best.ckpt: the first with the highest validation top-1.
const EpochMetrics* bestEpoch(const RunData& run) {
    const EpochMetrics* best = nullptr;
    for (const EpochMetrics& e : run.epochs)
        if (!best || e.val.top1 > best->val.top1) best = &e;
    return best;
}

}  // namespace

RunDetail::RunDetail(QWidget* parent) : QWidget(parent) {
    mistakesJob_ = new BackgroundJob(this);
    classNamesJob_ = new BackgroundJob(this);
    exportsJob_ = new BackgroundJob(this);
    exportJob_ = new BackgroundJob(this, BackgroundJob::Mode::Every);
    tabs_ = new QTabWidget;
    summary_ = new QTextBrowser;
    summary_->setOpenLinks(false);
    openGraph_ = new QPushButton(tr("Open graph in the designer"));
    openGraph_->setEnabled(false);
    auto* summaryPage = new QWidget;
    auto* summaryBox = new QVBoxLayout(summaryPage);
    summaryBox->addWidget(summary_, 1);
    summaryBox->addWidget(openGraph_, 0, Qt::AlignLeft);
    confusion_ = new ConfusionView;
    perClass_ = new QCustomPlot;
    perClass_->yAxis->setLabel(tr("top-1 %"));
    perClass_->yAxis->setRange(0, 100);
    log_ = new QPlainTextEdit;
    log_->setReadOnly(true);
    log_->setLineWrapMode(QPlainTextEdit::NoWrap);
    files_ = new QTableWidget(0, 4);
    files_->setHorizontalHeaderLabels({tr("Kind"), tr("Size"), tr("SHA-256"), tr("Path")});
    files_->verticalHeader()->hide();
    files_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    files_->horizontalHeader()->setStretchLastSection(true);
    auto* openFolder = new QPushButton(tr("Open folder"));
    export_ = new QPushButton(tr("Export..."));
    export_->setToolTip(tr("Write the run's model as a deployable file: .hlmp or .ptl for phones, .pt for the host, .onnx; fp32 or int8"));
    cancelExport_ = new QPushButton(tr("Cancel export"));
    cancelExport_->setVisible(false);
    exportStatus_ = new QLabel;
    exportStatus_->setWordWrap(true);
    exportStatus_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* filesPage = new QWidget;
    auto* filesBox = new QVBoxLayout(filesPage);
    filesBox->addWidget(files_, 1);
    auto* filesButtons = new QHBoxLayout;
    filesButtons->addWidget(openFolder);
    filesButtons->addWidget(export_);
    filesButtons->addWidget(cancelExport_);
    filesButtons->addWidget(exportStatus_, 1);
    filesBox->addLayout(filesButtons);
    tabs_->addTab(summaryPage, tr("Summary"));
    tabs_->addTab(confusion_, tr("Confusion matrix"));
    tabs_->addTab(perClass_, tr("Per-class accuracy"));
    mistakes_ = new QListWidget;
    mistakes_->setViewMode(QListView::IconMode);
    mistakes_->setIconSize(QSize(64, 64));
    mistakes_->setGridSize(QSize(150, 120));
    mistakes_->setResizeMode(QListView::Adjust);
    mistakes_->setMovement(QListView::Static);
    mistakesStatus_ = new QLabel(tr("Evaluates the best checkpoint on the test set and shows the images it gets wrong, most confident first, by true and predicted class."));
    mistakesStatus_->setWordWrap(true);
    findMistakes_ = new QPushButton(tr("Find misclassified test images"));
    trueFilter_ = new QComboBox;
    trueFilter_->setObjectName("mistakesTrue");
    trueFilter_->addItem(tr("any true class"));
    predictedFilter_ = new QComboBox;
    predictedFilter_->setObjectName("mistakesPredicted");
    predictedFilter_->addItem(tr("any prediction"));
    connect(trueFilter_, &QComboBox::currentIndexChanged, this, &RunDetail::showMistakes);
    connect(predictedFilter_, &QComboBox::currentIndexChanged, this, &RunDetail::showMistakes);
    auto* mistakesPage = new QWidget;
    auto* mistakesBox = new QVBoxLayout(mistakesPage);
    auto* mistakesTop = new QHBoxLayout;
    mistakesTop->addWidget(findMistakes_);
    mistakesTop->addWidget(new QLabel(tr("True:")));
    mistakesTop->addWidget(trueFilter_);
    mistakesTop->addWidget(new QLabel(tr("Predicted:")));
    mistakesTop->addWidget(predictedFilter_);
    mistakesTop->addWidget(mistakesStatus_, 1);
    mistakesBox->addLayout(mistakesTop);
    mistakesBox->addWidget(mistakes_, 1);
    tabs_->addTab(mistakesPage, tr("Misclassified"));
    connect(findMistakes_, &QPushButton::clicked, this, &RunDetail::findMistakes);
    tabs_->addTab(log_, tr("Log"));
    tabs_->addTab(filesPage, tr("Files"));
    exportReports_ = new QTextBrowser;
    exportReports_->setObjectName("exportReports");
    tabs_->addTab(exportReports_, tr("Exports"));
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 0, 0, 0);
    box->addWidget(tabs_);
    connect(openGraph_, &QPushButton::clicked, this, [this] {
        if (!graphJson_.isEmpty()) Q_EMIT openGraphRequested(graphJson_);
    });
    connect(openFolder, &QPushButton::clicked, this, [this] {
        if (!checkpointDir_.isEmpty()) QDesktopServices::openUrl(QUrl::fromLocalFile(checkpointDir_));
    });
    connect(export_, &QPushButton::clicked, this, [this] {
        if (!runId_ || checkpointDir_.isEmpty()) return;
        ExportDialog dialog(runName_, checkpointDir_, QString::fromStdString(datasetSpec_), this);
        if (dialog.exec() == QDialog::Accepted) exportRun(dialog.choice());
    });
    connect(cancelExport_, &QPushButton::clicked, this, &RunDetail::cancelExport);
    showRun(nullptr);
}

namespace {

struct MistakeImages {
    QString error;
    std::shared_ptr<const Dataset> data;
    const ImageSet* set = nullptr;
    std::int64_t samples = 0;
    double top1 = 0;
    std::vector<Misprediction> all;
};

}  // namespace

void RunDetail::findMistakes() {
    if (!runId_ || checkpointDir_.isEmpty()) return;
    const std::string checkpoint = (checkpointDir_ + "/best.ckpt").toStdString(), spec = datasetSpec_;
    const std::int64_t imageSize = imageSize_, run = runId_;
    findMistakes_->setEnabled(false);
    mistakes_->clear();
    mistakesStatus_->setText(tr("Evaluating the best checkpoint..."));
    found_ = {};
    mistakesJob_->start(
        [checkpoint, spec, imageSize] {
            MistakeImages out;
            try {
                out.data = sharedDataset(spec, imageSize);
                out.set = out.data->test.count ? &out.data->test : &out.data->train;
                const EvalMetrics m =
                    evaluateCheckpoint(checkpoint, *out.set, 256, std::size_t(out.set->count));  // every mistake
                out.samples = m.samples;
                out.top1 = m.top1;
                out.all = m.mistakes;
            } catch (const std::exception& e) {
                out.error = QString::fromStdString(e.what());
            }
            return out;
        },
        [this](MistakeImages m) {
            findMistakes_->setEnabled(true);
            if (!m.error.isEmpty()) {
                mistakesStatus_->setText(tr("Cannot evaluate: %1").arg(m.error));
                Q_EMIT mistakesShown();
                return;
            }
            found_.data = m.data;
            found_.set = m.set;
            found_.samples = m.samples;
            found_.top1 = m.top1;
            for (const Misprediction& x : m.all) found_.all.push_back({x.index, x.label, x.predicted, x.confidence});
            // Most confident first: the mistakes that say most about the model, whatever the set's order.
            std::stable_sort(found_.all.begin(), found_.all.end(),
                             [](const auto& a, const auto& b) { return a.confidence > b.confidence; });
            for (QComboBox* filter : {trueFilter_, predictedFilter_}) {
                const QSignalBlocker block(filter);
                const int keep = filter->currentIndex();
                filter->clear();
                filter->addItem(filter == trueFilter_ ? tr("any true class") : tr("any prediction"));
                for (const std::string& n : m.data->classNames) filter->addItem(QString::fromStdString(n));
                filter->setCurrentIndex(keep < filter->count() ? std::max(0, keep) : 0);
            }
            showMistakes();
            Q_EMIT mistakesShown();
        });
}

void RunDetail::showMistakes() {
    mistakes_->clear();
    if (!found_.set) return;
    const int wantTrue = trueFilter_->currentIndex() - 1, wantPredicted = predictedFilter_->currentIndex() - 1;
    const auto& names = found_.data->classNames;
    auto name = [&](std::int64_t c) {
        return std::size_t(c) < names.size() ? QString::fromStdString(names[std::size_t(c)]) : QString::number(c);
    };
    constexpr int kShown = 60;   // thumbnails drawn at most; the status says how many match
    int matching = 0;
    for (const auto& x : found_.all) {
        if ((wantTrue >= 0 && x.label != wantTrue) || (wantPredicted >= 0 && x.predicted != wantPredicted)) continue;
        if (++matching > kShown) continue;
        mistakes_->addItem(new QListWidgetItem(QIcon(QPixmap::fromImage(sampleImage(*found_.set, x.index, 64))),
                                               tr("#%1 true: %2\npredicted: %3 (%4 %)")
                                                   .arg(x.index)
                                                   .arg(name(x.label), name(x.predicted), display::decimal(100 * x.confidence, 0))));
    }
    mistakesStatus_->setText(tr("Best checkpoint: top-1 %1 % on %2 test images; %3 of them misclassified, %4 match the filters, "
                                "the %n most confident shown:",
                                "", std::min(matching, kShown))
                                 .arg(display::decimal(found_.top1, 2), display::count(found_.samples), display::count(std::int64_t(found_.all.size())),
                                      display::count(matching)));
}

QString RunDetail::summaryText() const { return summary_->toPlainText(); }
QString RunDetail::logText() const { return log_->toPlainText(); }

void RunDetail::fetchClassNames(const std::string& checkpoint, const QString& key) {
    if (classNames_.contains(key)) return;
    classNames_.insert(key, {});   // asked once
    classNamesJob_->start(
        [checkpoint] {
            QStringList names;
            try {
                for (const std::string& n : readCheckpointInfo(checkpoint).classNames)
                    names << QString::fromStdString(n);
            } catch (const std::exception&) {  // no checkpoint yet, or unreadable: indexes are shown
            }
            return names;
        },
        [this, key](QStringList result) {
            classNames_[key] = result;
            if (shown_ && runId_) showRun(shown_);
        });
}

void RunDetail::showRun(const RunData* data) {
    shown_ = data;
    if (!data) {
        runId_ = 0;
        mistakes_->clear();
        graphJson_.clear();
        checkpointDir_.clear();
        summary_->setHtml(tr("<p>Select a run to see its record, recipe, confusion matrix and files.</p>"));
        openGraph_->setEnabled(false);
        confusion_->setMatrix({}, {}, {});
        perClass_->clearPlottables();
        perClass_->replot();
        log_->clear();
        exports_.clear();
        showExportReports();
        files_->setRowCount(0);
        export_->setEnabled(false);
        return;
    }
    const RunRecord& r = data->run;
    const bool otherRun = runId_ != r.id;
    if (otherRun) {   // another run: its mistakes and exports are not these
        mistakes_->clear();
        found_ = {};
        mistakesStatus_->setText(tr("Evaluates the best checkpoint on the test set and shows the images it gets wrong, most confident first, by true and predicted class."));
        exports_.clear();
        showExportReports();
        if (!exporting_) exportStatus_->clear();
    }
    runId_ = r.id;
    runName_ = QString::fromStdString(r.name);
    export_->setEnabled(!exporting_ && !data->epochs.empty() && !r.checkpointDir.empty());
    if (otherRun) loadExports();
    datasetSpec_ = r.datasetSpec;
    imageSize_ = recordedImageSize(r);
    if (!r.graphJson.empty()) graphJson_ = QString::fromStdString(r.graphJson);
    checkpointDir_ = QString::fromStdString(r.checkpointDir);
    openGraph_->setEnabled(!graphJson_.isEmpty());
    findMistakes_->setEnabled(!data->epochs.empty() && !r.checkpointDir.empty());
    const EpochMetrics* best = bestEpoch(*data);

    QString s = QString("<h3><span style='color:%1'>&#9632;</span> %2 <small>(run %3)</small></h3>")
                    .arg(runColor(r.id).name(), html(r.name))
                    .arg(r.id);
    s += "<table cellspacing='2'>";
    auto row = [&s](const QString& k, const QString& v) { s += "<tr><td><b>" + k + "</b></td><td>" + v + "</td></tr>"; };
    row(tr("State"), runStateText(r.state).toHtmlEscaped() + (r.message.empty() ? QString() : " &mdash; " + engineMessage(r.message).toHtmlEscaped()));
    row(tr("Model"), html(r.model) + tr(", %1 parameters, %2 M MACs").arg(display::count(r.params), display::millions(double(r.macs))));
    row(tr("Data"), html(r.datasetSpec));
    row(tr("Epochs"), QString("%1 / %2").arg(data->epochs.size()).arg(r.epochsPlanned));
    if (best)
        row(tr("Best"), tr("val top-1 %1 % (top-5 %2 %) at epoch %3")
                            .arg(display::decimal(best->val.top1, 2), display::decimal(best->val.top5, 2))
                            .arg(best->epoch));
    row(tr("Project / tags"), html(r.project) + " / " + html([&] {
        std::string t;
        for (const auto& tag : r.tags) t += (t.empty() ? "" : ", ") + tag;
        return t;
    }()));
    row(tr("Created"), display::localTime(r.createdAt));
    if (!r.finishedAt.empty()) row(tr("Finished"), display::localTime(r.finishedAt));
    row(tr("Process"), tr("%1 on %2").arg(r.pid).arg(html(r.host)));
    row(tr("Program"), html("hlcnn " + r.programVersion + ", LibTorch " + r.torchVersion));
    row(tr("Checkpoints"), html(r.checkpointDir));
    s += "</table><h4>" + tr("Recipe") + "</h4><table cellspacing='2'>";
    const QJsonObject config = QJsonDocument::fromJson(QByteArray::fromStdString(r.configJson)).object();
    for (auto it = config.begin(); it != config.end(); ++it) {
        const QJsonValue v = it.value();
        const QString text = v.isString() ? v.toString() : QString::fromUtf8(QJsonDocument(QJsonObject{{"v", v}}).toJson(QJsonDocument::Compact)).mid(5).chopped(1);
        row(it.key().toHtmlEscaped(), text.toHtmlEscaped());
    }
    s += "</table>";
    if (!r.notes.empty()) s += "<h4>" + tr("Notes") + "</h4><p>" + html(r.notes) + "</p>";
    summary_->setHtml(s);

    // Asked again after each new epoch until the checkpoint answers (before the first epoch
    // there is no best.ckpt yet).
    const QString bestCheckpoint = checkpointDir_ + "/best.ckpt";
    const QString key = bestCheckpoint + "#" + QString::number(data->epochs.size());
    QStringList names;
    for (auto it = classNames_.begin(); it != classNames_.end(); ++it)
        if (it.key().startsWith(bestCheckpoint + "#") && !it.value().isEmpty()) names = it.value();
    if (!r.checkpointDir.empty() && names.isEmpty() && !data->epochs.empty()) fetchClassNames(bestCheckpoint.toStdString(), key);
    if (best) {
        confusion_->setMatrix(best->val.confusion, names,
                              tr("Epoch %1 (best val top-1 %2 %), %3 test images; rows: true class")
                                  .arg(best->epoch)
                                  .arg(display::decimal(best->val.top1, 2))
                                  .arg(display::count(best->val.samples)));
        perClass_->clearPlottables();
        auto* bars = new QCPBars(perClass_->xAxis, perClass_->yAxis);
        bars->setBrush(runColor(r.id));
        bars->setPen(Qt::NoPen);
        QVector<double> keys, values;
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (std::size_t c = 0; c < best->val.perClass.size(); ++c) {
            keys << double(c);
            values << best->val.perClass[c];
            ticker->addTick(double(c), int(c) < names.size() ? names[int(c)] : QString::number(c));
        }
        bars->setData(keys, values);
        perClass_->xAxis->setTicker(ticker);
        perClass_->xAxis->setTickLabelRotation(names.isEmpty() ? 0 : 45);
        perClass_->xAxis->setRange(-0.6, double(keys.size()) - 0.4);
        perClass_->replot();
    } else {
        confusion_->setMatrix({}, {}, {});
        perClass_->clearPlottables();
        perClass_->replot();
    }

    QStringList lines;
    lines << tr("created %1: %2 on %3").arg(display::localTime(r.createdAt), QString::fromStdString(r.model), QString::fromStdString(r.datasetSpec));
    for (const EpochMetrics& e : data->epochs)
        lines << QString("epoch %1  train loss %2  top-1 %3%  val loss %4  top-1 %5%  top-5 %6%  lr %7  %8 s")
                     .arg(e.epoch, 3)
                     .arg(e.trainLoss, 0, 'f', 4)
                     .arg(e.trainTop1, 0, 'f', 2)
                     .arg(e.val.loss, 0, 'f', 4)
                     .arg(e.val.top1, 0, 'f', 2)
                     .arg(e.val.top5, 0, 'f', 2)
                     .arg(e.lr, 0, 'e', 2)
                     .arg(e.seconds, 0, 'f', 0);
    lines << QString("%1: %2").arg(runStateText(r.state), engineMessage(r.message));
    if (log_->toPlainText() != lines.join('\n')) log_->setPlainText(lines.join('\n'));

    showFiles();
}

void RunDetail::showFiles() {
    const std::size_t artifacts = shown_ ? shown_->artifacts.size() : 0;
    files_->setRowCount(int(artifacts) + int(exports_.size()));
    for (int i = 0; i < int(artifacts); ++i) {
        const Artifact& a = shown_->artifacts[std::size_t(i)];
        files_->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(a.kind)));
        files_->setItem(i, 1, new QTableWidgetItem(display::mebibytes(a.bytes)));
        files_->setItem(i, 2, new QTableWidgetItem(QString::fromStdString(a.sha256.substr(0, 16))));
        files_->setItem(i, 3, new QTableWidgetItem(QString::fromStdString(a.path)));
    }
    for (int i = 0; i < int(exports_.size()); ++i) {
        const ExportRow& e = exports_[i];
        const int row = int(artifacts) + i;
        files_->setItem(row, 0, new QTableWidgetItem(e.kind));
        files_->setItem(row, 1, new QTableWidgetItem(e.size));
        files_->setItem(row, 2, new QTableWidgetItem(e.sha));
        files_->setItem(row, 3, new QTableWidgetItem(e.path));
    }
}

void RunDetail::showExportReports() {
    QString html;
    for (auto e = exports_.crbegin(); e != exports_.crend(); ++e) html += e->reportHtml + "<hr>";   // newest first
    if (html.isEmpty()) html = "<p>" + tr("No exports yet: Files > Export... writes the run as .hlmp, .ptl, .pt or .onnx, fp32 or int8.") + "</p>";
    exportReports_->setHtml(html);
}

void RunDetail::setDatabase(const QString& path) {
    database_ = path;
    exports_.clear();
    loadExports();
}

// The shown run's exports, read on a worker (the GUI thread never queries the store).
void RunDetail::loadExports() {
    if (!runId_ || database_.isEmpty()) return;
    const QString db = database_;
    const std::int64_t run = runId_;
    exportsJob_->start(
        [db, run] {
            QList<ExportRow> rows;
            try {
                const ExperimentStore store(db.toStdString(), false);
                for (const ExportRecord& e : store.exports(run))
                    rows.push_back({QString("export %1 %2")
                                        .arg(QString::fromStdString(e.format), QString::fromStdString(e.precision)),
                                    display::mebibytes(e.bytes), QString::fromStdString(e.sha256.substr(0, 16)),
                                    QString::fromStdString(e.path), exportReportHtml(e)});
            } catch (const std::exception&) {  // no store (yet), or an older one: nothing to list
            }
            return rows;
        },
        [this](QList<ExportRow> rows) {
            exports_ = rows;
            showFiles();
            showExportReports();
        });
}

namespace {

struct ExportOutcome {
    QString error;            // "" on success
    bool cancelled = false;
    qint64 bytes = 0;
    double fp32Top1 = -1, int8Top1 = -1;
    QString evalData, runtime;
};

}  // namespace

void RunDetail::exportRun(const ExportChoice& choice) {
    if (!runId_ || exporting_) return;
    RunExportRequest request;
    try {
        request.format = parseExportFormat(choice.format.toStdString());
    } catch (const std::invalid_argument& e) {
        Q_EMIT exportFinished(QString::fromStdString(e.what()), choice.output);
        return;
    }
    request.checkpoint = choice.checkpoint.toStdString();
    request.output = choice.output.toStdString();
    request.int8 = choice.int8;
    request.calibData = choice.calibData.trimmed().toStdString();
    request.calibBatches = choice.calibBatches;
    request.engine = choice.format == "mobile" ? std::string() : choice.engine.toStdString();
    request.evalData = choice.int8 ? std::string() : datasetSpec_;   // int8 measures on its calibration data's test split
    request.evaluate = choice.evaluate;
    request.threads = std::max(1, QThread::idealThreadCount());
    exportCancel_ = std::make_shared<std::atomic_bool>(false);
    const std::shared_ptr<std::atomic_bool> cancel = exportCancel_;
    request.cancelled = [cancel] { return cancel->load(); };
    const QString db = database_, output = choice.output;
    const std::int64_t run = runId_;
    exporting_ = true;
    export_->setEnabled(false);
    cancelExport_->setVisible(true);
    exportStatus_->setText(tr("Exporting to %1...").arg(output));

    exportJob_->start(
        [request, db, run] {
            ExportOutcome o;
            try {
                const RunExportResult result = exportCheckpoint(request);
                o.bytes = result.bytes;
                const auto& report = result.description["report"];
                if (report.contains("eval")) {
                    const auto& e = report["eval"];
                    o.evalData = QString::fromStdString(e["data"].get<std::string>());
                    o.fp32Top1 = e["fp32_top1"].get<double>();
                    if (e.contains("int8_top1")) o.int8Top1 = e["int8_top1"].get<double>();
                }
                if (!db.isEmpty()) {
                    try {
                        ExperimentStore store(db.toStdString(), false);
                        store.addExport(exportRecord(run, request, result));
                    } catch (const std::exception& e) {
                        o.error = QCoreApplication::translate("hlcnn::RunDetail",
                                                              "wrote the file but could not record it: %1")
                                      .arg(QString::fromStdString(e.what()));
                    }
                }
            } catch (const RunExportCancelled&) {
                o.cancelled = true;
            } catch (const std::exception& e) {
                o.error = QString::fromStdString(e.what());
            }
            return o;
        },
        [this, output, run](ExportOutcome o) {
            exporting_ = false;
            cancelExport_->setVisible(false);
            export_->setEnabled(runId_ != 0 && !checkpointDir_.isEmpty());
            if (o.cancelled) {
                exportStatus_->setText(tr("Export cancelled; nothing was written."));
            } else if (!o.error.isEmpty()) {
                exportStatus_->setText(tr("Export failed: %1").arg(o.error));
            } else {
                QString text = tr("Wrote %1 (%2).").arg(output, display::mebibytes(o.bytes));
                if (o.int8Top1 >= 0)
                    text +=
                        " " + tr("Top-1 on %1: fp32 %2 %, int8 %3 %.")
                                  .arg(o.evalData, display::decimal(o.fp32Top1, 2), display::decimal(o.int8Top1, 2));
                else if (o.fp32Top1 >= 0)
                    text += " " + tr("Top-1 on %1: %2 %.").arg(o.evalData, display::decimal(o.fp32Top1, 2));
                exportStatus_->setText(text);
            }
            if (run == runId_) {
                loadExports();
                if (o.error.isEmpty() && !o.cancelled) tabs_->setCurrentWidget(exportReports_);  // the full report
            }
            Q_EMIT exportFinished(o.cancelled ? QStringLiteral("cancelled") : o.error, output);
        });
}

void RunDetail::cancelExport() {
    if (exportCancel_) exportCancel_->store(true);
}

QString RunDetail::exportStatus() const { return exportStatus_->text(); }

}  // namespace hlcnn
