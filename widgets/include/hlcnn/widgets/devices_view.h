// The Devices area: phones adb sees (followed while the area is shown), the chosen phone's identity,
// CPU clusters and thermal state, a form to profile a .hlmp or .ptl on it (threads, cores, iterations),
// the profiles recorded for it, and its latency tables with their prediction hit rates. adb runs on workers only; results come back as values.
#pragma once

#include <QString>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace hlcnn {

class BackgroundJob;

struct Graph;
struct LatencyTableInfo;

class DevicesView : public QWidget {
    Q_OBJECT
public:
    explicit DevicesView(QWidget* parent = nullptr);
    ~DevicesView() override;

    void setDatabase(const QString& path);   // where profiles are recorded and read
    void refreshDevices();                   // asks adb (on a worker); devicesListed() follows
    void setPollInterval(int ms);            // 0: only on demand (default 3000 while shown)

    QTableWidget* devices() const { return devices_; }
    QTableWidget* profiles() const { return profiles_; }
    QLabel* info() const { return info_; }
    QLabel* status() const { return status_; }
    QString selectedSerial() const;
    void selectDevice(const QString& serial);

    void setArtifact(const QString& path);
    void setThreads(int threads);
    void setAffinity(const QString& affinity);   // all | big | little
    void setIterations(int warmup, int iters);
    // "" = the project's hlcnn-bench; otherwise a runner file of that kind (hlcnn-bench built for the
    // phone, or PyTorch's speed_benchmark_torch) and the libraries it needs next to it.
    void setRunner(const QString& path, const QString& kind, const QStringList& libraries = {});
    void startProfile();                     // profileFinished() follows
    void cancelProfile();
    bool profiling() const { return profiling_ || buildingTable_; }

    // The latency table of the designer's graph on the chosen phone (its units timed alone, with the
    // threads, cores and forwards from the form): the designer then predicts every node on that phone.
    void setGraphSource(std::function<Graph()> source);
    void buildLatencyTable(const QString& precision);   // fp32 | int8; latencyTableFinished() follows
    QLabel* tableStatus() const { return tableStatus_; }
    QTableWidget* latencyTables() const { return tables_; }

Q_SIGNALS:
    void devicesListed();
    void infoShown(const QString& serial);
    void profilesShown();
    void profileFinished(bool ok, const QString& message);
    void latencyTableFinished(bool ok, const QString& message);
    void message(const QString& text);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void showInfo(const QString& serial);
    void loadProfiles(const QString& serial);
    void loadArtifacts();
    void showTables(const std::vector<LatencyTableInfo>& tables);
    void updateButtons();
    // A fresh cancel flag for the next worker, and its progress lines shown in `status`.
    void armWorker(QLabel* status, std::function<bool()>& cancelled, std::function<void(const std::string&)>& progress);

    QString db_;
    QTimer* poll_;
    int pollMs_ = 3000;
    bool listing_ = false, profiling_ = false, buildingTable_ = false;
    std::function<Graph()> graphSource_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    QTableWidget* devices_;
    QLabel* info_;
    QComboBox* artifact_;
    QSpinBox* threads_;
    QComboBox* affinity_;
    QSpinBox* warmup_;
    QSpinBox* iters_;
    QSpinBox* cooldown_;
    QLineEdit* runner_;
    QComboBox* runnerKind_;
    QLineEdit* runnerLibs_;
    QPushButton* profile_;
    QPushButton* cancelButton_;
    QLabel* status_;
    QComboBox* tablePrecision_;
    QPushButton* buildTable_;
    QLabel* tableStatus_;
    QTableWidget* profiles_;
    QTableWidget* tables_;   // this device's latency tables with their hit rates
    // background reads and writes (one job each: a newer read wins; writes all report)
    BackgroundJob* devicesJob_;
    BackgroundJob* infoJob_;
    BackgroundJob* profilesJob_;
    BackgroundJob* artifactsJob_;
    BackgroundJob* tableBuildJob_;
    BackgroundJob* profileJob_;
};

}  // namespace hlcnn
