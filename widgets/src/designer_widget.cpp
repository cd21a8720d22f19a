#include "hlcnn/widgets/designer_widget.h"
#include "engine_text.h"
#include "hlcnn/widgets/background_job.h"
#include "hlcnn/widgets/design_file.h"
#include "hlcnn/widgets/number_format.h"

#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/latency_program.h"
#include "hlcnn/experiments/latency_table.h"
#include "hlcnn/mobile/unit_latency.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/report_table.h"
#include "hlcnn/models/zoo.h"
#include "hlcnn/widgets/designer_document.h"
#include "hlcnn/widgets/designer_inspector.h"
#include "hlcnn/widgets/designer_palette.h"
#include "hlcnn/widgets/designer_scene.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QGraphicsView>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QSaveFile>
#include <QSplitter>
#include <QSvgGenerator>
#include <QTimer>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace hlcnn {

namespace {

// Zoom on the wheel around the cursor; pan with the scroll bars or a middle-button drag.
class CanvasView : public QGraphicsView {
public:
    using QGraphicsView::QGraphicsView;

protected:
    void wheelEvent(QWheelEvent* e) override {
        const double factor = std::pow(1.0015, e->angleDelta().y());
        setTransformationAnchor(AnchorUnderMouse);
        scale(factor, factor);
        e->accept();
    }
    void mousePressEvent(QMouseEvent* e) override {
        if (e->button() == Qt::MiddleButton) {
            setDragMode(ScrollHandDrag);
            QMouseEvent press(e->type(), e->position(), e->globalPosition(), Qt::LeftButton, Qt::LeftButton, e->modifiers());
            QGraphicsView::mousePressEvent(&press);
            return;
        }
        QGraphicsView::mousePressEvent(e);
    }
    void mouseReleaseEvent(QMouseEvent* e) override {
        QGraphicsView::mouseReleaseEvent(e);
        if (e->button() == Qt::MiddleButton) setDragMode(RubberBandDrag);
    }
};

const char* kNodesMime = "application/x-hlcnn-nodes";

}  // namespace

