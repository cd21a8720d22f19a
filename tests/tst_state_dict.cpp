// Weight files from Python: good ones load by name, broken ones give a clear error.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/state_dict.h"
#include "hlcnn/models/zoo.h"

#include <torch/torch.h>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace hlcnn;

class StateDict : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString path(const char* name) const { return dir_.path() + "/" + name; }
    void python(const QString& code) {
        QProcess p;
        p.start(HLCNN_PYTHON, {"-c", code});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }
    void expectError(const QString& file, const char* fragment) {
        try {
            readStateDict(file.toStdString());
            QFAIL("no error");
        } catch (const StateDictError& e) {
            QVERIFY2(QString(e.what()).contains(fragment), e.what());
            QVERIFY(QString(e.what()).contains(file));
        }
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        python("import torch, collections\n"
               "d = collections.OrderedDict()\n"
               "d['a.weight'] = torch.arange(6, dtype=torch.float32).reshape(2, 3)\n"
               "d['a.bias'] = torch.tensor([1.5, -2.0])\n"
               "d['n'] = torch.tensor(7)\n"
               "d['t'] = torch.arange(12, dtype=torch.float64).reshape(3, 4).t()\n"  // non-contiguous view
               "d['h'] = torch.tensor([1.0, 2.0], dtype=torch.float16)\n"
               "d._metadata = {'': {'version': 1}}\n"
               "torch.save(d, '" + path("good.pt") + "')\n"
               "torch.save([torch.zeros(2)], '" + path("list.pt") + "')\n"
               "torch.save({'x': 3}, '" + path("scalar.pt") + "')\n"
               "torch.save(torch.nn.Linear(2, 2), '" + path("module.pt") + "')\n");
    }

    void readsOrderedDictWithViewsAndDtypes() {
        const auto e = readStateDict(path("good.pt").toStdString());
        QCOMPARE(e.size(), std::size_t(5));
        QCOMPARE(e[0].name, std::string("a.weight"));
        QVERIFY(e[0].tensor.equal(torch::arange(6, torch::kFloat).reshape({2, 3})));
        QCOMPARE(e[1].tensor[1].item<float>(), -2.0f);
        QCOMPARE(e[2].tensor.item<std::int64_t>(), std::int64_t(7));
        QCOMPARE(e[2].tensor.dim(), std::int64_t(0));
        QVERIFY(e[3].tensor.equal(torch::arange(12, torch::kDouble).reshape({3, 4}).t()));
        QCOMPARE(e[4].tensor.scalar_type(), torch::kHalf);
    }

    void brokenFilesGiveErrors() {
        {
            QFile f(path("empty.pt"));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        expectError(path("empty.pt"), "not a torch.save zip");
        {
            QFile f(path("junk.pt"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            std::mt19937 rng(3);
            QByteArray junk(4096, 0);
            for (auto& c : junk) c = char(rng());
            f.write(junk);
        }
        expectError(path("junk.pt"), "not a torch.save zip");
        {
            QFile good(path("good.pt"));
            QVERIFY(good.open(QIODevice::ReadOnly));
            const QByteArray all = good.readAll();
            QFile cut(path("cut.pt"));
            QVERIFY(cut.open(QIODevice::WriteOnly));
            cut.write(all.left(all.size() / 2));
        }
        try {
            readStateDict(path("cut.pt").toStdString());
            QFAIL("truncated file accepted");
        } catch (const StateDictError&) {
        }
        expectError(path("list.pt"), "not a state_dict");
        expectError(path("scalar.pt"), "'x' holds a int, not a tensor");
        expectError(path("module.pt"), "unsupported object");
        expectError(path("missing.pt"), "not a torch.save zip");
    }

    void strictLoadNamesTheDifferences() {
        GraphModule m(graphFromJson(R"({"format":"hlcnn-graph/1","name":"t","input":[3,4,4],"nodes":[
          {"id":"gap","op":"global_avgpool","inputs":["input"]},{"id":"f","op":"flatten","inputs":["gap"]},
          {"id":"a","op":"linear","inputs":["f"],"attrs":{"out_features":2}}],"outputs":["a"]})"));
        const auto entries = readStateDict(path("good.pt").toStdString());
        try {
            loadStateDict(*m, entries);
            QFAIL("strict load accepted extra keys");
        } catch (const StateDictError& e) {
            QVERIFY2(QString(e.what()).contains("3 unexpected: n, t, h"), e.what());
        }
        const LoadReport r = loadStateDict(*m, entries, false);
        QCOMPARE(r.loaded, 2);
        QVERIFY(m->stateTensor("a.bias").equal(torch::tensor({1.5f, -2.0f})));

        GraphModule other(models::buildModel("squeezenet1_1", {}));
        const LoadReport none = loadStateDict(*other, entries, false);
        QCOMPARE(none.loaded, 0);
        QCOMPARE(int(none.missing.size()), int(other->stateNames().size()));
    }
};

QTEST_GUILESS_MAIN(StateDict)
#include "tst_state_dict.moc"
