// fusion: the HL-CNN's learnable weighted fusion alpha*F1 + beta*F2, F2 brought to F1's shape by
// one FusionGeometry that serves the shape rule, the cost and the computation.
#include "op_helpers.h"
#include "hlcnn/core/messages.h"

#include <algorithm>

namespace hlcnn {
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
        throw OpError(say(msg::kExpectsTwoMaps, {f1.toString(), f2.toString()}));
    FusionGeometry g;
    g.channels1 = f1.channels(), g.height1 = f1.height(), g.width1 = f1.width();
    g.channels2 = f2.channels(), g.height2 = f2.height(), g.width2 = f2.width();
    g.pooledHeight = std::min(g.height1, g.height2);
    g.pooledWidth = std::min(g.width1, g.width2);
    if (!attrs.boolean("resample")) {
        if (g.project())
            throw OpError(say(msg::kFusionChannels, {std::to_string(g.channels1), std::to_string(g.channels2)}));
        if (g.pool() || g.upsample())
            throw OpError(say(msg::kFusionSpatial, {f1.toString(), f2.toString()}));
    }
    return g;
}

namespace ops {

void defineFusionOps(std::vector<OpSchema>& ops) {
    OpSchema s = primitive("fusion", "Attention & Fusion",
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
    s.lower = [](LoweringContext& c) {
        TensorOps& t = c.ops;
        const FusionGeometry g = fusionGeometry(c.attrs, c.inputShapes[0], c.inputShapes[1]);
        Value f2 = c.input(1);
        if (g.pool()) f2 = t.adaptiveAvgPool2d(f2, g.pooledHeight, g.pooledWidth);
        if (g.project()) f2 = t.conv2d(f2, c.param("proj.weight"), Value{}, 1, 0, 1, 1);
        if (g.upsample()) f2 = t.upsampleNearest2d(f2, g.height1, g.width1);
        Value alpha = c.param("alpha"), beta = c.param("beta");
        if (c.attrs.string("mode") == "channel") alpha = t.view(alpha, {1, -1, 1, 1}), beta = t.view(beta, {1, -1, 1, 1});
        return t.add(t.mul(alpha, c.input(0)), t.mul(beta, f2));
    };
    ops.push_back(std::move(s));
}

}  // namespace ops
}  // namespace hlcnn
