#include "native_tape.h"

#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/op_lowering.h"
#include "hlcnn/core/op_registry.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace hlcnn::native {

bool rowMajorInBuffer(const std::vector<std::int64_t>& shape) {
    return shape.size() != 4 || shape[1] == 1 || shape[2] * shape[3] == 1;
}

namespace {

// Runs each op on LibTorch (eval mode) and appends it to the tape.
class Recorder final : public TensorOps {
public:
    explicit Recorder(Tape& tape) : tape_(tape) {}

    std::string node, op;  // the graph node being recorded

    Value put(Entry e) {
        e.shape = e.value.sizes().vec();
        if (e.kind != Kind::Const) e.nodes = {node};
        e.dead = e.kind == Kind::Const || e.kind == Kind::Grouped || e.kind == Kind::GroupedT || e.kind == Kind::GroupedTC;
        tape_.entries.push_back(std::move(e));
        return Value{int(tape_.entries.size()) - 1};
    }
    Value constant(torch::Tensor t) {
        Entry e;
        e.kind = Kind::Const;
        e.value = std::move(t);
        return put(std::move(e));
    }
    const Entry& entry(Value v) const { return tape_.entries.at(std::size_t(v.slot)); }
    const torch::Tensor& at(Value v) const { return entry(v).value; }

    Value conv2d(Value x, Value w, Value b, std::int64_t stride, std::int64_t padding, std::int64_t dilation,
                 std::int64_t groups) override {
        Entry e = op3(Kind::Conv, x, w, b);
        e.value = torch::conv2d(at(x), at(w), optional(b), {stride, stride}, {padding, padding}, {dilation, dilation}, groups);
        e.stride[0] = e.stride[1] = stride;
        e.kernel[0] = at(w).size(2), e.kernel[1] = at(w).size(3);
        e.padding = padding, e.dilation = dilation, e.groups = groups;
        return put(std::move(e));
    }
    Value conv1d(Value x, Value w, std::int64_t padding) override {
        Entry e = op3(Kind::Conv, x, w, Value{});
        e.value = torch::conv1d(at(x), at(w), {}, 1, padding);
        e.kernel[0] = 1, e.kernel[1] = at(w).size(2);
        e.padding = padding;
        return put(std::move(e));
    }
    // Eval-mode batch norm is a per-channel scale and shift: a 1x1 depthwise conv, which the fusion
    // pass folds into the conv before it when there is one.
    Value batchNorm(Value x, Value w, Value b, Value mean, Value var, Value, double, double eps) override {
        data(x);
        const torch::Tensor scale = at(w) / torch::sqrt(at(var) + eps);
        const torch::Tensor shift = at(b) - at(mean) * scale;
        const std::int64_t c = scale.size(0);
        Entry e = op3(Kind::Conv, x, constant(scale.reshape({c, 1, 1, 1}).contiguous()), constant(shift.contiguous()));
        e.value = torch::batch_norm(at(x), at(w), at(b), at(mean), at(var), false, 0.0, eps, true);
        e.groups = c;
        e.affine = true;
        return put(std::move(e));
    }
    Value linear(Value x, Value w, Value b) override {
        Entry e = op3(Kind::Linear, x, w, b);
        e.value = torch::linear(at(x), at(w), optional(b));
        return put(std::move(e));
    }
    Value relu(Value x) override { return act(x, torch::relu(at(x)), {{false, Elementwise::Relu}}); }
    Value hardtanh(Value x, double low, double high) override {
        return act(x, torch::hardtanh(at(x), low, high), {{false, Elementwise::Clip, float(low), float(high)}});
    }
    Value hardswish(Value x) override { return act(x, torch::hardswish(at(x)), {{false, Elementwise::Hardswish}}); }
    Value hardsigmoid(Value x) override { return act(x, torch::hardsigmoid(at(x)), {{false, Elementwise::Hardsigmoid}}); }
    Value silu(Value x) override { return act(x, torch::silu(at(x)), {{false, Elementwise::Swish, 1.0f}}); }
    Value sigmoid(Value x) override { return act(x, torch::sigmoid(at(x)), {{false, Elementwise::Logistic}}); }

