#include "hlcnn/widgets/ablation_dialog.h"

#include "hlcnn/core/graph.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace hlcnn {

namespace {
std::string attrText(const Node& n, const char* name, const char* fallback) {
    const AttrValue* v = n.attrs.find(name);
    return v ? attrValueToString(*v) : std::string(fallback);
}
}  // namespace

AblationDialog::AblationDialog(const Node& block, QWidget* parent) : QDialog(parent), blockId_(block.id) {
    setWindowTitle(tr("Ablate block %1").arg(QString::fromStdString(block.id)));
    auto* form = new QFormLayout;
    const auto row = [&](const char* option, const QString& label, std::initializer_list<const char*> values, const std::string& own) {
        auto* line = new QHBoxLayout;
        for (const char* v : values) {
            auto* box = new QCheckBox(QString::fromUtf8(v));
            box->setChecked(own == v);
            connect(box, &QCheckBox::toggled, this, &AblationDialog::refresh);
            boxes_[option].push_back(box);
            line->addWidget(box);
        }
        line->addStretch(1);
        form->addRow(label, line);
    };
    row("attention", tr("Channel attention:"), {"none", "se", "eca"}, attrText(block, "attention", "se"));
    row("fusion", tr("Fusion of F1 and F2:"), {"learnable", "add", "none"}, attrText(block, "fusion", "learnable"));
    reductions_ = new QLineEdit(QString::fromStdString(attrText(block, "se_reduction", "4")));
    reductions_->setToolTip(tr("SE squeeze ratios to try, separated by commas (1 to 64); used where attention is se"));
    connect(reductions_, &QLineEdit::textChanged, this, &AblationDialog::refresh);
    form->addRow(tr("SE reduction:"), reductions_);
    summary_ = new QLabel;
    summary_->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Next: data and recipe..."));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* box = new QVBoxLayout(this);
    box->addWidget(new QLabel(tr("Each combination of the checked values becomes a variant of the designed graph, with only "
                                 "block %1 changed. They train as one sweep, each with the seeds chosen next.")
                                  .arg(QString::fromStdString(block.id))));
    box->addLayout(form);
    box->addWidget(summary_);
    box->addWidget(buttons);
    refresh();
}

std::vector<std::pair<std::string, std::vector<std::string>>> AblationDialog::grid(QString* error) const {
    std::vector<std::pair<std::string, std::vector<std::string>>> g;
    const auto fail = [&](const QString& why) {
        if (error) *error = why;
        return std::vector<std::pair<std::string, std::vector<std::string>>>{};
    };
    for (const char* option : {"attention", "fusion"}) {
        std::vector<std::string> values;
        for (QCheckBox* b : boxes_.at(option))
            if (b->isChecked()) values.push_back(b->text().toStdString());
        if (values.empty()) return fail(tr("Check at least one value of %1.").arg(option));
        if (values.size() > 1) g.emplace_back(option, values);
    }
    std::vector<std::string> ratios;
    for (const QString& part : reductions_->text().split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int r = part.trimmed().toInt(&ok);
        if (!ok || r < 1 || r > 64) return fail(tr("SE reduction: '%1' is not an integer between 1 and 64.").arg(part.trimmed()));
        const std::string text = std::to_string(r);
        if (std::find(ratios.begin(), ratios.end(), text) == ratios.end()) ratios.push_back(text);
    }
    if (ratios.size() > 1) g.emplace_back("se_reduction", ratios);
    if (g.empty()) return fail(tr("Nothing varies: check a second value of at least one option."));
    if (error) error->clear();
    return g;
}

int AblationDialog::variants() const {
    int n = 1;
    const auto g = grid();
    if (g.empty()) return 0;
    for (const auto& axis : g) n *= int(axis.second.size());
    return n;
}

void AblationDialog::refresh() {
    QString error;
    grid(&error);
    const int n = variants();
    summary_->setText(n ? tr("%1 variants of block %2.").arg(n).arg(QString::fromStdString(blockId_)) : error);
    if (auto* buttons = findChild<QDialogButtonBox*>()) buttons->button(QDialogButtonBox::Ok)->setEnabled(n > 0);
}

}  // namespace hlcnn
