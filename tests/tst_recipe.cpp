// The training recipe round-trips, every field of it: given to `hlcnn train`, recorded in the
// store as JSON, cloned in the workbench's launcher, and given back to `hlcnn train`, each field
// arrives with the value first written on the command line. The expected values are this file's
// table (command-line text -> JSON key and value), not read from the schema, and a field the
// table does not cover fails the test. Sweeps set every sweepable field by its sweep key.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/recipe.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/experiments/sweep.h"
#include "hlcnn/widgets/launcher_dialog.h"
#include "hlcnn/widgets/recipe_form.h"
#include "support/cli_process.h"
#include "support/tiny_idx_net.h"

#include <nlohmann/json.hpp>

#include <QLineEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace hlcnn;
using nlohmann::json;

namespace {

// One non-default value per field, as `hlcnn train` takes it and as a run's JSON holds it. The
// values train the tiny net in a second (2 epochs of 40 images) and differ from TrainConfig{}.
struct FieldRow {
    const char* field;      // the schema's name
    QStringList arguments;  // on the command line
    const char* jsonKey;
    json stored;
    const char* sweepValue;  // as a sweep key's value ("" = not sweepable)
};

const std::vector<FieldRow>& rows() {
    static const std::vector<FieldRow> all{
        {"epochs", {"--epochs", "2"}, "epochs", 2, "2"},
        {"batch", {"--batch", "16"}, "batch", 16, "16"},
        {"optimizer", {"--optimizer", "sgd"}, "optimizer", "sgd", "sgd"},
        {"lr", {"--lr", "0.02"}, "lr", 0.02, "0.02"},
        {"momentum", {"--momentum", "0.8"}, "momentum", 0.8, "0.8"},
        {"nesterov", {"--nesterov"}, "nesterov", true, "true"},
        {"weight-decay", {"--weight-decay", "0.0005"}, "weight_decay", 0.0005, "0.0005"},
        {"schedule", {"--schedule", "step"}, "schedule", "step", "step"},
        {"step-epochs", {"--step-epochs", "1"}, "step_epochs", 1, "1"},
        {"step-gamma", {"--step-gamma", "0.5"}, "step_gamma", 0.5, "0.5"},
        {"warmup", {"--warmup", "0.5"}, "warmup_epochs", 0.5, "0.5"},
        {"label-smoothing", {"--label-smoothing", "0.05"}, "label_smoothing", 0.05, "0.05"},
        {"grad-clip", {"--grad-clip", "2.5"}, "grad_clip", 2.5, "2.5"},
        {"patience", {"--patience", "3"}, "patience", 3, "3"},
        {"crop-padding", {"--crop-padding", "2"}, "crop_padding", 2, "2"},
        {"padding-mode", {"--padding-mode", "reflect"}, "reflect_padding", true, "reflect"},
        {"flip", {"--no-flip"}, "hflip", false, "false"},
        {"cutout", {"--cutout", "3"}, "cutout", 3, "3"},
        {"normalize", {"--no-normalize"}, "normalize", false, "false"},
        {"limit-train", {"--limit-train", "40"}, "limit_train", 40, "40"},
        // beyond 2^32: a spin box would clamp it
        {"seed", {"--seed", "12345678901"}, "seed", 12345678901ULL, ""},
        {"threads", {"--threads", "1"}, "threads", 1, "1"},
        {"workers", {"--workers", "1"}, "loader_workers", 1, "1"},
        // cuda is the only other device and this build has none: the default, written out
        {"device", {"--device", "cpu"}, "device", "cpu", "cpu"},
        {"memory-format", {"--memory-format", "nchw"}, "memory_format", "nchw", "nchw"},
    };
    return all;
}

QStringList allArguments() {
    QStringList a;
    for (const FieldRow& r : rows()) a += r.arguments;
    return a;
}

// The recipe part of a run's JSON as the table's keys.
json recipeOf(const std::string& configJson) {
    const json j = json::parse(configJson);
    json out = json::object();
    for (const FieldRow& r : rows()) out[r.jsonKey] = j.at(r.jsonKey);
    return out;
}

// The command line that gives a recorded recipe back to `hlcnn train`: the table's options with
// the recorded values (a flag where the record holds the table's value, nothing otherwise).
QStringList argumentsOf(const json& recipe) {
    QStringList a;
    for (const FieldRow& r : rows()) {
        const json& v = recipe.at(r.jsonKey);
        if (r.arguments.size() == 1) {
            if (v == r.stored) a << r.arguments[0];
        } else if (r.stored.is_boolean()) {  // padding-mode: a choice stored as a bool
            a << r.arguments[0] << (v.get<bool>() ? "reflect" : "zero");
        } else {
            a << r.arguments[0] << QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump());
        }
    }
    return a;
}

}  // namespace

class RecipeTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_, graph_;

    // `hlcnn train` of the tiny net with `recipe`, recorded in `db`; the run's stored recipe.
    json trainAndRecord(const QString& db, const QStringList& recipe) {
        const auto r =
            test::runCli(QStringList{"train", "--graph", graph_, "--data", "idx:" + data_, "--db", db} + recipe);
        if (r.code != 0) {
            qWarning("%s", r.err.constData());
            return json();
        }
        ExperimentStore store(db.toStdString());
        const auto runs = store.runs();
        return runs.empty() ? json() : recipeOf(store.run(runs.front().id).configJson);
    }

