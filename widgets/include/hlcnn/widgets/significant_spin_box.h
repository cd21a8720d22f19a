// A number field that shows a value by its significant digits (1e-05, 0.004, 128.5), never as
// fixed decimals that round small values to 0.0000. It accepts what it shows (exponents included)
// in the user's locale, and keeps the value exactly as set or typed.
#pragma once

#include <QDoubleSpinBox>

namespace hlcnn {

class SignificantSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit SignificantSpinBox(QWidget* parent = nullptr);

    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& text) const override;
};

}  // namespace hlcnn
