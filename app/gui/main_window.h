// The workbench's main window: zoo browser, profiler view, file actions. No LibTorch here.
#pragma once

#include <QMainWindow>

namespace hlcnn {

class ModelBrowser;
class ProfileView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    ModelBrowser* browser() const { return browser_; }
    ProfileView* profileView() const { return profile_; }
    bool openGraphFile(const QString& path);  // shows errors in a dialog when interactive

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void openGraph();
    void exportTable();
    void showModel(const QString& name, const QString& stem, int classes, double width);

    ModelBrowser* browser_;
    ProfileView* profile_;
};

}  // namespace hlcnn
