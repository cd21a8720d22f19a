#include "hlcnn/widgets/model_browser.h"

#include "hlcnn/models/zoo.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace hlcnn {

ModelBrowser::ModelBrowser(QWidget* parent)
    : QWidget(parent), tree_(new QTreeWidget(this)), stem_(new QComboBox(this)), classes_(new QSpinBox(this)),
      width_(new QDoubleSpinBox(this)) {
    tree_->setHeaderLabels({tr("Model"), tr("Description")});
    tree_->setRootIsDecorated(true);
    tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    std::map<std::string, QTreeWidgetItem*> families;
    for (const models::ModelInfo& m : models::zoo()) {
        QTreeWidgetItem*& family = families[m.family];
        if (!family) {
            family = new QTreeWidgetItem(tree_, {QString::fromStdString(m.family)});
            family->setFlags(Qt::ItemIsEnabled);
            family->setExpanded(true);
        }
        auto* item = new QTreeWidgetItem(family, {QString::fromStdString(m.name), QString::fromStdString(m.description)});
        item->setData(0, Qt::UserRole, QString::fromStdString(m.name));
        item->setData(0, Qt::UserRole + 1, m.hasWidth);
        item->setToolTip(1, QString::fromStdString(m.description));
    }
    stem_->addItem(tr("ImageNet (224x224)"), "imagenet");
    stem_->addItem(tr("CIFAR (32x32)"), "cifar");
    classes_->setRange(1, 100000);
    width_->setRange(0.1, 4.0);
    width_->setSingleStep(0.25);
    width_->setDecimals(2);
    {
        const QSettings settings;   // the options chosen last time
        const int stemIndex = stem_->findData(settings.value("zoo/stem", "imagenet").toString());
        stem_->setCurrentIndex(std::max(0, stemIndex));
        classes_->setValue(settings.value("zoo/classes", stem() == "cifar" ? 10 : 1000).toInt());
        width_->setValue(settings.value("zoo/width", 1.0).toDouble());
    }

    auto* form = new QFormLayout;
    form->addRow(tr("Stem:"), stem_);
    form->addRow(tr("Classes:"), classes_);
    form->addRow(tr("Width:"), width_);
    auto* train = new QPushButton(tr("Train this zoo model..."));
    train->setObjectName("trainZooModel");
    train->setToolTip(tr("Open the training launcher; the model's input and classifier follow the data"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tree_, 1);
    layout->addLayout(form);
    layout->addWidget(train);
    connect(train, &QPushButton::clicked, this, [this] {
        if (!currentModel().isEmpty()) Q_EMIT trainRequested(currentModel(), stem(), classes(), width());
    });

    connect(tree_, &QTreeWidget::currentItemChanged, this, [this] { request(); });
    connect(stem_, &QComboBox::currentIndexChanged, this, [this] {
        classes_->setValue(stem_->currentData().toString() == "cifar" ? 10 : 1000);
        request();
    });
    connect(classes_, &QSpinBox::editingFinished, this, [this] { request(); });
    connect(width_, &QDoubleSpinBox::editingFinished, this, [this] { request(); });
}

QString ModelBrowser::currentModel() const {
    const QTreeWidgetItem* item = tree_->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

QString ModelBrowser::stem() const { return stem_->currentData().toString(); }
int ModelBrowser::classes() const { return classes_->value(); }
double ModelBrowser::width() const { return width_->value(); }

void ModelBrowser::selectModel(const QString& name) {
    for (QTreeWidgetItemIterator it(tree_); *it; ++it)
        if ((*it)->data(0, Qt::UserRole).toString() == name) {
            tree_->setCurrentItem(*it);
            return;
        }
}

void ModelBrowser::request() {
    QSettings settings;
    settings.setValue("zoo/stem", stem());
    settings.setValue("zoo/classes", classes());
    settings.setValue("zoo/width", width());
    const QTreeWidgetItem* item = tree_->currentItem();
    if (!item || item->data(0, Qt::UserRole).toString().isEmpty()) return;
    const bool hasWidth = item->data(0, Qt::UserRole + 1).toBool();
    width_->setEnabled(hasWidth);
    Q_EMIT modelRequested(currentModel(), stem(), classes(), hasWidth ? width() : 1.0);
}

}  // namespace hlcnn
