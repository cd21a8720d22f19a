#include "hlcnn/core/op_registry.h"

#include "ops_common.h"

#include <algorithm>
#include <cmath>

namespace hlcnn {

const AttrSpec* OpSchema::findAttr(const std::string& attr) const {
    for (const AttrSpec& s : attrs)
        if (s.name == attr) return &s;
    return nullptr;
}

const std::vector<OpSchema>& allOps() {
    static const std::vector<OpSchema> ops = [] {
        std::vector<OpSchema> v;
        ops::registerPrimitiveOps(v);
        ops::registerCompositeOps(v);
        return v;
    }();
    return ops;
}

const OpSchema* findOp(const std::string& name) {
    for (const OpSchema& s : allOps())
        if (s.name == name) return &s;
    return nullptr;
}

ConvGeometry convGeometry(const std::string& op, const Attrs& a, const TensorShape& input) {
    ConvGeometry g;
    g.in = input.channels();
    g.bias = a.boolean("bias");
    if (op == "pointwise_conv") {
        g.out = a.integer("out_channels");
        g.groups = a.integer("groups");
        return g;
    }
    g.kernel = a.integer("kernel");
    g.stride = a.integer("stride");
    g.dilation = a.integer("dilation");
    g.padding = ops::autoPadding(a.integer("padding"), g.kernel, g.dilation);
    if (op == "depthwise_conv") {
        g.out = g.in * a.integer("multiplier");
        g.groups = g.in;
    } else {
        g.out = a.integer("out_channels");
        g.groups = a.integer("groups");
    }
    return g;
}

PoolGeometry poolGeometry(const Attrs& a) {
    PoolGeometry g;
    g.kernel = a.integer("kernel");
    g.stride = a.integer("stride") > 0 ? a.integer("stride") : g.kernel;
    g.padding = a.integer("padding");
    g.ceilMode = a.boolean("ceil_mode");
    return g;
}

namespace {

// Sum of PyTorch's adaptive-pooling window lengths along one dimension.
std::int64_t adaptiveWindowSum(std::int64_t in, std::int64_t out) {
    std::int64_t sum = 0;
    for (std::int64_t i = 0; i < out; ++i) {
        const std::int64_t start = i * in / out, end = ((i + 1) * in + out - 1) / out;
        sum += end - start;
    }
    return sum;
}

}  // namespace

std::int64_t FusionGeometry::poolOps() const {
    if (!pool()) return 0;
    // one add per window element and one division per output cell
    return channels2 * (adaptiveWindowSum(height2, pooledHeight) * adaptiveWindowSum(width2, pooledWidth) +
                        pooledHeight * pooledWidth);
}

FusionGeometry fusionGeometry(const Attrs& attrs, const TensorShape& f1, const TensorShape& f2) {
    if (!f1.isMap() || !f2.isMap())
        throw OpError("expects two feature maps CxHxW, got " + f1.toString() + " and " + f2.toString());
    FusionGeometry g;
    g.channels1 = f1.channels(), g.height1 = f1.height(), g.width1 = f1.width();
    g.channels2 = f2.channels(), g.height2 = f2.height(), g.width2 = f2.width();
    g.pooledHeight = std::min(g.height1, g.height2);
    g.pooledWidth = std::min(g.width1, g.width2);
    if (!attrs.boolean("resample")) {
        if (g.project())
            throw OpError("channel mismatch: F1 has " + std::to_string(g.channels1) + " channels, F2 has " +
                          std::to_string(g.channels2) + " (enable resample to project F2)");
        if (g.pool() || g.upsample())
            throw OpError("spatial mismatch: F1 " + f1.toString() + " vs F2 " + f2.toString() + " (enable resample)");
    }
    return g;
}

std::int64_t makeDivisible(double v, std::int64_t divisor) {
    std::int64_t n = std::max<std::int64_t>(divisor, std::int64_t(v + double(divisor) / 2.0) / divisor * divisor);
    if (double(n) < 0.9 * v) n += divisor;
    return n;
}

std::string attributeProblem(const AttrSpec& spec, const AttrValue& v) {
    const std::string where = "attribute '" + spec.name + "'";
    switch (spec.type) {
    case AttrType::Int: {
        if (!std::holds_alternative<std::int64_t>(v)) return where + " must be an integer, got " + attrValueToString(v);
        const auto x = std::get<std::int64_t>(v);
        if (double(x) < spec.minValue || double(x) > spec.maxValue)
            return where + " = " + std::to_string(x) + " is out of range [" + attrValueToString(std::int64_t(spec.minValue)) + ", " +
                   attrValueToString(std::int64_t(spec.maxValue)) + "]";
        return {};
    }
    case AttrType::Float: {
        double x;
        if (std::holds_alternative<double>(v)) x = std::get<double>(v);
        else if (std::holds_alternative<std::int64_t>(v)) x = double(std::get<std::int64_t>(v));
        else return where + " must be a number, got " + attrValueToString(v);
        if (!std::isfinite(x) || x < spec.minValue || x > spec.maxValue)
            return where + " = " + attrValueToString(x) + " is out of range [" + attrValueToString(spec.minValue) + ", " +
                   attrValueToString(spec.maxValue) + "]";
        return {};
    }
    case AttrType::Bool:
        return std::holds_alternative<bool>(v) ? std::string() : where + " must be true or false";
    case AttrType::String: {
        if (!std::holds_alternative<std::string>(v)) return where + " must be a string";
        const auto& s = std::get<std::string>(v);
        if (!spec.choices.empty() && std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
            std::string list;
            for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
            return where + " = \"" + s + "\" is not one of: " + list;
        }
        return {};
    }
    }
    return where + " has an unknown type";
}

Attrs resolveAttrs(const OpSchema& schema, const Attrs& given) {
    for (const auto& [name, value] : given.values())
        if (!schema.findAttr(name)) throw OpError("unknown attribute '" + name + "' for op '" + schema.name + "'");

    Attrs out;
    for (const AttrSpec& spec : schema.attrs) {
        const AttrValue* v = given.find(spec.name);
        if (!v) {
            if (spec.required) throw OpError("missing required attribute '" + spec.name + "'");
            out.set(spec.name, spec.defaultValue);
            continue;
        }
        if (const std::string problem = attributeProblem(spec, *v); !problem.empty()) throw OpError(problem);
        // a whole number given for a float attribute is stored as the float it means
        if (spec.type == AttrType::Float && std::holds_alternative<std::int64_t>(*v)) out.set(spec.name, double(std::get<std::int64_t>(*v)));
        else out.set(spec.name, *v);
    }
    return out;
}

namespace ops {

std::int64_t windowOutput(std::int64_t in, std::int64_t kernel, std::int64_t stride, std::int64_t padding,
                          std::int64_t dilation, bool ceilMode) {
    const std::int64_t span = in + 2 * padding - dilation * (kernel - 1) - 1;
    if (span < 0) return 0;
    std::int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceilMode && (out - 1) * stride >= in + padding) --out;  // last window must start inside the input
    return out;
}

void requireMap(const OpContext& ctx, std::size_t index) {
    if (!ctx.inputs.at(index).isMap())
        throw OpError("expects a feature map CxHxW as input " + std::to_string(index) + ", got " +
                      ctx.inputs[index].toString() + " (a flattened vector)");
}

std::int64_t autoPadding(std::int64_t padding, std::int64_t kernel, std::int64_t dilation) {
    return padding >= 0 ? padding : (kernel - 1) / 2 * dilation;
}

}  // namespace ops
}  // namespace hlcnn
