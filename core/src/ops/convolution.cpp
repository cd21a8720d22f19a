// conv2d, depthwise_conv, pointwise_conv: one ConvGeometry serves their shapes, costs and computation.
#include "op_helpers.h"
#include "hlcnn/core/messages.h"

namespace hlcnn {

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

namespace ops {
namespace {

TensorShape convOutput(const OpContext& ctx, const ConvGeometry& g) {
    requireMap(ctx);
    const TensorShape& x = ctx.inputs[0];
    if (x.channels() % g.groups != 0)
        throw OpError(say(msg::kGroupsInChannels, {std::to_string(g.groups), std::to_string(x.channels())}));
    if (g.out % g.groups != 0)
        throw OpError(say(msg::kGroupsOutChannels, {std::to_string(g.groups), std::to_string(g.out)}));
    const std::int64_t h = windowOutput(x.height(), g.kernel, g.stride, g.padding, g.dilation, false);
    const std::int64_t w = windowOutput(x.width(), g.kernel, g.stride, g.padding, g.dilation, false);
    if (h <= 0 || w <= 0)
        throw OpError(say(msg::kCollapsesStrided,
                          {x.toString(), std::to_string(g.kernel), std::to_string(g.stride), std::to_string(g.padding)}));
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
    s.lower = [op](LoweringContext& c) {
        const ConvGeometry g = convGeometry(op, c.attrs, c.inputShapes[0]);
        return c.ops.conv2d(c.input(0), c.param("weight"), c.optionalParam("bias"), g.stride, g.padding, g.dilation,
                            g.groups);
    };
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

}  // namespace

void defineConvolutionOps(std::vector<OpSchema>& ops) {
    {
        OpSchema s = primitive("conv2d", "Convolution", "2-D convolution (stride, padding, dilation, groups, bias)");
        s.attrs = convAttrs(true, true);
        setConvRules(s);
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = primitive("depthwise_conv", "Convolution", "depthwise convolution: one filter per input channel");
        s.attrs = convAttrs(false, false);
        s.attrs.insert(s.attrs.begin(), intAttr("multiplier", 1, 1, 64, "output channels per input channel"));
        setConvRules(s);
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = primitive("pointwise_conv", "Convolution", "1x1 convolution mixing channels");
        s.attrs = {intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true),
                   intAttr("groups", 1, 1, kMaxChannels, "channel groups"), boolAttr("bias", false, "add a learnable bias")};
        setConvRules(s);
        ops.push_back(std::move(s));
    }
}

}  // namespace ops
}  // namespace hlcnn
