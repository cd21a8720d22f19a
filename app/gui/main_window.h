// The workbench's main window: Designer, Runs, Compare and Profiler areas, zoo browser, file actions, recent
// files and persisted window state. No LibTorch here.
#pragma once

#include <QMainWindow>

class QListWidget;
class QMenu;
class QTabWidget;

namespace hlcnn {

class DesignerWidget;
class ModelBrowser;
class ProfileView;
class RunsView;
class CompareView;
class DevicesView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    ModelBrowser* browser() const { return browser_; }
    ProfileView* profileView() const { return profile_; }
    DesignerWidget* designer() const { return designer_; }
    RunsView* runsView() const { return runs_; }
    CompareView* compareView() const { return compare_; }
    DevicesView* devicesView() const { return devices_; }
    QTabWidget* areas() const { return areas_; }
    bool openGraphFile(const QString& path);  // shows errors in a dialog when interactive
    void showMessage(const QString& text);    // status bar, and kept in the Messages dock
    QListWidget* messageLog() const { return messages_; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void openGraph();
    void revertGraph();   // File > Revert to saved
    bool saveGraph(bool askForPath);
    void exportTable();
    void exportCanvas();
    void trainThisModel();
    void ablateSelectedBlock();   // Model > Ablate the selected block's options
    void showModel(const QString& name, const QString& stem, int classes, double width);
    void rememberRecent(const QString& path);
    void refreshRecentMenu();
    bool confirmDiscard();
    void updateTitle();
    void openRecordedGraph(const QString& graphJson);

    ModelBrowser* browser_;
    ProfileView* profile_;
    DesignerWidget* designer_;
    RunsView* runs_;
    CompareView* compare_;
    DevicesView* devices_;
    QTabWidget* areas_;
    QMenu* recentMenu_ = nullptr;
    QAction* trainAction_ = nullptr;
    QAction* ablateAction_ = nullptr;
    QAction* revertAction_ = nullptr;
    QListWidget* messages_ = nullptr;
    bool stopping_ = false;
};

}  // namespace hlcnn
