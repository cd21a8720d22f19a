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
#include <map>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace hlcnn {

using namespace native;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

namespace {

// Activations: channels-last for maps, row-major otherwise (native_tape.h, rowMajorInBuffer).
dnnl::memory::desc bufferDesc(const std::vector<std::int64_t>& shape) {
    static const tag byRank[] = {tag::undef, tag::a, tag::ab, tag::abc, tag::acdb};
    if (shape.empty() || shape.size() > 4) throw std::logic_error("native runtime: a value of rank " + std::to_string(shape.size()));
    return dnnl::memory::desc(shape, dt::f32, byRank[shape.size()]);
}

dnnl::memory::desc rowMajorDesc(const std::vector<std::int64_t>& shape) {
    static const tag byRank[] = {tag::undef, tag::a, tag::ab, tag::abc, tag::abcd, tag::abcde};
    return dnnl::memory::desc(shape, dt::f32, byRank[shape.size()]);
}

std::size_t bytesOf(const std::vector<std::int64_t>& shape) {
    std::size_t n = sizeof(float);
    for (std::int64_t d : shape) n *= std::size_t(d);
    return n;
}

// An entry's post-ops; a constant factor among them (binary_mul) becomes an argument in `constants`.
dnnl::primitive_attr postOpsAttr(const Tape& tape, const Entry& e, const dnnl::engine& engine,
                                 std::unordered_map<int, dnnl::memory>& constants) {
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
            ops.append_sum(p.scale);
            continue;
        }
        switch (p.op) {
        case Elementwise::Relu: ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f); break;
        case Elementwise::Clip: ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_clip, p.alpha, p.beta); break;
        case Elementwise::Hardswish: ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_hardswish, 0.0f, 0.0f); break;
        case Elementwise::Hardsigmoid:  // relu6(x + 3) / 6 as clip(x / 6 + 1 / 2, 0, 1)
            ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_linear, 1.0f / 6.0f, 0.5f);
            ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_clip, 0.0f, 1.0f);
            break;
        case Elementwise::Swish: ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_swish, p.alpha, 0.0f); break;
        case Elementwise::Logistic: ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_logistic, 0.0f, 0.0f); break;
        }
    }
    dnnl::primitive_attr attr;
    attr.set_post_ops(ops);
    return attr;
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

    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream{engine};
    Tape tape;
    std::vector<Exec> execs;
    std::vector<Step> stepInfo;          // parallel to execs
    std::vector<int> root;               // entry -> entry owning its buffer
    std::vector<float*> bufferOf;        // root entry -> its place
    std::vector<std::unique_ptr<float, void (*)(void*)>> blocks;
    std::size_t arenaBytes = 0;
    std::vector<std::int64_t> inputShape, outputShape;
    dnnl::memory userInput, userOutput;
    dnnl::primitive inputReorder, outputReorder;
    std::unordered_map<int, dnnl::memory> inputArgs, outputArgs;

    float* data(int entry) const { return bufferOf[std::size_t(root[std::size_t(entry)])]; }
    const Entry& at(int i) const { return tape.entries[std::size_t(i)]; }

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

    void build();
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

void NativeForward::Impl::addConv(int i) {
    const Entry& e = at(i);
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
    const auto src = bufferDesc(x.shape), dst = bufferDesc(e.shape);
    const dnnl::memory::desc anyWeights(wdims, dt::f32, tag::any);
    const bool bias = e.in[2] >= 0;
    const dnnl::memory::desc biasDesc({out}, dt::f32, tag::a);
    const auto desc = bias ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                                             src, anyWeights, biasDesc, dst, strides, dilates, padL, padR)
                           : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                                             src, anyWeights, dst, strides, dilates, padL, padR);
    std::unordered_map<int, dnnl::memory> constants;
    const dnnl::convolution_forward::primitive_desc pd(desc, postOpsAttr(tape, e, engine, constants), engine);
    // weights reordered once into the layout the chosen kernel reads
    dnnl::memory weights(pd.weights_desc(), engine);
    dnnl::memory user = constant(e.in[1], dnnl::memory::desc(wdims, dt::f32, wtag));
    dnnl::reorder(user, weights).execute(stream, user, weights);
    constants.emplace(DNNL_ARG_WEIGHTS, weights);
    if (bias) constants.emplace(DNNL_ARG_BIAS, constant(e.in[2], biasDesc));
    addExec(i, dnnl::convolution_forward(pd), {{DNNL_ARG_SRC, e.in[0], src}, {DNNL_ARG_DST, i, dst}}, std::move(constants));
}

