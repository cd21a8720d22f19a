// The Designer area: palette, canvas, inspector and a totals bar, over one DesignerDocument.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/widgets/designer_analysis.h"

#include <QWidget>

#include <map>
#include <string>

class QAction;
class QComboBox;
class QGraphicsView;
class QLabel;

namespace hlcnn {

class BackgroundJob;

class DesignerDocument;
class DesignerInspector;
class DesignerPalette;
class DesignerScene;

class DesignerWidget : public QWidget {
    Q_OBJECT
public:
    explicit DesignerWidget(QWidget* parent = nullptr);

    DesignerDocument* document() const { return document_; }
    DesignerScene* scene() const { return scene_; }
    QGraphicsView* view() const { return view_; }
    DesignerInspector* inspector() const { return inspector_; }
    DesignerAnalysis* analysis() const { return analysis_; }
    QString totalsText() const;
    QList<QAction*> editActions() const { return editActions_; }

    // Each of these replaces the document and emits documentReplaced. A template or a graph given
    // (New graph, a run's graph) is untitled: saving it asks for a file, never writes over the last one.
    void newFromTemplate(const QString& model, const QString& stem, int classes, double width);
    void newDocument(const Graph& graph);
    bool openFile(const QString& path, QString* error);
    bool revertFile(QString* error);   // reads filePath() again, dropping the edits since
    bool saveFile(const QString& path, QString* error);
    bool exportImage(const QString& path, QString* error);   // .png or .svg
    const QString& filePath() const { return path_; }
    // The command line that trains the current graph (empty while the graph is invalid/unsaved).
    QString trainCommand() const;
    void fitToView(bool keepLegible = false);   // keepLegible: never below 45 % (opening a file)

    // Predicted on-device latency: the latency tables of the store (hlcnn device latency-table, or
    // the Devices area) are offered in a list; the chosen one predicts every node and the total.
    void setDatabase(const QString& path);
    void reloadLatencyTables();                 // on a worker; latencyTablesListed() follows
    QComboBox* predictionChoice() const { return predictOn_; }
    QString predictionText() const;

Q_SIGNALS:
    void statusMessage(const QString& text);
    void figuresShown();   // the totals and node figures show the newest analysis
    void documentReplaced();   // another graph or file (or the file saved under a new name)
    void latencyTablesListed();
    void predictionShown();   // the nodes and the totals show the chosen table's prediction (or none)

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showFigures(const DesignerFigures& figures);
    void addFromPalette(const QString& op);
    void loadLatencyTable(int index);
    void updatePrediction();

    DesignerDocument* document_;
    DesignerScene* scene_;
    QGraphicsView* view_;
    DesignerPalette* palette_;
    DesignerInspector* inspector_;
    DesignerAnalysis* analysis_;
    QLabel* totals_;
    QLabel* prediction_;
    QComboBox* predictOn_;
    QString db_;
    std::map<std::string, double> tableMs_;      // unit key -> ms of the chosen table
    std::string tablePrecision_;                 // fp32 | int8: the program the table's units come from
    bool tableLoaded_ = false;
    QString path_;
    QList<QAction*> editActions_;
    bool valid_ = false;
    bool autoFit_ = true;
    // background reads and writes (one job each: a newer read wins; writes all report)
    BackgroundJob* tablesJob_;
    BackgroundJob* tableJob_;
    BackgroundJob* predictionJob_;
};

}  // namespace hlcnn
