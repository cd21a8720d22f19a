#include "hlcnn/core/onnx_export.h"

#include "hlcnn/core/op_registry.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <set>
#include <unordered_map>

namespace hlcnn {

namespace {

using Shape = std::vector<std::int64_t>;

std::int64_t product(const Shape& s, std::size_t from = 0) {
    return std::accumulate(s.begin() + std::ptrdiff_t(from), s.end(), std::int64_t(1), std::multiplies<>());
}

std::string shapeText(const Shape& s) {
    std::string t;
    for (std::int64_t d : s) t += (t.empty() ? "" : "x") + std::to_string(d);
    return t;
}

// PyTorch's pooled length: ceil mode rounds up but never lets the last window start in the right padding.
std::int64_t torchPooledLength(std::int64_t in, std::int64_t k, std::int64_t s, std::int64_t p, bool ceil) {
    const std::int64_t span = in + 2 * p - k;
    std::int64_t out = (ceil ? (span + s - 1) / s : span / s) + 1;
    if (ceil && (out - 1) * s >= in + p) --out;
    return out;
}
// ONNX's (opset <= 18) and OpenCV's: no such correction.
std::int64_t onnxPooledLength(std::int64_t in, std::int64_t k, std::int64_t s, bool ceil) {
    const std::int64_t span = in - k;
    return (ceil ? (span + s - 1) / s : span / s) + 1;
}

// Runs op lowerings to build an ONNX graph: every operation becomes one or a few ONNX nodes, a Value
// names a tensor of the graph with its shape (batch included). Parameters become initializers when
// first used; a reshape of a parameter is folded into a new initializer.
class OnnxOps final : public TensorOps {
public:
    OnnxOps(onnx::GraphProto& graph, const GraphModuleImpl& module) : graph_(graph), module_(module) {}

    void beginNode(const std::string& id, const std::string& op) {
        nodeId_ = id, nodeOp_ = op, step_ = 0;
    }
    Value input(const std::string& name, const Shape& shape) { return add(name, shape); }
    Value param(const std::string& stateName) {
        const torch::Tensor t = module_.stateTensor(stateName);
        if (!t.defined()) throw std::logic_error("no state tensor '" + stateName + "'");
        const Value v = add(stateName, Shape(t.sizes().begin(), t.sizes().end()));
        entries_.back().constant = t.detach().to(torch::kFloat).contiguous();
        return v;
    }
    const std::string& name(Value v) {
        Entry& e = entries_.at(std::size_t(v.slot));
        if (e.constant.defined() && !e.written) {
            writeInitializer(e.name, e.constant);
            e.written = true;
        }
        return e.name;
    }
    const Shape& shape(Value v) const { return entries_.at(std::size_t(v.slot)).shape; }
    const std::string& producer(Value v) const { return entries_.at(std::size_t(v.slot)).producer; }

