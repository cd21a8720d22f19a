#include "hlcnn/core/native_forward.h"

#include "native_tape.h"

#include "hlcnn/core/graph_module.h"

#include <oneapi/dnnl/dnnl.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

namespace hlcnn {

using namespace native;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

namespace {

// Activations: channels-last for maps, row-major otherwise (native_tape.h, rowMajorInBuffer).
dnnl::memory::desc bufferDesc(const std::vector<std::int64_t>& shape, dt type = dt::f32) {
    static const tag byRank[] = {tag::undef, tag::a, tag::ab, tag::abc, tag::acdb};
    if (shape.empty() || shape.size() > 4) throw std::logic_error("native runtime: a value of rank " + std::to_string(shape.size()));
    return dnnl::memory::desc(shape, type, byRank[shape.size()]);
}

dnnl::memory::desc rowMajorDesc(const std::vector<std::int64_t>& shape) {
    static const tag byRank[] = {tag::undef, tag::a, tag::ab, tag::abc, tag::abcd, tag::abcde};
    return dnnl::memory::desc(shape, dt::f32, byRank[shape.size()]);
}

std::size_t bytesOf(const std::vector<std::int64_t>& shape, dt type = dt::f32) {
    std::size_t n = type == dt::f32 ? sizeof(float) : 1;
    for (std::int64_t d : shape) n *= std::size_t(d);
    return n;
}

struct EltwiseOp {
    dnnl::algorithm alg;
    float alpha, beta;
};

// oneDNN's elementwise ops for one of ours (oneDNN 2.6 has no hardsigmoid).
std::vector<EltwiseOp> eltwiseOps(const PostOp& p) {
    switch (p.op) {
    case Elementwise::Relu: return {{dnnl::algorithm::eltwise_relu, 0.f, 0.f}};
    case Elementwise::Clip: return {{dnnl::algorithm::eltwise_clip, p.alpha, p.beta}};
    case Elementwise::Hardswish: return {{dnnl::algorithm::eltwise_hardswish, 0.f, 0.f}};
    case Elementwise::Hardsigmoid:  // relu6(x + 3) / 6 as clip(x / 6 + 1 / 2, 0, 1)
        return {{dnnl::algorithm::eltwise_linear, 1.0f / 6.0f, 0.5f}, {dnnl::algorithm::eltwise_clip, 0.f, 1.f}};
    case Elementwise::Swish: return {{dnnl::algorithm::eltwise_swish, p.alpha, 0.f}};
    case Elementwise::Logistic: return {{dnnl::algorithm::eltwise_logistic, 0.f, 0.f}};
    }
    return {};
}

// How an int8 step reads its sum operand and writes its result: the post-ops run on real values,
// the sum operand is stored with `sumScale` as `sumType`, and the result is stored as value /
// `outputScale` (0: stored as float).
struct Int8Epilogue {
    float sumScale = 1;
    dt sumType = dt::undef;
    float outputScale = 0;
};

// An entry's post-ops; a constant factor among them (binary_mul) becomes an argument in `constants`.
dnnl::primitive_attr postOpsAttr(const Tape& tape, const Entry& e, const dnnl::engine& engine,
                                 std::unordered_map<int, dnnl::memory>& constants, const Int8Epilogue& q = {}) {
    dnnl::post_ops ops;
    for (std::size_t k = 0; k < e.post.size(); ++k) {
        const PostOp& p = e.post[k];
        if (p.mulBy >= 0) {
            const torch::Tensor& factor = tape.entries[std::size_t(p.mulBy)].value;
            std::vector<std::int64_t> dims = factor.sizes().vec();
            while (dims.size() < e.shape.size()) dims.insert(dims.begin(), 1);
            const dnnl::memory::desc desc = rowMajorDesc(dims);
            ops.append_binary(dnnl::algorithm::binary_mul, desc);
            constants.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(int(k)) | DNNL_ARG_SRC_1,
                              dnnl::memory(desc, engine, const_cast<float*>(factor.data_ptr<float>())));
            continue;
        }
        if (p.sum) {
            ops.append_sum(p.scale * q.sumScale, q.sumType);
            continue;
        }
        for (const EltwiseOp& op : eltwiseOps(p)) ops.append_eltwise(1.0f, op.alg, op.alpha, op.beta);
    }
    if (q.outputScale > 0) {
        // stored = real / scale: folded into a final elementwise op's own output scale, where there
        // is one. With a separate linear op after hardsigmoid's clip, oneDNN 2.6's int8 convolution
        // wrote zeros (SE gates at 0 dB, tst_native_forward); folded, the gate is at 58 dB.
        if (ops.len() > 0 && ops.kind(ops.len() - 1) == dnnl::primitive::kind::eltwise) {
            float scale, alpha, beta;
            dnnl::algorithm alg;
            ops.get_params_eltwise(ops.len() - 1, scale, alg, alpha, beta);
            dnnl::post_ops rebuilt;
            for (int k = 0; k + 1 < ops.len(); ++k) {
                if (ops.kind(k) == dnnl::primitive::kind::eltwise) {
                    float s2, a2, b2;
                    dnnl::algorithm g2;
                    ops.get_params_eltwise(k, s2, g2, a2, b2);
                    rebuilt.append_eltwise(s2, g2, a2, b2);
                } else if (ops.kind(k) == dnnl::primitive::kind::sum) {
                    float s2;
                    dnnl::memory::data_type t2;
                    ops.get_params_sum(k, s2, t2);
                    rebuilt.append_sum(s2, t2);
                } else {
                    dnnl::algorithm g2;
                    dnnl::memory::desc d2;
                    ops.get_params_binary(k, g2, d2);
                    rebuilt.append_binary(g2, d2);
                }
            }
            rebuilt.append_eltwise(scale / q.outputScale, alg, alpha, beta);
            ops = rebuilt;
        } else {
            ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_linear, 1.0f / q.outputScale, 0.0f);
        }
    }
    dnnl::primitive_attr attr;
    attr.set_post_ops(ops);
    return attr;
}

