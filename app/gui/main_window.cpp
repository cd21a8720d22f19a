#include "main_window.h"

#include "hlcnn/core/graph_json.h"
#include "hlcnn/experiments/profile_tables.h"
#include "hlcnn/models/zoo.h"
#include "hlcnn/widgets/designer_document.h"
#include "hlcnn/widgets/designer_scene.h"
#include "hlcnn/widgets/designer_widget.h"
#include "hlcnn/widgets/model_browser.h"
#include "hlcnn/widgets/profile_table_model.h"
#include "hlcnn/widgets/profile_view.h"
#include "hlcnn/widgets/runs_view.h"
#include "hlcnn/widgets/compare_view.h"
#include "hlcnn/widgets/devices_view.h"
#include "hlcnn/widgets/launcher_dialog.h"
#include "hlcnn/experiments/run_queue.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QTime>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>

#include <algorithm>

namespace hlcnn {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), browser_(new ModelBrowser), profile_(new ProfileView), designer_(new DesignerWidget),
      runs_(new RunsView), compare_(new CompareView), devices_(new DevicesView), areas_(new QTabWidget) {
    setWindowTitle(tr("HL-CNN Workbench"));
    setWindowIcon(QIcon(":/hlcnn/icons/hlcnn.svg"));
    areas_->setObjectName("areas");
    areas_->addTab(designer_, tr("Designer"));
    areas_->addTab(runs_, tr("Runs"));
    areas_->addTab(compare_, tr("Compare"));
    areas_->addTab(profile_, tr("Profiler"));
    areas_->addTab(devices_, tr("Devices"));
    devices_->setDatabase(runs_->database());
    designer_->setDatabase(runs_->database());
    devices_->setGraphSource([this] { return designer_->document()->graph(); });
    connect(devices_, &DevicesView::latencyTableFinished, designer_, [this](bool ok) {
        if (ok) designer_->reloadLatencyTables();
    });
    setCentralWidget(areas_);
    connect(devices_, &DevicesView::message, this, &MainWindow::showMessage);
    connect(designer_, &DesignerWidget::statusMessage, this, &MainWindow::showMessage);
    connect(runs_, &RunsView::message, this, &MainWindow::showMessage);
    connect(runs_, &RunsView::openGraphRequested, this, &MainWindow::openRecordedGraph);
    connect(runs_, &RunsView::compareRequested, this, [this](const QList<qint64>& ids) {
        compare_->compare(runs_->database(), ids);
        areas_->setCurrentWidget(compare_);
    });
    connect(compare_, &CompareView::message, this, &MainWindow::showMessage);
    connect(compare_, &CompareView::failed, this, &MainWindow::showMessage);
    connect(browser_, &ModelBrowser::trainRequested, this, [this](const QString& name, const QString& stem, int classes, double width) {
        LaunchModel model;
        model.zooName = name.toStdString();
        model.stem = stem.toStdString();
        model.width = width;
        try {
            models::ModelOptions o;
            o.stem = models::parseStem(model.stem);
            o.width = width;
            o.classes = classes;   // what the zoo's Classes says, until the data decide
            model.graph = models::buildModel(model.zooName, o);
        } catch (const std::exception& e) {
            showMessage(tr("Cannot build %1: %2").arg(name, QString::fromStdString(e.what())));
            return;
        }
        areas_->setCurrentWidget(runs_);
        runs_->launch(model, this);
    });
    connect(designer_->document()->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(designer_, &DesignerWidget::documentReplaced, this, &MainWindow::updateTitle);
    connect(designer_->document(), &DesignerDocument::graphChanged, this, &MainWindow::updateTitle);   // a renamed model
    connect(designer_, &DesignerWidget::figuresShown, this, [this] {
        if (trainAction_) trainAction_->setEnabled(designer_->analysis()->latest().valid);
    });
    auto* dock = new QDockWidget(tr("Architecture zoo"), this);
    dock->setObjectName("zooDock");
    dock->setWidget(browser_);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    // Every status message also lands here, with its time: a refusal does not vanish with the status bar.
    messages_ = new QListWidget;
    messages_->setObjectName("messageLog");
    auto* messageDock = new QDockWidget(tr("Messages"), this);
    messageDock->setObjectName("messageDock");
    messageDock->setWidget(messages_);
    addDockWidget(Qt::BottomDockWidgetArea, messageDock);
    messageDock->hide();
    createActions();
    statusBar()->showMessage(tr("Pick a model from the zoo (it opens in the designer and the profiler), drag ops from the palette, or open a graph file."));

    connect(browser_, &ModelBrowser::modelRequested, this, &MainWindow::showModel);
    connect(profile_, &ProfileView::profileReady, this, [this] {
        statusBar()->showMessage(tr("%1: %2 layers profiled")
                                     .arg(QString::fromStdString(profile_->profile().model))
                                     .arg(profile_->profile().layers.size()));
    });
    connect(profile_, &ProfileView::analysisFailed, this, [this](const QString& message) { showMessage(tr("Invalid graph: %1").arg(message)); });
    // Measured layer times shade the designer's nodes, when the profiler timed the designer's own graph;
    // an edit makes them stale, so it clears them.
    connect(profile_, &ProfileView::layerTimesReady, this, [this] {
        if (profile_->graph() == designer_->document()->graph())
            designer_->scene()->showTimeShares(profile_->tableModel()->blockTimeShares(), profile_->tableModel()->blockTimeNotes());
        showMessage(profile_->timingText());
    });
    connect(designer_->document(), &DesignerDocument::graphChanged, this, [this] { designer_->scene()->showTimeShares({}); });

    QSettings settings;
    resize(1280, 800);
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    areas_->setCurrentIndex(std::clamp(settings.value("window/area", 0).toInt(), 0, areas_->count() - 1));
    updateTitle();
}

void MainWindow::showMessage(const QString& text) {
    statusBar()->showMessage(text, 10000);
    messages_->addItem(QTime::currentTime().toString("HH:mm:ss") + "  " + text);
    while (messages_->count() > 500) delete messages_->takeItem(0);
    messages_->scrollToBottom();
}

void MainWindow::updateTitle() {
    const QString path = designer_->filePath();
    const std::string graphName = designer_->document()->graph().name;
    // A new graph is named "untitled" in its file (a machine format); the title says it in the user's language.
    const QString name = !path.isEmpty() ? QFileInfo(path).fileName()
                         : graphName.empty() || graphName == "untitled" ? tr("untitled")
                                                                        : QString::fromStdString(graphName);
    setWindowTitle(tr("%1[*] - HL-CNN Workbench").arg(name));
    setWindowModified(!designer_->document()->undoStack()->isClean());
    if (revertAction_) revertAction_->setEnabled(!path.isEmpty() && isWindowModified());
}

void MainWindow::openRecordedGraph(const QString& graphJson) {
    Graph graph;
    try {
        graph = graphFromJson(graphJson.toStdString());
    } catch (const std::exception& e) {
        showMessage(tr("Cannot open the run's graph: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    if (!confirmDiscard()) return;
    designer_->newDocument(graph);   // untitled: saving it asks for a file
    areas_->setCurrentWidget(designer_);
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newGraph = file->addAction(tr("&New graph"), this, [this] {
        if (!confirmDiscard()) return;
        Graph empty;
        empty.name = "untitled";
        empty.input.dims = {3, 32, 32};
        designer_->newDocument(empty);   // forgets the last file: Save asks where
        areas_->setCurrentWidget(designer_);
    });
    newGraph->setShortcut(QKeySequence::New);
    newGraph->setObjectName("newGraph");
    QAction* open = file->addAction(tr("&Open graph..."), this, &MainWindow::openGraph);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName("openGraph");
    recentMenu_ = file->addMenu(tr("Open &recent"));
    QAction* save = file->addAction(tr("&Save graph"), this, [this] { saveGraph(false); });
    save->setShortcut(QKeySequence::Save);
    save->setObjectName("saveGraph");
    file->addAction(tr("Save graph &as..."), this, [this] { saveGraph(true); })->setShortcut(QKeySequence::SaveAs);
    revertAction_ = file->addAction(tr("Re&vert to saved"), this, &MainWindow::revertGraph);
    revertAction_->setObjectName("revertGraph");
    revertAction_->setEnabled(false);
    file->addSeparator();
    QAction* exportAction = file->addAction(tr("&Export table..."), this, &MainWindow::exportTable);
    exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addAction(tr("Export &canvas (PNG/SVG)..."), this, &MainWindow::exportCanvas);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    for (QAction* a : designer_->editActions()) edit->addAction(a);
    QMenu* model = menuBar()->addMenu(tr("&Model"));
    trainAction_ = model->addAction(tr("&Train this model..."), this, &MainWindow::trainThisModel);
    trainAction_->setShortcut(QKeySequence(tr("Ctrl+T")));
    trainAction_->setEnabled(false);
    QAction* rename = model->addAction(tr("Re&name model..."), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Rename model"), tr("Model name (files, runs and reports use it):"),
                                                   QLineEdit::Normal, QString::fromStdString(designer_->document()->graph().name), &ok);
        if (!ok) return;
        if (const EditResult r = designer_->document()->setGraphName(name.toStdString()); !r.ok()) showMessage(r.error);
        updateTitle();
    });
    rename->setObjectName("renameModel");
    ablateAction_ = model->addAction(tr("&Ablate the selected block's options..."), this, &MainWindow::ablateSelectedBlock);
    ablateAction_->setToolTip(tr("Train variants of the designed graph that differ only in the selected HL-CNN block's attention, "
                                 "SE reduction or fusion, as one sweep"));
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(findChild<QDockWidget*>("zooDock")->toggleViewAction());
    view->addAction(findChild<QDockWidget*>("messageDock")->toggleViewAction());
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("About HL-CNN Workbench"),
                           tr("<b>HL-CNN Workbench</b><br>Design, profile and compare lightweight CNNs.<br>"
                              "MACs are multiply-accumulates of conv and linear layers; FLOPs = 2 x MACs.<br>"
                              "Licensed under the GPL, version 3 or later."));
    });
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName("mainToolBar");
    bar->addAction(newGraph);
    bar->addAction(open);
    bar->addAction(save);
    bar->addSeparator();
    const QList<QAction*> edits = designer_->editActions();
    for (QAction* a : edits.mid(0, 2)) bar->addAction(a);   // undo, redo
    bar->addSeparator();
    bar->addAction(trainAction_);
    bar->addAction(exportAction);
    // The designer's other actions on a second row: at 1280 px one row cannot hold them all, and
    // an overflow menu hides them.
    addToolBarBreak();
    QToolBar* designBar = addToolBar(tr("Designer"));
    designBar->setObjectName("designerToolBar");
    for (QAction* a : edits.mid(2)) designBar->addAction(a);
    refreshRecentMenu();
}

