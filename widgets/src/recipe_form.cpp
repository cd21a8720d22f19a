#include "hlcnn/widgets/recipe_form.h"

#include "hlcnn/core/number_text.h"
#include "hlcnn/widgets/significant_spin_box.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <climits>
#include <cmath>
#include <stdexcept>

namespace hlcnn {

namespace {

// The schema's labels, for lupdate (tr() looks them up by the same text).
[[maybe_unused]] const char* const kLabels[] = {
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Epochs"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Batch"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Optimizer"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Learning rate"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Momentum"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Nesterov momentum"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Weight decay"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Schedule"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Step every"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Step factor"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Warm-up epochs"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Label smoothing"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Gradient clipping"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Patience"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Crop padding"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Padding mode"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Horizontal flip"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Cutout"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Normalise"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Training images"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Seed"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Threads"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Loader workers"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Device"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "Memory format"),
    // what 0 means
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "off"),
    QT_TRANSLATE_NOOP("hlcnn::RecipeForm", "all images"),
};

// Integers beyond an int (the seed, the image limit's upper end) are edited as checked text.
bool fitsSpinBox(const RecipeField& f) {
    return f.maxIsHardwareThreads || f.max <= double(INT_MAX);
}

double upper(const RecipeField& f) {
    if (f.maxIsHardwareThreads) return QThread::idealThreadCount();
    if (f.maxIsEpochs) return kMaxEpochs;
    return f.max;
}

}  // namespace

RecipeForm::RecipeForm(QWidget* parent) : QWidget(parent) {
    auto* basic = new QFormLayout;
    auto* more = new QFormLayout;
    for (const RecipeField& f : recipeFields()) {
        QWidget* e = makeEditor(f);
        e->setObjectName(QString::fromStdString(f.name));
        e->setToolTip(QString::fromStdString(f.help) + " (--" + QString::fromStdString(f.name) + ")");
        editors_[f.name] = e;
        (f.basic ? basic : more)->addRow(tr(f.label.c_str()) + ":", e);
    }
    more_ = new QToolButton;
    more_->setObjectName("moreRecipeSettings");
    more_->setText(tr("More settings"));
    more_->setCheckable(true);
    more_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    more_->setArrowType(Qt::RightArrow);
    more_->setAutoRaise(true);
    moreBox_ = new QWidget;
    moreBox_->setLayout(more);
    moreBox_->setVisible(false);
    connect(more_, &QToolButton::toggled, this, &RecipeForm::setMoreShown);
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 0, 0, 0);
    box->addLayout(basic);
    box->addWidget(more_);
    box->addWidget(moreBox_);
    setRecipe(TrainConfig{});
}

QWidget* RecipeForm::makeEditor(const RecipeField& f) {
    const QString name = QString::fromStdString(f.name);
    const auto changed = [this, name] { Q_EMIT fieldChanged(name); };
    switch (f.type) {
        case RecipeType::Integer:
            if (fitsSpinBox(f)) {
                auto* spin = new QSpinBox;
                spin->setRange(int(f.min), int(upper(f)));
                // 0 reads as what it means; the workbench's queue gives a run of 0 threads its share
                if (f.name == "threads")
                    spin->setSpecialValueText(tr("its share of the core budget"));
                else if (!f.zeroMeans.empty() && f.min == 0)
                    spin->setSpecialValueText(tr(f.zeroMeans.c_str()));
                connect(spin, &QSpinBox::valueChanged, this, changed);
                return spin;
            } else {
                auto* line = new QLineEdit;  // empty: 0, shown as what 0 means
                line->setValidator(new QRegularExpressionValidator(QRegularExpression("[0-9]{1,19}"), line));
                line->setPlaceholderText(f.zeroMeans.empty() ? QString("0") : tr(f.zeroMeans.c_str()));
                connect(line, &QLineEdit::textChanged, this, changed);
                return line;
            }
        case RecipeType::Real: {
            auto* spin = new SignificantSpinBox;  // 1e-05 reads 1e-05, never 0.0000; keeps the value exactly
            const double hi = upper(f);
            spin->setRange(f.min, std::isfinite(hi) ? hi : 1e12);
            if (!f.zeroMeans.empty() && f.min == 0) spin->setSpecialValueText(tr(f.zeroMeans.c_str()));
            connect(spin, &QDoubleSpinBox::valueChanged, this, changed);
            return spin;
        }
        case RecipeType::Choice: {
            auto* combo = new QComboBox;
            for (const std::string& c : f.choices) combo->addItem(QString::fromStdString(c));
            connect(combo, &QComboBox::currentIndexChanged, this, changed);
            return combo;
        }
        case RecipeType::Switch: {
            auto* check = new QCheckBox;
            connect(check, &QCheckBox::toggled, this, changed);
            return check;
        }
    }
    throw std::logic_error("unknown recipe field type");
}

void RecipeForm::setMoreShown(bool shown) {
    if (more_->isChecked() != shown) more_->setChecked(shown);
    more_->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    moreBox_->setVisible(shown);
}

void RecipeForm::setValue(const std::string& name, const std::string& text) {
    const RecipeField* f = findRecipeField(name);
    QWidget* e = editor(name);
    if (!f || !e) throw std::invalid_argument("no recipe field '" + name + "'");
    if (auto* spin = qobject_cast<QSpinBox*>(e)) {
        spin->setValue(int(std::stoll(text)));
    } else if (auto* real = qobject_cast<QDoubleSpinBox*>(e)) {
        double x = 0;
        parseReal(text, x);
        real->setValue(x);
    } else if (auto* combo = qobject_cast<QComboBox*>(e)) {
        combo->setCurrentText(QString::fromStdString(text));
    } else if (auto* check = qobject_cast<QCheckBox*>(e)) {
        check->setChecked(text == "true");
    } else if (auto* line = qobject_cast<QLineEdit*>(e)) {
        line->setText(text == "0" && !f->zeroMeans.empty() ? QString() : QString::fromStdString(text));
    }
}

std::string RecipeForm::value(const std::string& name) const {
    QWidget* e = editor(name);
    if (auto* spin = qobject_cast<QSpinBox*>(e)) return std::to_string(spin->value());
    if (auto* real = qobject_cast<QDoubleSpinBox*>(e)) return roundTripText(real->value());
    if (auto* combo = qobject_cast<QComboBox*>(e)) return combo->currentText().toStdString();
    if (auto* check = qobject_cast<QCheckBox*>(e)) return check->isChecked() ? "true" : "false";
    if (auto* line = qobject_cast<QLineEdit*>(e)) return line->text().isEmpty() ? "0" : line->text().toStdString();
    throw std::invalid_argument("no recipe field '" + name + "'");
}

QWidget* RecipeForm::editor(const std::string& name) const {
    const RecipeField* f = findRecipeField(name);
    if (!f) return nullptr;
    const auto it = editors_.find(f->name);
    return it == editors_.end() ? nullptr : it->second;
}

void RecipeForm::setRecipe(const TrainConfig& config) {
    base_ = config;
    for (const RecipeField& f : recipeFields()) setValue(f.name, recipeValue(config, f));
}

TrainConfig RecipeForm::recipe() const {
    TrainConfig c = base_;
    for (const RecipeField& f : recipeFields()) {
        try {
            setRecipeValue(c, f, value(f.name), RecipeSpelling::Label);
        } catch (const std::invalid_argument&) {
            // an editor holds only what its range allows; a value it cannot hold stays as set
        }
    }
    return c;
}

}  // namespace hlcnn
