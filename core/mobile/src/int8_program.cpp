#include "hlcnn/mobile/int8_program.h"

#include <algorithm>
#include <cstring>
#include <cmath>
#include <map>
#include <tuple>

namespace hlcnn::mobile {

namespace {

struct Quant {
    float scale;
    std::int32_t zeroPoint;
};

Quant calibrated(std::pair<float, float> r) {
    const auto [lo, hi] = r;
    if (lo >= 0) return {std::max(hi, 1e-8f) / 255.0f, -128};
    return {std::max({-lo, hi, 1e-8f}) / 127.0f, 0};
}

// XNNPACK's requantization accepts these ratios of scales (its operators' parameter checks).
bool inRange(double ratio, double lo, double hi) { return ratio >= lo && ratio < hi; }

class Lowering {
public:
    Lowering(const Program& f, const std::vector<std::pair<float, float>>& ranges) : f_(f), ranges_(ranges) {
        q_.description = f.description;
        q_.values = f.values;
        q_.tensors = f.tensors;
        q_.input = f.input;
        q_.output = f.output;
    }

    Program run() {
        for (const Op& op : f_.ops) lower(op);
        if (q_.values[std::size_t(q_.output)].type == DataType::QS8) q_.output = as(q_.output, DataType::F32, {1, 0});
        dropUnusedTensors();
        q_.validate();
        return q_;
    }

private:
    const Program& f_;
    const std::vector<std::pair<float, float>>& ranges_;
    Program q_;
    std::map<std::tuple<int, int, float, std::int32_t>, int> converted_;

    Quant calibratedOf(int v) const {
        return std::size_t(v) < ranges_.size() ? calibrated(ranges_[std::size_t(v)]) : Quant{1.0f / 255.0f, -128};
    }
    bool isInt8(int v) const { return q_.values[std::size_t(v)].type == DataType::QS8; }
    Quant quantOf(int v) const { return {q_.values[std::size_t(v)].scale, q_.values[std::size_t(v)].zeroPoint}; }
    void store(int v, DataType t, Quant qv = {1, 0}) {
        Value& x = q_.values[std::size_t(v)];
        x.type = t;
        x.scale = t == DataType::QS8 ? qv.scale : 1;
        x.zeroPoint = t == DataType::QS8 ? qv.zeroPoint : 0;
    }

    // The value `v` as `type` (with `qv` for qs8): itself, or a conversion shared by later readers.
    // qs8 to qs8 with another scale goes through float (XNNPACK has no requantizing copy).
    int as(int v, DataType type, Quant qv) {
        const Value& x = q_.values[std::size_t(v)];
        if (type == DataType::F32) qv = {1, 0};
        if (x.type == type && (type == DataType::F32 || (x.scale == qv.scale && x.zeroPoint == qv.zeroPoint))) return v;
        const auto key = std::make_tuple(v, int(type), qv.scale, qv.zeroPoint);
        if (auto it = converted_.find(key); it != converted_.end()) return it->second;
        int from = v;
        if (x.type == DataType::QS8 && type == DataType::QS8) from = as(v, DataType::F32, {1, 0});
        Value y = q_.values[std::size_t(v)];
        y.type = type;
        y.scale = qv.scale;
        y.zeroPoint = qv.zeroPoint;
        const int id = q_.addValue(y);
        Op c;
        c.kind = OpKind::Convert;
        c.in = {from};
        c.out = id;
        c.nodes = producerNodes(v);
        q_.ops.push_back(c);
        converted_[key] = id;
        return id;
    }
    int asInt8(int v) { return isInt8(v) ? v : as(v, DataType::QS8, calibratedOf(v)); }
    int asFloat(int v) { return as(v, DataType::F32, {1, 0}); }

    // The float weights of convolutions now int8 are not written.
    void dropUnusedTensors() {
        std::vector<int> remap(q_.tensors.size(), -1);
        std::vector<Tensor> kept;
        for (Op& op : q_.ops)
            for (int* t : {&op.weights, &op.bias, &op.weightScales, &op.constant}) {
                if (*t < 0) continue;
                if (remap[std::size_t(*t)] < 0) {
                    remap[std::size_t(*t)] = int(kept.size());
                    kept.push_back(std::move(q_.tensors[std::size_t(*t)]));
                }
                *t = remap[std::size_t(*t)];
            }
        q_.tensors = std::move(kept);
    }

    std::vector<std::string> producerNodes(int v) const {
        for (auto it = q_.ops.rbegin(); it != q_.ops.rend(); ++it)
            if (it->out == v) return it->nodes;
        return {};
    }

