// batchnorm: batch normalisation over channels, with torchvision's parameter and buffer names.
#include "op_helpers.h"

namespace hlcnn::ops {

void defineNormalizationOps(std::vector<OpSchema>& ops) {
    OpSchema s = primitive("batchnorm", "Normalization", "batch normalisation over channels");
    s.attrs = {floatAttr("eps", 1e-5, 1e-12, 1.0, "added to the variance"),
               floatAttr("momentum", 0.1, 0.0, 1.0, "running statistics update rate")};
    s.infer = [](const OpContext& ctx) {
        requireMap(ctx);
        return ctx.inputs[0];
    };
    s.params = [](const OpContext& ctx) {
        const std::int64_t c = ctx.inputs[0].channels();
        return std::vector<ParamSpec>{{"weight", {c}, false, false, ParamInit::Ones},
                                      {"bias", {c}, false, false, ParamInit::Zeros},
                                      {"running_mean", {c}, true, false, ParamInit::Zeros},
                                      {"running_var", {c}, true, false, ParamInit::Ones},
                                      {"num_batches_tracked", {}, true, true, ParamInit::Zeros}};
    };
    s.cost = [](const OpContext&, const TensorShape& out) { return OpCost{0, 2 * out.numel()}; };
    s.lower = [](LoweringContext& c) {
        return c.ops.batchNorm(c.input(0), c.param("weight"), c.param("bias"), c.param("running_mean"),
                               c.param("running_var"), c.param("num_batches_tracked"), c.attrs.real("momentum"),
                               c.attrs.real("eps"));
    };
    ops.push_back(std::move(s));
}

}  // namespace hlcnn::ops