    Value maxPool2d(Value x, std::int64_t k, std::int64_t s, std::int64_t p, bool ceil) override {
        return pool(Kind::MaxPool, x, torch::max_pool2d(at(x), {k, k}, {s, s}, {p, p}, {1, 1}, ceil), k, k, s, s, p, ceil);
    }
    Value avgPool2d(Value x, std::int64_t k, std::int64_t s, std::int64_t p, bool ceil) override {
        return pool(Kind::AvgPool, x, torch::avg_pool2d(at(x), {k, k}, {s, s}, {p, p}, ceil, true), k, k, s, s, p, ceil);
    }
    // Whole windows only: an integer factor per dimension is an ordinary average pool.
    Value adaptiveAvgPool2d(Value x, std::int64_t h, std::int64_t w) override {
        data(x);
        const std::int64_t H = at(x).size(2), W = at(x).size(3);
        if (H % h || W % w)
            unsupported("adaptive average pooling from " + std::to_string(H) + "x" + std::to_string(W) + " to " +
                        std::to_string(h) + "x" + std::to_string(w) + " (not a whole factor)");
        return pool(Kind::AvgPool, x, torch::adaptive_avg_pool2d(at(x), {h, w}), H / h, W / w, H / h, W / w, 0, false);
    }
    Value upsampleNearest2d(Value x, std::int64_t h, std::int64_t w) override {
        Entry e = op1(Kind::Upsample, x);
        e.value = torch::upsample_nearest2d(at(x), std::vector<std::int64_t>{h, w});
        return put(std::move(e));
    }
    Value dropout(Value x, double) override { return x; }  // evaluation mode
    Value add(Value a, Value b) override { return binary(Kind::Add, a, b, at(a) + at(b)); }
    Value mul(Value a, Value b) override { return binary(Kind::Mul, a, b, at(a) * at(b)); }
    Value cat(const std::vector<Value>& parts, std::int64_t dim) override {
        if (dim != 1) unsupported("concatenation along dimension " + std::to_string(dim));
        Entry e;
        e.kind = Kind::Cat;
        std::vector<torch::Tensor> t;
        for (Value v : parts) e.in.push_back(data(v).slot), t.push_back(at(v));
        e.value = torch::cat(t, 1);
        return put(std::move(e));
    }
    Value flatten(Value x) override { return reshape(x, at(x).flatten(1)); }
    // A 5-D view is the first step of a channel shuffle; a view of a constant is a new constant.
    Value view(Value x, const std::vector<std::int64_t>& shape) override {
        if (entry(x).kind == Kind::Const) return constant(at(x).view(shape).contiguous());
        if (shape.size() == 5 && at(x).dim() == 4) return stage(Kind::Grouped, x, at(x).view(shape));
        if (entry(x).kind == Kind::GroupedTC && shape.size() == 4) {
            const Value transposed{entry(x).in[0]};
            const Value grouped{entry(transposed).in[0]};
            Entry e = op1(Kind::Shuffle, Value{entry(grouped).in[0]});
            e.groups = at(grouped).size(1);
            e.value = at(x).view(shape);
            return put(std::move(e));
        }
        return reshape(x, at(x).view(shape));
    }
    Value transpose(Value x, std::int64_t d0, std::int64_t d1) override {
        if (entry(x).kind == Kind::Grouped && std::min(d0, d1) == 1 && std::max(d0, d1) == 2)
            return stage(Kind::GroupedT, x, at(x).transpose(d0, d1));
        unsupported("transpose outside a channel shuffle");
    }
    Value contiguous(Value x) override {
        if (entry(x).kind == Kind::GroupedT) return stage(Kind::GroupedTC, x, at(x).contiguous());
        return data(x);  // every buffer of ours is dense
    }
    Value narrow(Value x, std::int64_t dim, std::int64_t start, std::int64_t length) override {
        if (dim != 1 || at(data(x)).dim() != 4) unsupported("narrow outside the channels of a feature map");
        Entry e = op1(Kind::Narrow, x);
        e.start = start;
        e.value = at(x).narrow(1, start, length);
        return put(std::move(e));
    }

