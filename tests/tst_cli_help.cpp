// The help cannot drift from the parser: every command `hlcnn help` lists answers --help; every
// option its help documents is accepted by its parser (given all at once after --help, which
// parses them and runs nothing); every option name the CLI's sources read is documented; the
// options whose absence from the help was reported (issue 29) are there; and the manual page
// holds every command.
#include "support/cli_process.h"

#include <QDir>
#include <QDirIterator>
#include <QRegularExpression>
#include <QtTest>

#include <set>

using hlcnn::test::runCli;

namespace {

// The command paths of `hlcnn help`: "  bench infer      runtimes side by side ...".
QStringList commandPaths() {
    const auto r = runCli({"help"});
    QStringList paths;
    const QRegularExpression line("^  ([a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)?)  +\\S");
    for (const QString& l : QString::fromUtf8(r.out).split('\n')) {
        const auto m = line.match(l);
        if (m.hasMatch()) paths << m.captured(1);
    }
    return paths;
}

// The options a command's help documents, from its option lines ("  -o, --output FILE   ..."),
// with whether each takes a value.
QMap<QString, bool> documentedOptions(const QString& help) {
    QMap<QString, bool> options;
    const QRegularExpression line("^  (?:-[a-z], )?--([a-z0-9-]+)( [^ ]+)?(?:  |$)");
    for (const QString& l : help.split('\n')) {
        const auto m = line.match(l);
        if (m.hasMatch()) options[m.captured(1)] = !m.captured(2).isEmpty();
    }
    return options;
}

}  // namespace

class CliHelp : public QObject {
    Q_OBJECT
    QStringList paths_;
    QString allHelp_;
    QMap<QString, hlcnn::test::CliResult> help_;  // hlcnn PATH --help, per command

private Q_SLOTS:
    void initTestCase() {
        paths_ = commandPaths();
        QVERIFY2(paths_.size() >= 40, qPrintable(paths_.join(", ")));
        for (const QString& p : paths_) {
            help_[p] = runCli(p.split(' ') + QStringList{"--help"});
            allHelp_ += QString::fromUtf8(help_[p].out);
        }
    }

    void everyCommandAnswersHelp_data() {
        QTest::addColumn<QString>("path");
        for (const QString& p : commandPaths()) QTest::newRow(qPrintable(p)) << p;
    }
    void everyCommandAnswersHelp() {
        QFETCH(QString, path);
        const auto& r = help_[path];
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QVERIFY2(r.out.startsWith(("usage: hlcnn " + path + " ").toUtf8()), r.out.constData());
    }

    // Every documented option, given at once, parses (a --help run checks them and runs nothing),
    // and one the command does not take is named.
    void everyDocumentedOptionIsAccepted_data() { everyCommandAnswersHelp_data(); }
    void everyDocumentedOptionIsAccepted() {
        QFETCH(QString, path);
        const QMap<QString, bool> options = documentedOptions(QString::fromUtf8(help_[path].out));
        QVERIFY2(!options.isEmpty(), qPrintable(path));
        QStringList args = path.split(' ');
        args << "--help";
        for (auto it = options.begin(); it != options.end(); ++it) {
            args << "--" + it.key();
            if (it.value()) args << "1";
        }
        // One run: an option the parser refused would be named before the one that is not there.
        args << "--no-such-option";
        const auto r = runCli(args);
        QVERIFY2(r.code == 2 && r.err == "hlcnn: unknown option --no-such-option\n",
                 qPrintable(path + ": " + QString::fromUtf8(r.err)));
    }

    // Every option name the CLI's code reads is documented by some command (the parser refuses
    // undeclared ones, and the code throws if it reads one its command does not declare).
    void everyOptionTheCodeReadsIsDocumented() {
        const QString sources = QString(HLCNN_SOURCE_DIR) + "/app/cli";
        QDirIterator it(sources, {"*.cpp"});
        const QRegularExpression read(
            "(?:args|parsed)\\.(?:has|value|real|integer)\\(\"([a-z0-9-]+)\"|boundedInteger\\((?:args|parsed), "
            "\"([a-z0-9-]+)\"");
        std::set<QString> names;
        int files = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            ++files;
            const QString text = QString::fromUtf8(f.readAll());
            for (auto m = read.globalMatch(text); m.hasNext();) {
                const auto match = m.next();
                names.insert(match.captured(1).isEmpty() ? match.captured(2) : match.captured(1));
            }
        }
        QVERIFY(files >= 10);
        QVERIFY2(names.size() >= 60, qPrintable(QString::number(names.size())));
        for (const QString& n : names)
            QVERIFY2(allHelp_.contains("--" + n), qPrintable("--" + n + " is read but documented nowhere"));
    }

    // The drift reported in issue 29, row by row.
    void reportedOmissionsAreDocumented_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("text");
        for (const char* o : {"--step-epochs", "--step-gamma", "--workers", "--no-normalize", "--image-size",
                              "--grad-clip", "--patience", "--memory-format", "--padding-mode", "--limit-train",
                              "--nesterov", "--no-flip", "--cutout"})
            QTest::newRow(o) << "train" << o;
        QTest::newRow("infer native-int8") << "bench infer"
                                           << "native-int8";
        QTest::newRow("infer xnnpack-int8") << "bench infer"
                                            << "xnnpack-int8";
        QTest::newRow("infer eval-data") << "bench infer"
                                         << "--eval-data";
        QTest::newRow("sweep keys") << "sweep run"
                                    << "step_gamma";
    }
    void reportedOmissionsAreDocumented() {
        QFETCH(QString, path);
        QFETCH(QString, text);
        const QByteArray& out = help_[path].out;
        QVERIFY2(out.contains(text.toUtf8()), out.constData());
    }

    void theManualPageHoldsEveryCommand() {
        const auto r = runCli({"help", "--man"});
        QCOMPARE(r.code, 0);
        const QString man = QString::fromUtf8(r.out);
        QVERIFY(man.startsWith(".TH HLCNN 1"));
        for (const QString& p : paths_)
            QVERIFY2(man.contains(".SS \"hlcnn " + QString(p).replace("-", "\\-") + "\""), qPrintable(p));
        QVERIFY(man.contains("\\-\\-step\\-gamma"));
    }

    void bareCommandsSayWhatIsMissing() {
        const auto none = runCli({});
        QCOMPARE(none.code, 2);
        QVERIFY2(none.err.startsWith("hlcnn: give a command\n"), none.err.constData());
        const auto runs = runCli({"runs"});
        QCOMPARE(runs.code, 2);
        QVERIFY2(runs.err.startsWith("hlcnn: give a runs command\n") && runs.err.contains("runs list"),
                 runs.err.constData());
    }
};

QTEST_GUILESS_MAIN(CliHelp)
#include "tst_cli_help.moc"
