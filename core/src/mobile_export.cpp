#include "hlcnn/core/mobile_export.h"

#include "native_tape.h"

#include "hlcnn/core/graph_module.h"
#include "hlcnn/mobile/int8_program.h"
#include "hlcnn/mobile/xnnpack_runtime.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace hlcnn {

using namespace native;
using mobile::DataType;
using mobile::Op;
using mobile::OpKind;

namespace {

mobile::Tensor floatTensor(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kFloat).contiguous();
    mobile::Tensor out{DataType::F32, c.sizes().vec(), std::vector<std::uint8_t>(std::size_t(c.numel()) * sizeof(float))};
    std::memcpy(out.bytes.data(), c.data_ptr<float>(), out.bytes.size());
    return out;
}

// A constant operand broadcast against a value of `shape`, in the value's buffer order.
mobile::Tensor broadcastConstant(const torch::Tensor& factor, const std::vector<std::int64_t>& shape) {
    std::vector<std::int64_t> dims = factor.sizes().vec();
    while (dims.size() < shape.size()) dims.insert(dims.begin(), 1);
    torch::Tensor t = factor.reshape(dims);
    if (dims.size() == 4) t = t.permute({0, 2, 3, 1});
    return floatTensor(t);
}

class TapeLowering {
public:
    explicit TapeLowering(const Tape& tape) : tape_(tape), valueOf_(tape.entries.size(), -1) {}

    mobile::Program run() {
        for (std::size_t k = 0; k < tape_.entries.size(); ++k) {
            const Entry& e = tape_.entries[k];
            if (e.dead || e.kind == Kind::Const) continue;
            valueOf_[k] = lower(e);
        }
        p_.input = valueOf_[std::size_t(tape_.input)];
        p_.output = valueOf_[std::size_t(tape_.output)];
        p_.validate();
        return p_;
    }

private:
    const Tape& tape_;
    std::vector<int> valueOf_;
    mobile::Program p_;

    const Entry& at(int i) const { return tape_.entries[std::size_t(i)]; }
    int valueOf(int entry) const {
        const int v = valueOf_[std::size_t(entry)];
        if (v < 0) throw std::logic_error("mobile export: entry " + std::to_string(entry) + " read before it was lowered");
        return v;
    }
    int newValue(const std::vector<std::int64_t>& shape) { return p_.addValue({shape}); }
    [[noreturn]] static void refuse(const Entry& e, const std::string& what) {
        throw std::invalid_argument("the mobile runtime does not run " + what + " (node '" + (e.nodes.empty() ? "?" : e.nodes.front()) + "')");
    }

    int push(Op op) {
        p_.ops.push_back(std::move(op));
        return p_.ops.back().out;
    }

    static bool clampable(OpKind k) {
        return k == OpKind::Conv2d || k == OpKind::FullyConnected || k == OpKind::Add || k == OpKind::Multiply || k == OpKind::Clamp;
    }
    static bool isClamp(const PostOp& p) { return !p.sum && p.mulBy < 0 && (p.op == Elementwise::Relu || p.op == Elementwise::Clip); }
    static void narrow(Op& op, const PostOp& p) {
        const float lo = p.op == Elementwise::Relu ? 0.0f : p.alpha;
        const float hi = p.op == Elementwise::Relu ? std::numeric_limits<float>::infinity() : p.beta;
        op.outMin = std::max(op.outMin, lo);
        op.outMax = std::min(op.outMax, hi);
    }

    Op unary(OpKind kind, int x, const Entry& e) {
        Op op;
        op.kind = kind;
        op.in = {x};
        op.nodes = e.nodes;
        return op;
    }