    Value conv2d(Value x, Value w, Value b, std::int64_t stride, std::int64_t padding, std::int64_t dilation,
                 std::int64_t groups) override {
        const Shape& in = shape(x);
        const Shape& ws = shape(w);
        const std::int64_t k = ws.at(2);
        const auto len = [&](std::int64_t n) { return (n + 2 * padding - dilation * (k - 1) - 1) / stride + 1; };
        std::vector<Value> inputs{x, w};
        if (b.defined()) inputs.push_back(b);
        onnx::NodeProto& n = node("Conv", inputs);
        ints(n, "kernel_shape", {k, k});
        ints(n, "strides", {stride, stride});
        ints(n, "pads", {padding, padding, padding, padding});
        ints(n, "dilations", {dilation, dilation});
        integer(n, "group", groups);
        return output(n, {in[0], ws[0], len(in[2]), len(in[3])});
    }
    Value conv1d(Value x, Value w, std::int64_t padding) override {
        const Shape& in = shape(x);
        const Shape& ws = shape(w);
        onnx::NodeProto& n = node("Conv", {x, w});
        ints(n, "kernel_shape", {ws.at(2)});
        ints(n, "pads", {padding, padding});
        return output(n, {in[0], ws[0], in[2] + 2 * padding - ws[2] + 1});
    }
    Value batchNorm(Value x, Value w, Value b, Value mean, Value var, Value, double, double eps) override {
        onnx::NodeProto& n = node("BatchNormalization", {x, w, b, mean, var});
        real(n, "epsilon", eps);
        return output(n, shape(x));
    }
    Value linear(Value x, Value w, Value b) override {
        if (shape(x).size() != 2)
            unsupported("a linear layer on a " + std::to_string(shape(x).size()) + "-D tensor is not exported");
        std::vector<Value> inputs{x, w};
        if (b.defined()) inputs.push_back(b);
        onnx::NodeProto& n = node("Gemm", inputs);
        integer(n, "transB", 1);
        return output(n, {shape(x)[0], shape(w)[0]});
    }
    Value relu(Value x) override { return unary("Relu", x); }
    // OpenCV 4.6 reads Clip only in its pre-opset-11 form (bounds as attributes), so a clamp is written
    // as lo + (hi - lo) * HardSigmoid(x) with alpha = 1 / (hi - lo), beta = -lo / (hi - lo).
    Value hardtanh(Value x, double low, double high) override {
        if (!(high > low)) unsupported("hardtanh with an empty range");
        onnx::NodeProto& n = node("HardSigmoid", {x});
        real(n, "alpha", 1.0 / (high - low));
        real(n, "beta", -low / (high - low));
        Value y = mul(output(n, shape(x)), scalar(high - low));
        if (low != 0.0) y = add(y, scalar(low));
        return y;
    }
    Value hardswish(Value x) override { return unary("HardSwish", x); }
    Value hardsigmoid(Value x) override {
        onnx::NodeProto& n = node("HardSigmoid", {x});
        real(n, "alpha", 1.0 / 6.0);
        real(n, "beta", 0.5);
        return output(n, shape(x));
    }
    Value silu(Value x) override { return mul(x, sigmoid(x)); }
    Value sigmoid(Value x) override { return unary("Sigmoid", x); }
    Value maxPool2d(Value x, std::int64_t k, std::int64_t s, std::int64_t p, bool ceil) override {
        const Shape& in = shape(x);
        const Shape out = pooledShape("max", in, k, s, p, ceil);
        onnx::NodeProto& n = node("MaxPool", {x});
        ints(n, "kernel_shape", {k, k});
        ints(n, "strides", {s, s});
        ints(n, "pads", {p, p, p, p});
        integer(n, "ceil_mode", ceil ? 1 : 0);
        return output(n, out);
    }
    // PyTorch counts the zero padding in the average (count_include_pad) but clips a window that runs
    // past it; explicit zero padding then ONNX's default average (over the cells inside) is exactly that.
    Value avgPool2d(Value x, std::int64_t k, std::int64_t s, std::int64_t p, bool ceil) override {
        const Shape out = pooledShape("average", shape(x), k, s, p, ceil);
        Value padded = x;
        if (p > 0) {
            Shape ps = shape(x);
            ps[2] += 2 * p, ps[3] += 2 * p;
            onnx::NodeProto& pad = node("Pad", {x, int64Constant({0, 0, p, p, 0, 0, p, p})});
            text(pad, "mode", "constant");
            padded = output(pad, ps);
        }
        onnx::NodeProto& n = node("AveragePool", {padded});
        ints(n, "kernel_shape", {k, k});
        ints(n, "strides", {s, s});
        integer(n, "ceil_mode", ceil ? 1 : 0);
        return output(n, out);
    }
    Value adaptiveAvgPool2d(Value x, std::int64_t h, std::int64_t w) override {
        const Shape& in = shape(x);
        if (h == 1 && w == 1) return output(node("GlobalAveragePool", {x}), {in[0], in[1], 1, 1});
        if (in[2] % h != 0 || in[3] % w != 0)
            unsupported("adaptive average pooling from " + std::to_string(in[2]) + "x" + std::to_string(in[3]) + " to " +
                        std::to_string(h) + "x" + std::to_string(w) + " (not a whole factor) has no exact ONNX operator");
        onnx::NodeProto& n = node("AveragePool", {x});
        ints(n, "kernel_shape", {in[2] / h, in[3] / w});
        ints(n, "strides", {in[2] / h, in[3] / w});
        return output(n, {in[0], in[1], h, w});
    }
    // PyTorch's nearest: source index floor(dst * in / out); ONNX's asymmetric mode with floor rounding.
    Value upsampleNearest2d(Value x, std::int64_t h, std::int64_t w) override {
        const Shape& in = shape(x);
        const Value scales = floatConstant({1.0f, 1.0f, float(double(h) / double(in[2])), float(double(w) / double(in[3]))});
        onnx::NodeProto& n = node("Resize", {x, Value{}, scales});
        text(n, "mode", "nearest");
        text(n, "coordinate_transformation_mode", "asymmetric");
        text(n, "nearest_mode", "floor");
        return output(n, {in[0], in[1], h, w});
    }
    Value dropout(Value x, double) override { return x; }
    Value add(Value a, Value b) override { return binary("Add", a, b); }
    // OpenCV 4.6 rewrites Mul(x, HardSigmoid(y)) into HardSwish(x) without checking that y is x (an
    // attention gate times its input is then computed wrongly); the gate goes first, which it leaves alone.
    Value mul(Value a, Value b) override {
        if (producer(b) == "HardSigmoid" && producer(a) != "HardSigmoid") std::swap(a, b);
        return binary("Mul", a, b);
    }
    Value cat(const std::vector<Value>& parts, std::int64_t dim) override {
        Shape out = shape(parts.at(0));
        out.at(std::size_t(dim)) = 0;
        for (Value v : parts) out[std::size_t(dim)] += shape(v).at(std::size_t(dim));
        onnx::NodeProto& n = node("Concat", parts);
        integer(n, "axis", dim);
        return output(n, out);
    }
    Value flatten(Value x) override {
        onnx::NodeProto& n = node("Flatten", {x});
        integer(n, "axis", 1);
        return output(n, {shape(x)[0], product(shape(x), 1)});
    }
    Value view(Value x, const std::vector<std::int64_t>& target) override {
        Shape out = target;
        const auto free = std::find(out.begin(), out.end(), -1);
        if (free != out.end()) *free = product(shape(x)) / -product(out);
        Entry& e = entries_.at(std::size_t(x.slot));
        if (e.constant.defined()) {  // a parameter reshaped: fold
            const torch::Tensor folded = e.constant.reshape(out).contiguous();
            const Value v = add(e.name + "/reshaped_" + std::to_string(++folded_), out);
            entries_.back().constant = folded;
            return v;
        }
        return output(node("Reshape", {x, int64Constant(target)}), out);
    }
    Value transpose(Value x, std::int64_t d0, std::int64_t d1) override {
        Shape out = shape(x);
        std::vector<std::int64_t> perm(out.size());
        std::iota(perm.begin(), perm.end(), 0);
        std::swap(perm.at(std::size_t(d0)), perm.at(std::size_t(d1)));
        std::swap(out[std::size_t(d0)], out[std::size_t(d1)]);
        onnx::NodeProto& n = node("Transpose", {x});
        ints(n, "perm", perm);
        return output(n, out);
    }
    Value contiguous(Value x) override { return x; }
    Value narrow(Value x, std::int64_t dim, std::int64_t start, std::int64_t length) override {
        Shape out = shape(x);
        out.at(std::size_t(dim)) = length;
        return output(node("Slice", {x, int64Constant({start}), int64Constant({start + length}), int64Constant({dim})}), out);
    }

private:
    struct Entry {
        std::string name;
        Shape shape;
        torch::Tensor constant;  // a parameter or folded constant: written as an initializer when used
        bool written = false;
        std::string producer;    // the ONNX operator computing it ("" for inputs and constants)
    };