bool MainWindow::confirmDiscard() {
    if (designer_->document()->undoStack()->isClean() || !isVisible()) return true;
    return QMessageBox::question(this, tr("Discard changes?"), tr("The graph in the designer has unsaved changes. Discard them?")) ==
           QMessageBox::Yes;
}

bool MainWindow::saveGraph(bool askForPath) {
    QString path = designer_->filePath();
    if (askForPath || path.isEmpty()) {
        path = QFileDialog::getSaveFileName(this, tr("Save graph"), QSettings().value("files/lastDir").toString(),
                                            tr("HL-CNN graphs (*.hlcnn.json)"));
        if (path.isEmpty()) return false;
        if (!path.endsWith(".json")) path += ".hlcnn.json";
    }
    QString error;
    if (!designer_->saveFile(path, &error)) {
        QMessageBox::warning(this, tr("Save failed"), error);
        return false;
    }
    rememberRecent(path);
    showMessage(tr("Saved %1").arg(path));
    updateTitle();
    return true;
}

void MainWindow::revertGraph() {
    const QString path = designer_->filePath();
    if (path.isEmpty() || designer_->document()->undoStack()->isClean()) return;
    if (isVisible() && QMessageBox::question(this, tr("Revert to saved?"),
                                             tr("Drop the changes since %1 was last saved?").arg(QFileInfo(path).fileName())) != QMessageBox::Yes)
        return;
    QString error;
    if (!designer_->revertFile(&error)) {
        if (isVisible()) QMessageBox::warning(this, tr("Cannot revert"), error);
        showMessage(error);
        return;
    }
    profile_->showGraph(designer_->document()->graph());
    showMessage(tr("Reverted to %1").arg(path));
}

