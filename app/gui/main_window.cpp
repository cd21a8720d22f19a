#include "main_window.h"

#include "hlcnn/core/graph_json.h"
#include "hlcnn/experiments/profile_tables.h"
#include "hlcnn/models/zoo.h"
#include "hlcnn/widgets/model_browser.h"
#include "hlcnn/widgets/profile_view.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

namespace hlcnn {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), browser_(new ModelBrowser), profile_(new ProfileView) {
    setWindowTitle(tr("HL-CNN Workbench"));
    setWindowIcon(QIcon(":/hlcnn/icons/hlcnn.svg"));
    setCentralWidget(profile_);
    auto* dock = new QDockWidget(tr("Architecture zoo"), this);
    dock->setObjectName("zooDock");
    dock->setWidget(browser_);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    createActions();
    statusBar()->showMessage(tr("Pick a model from the zoo, or open a graph file."));

    connect(browser_, &ModelBrowser::modelRequested, this, &MainWindow::showModel);
    connect(profile_, &ProfileView::profileReady, this, [this] {
        statusBar()->showMessage(tr("%1: %2 layers profiled")
                                     .arg(QString::fromStdString(profile_->profile().model))
                                     .arg(profile_->profile().layers.size()));
    });
    connect(profile_, &ProfileView::analysisFailed, this,
            [this](const QString& message) { statusBar()->showMessage(tr("Invalid graph: %1").arg(message)); });

    QSettings settings;
    resize(1280, 800);
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open graph..."), this, &MainWindow::openGraph);
    open->setShortcut(QKeySequence::Open);
    QAction* exportAction = file->addAction(tr("&Export table..."), this, &MainWindow::exportTable);
    exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("About HL-CNN Workbench"),
                           tr("<b>HL-CNN Workbench</b><br>Design, profile and compare lightweight CNNs.<br>"
                              "MACs are multiply-accumulates of conv and linear layers; FLOPs = 2 x MACs.<br>"
                              "Licensed under the GPL, version 3 or later."));
    });
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName("mainToolBar");
    bar->addAction(open);
    bar->addAction(exportAction);
}

void MainWindow::showModel(const QString& name, const QString& stem, int classes, double width) {
    models::ModelOptions o;
    o.classes = classes;
    o.width = width;
    try {
        o.stem = models::parseStem(stem.toStdString());
        profile_->showGraph(models::buildModel(name.toStdString(), o));
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Cannot build %1: %2").arg(name, QString::fromStdString(e.what())));
    }
}

bool MainWindow::openGraphFile(const QString& path) {
    try {
        profile_->showGraph(loadGraphFile(path.toStdString()));
        QSettings().setValue("files/lastDir", QFileInfo(path).absolutePath());
        return true;
    } catch (const GraphError& e) {
        if (isVisible()) QMessageBox::warning(this, tr("Cannot open graph"), QString::fromStdString(e.what()));
        statusBar()->showMessage(QString::fromStdString(e.what()));
        return false;
    }
}

void MainWindow::openGraph() {
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
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    event->accept();
}

}  // namespace hlcnn