DesignerWidget::DesignerWidget(QWidget* parent) : QWidget(parent) {
    tablesJob_ = new BackgroundJob(this);
    tableJob_ = new BackgroundJob(this);
    predictionJob_ = new BackgroundJob(this);
    document_ = new DesignerDocument(this);
    scene_ = new DesignerScene(document_, this);
    analysis_ = new DesignerAnalysis(this);
    view_ = new CanvasView(scene_);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setDragMode(QGraphicsView::RubberBandDrag);
    view_->setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    view_->setAcceptDrops(true);
    palette_ = new DesignerPalette;
    inspector_ = new DesignerInspector(document_);
    totals_ = new QLabel;
    totals_->setObjectName("designerTotals");
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* split = new QSplitter;
    split->addWidget(palette_);
    split->addWidget(view_);
    split->addWidget(inspector_);
    split->setStretchFactor(1, 1);
    split->setSizes({170, 900, 230});
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 0, 0, 0);
    box->addWidget(split, 1);
    prediction_ = new QLabel;
    prediction_->setObjectName("designerPrediction");
    prediction_->setStyleSheet("color: #14469f");
    predictOn_ = new QComboBox;
    predictOn_->setObjectName("predictDevice");
    predictOn_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    predictOn_->addItem(tr("no device"));
    predictOn_->setToolTip(tr("Predict each node's latency on a phone from its latency table (Devices area, or hlcnn device latency-table)"));
    auto* bottom = new QHBoxLayout;
    bottom->setContentsMargins(4, 0, 4, 0);
    bottom->addWidget(totals_, 1);
    bottom->addWidget(prediction_);
    bottom->addWidget(new QLabel(tr("Predict on:")));
    bottom->addWidget(predictOn_);
    box->addLayout(bottom);

    auto action = [this](const QString& text, const QKeySequence& keys, auto slot) {
        auto* a = new QAction(text, this);
        a->setShortcut(keys);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        editActions_ << a;
        return a;
    };
    QAction* undo = document_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = document_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    editActions_ << undo << redo;
    action(tr("&Delete"), QKeySequence::Delete, [this] { scene_->deleteSelection(); });
    action(tr("&Copy"), QKeySequence::Copy, [this] {
        const std::string clip = document_->copyNodes(scene_->selectedNodeIds());
        if (clip.empty()) return;
        auto* data = new QMimeData;
        data->setData(kNodesMime, QByteArray::fromStdString(clip));
        QGuiApplication::clipboard()->setMimeData(data);
    });
    action(tr("&Paste"), QKeySequence::Paste, [this] {
        const QMimeData* data = QGuiApplication::clipboard()->mimeData();
        if (!data || !data->hasFormat(kNodesMime)) return;
        std::vector<std::string> created;
        const EditResult r = document_->pasteNodes(data->data(kNodesMime).toStdString(), QPointF(40, 40), &created);
        if (!r.ok()) {
            Q_EMIT statusMessage(r.error);
            return;
        }
        scene_->selectNodes(created);
    });
    action(tr("&Fit to View"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { fitToView(false); });
    action(tr("Zoom &In"), QKeySequence::ZoomIn, [this] {
        autoFit_ = false;
        view_->scale(1.25, 1.25);
    });
    action(tr("Zoom &Out"), QKeySequence::ZoomOut, [this] {
        autoFit_ = false;
        view_->scale(0.8, 0.8);
    });
    action(tr("Mark as &Output"), QKeySequence(Qt::CTRL | Qt::Key_M), [this] {
        const auto ids = scene_->selectedNodeIds();
        if (!ids.empty()) document_->setOutputs(ids);
    });
    action(tr("E&xpand Block"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] {
        for (const auto& id : scene_->selectedNodeIds())
            if (const EditResult r = document_->expandBlock(id); !r.ok()) Q_EMIT statusMessage(r.error);
    });
    action(tr("&Collapse Block"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), [this] {
        std::set<std::string> blocks;
        for (const auto& id : scene_->selectedNodeIds())
            if (const std::string b = document_->expandedBlockOf(id); !b.empty()) blocks.insert(b);
        for (const auto& b : blocks)
            if (const EditResult r = document_->collapseBlock(b); !r.ok()) Q_EMIT statusMessage(r.error);
    });
    action(tr("&Repeat Stage..."), QKeySequence(Qt::CTRL | Qt::Key_R), [this] {
        const auto ids = scene_->selectedNodeIds();
        if (ids.size() != 1) {
            Q_EMIT statusMessage(tr("Select one block to repeat."));
            return;
        }
        bool ok = false;
        const int times = QInputDialog::getInt(this, tr("Repeat stage"), tr("Total number of blocks in the stage:"), 2, 2, 64, 1, &ok);
        if (!ok) return;
        if (const EditResult r = document_->repeatNode(ids[0], times); !r.ok()) Q_EMIT statusMessage(r.error);
    });

    connect(document_, &DesignerDocument::graphChanged, this, [this] {
        valid_ = false;
        analysis_->request(document_->graph());
    });
    connect(analysis_, &DesignerAnalysis::analyzed, this, &DesignerWidget::showFigures);
    connect(predictOn_, &QComboBox::currentIndexChanged, this, &DesignerWidget::loadLatencyTable);
    connect(scene_, &DesignerScene::nodeSelected, inspector_, &DesignerInspector::showNode);
    connect(scene_, &DesignerScene::message, this, &DesignerWidget::statusMessage);
    connect(palette_, &DesignerPalette::opActivated, this, &DesignerWidget::addFromPalette);
    view_->viewport()->installEventFilter(this);
    analysis_->request(document_->graph());
}

void DesignerWidget::addFromPalette(const QString& op) {
    const QPointF centre = view_->mapToScene(view_->viewport()->rect().center());
    const EditResult r = document_->addNode(op.toStdString(), centre);
    if (!r.ok()) Q_EMIT statusMessage(r.error);
}

void DesignerWidget::showFigures(const DesignerFigures& f) {
    scene_->showFigures(f);
    valid_ = f.valid;
    if (f.valid) {
        totals_->setText(tr("params %1   MACs %2 M   FLOPs (2 x MACs) %3 M   peak activations %4   model %5 (fp32) / %6 (int8)")
                             .arg(display::count(f.total.params), display::millions(double(f.total.macs)),
                                  display::millions(double(f.total.flops())), display::mebibytes(f.peakActivationBytes),
                                  display::mebibytes(f.modelBytesFp32), display::mebibytes(f.modelBytesInt8)));
        totals_->setStyleSheet({});
    } else {
        QString text = tr("invalid graph, %n problem(s): %1", "", int(f.issues.size()))
                           .arg(f.issues.empty() ? QString() : issueText(f.issues.front()));
        if (f.partialNodes > 0)
            text += tr("   |   so far, over %1 of %2 nodes: params %3, MACs %4 M")
                        .arg(f.partialNodes)
                        .arg(document_->graph().nodes.size())
                        .arg(display::count(f.partialTotal.params), display::millions(double(f.partialTotal.macs)));
        totals_->setText(text);
        totals_->setStyleSheet("color: #b00000");
    }
    updatePrediction();
    Q_EMIT figuresShown();
}