void MainWindow::exportCanvas() {
    QString filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export canvas"), QSettings().value("files/lastDir").toString(),
                                                tr("PNG image (*.png);;SVG drawing (*.svg)"), &filter);
    if (path.isEmpty()) return;
    // A name without an extension gets the one of the chosen filter.
    if (!path.endsWith(".png", Qt::CaseInsensitive) && !path.endsWith(".svg", Qt::CaseInsensitive))
        path += filter.contains("svg") ? ".svg" : ".png";
    QString error;
    if (!designer_->exportImage(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
    else showMessage(tr("Wrote %1").arg(path));
}

void MainWindow::trainThisModel() {
    if (!designer_->analysis()->latest().valid) {
        showMessage(tr("The graph is invalid; fix the highlighted nodes first."));
        return;
    }
    LaunchModel model;
    model.graph = designer_->document()->graph();
    areas_->setCurrentWidget(runs_);
    runs_->launch(model, this);
}

void MainWindow::ablateSelectedBlock() {
    if (!designer_->analysis()->latest().valid) {
        showMessage(tr("The graph is invalid; fix the highlighted nodes first."));
        return;
    }
    const std::vector<std::string> selected = designer_->scene()->selectedNodeIds();
    const Graph graph = designer_->document()->graph();
    const Node* block = selected.size() == 1 ? graph.findNode(selected.front()) : nullptr;
    if (!block || block->op != "hlcnn_block") {
        showMessage(tr("Select one HL-CNN block in the designer to ablate its options."));
        return;
    }
    areas_->setCurrentWidget(runs_);
    runs_->ablateBlock(graph, block->id, this);
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("files/recent").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8) recent.removeLast();
    settings.setValue("files/recent", recent);
    settings.setValue("files/lastDir", QFileInfo(path).absolutePath());
    refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value("files/recent").toStringList();
    for (const QString& path : recent)
        recentMenu_->addAction(path, this, [this, path] {
            if (confirmDiscard()) openGraphFile(path);
        });
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::showModel(const QString& name, const QString& stem, int classes, double width) {
    models::ModelOptions o;
    o.classes = classes;
    o.width = width;
    try {
        o.stem = models::parseStem(stem.toStdString());
        // The designer and the profiler show the same model: a zoo pick opens in both, wherever
        // the user is (unsaved edits in the designer are asked about first).
        if (!confirmDiscard()) return;
        designer_->newFromTemplate(name, stem, classes, width);
        profile_->showGraph(designer_->document()->graph());
    } catch (const std::exception& e) {
        showMessage(tr("Cannot build %1: %2").arg(name, QString::fromStdString(e.what())));
    }
}

bool MainWindow::openGraphFile(const QString& path) {
    QString error;
    if (!QFileInfo::exists(path)) {
        // A recent file moved or deleted since: say so once and take it off the list.
        QSettings settings;
        QStringList recent = settings.value("files/recent").toStringList();
        const bool wasRecent = recent.removeAll(path) > 0;
        if (wasRecent) {
            settings.setValue("files/recent", recent);
            refreshRecentMenu();
        }
        error = wasRecent ? tr("%1 no longer exists; it was removed from the recent files").arg(path) : tr("%1 does not exist").arg(path);
    } else if (designer_->openFile(path, &error)) {   // parsed once, here; the profiler gets the same graph
        profile_->showGraph(designer_->document()->graph());
        rememberRecent(path);
        return true;
    }
    if (isVisible()) QMessageBox::warning(this, tr("Cannot open graph"), error);
    showMessage(error);
    return false;
}

void MainWindow::openGraph() {
    if (!confirmDiscard()) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open graph"), QSettings().value("files/lastDir").toString(),
                                                      tr("HL-CNN graphs (*.hlcnn.json *.json)"));
    if (!path.isEmpty()) openGraphFile(path);
}

