// Helpers shared by the op definitions in this folder (internal to core). Each op family lives in
// one file here: attributes, shape rule, parameters, cost and computation together.
#pragma once

#include "hlcnn/core/op_registry.h"

#include <cmath>
#include <string>
#include <vector>

namespace hlcnn::ops {

constexpr double kMaxChannels = 1 << 20;
constexpr double kMaxKernel = 1 << 10;

// Fluent attribute construction: AttrBuilder().i("stride", 2).b("bias", false)
class AttrBuilder {
public:
    AttrBuilder& i(const std::string& k, std::int64_t v) { a_.set(k, v); return *this; }
    AttrBuilder& f(const std::string& k, double v) { a_.set(k, v); return *this; }
    AttrBuilder& b(const std::string& k, bool v) { a_.set(k, v); return *this; }
    AttrBuilder& s(const std::string& k, std::string v) { a_.set(k, std::move(v)); return *this; }
    operator Attrs() const { return a_; }  // NOLINT: implicit by design
    const Attrs& attrs() const { return a_; }

private:
    Attrs a_;
};

inline AttrSpec intAttr(std::string name, std::int64_t def, double lo, double hi, std::string help, bool required = false) {
    AttrSpec s;
    s.name = std::move(name);
    s.type = AttrType::Int;
    s.defaultValue = def;
    s.minValue = lo;
    s.maxValue = hi;
    s.help = std::move(help);
    s.required = required;
    return s;
}
inline AttrSpec floatAttr(std::string name, double def, double lo, double hi, std::string help) {
    AttrSpec s;
    s.name = std::move(name);
    s.type = AttrType::Float;
    s.defaultValue = def;
    s.minValue = lo;
    s.maxValue = hi;
    s.help = std::move(help);
    return s;
}
inline AttrSpec boolAttr(std::string name, bool def, std::string help) {
    AttrSpec s;
    s.name = std::move(name);
    s.type = AttrType::Bool;
    s.defaultValue = def;
    s.help = std::move(help);
    return s;
}
inline AttrSpec enumAttr(std::string name, std::string def, std::vector<std::string> choices, std::string help) {
    AttrSpec s;
    s.name = std::move(name);
    s.type = AttrType::String;
    s.defaultValue = std::move(def);
    s.choices = std::move(choices);
    s.help = std::move(help);
    return s;
}

inline const std::vector<std::string>& activationNames() {
    static const std::vector<std::string> names{"relu", "relu6", "hardswish", "hardsigmoid", "silu", "sigmoid"};
    return names;
}

// Output size of a sliding window, PyTorch's rule (including ceil_mode's last-window clamp).
std::int64_t windowOutput(std::int64_t in, std::int64_t kernel, std::int64_t stride, std::int64_t padding,
                          std::int64_t dilation, bool ceilMode);

void requireMap(const OpContext& ctx, std::size_t index = 0);
std::int64_t autoPadding(std::int64_t padding, std::int64_t kernel, std::int64_t dilation);

// A schema with its name, palette group and one-line summary; the rest is filled in by the caller.
OpSchema primitive(std::string name, std::string category, std::string summary);
TensorShape sameShape(const OpContext& ctx);
OpCost noCost(const OpContext& ctx, const TensorShape& output);

// The named activation (one of activationNames()) applied to x.
Value applyActivation(TensorOps& ops, const std::string& name, Value x);

// The op families, in palette order (op_registry.cpp lists them).
void defineConvolutionOps(std::vector<OpSchema>& ops);
void defineNormalizationOps(std::vector<OpSchema>& ops);
void defineActivationOps(std::vector<OpSchema>& ops);
void definePoolingOps(std::vector<OpSchema>& ops);
void defineHeadOps(std::vector<OpSchema>& ops);
void defineMergeOps(std::vector<OpSchema>& ops);
void defineAttentionOps(std::vector<OpSchema>& ops);
void defineFusionOps(std::vector<OpSchema>& ops);
void defineCompositeBlocks(std::vector<OpSchema>& ops);

}  // namespace hlcnn::ops
