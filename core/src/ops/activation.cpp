// The elementwise activations: relu, relu6, hardswish, hardsigmoid, silu, sigmoid.
#include "op_helpers.h"

#include <stdexcept>

namespace hlcnn::ops {

Value applyActivation(TensorOps& ops, const std::string& name, Value x) {
    if (name == "relu") return ops.relu(x);
    if (name == "relu6") return ops.hardtanh(x, 0.0, 6.0);
    if (name == "hardswish") return ops.hardswish(x);
    if (name == "hardsigmoid") return ops.hardsigmoid(x);
    if (name == "silu") return ops.silu(x);
    if (name == "sigmoid") return ops.sigmoid(x);
    throw std::logic_error("unknown activation '" + name + "'");
}

void defineActivationOps(std::vector<OpSchema>& ops) {
    for (const std::string& act : activationNames()) {
        OpSchema s = primitive(act, "Activation", act + " activation, elementwise");
        s.infer = sameShape;
        s.cost = [](const OpContext&, const TensorShape& out) { return OpCost{0, out.numel()}; };
        s.lower = [act](LoweringContext& c) { return applyActivation(c.ops, act, c.input(0)); };
        ops.push_back(std::move(s));
    }
}

}  // namespace hlcnn::ops
