// Answers the next modal dialog from a timer, as a person would: the test arms it, then does what
// opens the dialog (a QMessageBox question, a QFileDialog) and the dialog's own event loop runs the
// answer. Gives up after `timeoutMs` without a dialog.
#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLineEdit>
#include <QPointer>
#include <QMessageBox>
#include <QTimer>

#include <functional>
#include <memory>

namespace hlcnn::test {

// The answer is given again while the same dialog stays open (a file dialog still listing its
// folder may ignore the first accept), until it closes or the time is up.
inline void answerNextDialog(std::function<void(QWidget*)> answer, int timeoutMs = 20000) {
    auto* timer = new QTimer;
    struct State {
        QElapsedTimer clock;
        bool answered = false;
        QPointer<QWidget> dialog;
    };
    auto state = std::make_shared<State>();
    state->clock.start();
    QObject::connect(timer, &QTimer::timeout, [timer, answer, state, timeoutMs] {
        const auto finish = [timer] {
            timer->stop();
            timer->deleteLater();
        };
        if (state->clock.elapsed() >= timeoutMs) return finish();
        QWidget* active = QApplication::activeModalWidget();
        if (!state->answered) {
            if (!active) return;   // not open yet
            state->answered = true;
            state->dialog = active;
            return answer(active);
        }
        if (state->dialog.isNull() || active != state->dialog) return finish();   // it closed
        answer(active);   // still open: once more
    });
    timer->start(20);
}

// Presses the button of a QMessageBox (Yes, No, Ok...); records the text it showed.
inline void pressInNextMessageBox(QMessageBox::StandardButton button, QString* shownText = nullptr) {
    answerNextDialog([button, shownText](QWidget* w) {
        auto* box = qobject_cast<QMessageBox*>(w);
        if (!box) return;
        if (shownText) *shownText = box->text();
        if (QAbstractButton* b = box->button(button)) b->click();
    });
}

// Types `path` into the next file dialog and accepts it; records its window title.
inline void chooseInNextFileDialog(const QString& path, QString* shownTitle = nullptr) {
    answerNextDialog([path, shownTitle](QWidget* w) {
        auto* dialog = qobject_cast<QFileDialog*>(w);
        if (!dialog) return;
        if (shownTitle) *shownTitle = dialog->windowTitle();
        dialog->selectFile(path);
        if (auto* name = dialog->findChild<QLineEdit*>("fileNameEdit")) name->setText(path);   // typed, as a person does
        QMetaObject::invokeMethod(dialog, "accept");   // as the dialog's own Save button does
    });
}

}  // namespace hlcnn::test