    // `base` (its inputs set) followed by the entry's post-ops; returns the last value.
    int withPostOps(Op base, const Entry& e) {
        base.nodes = e.nodes;
        std::vector<Op> pending{std::move(base)};
        for (const PostOp& p : e.post) {
            Op& last = pending.back();
            if (isClamp(p) && clampable(last.kind)) {
                narrow(last, p);
                continue;
            }
            last.out = newValue(e.shape);
            const int cur = push(last);
            pending.clear();
            if (p.sum) {
                int other = valueOf(e.sumWith);
                if (p.scale != 1.0f) {
                    Op scaled = unary(OpKind::Multiply, other, e);
                    scaled.constant = p_.addTensor(floatTensor(torch::tensor({p.scale})));
                    scaled.out = newValue(at(e.sumWith).shape);
                    other = push(scaled);
                }
                Op sum = unary(OpKind::Add, cur, e);
                sum.in.push_back(other);
                pending.push_back(sum);
            } else if (p.mulBy >= 0) {
                Op mul = unary(OpKind::Multiply, cur, e);
                mul.constant = p_.addTensor(broadcastConstant(at(p.mulBy).value, e.shape));
                pending.push_back(mul);
            } else {
                switch (p.op) {
                case Elementwise::Relu:
                case Elementwise::Clip: {
                    Op c = unary(OpKind::Clamp, cur, e);
                    narrow(c, p);
                    pending.push_back(c);
                    break;
                }
                case Elementwise::Hardswish: pending.push_back(unary(OpKind::Hardswish, cur, e)); break;
                case Elementwise::Hardsigmoid: pending.push_back(unary(OpKind::Hardsigmoid, cur, e)); break;
                case Elementwise::Logistic: pending.push_back(unary(OpKind::Sigmoid, cur, e)); break;
                case Elementwise::Swish: {
                    if (p.alpha != 1.0f && p.alpha != 0.0f) refuse(e, "swish with a slope other than 1");
                    Op s = unary(OpKind::Sigmoid, cur, e);
                    s.out = newValue(e.shape);
                    const int gate = push(s);
                    Op m = unary(OpKind::Multiply, cur, e);
                    m.in.push_back(gate);
                    pending.push_back(m);
                    break;
                }
                }
            }
        }
        pending.back().out = newValue(e.shape);
        return push(pending.back());
    }

    // Padding after the input that gives the recorded output size (XNNPACK floors).
    static std::uint32_t trailingPadding(std::int64_t in, std::int64_t out, std::int64_t extent, std::int64_t stride, std::int64_t lead) {
        const std::int64_t least = (out - 1) * stride + extent - in - lead;
        return std::uint32_t(std::max<std::int64_t>(0, std::clamp(lead, least, least + stride - 1)));
    }

    int conv(const Entry& e) {
        const Entry& x = at(e.in[0]);
        const torch::Tensor w = at(e.in[1]).value;
        Op op;
        op.kind = OpKind::Conv2d;
        op.in = {valueOf(e.in[0])};
        op.groups = std::uint32_t(e.groups);
        if (x.shape.size() == 3) {
            // ECA's 1-D convolution across channels: one channel in and out, so the row-major
            // N x 1 x L buffer is an N x 1 x L x 1 channels-last map
            if (x.shape[1] != 1 || w.size(0) != 1 || e.groups != 1) refuse(e, "a 1-D convolution with more than one channel");
            op.kernel = {1, std::uint32_t(w.size(2))};
            op.stride = {1, 1};
            op.dilation = {1, 1};
            op.padding = {0, trailingPadding(x.shape[2], e.shape[2], w.size(2), 1, e.padding), 0, std::uint32_t(e.padding)};
            op.weights = p_.addTensor(floatTensor(w.reshape({1, 1, w.size(2), 1})));
        } else {
            op.kernel = {std::uint32_t(w.size(2)), std::uint32_t(w.size(3))};
            op.stride = {std::uint32_t(e.stride[0]), std::uint32_t(e.stride[1])};
            op.dilation = {std::uint32_t(e.dilation), std::uint32_t(e.dilation)};
            const std::uint32_t p = std::uint32_t(e.padding);
            op.padding = {p, trailingPadding(x.shape[3], e.shape[3], (w.size(3) - 1) * e.dilation + 1, e.stride[1], e.padding),
                          trailingPadding(x.shape[2], e.shape[2], (w.size(2) - 1) * e.dilation + 1, e.stride[0], e.padding), p};
            op.weights = p_.addTensor(floatTensor(w.permute({0, 2, 3, 1})));   // OHWI
        }
        if (e.in[2] >= 0) op.bias = p_.addTensor(floatTensor(at(e.in[2]).value.flatten()));
        return withPostOps(op, e);
    }

