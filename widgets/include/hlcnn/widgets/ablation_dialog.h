// "Ablate this block's options": which values of one HL-CNN block's attention, SE reduction and
// fusion to try. Every combination becomes a variant of the designed graph; the launcher that
// follows picks the data, the recipe and the seeds, and the variants train as one sweep.
#pragma once

#include <QDialog>

#include <map>
#include <string>
#include <utility>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace hlcnn {

struct Node;

class AblationDialog : public QDialog {
    Q_OBJECT
public:
    // The block's own values start checked.
    explicit AblationDialog(const Node& block, QWidget* parent = nullptr);

    // Option -> the values checked (options with one value are left out: they do not vary);
    // empty with `error` set when nothing varies or an SE ratio is not an integer in 1..64.
    std::vector<std::pair<std::string, std::vector<std::string>>> grid(QString* error = nullptr) const;
    int variants() const;   // grid points; 0 when the form is not valid
    std::map<std::string, std::vector<QCheckBox*>> boxes() const { return boxes_; }
    QLineEdit* reductions() const { return reductions_; }

private:
    void refresh();

    std::map<std::string, std::vector<QCheckBox*>> boxes_;
    QLineEdit* reductions_;
    QLabel* summary_;
    std::string blockId_;
};

}  // namespace hlcnn
