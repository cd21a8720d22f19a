#include "hlcnn/widgets/devices_view.h"
#include "engine_text.h"
#include "hlcnn/widgets/background_job.h"

#include "hlcnn/experiments/device_profiler.h"
#include "hlcnn/experiments/latency_table.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/widgets/number_format.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <vector>

namespace hlcnn {

namespace {

struct Listed {
    std::vector<DeviceListing> devices;
    QString error;
};
struct InfoRead {
    DeviceInfo info;
    QString error;
};
struct ProfileDone {
    bool ok = false, cancelled = false;
    QString message;
    DeviceProfileRecord record;
};
struct StoredProfiles {
    std::vector<DeviceProfileRecord> profiles;
    std::vector<LatencyTableInfo> tables;   // this device's
    QString error;
};
struct TableDone {
    bool ok = false, cancelled = false;
    QString message;
};
struct ArtifactChoice {
    QString label, path;
};

QTableWidgetItem* cell(const QString& text, bool numeric = false) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    if (numeric) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString stateText(const std::string& state) {
    if (state == "device") return DevicesView::tr("ready");
    if (state == "unauthorized") return DevicesView::tr("unauthorized: accept the prompt on the phone");
    if (state == "offline") return DevicesView::tr("offline");
    return QString::fromStdString(state);
}

QString clusterText(const DeviceInfo& d) {
    QStringList parts;
    for (const CpuCluster& c : d.clusters)
        parts << DevicesView::tr("%n x %1 GHz", "cores in a cluster", int(c.cpus.size())).arg(display::decimal(double(c.maxKhz) / 1e6, 2));
    return parts.join(QStringLiteral(" + "));
}

QString thermalText(int status) {
    static const char* names[] = {QT_TRANSLATE_NOOP("hlcnn::DevicesView", "none"), QT_TRANSLATE_NOOP("hlcnn::DevicesView", "light"),
                                  QT_TRANSLATE_NOOP("hlcnn::DevicesView", "moderate"), QT_TRANSLATE_NOOP("hlcnn::DevicesView", "severe"),
                                  QT_TRANSLATE_NOOP("hlcnn::DevicesView", "critical"), QT_TRANSLATE_NOOP("hlcnn::DevicesView", "emergency"),
                                  QT_TRANSLATE_NOOP("hlcnn::DevicesView", "shutdown")};
    if (status < 0) return DevicesView::tr("not reported");
    if (status < 7) return DevicesView::tr("%1 (%2)").arg(status).arg(DevicesView::tr(names[status]));
    return QString::number(status);
}

}  // namespace

DevicesView::DevicesView(QWidget* parent) : QWidget(parent), poll_(new QTimer(this)) {
    devicesJob_ = new BackgroundJob(this);
    infoJob_ = new BackgroundJob(this);
    profilesJob_ = new BackgroundJob(this);
    artifactsJob_ = new BackgroundJob(this);
    tableBuildJob_ = new BackgroundJob(this, BackgroundJob::Mode::Every);
    profileJob_ = new BackgroundJob(this, BackgroundJob::Mode::Every);
    devices_ = new QTableWidget(0, 3);
    devices_->setObjectName("deviceList");
    devices_->setHorizontalHeaderLabels({tr("Serial"), tr("State"), tr("Model")});
    devices_->setSelectionBehavior(QAbstractItemView::SelectRows);
    devices_->setSelectionMode(QAbstractItemView::SingleSelection);
    devices_->verticalHeader()->hide();
    devices_->horizontalHeader()->setStretchLastSection(true);
    auto* refresh = new QPushButton(tr("Refresh"));

    info_ = new QLabel(tr("Choose a device."));
    info_->setObjectName("deviceInfo");
    info_->setTextFormat(Qt::RichText);
    info_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    info_->setWordWrap(true);
    info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    info_->setMinimumWidth(300);

    artifact_ = new QComboBox;
    artifact_->setEditable(true);
    artifact_->setMinimumContentsLength(28);
    artifact_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    auto* browse = new QPushButton(tr("Browse..."));
    auto* artifactRow = new QHBoxLayout;
    artifactRow->addWidget(artifact_, 1);
    artifactRow->addWidget(browse);
    threads_ = new QSpinBox;
    threads_->setRange(1, 64);
    affinity_ = new QComboBox;
    affinity_->addItem(tr("All cores"), "all");
    affinity_->addItem(tr("Big cores"), "big");
    affinity_->addItem(tr("Little cores"), "little");
    warmup_ = new QSpinBox;
    warmup_->setRange(0, 100000);
    warmup_->setValue(10);
    iters_ = new QSpinBox;
    iters_->setRange(1, 100000);
    iters_->setValue(50);
    cooldown_ = new QSpinBox;
    cooldown_->setRange(0, 3600);
    cooldown_->setSuffix(tr(" s"));
    runner_ = new QLineEdit;
    runner_->setPlaceholderText(tr("chosen for the phone's ABI (arm64-v8a bundle, or this build's x86_64 hlcnn-bench)"));
    runner_->setToolTip(tr("The program that times the model on the phone: empty to let the profiler choose this build's runner for "
                           "the phone's ABI; or a runner of your own, such as PyTorch's speed_benchmark_torch"));
    runnerKind_ = new QComboBox;
    runnerKind_->addItem(QStringLiteral("hlcnn-bench"), "hlcnn-bench");
    runnerKind_->addItem(QStringLiteral("speed_benchmark_torch"), "speed_benchmark_torch");
    auto* runnerRow = new QHBoxLayout;
    runnerRow->addWidget(runner_, 1);
    runnerRow->addWidget(runnerKind_);
    runnerLibs_ = new QLineEdit;
    runnerLibs_->setPlaceholderText(tr("none (comma-separated .so files pushed next to the runner)"));
    profile_ = new QPushButton(tr("Profile on device"));
    profile_->setObjectName("profileButton");
    cancelButton_ = new QPushButton(tr("Cancel"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(profile_);
    buttons->addWidget(cancelButton_);
    buttons->addStretch(1);
    status_ = new QLabel;
    status_->setObjectName("deviceStatus");
    status_->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Model file (.hlmp, .ptl)"), artifactRow);
    form->addRow(tr("Threads"), threads_);
    form->addRow(tr("Cores"), affinity_);
    form->addRow(tr("Warm-up forwards"), warmup_);
    form->addRow(tr("Timed forwards"), iters_);
    form->addRow(tr("Cool-down before"), cooldown_);
    form->addRow(tr("Runner"), runnerRow);
    form->addRow(tr("Runner libraries"), runnerLibs_);
    auto* profileBox = new QGroupBox(tr("Profile"));
    auto* profileLayout = new QVBoxLayout(profileBox);
    profileLayout->addLayout(form);
    profileLayout->addLayout(buttons);
    profileLayout->addWidget(status_);

    profiles_ = new QTableWidget(0, 14);
    profiles_->setObjectName("deviceProfiles");
    profiles_->setHorizontalHeaderLabels({tr("When"), tr("File"), tr("Precision"), tr("Threads"), tr("Cores"), tr("Mean ms"), tr("p50 ms"),
                                          tr("p90 ms"), tr("p99 ms"), tr("Min ms"), tr("mJ/inference"), tr("Thermal"), tr("Throttling"), tr("Run")});
    profiles_->verticalHeader()->hide();
    profiles_->setSelectionBehavior(QAbstractItemView::SelectRows);
    profiles_->horizontalHeader()->setStretchLastSection(true);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Devices (adb)")));
    leftLayout->addWidget(devices_, 1);
    left->setMinimumWidth(320);
    leftLayout->addWidget(refresh);
    auto* right = new QWidget;
    auto* rightLayout = new QHBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* infoBox = new QGroupBox(tr("Device"));
    auto* infoLayout = new QVBoxLayout(infoBox);
    infoLayout->addWidget(info_, 1);
    rightLayout->addWidget(infoBox, 1);
    rightLayout->addWidget(profileBox, 1);
    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(left);
    top->addWidget(right);
    top->setStretchFactor(1, 3);
    auto* profilesBox = new QGroupBox(tr("Profiles recorded on this device"));
    auto* profilesLayout = new QVBoxLayout(profilesBox);
    profilesLayout->addWidget(profiles_);
    tablePrecision_ = new QComboBox;
    tablePrecision_->addItem(tr("fp32"), "fp32");
    tablePrecision_->addItem(tr("int8"), "int8");
    buildTable_ = new QPushButton(tr("Build latency table for the designer's graph"));
    buildTable_->setToolTip(tr("Times every unit the runner executes for the graph (its fused XNNPACK ops) inside the model's forwards on "
                               "this device, with the threads, cores and forwards above, and the whole model to check the prediction; the "
                               "designer predicts from it"));
    tableStatus_ = new QLabel;
    tableStatus_->setObjectName("tableStatus");
    tableStatus_->setWordWrap(true);
    auto* tableRow = new QHBoxLayout;
    tableRow->addWidget(tablePrecision_);
    tableRow->addWidget(buildTable_);
    tableRow->addStretch(1);
    profileLayout->addLayout(tableRow);
    profileLayout->addWidget(tableStatus_);
    tables_ = new QTableWidget(0, 9);
    tables_->setObjectName("latencyTables");
    tables_->setHorizontalHeaderLabels({tr("Precision"), tr("Threads"), tr("Cores"), tr("Units"), tr("Runtime"), tr("Warm-up + timed"),
                                        tr("Models checked"), tr("Within ±5 %"), tr("Within ±10 %")});
    tables_->verticalHeader()->hide();
    tables_->setSelectionBehavior(QAbstractItemView::SelectRows);
    tables_->horizontalHeader()->setStretchLastSection(true);
    auto* tablesBox = new QGroupBox(tr("Latency tables of this device, and how well they predicted whole models"));
    auto* tablesLayout = new QVBoxLayout(tablesBox);
    tablesLayout->addWidget(tables_);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(profilesBox);
    split->addWidget(tablesBox);
    auto* box = new QVBoxLayout(this);
    box->addWidget(split);

    connect(refresh, &QPushButton::clicked, this, &DevicesView::refreshDevices);
    connect(poll_, &QTimer::timeout, this, &DevicesView::refreshDevices);
    connect(devices_, &QTableWidget::itemSelectionChanged, this, [this] {
        const QString serial = selectedSerial();
        updateButtons();
        if (serial.isEmpty()) return;
        showInfo(serial);
        loadProfiles(serial);
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Model file"), artifact_->currentText(),
                                                          tr("Models for phones (*.hlmp *.ptl);;Mobile programs (*.hlmp);;Lite-interpreter models (*.ptl)"));
        if (!path.isEmpty()) setArtifact(path);
    });
    connect(profile_, &QPushButton::clicked, this, &DevicesView::startProfile);
    connect(cancelButton_, &QPushButton::clicked, this, &DevicesView::cancelProfile);
    connect(buildTable_, &QPushButton::clicked, this, [this] { buildLatencyTable(tablePrecision_->currentData().toString()); });
    updateButtons();
}

DevicesView::~DevicesView() {
    if (cancel_) cancel_->store(true);
}

void DevicesView::setDatabase(const QString& path) {
    db_ = path;
    loadArtifacts();
    if (!selectedSerial().isEmpty()) loadProfiles(selectedSerial());
}

void DevicesView::setPollInterval(int ms) {
    pollMs_ = ms;
    poll_->stop();
    if (ms > 0 && isVisible()) poll_->start(ms);
}

void DevicesView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refreshDevices();
    loadArtifacts();  // exports written since
    if (pollMs_ > 0) poll_->start(pollMs_);
}

void DevicesView::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    poll_->stop();
}