    int pool(const Entry& e) {
        const Entry& x = at(e.in[0]);
        const std::int64_t H = x.shape[2], W = x.shape[3];
        if (e.kind == Kind::AvgPool && e.shape[2] == 1 && e.shape[3] == 1 && e.padding == 0 && e.kernel[0] >= H && e.kernel[1] >= W &&
            e.kernel[0] <= H && e.kernel[1] <= W)
            return withPostOps(unary(OpKind::GlobalAvgPool, valueOf(e.in[0]), e), e);
        const std::uint32_t p = std::uint32_t(e.padding);
        const std::uint32_t padB = trailingPadding(H, e.shape[2], e.kernel[0], e.stride[0], e.padding),
                            padR = trailingPadding(W, e.shape[3], e.kernel[1], e.stride[1], e.padding);
        if (e.kind == Kind::MaxPool) {
            Op op = unary(OpKind::MaxPool, valueOf(e.in[0]), e);
            op.kernel = {std::uint32_t(e.kernel[0]), std::uint32_t(e.kernel[1])};
            op.stride = {std::uint32_t(e.stride[0]), std::uint32_t(e.stride[1])};
            op.padding = {p, padR, padB, p};
            return withPostOps(op, e);
        }
        // PyTorch's average counts the zero padding (count_include_pad): a depthwise convolution
        // with weights 1 / (kh kw) computes exactly that, where no window passes the padding
        if (padB > p || padR > p) refuse(e, "an average pool whose ceil-mode windows pass its padding");
        const std::int64_t c = x.shape[1];
        Op op = unary(OpKind::Conv2d, valueOf(e.in[0]), e);
        op.kernel = {std::uint32_t(e.kernel[0]), std::uint32_t(e.kernel[1])};
        op.stride = {std::uint32_t(e.stride[0]), std::uint32_t(e.stride[1])};
        op.padding = {p, padR, padB, p};
        op.groups = std::uint32_t(c);
        op.weights = p_.addTensor(floatTensor(torch::full({c, e.kernel[0], e.kernel[1], 1}, 1.0 / double(e.kernel[0] * e.kernel[1]))));
        return withPostOps(op, e);
    }

    int lower(const Entry& e) {
        switch (e.kind) {
        case Kind::Input: return newValue(e.shape);
        case Kind::Conv: return conv(e);
        case Kind::Linear: {
            Op op = unary(OpKind::FullyConnected, valueOf(e.in[0]), e);
            op.weights = p_.addTensor(floatTensor(at(e.in[1]).value));
            if (e.in[2] >= 0) op.bias = p_.addTensor(floatTensor(at(e.in[2]).value));
            if (at(e.in[0]).shape.size() != 2) refuse(e, "a linear layer on a map that is not flat");
            return withPostOps(op, e);
        }
        case Kind::Act: {
            // the first elementwise op reads the input; the chain is the entry's post-ops
            Entry chain = e;
            const PostOp first = chain.post.front();
            chain.post.erase(chain.post.begin());
            Op op;
            if (isClamp(first)) {
                op = unary(OpKind::Clamp, valueOf(e.in[0]), e);
                narrow(op, first);
            } else if (first.op == Elementwise::Hardswish) op = unary(OpKind::Hardswish, valueOf(e.in[0]), e);
            else if (first.op == Elementwise::Hardsigmoid) op = unary(OpKind::Hardsigmoid, valueOf(e.in[0]), e);
            else if (first.op == Elementwise::Logistic) op = unary(OpKind::Sigmoid, valueOf(e.in[0]), e);
            else {  // swish: x * sigmoid(x)
                if (first.alpha != 1.0f && first.alpha != 0.0f) refuse(e, "swish with a slope other than 1");
                Op s = unary(OpKind::Sigmoid, valueOf(e.in[0]), e);
                s.out = newValue(e.shape);
                const int gate = push(s);
                op = unary(OpKind::Multiply, valueOf(e.in[0]), e);
                op.in.push_back(gate);
            }
            return withPostOps(op, chain);
        }
        case Kind::MaxPool:
        case Kind::AvgPool: return pool(e);
        case Kind::Add:
        case Kind::Mul: {
            Op op = unary(e.kind == Kind::Add ? OpKind::Add : OpKind::Multiply, valueOf(e.in[0]), e);
            if (at(e.in[1]).kind == Kind::Const) op.constant = p_.addTensor(broadcastConstant(at(e.in[1]).value, e.shape));
            else op.in.push_back(valueOf(e.in[1]));
            return withPostOps(op, e);
        }
        case Kind::Cat: {
            Op op = unary(OpKind::Concat, valueOf(e.in[0]), e);
            for (std::size_t k = 1; k < e.in.size(); ++k) op.in.push_back(valueOf(e.in[k]));
            return withPostOps(op, e);
        }
        case Kind::Narrow: {
            Op op = unary(OpKind::Split, valueOf(e.in[0]), e);
            op.channelOffset = e.start;
            return withPostOps(op, e);
        }
        case Kind::Shuffle: {
            Op op = unary(OpKind::ChannelShuffle, valueOf(e.in[0]), e);
            op.groups = std::uint32_t(e.groups);
            return withPostOps(op, e);
        }
        case Kind::Reshape:
            if (!rowMajorInBuffer(at(e.in[0]).shape) || !rowMajorInBuffer(e.shape))
                refuse(e, "a reshape of a map larger than 1 x 1 (flatten after a global pool instead)");
            return withPostOps(unary(OpKind::Alias, valueOf(e.in[0]), e), e);
        case Kind::Upsample: return withPostOps(unary(OpKind::Upsample, valueOf(e.in[0]), e), e);
        default: refuse(e, "this step");
        }
    }
};

}  // namespace