    [[noreturn]] void unsupported(const std::string& what) const {
        throw std::invalid_argument("the native runtime does not run " + what + " (node '" + node + "', op " + op + ")");
    }

private:
    // A value a primitive may read: not a half-recognised channel shuffle.
    Value data(Value v) const {
        const Kind k = entry(v).kind;
        if (k == Kind::Grouped || k == Kind::GroupedT || k == Kind::GroupedTC)
            unsupported("a view or transpose outside a channel shuffle");
        return v;
    }
    torch::Tensor optional(Value v) const { return v.defined() ? at(v) : torch::Tensor(); }
    Entry op1(Kind kind, Value x) const {
        Entry e;
        e.kind = kind;
        e.in = {data(x).slot};
        return e;
    }
    Entry op3(Kind kind, Value x, Value w, Value b) const {
        if (entry(w).kind != Kind::Const || (b.defined() && entry(b).kind != Kind::Const))
            unsupported("weights computed from the input");
        Entry e = op1(kind, x);
        e.in.push_back(w.slot);
        e.in.push_back(b.defined() ? b.slot : -1);
        return e;
    }
    Value act(Value x, torch::Tensor y, std::vector<PostOp> chain) {
        Entry e = op1(Kind::Act, x);
        e.value = std::move(y);
        e.post = std::move(chain);
        return put(std::move(e));
    }
    Value pool(Kind kind, Value x, torch::Tensor y, std::int64_t kh, std::int64_t kw, std::int64_t sh, std::int64_t sw,
               std::int64_t p, bool ceil) {
        Entry e = op1(kind, x);
        e.value = std::move(y);
        e.kernel[0] = kh, e.kernel[1] = kw, e.stride[0] = sh, e.stride[1] = sw;
        e.padding = p, e.ceilMode = ceil;
        return put(std::move(e));
    }
    Value binary(Kind kind, Value a, Value b, torch::Tensor y) {
        if (entry(a).kind == Kind::Const && entry(b).kind == Kind::Const) unsupported("arithmetic on constants alone");
        // the operand of the output's shape first: oneDNN broadcasts the second one
        if (at(a).sizes() != y.sizes()) std::swap(a, b);
        if (at(a).sizes() != y.sizes()) unsupported("an elementwise op where both operands broadcast");
        Entry e = op1(kind, a);
        e.in.push_back(data(b).slot);
        e.value = std::move(y);
        return put(std::move(e));
    }
    Value reshape(Value x, torch::Tensor y) {
        if (y.dim() == 4 && !rowMajorInBuffer(y.sizes().vec()))
            unsupported("a reshape into a feature map");
        Entry e = op1(Kind::Reshape, x);
        e.value = std::move(y);
        return put(std::move(e));
    }
    Value stage(Kind kind, Value x, torch::Tensor y) {
        Entry e;
        e.kind = kind;
        e.in = {x.slot};
        e.value = std::move(y);
        return put(std::move(e));
    }

    Tape& tape_;
};

}  // namespace

Tape recordTape(const GraphModuleImpl& module, std::int64_t batch) {
    if (batch < 1) throw std::invalid_argument("batch " + std::to_string(batch) + " is not positive");
    torch::NoGradGuard noGrad;
    Tape tape;
    Recorder rec(tape);
    std::vector<std::int64_t> shape{batch};
    for (std::int64_t d : module.graph().input.dims) shape.push_back(d);
    Entry input;
    input.kind = Kind::Input;
    input.value = torch::randn(shape, at::make_generator<at::CPUGeneratorImpl>(1));
    rec.node = kGraphInputId;
    std::unordered_map<std::string, Value> var{{kGraphInputId, rec.put(std::move(input))}};
    for (const PrimitiveNode& n : module.analysis().nodes) {
        const OpSchema* schema = findOp(n.op);
        if (!schema || !schema->lower) throw std::logic_error("op '" + n.op + "' has no computation");
        rec.node = n.id, rec.op = n.op;
        std::vector<std::string> paramNames;
        for (const ParamSpec& p : n.params) paramNames.push_back(p.name);
        LoweringContext ctx{rec, n.attrs, n.inputShapes, n.output, paramNames, {}, {}};
        for (const std::string& i : n.inputs) ctx.inputs.push_back(var.at(i));
        for (const std::string& p : paramNames) {
            const torch::Tensor t = module.stateTensor(n.id + "." + p);
            // oneDNN's activations flush NaN to finite values, so a diverged weight would not show
            if (!torch::isfinite(t).all().item<bool>())
                throw std::invalid_argument("parameter '" + n.id + "." + p + "' has a value that is not finite (a diverged checkpoint?)");
            ctx.params.push_back(rec.constant(t.detach().to(torch::kFloat).contiguous()));
        }
        var[n.id] = schema->lower(ctx);
        ++tape.graphOps;
    }
    const Value out = var.at(module.analysis().outputs.at(0));
    const Kind k = rec.entry(out).kind;
    if (k == Kind::Const || k == Kind::Grouped || k == Kind::GroupedT || k == Kind::GroupedTC)
        rec.unsupported("an output that is not computed from the input");
    tape.output = out.slot;
    return tape;
}

