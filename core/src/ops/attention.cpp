// Channel attention: squeeze-and-excitation (channel_attention) and efficient channel attention (eca).
#include "op_helpers.h"

#include <cmath>

namespace hlcnn::ops {
namespace {

std::int64_t squeezeChannels(const Attrs& a, const TensorShape& input) {
    if (a.integer("squeeze_channels") > 0) return a.integer("squeeze_channels");
    const double raw = double(input.channels()) / double(a.integer("reduction"));
    const std::int64_t divisor = a.integer("divisor");
    return divisor > 1 ? makeDivisible(raw, divisor) : std::max<std::int64_t>(1, std::int64_t(raw));
}

std::int64_t ecaKernel(const Attrs& a, const TensorShape& input) {
    if (a.integer("kernel") > 0) return a.integer("kernel");
    // ECA-Net's adaptive size: nearest odd t = |log2(C) + b| / gamma with gamma = 2, b = 1.
    const auto t = std::int64_t(std::fabs((std::log2(double(input.channels())) + 1.0) / 2.0));
    return t % 2 ? t : t + 1;
}

TensorShape mapUnchanged(const OpContext& ctx) {
    requireMap(ctx);
    return ctx.inputs[0];
}

}  // namespace

void defineAttentionOps(std::vector<OpSchema>& ops) {
    {
        OpSchema s = primitive("channel_attention", "Attention & Fusion",
                               "squeeze-and-excitation: x * gate(W2 delta(W1 GAP(x)))");
        s.attrs = {intAttr("reduction", 4, 1, kMaxChannels, "squeeze ratio r: C/r hidden units"),
                   intAttr("squeeze_channels", 0, 0, kMaxChannels, "hidden units (0: from reduction)"),
                   intAttr("divisor", 1, 1, 64, "round hidden units to a multiple of this (MobileNetV3: 8)"),
                   enumAttr("delta", "relu", activationNames(), "activation after the squeeze"),
                   enumAttr("gate", "sigmoid", {"sigmoid", "hardsigmoid"}, "gating function")};
        s.infer = mapUnchanged;
        s.params = [](const OpContext& ctx) {
            const std::int64_t c = ctx.inputs[0].channels(), sq = squeezeChannels(ctx.attrs, ctx.inputs[0]);
            return std::vector<ParamSpec>{{"fc1.weight", {sq, c, 1, 1}, false, false, ParamInit::KaimingNormalFanOut},
                                          {"fc1.bias", {sq}, false, false, ParamInit::Zeros},
                                          {"fc2.weight", {c, sq, 1, 1}, false, false, ParamInit::KaimingNormalFanOut},
                                          {"fc2.bias", {c}, false, false, ParamInit::Zeros}};
        };
        s.cost = [](const OpContext& ctx, const TensorShape& out) {
            const std::int64_t c = ctx.inputs[0].channels(), sq = squeezeChannels(ctx.attrs, ctx.inputs[0]);
            // MACs: the two 1x1 convs. Other: pooling, biases, delta, gate, and the channel-wise scaling.
            return OpCost{2 * c * sq, out.numel() + sq + c + sq + c + out.numel()};
        };
        s.lower = [](LoweringContext& c) {
            TensorOps& t = c.ops;
            Value s = t.adaptiveAvgPool2d(c.input(0), 1, 1);
            s = applyActivation(t, c.attrs.string("delta"), t.conv2d(s, c.param("fc1.weight"), c.param("fc1.bias"), 1, 0, 1, 1));
            s = applyActivation(t, c.attrs.string("gate"), t.conv2d(s, c.param("fc2.weight"), c.param("fc2.bias"), 1, 0, 1, 1));
            return t.mul(c.input(0), s);
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = primitive("eca", "Attention & Fusion", "efficient channel attention: 1-D conv over pooled channels");
        s.attrs = {intAttr("kernel", 0, 0, 63, "1-D kernel size (0: adaptive, from the channel count)")};
        s.infer = mapUnchanged;
        s.params = [](const OpContext& ctx) {
            return std::vector<ParamSpec>{
                {"weight", {1, 1, ecaKernel(ctx.attrs, ctx.inputs[0])}, false, false, ParamInit::KaimingNormalFanOut}};
        };
        s.cost = [](const OpContext& ctx, const TensorShape& out) {
            const std::int64_t c = ctx.inputs[0].channels();
            return OpCost{c * ecaKernel(ctx.attrs, ctx.inputs[0]), out.numel() + c + out.numel()};
        };
        s.lower = [](LoweringContext& c) {
            TensorOps& t = c.ops;
            const std::int64_t channels = c.inputShapes[0].channels(), k = ecaKernel(c.attrs, c.inputShapes[0]);
            // pooled channels as a 1-channel sequence N x 1 x C, convolved along C, back to N x C x 1 x 1
            Value y = t.view(t.adaptiveAvgPool2d(c.input(0), 1, 1), {-1, 1, channels});
            y = t.view(t.conv1d(y, c.param("weight"), (k - 1) / 2), {-1, channels, 1, 1});
            return t.mul(c.input(0), t.sigmoid(y));
        };
        ops.push_back(std::move(s));
    }
}

}  // namespace hlcnn::ops
