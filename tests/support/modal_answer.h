// Answers the next modal dialog from a timer, as a person would: the test arms it, then does what
// opens the dialog (a QMessageBox question, a QFileDialog) and the dialog's own event loop runs the
// answer. Gives up after `timeoutMs` without a dialog.
#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QMessageBox>
#include <QTimer>

#include <functional>
#include <memory>

namespace hlcnn::test {

inline void answerNextDialog(std::function<void(QWidget*)> answer, int timeoutMs = 20000) {
    auto* timer = new QTimer;
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QObject::connect(timer, &QTimer::timeout, [timer, answer, clock, timeoutMs] {
        QWidget* dialog = QApplication::activeModalWidget();
        if (!dialog && clock->elapsed() < timeoutMs) return;
        timer->stop();
        timer->deleteLater();
        if (dialog) answer(dialog);
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
        QMetaObject::invokeMethod(dialog, "accept");   // as the dialog's own Save button does
    });
}

}  // namespace hlcnn::test
