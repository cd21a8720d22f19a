#include "hlcnn/widgets/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace hlcnn {

ExportDialog::ExportDialog(const QString& runName, const QString& checkpointDir, const QString& dataSpec, QWidget* parent)
    : QDialog(parent), runName_(runName), checkpointDir_(checkpointDir) {
    setWindowTitle(tr("Export %1").arg(runName));
    checkpoint_ = new QComboBox;
    checkpoint_->addItem(tr("Best epoch (best.ckpt)"), checkpointDir + "/best.ckpt");
    checkpoint_->addItem(tr("Last epoch (last.ckpt)"), checkpointDir + "/last.ckpt");
    format_ = new QComboBox;
    format_->addItem(tr("Lite interpreter (.ptl), for phones"), "ptl");
    format_->addItem(tr("Frozen TorchScript (.pt), for the host"), "pt");
    format_->addItem(tr("ONNX (.onnx, opset 14, fp32)"), "onnx");
    format_->addItem(tr("Mobile program (.hlmp, XNNPACK), for arm64 phones"), "mobile");
    int8_ = new QCheckBox(tr("Quantize to int8 (post-training, calibrated on training images)"));
    calibData_ = new QLineEdit(dataSpec);
    calibBatches_ = new QSpinBox;
    calibBatches_->setRange(1, 100000);
    calibBatches_->setValue(32);
    calibBatches_->setSuffix(tr(" batches of 32 images"));
    engine_ = new QComboBox;
    engine_->addItem(tr("QNNPACK (phones)"), "qnnpack");
    engine_->addItem(tr("oneDNN (this host)"), "onednn");
    evaluate_ = new QCheckBox(tr("Measure top-1 on the data's test images"));
    evaluate_->setChecked(true);
    output_ = new QLineEdit;
    auto* browse = new QPushButton(tr("Browse..."));
    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(output_, 1);
    outputRow->addWidget(browse);
    note_ = new QLabel;
    note_->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Checkpoint"), checkpoint_);
    form->addRow(tr("Format"), format_);
    form->addRow(QString(), int8_);
    form->addRow(tr("Calibration data"), calibData_);
    form->addRow(tr("Calibration"), calibBatches_);
    form->addRow(tr("Engine"), engine_);
    form->addRow(QString(), evaluate_);
    form->addRow(tr("Write to"), outputRow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* box = new QVBoxLayout(this);
    box->addLayout(form);
    box->addWidget(note_);
    box->addWidget(buttons);

    connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(int8_, &QCheckBox::toggled, this, &ExportDialog::formatChanged);
    connect(checkpoint_, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(output_, &QLineEdit::textEdited, this, [this] { outputEdited_ = true; });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export to"), output_->text());
        if (!path.isEmpty()) setOutput(path);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty()) accept();
        else note_->setText(problem());
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    formatChanged();
}

QString ExportDialog::defaultOutput() const {
    const QString format = format_->currentData().toString();
    const QString which = QFileInfo(checkpoint_->currentData().toString()).completeBaseName();   // best | last
    const bool int8 = int8_->isChecked() && format != "onnx";
    return checkpointDir_ + "/" + which + (int8 ? "_int8." : "_fp32.") + (format == "mobile" ? QStringLiteral("hlmp") : format);
}

void ExportDialog::formatChanged() {
    const QString format = format_->currentData().toString();
    const bool onnx = format == "onnx";
    int8_->setEnabled(!onnx);
    if (onnx) int8_->setChecked(false);
    const bool int8 = int8_->isChecked();
    calibData_->setEnabled(int8);
    calibBatches_->setEnabled(int8);
    engine_->setEnabled(int8 && format != "mobile");   // a mobile program runs on XNNPACK
    if (format != lastFormat_) engine_->setCurrentIndex(format == "ptl" ? 0 : 1);   // the target's engine; the user may change it
    lastFormat_ = format;
    if (!outputEdited_) output_->setText(defaultOutput());
    note_->setText(onnx ? tr("ONNX files are fp32. The accuracy shown afterwards is that of the file as OpenCV's DNN module runs it.")
                        : int8 ? tr("The int8 report gives fp32 and int8 top-1, the size of both files and the error at each block.")
                               : QString());
}

void ExportDialog::setFormat(const QString& format) { format_->setCurrentIndex(format_->findData(format)); }
void ExportDialog::setInt8(bool on) { int8_->setChecked(on); }
void ExportDialog::setOutput(const QString& path) {
    outputEdited_ = true;
    output_->setText(path);
}

QString ExportDialog::problem() const {
    const ExportChoice c = choice();
    if (c.output.trimmed().isEmpty()) return tr("Choose where to write the file.");
    if (QFileInfo(c.output).isDir()) return tr("%1 is a folder; choose a file name.").arg(c.output);
    if (!QFileInfo(QFileInfo(c.output).absolutePath()).isDir()) return tr("The folder of %1 does not exist.").arg(c.output);
    if (QFileInfo(c.output).absoluteFilePath() == QFileInfo(c.checkpoint).absoluteFilePath())
        return tr("That is the checkpoint itself; choose another file.");
    if (c.int8 && c.calibData.trimmed().isEmpty()) return tr("int8 needs calibration data.");
    return {};
}

ExportChoice ExportDialog::choice() const {
    ExportChoice c;
    c.checkpoint = checkpoint_->currentData().toString();
    c.output = output_->text();
    c.format = format_->currentData().toString();
    c.int8 = int8_->isChecked();
    c.calibData = calibData_->text();
    c.calibBatches = calibBatches_->value();
    c.engine = engine_->currentData().toString();
    c.evaluate = evaluate_->isChecked();
    return c;
}

}  // namespace hlcnn