QString DevicesView::selectedSerial() const {
    const auto rows = devices_->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : devices_->item(rows.front().row(), 0)->text();
}

void DevicesView::selectDevice(const QString& serial) {
    for (int row = 0; row < devices_->rowCount(); ++row)
        if (devices_->item(row, 0)->text() == serial) devices_->selectRow(row);
}

void DevicesView::refreshDevices() {
    if (listing_) return;
    listing_ = true;
    devicesJob_->start(
        [] {
            Listed r;
            try {
                r.devices = listDevices(Adb());
            } catch (const std::exception& e) {
                r.error = engineMessage(e.what());
            }
            return r;
        },
        [this](Listed r) {
            listing_ = false;
            const QString selected = selectedSerial();
            if (!r.error.isEmpty()) {
                devices_->setRowCount(0);
                if (!profiling_) status_->setText(r.error);
                updateButtons();
                Q_EMIT devicesListed();
                return;
            }
            // rebuild only when something changed, so a selection survives the polling
            bool same = devices_->rowCount() == int(r.devices.size());
            for (int row = 0; same && row < devices_->rowCount(); ++row)
                same = devices_->item(row, 0)->text() == QString::fromStdString(r.devices[size_t(row)].serial) &&
                       devices_->item(row, 1)->text() == stateText(r.devices[size_t(row)].state);
            if (!same) {
                QSignalBlocker block(devices_);
                devices_->setRowCount(int(r.devices.size()));
                for (int row = 0; row < int(r.devices.size()); ++row) {
                    const DeviceListing& d = r.devices[size_t(row)];
                    devices_->setItem(row, 0, cell(QString::fromStdString(d.serial)));
                    devices_->setItem(row, 1, cell(stateText(d.state)));
                    devices_->setItem(row, 2, cell(QString::fromStdString(d.model).replace('_', ' ')));
                }
                devices_->resizeColumnsToContents();
                devices_->clearSelection();
                selectDevice(selected);
                if (selectedSerial().isEmpty() && devices_->rowCount() == 1) devices_->selectRow(0);
                block.unblock();
                if (selectedSerial() != selected) Q_EMIT devices_->itemSelectionChanged();
            }
            if (r.devices.empty() && !profiling_)
                status_->setText(
                    tr("No device connected: plug in a phone with USB debugging on (or adb connect HOST:PORT)."));
            else if (!profiling_ && status_->text().startsWith(tr("No device connected")))
                status_->clear();
            updateButtons();
            Q_EMIT devicesListed();
        });
}

