// Export a recorded run for deployment: which checkpoint, which format (.ptl for phones, .pt for the
// host, .onnx for other runtimes), fp32 or int8 with its calibration data and engine, and where.
// The dialog only collects the choice; RunDetail runs it (experiments/run_export) on a worker.
#pragma once

#include <QDialog>
#include <QString>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace hlcnn {

struct ExportChoice {
    QString checkpoint, output;
    QString format = "ptl";          // pt | ptl | onnx
    bool int8 = false;
    QString calibData;               // data spec (the run's own data by default)
    int calibBatches = 32;
    QString engine;                  // qnnpack | onednn
    bool evaluate = true;            // measure top-1 on the data's test split
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // checkpointDir: the run's folder (best.ckpt, last.ckpt); dataSpec: the data it trained on.
    ExportDialog(const QString& runName, const QString& checkpointDir, const QString& dataSpec, QWidget* parent = nullptr);

    ExportChoice choice() const;
    void setFormat(const QString& format);   // pt | ptl | onnx
    void setInt8(bool on);
    void setOutput(const QString& path);
    QString problem() const;                 // "" when the choice can run

private:
    void formatChanged();
    QString defaultOutput() const;

    QString runName_, checkpointDir_, lastFormat_;
    QComboBox* checkpoint_;
    QComboBox* format_;
    QCheckBox* int8_;
    QLineEdit* calibData_;
    QSpinBox* calibBatches_;
    QComboBox* engine_;
    QCheckBox* evaluate_;
    QLineEdit* output_;
    QLabel* note_;
    bool outputEdited_ = false;
};

}  // namespace hlcnn