void NativeForward::Impl::build() {
    const std::size_t n = tape.entries.size();
    for (std::size_t k = 0; k < n; ++k) {
        const int i = int(k);
        const Entry& e = tape.entries[k];
        if (e.dead || e.kind == Kind::Input) continue;
        const dnnl::memory::desc dst = bufferDesc(e.shape);
        switch (e.kind) {
        case Kind::Conv: addConv(i); break;
        case Kind::Linear: {
            const Entry& x = at(e.in[0]);
            const torch::Tensor& w = at(e.in[1]).value;
            const auto src = bufferDesc(x.shape);
            const dnnl::memory::desc anyWeights({w.size(0), w.size(1)}, dt::f32, tag::any), biasDesc({w.size(0)}, dt::f32, tag::a);
            const bool bias = e.in[2] >= 0;
            const auto desc = bias ? dnnl::inner_product_forward::desc(dnnl::prop_kind::forward_inference, src, anyWeights, biasDesc, dst)
                                   : dnnl::inner_product_forward::desc(dnnl::prop_kind::forward_inference, src, anyWeights, dst);
            std::unordered_map<int, dnnl::memory> constants;
            const dnnl::inner_product_forward::primitive_desc pd(desc, postOpsAttr(tape, e, engine, constants), engine);
            dnnl::memory weights(pd.weights_desc(), engine);
            dnnl::memory user = constant(e.in[1], dnnl::memory::desc({w.size(0), w.size(1)}, dt::f32, tag::ab));
            dnnl::reorder(user, weights).execute(stream, user, weights);
            constants.emplace(DNNL_ARG_WEIGHTS, weights);
            if (bias) constants.emplace(DNNL_ARG_BIAS, constant(e.in[2], biasDesc));
            addExec(i, dnnl::inner_product_forward(pd), {{DNNL_ARG_SRC, e.in[0], src}, {DNNL_ARG_DST, i, dst}}, std::move(constants));
            break;
        }
        case Kind::Act: {
            // the first elementwise op writes the output, the rest work on it in place
            const std::vector<PostOp>& chain = e.post;
            bool first = true;
            for (const PostOp& p : chain) {
                std::vector<std::pair<dnnl::algorithm, std::pair<float, float>>> ops;
                switch (p.op) {
                case Elementwise::Relu: ops = {{dnnl::algorithm::eltwise_relu, {0.f, 0.f}}}; break;
                case Elementwise::Clip: ops = {{dnnl::algorithm::eltwise_clip, {p.alpha, p.beta}}}; break;
                case Elementwise::Hardswish: ops = {{dnnl::algorithm::eltwise_hardswish, {0.f, 0.f}}}; break;
                case Elementwise::Hardsigmoid:
                    ops = {{dnnl::algorithm::eltwise_linear, {1.0f / 6.0f, 0.5f}}, {dnnl::algorithm::eltwise_clip, {0.f, 1.f}}};
                    break;
                case Elementwise::Swish: ops = {{dnnl::algorithm::eltwise_swish, {p.alpha, 0.f}}}; break;
                case Elementwise::Logistic: ops = {{dnnl::algorithm::eltwise_logistic, {0.f, 0.f}}}; break;
                }
                for (const auto& [alg, ab] : ops) {
                    const dnnl::eltwise_forward::primitive_desc pd(
                        dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_inference, alg, dst, ab.first, ab.second), engine);
                    addExec(i, dnnl::eltwise_forward(pd), {{DNNL_ARG_SRC, first ? e.in[0] : i, dst}, {DNNL_ARG_DST, i, dst}});
                    first = false;
                }
            }
            break;
        }
        case Kind::MaxPool:
        case Kind::AvgPool: {
            const Entry& x = at(e.in[0]);
            dnnl::memory::dims padR;
            for (int d = 0; d < 2; ++d)
                padR.push_back(rightPadding(x.shape[std::size_t(2 + d)], e.shape[std::size_t(2 + d)], e.kernel[d], e.stride[d], e.padding));
            dnnl::algorithm alg = dnnl::algorithm::pooling_max;
            if (e.kind == Kind::AvgPool) {
                // PyTorch counts the zero padding but not a ceil-mode window's part beyond it
                if (e.padding == 0) alg = dnnl::algorithm::pooling_avg_exclude_padding;
                else if (padR[0] <= e.padding && padR[1] <= e.padding) alg = dnnl::algorithm::pooling_avg_include_padding;
                else
                    throw std::invalid_argument("the native runtime does not run an average pool whose ceil-mode windows pass "
                                                "its padding (node '" + e.nodes.front() + "')");
            }
            const dnnl::pooling_forward::primitive_desc pd(
                dnnl::pooling_forward::desc(dnnl::prop_kind::forward_inference, alg, bufferDesc(x.shape), dst,
                                            {e.stride[0], e.stride[1]}, {e.kernel[0], e.kernel[1]}, {e.padding, e.padding}, padR),
                engine);
            addExec(i, dnnl::pooling_forward(pd), {{DNNL_ARG_SRC, e.in[0], bufferDesc(x.shape)}, {DNNL_ARG_DST, i, dst}});
            break;
        }
        case Kind::Add:
        case Kind::Mul: {
            const Entry& b = at(e.in[1]);
            std::vector<std::int64_t> bdims = b.shape;
            while (bdims.size() < e.shape.size()) bdims.insert(bdims.begin(), 1);
            const bool isConst = b.kind == Kind::Const;
            const dnnl::memory::desc bdesc = isConst ? rowMajorDesc(bdims) : bufferDesc(bdims);
            std::unordered_map<int, dnnl::memory> constants;
            const dnnl::binary::primitive_desc pd(
                dnnl::binary::desc(e.kind == Kind::Add ? dnnl::algorithm::binary_add : dnnl::algorithm::binary_mul, dst, bdesc, dst),
                postOpsAttr(tape, e, engine, constants), engine);
            std::vector<BufferArg> buffers{{DNNL_ARG_SRC_0, e.in[0], dst}, {DNNL_ARG_DST, i, dst}};
            if (isConst) constants.emplace(DNNL_ARG_SRC_1, constant(e.in[1], bdesc));
            else buffers.push_back({DNNL_ARG_SRC_1, e.in[1], bdesc});
            addExec(i, dnnl::binary(pd), std::move(buffers), std::move(constants));
            break;
        }
        case Kind::Cat: {
            std::vector<dnnl::memory::desc> srcs;
            std::vector<BufferArg> buffers{{DNNL_ARG_DST, i, dst}};
            for (std::size_t k2 = 0; k2 < e.in.size(); ++k2) {
                srcs.push_back(bufferDesc(at(e.in[k2]).shape));
                buffers.push_back({DNNL_ARG_MULTIPLE_SRC + int(k2), e.in[k2], srcs.back()});
            }
            addExec(i, dnnl::concat(dnnl::concat::primitive_desc(dst, 1, srcs, engine)), std::move(buffers));
            break;
        }
        case Kind::Narrow: {
            const Entry& x = at(e.in[0]);
            const dnnl::memory::desc part = bufferDesc(x.shape).submemory_desc(e.shape, {0, e.start, 0, 0});
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
            addExec(i, dnnl::primitive(), {});
            const int src = e.in[0];
            const std::vector<std::int64_t> from = at(src).shape, to = e.shape;
            execs.back().custom = [this, src, i, from, to] {
                // PyTorch's nearest rule: source index floor(dst * (in / out)), in float
                const std::int64_t c = to[1];
                const float sh = float(from[2]) / float(to[2]), sw = float(from[3]) / float(to[3]);
                const float* in = data(src);
                float* out = data(i);
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
        case Kind::Reshape:
            // channels-last maps are copied into row-major order first; others are the same buffer
            if (!rowMajorInBuffer(at(e.in[0]).shape)) {
                const std::vector<std::int64_t>& from = at(e.in[0]).shape;
                addExec(i, dnnl::reorder(dnnl::reorder::primitive_desc(engine, bufferDesc(from), engine, rowMajorDesc(from))),
                        {{DNNL_ARG_FROM, e.in[0], bufferDesc(from)}, {DNNL_ARG_TO, i, rowMajorDesc(from)}});
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
    std::vector<int> firstStep(n, -1), lastRead(n, -1);  // by entry
    for (std::size_t s = 0; s < execs.size(); ++s)
        if (firstStep[std::size_t(execs[s].entry)] < 0) firstStep[std::size_t(execs[s].entry)] = int(s);
    auto stepOf = [&](int entry) { return at(entry).kind == Kind::Input ? -1 : firstStep[std::size_t(entry)]; };
    // reshapes without a step run where their source does
    for (std::size_t k = 0; k < n; ++k)
        if (!tape.entries[k].dead && tape.entries[k].kind == Kind::Reshape && firstStep[k] < 0)
            firstStep[k] = stepOf(tape.entries[k].in[0]);
    for (std::size_t k = 0; k < n; ++k) {
        const Entry& e = tape.entries[k];
        if (e.dead) continue;
        int last = firstStep[k];
        for (std::size_t s = 0; s < execs.size(); ++s)
            if (execs[s].entry == int(k)) last = int(s);
        for (int src : dataInputs(e)) lastRead[std::size_t(src)] = std::max(lastRead[std::size_t(src)], last);
    }
    lastRead[std::size_t(tape.output)] = int(execs.size());  // read by the caller

    // roots, in program order
    for (std::size_t k = 0; k < n; ++k) {
        const Entry& e = tape.entries[k];
        if (e.dead) continue;
        root[k] = int(k);
        if (e.kind == Kind::Reshape && rowMajorInBuffer(at(e.in[0]).shape)) root[k] = root[std::size_t(e.in[0])];
        if (e.sumWith >= 0) {
            const int r = root[std::size_t(e.sumWith)], step = firstStep[k];
            bool free = r != root[std::size_t(e.in[0])] && r != root[std::size_t(tape.output)];
            for (std::size_t j = 0; j < k && free; ++j)
                if (root[j] == r && lastRead[j] > step) free = false;
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
        float* data;
        int freeAfter;  // step after which it may be reused
    };
    std::vector<Block> pool;
    auto take = [&](int r, int step) {
        const std::size_t bytes = (bytesOf(at(r).shape) + 63) / 64 * 64;
        Block* best = nullptr;
        for (Block& b : pool)
            if (b.freeAfter < step && b.bytes >= bytes && (!best || b.bytes < best->bytes)) best = &b;
        if (!best) {
            void* p = std::aligned_alloc(64, bytes);
            if (!p) throw std::bad_alloc();
            blocks.emplace_back(static_cast<float*>(p), std::free);
            pool.push_back({bytes, static_cast<float*>(p), 0});
            arenaBytes += bytes;
            best = &pool.back();
        }
        best->freeAfter = rootLast[std::size_t(r)] < 0 ? step : rootLast[std::size_t(r)];
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
    for (std::size_t s = 0; s < execs.size(); ++s) {
        const auto t0 = ms ? clock::now() : clock::time_point();
        Exec& x = execs[s];
        if (x.copyFrom >= 0) std::memcpy(data(x.copyTo), data(x.copyFrom), bytesOf(at(x.copyTo).shape));
        if (x.custom) x.custom();
        else x.prim.execute(stream, x.args);
        if (ms) {
            stream.wait();
            (*ms)[s] = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        }
    }
    outputReorder.execute(stream, outputArgs);
    stream.wait();
}

NativeForward::NativeForward(const GraphModuleImpl& module, std::int64_t batch) : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    m.tape = recordTape(module, batch);
    fuseTape(m.tape);
    try {
        m.build();
        m.place();
    } catch (const dnnl::error& e) {
        throw std::invalid_argument(std::string("the native runtime cannot build this graph on oneDNN: ") + e.what());
    }
    m.inputShape = m.at(m.tape.input).shape;
    m.outputShape = m.at(m.tape.output).shape;
    m.userInput = dnnl::memory(rowMajorDesc(m.inputShape), m.engine, DNNL_MEMORY_NONE);
    dnnl::memory in(bufferDesc(m.inputShape), m.engine, m.data(m.tape.input));
    m.inputReorder = dnnl::reorder(m.userInput, in);
    m.inputArgs = {{DNNL_ARG_FROM, m.userInput}, {DNNL_ARG_TO, in}};
    m.userOutput = dnnl::memory(rowMajorDesc(m.outputShape), m.engine, DNNL_MEMORY_NONE);
    dnnl::memory out(bufferDesc(m.outputShape), m.engine, m.data(m.tape.output));
    m.outputReorder = dnnl::reorder(out, m.userOutput);
    m.outputArgs = {{DNNL_ARG_FROM, out}, {DNNL_ARG_TO, m.userOutput}};
    // the recorded values were only needed for shapes and the fusions
    for (Entry& e : m.tape.entries)
        if (e.kind != Kind::Const) e.value = torch::Tensor();
}

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

std::string NativeForward::describe() const {
    std::ostringstream s;
    s << "oneDNN primitives, channels-last: " << impl_->execs.size() << " steps for " << impl_->tape.graphOps
      << " graph ops, " << (impl_->arenaBytes + (1 << 19)) / (1 << 20) << " MiB of activation buffers";
    return s.str();
}

}  // namespace hlcnn
