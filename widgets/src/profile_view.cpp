#include "hlcnn/widgets/profile_view.h"
#include "hlcnn/widgets/number_format.h"

#include "hlcnn/widgets/profile_table_model.h"

#include <QSortFilterProxyModel>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hlcnn {

ProfileView::ProfileView(QWidget* parent)
    : QWidget(parent), title_(new QLabel(this)), totals_(new QLabel(this)), rows_(new QComboBox(this)),
      table_(new QTableView(this)), model_(new ProfileTableModel(this)) {
    title_->setTextFormat(Qt::RichText);
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    totals_->setWordWrap(true);
    rows_->addItem(tr("Blocks (top-level nodes)"));
    rows_->addItem(tr("Layers (primitives)"));
    // Sorted through a proxy on the raw values (Qt::UserRole): 12,000 after 900, not before. No
    // column is sorted at first: the rows start in network order.
    auto* sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(model_);
    sorted->setSortRole(Qt::UserRole);
    table_->setModel(sorted);
    table_->setSortingEnabled(true);
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);

    auto* top = new QHBoxLayout;
    top->addWidget(title_, 1);
    top->addWidget(new QLabel(tr("Rows:"), this));
    top->addWidget(rows_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(totals_);
    layout->addWidget(table_, 1);

    connect(rows_, &QComboBox::currentIndexChanged, this, [this](int i) {
        model_->setRows(i == 0 ? ProfileTableModel::Rows::Blocks : ProfileTableModel::Rows::Layers);
        table_->resizeColumnsToContents();
    });
}

const ModelProfile& ProfileView::profile() const { return model_->profile(); }

void ProfileView::showGraph(const Graph& graph) {
    const quint64 generation = ++generation_;
    title_->setText(tr("<b>%1</b> &mdash; analysing...").arg(QString::fromStdString(graph.name).toHtmlEscaped()));
    QPointer<ProfileView> self(this);
    // The graph is copied into the job; the result comes back as a value to the GUI thread.
    (void)QtConcurrent::run([self, generation, graph] {
        ModelProfile profile;
        QString error;
        try {
            profile = profileGraph(graph);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        if (self)
            QMetaObject::invokeMethod(
                self.data(), [self, generation, profile, error] { if (self) self->apply(generation, profile, error); },
                Qt::QueuedConnection);
    });
}

void ProfileView::apply(quint64 generation, const ModelProfile& profile, const QString& error) {
    if (generation != generation_) return;  // a newer request is on its way
    if (!error.isEmpty()) {
        title_->setText(tr("<b>Invalid graph</b>"));
        totals_->setText(error);
        model_->setProfile({});
        Q_EMIT analysisFailed(error);
        return;
    }
    model_->setProfile(profile);
    title_->setText(tr("<b>%1</b> &mdash; input %2")
                        .arg(QString::fromStdString(profile.model).toHtmlEscaped(), QString::fromStdString(profile.input.toString())));
    totals_->setText(totalsText());
    table_->resizeColumnsToContents();
    Q_EMIT profileReady();
}

QString ProfileView::totalsText() const {
    const ModelProfile& p = profile();
    using display::count;
    auto mega = [](std::int64_t v) { return display::millions(double(v)); };
    return tr("Params %1 (%2 M)  |  MACs %3 (%4 M)  |  FLOPs (2 x MACs) %5 M + %6 M other ops  |  "
              "peak activations %7 KiB  |  size %8 MB fp32, %9 MB int8")
        .arg(count(p.total.params), mega(p.total.params), count(p.total.macs), mega(p.total.macs), mega(p.total.flops()),
             mega(p.total.otherOps), count(p.peakActivationBytes / 1024), mega(p.modelBytesFp32()), mega(p.modelBytesInt8()));
}

}  // namespace hlcnn
