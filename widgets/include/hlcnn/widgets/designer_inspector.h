// Property inspector: typed editors for the selected node's attributes, built from the op's
// schema (ranges, choices), validated as you type; edits go through the document's undo stack.
#pragma once

#include <QWidget>

#include <string>

class QFormLayout;
class QLabel;

namespace hlcnn {

class DesignerDocument;

class DesignerInspector : public QWidget {
    Q_OBJECT
public:
    explicit DesignerInspector(DesignerDocument* document, QWidget* parent = nullptr);
    void showNode(const QString& id);
    QWidget* editor(const QString& attribute) const;   // for tests
    QString problem() const;

private:
    void rebuild();
    void report(const QString& error);

    DesignerDocument* document_;
    std::string id_;
    QLabel* title_;
    QLabel* summary_;
    QLabel* problem_;
    QWidget* form_ = nullptr;
    QFormLayout* layout_ = nullptr;
};

}  // namespace hlcnn