void DevicesView::showInfo(const QString& serial) {
    info_->setText(tr("Reading %1...").arg(serial));
    infoJob_->start(
        [serial] {
            InfoRead r;
            try {
                r.info = readDeviceInfo(Adb(), serial.toStdString());
            } catch (const std::exception& e) {
                r.error = engineMessage(e.what());
            }
            return r;
        },
        [this, serial](InfoRead r) {
            if (selectedSerial() != serial) return;  // the user moved on
            if (!r.error.isEmpty()) {
                info_->setText(r.error.toHtmlEscaped());
                Q_EMIT infoShown(serial);
                return;
            }
            const DeviceInfo& d = r.info;
            QStringList temps;
            for (const auto& [name, c] : d.temperaturesC)
                temps << tr("%1 %2 °C").arg(QString::fromStdString(name).toHtmlEscaped(), display::decimal(c, 1));
            const auto row = [](const QString& key, const QString& value) {
                return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(key, value);
            };
            QString html = QStringLiteral("<table cellspacing=4>");
            html += row(tr("Device"), QString::fromStdString(d.manufacturer + " " + d.model).toHtmlEscaped());
            html += row(tr("SoC"), QString::fromStdString(d.soc.empty() ? "?" : d.soc).toHtmlEscaped());
            html += row(tr("ABI"), QString::fromStdString(d.abi).toHtmlEscaped());
            html +=
                row(tr("Android"), tr("%1 (SDK %2)").arg(QString::fromStdString(d.release).toHtmlEscaped()).arg(d.sdk));
            html += row(tr("CPU"), tr("%n cores", "", d.cores()) + QStringLiteral(": ") + clusterText(d));
            html += row(tr("Thermal status"), thermalText(d.thermalStatus));
            if (!temps.isEmpty()) html += row(tr("Temperatures"), temps.join(QStringLiteral(", ")));
            html += row(tr("Battery"), d.batteryReadable ? tr("current and voltage readable") : tr("not readable"));
            html += QStringLiteral("</table>");
            info_->setText(html);
            Q_EMIT infoShown(serial);
        });
}