void DesignerWidget::setDatabase(const QString& path) {
    db_ = path;
    reloadLatencyTables();
}

namespace {
struct TableChoice {
    QString label;
    QStringList key;   // serial, precision, threads, affinity
};
}  // namespace

void DesignerWidget::reloadLatencyTables() {
    if (db_.isEmpty()) return;
    const std::string db = db_.toStdString();
    tablesJob_->start(
        [db] {
            std::vector<TableChoice> out;
            try {
                for (const LatencyTableInfo& t : ExperimentStore(db, false).latencyTables())
                    out.push_back({tr("%1 · %2 · %n thread(s) · %3 cores", "", t.threads)
                                       .arg(QString::fromStdString(t.deviceName), QString::fromStdString(t.precision),
                                            QString::fromStdString(t.affinity)),
                                   {QString::fromStdString(t.serial), QString::fromStdString(t.precision),
                                    QString::number(t.threads), QString::fromStdString(t.affinity)}});
            } catch (const std::exception&) {
                // no store yet: no tables
            }
            return out;
        },
        [this](std::vector<TableChoice> result) {
            const QStringList current = predictOn_->currentData().toStringList();
            const QSignalBlocker block(predictOn_);
            predictOn_->clear();
            predictOn_->addItem(tr("no device"));
            int keep = 0;
            for (const TableChoice& c : result) {
                predictOn_->addItem(c.label, c.key);
                if (c.key == current) keep = predictOn_->count() - 1;
            }
            predictOn_->setCurrentIndex(keep);
            Q_EMIT latencyTablesListed();
        });
}

void DesignerWidget::loadLatencyTable(int index) {
    const QStringList key = predictOn_->itemData(index).toStringList();
    tableLoaded_ = false;
    tableMs_.clear();
    tableJob_->cancel();
    if (key.size() != 4) {
        updatePrediction();
        return;
    }
    using Rows = std::vector<UnitLatencyRecord>;
    const std::string db = db_.toStdString();
    tableJob_->start(
        [db, key] {
            try {
                return ExperimentStore(db, false).unitLatencies(key[0].toStdString(), key[1].toStdString(),
                                                                key[2].toInt(), key[3].toStdString());
            } catch (const std::exception&) {
                return Rows{};
            }
        },
        [this, key](Rows result) {
            tableMs_ = unitTimes(result);
            tablePrecision_ = key[1].toStdString();
            tableLoaded_ = true;
            updatePrediction();
        });
}

namespace {

struct DevicePrediction {
    std::map<std::string, double> nodeMs;
    double totalMs = 0;
    int missing = 0;
    QString error;
};

}  // namespace

void DesignerWidget::updatePrediction() {
    predictionJob_->cancel();
    if (!tableLoaded_ || !valid_) {
        scene_->showPredictedMs({});
        prediction_->setText(QString());
        Q_EMIT predictionShown();
        return;
    }
    // Lowering the graph to the runner's units builds a module and records a forward: a worker's job.
    predictionJob_->start(
        [graph = document_->graph(), table = tableMs_, precision = tablePrecision_] {
            DevicePrediction out;
            try {
                const mobile::UnitPrediction p = mobile::predictFromUnits(latencyProgram(graph, precision), table);
                out.nodeMs = onGraphNodes(graph, p.nodeMs);
                for (const std::string& node : onGraphNodes(graph, p.missingNodes))
                    out.nodeMs[node] = std::numeric_limits<double>::quiet_NaN();  // "not measured"
                out.totalMs = p.totalMs;
                out.missing = int(p.missing.size());
            } catch (const std::exception& e) {
                out.error = engineMessage(e.what()).section('\n', 0, 0);
            }
            return out;
        },
        [this](DevicePrediction p) {
            QString text = p.error;
            if (text.isEmpty())
                text = p.missing == 0 ? tr("device %1 ms (predicted)").arg(display::decimal(p.totalMs, 3))
                                      : tr("device %1 ms (predicted; %n unit(s) not measured)", "", p.missing)
                                            .arg(display::decimal(p.totalMs, 3));
            scene_->showPredictedMs(p.nodeMs);
            prediction_->setText(text);
            Q_EMIT predictionShown();
        });
}

QString DesignerWidget::predictionText() const { return prediction_->text(); }

QString DesignerWidget::totalsText() const { return totals_->text(); }