// Symmetric per-output-channel int8 weights: w ~ scale[o] * q, |q| <= 127.
std::pair<torch::Tensor, std::vector<float>> quantizeWeights(const torch::Tensor& w) {
    const torch::Tensor absmax = w.abs().reshape({w.size(0), -1}).amax(1).clamp_min(1e-12);
    const torch::Tensor scale = absmax / 127.0;
    std::vector<std::int64_t> view(std::size_t(w.dim()), 1);
    view[0] = w.size(0);
    const torch::Tensor q = torch::round(w / scale.view(view)).clamp(-127, 127).to(torch::kChar).contiguous();
    const torch::Tensor s = scale.contiguous();
    return {q, std::vector<float>(s.data_ptr<float>(), s.data_ptr<float>() + s.numel())};
}

// Right padding that gives PyTorch's output size under oneDNN's floor rule, as close to the left
// padding as that allows (any value in [least, least + stride - 1] gives the same size).
std::int64_t rightPadding(std::int64_t in, std::int64_t out, std::int64_t extent, std::int64_t stride, std::int64_t left) {
    const std::int64_t least = (out - 1) * stride + extent - in - left;
    return std::clamp(left, least, least + stride - 1);
}

std::string kindName(Kind k) {
    switch (k) {
    case Kind::Conv: return "conv";
    case Kind::Linear: return "linear";
    case Kind::Act: return "activation";
    case Kind::MaxPool: return "max pool";
    case Kind::AvgPool: return "avg pool";
    case Kind::Add: return "add";
    case Kind::Mul: return "mul";
    case Kind::Cat: return "concat";
    case Kind::Narrow: return "split";
    case Kind::Shuffle: return "shuffle";
    case Kind::Upsample: return "upsample";
    case Kind::Reshape: return "reorder";
    case Kind::Input: return "input";
    case Kind::Convert: return "convert";
    case Kind::Interleave: return "interleave";
    default: return "?";
    }
}

}  // namespace

struct NativeForward::Impl {
    // An argument read from or written to an activation buffer, bound once buffers are placed.
    struct BufferArg {
        int arg;
        int entry;
        dnnl::memory::desc desc;
    };
    struct Exec {
        dnnl::primitive prim;
        std::vector<BufferArg> buffers;
        std::unordered_map<int, dnnl::memory> args;  // constants now, buffers once placed
        int copyFrom = -1, copyTo = -1;              // a sum not done in place: dst starts as a copy
        std::function<void()> custom;                // instead of a primitive
        int entry = -1;
    };
    // How an entry's values are stored: float, or int8 with real value = scale * stored value.
    struct Storage {
        dt type = dt::f32;
        float scale = 1;
    };

    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream{engine};
    Tape tape;
    bool int8 = false;
    std::vector<Storage> storage;                     // by entry
    std::vector<std::pair<float, float>> range;       // by entry: calibrated [min, max] (int8 programs)
    std::map<std::tuple<int, int, float>, int> converted;  // (entry, type, scale) -> Convert entry
    std::vector<Exec> execs;
    std::vector<Step> stepInfo;          // parallel to execs
    std::vector<int> root;               // entry -> entry owning its buffer
    std::vector<void*> bufferOf;         // root entry -> its place
    std::vector<std::unique_ptr<void, void (*)(void*)>> blocks;
    std::size_t arenaBytes = 0;
    std::vector<std::int64_t> inputShape, outputShape;
    dnnl::memory userInput, userOutput;
    dnnl::primitive inputReorder, outputReorder;
    std::unordered_map<int, dnnl::memory> inputArgs, outputArgs;
    // calibration: called with each executed entry's output after its step (fp32 programs)
    std::function<void(int entry)> observer;
    int calibrationImages = 0;

    void* data(int entry) const { return bufferOf[std::size_t(root[std::size_t(entry)])]; }
    float* floats(int entry) const { return static_cast<float*>(data(entry)); }
    const Entry& at(int i) const { return tape.entries[std::size_t(i)]; }
    dnnl::memory::desc desc(int entry) const { return bufferDesc(at(entry).shape, storage[std::size_t(entry)].type); }
    bool isInt8(int entry) const { return storage[std::size_t(entry)].type != dt::f32; }
    std::size_t bytes(int entry) const { return bytesOf(at(entry).shape, storage[std::size_t(entry)].type); }

    static std::vector<int> dataInputs(const Entry& e) {
        std::vector<int> in;
        if (e.kind == Kind::Conv || e.kind == Kind::Linear) in = {e.in[0]};
        else
            for (int i : e.in)
                if (i >= 0) in.push_back(i);
        if (e.sumWith >= 0) in.push_back(e.sumWith);
        return in;
    }

    dnnl::memory constant(int entry, const dnnl::memory::desc& desc) const {
        return dnnl::memory(desc, engine, const_cast<float*>(at(entry).value.data_ptr<float>()));
    }

    void prepare();
    void build();
    void planInt8();
    Storage calibrated(int entry) const;
    int as(int entry, dt type, float scale);
    int asInt8(int entry);
    // A convolution's or linear layer's weights and bias as the primitive reads them: float, or
    // int8 with the output scales set on `attr`.
    struct LayerWeights {
        torch::Tensor weights, bias;  // bias undefined: none
    };
    LayerWeights layerWeights(const Entry& e, bool quantized, dnnl::primitive_attr& attr) const;
    void addWeights(const LayerWeights& lw, const dnnl::memory::desc& given, const dnnl::memory::desc& wanted,
                    std::unordered_map<int, dnnl::memory>& constants);
    void addConv(int i);
    void addExec(int i, const dnnl::primitive& prim, std::vector<BufferArg> buffers,
                 std::unordered_map<int, dnnl::memory> constants = {});
    void place();
    void run(std::vector<double>* ms);
};