mobile::Program mobileProgram(const GraphModuleImpl& module, std::int64_t batch) {
    Tape tape = recordTape(module, batch);
    // no interleave: ShuffleNetV2's concatenate-shuffle-split stays XNNPACK's copy and shuffle ops
    fuseTape(tape, false);
    return TapeLowering(tape).run();
}

MobileInt8 quantizedMobileProgram(const GraphModuleImpl& module, std::int64_t batch, const std::function<bool(at::Tensor&)>& next,
                                  int threads) {
    const mobile::Program fp32 = mobileProgram(module, batch);
    mobile::XnnpackRuntime runtime(fp32, threads);
    const std::size_t n = fp32.values.size();
    std::vector<std::pair<float, float>> range(n, {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()});
    runtime.setObserver([&](int v, const float* p, std::int64_t count) {
        for (std::int64_t i = 0; i < count; ++i) {
            if (!std::isfinite(p[i]))
                throw std::invalid_argument(v == fp32.input ? "the int8 calibration saw a value that is not finite in the calibration images"
                                                            : "the int8 calibration saw a value that is not finite");
            range[std::size_t(v)].first = std::min(range[std::size_t(v)].first, p[i]);
            range[std::size_t(v)].second = std::max(range[std::size_t(v)].second, p[i]);
        }
    });
    const auto& outShape = runtime.outputShape();
    std::vector<float> out(std::size_t(mobile::elementsOf(outShape)));
    int images = 0;
    at::Tensor pending, chunk, first;
    while (next(chunk)) {
        pending = pending.defined() ? torch::cat({pending, chunk.to(torch::kFloat)}) : chunk.to(torch::kFloat);
        while (pending.size(0) >= batch) {
            const at::Tensor x = pending.narrow(0, 0, batch).contiguous();
            if (!first.defined()) first = x.clone();
            runtime.forward(x.data_ptr<float>(), out.data());
            pending = pending.narrow(0, batch, pending.size(0) - batch);
            images += int(batch);
        }
    }
    if (images == 0) throw std::invalid_argument("the mobile int8 program needs at least " + std::to_string(batch) + " calibration images");
    runtime.setObserver(nullptr);
    for (auto& r : range)
        if (!std::isfinite(r.first)) r = {0.0f, 1.0f};

    MobileInt8 result;
    result.program = mobile::quantizeProgram(fp32, range);
    result.calibrationImages = images;
    // each op's error on the first calibration images: the values the two programs share
    mobile::XnnpackRuntime q(result.program, threads);
    runtime.forward(first.data_ptr<float>(), out.data());
    std::vector<float> qout(out.size());
    q.forward(first.data_ptr<float>(), qout.data());
    result.opSqnrDb.assign(result.program.ops.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < result.program.ops.size(); ++k) {
        const Op& op = result.program.ops[k];
        if (op.kind == OpKind::Convert || std::size_t(op.out) >= n) continue;
        const std::vector<float> a = runtime.valueAsFloats(op.out), b = q.valueAsFloats(op.out);
        double signal = 0, noise = 0;
        for (std::size_t i = 0; i < a.size(); ++i) signal += double(a[i]) * a[i], noise += double(a[i] - b[i]) * (a[i] - b[i]);
        result.opSqnrDb[k] = 10 * std::log10(std::max(signal, 1e-30) / std::max(noise, 1e-30));
    }
    return result;
}

}  // namespace hlcnn
