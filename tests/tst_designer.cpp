// The visual designer driven as a user would, by the commands the mouse gestures issue: build a
// small HL-CNN from the palette, connect, edit properties, compare totals with `hlcnn profile`,
// undo and redo everything, refuse invalid connections; templates; fluidity on a large graph.
#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/number_text.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/experiments/profile_tables.h"
#include "hlcnn/experiments/report_table.h"
#include "hlcnn/models/zoo.h"
#include "hlcnn/widgets/designer_document.h"
#include "hlcnn/widgets/designer_inspector.h"
#include "hlcnn/widgets/designer_scene.h"
#include "hlcnn/widgets/design_file.h"
#include "hlcnn/widgets/designer_widget.h"
#include "hlcnn/widgets/number_format.h"
#include "support/cli_process.h"

#include "../widgets/src/designer_items.h"
#include "../widgets/src/engine_text.h"
#include "hlcnn/core/messages.h"
#include "hlcnn/core/op_registry.h"

#include <QElapsedTimer>
#include <QGraphicsSceneDragDropEvent>
#include <QImage>
#include <QMimeData>
#include <QGraphicsView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace hlcnn;

namespace {

Graph cifarHlcnnS() {
    models::ModelOptions o;
    o.stem = models::Stem::Cifar;
    o.classes = 10;
    return models::buildModel("hlcnn_s", o);
}

bool waitForFigures(DesignerWidget& w) {
    QSignalSpy spy(&w, &DesignerWidget::figuresShown);
    if (!w.analysis()->busy()) return true;
    return spy.wait(30000);
}

QJsonObject profileJson(const QStringList& args) {
    const auto r = test::runCli(QStringList{"profile", "--json"} + args);
    return QJsonDocument::fromJson(r.out).object();
}

}  // namespace

class DesignerTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    // The palette and inspector show the registry's categories, summaries and attribute help
    // through engine_text.cpp, the list lupdate reads: a new op's words must be added there (and
    // then translated, which check_translations enforces).
    void everyOpTextIsMarkedForTranslation() {
        QStringList missing;
        for (const OpSchema& op : allOps()) {
            for (const std::string& text : {op.category, op.summary})
                if (!hasEngineText(text)) missing << QString::fromStdString(text);
            for (const AttrSpec& a : op.attrs)
                if (!a.help.empty() && !hasEngineText(a.help)) missing << QString::fromStdString(a.help);
        }
        QVERIFY2(missing.isEmpty(), qPrintable("not in widgets/src/engine_text.cpp: " + missing.join(" | ")));
    }

    // Every sentence of the engine's catalog is marked for translation, and a sentence said with
    // arguments is found again with the same pattern and arguments (what the GUI translates).
    void everyEngineMessageIsMarkedAndFoundAgain() {
        QStringList missing;
        for (const char* pattern : messagePatterns()) {
            if (!hasEngineMessage(pattern)) missing << pattern;
            std::vector<std::string> args;
            for (int i = 1; i <= 9; ++i)
                if (std::string(pattern).find("%" + std::to_string(i)) != std::string::npos) args.push_back("<arg" + std::to_string(i) + ">");
            const ParsedMessage parsed = parseMessage(say(pattern, args));
            QVERIFY2(parsed.pattern && std::string(parsed.pattern) == pattern, pattern);
            QCOMPARE(parsed.args, args);
        }
        QVERIFY2(missing.isEmpty(), qPrintable("not marked for translation: " + missing.join(" | ")));
        // A sentence outside the catalog is shown as it is; one inside keeps its arguments.
        QCOMPARE(engineMessage("push a to b: refused"), QString("push a to b: refused"));
        QCOMPARE(engineMessage(say(msg::kUnknownOp, {"paused"})), QString("unknown op 'paused'"));
        QVERIFY_EXCEPTION_THROWN(say("not in the catalog"), std::logic_error);
    }

    void buildFromPaletteUndoRedoAndMatchTheProfiler() {
        DesignerWidget w;
        DesignerDocument& doc = *w.document();
        QVERIFY(waitForFigures(w));
        const std::string initial = graphToJson(doc.graph());

        // Palette drops, in the order a user would work.
        const std::string stem = doc.addNode("conv2d", {260, 0}).nodeId;
        const std::string bn = doc.addNode("batchnorm", {520, 0}).nodeId;
        const std::string act = doc.addNode("hardswish", {780, 0}).nodeId;
        const std::string block = doc.addNode("hlcnn_block", {1040, 0}).nodeId;
        const std::string pool = doc.addNode("global_avgpool", {1300, 0}).nodeId;
        const std::string flat = doc.addNode("flatten", {1560, 0}).nodeId;
        const std::string head = doc.addNode("linear", {1820, 0}).nodeId;
        QCOMPARE(QString::fromStdString(stem), QString("conv2d_1"));
        // Port drags.
        QVERIFY(doc.connectNodes("input", stem, 0).ok());
        QVERIFY(doc.connectNodes(stem, bn, 0).ok());
        QVERIFY(doc.connectNodes(bn, act, 0).ok());
        QVERIFY(doc.connectNodes(act, block, 0).ok());
        QVERIFY(doc.connectNodes(block, pool, 0).ok());
        QVERIFY(doc.connectNodes(pool, flat, 0).ok());
        QVERIFY(doc.connectNodes(flat, head, 0).ok());
        QVERIFY(doc.setOutputs({head}).ok());
        // Inspector edits.
        QVERIFY(doc.setAttribute(stem, "out_channels", std::int64_t(24)).ok());
        QVERIFY(doc.setAttribute(stem, "stride", std::int64_t(2)).ok());
        QVERIFY(doc.setAttribute(block, "out_channels", std::int64_t(48)).ok());
        QVERIFY(doc.setAttribute(block, "expand_ratio", std::int64_t(3)).ok());
        QVERIFY(doc.setAttribute(head, "out_features", std::int64_t(10)).ok());
        const EditResult outOfRange = doc.setAttribute(stem, "kernel", std::int64_t(0));
        QVERIFY(!outOfRange.ok());
        QVERIFY2(outOfRange.error.contains("kernel"), qPrintable(outOfRange.error));
        // A drag of three mouse moves is one undo step.
        const int before = doc.undoStack()->count();
        doc.moveNodes({{block, QPointF(1040, 40)}}, true);
        doc.moveNodes({{block, QPointF(1040, 80)}}, true);
        doc.moveNodes({{block, QPointF(1040, 120)}}, true);
        doc.finishMove();
        QCOMPARE(doc.undoStack()->count(), before + 1);
        QCOMPARE(doc.position(block), QPointF(1040, 120));

        QVERIFY(waitForFigures(w));
        const DesignerFigures& f = w.analysis()->latest();
        QVERIFY2(f.valid, f.issues.empty() ? "" : f.issues[0].toString().c_str());
        const std::string built = graphToJson(doc.graph());
        const QString file = dir_.path() + "/small.hlcnn.json";
        QString error;
        QVERIFY2(w.saveFile(file, &error), qPrintable(error));
        const QJsonObject cli = profileJson({"--graph", file});
        QCOMPARE(f.total.params, cli.value("params").toInteger());
        QCOMPARE(f.total.macs, cli.value("macs").toInteger());
        QVERIFY(w.totalsText().contains(QString::number(f.total.params).right(3)));
        QCOMPARE(f.nodes.at(block).output.toString(), std::string("48x16x16"));
        QVERIFY(f.nodes.at(block).costed && f.nodes.at(block).macs > 0);

        // Undo everything: the initial document; redo everything: the same JSON as built.
        while (doc.undoStack()->canUndo()) doc.undoStack()->undo();
        QCOMPARE(graphToJson(doc.graph()), initial);
        while (doc.undoStack()->canRedo()) doc.undoStack()->redo();
        QCOMPARE(graphToJson(doc.graph()), built);
        QCOMPARE(doc.position(block), QPointF(1040, 120));
    }

    void invalidConnectionIsRefusedWithTheValidatorsMessage() {
        DesignerDocument doc;
        const std::string conv = doc.addNode("conv2d", {}).nodeId;
        const std::string head = doc.addNode("linear", {}).nodeId;
        const std::string sum = doc.addNode("add", {}).nodeId;
        QVERIFY(doc.connectNodes("input", conv, 0).ok());
        const int steps = doc.undoStack()->count();
        // linear takes a vector; a feature map is refused with the validator's own words.
        const EditResult r = doc.connectNodes(conv, head, 0);
        QVERIFY(!r.ok());
        // The validator on the same graph: the conv feeding the linear head.
        Graph manual = doc.graph();
        manual.nodes = {*doc.graph().findNode(conv), *doc.graph().findNode(head)};
        manual.nodes[1].inputs = {conv};
        manual.outputs = {head};
        const Analysis a = analyze(manual);
        const auto issue = std::find_if(a.issues.begin(), a.issues.end(), [&](const GraphIssue& i) { return i.nodeId == head; });
        QVERIFY(issue != a.issues.end());
        QCOMPARE(r.error, QString::fromStdString(issue->toString()));
        QCOMPARE(doc.undoStack()->count(), steps);          // nothing was changed
        QVERIFY(doc.graph().findNode(head)->inputs.empty());
        // add: 3x32x32 and 16x32x32 do not match.
        QVERIFY(doc.connectNodes("input", sum, 0).ok());     // one input: unfinished, allowed
        const EditResult mismatch = doc.connectNodes(conv, sum, 1);
        QVERIFY(!mismatch.ok());
        QVERIFY2(mismatch.error.contains(QString::fromStdString("'" + sum + "'")) && mismatch.error.contains("mismatch"),
                 qPrintable(mismatch.error));
        // A cycle.
        const std::string relu = doc.addNode("relu", {}).nodeId;
        QVERIFY(doc.connectNodes(conv, relu, 0).ok());
        const EditResult cycle = doc.connectNodes(relu, conv, 0);
        QVERIFY(!cycle.ok());
        QVERIFY2(cycle.error.contains("cycle"), qPrintable(cycle.error));
    }

    void compositeExpandsCollapsesAndRepeats() {
        DesignerWidget w;
        DesignerDocument& doc = *w.document();
        doc.load(cifarHlcnnS());
        QVERIFY(waitForFigures(w));
        const DesignerFigures before = w.analysis()->latest();
        const std::string original = graphToJson(doc.graph());
        const auto block = std::find_if(doc.graph().nodes.begin(), doc.graph().nodes.end(),
                                        [](const Node& n) { return n.op == "hlcnn_block"; })->id;
        QVERIFY(doc.expandBlock(block).ok());
        QVERIFY(!doc.graph().findNode(block));
        QVERIFY(!doc.expandedBlockOf(doc.state().expanded.at(block).output).empty());
        // The primitives do not land on other nodes: no two node boxes on the canvas overlap.
        std::vector<QRectF> boxes;
        for (const Node& n : doc.graph().nodes) boxes.push_back(w.scene()->nodeItem(n.id)->sceneBoundingRect());
        for (std::size_t i = 0; i < boxes.size(); ++i)
            for (std::size_t j = i + 1; j < boxes.size(); ++j)
                QVERIFY2(!boxes[i].intersects(boxes[j]), qPrintable(QString("%1 overlaps %2").arg(QString::fromStdString(doc.graph().nodes[i].id),
                                                                                                   QString::fromStdString(doc.graph().nodes[j].id))));
        // Fit to View shows every node, however large the graph.
        w.resize(1280, 800);
        w.show();
        w.fitToView();
        const QRectF visible = w.view()->mapToScene(w.view()->viewport()->rect()).boundingRect();
        QVERIFY2(visible.contains(w.scene()->nodesBoundingRect()), "the fitted view cuts nodes off");
        QVERIFY(waitForFigures(w));
        QVERIFY(w.analysis()->latest().valid);
        QCOMPARE(w.analysis()->latest().total.params, before.total.params);   // same network, same costs
        QCOMPARE(w.analysis()->latest().total.macs, before.total.macs);
        QVERIFY(doc.collapseBlock(block).ok());
        QCOMPARE(graphToJson(doc.graph()), original);
        // Editing a primitive pins the expansion.
        QVERIFY(doc.expandBlock(block).ok());
        const auto& prims = doc.state().expanded.at(block).primitives;
        const auto conv = std::find_if(prims.begin(), prims.end(), [](const Node& n) {
            return n.op == "conv2d" || n.op == "pointwise_conv" || n.op == "depthwise_conv";
        });
        QVERIFY(conv != prims.end());
        const std::string convId = conv->id;
        QVERIFY(doc.setAttribute(convId, "bias", true).ok());
        QVERIFY(!doc.collapseBlock(block).ok());
        doc.undoStack()->undo();
        QVERIFY(doc.collapseBlock(block).ok());
        // Repeat: three blocks in the stage, the head now reads the last copy.
        const std::size_t count = doc.graph().nodes.size();
        QVERIFY(doc.repeatNode(block, 3).ok());
        QCOMPARE(doc.graph().nodes.size(), count + 2);
        QVERIFY(waitForFigures(w));
        QVERIFY2(w.analysis()->latest().valid, w.analysis()->latest().issues.empty() ? "" : w.analysis()->latest().issues[0].toString().c_str());
        QVERIFY(w.analysis()->latest().total.params > before.total.params);
        doc.undoStack()->undo();
        QCOMPARE(graphToJson(doc.graph()), original);
    }

    // One unconnected node blanks only itself: the other nodes keep their shapes and costs, and
    // the totals bar gives the sums so far, equal to the profile of the graph without that node.
    void anUnconnectedNodeLeavesTheOthersCosted() {
        const Graph whole = cifarHlcnnS();
        DesignerWidget w;
        w.document()->load(whole);
        const EditResult added = w.document()->addNode("conv2d", QPointF(2000, 2000));
        QVERIFY(added.ok());
        QVERIFY(waitForFigures(w));
        const DesignerFigures& f = w.analysis()->latest();
        QVERIFY(!f.valid);
        const ModelProfile expected = profileGraph(whole);
        QCOMPARE(f.partialNodes, int(whole.nodes.size()));
        QCOMPARE(f.partialTotal.params, expected.total.params);
        QCOMPARE(f.partialTotal.macs, expected.total.macs);
        for (const BlockProfile& b : expected.blocks) {
            QVERIFY2(f.nodes.at(b.id).costed, b.id.c_str());
            QCOMPARE(f.nodes.at(b.id).params, b.cost.params);
        }
        QVERIFY(!f.nodes.count(added.nodeId) || !f.nodes.at(added.nodeId).costed);
        QVERIFY(w.totalsText().contains(QLocale().toString(qlonglong(expected.total.params))));
    }

    // Save -> reopen: every node where it was, the expanded block still expanded (and collapsible),
    // the graph itself unchanged for the CLI, which ignores the layout block.
    void saveAndReopenKeepsTheLayout() {
        DesignerWidget w;
        DesignerDocument& doc = *w.document();
        doc.load(cifarHlcnnS());
        const auto block = std::find_if(doc.graph().nodes.begin(), doc.graph().nodes.end(),
                                        [](const Node& n) { return n.op == "hlcnn_block"; })->id;
        QVERIFY(doc.expandBlock(block).ok());
        const std::string moved = doc.graph().nodes.front().id;
        doc.moveNodes({{moved, QPointF(-333.5, 777.25)}}, false);
        const DesignerState saved = doc.state();
        const QString file = dir_.path() + "/layout.hlcnn.json";
        QString error;
        QVERIFY2(w.saveFile(file, &error), qPrintable(error));
        QCOMPARE(graphToJson(loadGraphFile(file.toStdString())), graphToJson(saved.graph));   // what the CLI reads

        DesignerWidget reopened;
        QVERIFY2(reopened.openFile(file, &error), qPrintable(error));
        const DesignerState& back = reopened.document()->state();
        QCOMPARE(graphToJson(back.graph), graphToJson(saved.graph));
        QCOMPARE(back.positions, saved.positions);
        QCOMPARE(back.positions.at(moved), QPointF(-333.5, 777.25));
        QCOMPARE(back.expanded.size(), saved.expanded.size());
        const ExpandedBlock& was = saved.expanded.at(block);
        const ExpandedBlock& is = back.expanded.at(block);
        QVERIFY(is.block == was.block);
        QCOMPARE(is.position, was.position);
        QVERIFY(is.primitives == was.primitives);
        QCOMPARE(is.output, was.output);
        QVERIFY(reopened.document()->collapseBlock(block).ok());
        QVERIFY(reopened.document()->undoStack()->canUndo());

        // Nonsense coordinates are dropped (that node is laid out anew), the rest kept.
        {
            QCOMPARE(parseDesign(designFileText(saved)).state.positions.size(), saved.positions.size());
            DesignerState bad = saved;
            bad.positions[moved] = QPointF(1e300, -5);
            const LoadedDesign dropped = parseDesign(designFileText(bad));
            QVERIFY(!dropped.state.positions.count(moved));
            QCOMPARE(dropped.state.positions.size(), saved.positions.size() - 1);
        }
        // A layout block of an unknown version is ignored; the graph still opens.
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll();
        f.close();
        text.replace("\"version\":1", "\"version\":99");
        const QString future = dir_.path() + "/future.hlcnn.json";
        QFile g(future);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write(text);
        g.close();
        DesignerWidget tolerant;
        QSignalSpy said(&tolerant, &DesignerWidget::statusMessage);
        QVERIFY2(tolerant.openFile(future, &error), qPrintable(error));
        QVERIFY(tolerant.document()->state().expanded.empty());
        QVERIFY(said.count() == 1 && said.first().first().toString().contains("version 99"));
    }

    void copyPasteKeepsInternalEdgesAndIsOneUndoStep() {
        DesignerDocument doc;
        const std::string conv = doc.addNode("conv2d", {0, 0}).nodeId;
        const std::string bn = doc.addNode("batchnorm", {200, 0}).nodeId;
        const std::string relu = doc.addNode("relu", {400, 0}).nodeId;
        QVERIFY(doc.connectNodes("input", conv, 0).ok());
        QVERIFY(doc.connectNodes(conv, bn, 0).ok());
        QVERIFY(doc.connectNodes(bn, relu, 0).ok());
        QVERIFY(doc.setAttribute(conv, "out_channels", std::int64_t(32)).ok());
        const std::string clip = doc.copyNodes({bn, relu});   // the edge into bn is left behind
        const int steps = doc.undoStack()->count();
        std::vector<std::string> created;
        QVERIFY(doc.pasteNodes(clip, QPointF(40, 40), &created).ok());
        QCOMPARE(created.size(), std::size_t(2));
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        const Node* bn2 = doc.graph().findNode(created[0]);
        const Node* relu2 = doc.graph().findNode(created[1]);
        QVERIFY(bn2 && relu2 && bn2->id != bn && relu2->id != relu);
        QVERIFY(bn2->inputs.empty());
        QCOMPARE(relu2->inputs, std::vector<std::string>{bn2->id});
        QCOMPARE(doc.position(bn2->id), QPointF(240, 40));
        QCOMPARE(doc.copyNodes({conv}).find("\"out_channels\":32") != std::string::npos, true);
        QVERIFY(!doc.pasteNodes("not a clipboard", {}).ok());
        doc.undoStack()->undo();
        QVERIFY(!doc.graph().findNode(created[0]) && !doc.graph().findNode(created[1]));
    }

    // What people read follows their locale; what machines read (clipboard positions, tables,
    // graph JSON) never does. The suite runs this once more under LANG=de_DE.UTF-8.
    void localeSeparatesPeopleFromMachines() {
        const QString expect = qEnvironmentVariable("HLCNN_EXPECT_LOCALE");
        if (!expect.isEmpty()) QCOMPARE(QLocale().name(), expect);  // the German run really is German
        const bool german = QLocale().decimalPoint() == QChar(',');
        QCOMPARE(display::count(4359678), german ? QString("4.359.678") : QLocale().toString(qlonglong(4359678)));
        QCOMPARE(display::millions(325540000.0), german ? QString("325,54") : QString("325.54"));
        QCOMPARE(QString::fromStdString(fixedText(0.3216, 2)), QString("0.32"));
        QCOMPARE(QString::fromStdString(roundTripText(0.7)), QString("0.7"));
        DesignerDocument doc;
        const std::string relu = doc.addNode("relu", {12.75, -3.5}).nodeId;
        const std::string clip = doc.copyNodes({relu});
        std::vector<std::string> created;
        QVERIFY(doc.pasteNodes(clip, QPointF(0.25, 0.5), &created).ok());
        QCOMPARE(doc.position(created.at(0)), QPointF(13.0, -3.0));
        QVERIFY(!doc.pasteNodes("1,5;x\n{}", {}).ok());  // garbage never throws through the event loop
        const std::string latex = renderTable(layerTable(profileGraph(models::buildModel("hlcnn_s", {}))), TableFormat::Latex);
        QVERIFY(latex.find(" & 0,") == std::string::npos);  // no locale decimal comma in a machine table
    }

    // The inspector's edits go through the validator's own attribute check: NaN, infinities and
    // out-of-range values are refused with its message and leave the document as it was.
    void attributeEditsUseTheValidatorsCheck() {
        DesignerDocument doc;
        const std::string drop = doc.addNode("dropout", {0, 0}).nodeId;
        const std::string json = graphToJson(doc.graph());
        for (double bad : {std::nan(""), std::numeric_limits<double>::infinity(), 1.5, -0.1}) {
            const EditResult r = doc.setAttribute(drop, "p", bad);
            QVERIFY2(!r.ok(), qPrintable(QString::number(bad)));
            QVERIFY2(r.error.contains("attribute 'p'") && r.error.contains("out of range"), qPrintable(r.error));
        }
        QCOMPARE(graphToJson(doc.graph()), json);
        QVERIFY(doc.setAttribute(drop, "p", 0.3).ok());
    }

    void mouseGesturesEditTheDocument() {
        DesignerWidget w;
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        DesignerDocument& doc = *w.document();
        // A palette drop adds a node where it lands.
        QMimeData mime;
        mime.setData("application/x-hlcnn-op", "conv2d");
        QGraphicsSceneDragDropEvent drop(QEvent::GraphicsSceneDrop);
        drop.setMimeData(&mime);
        drop.setScenePos(QPointF(400, 60));
        drop.setProposedAction(Qt::CopyAction);
        QCoreApplication::sendEvent(w.scene(), &drop);
        QCOMPARE(doc.graph().nodes.size(), std::size_t(1));
        const std::string conv = doc.graph().nodes[0].id;
        QCoreApplication::processEvents();
        w.view()->resetTransform();
        w.view()->centerOn(QPointF(300, 60));
        // Drag from the input's output port onto the conv node: one connection.
        auto* input = w.scene()->nodeItem("input");
        auto* target = w.scene()->nodeItem(conv);
        QVERIFY(input && target);
        const QPoint from = w.view()->mapFromScene(input->outputPort());
        const QPoint to = w.view()->mapFromScene(target->inputPort(0));
        QTest::mousePress(w.view()->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(w.view()->viewport(), (from + to) / 2);
        QTest::mouseMove(w.view()->viewport(), to);
        QTest::mouseRelease(w.view()->viewport(), Qt::LeftButton, {}, to);
        QCOMPARE(doc.graph().findNode(conv)->inputs, std::vector<std::string>{"input"});
        // Drag the node by its title: it moves, as one undo step.
        target = w.scene()->nodeItem(conv);
        const QPointF before = doc.position(conv);
        const QPoint grab = w.view()->mapFromScene(target->scenePos() + QPointF(60, 10));
        const int steps = doc.undoStack()->count();
        QTest::mousePress(w.view()->viewport(), Qt::LeftButton, {}, grab);
        for (int i = 1; i <= 5; ++i) QTest::mouseMove(w.view()->viewport(), grab + QPoint(10 * i, 8 * i));
        QTest::mouseRelease(w.view()->viewport(), Qt::LeftButton, {}, grab + QPoint(50, 40));
        QVERIFY(doc.position(conv) != before);
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        doc.undoStack()->undo();
        QCOMPARE(doc.position(conv), before);
    }

    void exportsTheCanvas() {
        DesignerWidget w;
        w.newFromTemplate("hlcnn_s", "cifar", 10, 0.5);
        QVERIFY(waitForFigures(w));
        QString error;
        const QString png = dir_.path() + "/canvas.png", svg = dir_.path() + "/canvas.svg";
        QVERIFY2(w.exportImage(png, &error), qPrintable(error));
        QVERIFY2(w.exportImage(svg, &error), qPrintable(error));
        const QImage image(png);
        QVERIFY(image.width() > 800 && image.height() > 400);
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("<svg") && text.contains("stage2.0") && text.contains("MACs"));
        QVERIFY(!w.exportImage("/nonexistent-dir/x.png", &error));
        QVERIFY(error.contains("/nonexistent-dir/x.png"));
    }

    void inspectorEditsGoThroughTheUndoStack() {
        DesignerWidget w;
        DesignerDocument& doc = *w.document();
        const std::string conv = doc.addNode("conv2d", {}).nodeId;
        w.inspector()->showNode(QString::fromStdString(conv));
        auto* spin = qobject_cast<QSpinBox*>(w.inspector()->editor("out_channels"));
        QVERIFY(spin);
        QCOMPARE(spin->value(), 16);
        spin->setValue(40);
        QCOMPARE(doc.graph().findNode(conv)->attrs.integer("out_channels"), 40);
        doc.undoStack()->undo();
        QCOMPARE(doc.graph().findNode(conv)->attrs.integer("out_channels"), 16);
        QCoreApplication::processEvents();
        auto* fresh = qobject_cast<QSpinBox*>(w.inspector()->editor("out_channels"));
        QVERIFY(fresh);
        QCOMPARE(fresh->value(), 16);                      // the inspector follows undo
    }

    // Small values read with their significant digits (the inspector showed bn_eps 1e-05 as
    // 0.0000), in the user's locale, and a typed exponent reaches the graph exactly.
    void inspectorShowsSmallValuesWithTheirDigits_data() {
        QTest::addColumn<double>("value");
        QTest::newRow("3e-05") << 3e-5;
        QTest::newRow("0.001") << 1e-3;
        QTest::newRow("2.5e-07") << 2.5e-7;
    }
    void inspectorShowsSmallValuesWithTheirDigits() {
        QFETCH(double, value);
        DesignerWidget w;
        DesignerDocument& doc = *w.document();
        const std::string block = doc.addNode("dwsep_block", {}).nodeId;
        w.inspector()->showNode(QString::fromStdString(block));
        auto* spin = qobject_cast<QDoubleSpinBox*>(w.inspector()->editor("bn_eps"));
        QVERIFY(spin);
        QCOMPARE(spin->value(), 1e-5);   // the registry's default
        QCOMPARE(spin->text(), QLocale().toString(1e-5, 'g', 6));
        spin->selectAll();
        QTest::keyClicks(spin, QLocale().toString(value, 'g', 6));
        QTest::keyClick(spin, Qt::Key_Enter);
        QCOMPARE(doc.graph().findNode(block)->attrs.real("bn_eps"), value);
        QCoreApplication::processEvents();
        auto* fresh = qobject_cast<QDoubleSpinBox*>(w.inspector()->editor("bn_eps"));
        QCOMPARE(fresh->text(), QLocale().toString(value, 'g', 6));
    }

    void templatesShowTheProfilersTotals_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("mobilenet_v2") << "mobilenet_v2";
        QTest::newRow("shufflenet_v2_x1_0") << "shufflenet_v2_x1_0";
        QTest::newRow("hlcnn_m") << "hlcnn_m";
    }
    void templatesShowTheProfilersTotals() {
        QFETCH(QString, model);
        DesignerWidget w;
        w.newFromTemplate(model, "imagenet", 1000, 1.0);
        QVERIFY(waitForFigures(w));
        const DesignerFigures& f = w.analysis()->latest();
        QVERIFY(f.valid);
        const QJsonObject cli = profileJson({"--model", model});
        QCOMPARE(f.total.params, cli.value("params").toInteger());
        QCOMPARE(f.total.macs, cli.value("macs").toInteger());
        // Every top-level node is on the canvas, with its figures.
        for (const Node& n : w.document()->graph().nodes) {
            QVERIFY(w.scene()->nodeItem(n.id));
            QVERIFY(f.nodes.at(n.id).costed);
        }
    }

    void staysFluidOnTheLargestGraph() {
        DesignerWidget w;
        w.resize(1280, 800);
        w.show();
        models::ModelOptions o;
        const Graph big = expandedGraph(models::buildModel("efficientnet_b0", o));
        w.document()->load(big);
        QVERIFY(waitForFigures(w));
        const std::size_t nodes = big.nodes.size();
        QVERIFY(nodes > 150);
        // Property edit -> updated totals (debounce included).
        const auto conv = std::find_if(big.nodes.begin(), big.nodes.end(), [](const Node& n) { return n.op == "conv2d"; });
        std::vector<double> editMs;
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer t;
            t.start();
            QVERIFY(w.document()->setAttribute(conv->id, "out_channels", std::int64_t(24 + 8 * i)).ok());
            QVERIFY(waitForFigures(w));
            editMs.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        // Panning: scroll the view and repaint, frame by frame.
        w.view()->resetTransform();
        std::vector<double> frameMs;
        QScrollBar* bar = w.view()->horizontalScrollBar();
        for (int i = 0; i < 40; ++i) {
            QElapsedTimer t;
            t.start();
            bar->setValue(bar->minimum() + (bar->maximum() - bar->minimum()) * i / 40);
            w.view()->viewport()->repaint();
            frameMs.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        std::sort(editMs.begin(), editMs.end());
        std::sort(frameMs.begin(), frameMs.end());
        qInfo("efficientnet_b0 expanded: %zu nodes; edit -> totals median %.1f ms (max %.1f, 120 ms debounce included); "
              "pan frame median %.2f ms, p90 %.2f ms (offscreen, 1280x800)",
              nodes, editMs[editMs.size() / 2], editMs.back(), frameMs[frameMs.size() / 2], frameMs[frameMs.size() * 9 / 10]);
    }
};

QTEST_MAIN(DesignerTest)
#include "tst_designer.moc"