void DevicesView::loadProfiles(const QString& serial) {
    if (db_.isEmpty()) return;
    const std::string db = db_.toStdString(), s = serial.toStdString();
    profilesJob_->start(
        [db, s] {
            StoredProfiles r;
            try {
                const ExperimentStore store(db, false);
                r.profiles = store.deviceProfiles(s);
                for (const LatencyTableInfo& t : store.latencyTables())
                    if (t.serial == s) r.tables.push_back(t);
            } catch (const std::exception& e) {
                r.error = engineMessage(e.what());
            }
            return r;
        },
        [this, serial](StoredProfiles r) {
            if (selectedSerial() != serial) return;
            profiles_->setRowCount(int(r.profiles.size()));
            for (int row = 0; row < int(r.profiles.size()); ++row) {
                const DeviceProfileRecord& p = r.profiles[size_t(row)];
                int c = 0;
                profiles_->setItem(row, c++, cell(display::localTime(p.createdAt)));
                auto* file = cell(QFileInfo(QString::fromStdString(p.artifactPath)).fileName());
                QString fileTip = QString::fromStdString(p.artifactPath + "\nSHA-256 " + p.artifactSha256);
                if (const auto ran = nlohmann::json::parse(p.conditionsJson, nullptr, false);
                    ran.is_object() && ran.contains("runtime") && ran["runtime"].is_string() &&
                    !ran["runtime"].get<std::string>().empty())
                    fileTip += "\n" + tr("Ran on: %1 runner, %2")
                                          .arg(QString::fromStdString(ran.value("runner_abi", std::string("?"))),
                                               QString::fromStdString(ran["runtime"].get<std::string>()));
                file->setToolTip(fileTip);
                profiles_->setItem(row, c++, file);
                profiles_->setItem(row, c++, cell(QString::fromStdString(p.precision)));
                profiles_->setItem(row, c++, cell(p.threads ? QString::number(p.threads) : tr("default"), true));
                profiles_->setItem(
                    row, c++,
                    cell(tr("%1 (mask %2)").arg(QString::fromStdString(p.affinity), QString::fromStdString(p.mask))));
                for (const double v : {p.meanMs, p.p50Ms, p.p90Ms, p.p99Ms, p.minMs})
                    profiles_->setItem(row, c++, cell(display::decimal(v, 3), true));
                auto* energy =
                    cell(p.energyMillijoules ? display::decimal(*p.energyMillijoules, 3) : tr("unavailable"), true);
                const auto conditions = nlohmann::json::parse(p.conditionsJson, nullptr, false);
                if (conditions.is_object())
                    energy->setToolTip(QString::fromStdString(conditions.value("energy", std::string())));
                profiles_->setItem(row, c++, energy);
                profiles_->setItem(row, c++,
                                   cell(p.thermalBefore < 0 ? tr("not reported")
                                                            : tr("%1 → %2").arg(p.thermalBefore).arg(p.thermalAfter)));
                auto* throttled = cell(p.throttling.empty() ? tr("none seen") : QString::fromStdString(p.throttling));
                if (!p.throttling.empty()) throttled->setForeground(QColor(0xb0, 0x30, 0x00));
                profiles_->setItem(row, c++, throttled);
                profiles_->setItem(row, c++, cell(p.runId ? QString::number(*p.runId) : QStringLiteral("-"), true));
            }
            profiles_->resizeColumnsToContents();
            showTables(r.tables);
            if (!r.error.isEmpty()) status_->setText(r.error);
            Q_EMIT profilesShown();
        });
}

