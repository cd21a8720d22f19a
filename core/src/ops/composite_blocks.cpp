// Composite blocks: each expands into primitives. Sub-node names follow torchvision's module
// names where torchvision has the block, so state_dict keys match parameter names one to one.
#include "op_helpers.h"
#include "hlcnn/core/messages.h"

namespace hlcnn::ops {
namespace {

// Collects the primitives of one block under the block's id prefix.
class Sub {
public:
    Sub(const OpContext& ctx) : prefix_(ctx.nodeId + ".") {}

    std::string add(const std::string& local, const std::string& op, std::vector<std::string> inputs, Attrs attrs = {}) {
        Node n{prefix_ + local, op, std::move(inputs), std::move(attrs)};
        nodes_.push_back(n);
        return n.id;
    }
    // conv + batchnorm [+ activation] with torchvision's Conv2dNormActivation names: P.0, P.1, P.2
    std::string convBnAct(const std::string& local, const std::string& in, Attrs conv, const std::string& act,
                          double eps, const std::string& convOp = "conv2d") {
        std::string x = add(local + ".0", convOp, {in}, std::move(conv));
        x = add(local + ".1", "batchnorm", {x}, AttrBuilder().f("eps", eps));
        if (!act.empty() && act != "none") x = add(local + ".2", act, {x});
        return x;
    }
    Expansion done(const std::string& output) { return Expansion{std::move(nodes_), output}; }

private:
    std::string prefix_;
    std::vector<Node> nodes_;
};

OpSchema block(std::string name, std::string category, std::string summary) {
    OpSchema s;
    s.name = std::move(name);
    s.category = std::move(category);
    s.summary = std::move(summary);
    s.composite = true;
    return s;
}

AttrBuilder conv(std::int64_t out, std::int64_t k, std::int64_t stride = 1, std::int64_t groups = 1, bool bias = false) {
    AttrBuilder a;
    a.i("out_channels", out).i("kernel", k).i("stride", stride).i("groups", groups).b("bias", bias);
    return a;
}

AttrBuilder dw(std::int64_t k, std::int64_t stride, std::int64_t dilation = 1) {
    AttrBuilder a;
    a.i("kernel", k).i("stride", stride).i("dilation", dilation);
    return a;
}

std::vector<std::string> activationChoices() {
    std::vector<std::string> v = activationNames();
    return v;
}


}  // namespace

void defineCompositeBlocks(std::vector<OpSchema>& ops) {
    // Every composite's infer runs its expansion: the analysis does that anyway, here only the
    // registry needs a rule, so infer is left empty and analysis expands instead.
    {
        OpSchema s = block("dwsep_block", "Mobile blocks", "depthwise-separable conv: dw kxk + BN + act, 1x1 + BN + act");
        s.attrs = {intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true), intAttr("kernel", 3, 1, 15, "depthwise kernel"),
                   intAttr("stride", 1, 1, 4, "depthwise stride"), enumAttr("activation", "relu", activationChoices(), "activation"),
                   floatAttr("bn_eps", 1e-5, 1e-12, 1, "batchnorm eps")};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            std::string x = b.convBnAct("dw", ctx.nodeId + "#in0", dw(a.integer("kernel"), a.integer("stride")),
                                        a.string("activation"), a.real("bn_eps"), "depthwise_conv");
            x = b.convBnAct("pw", x, AttrBuilder().i("out_channels", a.integer("out_channels")), a.string("activation"),
                            a.real("bn_eps"), "pointwise_conv");
            return b.done(x);
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = block("inverted_residual", "Mobile blocks",
                           "MobileNetV2 inverted residual: 1x1 expand, kxk depthwise, 1x1 linear project, residual");
        s.attrs = {intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true),
                   floatAttr("expand_ratio", 6, 1, 64, "hidden = round(in * ratio)"), intAttr("kernel", 3, 1, 15, "depthwise kernel"),
                   intAttr("stride", 1, 1, 4, "depthwise stride"), enumAttr("activation", "relu6", activationChoices(), "activation"),
                   floatAttr("bn_eps", 1e-5, 1e-12, 1, "batchnorm eps")};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            const std::int64_t in = ctx.inputs[0].channels(), out = a.integer("out_channels");
            const std::int64_t hidden = std::int64_t(std::llround(double(in) * a.real("expand_ratio")));
            const std::string act = a.string("activation");
            const double eps = a.real("bn_eps");
            std::string x = ctx.nodeId + "#in0";
            int i = 0;
            if (hidden != in) x = b.convBnAct("conv." + std::to_string(i++), x, conv(hidden, 1), act, eps);
            x = b.convBnAct("conv." + std::to_string(i++), x, dw(a.integer("kernel"), a.integer("stride")), act, eps,
                            "depthwise_conv");
            x = b.add("conv." + std::to_string(i++), "conv2d", {x}, conv(out, 1));
            x = b.add("conv." + std::to_string(i++), "batchnorm", {x}, AttrBuilder().f("eps", eps));
            if (a.integer("stride") == 1 && in == out) x = b.add("residual", "add", {ctx.nodeId + "#in0", x});
            return b.done(x);
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = block("mbconv", "Mobile blocks",
                           "MBConv (MobileNetV3 / EfficientNet): expand, depthwise, optional SE, project, residual");
        s.attrs = {intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true),
                   intAttr("expanded_channels", 0, 0, kMaxChannels, "hidden channels (0: input * expand_ratio, multiple of 8)"),
                   floatAttr("expand_ratio", 6, 1, 64, "used when expanded_channels is 0"),
                   intAttr("kernel", 3, 1, 15, "depthwise kernel"), intAttr("stride", 1, 1, 4, "depthwise stride"),
                   intAttr("dilation", 1, 1, 8, "depthwise dilation"),
                   enumAttr("activation", "hardswish", activationChoices(), "activation"),
                   boolAttr("se", false, "squeeze-and-excitation after the depthwise conv"),
                   intAttr("se_squeeze_channels", 0, 0, kMaxChannels, "SE hidden units (0: expanded/4, multiple of 8)"),
                   enumAttr("se_delta", "relu", activationChoices(), "SE inner activation"),
                   enumAttr("se_gate", "hardsigmoid", {"sigmoid", "hardsigmoid"}, "SE gate"),
                   floatAttr("bn_eps", 1e-3, 1e-12, 1, "batchnorm eps")};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            const std::int64_t in = ctx.inputs[0].channels(), out = a.integer("out_channels");
            const std::int64_t hidden = a.integer("expanded_channels") > 0 ? a.integer("expanded_channels")
                                                                           : makeDivisible(double(in) * a.real("expand_ratio"), 8);
            const std::string act = a.string("activation");
            const double eps = a.real("bn_eps");
            std::string x = ctx.nodeId + "#in0";
            int i = 0;
            auto next = [&] { return "block." + std::to_string(i++); };
            if (hidden != in) x = b.convBnAct(next(), x, conv(hidden, 1), act, eps);
            const std::int64_t stride = a.integer("dilation") > 1 ? 1 : a.integer("stride");
            x = b.convBnAct(next(), x, dw(a.integer("kernel"), stride, a.integer("dilation")), act, eps, "depthwise_conv");
            if (a.boolean("se")) {
                const std::int64_t sq = a.integer("se_squeeze_channels") > 0 ? a.integer("se_squeeze_channels")
                                                                             : makeDivisible(double(hidden) / 4.0, 8);
                x = b.add(next(), "channel_attention", {x},
                          AttrBuilder().i("squeeze_channels", sq).s("delta", a.string("se_delta")).s("gate", a.string("se_gate")));
            }
            x = b.convBnAct(next(), x, conv(out, 1), "none", eps);
            if (stride == 1 && in == out) x = b.add("residual", "add", {ctx.nodeId + "#in0", x});
            return b.done(x);
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = block("bottleneck", "Mobile blocks",
                           "classic bottleneck: 1x1 reduce, 3x3 depthwise, optional attention, 1x1 expand, residual");
        s.attrs = {intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true),
                   intAttr("reduction", 4, 1, 64, "mid channels = out / reduction"), intAttr("stride", 1, 1, 4, "depthwise stride"),
                   enumAttr("activation", "relu", activationChoices(), "activation"),
                   enumAttr("attention", "none", {"none", "se", "eca"}, "channel attention after the depthwise conv"),
                   floatAttr("bn_eps", 1e-5, 1e-12, 1, "batchnorm eps")};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            const std::int64_t in = ctx.inputs[0].channels(), out = a.integer("out_channels");
            const std::int64_t mid = std::max<std::int64_t>(1, out / a.integer("reduction"));
            const std::string act = a.string("activation");
            const double eps = a.real("bn_eps");
            const std::string x0 = ctx.nodeId + "#in0";
            std::string x = b.convBnAct("reduce", x0, conv(mid, 1), act, eps);
            x = b.convBnAct("dw", x, dw(3, a.integer("stride")), act, eps, "depthwise_conv");
            if (a.string("attention") == "se") x = b.add("attention", "channel_attention", {x});
            if (a.string("attention") == "eca") x = b.add("attention", "eca", {x});
            x = b.convBnAct("expand", x, conv(out, 1), "none", eps);
            std::string shortcut = x0;
            if (a.integer("stride") != 1 || in != out) {
                shortcut = b.add("shortcut.0", "conv2d", {x0}, conv(out, 1, a.integer("stride")).i("padding", 0));
                shortcut = b.add("shortcut.1", "batchnorm", {shortcut}, AttrBuilder().f("eps", eps));
            }
            x = b.add("residual", "add", {shortcut, x});
            return b.done(b.add("out_act", act, {x}));
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = block("fire", "Mobile blocks", "SqueezeNet Fire: 1x1 squeeze, then 1x1 and 3x3 expand, concatenated");
        s.attrs = {intAttr("squeeze", 0, 1, kMaxChannels, "squeeze channels", true), intAttr("expand1x1", 0, 1, kMaxChannels, "1x1 expand channels", true),
                   intAttr("expand3x3", 0, 1, kMaxChannels, "3x3 expand channels", true)};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            std::string sq = b.add("squeeze", "conv2d", {ctx.nodeId + "#in0"}, conv(a.integer("squeeze"), 1, 1, 1, true));
            sq = b.add("squeeze_activation", "relu", {sq});
            std::string e1 = b.add("expand1x1", "conv2d", {sq}, conv(a.integer("expand1x1"), 1, 1, 1, true));
            e1 = b.add("expand1x1_activation", "relu", {e1});
            std::string e3 = b.add("expand3x3", "conv2d", {sq}, conv(a.integer("expand3x3"), 3, 1, 1, true).i("padding", 1));
            e3 = b.add("expand3x3_activation", "relu", {e3});
            return b.done(b.add("cat", "concat", {e1, e3}));
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = block("shufflenet_v1_unit", "Mobile blocks",
                           "ShuffleNet v1 unit: grouped 1x1, shuffle, 3x3 depthwise, grouped 1x1; add or concat with avg-pool");
        s.attrs = {intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true), intAttr("groups", 3, 1, 64, "1x1 conv groups"),
                   intAttr("stride", 1, 1, 2, "1 (residual add) or 2 (concat with 3x3 avg-pool)"),
                   intAttr("mid_channels", 0, 0, kMaxChannels, "bottleneck channels (0: out/4)"),
                   boolAttr("first_group", false, "first 1x1 is not grouped (first unit of the net)")};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            const std::int64_t in = ctx.inputs[0].channels(), out = a.integer("out_channels"), g = a.integer("groups");
            const std::int64_t stride = a.integer("stride");
            const std::int64_t mid = a.integer("mid_channels") > 0 ? a.integer("mid_channels") : out / 4;
            const std::int64_t branch = stride == 2 ? out - in : out;
            if (branch <= 0) throw OpError(say(msg::kShuffleStride2, {std::to_string(in)}));
            const std::string x0 = ctx.nodeId + "#in0";
            std::string x = b.add("branch_main_1.0", "conv2d", {x0}, conv(mid, 1, 1, a.boolean("first_group") ? 1 : g));
            x = b.add("branch_main_1.1", "batchnorm", {x});
            x = b.add("branch_main_1.2", "relu", {x});
            x = b.add("branch_main_1.3", "depthwise_conv", {x}, dw(3, stride));
            x = b.add("branch_main_1.4", "batchnorm", {x});
            if (g > 1) x = b.add("shuffle", "channel_shuffle", {x}, AttrBuilder().i("groups", g));
            x = b.add("branch_main_2.0", "conv2d", {x}, conv(branch, 1, 1, g));
            x = b.add("branch_main_2.1", "batchnorm", {x});
            if (stride == 1) {
                x = b.add("residual", "add", {x0, x});
                return b.done(b.add("out_act", "relu", {x}));
            }
            std::string proj = b.add("branch_proj", "avgpool", {x0}, AttrBuilder().i("kernel", 3).i("stride", 2).i("padding", 1));
            x = b.add("main_act", "relu", {x});
            return b.done(b.add("cat", "concat", {proj, x}));
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = block("shufflenet_v2_unit", "Mobile blocks",
                           "ShuffleNet v2 unit: channel split (or two branches when striding), concat, shuffle");
        s.attrs = {intAttr("out_channels", 0, 2, kMaxChannels, "output channels (even)", true),
                   intAttr("stride", 1, 1, 3, "1: split + identity half; 2: two downsampling branches")};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            const std::int64_t in = ctx.inputs[0].channels(), out = a.integer("out_channels"), stride = a.integer("stride");
            if (out % 2) throw OpError(say(msg::kEvenOut));
            const std::int64_t half = out / 2;
            if (stride == 1 && in != 2 * half)
                throw OpError(say(msg::kShuffleStride1, {std::to_string(in), std::to_string(out)}));
            const std::string x0 = ctx.nodeId + "#in0";
            std::string left, x;
            if (stride > 1) {
                left = b.add("branch1.0", "depthwise_conv", {x0}, dw(3, stride));
                left = b.add("branch1.1", "batchnorm", {left});
                left = b.add("branch1.2", "conv2d", {left}, conv(half, 1));
                left = b.add("branch1.3", "batchnorm", {left});
                left = b.add("branch1.4", "relu", {left});
                x = x0;
            } else {
                left = b.add("split0", "channel_split", {x0}, AttrBuilder().i("parts", 2).i("index", 0));
                x = b.add("split1", "channel_split", {x0}, AttrBuilder().i("parts", 2).i("index", 1));
            }
            x = b.add("branch2.0", "conv2d", {x}, conv(half, 1));
            x = b.add("branch2.1", "batchnorm", {x});
            x = b.add("branch2.2", "relu", {x});
            x = b.add("branch2.3", "depthwise_conv", {x}, dw(3, stride));
            x = b.add("branch2.4", "batchnorm", {x});
            x = b.add("branch2.5", "conv2d", {x}, conv(half, 1));
            x = b.add("branch2.6", "batchnorm", {x});
            x = b.add("branch2.7", "relu", {x});
            x = b.add("cat", "concat", {left, x});
            return b.done(b.add("shuffle", "channel_shuffle", {x}, AttrBuilder().i("groups", 2)));
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = block("ghost_module", "Mobile blocks",
                           "Ghost module: primary conv makes out/ratio maps, cheap depthwise ops make the rest");
        s.attrs = {intAttr("out_channels", 0, 1, kMaxChannels, "output channels (a multiple of ratio)", true),
                   intAttr("ratio", 2, 2, 16, "total / intrinsic maps"), intAttr("kernel", 1, 1, 15, "primary kernel"),
                   intAttr("dw_kernel", 3, 1, 15, "cheap-operation kernel"), intAttr("stride", 1, 1, 4, "primary stride"),
                   boolAttr("relu", true, "ReLU after both parts")};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            const std::int64_t out = a.integer("out_channels"), ratio = a.integer("ratio");
            if (out % ratio) throw OpError(say(msg::kGhostRatio));
            const std::int64_t init = out / ratio;
            const std::string act = a.boolean("relu") ? "relu" : "none";
            std::string p = b.convBnAct("primary_conv", ctx.nodeId + "#in0",
                                        conv(init, a.integer("kernel"), a.integer("stride")).i("padding", a.integer("kernel") / 2),
                                        act, 1e-5);
            std::string c = b.convBnAct("cheap_operation", p,
                                        AttrBuilder().i("kernel", a.integer("dw_kernel")).i("multiplier", ratio - 1)
                                            .i("padding", a.integer("dw_kernel") / 2),
                                        act, 1e-5, "depthwise_conv");
            return b.done(b.add("cat", "concat", {p, c}));
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = block("ghost_bottleneck", "Mobile blocks",
                           "GhostNet bottleneck: ghost module, optional stride-2 depthwise, optional SE, ghost module");
        s.attrs = {intAttr("mid_channels", 0, 1, kMaxChannels, "expanded channels", true),
                   intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true), intAttr("dw_kernel", 3, 1, 15, "depthwise kernel"),
                   intAttr("stride", 1, 1, 2, "stride"), floatAttr("se_ratio", 0, 0, 1, "SE squeeze ratio (0: no SE)")};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            const std::int64_t in = ctx.inputs[0].channels(), mid = a.integer("mid_channels"), out = a.integer("out_channels");
            const std::int64_t k = a.integer("dw_kernel"), stride = a.integer("stride");
            const std::string x0 = ctx.nodeId + "#in0";
            std::string x = b.add("ghost1", "ghost_module", {x0}, AttrBuilder().i("out_channels", mid));
            if (stride > 1) {
                x = b.add("conv_dw", "depthwise_conv", {x}, dw(k, stride));
                x = b.add("bn_dw", "batchnorm", {x});
            }
            if (a.real("se_ratio") > 0)
                x = b.add("se", "channel_attention", {x},
                          AttrBuilder().i("squeeze_channels", makeDivisible(double(mid) * a.real("se_ratio"), 4))
                              .s("gate", "hardsigmoid"));
            x = b.add("ghost2", "ghost_module", {x}, AttrBuilder().i("out_channels", out).b("relu", false));
            std::string shortcut = x0;
            if (in != out || stride != 1) {
                shortcut = b.add("shortcut.0", "depthwise_conv", {x0}, dw(k, stride));
                shortcut = b.add("shortcut.1", "batchnorm", {shortcut});
                shortcut = b.add("shortcut.2", "conv2d", {shortcut}, conv(out, 1));
                shortcut = b.add("shortcut.3", "batchnorm", {shortcut});
            }
            return b.done(b.add("residual", "add", {shortcut, x}));
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = block("basic_block", "Mobile blocks", "ResNet basic block: two 3x3 convs with BN, residual");
        s.attrs = {intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true), intAttr("stride", 1, 1, 4, "first conv stride")};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            const std::int64_t in = ctx.inputs[0].channels(), out = a.integer("out_channels"), stride = a.integer("stride");
            const std::string x0 = ctx.nodeId + "#in0";
            std::string x = b.add("conv1", "conv2d", {x0}, conv(out, 3, stride));
            x = b.add("bn1", "batchnorm", {x});
            x = b.add("relu", "relu", {x});
            x = b.add("conv2", "conv2d", {x}, conv(out, 3));
            x = b.add("bn2", "batchnorm", {x});
            std::string shortcut = x0;
            if (stride != 1 || in != out) {
                shortcut = b.add("downsample.0", "conv2d", {x0}, conv(out, 1, stride).i("padding", 0));
                shortcut = b.add("downsample.1", "batchnorm", {shortcut});
            }
            x = b.add("residual", "add", {x, shortcut});
            return b.done(b.add("relu_out", "relu", {x}));
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = block("hlcnn_block", "Mobile blocks",
                           "HL-CNN bottleneck: 1x1 expand, depthwise, channel attention, 1x1 project, "
                           "learnable fusion alpha*F1 + beta*F2 with the (resampled) block input");
        s.attrs = {intAttr("out_channels", 0, 1, kMaxChannels, "output channels", true),
                   floatAttr("expand_ratio", 4, 1, 16, "hidden = round(in * ratio)"), intAttr("kernel", 3, 1, 15, "depthwise kernel"),
                   intAttr("stride", 1, 1, 2, "depthwise stride"),
                   enumAttr("activation", "hardswish", activationChoices(), "activation"),
                   enumAttr("attention", "se", {"none", "se", "eca"}, "channel attention after the depthwise conv"),
                   intAttr("se_reduction", 4, 1, 64, "SE squeeze ratio"),
                   enumAttr("fusion", "learnable", {"learnable", "add", "none"},
                            "how the block output F1 meets the input F2: alpha*F1+beta*F2, F1+F2 (same shape only) or F1 alone"),
                   enumAttr("fusion_mode", "scalar", {"scalar", "channel"}, "alpha/beta per block or per channel"),
                   floatAttr("bn_eps", 1e-5, 1e-12, 1, "batchnorm eps")};
        s.expand = [](const OpContext& ctx) {
            Sub b(ctx);
            const Attrs& a = ctx.attrs;
            const std::int64_t in = ctx.inputs[0].channels(), out = a.integer("out_channels");
            const std::int64_t hidden = std::max<std::int64_t>(1, std::llround(double(in) * a.real("expand_ratio")));
            const std::string act = a.string("activation");
            const double eps = a.real("bn_eps");
            const std::string x0 = ctx.nodeId + "#in0";
            std::string x = x0;
            if (hidden != in) x = b.convBnAct("expand", x, conv(hidden, 1), act, eps);
            x = b.convBnAct("dw", x, dw(a.integer("kernel"), a.integer("stride")), act, eps, "depthwise_conv");
            if (a.string("attention") == "se")
                x = b.add("attention", "channel_attention", {x},
                          AttrBuilder().i("reduction", a.integer("se_reduction")).s("delta", "relu").s("gate", "hardsigmoid"));
            else if (a.string("attention") == "eca")
                x = b.add("attention", "eca", {x});
            x = b.convBnAct("project", x, conv(out, 1), "none", eps);
            const std::string& fusion = a.string("fusion");
            const bool sameShape = a.integer("stride") == 1 && in == out;
            if (fusion == "learnable")
                x = b.add("fusion", "fusion", {x, x0}, AttrBuilder().s("mode", a.string("fusion_mode")));
            else if (fusion == "add" && sameShape)
                x = b.add("residual", "add", {x0, x});
            return b.done(x);
        };
        ops.push_back(std::move(s));
    }
}

}  // namespace hlcnn::ops
