#include "hlcnn/widgets/designer_inspector.h"

#include "engine_text.h"

#include "hlcnn/core/op_registry.h"
#include "hlcnn/widgets/designer_document.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>

#include "hlcnn/widgets/significant_spin_box.h"
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <climits>

namespace hlcnn {

namespace {

int clampToInt(double v) { return int(std::max<double>(INT_MIN, std::min<double>(INT_MAX, v))); }

}  // namespace

DesignerInspector::DesignerInspector(DesignerDocument* document, QWidget* parent) : QWidget(parent), document_(document) {
    auto* box = new QVBoxLayout(this);
    title_ = new QLabel(tr("No node selected"));
    QFont f = title_->font();
    f.setBold(true);
    title_->setFont(f);
    summary_ = new QLabel;
    summary_->setWordWrap(true);
    problem_ = new QLabel;
    problem_->setWordWrap(true);
    problem_->setStyleSheet("color: #b00000");
    box->addWidget(title_);
    box->addWidget(summary_);
    box->addWidget(problem_);
    box->addStretch();
    connect(document_, &DesignerDocument::graphChanged, this, [this] {
        if (!id_.empty() && !document_->graph().findNode(id_)) id_.clear();
        rebuild();
    });
}

void DesignerInspector::showNode(const QString& id) {
    id_ = id.toStdString();
    problem_->clear();
    rebuild();
}

QString DesignerInspector::problem() const { return problem_->text(); }

void DesignerInspector::report(const QString& error) { problem_->setText(error); }

QWidget* DesignerInspector::editor(const QString& attribute) const {
    return form_ ? form_->findChild<QWidget*>("attr:" + attribute) : nullptr;
}

void DesignerInspector::rebuild() {
    if (form_) {   // may be running one of its editors' signals: delete later
        form_->hide();
        form_->setObjectName("stale");
        for (QWidget* w : form_->findChildren<QWidget*>()) w->setObjectName({});
        form_->deleteLater();
    }
    form_ = nullptr;
    const Node* node = id_.empty() ? nullptr : document_->graph().findNode(id_);
    const OpSchema* schema = node ? findOp(node->op) : nullptr;
    if (!node || !schema) {
        title_->setText(tr("No node selected"));
        summary_->clear();
        return;
    }
    title_->setText(QString::fromStdString(node->id + "  (" + node->op + ")"));
    summary_->setText(engineText(schema->summary));
    form_ = new QWidget;
    layout_ = new QFormLayout(form_);
    const std::string id = id_;
    for (const AttrSpec& spec : schema->attrs) {
        const AttrValue* current = node->attrs.find(spec.name);
        const AttrValue value = current ? *current : spec.defaultValue;
        const QString name = QString::fromStdString(spec.name);
        QWidget* editor = nullptr;
        auto apply = [this, id, attr = spec.name](const AttrValue& v) {
            const EditResult r = document_->setAttribute(id, attr, v);
            report(r.error);
        };
        switch (spec.type) {
        case AttrType::Int: {
            auto* spin = new QSpinBox;
            spin->setRange(clampToInt(spec.minValue), clampToInt(spec.maxValue));
            spin->setValue(int(std::holds_alternative<std::int64_t>(value) ? std::get<std::int64_t>(value) : 0));
            spin->setKeyboardTracking(false);   // one edit per finished value, not per keystroke
            connect(spin, &QSpinBox::valueChanged, this, [apply](int v) { apply(std::int64_t(v)); });
            editor = spin;
            break;
        }
        case AttrType::Float: {
            auto* spin = new SignificantSpinBox;   // bn_eps 1e-05 reads 1e-05, not 0.0000
            spin->setRange(std::max(-1e9, spec.minValue), std::min(1e9, spec.maxValue));
            spin->setValue(std::holds_alternative<double>(value) ? std::get<double>(value)
                           : std::holds_alternative<std::int64_t>(value) ? double(std::get<std::int64_t>(value)) : 0.0);
            spin->setKeyboardTracking(false);
            connect(spin, &QDoubleSpinBox::valueChanged, this, [apply](double v) { apply(v); });
            editor = spin;
            break;
        }
        case AttrType::Bool: {
            auto* check = new QCheckBox;
            check->setChecked(std::holds_alternative<bool>(value) && std::get<bool>(value));
            connect(check, &QCheckBox::toggled, this, [apply](bool v) { apply(v); });
            editor = check;
            break;
        }
        case AttrType::String: {
            const std::string text = std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : std::string();
            if (!spec.choices.empty()) {
                auto* combo = new QComboBox;
                for (const auto& c : spec.choices) combo->addItem(QString::fromStdString(c));
                combo->setCurrentText(QString::fromStdString(text));
                connect(combo, &QComboBox::currentTextChanged, this, [apply](const QString& v) { apply(v.toStdString()); });
                editor = combo;
            } else {
                auto* line = new QLineEdit(QString::fromStdString(text));
                connect(line, &QLineEdit::editingFinished, this, [apply, line] { apply(line->text().toStdString()); });
                editor = line;
            }
            break;
        }
        }
        editor->setObjectName("attr:" + name);
        editor->setToolTip(engineText(spec.help));
        layout_->addRow(name, editor);
    }
    static_cast<QVBoxLayout*>(layout())->insertWidget(2, form_);
}

}  // namespace hlcnn