    [[noreturn]] void unsupported(const std::string& what) const {
        throw OnnxUnsupportedError("node '" + nodeId_ + "' (" + nodeOp_ + "): " + what + " (format onnx)");
    }
    Value add(const std::string& name, const Shape& shape) {
        entries_.push_back({name, shape, {}, false, {}});
        return Value{int(entries_.size()) - 1};
    }
    onnx::NodeProto& node(const char* type, const std::vector<Value>& inputs) {
        onnx::NodeProto* n = graph_.add_node();
        n->set_op_type(type);
        n->set_name(nodeId_ + "/" + type + "_" + std::to_string(step_));
        for (Value v : inputs) n->add_input(v.defined() ? name(v) : std::string());
        return *n;
    }
    Value output(onnx::NodeProto& n, const Shape& shape) {
        const std::string out = nodeId_ + ":" + std::to_string(step_++);
        n.add_output(out);
        const Value v = add(out, shape);
        entries_.back().producer = n.op_type();
        return v;
    }
    Value unary(const char* type, Value x) { return output(node(type, {x}), shape(x)); }
    Value binary(const char* type, Value a, Value b) {
        const Shape& sa = shape(a);
        const Shape& sb = shape(b);
        Shape out(std::max(sa.size(), sb.size()), 1);
        for (std::size_t i = 0; i < out.size(); ++i) {  // numpy broadcasting, right-aligned
            const std::int64_t da = i < out.size() - sa.size() ? 1 : sa[i - (out.size() - sa.size())];
            const std::int64_t db = i < out.size() - sb.size() ? 1 : sb[i - (out.size() - sb.size())];
            out[i] = std::max(da, db);
        }
        return output(node(type, {a, b}), out);
    }
    Shape pooledShape(const char* kind, const Shape& in, std::int64_t k, std::int64_t s, std::int64_t p, bool ceil) const {
        Shape out = in;
        for (std::size_t d : {std::size_t(2), std::size_t(3)}) {
            out[d] = torchPooledLength(in[d], k, s, p, ceil);
            if (onnxPooledLength(in[d] + 2 * p, k, s, ceil) != out[d])
                unsupported(std::string("ceil-mode ") + kind + " pooling whose last window would start in the padding (" +
                            std::to_string(in[d]) + " cells, kernel " + std::to_string(k) + ", stride " + std::to_string(s) +
                            ", padding " + std::to_string(p) + "): ONNX keeps that window, PyTorch drops it");
        }
        return out;
    }
    Value scalar(double v) { return floatConstant({float(v)}); }
    Value floatConstant(const std::vector<float>& values) {
        const Value v = add("const_" + std::to_string(constants_++), Shape{std::int64_t(values.size())});
        entries_.back().constant = torch::tensor(values, torch::kFloat);
        return v;
    }
    Value int64Constant(const std::vector<std::int64_t>& values) {
        const Value v = add("const_" + std::to_string(constants_++), Shape{std::int64_t(values.size())});
        entries_.back().constant = torch::tensor(values, torch::kLong);
        return v;
    }
    void writeInitializer(const std::string& name, const torch::Tensor& t) {
        onnx::TensorProto* p = graph_.add_initializer();
        p->set_name(name);
        for (std::int64_t d : t.sizes()) p->add_dims(d);
        const bool isLong = t.scalar_type() == torch::kLong;
        p->set_data_type(isLong ? onnx::TensorProto::INT64 : onnx::TensorProto::FLOAT);
        // raw_data is little-endian, as this host
        p->set_raw_data(std::string(static_cast<const char*>(t.data_ptr()), std::size_t(t.numel()) * t.element_size()));
    }
    static onnx::AttributeProto& attribute(onnx::NodeProto& n, const char* key, onnx::AttributeProto::AttributeType type) {
        onnx::AttributeProto* a = n.add_attribute();
        a->set_name(key);
        a->set_type(type);
        return *a;
    }
    static void ints(onnx::NodeProto& n, const char* key, const std::vector<std::int64_t>& v) {
        onnx::AttributeProto& a = attribute(n, key, onnx::AttributeProto::INTS);
        for (std::int64_t x : v) a.add_ints(x);
    }
    static void integer(onnx::NodeProto& n, const char* key, std::int64_t v) { attribute(n, key, onnx::AttributeProto::INT).set_i(v); }
    static void real(onnx::NodeProto& n, const char* key, double v) { attribute(n, key, onnx::AttributeProto::FLOAT).set_f(float(v)); }
    static void text(onnx::NodeProto& n, const char* key, const char* v) { attribute(n, key, onnx::AttributeProto::STRING).set_s(v); }