void NativeForward::Impl::addExec(int i, const dnnl::primitive& prim, std::vector<BufferArg> buffers,
                                  std::unordered_map<int, dnnl::memory> constants) {
    Exec x;
    x.prim = prim;
    x.buffers = std::move(buffers);
    x.args = std::move(constants);
    x.entry = i;
    execs.push_back(std::move(x));
    const Entry& e = at(i);
    std::string kind = kindName(e.kind);
    if (e.sumWith >= 0) kind += "+sum";
    if (std::any_of(e.post.begin(), e.post.end(), [](const PostOp& p) { return !p.sum && p.mulBy < 0; }) && e.kind != Kind::Act)
        kind += "+act";
    if (std::any_of(e.post.begin(), e.post.end(), [](const PostOp& p) { return p.mulBy >= 0; })) kind += "+scale";
    stepInfo.push_back({kind, e.nodes});
}

// The int8 storage calibration gives an entry: unsigned where it never went below zero.
NativeForward::Impl::Storage NativeForward::Impl::calibrated(int entry) const {
    const auto [lo, hi] = range[std::size_t(entry)];
    if (lo >= 0) return {dt::u8, std::max(hi, 1e-8f) / 255.0f};
    return {dt::s8, std::max({-lo, hi, 1e-8f}) / 127.0f};
}

// The entry's values as `type` with `scale`: the entry itself, or a Convert step (a reorder with a
// scale) run before the step that asks, shared by later readers.
int NativeForward::Impl::as(int entry, dt type, float scale) {
    const Storage s = storage[std::size_t(entry)];  // a copy: storage grows below
    if (type == dt::f32) scale = 1;
    if (s.type == type && s.scale == scale) return entry;
    const auto key = std::make_tuple(entry, int(type), scale);
    if (auto it = converted.find(key); it != converted.end()) return it->second;
    Entry c;
    c.kind = Kind::Convert;
    c.in = {entry};
    c.shape = at(entry).shape;
    tape.entries.push_back(std::move(c));
    storage.push_back({type, scale});
    const int id = int(tape.entries.size()) - 1;
    converted[key] = id;
    // stored(to) = real / scale(to) = stored(from) * scale(from) / scale(to)
    dnnl::primitive_attr attr;
    attr.set_output_scales(0, {s.scale / scale});
    const auto from = desc(entry), to = desc(id);
    addExec(id, dnnl::reorder(dnnl::reorder::primitive_desc(engine, from, engine, to, attr)),
            {{DNNL_ARG_FROM, entry, from}, {DNNL_ARG_TO, id, to}});
    return id;
}

int NativeForward::Impl::asInt8(int entry) {
    if (isInt8(entry)) return entry;
    const Storage s = calibrated(entry);
    return as(entry, s.type, s.scale);
}

NativeForward::Impl::LayerWeights NativeForward::Impl::layerWeights(const Entry& e, bool quantized, dnnl::primitive_attr& attr) const {
    LayerWeights lw{at(e.in[1]).value, e.in[2] >= 0 ? at(e.in[2]).value : torch::Tensor()};
    if (!quantized) return lw;
    // int32 accumulator -> real value: (acc + bias / (s_x s_w)) * s_x s_w[o] (oneDNN 2.x adds the
    // bias before the output scale)
    auto [qw, ws] = quantizeWeights(lw.weights);
    const float sx = storage[std::size_t(e.in[0])].scale;
    std::vector<float> outScales(ws.size());
    for (std::size_t o = 0; o < ws.size(); ++o) outScales[o] = sx * ws[o];
    attr.set_output_scales(1 << 1, outScales);
    lw.weights = qw;
    if (lw.bias.defined())
        lw.bias = (lw.bias / torch::from_blob(outScales.data(), {std::int64_t(outScales.size())}).clone()).contiguous();
    return lw;
}

// The weights reordered once into the layout the chosen kernel reads; the bias copied.
void NativeForward::Impl::addWeights(const LayerWeights& lw, const dnnl::memory::desc& given, const dnnl::memory::desc& wanted,
                                     std::unordered_map<int, dnnl::memory>& constants) {
    dnnl::memory weights(wanted, engine);
    dnnl::memory user(given, engine, lw.weights.data_ptr());
    dnnl::reorder(user, weights).execute(stream, user, weights);
    stream.wait();
    constants.emplace(DNNL_ARG_WEIGHTS, weights);
    if (lw.bias.defined()) {
        dnnl::memory b(dnnl::memory::desc({lw.bias.numel()}, dt::f32, tag::a), engine);
        std::memcpy(b.get_data_handle(), lw.bias.data_ptr<float>(), std::size_t(lw.bias.numel()) * sizeof(float));
        constants.emplace(DNNL_ARG_BIAS, b);
    }
}

void NativeForward::Impl::addConv(int i) {
    Entry e = at(i);  // a copy: Convert entries may be added to the tape
    const bool quantized = isInt8(i);
    e.in[0] = quantized ? asInt8(e.in[0]) : as(e.in[0], dt::f32, 1);
    Int8Epilogue q;
    if (e.sumWith >= 0) {
        if (!quantized) e.sumWith = as(e.sumWith, dt::f32, 1);
        q.sumScale = storage[std::size_t(e.sumWith)].scale;
        q.sumType = quantized ? storage[std::size_t(e.sumWith)].type : dt::undef;
    }
    tape.entries[std::size_t(i)].in[0] = e.in[0];
    tape.entries[std::size_t(i)].sumWith = e.sumWith;
    const Entry& x = at(e.in[0]);
    const torch::Tensor& w = at(e.in[1]).value;
    const bool oneD = x.shape.size() == 3;
    const std::int64_t out = w.size(0), g = e.groups;
    dnnl::memory::dims wdims, strides, dilates, padL, padR;
    tag wtag;
    if (oneD) {
        wdims = {out, w.size(1), w.size(2)}, wtag = tag::oiw;
        strides = {1}, dilates = {0}, padL = {e.padding};
        padR = {rightPadding(x.shape[2], e.shape[2], w.size(2), 1, e.padding)};
    } else {
        if (g > 1) wdims = {g, out / g, w.size(1), w.size(2), w.size(3)}, wtag = tag::goihw;
        else wdims = {out, w.size(1), w.size(2), w.size(3)}, wtag = tag::oihw;
        strides = {e.stride[0], e.stride[1]};
        dilates = {e.dilation - 1, e.dilation - 1};
        padL = {e.padding, e.padding};
        for (int d = 0; d < 2; ++d)
            padR.push_back(rightPadding(x.shape[std::size_t(2 + d)], e.shape[std::size_t(2 + d)],
                                        (w.size(2 + d) - 1) * e.dilation + 1, e.stride[d], e.padding));
    }
    const auto src = desc(e.in[0]), dst = desc(i);
    const dnnl::memory::desc anyWeights(wdims, quantized ? dt::s8 : dt::f32, tag::any);
    const bool bias = e.in[2] >= 0;
    const dnnl::memory::desc biasDesc({out}, dt::f32, tag::a);
    const auto cd = bias ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                                           src, anyWeights, biasDesc, dst, strides, dilates, padL, padR)
                         : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                                           src, anyWeights, dst, strides, dilates, padL, padR);
    std::unordered_map<int, dnnl::memory> constants;
    if (quantized) q.outputScale = storage[std::size_t(i)].scale;
    dnnl::primitive_attr attr = postOpsAttr(tape, e, engine, constants, q);
    const LayerWeights lw = layerWeights(e, quantized, attr);
    const dnnl::convolution_forward::primitive_desc pd(cd, attr, engine);
    addWeights(lw, dnnl::memory::desc(wdims, quantized ? dt::s8 : dt::f32, wtag), pd.weights_desc(), constants);
    addExec(i, dnnl::convolution_forward(pd), {{DNNL_ARG_SRC, e.in[0], src}, {DNNL_ARG_DST, i, dst}}, std::move(constants));
}