private Q_SLOTS:
    void initTestCase() {
        data_ = dir_.path() + "/idx";
        QVERIFY(test::writeTinyIdx(data_, 200, 50));
        graph_ = dir_.path() + "/tiny.hlcnn.json";
        saveGraphFile(test::tinyIdxNet(), graph_.toStdString());
    }

    // The table covers the schema: a new field without a row here fails.
    void theTableCoversEveryField() {
        std::set<std::string> schema, table;
        for (const RecipeField& f : recipeFields()) schema.insert(f.name);
        for (const FieldRow& r : rows()) {
            table.insert(r.field);
            QVERIFY2(findRecipeField(r.field), r.field);
            QVERIFY2(recipeValue(TrainConfig{}, *findRecipeField(r.field)) != "", r.field);
        }
        QCOMPARE(table, schema);
        // and every value differs from the default, so a field that falls back to it is seen
        const json defaults = json::parse(trainConfigJson(TrainConfig{}));
        for (const FieldRow& r : rows())
            if (std::string(r.field) != "device") QVERIFY2(defaults.at(r.jsonKey) != r.stored, r.field);
    }

    // CLI -> JSON -> store -> launcher -> clone -> CLI, every field at once.
    void everyFieldSurvivesTheRoundTrip() {
        const QString first = dir_.path() + "/first.sqlite";
        const json recorded = trainAndRecord(first, allArguments());
        QVERIFY(!recorded.is_null());
        for (const FieldRow& r : rows())
            QVERIFY2(recorded.at(r.jsonKey) == r.stored,
                     qPrintable(QString(r.field) + ": " + QString::fromStdString(recorded.at(r.jsonKey).dump())));

        // The workbench's clone of that run: the launcher filled from the record, as Runs > Clone does.
        ExperimentStore store(first.toStdString());
        const RunRecord run = store.run(store.runs().front().id);
        LaunchModel model;
        model.graph = test::tinyIdxNet();
        LauncherDialog dialog(model);
        QSignalSpy ready(&dialog, &LauncherDialog::previewReady);
        dialog.setFromRun(run.datasetSpec, recordedImageSize(run), trainConfigFromJson(run.configJson),
                          run.name + " (clone)", run.project, run.tags);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() > 0 && dialog.dataReady(), 30000);
        QString error;
        const auto requests = dialog.requests(&error);
        QVERIFY2(requests.size() == 1, qPrintable(error));
        const json cloned = recipeOf(trainConfigJson(requests[0].config));
        for (const FieldRow& r : rows())
            QVERIFY2(cloned.at(r.jsonKey) == r.stored,
                     qPrintable(QString(r.field) + ": " + QString::fromStdString(cloned.at(r.jsonKey).dump())));

        // The form shows every field as the table wrote it (what the person sees is what runs).
        const RecipeForm* form = dialog.recipeForm();
        QCOMPARE(form->value("seed"), std::string("12345678901"));
        QCOMPARE(form->value("lr"), std::string("0.02"));
        QCOMPARE(form->value("padding-mode"), std::string("reflect"));

        // And back to the command line: the clone trains with the same recipe.
        const QStringList again = argumentsOf(cloned);
        QCOMPARE(again, allArguments());
        const json second = trainAndRecord(dir_.path() + "/second.sqlite", again);
        QCOMPARE(QString::fromStdString(second.dump()), QString::fromStdString(recorded.dump()));
    }

    // A sweep key sets the same field as the option ("weight_decay" and --weight-decay).
    void sweepKeysSetTheirFields_data() {
        QTest::addColumn<int>("row");
        for (std::size_t i = 0; i < rows().size(); ++i)
            if (*rows()[i].sweepValue) QTest::newRow(rows()[i].field) << int(i);
    }
    void sweepKeysSetTheirFields() {
        QFETCH(int, row);
        const FieldRow& r = rows()[std::size_t(row)];
        std::string key = r.field;
        std::replace(key.begin(), key.end(), '-', '_');
        SweepSpec spec;
        spec.base = {{"model", "hlcnn_s"}};
        spec.grid = {{key, {r.sweepValue}}};
        if (key == "warmup") spec.recipe.epochs = 2;  // warm-up is at most the epochs
        const auto points = expandSweep(spec);
        QCOMPARE(points.size(), std::size_t(1));
        const SweepRunPlan plan = planSweepRun(spec, points[0], 3, 32, 10);
        QCOMPARE(QString::fromStdString(json::parse(trainConfigJson(plan.config)).at(r.jsonKey).dump()),
                 QString::fromStdString(r.stored.dump()));
    }

    // A sweep names a bad value by its key, not by train's option.
    void sweepMessagesSpellTheKey() {
        SweepSpec spec;
        spec.base = {{"model", "hlcnn_s"}};
        spec.grid = {{"weight_decay", {"-1"}}};
        const auto points = expandSweep(spec);
        try {
            planSweepRun(spec, points[0], 3, 32, 10);
            QFAIL("a negative weight decay was accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).startsWith("weight_decay must be a finite number >= 0"), e.what());
        }
        spec.grid = {{"seed", {"3"}}};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, expandSweep(spec));  // sweeps repeat seeds with --seeds
    }
};

QTEST_MAIN(RecipeTest)
#include "tst_recipe.moc"
