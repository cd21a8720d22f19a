// Analytic profiler: hand-computed figures on small graphs, conventions, and the seed paper's
// Table II baselines coming out of the zoo.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/models/zoo.h"

#include <QtTest>

using namespace hlcnn;

namespace {

Graph tinyNet() {
    return graphFromJson(R"({"format":"hlcnn-graph/1","name":"tiny","input":[3,8,8],"nodes":[
      {"id":"conv","op":"conv2d","inputs":["input"],"attrs":{"out_channels":4}},
      {"id":"bn","op":"batchnorm","inputs":["conv"]},
      {"id":"act","op":"relu","inputs":["bn"]},
      {"id":"gap","op":"global_avgpool","inputs":["act"]},
      {"id":"flat","op":"flatten","inputs":["gap"]},
      {"id":"fc","op":"linear","inputs":["flat"],"attrs":{"out_features":10}}],"outputs":["fc"]})");
}

std::int64_t macsOf(const std::string& model, const models::ModelOptions& o = {}, std::int64_t resolution = 0) {
    models::ModelOptions opts = o;
    if (resolution) opts.resolution = resolution;
    return profileGraph(models::buildModel(model, opts)).total.macs;
}

}  // namespace

class Profiler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handComputedTinyNet() {
        const ModelProfile p = profileGraph(tinyNet());
        QCOMPARE(p.total.params, std::int64_t(108 + 8 + 50));
        QCOMPARE(p.total.buffers, std::int64_t(4 + 4 + 1));
        QCOMPARE(p.total.macs, std::int64_t(4 * 64 * 27 + 40));
        QCOMPARE(p.total.otherOps, std::int64_t(512 + 256 + 256 + 10));
        QCOMPARE(p.total.flops(), 2 * p.total.macs);  // FLOPs = 2 x MACs; other ops are their own figure
        QCOMPARE(p.total.activationBytes, std::int64_t(3144));
        QCOMPARE(p.total.trafficBytes, std::int64_t(7680));
        QCOMPARE(p.peakActivationBytes, std::int64_t(2048));
        QCOMPARE(p.modelBytesFp32(), std::int64_t(4 * (166 + 9)));
        QCOMPARE(p.modelBytesInt8(), std::int64_t(166));
        QCOMPARE(int(p.layers.size()), 6);
        QCOMPARE(QString::fromStdString(p.layers[0].output.toString()), QString("4x8x8"));
        QVERIFY(p.layers[0].cost.arithmeticIntensity() > 6.0);  // 2*6912 / 2224 bytes
    }

    void attentionAndFusionAreCountedSeparately() {
        const Graph g = graphFromJson(R"({"format":"hlcnn-graph/1","name":"af","input":[16,4,4],"nodes":[
          {"id":"se","op":"channel_attention","inputs":["input"],"attrs":{"reduction":4}},
          {"id":"eca","op":"eca","inputs":["input"],"attrs":{"kernel":3}},
          {"id":"fuse","op":"fusion","inputs":["se","eca"],"attrs":{"mode":"channel"}},
          {"id":"half","op":"pointwise_conv","inputs":["input"],"attrs":{"out_channels":8}},
          {"id":"pool","op":"avgpool","inputs":["half"],"attrs":{"kernel":2}},
          {"id":"up","op":"fusion","inputs":["fuse","pool"]},
          {"id":"three","op":"maxpool","inputs":["input"],"attrs":{"kernel":2,"stride":1}},
          {"id":"odd","op":"fusion","inputs":["three","input"]}],"outputs":["up","odd"]})");
        const ModelProfile p = profileGraph(g);
        auto layer = [&](const char* id) {
            for (const auto& l : p.layers)
                if (l.id == id) return l.cost;
            return CostFigures{};
        };
        QCOMPARE(layer("se").params, std::int64_t(4 * 16 + 4 + 16 * 4 + 16));
        QCOMPARE(layer("se").macs, std::int64_t(2 * 16 * 4));
        QCOMPARE(layer("se").otherOps, std::int64_t(256 + 4 + 16 + 4 + 16 + 256));
        QCOMPARE(layer("eca").params, std::int64_t(3));
        QCOMPARE(layer("eca").macs, std::int64_t(16 * 3));
        QCOMPARE(layer("fuse").params, std::int64_t(32));  // alpha, beta per channel
        QCOMPARE(layer("fuse").macs, std::int64_t(0));
        QCOMPARE(layer("fuse").otherOps, std::int64_t(3 * 256));
        // F2 is 8x2x2: projected 8 -> 16 channels by a 1x1 conv at its own 2x2 size (the cheaper
        // side of the nearest upsample, which commutes with it), then upsampled to 4x4
        QCOMPARE(layer("up").params, std::int64_t(2 + 16 * 8));
        QCOMPARE(layer("up").macs, std::int64_t(2 * 2 * 8 * 16));
        QCOMPARE(layer("up").otherOps, std::int64_t(3 * 16 * 4 * 4));
        // F2 16x4x4 onto F1 16x3x3: adaptive average pooling 4 -> 3 has windows [0,2) [1,3) [2,4),
        // 2 + 2 + 2 = 6 elements per dimension: 6 x 6 adds and one division per output cell
        QCOMPARE(layer("odd").params, std::int64_t(2));
        QCOMPARE(layer("odd").macs, std::int64_t(0));
        QCOMPARE(layer("odd").otherOps, std::int64_t(3 * 16 * 3 * 3 + 16 * (6 * 6 + 3 * 3)));
    }

    void blocksRollUpToTheTotal() {
        const ModelProfile p = profileGraph(models::buildModel("hlcnn_m", {}));
        CostFigures sum;
        for (const BlockProfile& b : p.blocks) sum += b.cost;
        QCOMPARE(sum.params, p.total.params);
        QCOMPARE(sum.macs, p.total.macs);
        QCOMPARE(sum.otherOps, p.total.otherOps);
        QVERIFY(p.blocks.size() < p.layers.size());
        bool sawFusion = false;
        for (const LayerProfile& l : p.layers) sawFusion = sawFusion || l.op == "fusion";
        QVERIFY(sawFusion);
    }

    // The seed paper's Table II baselines (MACs at the ImageNet input sizes).
    void seedPaperTableTwo() {
        const double mobilenet = double(macsOf("mobilenet_v1"));
        models::ModelOptions shuffle2x;
        shuffle2x.width = 2.0;
        const double shufflenet = double(macsOf("shufflenet_v1", shuffle2x));
        const double squeezenet = double(macsOf("squeezenet1_0", {}, 227));
        qInfo("MobileNetV1 %.2fM, ShuffleNet v1 2.0x g3 %.2fM, SqueezeNet 1.0@227 %.2fM", mobilenet / 1e6, shufflenet / 1e6,
              squeezenet / 1e6);
        QVERIFY(std::abs(mobilenet - 569e6) / 569e6 < 0.005);
        QVERIFY(std::abs(shufflenet - 524e6) / 524e6 < 0.005);
        QVERIFY(std::abs(squeezenet - 833e6) / 833e6 < 0.005);
        QCOMPARE(profileGraph(models::buildModel("mobilenet_v1", {})).total.params, std::int64_t(4231976));
    }

    void widthAndResolutionScaleMobileNetV1() {
        models::ModelOptions half;
        half.width = 0.5;
        // Paper/megvii table: 0.5-224 is 149M mult-adds
        QVERIFY(std::abs(double(macsOf("mobilenet_v1", half)) - 149e6) / 149e6 < 0.01);
        QVERIFY(macsOf("mobilenet_v1", {}, 160) < macsOf("mobilenet_v1", {}, 224));
    }

    void cifarStemsEndAtFourByFour_data() {
        QTest::addColumn<QString>("model");
        for (const auto& m : models::zoo()) QTest::newRow(m.name.c_str()) << QString::fromStdString(m.name);
    }
    void cifarStemsEndAtFourByFour() {
        QFETCH(QString, model);
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        const Graph g = models::buildModel(model.toStdString(), o);
        const Analysis a = analyzeOrThrow(g);
        QCOMPARE(a.find(a.outputs[0])->output.dims, std::vector<std::int64_t>{10});
        // the last feature map before global pooling is 4x4
        std::int64_t lastSpatial = 0;
        for (const PrimitiveNode& n : a.nodes)
            if (n.op == "global_avgpool") {
                lastSpatial = n.inputShapes[0].height();
                break;
            }
        QCOMPARE(lastSpatial, std::int64_t(4));
    }
};

QTEST_GUILESS_MAIN(Profiler)
#include "tst_profiler.moc"