void MainWindow::exportTable() {
    if (profile_->profile().layers.empty()) return;
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export table"), QSettings().value("files/lastDir").toString(),
                                                      tr("CSV (*.csv);;Markdown (*.md);;LaTeX (*.tex)"), &filter);
    if (path.isEmpty()) return;
    const TableFormat format = path.endsWith(".md") ? TableFormat::Markdown
                               : path.endsWith(".tex") ? TableFormat::Latex
                                                       : TableFormat::Csv;
    const std::string text = renderTable(layerTable(profile_->profile()), format);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(text.data(), qint64(text.size())) != qint64(text.size()) || !out.commit())
        QMessageBox::warning(this, tr("Export failed"), tr("Cannot write %1: %2").arg(path, out.errorString()));
    else
        statusBar()->showMessage(tr("Wrote %1").arg(path));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!confirmDiscard()) {
        event->ignore();
        return;
    }
    RunQueue* queue = runs_->queue();
    if (queue->activeCount() > 0) {
        // Runs stop at their next batch boundary with their checkpoints; the window closes once
        // every run's thread has ended (resumable later from the Runs area or `hlcnn runs resume`).
        if (!stopping_) {
            if (isVisible() && QMessageBox::question(this, tr("Runs are training"),
                                                     tr("%n run(s) of this window are queued or training. Stop them (their "
                                                        "checkpoints are kept and they can be resumed) and quit?",
                                                        "", queue->activeCount())) != QMessageBox::Yes) {
                event->ignore();
                return;
            }
            stopping_ = true;
            connect(queue, &RunQueue::idle, this, &QWidget::close);
            queue->stopAll();
            showMessage(tr("Stopping the runs at their next batch boundary..."));
        }
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("window/area", areas_->currentIndex());
    event->accept();
}

}  // namespace hlcnn