void DesignerWidget::fitToView(bool keepLegible) {
    const QRectF r = scene_->nodesBoundingRect().adjusted(-40, -40, 40, 40);
    if (r.isEmpty()) return;
    scene_->setSceneRect(scene_->itemsBoundingRect().united(r));
    view_->fitInView(r, Qt::KeepAspectRatio);
    // Never blow small graphs up. A graph opened or loaded stays legible (scroll to see the rest);
    // the Fit to View action shows all of it, however small that makes it.
    const double scale = view_->transform().m11(), clamped = std::clamp(scale, keepLegible ? 0.45 : 0.02, 1.0);
    if (clamped != scale) {
        view_->resetTransform();
        view_->scale(clamped, clamped);
        view_->centerOn(r.left() + view_->viewport()->width() / clamped / 2 - 40, r.top() + view_->viewport()->height() / clamped / 2 - 40);
    }
}

bool DesignerWidget::eventFilter(QObject* watched, QEvent* event) {
    // Until the user zooms, a freshly loaded graph keeps fitting the canvas as the window settles.
    if (watched == view_->viewport() && event->type() == QEvent::Resize && autoFit_)
        QTimer::singleShot(0, this, [this] {
            if (autoFit_) fitToView(true);
        });
    if (watched == view_->viewport() && event->type() == QEvent::Wheel) autoFit_ = false;
    return QWidget::eventFilter(watched, event);
}

void DesignerWidget::newFromTemplate(const QString& model, const QString& stem, int classes, double width) {
    models::ModelOptions o;
    o.stem = models::parseStem(stem.toStdString());
    o.classes = classes;
    o.width = width;
    const Graph graph = models::buildModel(model.toStdString(), o);
    newDocument(graph);
    document_->renameOnFirstEdit(graph.name, graph.name + " (modified)");
}

void DesignerWidget::newDocument(const Graph& graph) {
    document_->load(graph);
    path_.clear();
    autoFit_ = true;
    fitToView(true);
    Q_EMIT documentReplaced();
}

bool DesignerWidget::revertFile(QString* error) {
    if (path_.isEmpty()) {
        if (error) *error = tr("The graph has no file to revert to.");
        return false;
    }
    return openFile(path_, error);
}

bool DesignerWidget::openFile(const QString& path, QString* error) {
    LoadedDesign design;
    try {
        design = readDesignFile(path.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    document_->load(std::move(design.state.graph), std::move(design.state.positions), std::move(design.state.expanded));
    if (!design.warning.isEmpty()) Q_EMIT statusMessage(tr("%1: %2").arg(path, design.warning));
    path_ = path;
    autoFit_ = true;
    fitToView(true);
    Q_EMIT documentReplaced();
    return true;
}

bool DesignerWidget::saveFile(const QString& path, QString* error) {
    const std::string text = designFileText(document_->state());   // the graph, plus where its nodes sit
    QSaveFile out(path);   // written to a temporary file, renamed over the old one on commit
    if (!out.open(QIODevice::WriteOnly) || out.write(text.data(), qint64(text.size())) != qint64(text.size()) || !out.commit()) {
        if (error) *error = tr("cannot write %1: %2").arg(path, out.errorString());
        return false;
    }
    const bool renamed = path_ != path;
    path_ = path;
    document_->undoStack()->setClean();
    if (renamed) Q_EMIT documentReplaced();
    return true;
}

bool DesignerWidget::exportImage(const QString& path, QString* error) {
    const QRectF source = scene_->nodesBoundingRect().adjusted(-30, -30, 30, 30);
    const auto selected = scene_->selectedItems();
    scene_->clearSelection();
    // Cached items would render as bitmaps: an SVG should carry text and vectors.
    std::vector<std::pair<QGraphicsItem*, QGraphicsItem::CacheMode>> cached;
    for (QGraphicsItem* i : scene_->items()) {
        cached.emplace_back(i, i->cacheMode());
        i->setCacheMode(QGraphicsItem::NoCache);
    }
    bool ok = false;
    if (path.endsWith(".svg", Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(source.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
        svg.setTitle(QString::fromStdString(document_->graph().name));
        QPainter p(&svg);
        scene_->render(&p, QRectF(QPointF(0, 0), source.size()), source);
        ok = p.end();
    } else {
        QImage image((source.size() * 1.5).toSize(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        scene_->render(&p, QRectF(QPointF(0, 0), image.size()), source);
        p.end();
        ok = image.save(path);
    }
    for (auto& [item, mode] : cached) item->setCacheMode(mode);
    for (QGraphicsItem* i : selected) i->setSelected(true);
    if (!ok && error) *error = tr("cannot write %1").arg(path);
    return ok;
}

QString DesignerWidget::trainCommand() const {
    if (!valid_ || path_.isEmpty() || !document_->undoStack()->isClean()) return {};
    return QString("hlcnn train --graph '%1' --data cifar10:DIR --epochs 30 --optimizer adamw --lr 4e-3 --schedule onecycle")
        .arg(QFileInfo(path_).absoluteFilePath());
}

}  // namespace hlcnn
