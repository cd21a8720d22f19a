// Primitive ops: one LibTorch call each in the builders.
#include "ops_common.h"

#include <cmath>

namespace hlcnn::ops {
namespace {

constexpr double kMaxChannels = 1 << 20;
constexpr double kMaxKernel = 1 << 10;

TensorShape convOutput(const OpContext& ctx, const ConvGeometry& g) {
    requireMap(ctx);
    const TensorShape& x = ctx.inputs[0];
    if (x.channels() % g.groups != 0)
        throw OpError("groups = " + std::to_string(g.groups) + " does not divide the " +
                      std::to_string(x.channels()) + " input channels");
    if (g.out % g.groups != 0)
        throw OpError("groups = " + std::to_string(g.groups) + " does not divide out_channels = " + std::to_string(g.out));
    const std::int64_t h = windowOutput(x.height(), g.kernel, g.stride, g.padding, g.dilation, false);
    const std::int64_t w = windowOutput(x.width(), g.kernel, g.stride, g.padding, g.dilation, false);
    if (h <= 0 || w <= 0)
        throw OpError("spatial size collapses to 0: input " + x.toString() + ", kernel " + std::to_string(g.kernel) +
                      ", stride " + std::to_string(g.stride) + ", padding " + std::to_string(g.padding));
    return TensorShape{{g.out, h, w}};
}

std::vector<ParamSpec> convParams(const ConvGeometry& g) {
    std::vector<ParamSpec> p;
    p.push_back({"weight", {g.out, g.in / g.groups, g.kernel, g.kernel}, false, false, ParamInit::KaimingNormalFanOut});
    if (g.bias) p.push_back({"bias", {g.out}, false, false, ParamInit::Zeros});
    return p;
}

OpCost convCost(const ConvGeometry& g, const TensorShape& out) {
    OpCost c;
    c.macs = out.numel() * (g.in / g.groups) * g.kernel * g.kernel;
    if (g.bias) c.otherOps = out.numel();
    return c;
}

void setConvRules(OpSchema& s) {
    const std::string op = s.name;
    s.infer = [op](const OpContext& ctx) {
        requireMap(ctx);
        return convOutput(ctx, convGeometry(op, ctx.attrs, ctx.inputs[0]));
    };
    s.params = [op](const OpContext& ctx) { return convParams(convGeometry(op, ctx.attrs, ctx.inputs[0])); };
    s.cost = [op](const OpContext& ctx, const TensorShape& out) {
        return convCost(convGeometry(op, ctx.attrs, ctx.inputs[0]), out);
    };
}

TensorShape sameShape(const OpContext& ctx) { return ctx.inputs[0]; }

OpCost perElement(const OpContext&, const TensorShape& out) { return {0, out.numel()}; }

OpSchema simple(std::string name, std::string category, std::string summary) {
    OpSchema s;
    s.name = std::move(name);
    s.category = std::move(category);
    s.summary = std::move(summary);
    return s;
}

TensorShape poolOutput(const OpContext& ctx) {
    requireMap(ctx);
    const TensorShape& x = ctx.inputs[0];
    const PoolGeometry g = poolGeometry(ctx.attrs);
    if (2 * g.padding > g.kernel) throw OpError("padding must be at most half the kernel size");
    const std::int64_t h = windowOutput(x.height(), g.kernel, g.stride, g.padding, 1, g.ceilMode);
    const std::int64_t w = windowOutput(x.width(), g.kernel, g.stride, g.padding, 1, g.ceilMode);
    if (h <= 0 || w <= 0)
        throw OpError("spatial size collapses to 0: input " + x.toString() + ", kernel " + std::to_string(g.kernel));
    return TensorShape{{x.channels(), h, w}};
}

std::vector<AttrSpec> poolAttrs() {
    return {intAttr("kernel", 2, 1, kMaxKernel, "window size"),
            intAttr("stride", 0, 0, kMaxKernel, "step (0: equal to kernel)"),
            intAttr("padding", 0, 0, kMaxKernel, "zero padding on each side"),
            boolAttr("ceil_mode", false, "round the output size up (Caffe's SqueezeNet pools)")};
}

std::vector<AttrSpec> convAttrs(bool withOutChannels, bool withGroups) {
    std::vector<AttrSpec> v;
    if (withOutChannels) v.push_back(intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true));
    v.push_back(intAttr("kernel", 3, 1, kMaxKernel, "square kernel size"));
    v.push_back(intAttr("stride", 1, 1, kMaxKernel, "step"));
    v.push_back(intAttr("padding", -1, -1, kMaxKernel, "zero padding on each side (-1: (kernel-1)/2*dilation)"));
    v.push_back(intAttr("dilation", 1, 1, kMaxKernel, "spacing of kernel taps"));
    if (withGroups) v.push_back(intAttr("groups", 1, 1, kMaxChannels, "channel groups (in and out must divide)"));
    v.push_back(boolAttr("bias", false, "add a learnable bias"));
    return v;
}

std::int64_t squeezeChannels(const OpContext& ctx) {
    const Attrs& a = ctx.attrs;
    if (a.integer("squeeze_channels") > 0) return a.integer("squeeze_channels");
    const double raw = double(ctx.inputs[0].channels()) / double(a.integer("reduction"));
    const std::int64_t divisor = a.integer("divisor");
    return divisor > 1 ? makeDivisible(raw, divisor) : std::max<std::int64_t>(1, std::int64_t(raw));
}

std::int64_t ecaKernel(const OpContext& ctx) {
    if (ctx.attrs.integer("kernel") > 0) return ctx.attrs.integer("kernel");
    // ECA-Net's adaptive size: nearest odd t = |log2(C) + b| / gamma with gamma = 2, b = 1.
    const auto t = std::int64_t(std::fabs((std::log2(double(ctx.inputs[0].channels())) + 1.0) / 2.0));
    return t % 2 ? t : t + 1;
}

}  // namespace