namespace {

std::vector<int> useCounts(const Tape& tape) {
    std::vector<int> uses(tape.entries.size(), 0);
    for (const Entry& e : tape.entries)
        if (!e.dead)
            for (int i : e.in)
                if (i >= 0) ++uses[std::size_t(i)];
    ++uses[std::size_t(tape.output)];
    return uses;
}

int addConstant(Tape& tape, torch::Tensor t) {
    Entry c;
    c.kind = Kind::Const;
    c.value = std::move(t);
    c.shape = c.value.sizes().vec();
    c.dead = true;
    tape.entries.push_back(std::move(c));
    return int(tape.entries.size()) - 1;
}

// Entry `at` takes over the work of its producer `from`, which dies; `at` keeps its own value,
// shape and position, so its readers are unchanged.
void absorb(Tape& tape, std::size_t at, int from) {
    Entry& p = tape.entries[std::size_t(from)];
    Entry& e = tape.entries[at];
    std::vector<std::string> nodes = p.nodes;
    for (const std::string& n : e.nodes)
        if (nodes.empty() || nodes.back() != n) nodes.push_back(n);
    torch::Tensor value = e.value;
    std::vector<std::int64_t> shape = e.shape;
    e = p;
    e.value = std::move(value);
    e.shape = std::move(shape);
    e.nodes = std::move(nodes);
    tape.entries[std::size_t(from)].dead = true;
    tape.entries[std::size_t(from)].value = torch::Tensor();
}

// shuffle(cat(a, b), groups 2) with a and b of equal channels is a and b interleaved; a split of
// it is a range of that. Each reader (a split, or anything reading the whole) becomes one
// Interleave pass over a and b, and the concatenation and shuffle die.
void fuseInterleave(Tape& tape) {
    const std::vector<int> uses = useCounts(tape);
    for (std::size_t s = 0; s < tape.entries.size(); ++s) {
        Entry& sh = tape.entries[s];
        if (sh.dead || sh.kind != Kind::Shuffle || sh.groups != 2 || int(s) == tape.output) continue;
        const int c = sh.in[0];
        const Entry& cat = tape.entries[std::size_t(c)];
        if (cat.dead || cat.kind != Kind::Cat || cat.in.size() != 2 || uses[std::size_t(c)] != 1 || c == tape.output ||
            tape.entries[std::size_t(cat.in[0])].shape != tape.entries[std::size_t(cat.in[1])].shape)
            continue;
        std::vector<std::size_t> splits;
        bool onlySplits = true;
        for (std::size_t r = s + 1; r < tape.entries.size(); ++r) {
            const Entry& e = tape.entries[r];
            if (e.dead) continue;
            const bool reads = std::find(e.in.begin(), e.in.end(), int(s)) != e.in.end() || e.sumWith == int(s);
            if (!reads) continue;
            if (e.kind == Kind::Narrow) splits.push_back(r);
            else onlySplits = false;
        }
        const std::vector<int> pair = cat.in;
        std::vector<std::string> nodes = cat.nodes;
        nodes.insert(nodes.end(), sh.nodes.begin(), sh.nodes.end());
        for (std::size_t r : splits) {
            Entry& n = tape.entries[r];
            n.kind = Kind::Interleave;
            n.in = pair;
            std::vector<std::string> own = nodes;
            own.insert(own.end(), n.nodes.begin(), n.nodes.end());
            n.nodes = own;
        }
        if (onlySplits) {
            tape.entries[s].dead = true;
        } else {  // others read the whole shuffled map: the shuffle itself interleaves
            sh.kind = Kind::Interleave;
            sh.in = pair;
            sh.start = 0;
            sh.nodes = nodes;
        }
        tape.entries[std::size_t(c)].dead = true;
    }
}

}  // namespace