// Which entries an int8 program stores as int8. Convolutions, pools, shuffles, splits and
// concatenations run on int8; a binary op does when both operands are; the linear layer reads int8
// and writes float; the rest (standalone activations, upsampling, ECA's 1-D conv) run on float,
// with Convert steps where the types meet.
void NativeForward::Impl::planInt8() {
    const std::size_t n = tape.entries.size();
    storage.assign(n, {});
    std::vector<int> uses(n, 0);
    for (const Entry& e : tape.entries)
        if (!e.dead)
            for (int i : dataInputs(e)) ++uses[std::size_t(i)];
    auto inherit = [&](std::size_t k) {
        const Entry& e = tape.entries[k];
        switch (e.kind) {
        case Kind::AvgPool:
            // An average spans less than its input (a global pool much less): its own scale, in its
            // input's type; the pool's post-op requantizes.
            storage[k] = storage[std::size_t(e.in[0])];
            if (storage[k].type != dt::f32) {
                const auto [lo, hi] = range[k];
                storage[k].scale = storage[k].type == dt::u8 ? std::max(hi, 1e-8f) / 255.0f : std::max({-lo, hi, 1e-8f}) / 127.0f;
            }
            break;
        case Kind::MaxPool:
        case Kind::Shuffle:
        case Kind::Narrow: storage[k] = storage[std::size_t(e.in[0])]; break;
        case Kind::Reshape:
            if (rowMajorInBuffer(at(e.in[0]).shape)) storage[k] = storage[std::size_t(e.in[0])];
            break;
        default: break;
        }
    };
    for (std::size_t k = 0; k < n; ++k) {
        const Entry& e = tape.entries[k];
        if (e.dead) continue;
        const int i = int(k);
        switch (e.kind) {
        case Kind::Input: storage[k] = calibrated(i); break;
        case Kind::Conv:
            if (e.shape.size() == 4 && (e.sumWith < 0 || isInt8(e.sumWith))) storage[k] = calibrated(i);
            break;
        case Kind::Cat: {
            bool all = true;
            for (int j : e.in) all = all && isInt8(j);
            if (all) storage[k] = calibrated(i);
            break;
        }
        case Kind::Add:
        case Kind::Mul:
            if (at(e.in[1]).kind != Kind::Const && isInt8(e.in[0]) && isInt8(e.in[1])) storage[k] = calibrated(i);
            break;
        default: inherit(k); break;
        }
    }
    // A convolution read only by a concatenation writes in the concatenation's scale, so no
    // Convert is needed there (ShuffleNet's branches).
    for (std::size_t k = 0; k < n; ++k) {
        const Entry& e = tape.entries[k];
        if (e.dead || e.kind != Kind::Cat || !isInt8(int(k))) continue;
        for (int j : e.in)
            if (at(j).kind == Kind::Conv && uses[std::size_t(j)] == 1 && j != tape.output && at(j).sumWith < 0) storage[std::size_t(j)] = storage[k];
    }
    for (std::size_t k = 0; k < n; ++k)
        if (!tape.entries[k].dead) inherit(k);
}

