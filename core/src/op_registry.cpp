#include "hlcnn/core/op_registry.h"
#include "hlcnn/core/messages.h"

#include "ops/op_helpers.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hlcnn {

const AttrSpec* OpSchema::findAttr(const std::string& attr) const {
    for (const AttrSpec& s : attrs)
        if (s.name == attr) return &s;
    return nullptr;
}

const std::vector<OpSchema>& allOps() {
    static const std::vector<OpSchema> ops = [] {
        std::vector<OpSchema> v;
        ops::defineConvolutionOps(v);
        ops::defineNormalizationOps(v);
        ops::defineActivationOps(v);
        ops::definePoolingOps(v);
        ops::defineHeadOps(v);
        ops::defineMergeOps(v);
        ops::defineAttentionOps(v);
        ops::defineFusionOps(v);
        ops::defineCompositeBlocks(v);
        return v;
    }();
    return ops;
}

const OpSchema* findOp(const std::string& name) {
    for (const OpSchema& s : allOps())
        if (s.name == name) return &s;
    return nullptr;
}

std::int64_t makeDivisible(double v, std::int64_t divisor) {
    std::int64_t n = std::max<std::int64_t>(divisor, std::int64_t(v + double(divisor) / 2.0) / divisor * divisor);
    if (double(n) < 0.9 * v) n += divisor;
    return n;
}

std::string attributeProblem(const AttrSpec& spec, const AttrValue& v) {
    switch (spec.type) {
    case AttrType::Int: {
        if (!std::holds_alternative<std::int64_t>(v)) return say(msg::kAttrNotInteger, {spec.name, attrValueToString(v)});
        const auto x = std::get<std::int64_t>(v);
        if (double(x) < spec.minValue || double(x) > spec.maxValue)
            return say(msg::kAttrOutOfRange, {spec.name, std::to_string(x), attrValueToString(std::int64_t(spec.minValue)),
                                              attrValueToString(std::int64_t(spec.maxValue))});
        return {};
    }
    case AttrType::Float: {
        double x;
        if (std::holds_alternative<double>(v)) x = std::get<double>(v);
        else if (std::holds_alternative<std::int64_t>(v)) x = double(std::get<std::int64_t>(v));
        else return say(msg::kAttrNotNumber, {spec.name, attrValueToString(v)});
        if (!std::isfinite(x) || x < spec.minValue || x > spec.maxValue)
            return say(msg::kAttrOutOfRange, {spec.name, attrValueToString(x), attrValueToString(spec.minValue), attrValueToString(spec.maxValue)});
        return {};
    }
    case AttrType::Bool:
        return std::holds_alternative<bool>(v) ? std::string() : say(msg::kAttrNotBool, {spec.name});
    case AttrType::String: {
        if (!std::holds_alternative<std::string>(v)) return say(msg::kAttrNotString, {spec.name});
        const auto& s = std::get<std::string>(v);
        if (!spec.choices.empty() && std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
            std::string list;
            for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
            return say(msg::kAttrNotAChoice, {spec.name, s, list});
        }
        return {};
    }
    }
    return "attribute '" + spec.name + "' has an unknown type";   // a programming error, never shown
}

Attrs resolveAttrs(const OpSchema& schema, const Attrs& given) {
    for (const auto& [name, value] : given.values())
        if (!schema.findAttr(name)) throw OpError(say(msg::kUnknownAttribute, {name, schema.name}));

    Attrs out;
    for (const AttrSpec& spec : schema.attrs) {
        const AttrValue* v = given.find(spec.name);
        if (!v) {
            if (spec.required) throw OpError(say(msg::kMissingAttribute, {spec.name}));
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

Value LoweringContext::optionalParam(const std::string& local) const {
    for (std::size_t i = 0; i < paramNames.size(); ++i)
        if (paramNames[i] == local) return params.at(i);
    return {};
}

Value LoweringContext::param(const std::string& local) const {
    const Value v = optionalParam(local);
    if (!v.defined()) throw std::logic_error("the op's computation asks for a parameter '" + local + "' it does not declare");
    return v;
}

namespace ops {

OpSchema primitive(std::string name, std::string category, std::string summary) {
    OpSchema s;
    s.name = std::move(name);
    s.category = std::move(category);
    s.summary = std::move(summary);
    return s;
}

TensorShape sameShape(const OpContext& ctx) { return ctx.inputs[0]; }

OpCost noCost(const OpContext&, const TensorShape&) { return {}; }

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
        throw OpError(say(msg::kExpectsFeatureMap, {std::to_string(index), ctx.inputs[index].toString()}));
}

std::int64_t autoPadding(std::int64_t padding, std::int64_t kernel, std::int64_t dilation) {
    return padding >= 0 ? padding : (kernel - 1) / 2 * dilation;
}

}  // namespace ops
}  // namespace hlcnn