void fuseTape(Tape& tape, bool interleave) {
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < tape.entries.size(); ++i) {
        if (tape.entries[i].dead || tape.entries[i].in.empty()) continue;
        const std::vector<int> uses = useCounts(tape);
        auto fusable = [&](int p) {
            return p >= 0 && uses[std::size_t(p)] == 1 && p != tape.output && !tape.entries[std::size_t(p)].dead;
        };
        const Entry e = tape.entries[i];
        const int p = e.in[0];
        const Entry& producer = tape.entries[std::size_t(p)];
        if (e.kind == Kind::Conv && e.affine && fusable(p) && producer.kind == Kind::Conv && producer.post.empty() &&
            producer.shape.size() == 4) {
            // scale each output channel of the producer's weights, and shift its bias
            const torch::Tensor scale = tape.entries[std::size_t(e.in[1])].value.flatten();
            const torch::Tensor shift = tape.entries[std::size_t(e.in[2])].value;
            const torch::Tensor w = tape.entries[std::size_t(producer.in[1])].value;
            const torch::Tensor b = producer.in[2] >= 0 ? tape.entries[std::size_t(producer.in[2])].value
                                                        : torch::zeros({w.size(0)});
            const int wi = addConstant(tape, (w * scale.view({-1, 1, 1, 1})).contiguous());
            const int bi = addConstant(tape, (b * scale + shift).contiguous());
            absorb(tape, i, p);
            tape.entries[i].in[1] = wi, tape.entries[i].in[2] = bi;
        } else if (e.kind == Kind::Mul && fusable(p) && producer.kind == Kind::Conv && producer.post.empty() &&
                   producer.shape.size() == 4 && tape.entries[std::size_t(e.in[1])].kind == Kind::Const) {
            // a constant factor (the fusion's alpha or beta, per block or per channel) scales the
            // producer's weights and bias
            const torch::Tensor factor = tape.entries[std::size_t(e.in[1])].value.flatten();
            const torch::Tensor w = tape.entries[std::size_t(producer.in[1])].value;
            const torch::Tensor b = producer.in[2] >= 0 ? tape.entries[std::size_t(producer.in[2])].value
                                                        : torch::zeros({w.size(0)});
            const int wi = addConstant(tape, (w * factor.view({-1, 1, 1, 1})).contiguous());
            const int bi = addConstant(tape, (b * factor).contiguous());
            absorb(tape, i, p);
            tape.entries[i].in[1] = wi, tape.entries[i].in[2] = bi;
        } else if (e.kind == Kind::Mul && fusable(p) && tape.entries[std::size_t(e.in[1])].kind == Kind::Const &&
                   (producer.kind == Kind::Conv || producer.kind == Kind::Add || producer.kind == Kind::Mul)) {
            // a factor after other post-ops (alpha * F1 where F1 ends in a sum) is a post-op itself
            const int factor = e.in[1];
            absorb(tape, i, p);
            PostOp mul;
            mul.mulBy = factor;
            tape.entries[i].post.push_back(mul);
        } else if (e.kind == Kind::Act && fusable(p) &&
                   (producer.kind == Kind::Conv || producer.kind == Kind::Linear || producer.kind == Kind::Add ||
                    producer.kind == Kind::Mul)) {
            absorb(tape, i, p);
            for (const PostOp& op : e.post) tape.entries[i].post.push_back(op);
        } else if (e.kind == Kind::Add) {
            // the later of the operands that are convolutions without post-ops absorbs the addition
            int conv = -1, other = -1;
            for (int k = 0; k < 2; ++k) {
                const int c = e.in[std::size_t(k)], o = e.in[std::size_t(1 - k)];
                const Entry& ce = tape.entries[std::size_t(c)];
                if (c != o && fusable(c) && ce.kind == Kind::Conv && ce.post.empty() && ce.sumWith < 0 &&
                    tape.entries[std::size_t(o)].kind != Kind::Const && c > conv)
                    conv = c, other = o;
            }
            if (conv < 0) continue;
            // beta * F2 with a scalar beta needs no step of its own: the sum post-op scales
            float scale = 1;
            const Entry& o = tape.entries[std::size_t(other)];
            if (o.kind == Kind::Mul && fusable(other) && o.post.empty() && tape.entries[std::size_t(o.in[1])].kind == Kind::Const &&
                tape.entries[std::size_t(o.in[1])].value.numel() == 1) {
                scale = tape.entries[std::size_t(o.in[1])].value.item<float>();
                tape.entries[std::size_t(other)].dead = true;
                other = o.in[0];
            }
            absorb(tape, i, conv);
            tape.entries[i].sumWith = other;
            PostOp sum{true};
            sum.scale = scale;
            tape.entries[i].post.push_back(sum);
        }
    }
    if (interleave) fuseInterleave(tape);
}

}  // namespace hlcnn::native