void NativeForward::Impl::build() {
    const std::size_t n = tape.entries.size();
    if (storage.size() != n) storage.assign(n, {});
    for (std::size_t k = 0; k < n; ++k) {
        const int i = int(k);
        if (tape.entries[k].dead || tape.entries[k].kind == Kind::Input) continue;
        Entry e = tape.entries[k];  // a copy: Convert entries may be added to the tape
        const bool quantized = isInt8(i);
        auto input = [&](std::size_t slot, bool wantInt8) {
            e.in[slot] = wantInt8 ? asInt8(e.in[slot]) : as(e.in[slot], dt::f32, 1);
            tape.entries[k].in[slot] = e.in[slot];
            return e.in[slot];
        };
        const dnnl::memory::desc dst = desc(i);
        switch (e.kind) {
        case Kind::Conv: addConv(i); break;
        case Kind::Linear: {
            // int8 programs: int8 input and weights, float output
            const int x = input(0, int8);
            const torch::Tensor& w = at(e.in[1]).value;
            const auto src = desc(x);
            const dnnl::memory::desc anyWeights({w.size(0), w.size(1)}, int8 ? dt::s8 : dt::f32, tag::any),
                biasDesc({w.size(0)}, dt::f32, tag::a);
            const bool bias = e.in[2] >= 0;
            const auto ld = bias ? dnnl::inner_product_forward::desc(dnnl::prop_kind::forward_inference, src, anyWeights, biasDesc, dst)
                                 : dnnl::inner_product_forward::desc(dnnl::prop_kind::forward_inference, src, anyWeights, dst);
            std::unordered_map<int, dnnl::memory> constants;
            dnnl::primitive_attr attr = postOpsAttr(tape, e, engine, constants);
            const LayerWeights lw = layerWeights(e, int8, attr);
            const dnnl::inner_product_forward::primitive_desc pd(ld, attr, engine);
            addWeights(lw, dnnl::memory::desc({w.size(0), w.size(1)}, int8 ? dt::s8 : dt::f32, tag::ab), pd.weights_desc(), constants);
            addExec(i, dnnl::inner_product_forward(pd), {{DNNL_ARG_SRC, x, src}, {DNNL_ARG_DST, i, dst}}, std::move(constants));
            break;
        }
        case Kind::Act: {
            // the first elementwise op writes the output, the rest work on it in place
            const int x = input(0, false);
            bool first = true;
            for (const PostOp& p : e.post) {
                for (const EltwiseOp& op : eltwiseOps(p)) {
                    const dnnl::eltwise_forward::primitive_desc pd(
                        dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_inference, op.alg, dst, op.alpha, op.beta), engine);
                    addExec(i, dnnl::eltwise_forward(pd), {{DNNL_ARG_SRC, first ? x : i, dst}, {DNNL_ARG_DST, i, dst}});
                    first = false;
                }
            }
            break;
        }
        case Kind::MaxPool:
        case Kind::AvgPool: {
            const int x = input(0, quantized);
            const Entry& xe = at(x);
            dnnl::memory::dims padR;
            for (int d = 0; d < 2; ++d)
                padR.push_back(rightPadding(xe.shape[std::size_t(2 + d)], e.shape[std::size_t(2 + d)], e.kernel[d], e.stride[d], e.padding));
            dnnl::algorithm alg = dnnl::algorithm::pooling_max;
            if (e.kind == Kind::AvgPool) {
                // PyTorch counts the zero padding but not a ceil-mode window's part beyond it
                if (e.padding == 0) alg = dnnl::algorithm::pooling_avg_exclude_padding;
                else if (padR[0] <= e.padding && padR[1] <= e.padding) alg = dnnl::algorithm::pooling_avg_include_padding;
                else
                    throw std::invalid_argument("the native runtime does not run an average pool whose ceil-mode windows pass "
                                                "its padding (node '" + e.nodes.front() + "')");
            }
            dnnl::primitive_attr attr;
            if (quantized && storage[k].scale != storage[std::size_t(x)].scale) {
                // stored(out) = average(stored(in)) * scale(in) / scale(out), before rounding
                dnnl::post_ops ops;
                ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_linear, storage[std::size_t(x)].scale / storage[k].scale, 0.0f);
                attr.set_post_ops(ops);
            }
            const dnnl::pooling_forward::primitive_desc pd(
                dnnl::pooling_forward::desc(dnnl::prop_kind::forward_inference, alg, desc(x), dst,
                                            {e.stride[0], e.stride[1]}, {e.kernel[0], e.kernel[1]}, {e.padding, e.padding}, padR),
                attr, engine);
            addExec(i, dnnl::pooling_forward(pd), {{DNNL_ARG_SRC, x, desc(x)}, {DNNL_ARG_DST, i, dst}});
            break;
        }
        case Kind::Add:
        case Kind::Mul: {
            const bool isConst = at(e.in[1]).kind == Kind::Const;
            const int a = input(0, quantized);
            const int b = isConst ? e.in[1] : input(1, quantized);
            std::vector<std::int64_t> bdims = at(b).shape;
            while (bdims.size() < e.shape.size()) bdims.insert(bdims.begin(), 1);
            const dnnl::memory::desc bdesc = isConst ? rowMajorDesc(bdims) : bufferDesc(bdims, storage[std::size_t(b)].type);
            std::unordered_map<int, dnnl::memory> constants;
            Int8Epilogue q;
            if (quantized) q.outputScale = storage[k].scale;
            dnnl::primitive_attr attr = postOpsAttr(tape, e, engine, constants, q);
            if (quantized) {
                attr.set_scales(DNNL_ARG_SRC_0, 0, {storage[std::size_t(a)].scale});
                attr.set_scales(DNNL_ARG_SRC_1, 0, {storage[std::size_t(b)].scale});
            }
            const dnnl::binary::primitive_desc pd(
                dnnl::binary::desc(e.kind == Kind::Add ? dnnl::algorithm::binary_add : dnnl::algorithm::binary_mul, desc(a), bdesc, dst),
                attr, engine);
            std::vector<BufferArg> buffers{{DNNL_ARG_SRC_0, a, desc(a)}, {DNNL_ARG_DST, i, dst}};
            if (isConst) constants.emplace(DNNL_ARG_SRC_1, constant(b, bdesc));
            else buffers.push_back({DNNL_ARG_SRC_1, b, bdesc});
            addExec(i, dnnl::binary(pd), std::move(buffers), std::move(constants));
            break;
        }
        case Kind::Cat: {
            std::vector<dnnl::memory::desc> srcs;
            std::vector<BufferArg> buffers{{DNNL_ARG_DST, i, dst}};
            for (std::size_t k2 = 0; k2 < e.in.size(); ++k2) {
                const int x = quantized ? as(e.in[k2], storage[k].type, storage[k].scale) : as(e.in[k2], dt::f32, 1);
                tape.entries[k].in[k2] = x;
                srcs.push_back(desc(x));
                buffers.push_back({DNNL_ARG_MULTIPLE_SRC + int(k2), x, srcs.back()});
            }
            addExec(i, dnnl::concat(dnnl::concat::primitive_desc(dst, 1, srcs, engine)), std::move(buffers));
            break;
        }
        case Kind::Narrow: {
            const dnnl::memory::desc part = desc(e.in[0]).submemory_desc(e.shape, {0, e.start, 0, 0});
            addExec(i, dnnl::reorder(dnnl::reorder::primitive_desc(engine, part, engine, dst)),
                    {{DNNL_ARG_FROM, e.in[0], part}, {DNNL_ARG_TO, i, dst}});
            break;
        }
        case Kind::Shuffle: {
            // PyTorch's (groups, C / groups) transpose is oneDNN's shuffle with group size C / groups
            const dnnl::shuffle_forward::primitive_desc pd(
                dnnl::shuffle_forward::desc(dnnl::prop_kind::forward_inference, dst, 1, int(e.shape[1] / e.groups)), engine);
            addExec(i, dnnl::shuffle_forward(pd), {{DNNL_ARG_SRC, e.in[0], dst}, {DNNL_ARG_DST, i, dst}});
            break;
        }
        case Kind::Upsample: {
            const int src = input(0, false);
            addExec(i, dnnl::primitive(), {});
            const std::vector<std::int64_t> from = at(src).shape, to = e.shape;
            execs.back().custom = [this, src, i, from, to] {
                // PyTorch's nearest rule: source index floor(dst * (in / out)), in float
                const std::int64_t c = to[1];
                const float sh = float(from[2]) / float(to[2]), sw = float(from[3]) / float(to[3]);
                const float* in = floats(src);
                float* out = floats(i);
                for (std::int64_t b = 0; b < to[0]; ++b)
                    for (std::int64_t y = 0; y < to[2]; ++y) {
                        const std::int64_t ys = std::min(std::int64_t(std::floor(float(y) * sh)), from[2] - 1);
                        for (std::int64_t x = 0; x < to[3]; ++x) {
                            const std::int64_t xs = std::min(std::int64_t(std::floor(float(x) * sw)), from[3] - 1);
                            std::memcpy(out + ((b * to[2] + y) * to[3] + x) * c, in + ((b * from[2] + ys) * from[3] + xs) * c,
                                        std::size_t(c) * sizeof(float));
                        }
                    }
            };
            break;
        }
        case Kind::Interleave: {
            // ShuffleNetV2's concatenate-shuffle-split in one pass: output channel j of the shuffled
            // map is a[j / 2] for even j, b[j / 2] for odd j (native_tape.cpp, fuseInterleave)
            const int a = input(0, false), b = input(1, false);
            addExec(i, dnnl::primitive(), {});
            const std::int64_t pixels = e.shape[0] * e.shape[2] * e.shape[3], half = at(a).shape[1], width = e.shape[1];
            const std::int64_t start = e.start;
            execs.back().custom = [this, a, b, i, pixels, half, width, start] {
                const float* pa = floats(a);
                const float* pb = floats(b);
                float* po = floats(i);
#pragma omp parallel for if (pixels * width > 16384)
                for (std::int64_t p = 0; p < pixels; ++p) {
                    const float* ra = pa + p * half;
                    const float* rb = pb + p * half;
                    float* ro = po + p * width;
                    for (std::int64_t o = 0; o < width; ++o) {
                        const std::int64_t j = start + o;
                        ro[o] = (j & 1) ? rb[j >> 1] : ra[j >> 1];
                    }
                }
            };
            break;
        }
        case Kind::Reshape:
            // channels-last maps are copied into row-major (float) order first; others are the same buffer
            if (!rowMajorInBuffer(at(e.in[0]).shape)) {
                const std::vector<std::int64_t>& from = at(e.in[0]).shape;
                dnnl::primitive_attr attr;
                attr.set_output_scales(0, {storage[std::size_t(e.in[0])].scale});
                addExec(i, dnnl::reorder(dnnl::reorder::primitive_desc(engine, desc(e.in[0]), engine, rowMajorDesc(from), attr)),
                        {{DNNL_ARG_FROM, e.in[0], desc(e.in[0])}, {DNNL_ARG_TO, i, rowMajorDesc(from)}});
            }
            break;
        default: throw std::logic_error("native runtime: an entry of kind " + kindName(e.kind) + " to execute");
        }
    }
}

