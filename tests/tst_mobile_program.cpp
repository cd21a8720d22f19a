// The mobile program on the host's XNNPACK computes what the eval-mode module computes (every zoo
// model at both stems, a graph with every op) within 1e-4 of the output's scale, as the native
// runtime does; its int8 form stays close to float (SQNR) and as close as native-int8; and a file
// that is not one, from a newer format, truncated or altered is refused in one line.
#include "hlcnn/core/mobile_export.h"

#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/latency_program.h"
#include "hlcnn/core/native_forward.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/mobile/program.h"
#include "hlcnn/mobile/unit_latency.h"
#include "hlcnn/mobile/xnnpack_runtime.h"
#include "hlcnn/models/zoo.h"
#include "every_op_graph.h"
#include "support/forward_compare.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <set>

#include <zlib.h>

using namespace hlcnn;
using test::relativeDifference;
using test::sqnrDb;

namespace {

torch::Tensor runMobile(mobile::XnnpackRuntime& r, const torch::Tensor& x) {
    const torch::Tensor in = x.contiguous();
    torch::Tensor y = torch::empty(r.outputShape());
    r.forward(in.data_ptr<float>(), y.data_ptr<float>());
    return y;
}

std::string readBytes(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const QString& path, const std::string& bytes) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << bytes;
}

}  // namespace

class MobileProgramTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { configureProcess(1, 2); }

    void zooModelsMatchTheEvalModule_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("stem");
        for (const auto& info : models::zoo())
            for (const char* stem : {"imagenet", "cifar"})
                QTest::newRow((info.name + " " + stem).c_str()) << QString::fromStdString(info.name) << stem;
    }
    void zooModelsMatchTheEvalModule() {
        QFETCH(QString, model);
        QFETCH(QString, stem);
        GraphModule m = test::settledZooModule(model.toStdString(), models::parseStem(stem.toStdString()), 5);
        const auto& d = m->graph().input.dims;
        torch::NoGradGuard guard;
        const torch::Tensor x = torch::randn({1, d[0], d[1], d[2]});
        const torch::Tensor expected = m->forward(x);
        // through the file's bytes: what runs is what was written
        const mobile::Program written = mobileProgram(*m, 1);
        const mobile::Program program = mobile::parseProgram(mobile::serializeProgram(written), "memory");
        mobile::XnnpackRuntime r(program, 2);
        const torch::Tensor got = runMobile(r, x);
        QCOMPARE(got.sizes(), expected.sizes());
        QVERIFY(torch::equal(runMobile(r, x), got));   // nothing carried between forwards
        const double diff = relativeDifference(got, expected);
        QVERIFY2(diff <= 1e-4, qPrintable(QString("xnnpack vs eval module: relative difference %1").arg(diff)));
    }

    void everyOpAndBatchesMatch() {
        GraphModule m = test::settledModule(everyOp(), 7, 2, 4);
        const auto& d = m->graph().input.dims;
        torch::NoGradGuard guard;
        for (std::int64_t batch : {1, 3}) {
            const torch::Tensor x = torch::randn({batch, d[0], d[1], d[2]});
            const torch::Tensor expected = m->forward(x);
            mobile::XnnpackRuntime r(mobileProgram(*m, batch), 1);
            const double diff = relativeDifference(runMobile(r, x), expected);
            QVERIFY2(diff <= 1e-4, qPrintable(QString("batch %1: relative difference %2").arg(batch).arg(diff)));
        }
    }

    void int8IsAsCloseAsNativeInt8_data() {
        QTest::addColumn<QString>("model");
        for (const char* m : {"mobilenet_v2", "shufflenet_v2_x0_5", "resnet18", "squeezenet1_1", "hlcnn_s", "mobilenet_v3_small"})
            QTest::newRow(m) << m;
    }
    void int8IsAsCloseAsNativeInt8() {
        QFETCH(QString, model);
        GraphModule m = test::settledZooModule(model.toStdString(), models::Stem::Cifar, 9);
        const auto& d = m->graph().input.dims;
        torch::manual_seed(5);
        std::vector<torch::Tensor> calibration;
        for (int i = 0; i < 4; ++i) calibration.push_back(torch::randn({16, d[0], d[1], d[2]}));
        auto source = [&calibration](std::size_t& next) {
            return [&calibration, &next](torch::Tensor& b) {
                if (next == calibration.size()) return false;
                b = calibration[next++];
                return true;
            };
        };
        std::size_t a = 0, b = 0;
        const MobileInt8 q = quantizedMobileProgram(*m, 1, source(a), 2);
        QCOMPARE(q.calibrationImages, 64);
        QVERIFY(q.program.isInt8());
        NativeForward native = NativeForward::quantized(*m, 1, source(b));
        mobile::XnnpackRuntime r(mobile::parseProgram(mobile::serializeProgram(q.program), "memory"), 2);
        torch::NoGradGuard guard;
        double ours = 0, theirs = 0;
        const int n = 8;
        for (int i = 0; i < n; ++i) {
            const torch::Tensor x = torch::randn({1, d[0], d[1], d[2]});
            const torch::Tensor y = m->forward(x);
            ours += sqnrDb(y, runMobile(r, x)) / n;
            theirs += sqnrDb(y, native.forward(x)) / n;
        }
        qInfo("%s: xnnpack int8 %.1f dB, native int8 %.1f dB; %s", qPrintable(model), ours, theirs, r.describe().c_str());
        QVERIFY2(ours > 15.0 && ours > theirs - 3.0, qPrintable(QString("xnnpack int8 %1 dB, native int8 %2 dB").arg(ours).arg(theirs)));
        int int8Convs = 0, convs = 0;
        for (const mobile::Op& op : q.program.ops)
            if (op.kind == mobile::OpKind::Conv2d)
                ++convs, int8Convs += q.program.values[std::size_t(op.out)].type == mobile::DataType::QS8;
        QVERIFY2(int8Convs * 10 >= convs * 9, qPrintable(QString("%1 of %2 convolutions int8").arg(int8Convs).arg(convs)));
        for (std::size_t k = 0; k < q.program.ops.size(); ++k)
            QVERIFY(q.program.ops[k].kind == mobile::OpKind::Convert || std::isfinite(q.opSqnrDb[k]));
    }

    void badFilesAreRefusedInOneLine_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a program") << "other" << "not an HL-CNN mobile program";
        QTest::newRow("newer version") << "version" << "written in mobile program format 99; this build reads format 1";
        QTest::newRow("truncated") << "truncate" << "truncated";
        QTest::newRow("a weight byte changed") << "flip" << "corrupt (checksum mismatch";
        QTest::newRow("empty") << "empty" << "not an HL-CNN mobile program";
        // a crafted file: valid checksum, an op pointing at another op's weights
        QTest::newRow("crafted weights") << "crafted" << "corrupt (op 0 (conv2d) has weights of the wrong shape)";
    }
    void badFilesAreRefusedInOneLine() {
        QFETCH(QString, damage);
        QFETCH(QString, message);
        QTemporaryDir dir;
        GraphModule m = test::settledZooModule("hlcnn_s", models::Stem::Cifar, 3);
        std::string bytes = mobile::serializeProgram(mobileProgram(*m, 1));
        if (damage == "other") bytes = "PK\x03\x04" + bytes.substr(4);
        if (damage == "version") bytes[4] = 99;
        if (damage == "truncate") bytes.resize(bytes.size() / 2);
        if (damage == "flip") bytes[bytes.size() - 100] ^= 0x10;
        if (damage == "empty") bytes.clear();
        if (damage == "crafted") {
            const auto at = bytes.find("\"weights\":0}");
            QVERIFY(at != std::string::npos);
            bytes[at + 10] = '2';
            const std::uint32_t crc = std::uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), uInt(bytes.size() - 4)));
            for (int i = 0; i < 4; ++i) bytes[bytes.size() - 4 + std::size_t(i)] = char((crc >> (8 * i)) & 0xFF);
        }
        const QString path = dir.filePath("model.hlmp");
        writeBytes(path, bytes);
        try {
            mobile::readProgramFile(path.toStdString());
            QFAIL("accepted");
        } catch (const mobile::ProgramError& e) {
            const QString what = e.what();
            QVERIFY2(what.contains(message) && what.startsWith(path) && !what.contains('\n'), qPrintable(what));
        }
    }

    // A unit's key holds what decides its time and nothing else: the same convolution on two
    // different maps of the same shape is one unit, another stride is another; the prediction is
    // the copies plus every op, each op's time on the first node it does the work of.
    void unitKeysAndTheirPrediction() {
        mobile::Program p;
        const auto map = [&](std::int64_t c, std::int64_t hw) {
            mobile::Value v;
            v.shape = {1, c, hw, hw};
            return p.addValue(v);
        };
        p.input = map(8, 16);
        const int a = map(8, 16), b = map(8, 16), c = map(8, 8);
        mobile::Tensor w;
        w.dims = {8, 3, 3, 8};
        w.bytes.assign(std::size_t(8 * 3 * 3 * 8 * 4), 0);
        const int weights = p.addTensor(w);
        const auto conv = [&](int in, int out, std::uint32_t stride, const std::string& node) {
            mobile::Op op;
            op.kind = mobile::OpKind::Conv2d;
            op.in = {in};
            op.out = out;
            op.kernel = {3, 3};
            op.stride = {stride, stride};
            op.padding = {1, 1, 1, 1};
            op.weights = weights;
            op.nodes = {node, node + ".bn"};
            p.ops.push_back(op);
        };
        conv(p.input, a, 1, "c1");
        conv(a, b, 1, "c2");
        conv(b, c, 2, "c3");
        p.output = c;
        p.validate();
        QCOMPARE(mobile::unitKey(p, 0), mobile::unitKey(p, 1));
        QVERIFY(mobile::unitKey(p, 1) != mobile::unitKey(p, 2));
        QVERIFY(QString::fromStdString(mobile::unitKey(p, 2)).contains("s2x2"));
        QCOMPARE(mobile::ioKey(p), std::string("io f32 1x8x16x16 -> f32 1x8x8x8"));

        const std::map<std::string, double> table{{mobile::ioKey(p), 0.25}, {mobile::unitKey(p, 0), 1.5}, {mobile::unitKey(p, 2), 0.75}};
        const mobile::UnitPrediction full = mobile::predictFromUnits(p, table);
        QCOMPARE(full.totalMs, 0.25 + 1.5 + 1.5 + 0.75);
        QCOMPARE(full.nodeMs.at("c2"), 1.5);
        QCOMPARE(full.nodeMs.count("c2.bn"), std::size_t(0));
        QVERIFY(full.missing.empty());
        QCOMPARE(full.measuredOps, 3);
        const mobile::UnitPrediction partial = mobile::predictFromUnits(p, {{mobile::ioKey(p), 0.25}, {mobile::unitKey(p, 2), 0.75}});
        QCOMPARE(partial.totalMs, 1.0);
        QCOMPARE(partial.missing.size(), std::size_t(1));   // the one stride-1 unit, named once
        QCOMPARE(partial.missingNodes, (std::vector<std::string>{"c1", "c1.bn", "c2", "c2.bn"}));

        // each unit timed on XNNPACK inside forwards and alone: one time per op, the copies apart
        mobile::XnnpackRuntime r(p, 1);
        const std::vector<float> x(std::size_t(8 * 16 * 16), 0.5f);
        const auto t = r.unitMilliseconds(x.data(), 1, 5);
        QCOMPARE(t.inContextMs.size(), p.ops.size());
        QCOMPARE(t.aloneMs.size(), p.ops.size());
        for (std::size_t k = 0; k < p.ops.size(); ++k) QVERIFY(t.inContextMs[k] > 0 && t.aloneMs[k] > 0 && std::isfinite(t.inContextMs[k]));
        QVERIFY(t.ioInContextMs > 0 && t.ioAloneMs > 0);
    }

    // The program a latency table times for a graph is the export's lowering: an int8 table's
    // program runs int8 ops, and equal blocks of a zoo model share their units.
    void latencyProgramsShareUnits() {
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        const Graph g = models::buildModel("mobilenet_v2", o);
        for (const char* precision : {"fp32", "int8"}) {
            const mobile::Program p = latencyProgram(g, precision);
            QCOMPARE(p.isInt8(), std::string(precision) == "int8");
            std::set<std::string> keys;
            for (std::size_t k = 0; k < p.ops.size(); ++k) keys.insert(mobile::unitKey(p, k));
            QVERIFY2(keys.size() < p.ops.size(), precision);   // repeated inverted residuals
        }
        // an HL-CNN block runs as its expansion's ops; their times land on the block's node
        o.width = 0.5;
        const Graph h = models::buildModel("hlcnn_s", o);
        const mobile::Program p = latencyProgram(h, "fp32");
        std::map<std::string, double> everyUnit;
        everyUnit[mobile::ioKey(p)] = 1;
        for (std::size_t k = 0; k < p.ops.size(); ++k) everyUnit[mobile::unitKey(p, k)] = 1;
        const std::map<std::string, double> onNodes = onGraphNodes(h, mobile::predictFromUnits(p, everyUnit).nodeMs);
        int blocks = 0;
        for (const Node& n : h.nodes)
            if (n.op == "hlcnn_block") {
                ++blocks;
                QVERIFY2(onNodes.count(n.id) && onNodes.at(n.id) >= 2, n.id.c_str());   // several ops each
            }
        QVERIFY(blocks > 0);
        for (const auto& [id, ms] : onNodes) QVERIFY2(h.findNode(id) != nullptr, id.c_str());
    }
};

QTEST_GUILESS_MAIN(MobileProgramTest)
#include "tst_mobile_program.moc"
