// The Designer area: palette, canvas, inspector and a totals bar, over one DesignerDocument.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/widgets/designer_analysis.h"

#include <QWidget>

class QAction;
class QGraphicsView;
class QLabel;

namespace hlcnn {

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

    void newFromTemplate(const QString& model, const QString& stem, int classes, double width);
    bool openFile(const QString& path, QString* error);
    bool saveFile(const QString& path, QString* error);
    bool exportImage(const QString& path, QString* error);   // .png or .svg
    const QString& filePath() const { return path_; }
    // The command line that trains the current graph (empty while the graph is invalid/unsaved).
    QString trainCommand() const;
    void fitToView(bool keepLegible = false);   // keepLegible: never below 45 % (opening a file)

Q_SIGNALS:
    void statusMessage(const QString& text);
    void figuresShown();   // the totals and node figures show the newest analysis

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showFigures(const DesignerFigures& figures);
    void addFromPalette(const QString& op);

    DesignerDocument* document_;
    DesignerScene* scene_;
    QGraphicsView* view_;
    DesignerPalette* palette_;
    DesignerInspector* inspector_;
    DesignerAnalysis* analysis_;
    QLabel* totals_;
    QString path_;
    QList<QAction*> editActions_;
    bool valid_ = false;
    bool autoFit_ = true;
};

}  // namespace hlcnn
