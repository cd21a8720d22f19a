// maxpool, avgpool (square windows, PyTorch's ceil_mode rule) and global_avgpool.
#include "op_helpers.h"
#include "hlcnn/core/messages.h"

namespace hlcnn {

PoolGeometry poolGeometry(const Attrs& a) {
    PoolGeometry g;
    g.kernel = a.integer("kernel");
    g.stride = a.integer("stride") > 0 ? a.integer("stride") : g.kernel;
    g.padding = a.integer("padding");
    g.ceilMode = a.boolean("ceil_mode");
    return g;
}

namespace ops {
namespace {

TensorShape poolOutput(const OpContext& ctx) {
    requireMap(ctx);
    const TensorShape& x = ctx.inputs[0];
    const PoolGeometry g = poolGeometry(ctx.attrs);
    if (2 * g.padding > g.kernel) throw OpError(say(msg::kPoolPadding));
    const std::int64_t h = windowOutput(x.height(), g.kernel, g.stride, g.padding, 1, g.ceilMode);
    const std::int64_t w = windowOutput(x.width(), g.kernel, g.stride, g.padding, 1, g.ceilMode);
    if (h <= 0 || w <= 0)
        throw OpError(say(msg::kCollapses, {x.toString(), std::to_string(g.kernel)}));
    return TensorShape{{x.channels(), h, w}};
}

std::vector<AttrSpec> poolAttrs() {
    return {intAttr("kernel", 2, 1, kMaxKernel, "window size"),
            intAttr("stride", 0, 0, kMaxKernel, "step (0: equal to kernel)"),
            intAttr("padding", 0, 0, kMaxKernel, "zero padding on each side"),
            boolAttr("ceil_mode", false, "round the output size up (Caffe's SqueezeNet pools)")};
}

}  // namespace

void definePoolingOps(std::vector<OpSchema>& ops) {
    for (const bool max : {true, false}) {
        const std::string name = max ? "maxpool" : "avgpool";
        OpSchema s = primitive(name, "Pooling & Head", name + " over square windows");
        s.attrs = poolAttrs();
        s.infer = poolOutput;
        s.cost = [](const OpContext& ctx, const TensorShape& out) {
            const std::int64_t k = ctx.attrs.integer("kernel");
            return OpCost{0, out.numel() * k * k};
        };
        s.lower = [max](LoweringContext& c) {
            const PoolGeometry g = poolGeometry(c.attrs);
            return max ? c.ops.maxPool2d(c.input(0), g.kernel, g.stride, g.padding, g.ceilMode)
                       : c.ops.avgPool2d(c.input(0), g.kernel, g.stride, g.padding, g.ceilMode);
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = primitive("global_avgpool", "Pooling & Head", "average over all positions: CxHxW -> Cx1x1");
        s.infer = [](const OpContext& ctx) {
            requireMap(ctx);
            return TensorShape{{ctx.inputs[0].channels(), 1, 1}};
        };
        s.cost = [](const OpContext& ctx, const TensorShape&) { return OpCost{0, ctx.inputs[0].numel()}; };
        s.lower = [](LoweringContext& c) { return c.ops.adaptiveAvgPool2d(c.input(0), 1, 1); };
        ops.push_back(std::move(s));
    }
}

}  // namespace ops
}  // namespace hlcnn