// Gives every executed entry a buffer: a reshape of row-major data and a sum done in place share
// their source's; others take a block freed by a value nobody reads any more, or a new one.
void NativeForward::Impl::place() {
    const std::size_t n = tape.entries.size();
    root.assign(n, -1);
    std::vector<int> firstStep(n, -1), lastStep(n, -1), lastRead(n, -1);  // by entry
    for (std::size_t s = 0; s < execs.size(); ++s) {
        const std::size_t e = std::size_t(execs[s].entry);
        if (firstStep[e] < 0) firstStep[e] = int(s);
        lastStep[e] = int(s);
    }
    // reshapes without a step run where their source does
    for (std::size_t k = 0; k < n; ++k)
        if (!tape.entries[k].dead && tape.entries[k].kind == Kind::Reshape && firstStep[k] < 0)
            firstStep[k] = lastStep[k] = at(tape.entries[k].in[0]).kind == Kind::Input ? -1 : firstStep[std::size_t(tape.entries[k].in[0])];
    for (std::size_t k = 0; k < n; ++k) {
        const Entry& e = tape.entries[k];
        if (e.dead) continue;
        for (int src : dataInputs(e)) lastRead[std::size_t(src)] = std::max(lastRead[std::size_t(src)], lastStep[k]);
    }
    lastRead[std::size_t(tape.output)] = int(execs.size());  // read by the caller

    // roots, in step order (Convert entries sit at the end of the tape but run mid-program)
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < n; ++k)
        if (!tape.entries[k].dead) order.push_back(k);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return firstStep[a] < firstStep[b]; });
    for (std::size_t k : order) {
        const Entry& e = tape.entries[k];
        root[k] = int(k);
        if (e.kind == Kind::Reshape && rowMajorInBuffer(at(e.in[0]).shape)) root[k] = root[std::size_t(e.in[0])];
        if (e.sumWith >= 0 && bytes(e.sumWith) == bytes(int(k))) {
            const int r = root[std::size_t(e.sumWith)], step = firstStep[k];
            bool free = r != root[std::size_t(e.in[0])] && r != root[std::size_t(tape.output)];
            for (std::size_t j = 0; j < n && free; ++j)
                if (root[j] == r && j != k && lastRead[j] > step) free = false;
            if (free) root[k] = r;
        }
    }
    for (Exec& x : execs)
        if (at(x.entry).sumWith >= 0 && root[std::size_t(x.entry)] == int(x.entry))
            x.copyFrom = at(x.entry).sumWith, x.copyTo = x.entry;
    // each root's lifetime: from its first writer to the last read of any entry sharing it
    std::vector<int> rootLast(n, -1);
    for (std::size_t k = 0; k < n; ++k)
        if (root[k] >= 0) rootLast[std::size_t(root[k])] = std::max(rootLast[std::size_t(root[k])], lastRead[k]);

    bufferOf.assign(n, nullptr);
    struct Block {
        std::size_t bytes;
        void* data;
        int freeAfter;  // step after which it may be reused
    };
    std::vector<Block> pool;
    auto take = [&](int r, int step) {
        const std::size_t need = (bytes(r) + 63) / 64 * 64;
        Block* best = nullptr;
        for (Block& b : pool)
            if (b.freeAfter < step && b.bytes >= need && (!best || b.bytes < best->bytes)) best = &b;
        if (!best) {
            void* p = std::aligned_alloc(64, need);
            if (!p) throw std::bad_alloc();
            blocks.emplace_back(p, std::free);
            pool.push_back({need, p, 0});
            arenaBytes += need;
            best = &pool.back();
        }
        best->freeAfter = std::max(rootLast[std::size_t(r)], step);
        bufferOf[std::size_t(r)] = best->data;
    };
    take(tape.input, -1);
    for (std::size_t s = 0; s < execs.size(); ++s) {
        const int e = execs[s].entry;
        if (root[std::size_t(e)] == e && !bufferOf[std::size_t(e)]) take(e, int(s));
    }
    for (Exec& x : execs)
        for (const BufferArg& a : x.buffers) x.args[a.arg] = dnnl::memory(a.desc, engine, data(a.entry));
}