void registerPrimitiveOps(std::vector<OpSchema>& ops) {
    {
        OpSchema s = simple("conv2d", "Convolution", "2-D convolution (stride, padding, dilation, groups, bias)");
        s.attrs = convAttrs(true, true);
        setConvRules(s);
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("depthwise_conv", "Convolution", "depthwise convolution: one filter per input channel");
        s.attrs = convAttrs(false, false);
        s.attrs.insert(s.attrs.begin(), intAttr("multiplier", 1, 1, 64, "output channels per input channel"));
        setConvRules(s);
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("pointwise_conv", "Convolution", "1x1 convolution mixing channels");
        s.attrs = {intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true),
                   intAttr("groups", 1, 1, kMaxChannels, "channel groups"), boolAttr("bias", false, "add a learnable bias")};
        setConvRules(s);
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("batchnorm", "Normalization", "batch normalisation over channels");
        s.attrs = {floatAttr("eps", 1e-5, 1e-12, 1.0, "added to the variance"),
                   floatAttr("momentum", 0.1, 0.0, 1.0, "running statistics update rate")};
        s.infer = [](const OpContext& ctx) { requireMap(ctx); return ctx.inputs[0]; };
        s.params = [](const OpContext& ctx) {
            const std::int64_t c = ctx.inputs[0].channels();
            return std::vector<ParamSpec>{{"weight", {c}, false, false, ParamInit::Ones},
                                          {"bias", {c}, false, false, ParamInit::Zeros},
                                          {"running_mean", {c}, true, false, ParamInit::Zeros},
                                          {"running_var", {c}, true, false, ParamInit::Ones},
                                          {"num_batches_tracked", {}, true, true, ParamInit::Zeros}};
        };
        s.cost = [](const OpContext&, const TensorShape& out) { return OpCost{0, 2 * out.numel()}; };
        ops.push_back(std::move(s));
    }
    for (const std::string& act : activationNames()) {
        OpSchema s = simple(act, "Activation", act + " activation, elementwise");
        s.infer = sameShape;
        s.cost = perElement;
        ops.push_back(std::move(s));
    }
    for (const char* pool : {"maxpool", "avgpool"}) {
        OpSchema s = simple(pool, "Pooling & Head", std::string(pool) + " over square windows");
        s.attrs = poolAttrs();
        s.infer = poolOutput;
        s.cost = [](const OpContext& ctx, const TensorShape& out) {
            const std::int64_t k = ctx.attrs.integer("kernel");
            return OpCost{0, out.numel() * k * k};
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("global_avgpool", "Pooling & Head", "average over all positions: CxHxW -> Cx1x1");
        s.infer = [](const OpContext& ctx) {
            requireMap(ctx);
            return TensorShape{{ctx.inputs[0].channels(), 1, 1}};
        };
        s.cost = [](const OpContext& ctx, const TensorShape&) { return OpCost{0, ctx.inputs[0].numel()}; };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("flatten", "Pooling & Head", "reshape to a vector");
        s.infer = [](const OpContext& ctx) { return TensorShape{{ctx.inputs[0].numel()}}; };
        s.cost = [](const OpContext&, const TensorShape&) { return OpCost{}; };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("linear", "Pooling & Head", "fully connected layer on a vector");
        s.attrs = {intAttr("out_features", 0, 1, kMaxChannels * 16, "output features", true),
                   boolAttr("bias", true, "add a learnable bias")};
        s.infer = [](const OpContext& ctx) {
            if (!ctx.inputs[0].isVector())
                throw OpError("expects a flattened vector, got " + ctx.inputs[0].toString() + " (insert a flatten node)");
            return TensorShape{{ctx.attrs.integer("out_features")}};
        };
        s.params = [](const OpContext& ctx) {
            const std::int64_t in = ctx.inputs[0].channels(), out = ctx.attrs.integer("out_features");
            std::vector<ParamSpec> p{{"weight", {out, in}, false, false, ParamInit::LinearNormal}};
            if (ctx.attrs.boolean("bias")) p.push_back({"bias", {out}, false, false, ParamInit::Zeros});
            return p;
        };
        s.cost = [](const OpContext& ctx, const TensorShape& out) {
            return OpCost{ctx.inputs[0].numel() * out.numel(), ctx.attrs.boolean("bias") ? out.numel() : 0};
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("dropout", "Pooling & Head", "randomly zero elements while training");
        s.attrs = {floatAttr("p", 0.5, 0.0, 1.0, "drop probability")};
        s.infer = sameShape;
        s.cost = [](const OpContext&, const TensorShape&) { return OpCost{}; };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("add", "Merge", "elementwise sum of equally shaped inputs (residual)");
        s.minInputs = 2;
        s.maxInputs = -1;
        s.infer = [](const OpContext& ctx) {
            for (std::size_t i = 1; i < ctx.inputs.size(); ++i)
                if (ctx.inputs[i] != ctx.inputs[0])
                    throw OpError("shape mismatch: input 0 is " + ctx.inputs[0].toString() + ", input " + std::to_string(i) +
                                  " is " + ctx.inputs[i].toString());
            return ctx.inputs[0];
        };
        s.cost = [](const OpContext& ctx, const TensorShape& out) {
            return OpCost{0, std::int64_t(ctx.inputs.size() - 1) * out.numel()};
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("concat", "Merge", "concatenate feature maps along channels");
        s.minInputs = 2;
        s.maxInputs = -1;
        s.infer = [](const OpContext& ctx) {
            std::int64_t c = 0;
            for (std::size_t i = 0; i < ctx.inputs.size(); ++i) {
                requireMap(ctx, i);
                if (ctx.inputs[i].height() != ctx.inputs[0].height() || ctx.inputs[i].width() != ctx.inputs[0].width())
                    throw OpError("spatial mismatch: input 0 is " + ctx.inputs[0].toString() + ", input " +
                                  std::to_string(i) + " is " + ctx.inputs[i].toString());
                c += ctx.inputs[i].channels();
            }
            return TensorShape{{c, ctx.inputs[0].height(), ctx.inputs[0].width()}};
        };
        s.cost = [](const OpContext&, const TensorShape&) { return OpCost{}; };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("channel_shuffle", "Merge", "interleave channel groups (ShuffleNet)");
        s.attrs = {intAttr("groups", 2, 1, kMaxChannels, "number of groups")};
        s.infer = [](const OpContext& ctx) {
            requireMap(ctx);
            if (ctx.inputs[0].channels() % ctx.attrs.integer("groups"))
                throw OpError("groups = " + std::to_string(ctx.attrs.integer("groups")) + " does not divide " +
                              std::to_string(ctx.inputs[0].channels()) + " channels");
            return ctx.inputs[0];
        };
        s.cost = [](const OpContext&, const TensorShape&) { return OpCost{}; };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("channel_split", "Merge", "take one of `parts` equal channel chunks");
        s.attrs = {intAttr("parts", 2, 1, kMaxChannels, "number of equal chunks"),
                   intAttr("index", 0, 0, kMaxChannels, "which chunk (0-based)")};
        s.infer = [](const OpContext& ctx) {
            requireMap(ctx);
            const std::int64_t parts = ctx.attrs.integer("parts"), c = ctx.inputs[0].channels();
            if (c % parts) throw OpError(std::to_string(parts) + " parts do not divide " + std::to_string(c) + " channels");
            if (ctx.attrs.integer("index") >= parts) throw OpError("index must be smaller than parts");
            return TensorShape{{c / parts, ctx.inputs[0].height(), ctx.inputs[0].width()}};
        };
        s.cost = [](const OpContext&, const TensorShape&) { return OpCost{}; };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("channel_attention", "Attention & Fusion",
                            "squeeze-and-excitation: x * gate(W2 delta(W1 GAP(x)))");
        s.attrs = {intAttr("reduction", 4, 1, kMaxChannels, "squeeze ratio r: C/r hidden units"),
                   intAttr("squeeze_channels", 0, 0, kMaxChannels, "hidden units (0: from reduction)"),
                   intAttr("divisor", 1, 1, 64, "round hidden units to a multiple of this (MobileNetV3: 8)"),
                   enumAttr("delta", "relu", activationNames(), "activation after the squeeze"),
                   enumAttr("gate", "sigmoid", {"sigmoid", "hardsigmoid"}, "gating function")};
        s.infer = [](const OpContext& ctx) { requireMap(ctx); return ctx.inputs[0]; };
        s.params = [](const OpContext& ctx) {
            const std::int64_t c = ctx.inputs[0].channels(), sq = squeezeChannels(ctx);
            return std::vector<ParamSpec>{{"fc1.weight", {sq, c, 1, 1}, false, false, ParamInit::KaimingNormalFanOut},
                                          {"fc1.bias", {sq}, false, false, ParamInit::Zeros},
                                          {"fc2.weight", {c, sq, 1, 1}, false, false, ParamInit::KaimingNormalFanOut},
                                          {"fc2.bias", {c}, false, false, ParamInit::Zeros}};
        };
        s.cost = [](const OpContext& ctx, const TensorShape& out) {
            const std::int64_t c = ctx.inputs[0].channels(), sq = squeezeChannels(ctx);
            // MACs: the two 1x1 convs. Other: pooling, biases, delta, gate, and the channel-wise scaling.
            return OpCost{2 * c * sq, out.numel() + sq + c + sq + c + out.numel()};
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("eca", "Attention & Fusion", "efficient channel attention: 1-D conv over pooled channels");
        s.attrs = {intAttr("kernel", 0, 0, 63, "1-D kernel size (0: adaptive, from the channel count)")};
        s.infer = [](const OpContext& ctx) { requireMap(ctx); return ctx.inputs[0]; };
        s.params = [](const OpContext& ctx) {
            return std::vector<ParamSpec>{{"weight", {1, 1, ecaKernel(ctx)}, false, false, ParamInit::KaimingNormalFanOut}};
        };
        s.cost = [](const OpContext& ctx, const TensorShape& out) {
            const std::int64_t c = ctx.inputs[0].channels();
            return OpCost{c * ecaKernel(ctx), out.numel() + c + out.numel()};
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = simple("fusion", "Attention & Fusion",
                            "learnable weighted fusion alpha*F1 + beta*F2, F2 resampled to F1's shape");
        s.minInputs = s.maxInputs = 2;
        s.attrs = {enumAttr("mode", "scalar", {"scalar", "channel"}, "alpha and beta as scalars or one per channel"),
                   floatAttr("alpha", 1.0, -1e6, 1e6, "initial alpha"), floatAttr("beta", 1.0, -1e6, 1e6, "initial beta"),
                   boolAttr("resample", true,
                            "bring F2 to F1's shape (adaptive avg-pool down, 1x1 projection, nearest upsample)")};
        s.infer = [](const OpContext& ctx) {
            fusionGeometry(ctx.attrs, ctx.inputs[0], ctx.inputs[1]);
            return ctx.inputs[0];
        };
        s.params = [](const OpContext& ctx) {
            const FusionGeometry r = fusionGeometry(ctx.attrs, ctx.inputs[0], ctx.inputs[1]);
            const std::int64_t n = ctx.attrs.string("mode") == "channel" ? ctx.inputs[0].channels() : 1;
            std::vector<ParamSpec> p{{"alpha", {n}, false, false, ParamInit::Constant, ctx.attrs.real("alpha")},
                                     {"beta", {n}, false, false, ParamInit::Constant, ctx.attrs.real("beta")}};
            if (r.project())
                p.push_back({"proj.weight", {r.channels1, r.channels2, 1, 1}, false, false, ParamInit::KaimingNormalFanOut});
            return p;
        };
        s.cost = [](const OpContext& ctx, const TensorShape& out) {
            const FusionGeometry r = fusionGeometry(ctx.attrs, ctx.inputs[0], ctx.inputs[1]);
            OpCost c{0, 3 * out.numel() + r.poolOps()};  // alpha*F1 + beta*F2: two multiplies, one add
            if (r.project()) c.macs = r.pooledHeight * r.pooledWidth * r.channels1 * r.channels2;
            return c;  // nearest upsampling copies: no arithmetic
        };
        ops.push_back(std::move(s));
    }
}

}  // namespace hlcnn::ops