void DevicesView::showTables(const std::vector<LatencyTableInfo>& tables) {
    tables_->setRowCount(int(tables.size()));
    for (int row = 0; row < int(tables.size()); ++row) {
        const LatencyTableInfo& t = tables[size_t(row)];
        int c = 0;
        tables_->setItem(row, c++, cell(QString::fromStdString(t.precision)));
        tables_->setItem(row, c++, cell(QString::number(t.threads), true));
        tables_->setItem(row, c++, cell(QString::fromStdString(t.affinity)));
        tables_->setItem(row, c++, cell(QString::number(t.units), true));
        tables_->setItem(row, c++, cell(tr("%1 (%2)").arg(QString::fromStdString(t.runtime), QString::fromStdString(t.abi))));
        tables_->setItem(row, c++, cell(tr("%1 + %2").arg(t.warmup).arg(t.iters), true));
        tables_->setItem(row, c++, cell(QString::number(t.checks), true));
        // the share of checked models whose measured latency the table predicted within the margin
        const auto share = [&](int hits) {
            return t.checks == 0 ? QStringLiteral("-") : tr("%1 of %2 (%3 %)").arg(hits).arg(t.checks).arg(display::decimal(100.0 * hits / t.checks, 0));
        };
        tables_->setItem(row, c++, cell(share(t.within5), true));
        tables_->setItem(row, c++, cell(share(t.within10), true));
        tables_->item(row, 0)->setToolTip(tr("Newest unit measured %1").arg(display::localTime(t.newest)));
    }
    tables_->resizeColumnsToContents();
}

