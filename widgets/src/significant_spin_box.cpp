#include "hlcnn/widgets/significant_spin_box.h"

#include <QLocale>

namespace hlcnn {

namespace {
constexpr int kShownDigits = 6;   // what a person reads and types; the value itself keeps every digit
}

SignificantSpinBox::SignificantSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
    // QDoubleSpinBox rounds values to its decimals: enough for the smallest values a recipe or an
    // op attribute takes (an epsilon of 1e-12), so nothing is rounded away.
    setDecimals(15);
    setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
}

QString SignificantSpinBox::textFromValue(double value) const {
    QString text = locale().toString(value, 'g', kShownDigits);
    if (!(locale().numberOptions() & QLocale::OmitGroupSeparator)) text.remove(locale().groupSeparator());
    return text;
}

double SignificantSpinBox::valueFromText(const QString& text) const {
    bool ok = false;
    const double v = locale().toDouble(text.trimmed(), &ok);
    return ok ? v : value();
}

QValidator::State SignificantSpinBox::validate(QString& text, int&) const {
    const QString t = text.trimmed();
    if (t.isEmpty()) return QValidator::Intermediate;
    bool ok = false;
    const double v = locale().toDouble(t, &ok);
    if (ok) return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
    // Half-typed numbers: "1e", "1e-", "-", "0,"
    static const QString partial = "0123456789eE+-";
    for (const QChar c : t)
        if (!partial.contains(c) && c != locale().decimalPoint().front()) return QValidator::Invalid;
    return QValidator::Intermediate;
}

void SignificantSpinBox::fixup(QString& text) const { text = textFromValue(value()); }

}  // namespace hlcnn
