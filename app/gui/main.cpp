// hlcnn-workbench: the desktop application.
#include "main_window.h"

#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/widgets/model_browser.h"
#include "hlcnn/widgets/number_format.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    hlcnn::display::useCNumericLocale();  // Qt just adopted LANG's LC_NUMERIC; machine formats need C
    QApplication::setOrganizationName("HL-CNN Workbench");
    QApplication::setApplicationName("hlcnn-workbench");
    QApplication::setApplicationVersion("0.1.0");

    hlcnn::configureProcess();  // malloc policy, one OpenBLAS thread (docs/performance.md); runs set their own threads

    QTranslator translator;  // falls back to the English source strings when no translation matches
    if (translator.load(QLocale(), "hlcnn", "_", ":/i18n")) QApplication::installTranslator(&translator);
    QTranslator qtTranslator;  // Qt's own strings: dialog buttons, file dialogs (qt6-translations-l10n)
    if (qtTranslator.load(QLocale(), "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Design, profile and compare lightweight CNNs."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption model("model", QApplication::translate("main", "Open this zoo model."), "name");
    parser.addOption(model);
    parser.addPositionalArgument("graph", QApplication::translate("main", "A .hlcnn.json graph to open."));
    parser.process(app);

    hlcnn::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty()) window.openGraphFile(parser.positionalArguments().first());
    else window.browser()->selectModel(parser.isSet(model) ? parser.value(model) : "hlcnn_m");
    return app.exec();
}
