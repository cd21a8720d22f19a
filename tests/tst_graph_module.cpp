// The LibTorch builder and the TorchScript export: every op runs, shapes agree with the analysis,
// gradients flow, and the scripted module computes the same function with the same names.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/torchscript_export.h"
#include "hlcnn/models/zoo.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace hlcnn;

namespace {

// One node of every primitive and composite op; every node is also a graph output.
Graph everyOp() {
    Graph g = graphFromJson(R"({"format":"hlcnn-graph/1","name":"every_op","input":[3,16,16],"nodes":[
      {"id":"stem.0","op":"conv2d","inputs":["input"],"attrs":{"out_channels":12,"bias":true}},
      {"id":"stem.1","op":"batchnorm","inputs":["stem.0"]},
      {"id":"a1","op":"relu6","inputs":["stem.1"]},
      {"id":"a2","op":"hardswish","inputs":["a1"]},
      {"id":"a3","op":"hardsigmoid","inputs":["a2"]},
      {"id":"a4","op":"silu","inputs":["a3"]},
      {"id":"a5","op":"sigmoid","inputs":["a4"]},
      {"id":"a6","op":"relu","inputs":["a5"]},
      {"id":"dw","op":"depthwise_conv","inputs":["a6"],"attrs":{"multiplier":2,"kernel":5,"dilation":2}},
      {"id":"pw","op":"pointwise_conv","inputs":["dw"],"attrs":{"out_channels":12,"groups":3}},
      {"id":"mp","op":"maxpool","inputs":["pw"],"attrs":{"kernel":3,"stride":2,"ceil_mode":true}},
      {"id":"ap","op":"avgpool","inputs":["pw"],"attrs":{"kernel":2}},
      {"id":"add","op":"add","inputs":["mp","ap","ap"]},
      {"id":"cat","op":"concat","inputs":["add","ap"]},
      {"id":"shuf","op":"channel_shuffle","inputs":["cat"],"attrs":{"groups":3}},
      {"id":"split","op":"channel_split","inputs":["shuf"],"attrs":{"parts":2,"index":1}},
      {"id":"se","op":"channel_attention","inputs":["split"],"attrs":{"reduction":2,"delta":"silu","gate":"hardsigmoid"}},
      {"id":"eca","op":"eca","inputs":["se"]},
      {"id":"fuse","op":"fusion","inputs":["eca","pw"],"attrs":{"mode":"channel","alpha":0.7,"beta":0.3}},
      {"id":"up","op":"fusion","inputs":["pw","fuse"]},
      {"id":"dws","op":"dwsep_block","inputs":["up"],"attrs":{"out_channels":16}},
      {"id":"ir","op":"inverted_residual","inputs":["dws"],"attrs":{"out_channels":16}},
      {"id":"mb","op":"mbconv","inputs":["ir"],"attrs":{"out_channels":16,"se":true,"kernel":5}},
      {"id":"bt","op":"bottleneck","inputs":["mb"],"attrs":{"out_channels":24,"stride":2,"attention":"eca"}},
      {"id":"fire","op":"fire","inputs":["bt"],"attrs":{"squeeze":8,"expand1x1":12,"expand3x3":12}},
      {"id":"s1","op":"shufflenet_v1_unit","inputs":["fire"],"attrs":{"out_channels":48,"groups":3,"stride":2}},
      {"id":"s2","op":"shufflenet_v2_unit","inputs":["s1"],"attrs":{"out_channels":48}},
      {"id":"gh","op":"ghost_bottleneck","inputs":["s2"],"attrs":{"mid_channels":64,"out_channels":32,"se_ratio":0.25}},
      {"id":"bb","op":"basic_block","inputs":["gh"],"attrs":{"out_channels":40}},
      {"id":"hl","op":"hlcnn_block","inputs":["bb"],"attrs":{"out_channels":48,"attention":"se","fusion_mode":"channel"}},
      {"id":"gap","op":"global_avgpool","inputs":["hl"]},
      {"id":"flat","op":"flatten","inputs":["gap"]},
      {"id":"drop","op":"dropout","inputs":["flat"],"attrs":{"p":0.1}},
      {"id":"fc","op":"linear","inputs":["drop"],"attrs":{"out_features":7}}],"outputs":["fc"]})");
    return g;
}

std::int64_t trainableCount(GraphModuleImpl& m) {
    std::int64_t n = 0;
    for (const auto& p : m.parameters()) n += p.numel();
    return n;
}

}  // namespace

class GraphModuleTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { configureProcess(1, 2); }

    void everyOpRunsWithInferredShapes() {
        Graph g = everyOp();
        g.outputs.clear();
        for (const Node& n : g.nodes) g.outputs.push_back(n.id);
        GraphModule m(g);
        const auto outs = m->forwardAll(torch::randn({2, 3, 16, 16}));
        QCOMPARE(outs.size(), g.nodes.size());
        for (std::size_t i = 0; i < outs.size(); ++i) {
            std::vector<std::int64_t> expected{2};
            for (auto d : m->analysis().shapes.at(g.nodes[i].id).dims) expected.push_back(d);
            QVERIFY2(outs[i].sizes().vec() == expected, g.nodes[i].id.c_str());
        }
        QCOMPARE(trainableCount(*m), profileGraph(g).total.params);
    }

    void gradientsReachEveryParameter() {
        GraphModule m(everyOp());
        m->train();
        const torch::Tensor loss = m->forward(torch::randn({4, 3, 16, 16})).pow(2).mean();
        loss.backward();
        for (const auto& p : m->named_parameters()) {
            QVERIFY2(p.value().grad().defined(), p.key().c_str());
            QVERIFY2(torch::isfinite(p.value().grad()).all().item<bool>(), p.key().c_str());
        }
        // training mode counts batches in batchnorm, as torch.nn.BatchNorm2d does
        QCOMPARE(m->stateTensor("stem.1.num_batches_tracked").item<std::int64_t>(), std::int64_t(1));
    }

    void parameterNamesFollowNodeIds() {
        GraphModule m(models::buildModel("mobilenet_v3_small", {}));
        const auto names = m->stateNames();
        QVERIFY(std::find(names.begin(), names.end(), "features.1.block.1.fc1.weight") != names.end());
        QVERIFY(std::find(names.begin(), names.end(), "classifier.3.bias") != names.end());
        QVERIFY(m->stateTensor("features.0.1.running_var").defined());
    }

    void zooModelsTrainOneStepOnCifar_data() {
        QTest::addColumn<QString>("model");
        for (const auto& z : models::zoo()) QTest::newRow(z.name.c_str()) << QString::fromStdString(z.name);
    }
    void zooModelsTrainOneStepOnCifar() {
        QFETCH(QString, model);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        GraphModule m(models::buildModel(model.toStdString(), o));
        m->train();
        const torch::Tensor y = m->forward(torch::randn({2, 3, 32, 32}));
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, 10}));
        torch::nll_loss(torch::log_softmax(y, 1), torch::tensor({1, 3})).backward();
    }

    void torchScriptMatchesAndRoundTrips_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("every_op") << "";
        QTest::newRow("hlcnn_s") << "hlcnn_s";
        QTest::newRow("ghostnet") << "ghostnet";
        QTest::newRow("shufflenet_v1") << "shufflenet_v1";
    }
    void torchScriptMatchesAndRoundTrips() {
        QFETCH(QString, model);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        const Graph g = model.isEmpty() ? everyOp() : models::buildModel(model.toStdString(), o);
        GraphModule m(g, 7);
        {  // non-trivial BN statistics
            m->train();
            torch::NoGradGuard guard;
            m->forward(torch::randn({8, g.input.dims[0], g.input.dims[1], g.input.dims[2]}));
        }
        m->eval();
        const torch::Tensor x = torch::randn({3, g.input.dims[0], g.input.dims[1], g.input.dims[2]});
        torch::NoGradGuard guard;
        const torch::Tensor expected = m->forward(x);
        torch::jit::Module scripted = toTorchScript(*m);

        std::vector<std::string> names;
        for (const auto& p : scripted.named_parameters()) names.push_back(p.name);
        std::vector<std::string> ours;
        for (const auto& p : m->named_parameters()) ours.push_back(p.key());
        QCOMPARE(names, ours);

        QVERIFY((scripted.forward({x}).toTensor() - expected).abs().max().item<double>() < 1e-5);
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/model.pt").toStdString();
        scripted.save(path);
        torch::jit::Module loaded = torch::jit::load(path);
        QVERIFY((loaded.forward({x}).toTensor() - expected).abs().max().item<double>() < 1e-5);
    }

    void rejectsWrongInput() {
        GraphModule m(models::buildModel("hlcnn_s", {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m->forward(torch::randn({1, 3, 32, 32})));
    }
};

QTEST_GUILESS_MAIN(GraphModuleTest)
#include "tst_graph_module.moc"