    // Per-output-channel symmetric int8 weights and int32 biases; false when XNNPACK could not
    // requantize (then the convolution stays float).
    bool quantizeConv(Op& op, float inputScale, float outputScale) {
        const Tensor& w = q_.tensors[std::size_t(op.weights)];
        const std::int64_t out = w.dims[0], per = w.elements() / out;
        const float* wf = w.data<float>();
        std::vector<float> scales(static_cast<std::size_t>(out));
        for (std::int64_t o = 0; o < out; ++o) {
            float m = 0;
            for (std::int64_t i = 0; i < per; ++i) m = std::max(m, std::abs(wf[o * per + i]));
            scales[std::size_t(o)] = std::max(m, 1e-12f) / 127.0f;
            if (!inRange(double(inputScale) * scales[std::size_t(o)] / outputScale, 0, 256)) return false;
        }
        Tensor qw{DataType::QS8, w.dims, std::vector<std::uint8_t>(std::size_t(w.elements()))};
        auto* qp = reinterpret_cast<std::int8_t*>(qw.bytes.data());
        for (std::int64_t o = 0; o < out; ++o)
            for (std::int64_t i = 0; i < per; ++i)
                qp[o * per + i] = std::int8_t(std::clamp(std::nearbyint(wf[o * per + i] / scales[std::size_t(o)]), -127.0f, 127.0f));
        Tensor ws{DataType::F32, {out}, std::vector<std::uint8_t>(std::size_t(out) * 4)};
        std::memcpy(ws.bytes.data(), scales.data(), ws.bytes.size());
        if (op.bias >= 0) {
            const float* b = q_.tensors[std::size_t(op.bias)].data<float>();
            Tensor qb{DataType::I32, {out}, std::vector<std::uint8_t>(std::size_t(out) * 4)};
            auto* bp = reinterpret_cast<std::int32_t*>(qb.bytes.data());
            for (std::int64_t o = 0; o < out; ++o) {
                const double v = std::nearbyint(double(b[o]) / (double(inputScale) * scales[std::size_t(o)]));
                bp[o] = std::int32_t(std::clamp(v, -2147483647.0, 2147483647.0));
            }
            op.bias = q_.addTensor(std::move(qb));
        }
        op.weights = q_.addTensor(std::move(qw));
        op.weightScales = q_.addTensor(std::move(ws));
        return true;
    }

    void emitFloat(Op op) {
        for (int& i : op.in) i = asFloat(i);
        store(op.out, DataType::F32);
        q_.ops.push_back(std::move(op));
    }

    void lower(Op op) {
        const int x = op.in[0];
        switch (op.kind) {
        case OpKind::Conv2d: {
            const Quant out = calibratedOf(op.out);
            const Quant in = isInt8(x) ? quantOf(x) : calibratedOf(x);
            Op attempt = op;
            if (!quantizeConv(attempt, in.scale, out.scale)) return emitFloat(op);
            attempt.in[0] = as(x, DataType::QS8, in);
            store(op.out, DataType::QS8, out);
            q_.ops.push_back(std::move(attempt));
            return;
        }
        case OpKind::Add:
        case OpKind::Multiply: {
            if (op.constant >= 0) return emitFloat(op);
            const int a = asInt8(x), b = asInt8(op.in[1]);
            const Quant qa = quantOf(a), qb = quantOf(b), out = calibratedOf(op.out);
            const bool ok = op.kind == OpKind::Add
                                ? inRange(qa.scale / out.scale, 1.0 / 1024, 256) && inRange(qb.scale / out.scale, 1.0 / 1024, 256)
                                : inRange(double(qa.scale) * qb.scale / out.scale, 1.0 / 65536, 256);
            if (!ok) return emitFloat(op);
            op.in = {a, b};
            store(op.out, DataType::QS8, out);
            q_.ops.push_back(std::move(op));
            return;
        }
        case OpKind::GlobalAvgPool: {
            if (!isInt8(x)) return emitFloat(op);
            const Quant in = quantOf(x), out = calibratedOf(op.out);
            const double pixels = double(elementsOf(q_.values[std::size_t(x)].shape)) / double(q_.values[std::size_t(x)].shape[1]) /
                                  double(q_.values[std::size_t(x)].shape[0]);
            if (!inRange(in.scale / (out.scale * pixels), 1.0 / 256, 256)) return emitFloat(op);
            store(op.out, DataType::QS8, out);
            q_.ops.push_back(std::move(op));
            return;
        }
        case OpKind::Sigmoid:
            if (!isInt8(x)) return emitFloat(op);
            store(op.out, DataType::QS8, {1.0f / 256.0f, -128});   // what XNNPACK's qs8 sigmoid writes
            q_.ops.push_back(std::move(op));
            return;
        case OpKind::MaxPool:
        case OpKind::Split:
        case OpKind::ChannelShuffle:
        case OpKind::Clamp:
        case OpKind::Upsample:
        case OpKind::Alias:
            // the same values moved or bounded: the input's scale, in the input's type
            if (!isInt8(x)) return emitFloat(op);
            store(op.out, DataType::QS8, quantOf(x));
            q_.ops.push_back(std::move(op));
            return;
        case OpKind::Concat: {
            bool all = true;
            for (int i : op.in) all = all && isInt8(i);
            if (!all) return emitFloat(op);
            const Quant out = calibratedOf(op.out);
            for (int& i : op.in) i = as(i, DataType::QS8, out);
            store(op.out, DataType::QS8, out);
            q_.ops.push_back(std::move(op));
            return;
        }
        default: return emitFloat(op);
        }
    }
};

}  // namespace

Program quantizeProgram(const Program& fp32, const std::vector<std::pair<float, float>>& ranges) {
    if (fp32.isInt8()) throw ProgramError("the program is int8 already");
    // A convolution read only by a concatenation writes in the concatenation's scale, so no
    // conversion is needed there (ShuffleNet's branches), as in native-int8.
    std::vector<std::pair<float, float>> r = ranges;
    r.resize(fp32.values.size(), {0.0f, 1.0f});
    std::vector<int> uses(fp32.values.size(), 0), producer(fp32.values.size(), -1);
    for (std::size_t k = 0; k < fp32.ops.size(); ++k) {
        for (int i : fp32.ops[k].in) ++uses[std::size_t(i)];
        producer[std::size_t(fp32.ops[k].out)] = int(k);
    }
    for (const Op& op : fp32.ops) {
        if (op.kind != OpKind::Concat) continue;
        for (int i : op.in)
            if (producer[std::size_t(i)] >= 0 && fp32.ops[std::size_t(producer[std::size_t(i)])].kind == OpKind::Conv2d &&
                uses[std::size_t(i)] == 1 && i != fp32.output)
                r[std::size_t(i)] = r[std::size_t(op.out)];
    }
    return Lowering(fp32, r).run();
}

}  // namespace hlcnn::mobile