void DevicesView::loadArtifacts() {
    if (db_.isEmpty()) return;
    const std::string db = db_.toStdString();
    artifactsJob_->start(
        [db] {
            std::vector<ArtifactChoice> out;
            try {
                const ExperimentStore store(db, false);
                for (const RunRecord& run : store.runs())
                    for (const ExportRecord& e : store.exports(run.id))
                        if ((e.format == "mobile" || e.format == "ptl") &&
                            QFileInfo::exists(QString::fromStdString(e.path)))
                            out.push_back(
                                {QStringLiteral("%1 · %2 · %3")
                                     .arg(QFileInfo(QString::fromStdString(e.path)).fileName(),
                                          QString::fromStdString(e.precision), QString::fromStdString(run.name)),
                                 QString::fromStdString(e.path)});
            } catch (const std::exception&) {
                // no store yet: the user browses for a file
            }
            return out;
        },
        [this](std::vector<ArtifactChoice> result) {
            const QString current = artifact_->currentText();
            artifact_->clear();
            for (const ArtifactChoice& a : result) {
                artifact_->addItem(a.label, a.path);
                artifact_->setItemData(artifact_->count() - 1, a.path, Qt::ToolTipRole);
            }
            if (!current.isEmpty()) setArtifact(current);
        });
}

void DevicesView::setArtifact(const QString& path) {
    const int index = artifact_->findData(path);
    if (index >= 0) artifact_->setCurrentIndex(index);
    else artifact_->setEditText(path);
}

void DevicesView::setThreads(int threads) { threads_->setValue(threads); }
void DevicesView::setRunner(const QString& path, const QString& kind, const QStringList& libraries) {
    runner_->setText(path);
    runnerKind_->setCurrentIndex(std::max(0, runnerKind_->findData(kind)));
    runnerLibs_->setText(libraries.join(','));
}
void DevicesView::setAffinity(const QString& affinity) { affinity_->setCurrentIndex(std::max(0, affinity_->findData(affinity))); }
void DevicesView::setIterations(int warmup, int iters) {
    warmup_->setValue(warmup);
    iters_->setValue(iters);
}

void DevicesView::updateButtons() {
    profile_->setEnabled(!profiling() && !selectedSerial().isEmpty());
    buildTable_->setEnabled(!profiling() && !selectedSerial().isEmpty() && graphSource_);
    cancelButton_->setEnabled(profiling());
}

void DevicesView::armWorker(QLabel* status, std::function<bool()>& cancelled, std::function<void(const std::string&)>& progress) {
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    const auto cancel = cancel_;
    cancelled = [cancel] { return cancel->load(); };
    QPointer<QLabel> label = status;
    progress = [label](const std::string& step) {   // from the worker: the label is updated on the GUI thread
        QMetaObject::invokeMethod(label, [label, text = QString::fromStdString(step)] {
            if (label) label->setText(DevicesView::tr("%1...").arg(text));
        }, Qt::QueuedConnection);
    };
}

void DevicesView::setGraphSource(std::function<Graph()> source) {
    graphSource_ = std::move(source);
    updateButtons();
}

void DevicesView::buildLatencyTable(const QString& precision) {
    const QString serial = selectedSerial();
    if (profiling() || serial.isEmpty() || !graphSource_) return;
    LatencyTableRequest request;
    request.serial = serial.toStdString();
    const Graph graph = graphSource_();
    request.models = {{graph.name.empty() ? "graph" : graph.name, graph}};
    request.precision = precision.toStdString();
    request.threads = threads_->value();
    request.affinity = affinity_->currentData().toString().toStdString();
    request.warmup = warmup_->value();
    request.iters = iters_->value();
    if (runnerKind_->currentData().toString() != "hlcnn-bench") {
        tableStatus_->setText(tr("Latency tables are timed with hlcnn-bench: choose it as the runner."));
        return;
    }
    request.runner = runner_->text().trimmed().toStdString();
    armWorker(tableStatus_, request.cancelled, request.progress);
    buildingTable_ = true;
    updateButtons();
    tableStatus_->setText(tr("Starting..."));
    const std::string db = db_.toStdString();
    tableBuildJob_->start(
        [request, db] {
            TableDone r;
            try {
                const LatencyTableResult t = measureLatencyTable(Adb(), request);
                if (!db.empty()) {
                    ExperimentStore store(db, true);
                    store.recordUnitLatencies(t.rows);
                    store.recordLatencyChecks(t.checks);
                }
                const LatencyModelCheck& c = t.models.front();
                r.message = DevicesView::tr(
                                "Latency table of %n unit(s) recorded for %1 (%2): predicted %3 ms; measured %4 ms, "
                                "error of the "
                                "prediction %5 %.",
                                "", int(t.rows.size()))
                                .arg(QString::fromStdString(t.device.displayName()),
                                     QString::fromStdString(request.precision), display::decimal(c.predictedMs, 3),
                                     display::decimal(c.measuredMs, 3), display::decimal(c.errorPercent(), 1));
                r.ok = true;
            } catch (const DeviceCancelled&) {
                r.cancelled = true;
            } catch (const std::exception& e) {
                r.message = engineMessage(e.what());
            }
            return r;
        },
        [this, serial](TableDone r) {
            buildingTable_ = false;
            updateButtons();
            tableStatus_->setText(r.cancelled ? tr("Cancelled: nothing was recorded.") : r.message);
            Q_EMIT message(tableStatus_->text());
            if (r.ok && selectedSerial() == serial) loadProfiles(serial);  // the tables' list and hit rates
            Q_EMIT latencyTableFinished(r.ok, r.message);
        });
}