    onnx::GraphProto& graph_;
    const GraphModuleImpl& module_;
    std::vector<Entry> entries_;
    std::string nodeId_, nodeOp_;
    int step_ = 0, constants_ = 0, folded_ = 0;
};

void setTensorType(onnx::ValueInfoProto& info, const std::string& name, const Shape& shape) {
    info.set_name(name);
    onnx::TypeProto_Tensor* t = info.mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : shape) t->mutable_shape()->add_dim()->set_dim_value(d);
}

onnx::ModelProto parseModel(const std::string& bytes) {
    onnx::ModelProto model;
    if (bytes.empty() || !model.ParseFromString(bytes) || !model.has_graph())
        throw std::runtime_error("not an ONNX model (it does not parse as a ModelProto with a graph)");
    return model;
}

Shape tensorShape(const onnx::ValueInfoProto& info) {
    Shape s;
    for (const auto& d : info.type().tensor_type().shape().dim()) s.push_back(d.has_dim_value() ? d.dim_value() : -1);
    return s;
}

}  // namespace

std::string toOnnx(const GraphModuleImpl& module, const OnnxExportOptions& options) {
    if (options.batch < 1) throw std::invalid_argument("batch " + std::to_string(options.batch) + " is not positive");
    const Analysis& analysis = module.analysis();
    onnx::ModelProto model;
    model.set_ir_version(onnx::IR_VERSION);
    model.set_producer_name("hlcnn");
    model.set_producer_version(options.producerVersion);
    model.set_doc_string("graph '" + module.graph().name + "', exported for inference (batch norm with running statistics)");
    onnx::OperatorSetIdProto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOnnxOpset);
    if (!options.metadataJson.empty()) {
        onnx::StringStringEntryProto* p = model.add_metadata_props();
        p->set_key("hlcnn.json");
        p->set_value(options.metadataJson);
    }
    onnx::GraphProto& graph = *model.mutable_graph();
    graph.set_name(module.graph().name.empty() ? "hlcnn" : module.graph().name);

    torch::NoGradGuard noGrad;
    OnnxOps ops(graph, module);
    Shape inputShape{options.batch};
    for (std::int64_t d : module.graph().input.dims) inputShape.push_back(d);
    setTensorType(*graph.add_input(), "input", inputShape);
    std::unordered_map<std::string, Value> var{{kGraphInputId, ops.input("input", inputShape)}};
    for (const PrimitiveNode& n : analysis.nodes) {
        const OpSchema* schema = findOp(n.op);
        if (!schema || !schema->lower) throw std::logic_error("op '" + n.op + "' has no computation");
        ops.beginNode(n.id, n.op);
        std::vector<std::string> paramNames;
        for (const ParamSpec& p : n.params) paramNames.push_back(p.name);
        LoweringContext ctx{ops, n.attrs, n.inputShapes, n.output, paramNames, {}, {}};
        for (const std::string& i : n.inputs) ctx.inputs.push_back(var.at(i));
        for (const std::string& p : paramNames) ctx.params.push_back(ops.param(n.id + "." + p));
        const Value out = schema->lower(ctx);
        Shape expected{options.batch};
        for (std::int64_t d : n.output.dims) expected.push_back(d);
        if (ops.shape(out) != expected)  // the exporter's shapes against shape inference: a bug if they part
            throw std::logic_error("ONNX export of node '" + n.id + "' gives " + shapeText(ops.shape(out)) + ", the graph " +
                                   shapeText(expected));
        var[n.id] = out;
    }
    // The graph output gets its own name through an Identity when a node's tensor would otherwise be it.
    const Value result = var.at(analysis.outputs.at(0));
    onnx::NodeProto* identity = graph.add_node();
    identity->set_op_type("Identity");
    identity->set_name("output/Identity");
    identity->add_input(ops.name(result));
    identity->add_output("output");
    setTensorType(*graph.add_output(), "output", ops.shape(result));
    std::string bytes;
    if (!model.SerializeToString(&bytes)) throw std::runtime_error("the ONNX model does not serialise (over 2 GB?)");
    return bytes;
}