void NativeForward::Impl::run(std::vector<double>* ms) {
    using clock = std::chrono::steady_clock;
    inputReorder.execute(stream, inputArgs);
    if (observer) {
        stream.wait();
        observer(tape.input);
    }
    for (std::size_t s = 0; s < execs.size(); ++s) {
        const auto t0 = ms ? clock::now() : clock::time_point();
        Exec& x = execs[s];
        if (x.copyFrom >= 0) std::memcpy(data(x.copyTo), data(x.copyFrom), bytes(x.copyTo));
        if (x.custom) x.custom();
        else x.prim.execute(stream, x.args);
        if (ms || observer) stream.wait();
        if (ms) (*ms)[s] = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        if (observer) observer(x.entry);
    }
    outputReorder.execute(stream, outputArgs);
    stream.wait();
}

void NativeForward::Impl::prepare() {
    try {
        build();
        place();
        inputShape = at(tape.input).shape;
        outputShape = at(tape.output).shape;
        userInput = dnnl::memory(rowMajorDesc(inputShape), engine, DNNL_MEMORY_NONE);
        dnnl::memory in(desc(tape.input), engine, data(tape.input));
        dnnl::primitive_attr inAttr;
        inAttr.set_output_scales(0, {1.0f / storage[std::size_t(tape.input)].scale});
        inputReorder = dnnl::reorder(dnnl::reorder::primitive_desc(engine, userInput.get_desc(), engine, in.get_desc(), inAttr));
        inputArgs = {{DNNL_ARG_FROM, userInput}, {DNNL_ARG_TO, in}};
        userOutput = dnnl::memory(rowMajorDesc(outputShape), engine, DNNL_MEMORY_NONE);
        dnnl::memory out(desc(tape.output), engine, data(tape.output));
        dnnl::primitive_attr outAttr;
        outAttr.set_output_scales(0, {storage[std::size_t(tape.output)].scale});
        outputReorder = dnnl::reorder(dnnl::reorder::primitive_desc(engine, out.get_desc(), engine, userOutput.get_desc(), outAttr));
        outputArgs = {{DNNL_ARG_FROM, out}, {DNNL_ARG_TO, userOutput}};
    } catch (const dnnl::error& e) {
        throw std::invalid_argument(std::string("the native runtime cannot build this graph on oneDNN: ") + e.what());
    }
}

// A float program; `interleave` as fuseTape's (off for the program that calibrates an int8 one,
// whose entries must match it).
std::unique_ptr<NativeForward::Impl> NativeForward::floatProgram(const GraphModuleImpl& module, std::int64_t batch, bool interleave) {
    auto m = std::make_unique<NativeForward::Impl>();
    m->tape = recordTape(module, batch);
    fuseTape(m->tape, interleave);
    m->prepare();
    // the recorded values were only needed for shapes and the fusions
    for (Entry& e : m->tape.entries)
        if (e.kind != Kind::Const) e.value = torch::Tensor();
    return m;
}

NativeForward::NativeForward(const GraphModuleImpl& module, std::int64_t batch) : impl_(floatProgram(module, batch, true)) {}