void DevicesView::startProfile() {
    const QString serial = selectedSerial();
    if (profiling() || serial.isEmpty()) return;
    // the path of a listed export, or what the user typed
    const int index = artifact_->currentIndex();
    const QString path = index >= 0 && artifact_->itemText(index) == artifact_->currentText() ? artifact_->itemData(index).toString()
                                                                                              : artifact_->currentText().trimmed();
    if (path.isEmpty()) {
        status_->setText(tr("Choose a .hlmp (or, for an x86_64 device, .ptl) model file (Runs area, Files tab, Export... writes one)."));
        return;
    }
    DeviceProfileRequest request;
    request.serial = serial.toStdString();
    request.artifact = path.toStdString();
    request.threads = threads_->value();
    request.affinity = affinity_->currentData().toString().toStdString();
    request.warmup = warmup_->value();
    request.iters = iters_->value();
    request.cooldownS = cooldown_->value();
    request.runner = runner_->text().trimmed().toStdString();
    request.runnerKind = runnerKind_->currentData().toString().toStdString();
    for (const QString& lib : runnerLibs_->text().split(',', Qt::SkipEmptyParts)) request.runnerLibs.push_back(lib.trimmed().toStdString());
    if (request.runnerKind == "speed_benchmark_torch" && request.runner.empty()) {
        status_->setText(tr("speed_benchmark_torch is PyTorch's program: give its file (built for the phone) as the runner."));
        return;
    }
    armWorker(status_, request.cancelled, request.progress);
    profiling_ = true;
    updateButtons();
    status_->setText(tr("Starting..."));
    const std::string db = db_.toStdString();
    profileJob_->start(
        [request, db] {
            ProfileDone r;
            try {
                const DeviceProfile p = profileOnDevice(Adb(), request);
                if (!db.empty()) {
                    ExperimentStore store(db, true);
                    r.record = deviceProfileRecord(p, store.runOfExport(p.sha256).value_or(0));
                    r.record.id = store.addDeviceProfile(r.record);
                } else {
                    r.record = deviceProfileRecord(p, 0);
                }
                r.ok = true;
            } catch (const DeviceCancelled&) {
                r.cancelled = true;
            } catch (const std::exception& e) {
                r.message = engineMessage(e.what());
            }
            return r;
        },
        [this, serial](ProfileDone r) {
            profiling_ = false;
            updateButtons();
            if (r.cancelled) {
                status_->setText(tr("Cancelled: nothing was recorded."));
            } else if (!r.ok) {
                status_->setText(r.message);
            } else {
                status_->setText(
                    tr("Mean %1 ms (p90 %2 ms) on %3%4.")
                        .arg(display::decimal(r.record.meanMs, 3), display::decimal(r.record.p90Ms, 3),
                             QString::fromStdString(r.record.deviceName),
                             r.record.throttling.empty()
                                 ? QString()
                                 : tr("; throttled: %1").arg(QString::fromStdString(r.record.throttling))));
                loadProfiles(serial);
            }
            Q_EMIT message(status_->text());
            Q_EMIT profileFinished(r.ok, r.cancelled ? tr("cancelled") : r.message);
        });
}

void DevicesView::cancelProfile() {
    if (cancel_) cancel_->store(true);
}

}  // namespace hlcnn