std::vector<std::int64_t> checkOnnx(const std::string& bytes) {
    onnx::ModelProto model = parseModel(bytes);
    try {
        onnx::checker::check_model(model);
        onnx::ShapeInferenceOptions strict{true, 1, false};
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), strict);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("the ONNX checker rejects the model: ") + e.what());
    }
    if (model.graph().output_size() != 1) throw std::runtime_error("the ONNX model has no single output");
    return tensorShape(model.graph().output(0));
}

OnnxInfo readOnnxInfo(const std::string& bytes) {
    const onnx::ModelProto model = parseModel(bytes);
    OnnxInfo info;
    std::set<std::string> ops;
    for (const onnx::NodeProto& n : model.graph().node()) ops.insert(n.op_type());
    info.operators.assign(ops.begin(), ops.end());
    for (const auto& o : model.opset_import())
        if (o.domain().empty() || o.domain() == "ai.onnx") info.opset = o.version();
    if (model.graph().input_size() > 0) info.inputShape = tensorShape(model.graph().input(0));
    if (model.graph().output_size() > 0) info.outputShape = tensorShape(model.graph().output(0));
    for (const auto& p : model.metadata_props())
        if (p.key() == "hlcnn.json") info.metadataJson = p.value();
    return info;
}

}  // namespace hlcnn
