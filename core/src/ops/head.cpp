// The classifier head: flatten, linear, dropout.
#include "op_helpers.h"
#include "hlcnn/core/messages.h"

namespace hlcnn::ops {

void defineHeadOps(std::vector<OpSchema>& ops) {
    {
        OpSchema s = primitive("flatten", "Pooling & Head", "reshape to a vector");
        s.infer = [](const OpContext& ctx) { return TensorShape{{ctx.inputs[0].numel()}}; };
        s.cost = noCost;
        s.lower = [](LoweringContext& c) { return c.ops.flatten(c.input(0)); };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = primitive("linear", "Pooling & Head", "fully connected layer on a vector");
        s.attrs = {intAttr("out_features", 0, 1, kMaxChannels * 16, "output features", true),
                   boolAttr("bias", true, "add a learnable bias")};
        s.infer = [](const OpContext& ctx) {
            if (!ctx.inputs[0].isVector())
                throw OpError(say(msg::kExpectsVector, {ctx.inputs[0].toString()}));
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
        s.lower = [](LoweringContext& c) { return c.ops.linear(c.input(0), c.param("weight"), c.optionalParam("bias")); };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = primitive("dropout", "Pooling & Head", "randomly zero elements while training");
        s.attrs = {floatAttr("p", 0.5, 0.0, 1.0, "drop probability")};
        s.infer = sameShape;
        s.cost = noCost;
        s.lower = [](LoweringContext& c) { return c.ops.dropout(c.input(0), c.attrs.real("p")); };
        ops.push_back(std::move(s));
    }
}

}  // namespace hlcnn::ops