NativeForward NativeForward::quantized(const GraphModuleImpl& module, std::int64_t batch, const CalibrationSource& next) {
    // the float program, observed on the calibration images, gives every step's range
    NativeForward calibration(floatProgram(module, batch, false));
    Impl& f = *calibration.impl_;
    const std::size_t n = f.tape.entries.size();
    std::vector<std::pair<float, float>> range(n, {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()});
    f.observer = [&](int entry) {
        if (entry >= int(n) || f.at(entry).dead) return;
        const Entry& e = f.at(entry);
        const float* p = f.floats(entry);
        std::size_t count = 1;
        for (std::int64_t d : e.shape) count *= std::size_t(d);
        auto [lo, hi] = std::minmax_element(p, p + count);
        // a NaN or an infinity (a diverged checkpoint, a broken input) leaves no scale to choose
        if (!std::all_of(p, p + count, [](float v) { return std::isfinite(v); })) {
            const std::string where = e.kind == Kind::Input ? "in the calibration images" : "at node '" + e.nodes.front() + "'";
            throw std::invalid_argument("the int8 calibration saw a value that is not finite " + where);
        }
        range[std::size_t(entry)].first = std::min(range[std::size_t(entry)].first, *lo);
        range[std::size_t(entry)].second = std::max(range[std::size_t(entry)].second, *hi);
    };
    int images = 0;
    at::Tensor pending, chunk, first;
    while (next(chunk)) {
        pending = pending.defined() ? torch::cat({pending, chunk.to(torch::kFloat)}) : chunk.to(torch::kFloat);
        while (pending.size(0) >= batch) {
            if (!first.defined()) first = pending.narrow(0, 0, batch).clone();
            calibration.forward(pending.narrow(0, 0, batch));
            pending = pending.narrow(0, batch, pending.size(0) - batch);
            images += int(batch);
        }
    }
    if (images == 0) throw std::invalid_argument("the native int8 runtime needs at least " + std::to_string(batch) + " calibration images");
    f.observer = nullptr;
    // reshapes without a step share their source's values
    for (std::size_t k = 0; k < n; ++k)
        if (!f.tape.entries[k].dead && f.tape.entries[k].kind == Kind::Reshape && !std::isfinite(range[k].first))
            range[k] = range[std::size_t(f.tape.entries[k].in[0])];

    NativeForward q(std::make_unique<Impl>());
    Impl& m = *q.impl_;
    m.tape = recordTape(module, batch);
    fuseTape(m.tape, false);
    if (m.tape.entries.size() != n) throw std::logic_error("native runtime: the recorded programs differ");
    m.int8 = true;
    m.range = range;
    for (auto& r : m.range)
        if (!std::isfinite(r.first)) r = {0.0f, 1.0f};
    m.planInt8();
    m.prepare();
    m.calibrationImages = images;
    // each step's int8 error: its output against the float program's, on the first calibration images
    {
        std::map<int, at::Tensor> reference, quantizedOut;
        auto grab = [](Impl& p, std::map<int, at::Tensor>& into) {
            return [&p, &into](int entry) {
                if (entry >= int(p.storage.size())) return;
                std::int64_t count = 1;
                for (auto d : p.at(entry).shape) count *= d;
                const Impl::Storage st = p.storage[std::size_t(entry)];
                const auto type = st.type == dt::f32 ? torch::kFloat : st.type == dt::u8 ? torch::kByte : torch::kChar;
                into[entry] = torch::from_blob(p.data(entry), {count}, type).to(torch::kFloat) * st.scale;
            };
        };
        f.observer = grab(f, reference);
        calibration.forward(first);
        f.observer = nullptr;
        m.observer = grab(m, quantizedOut);
        q.forward(first);
        m.observer = nullptr;
        for (std::size_t k = 0; k < m.execs.size(); ++k) {
            const int e = m.execs[k].entry;
            if (!reference.count(e) || !quantizedOut.count(e)) continue;  // conversions: no float counterpart
            const double noise = (reference[e] - quantizedOut[e]).pow(2).sum().item<double>();
            m.stepInfo[k].sqnrDb = 10 * std::log10(reference[e].pow(2).sum().item<double>() / std::max(noise, 1e-30));
        }
    }
    for (Entry& e : m.tape.entries)
        if (e.kind != Kind::Const) e.value = torch::Tensor();
    return q;
}

NativeForward::NativeForward(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NativeForward::~NativeForward() = default;
NativeForward::NativeForward(NativeForward&&) noexcept = default;
NativeForward& NativeForward::operator=(NativeForward&&) noexcept = default;

at::Tensor NativeForward::forward(const at::Tensor& input) {
    Impl& m = *impl_;
    if (input.sizes().vec() != m.inputShape || input.scalar_type() != at::kFloat || !input.device().is_cpu())
        throw std::invalid_argument("the native runtime was prepared for a float CPU input of " +
                                    c10::str(at::IntArrayRef(m.inputShape)) + ", got " + c10::str(input.sizes()));
    const at::Tensor x = input.contiguous();
    at::Tensor y = torch::empty(m.outputShape);
    m.userInput.set_data_handle(const_cast<float*>(x.data_ptr<float>()));
    m.userOutput.set_data_handle(y.data_ptr<float>());
    m.run(nullptr);
    return y;
}

const std::vector<NativeForward::Step>& NativeForward::steps() const { return impl_->stepInfo; }

std::vector<double> NativeForward::stepMilliseconds(const at::Tensor& input, int iters) {
    forward(input);  // warm-up, and the input check
    Impl& m = *impl_;
    const at::Tensor x = input.contiguous();
    at::Tensor y = torch::empty(m.outputShape);
    m.userInput.set_data_handle(const_cast<float*>(x.data_ptr<float>()));
    m.userOutput.set_data_handle(y.data_ptr<float>());
    std::vector<std::vector<double>> samples(m.execs.size());
    std::vector<double> ms(m.execs.size());
    for (int it = 0; it < std::max(1, iters); ++it) {
        m.run(&ms);
        for (std::size_t s = 0; s < ms.size(); ++s) samples[s].push_back(ms[s]);
    }
    std::vector<double> median;
    for (auto& v : samples) {
        std::sort(v.begin(), v.end());
        median.push_back(v[v.size() / 2]);
    }
    return median;
}

bool NativeForward::isInt8() const { return impl_->int8; }

std::string NativeForward::describe() const {
    const Impl& m = *impl_;
    std::ostringstream s;
    s << "oneDNN primitives, channels-last";
    if (m.int8) {
        int int8Steps = 0, converts = 0;
        for (const auto& x : m.execs) int8Steps += m.isInt8(x.entry), converts += m.at(x.entry).kind == Kind::Convert;
        s << ", int8 (VNNI where the CPU has it): " << int8Steps << " of " << m.execs.size() << " steps write int8, " << converts
          << " conversions; calibrated on " << m.calibrationImages << " images";
    }
    s << ": " << m.execs.size() << " steps for " << m.tape.graphOps << " graph ops, "
      << (m.arenaBytes + (1 << 19)) / (1 << 20) << " MiB of activation buffers";
    return s.str();
}

}  // namespace hlcnn
