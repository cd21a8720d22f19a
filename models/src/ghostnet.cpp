// GhostNet 1.0 (Han et al. 2020), following huawei-noah's reference layout and names.
#include "graph_builder.h"

namespace hlcnn::models {

Graph ghostnet(const ModelOptions& o) {
    GraphBuilder b("ghostnet", o);
    const bool cifar = b.cifar();
    auto ch = [&](double c) { return makeDivisible(c * o.width, 4); };
    std::string x = b.add("conv_stem", "conv2d", {kGraphInputId}, convAttrs(ch(16), 3, cifar ? 1 : 2));
    x = b.add("bn1", "batchnorm", {x});
    x = b.add("act1", "relu", {x});
    struct Cfg { int k, exp, out; double se; int s; };
    const std::vector<std::vector<Cfg>> stages{
        {{3, 16, 16, 0, 1}},
        {{3, 48, 24, 0, 2}},
        {{3, 72, 24, 0, 1}},
        {{5, 72, 40, 0.25, 2}},
        {{5, 120, 40, 0.25, 1}},
        {{3, 240, 80, 0, 2}},
        {{3, 200, 80, 0, 1}, {3, 184, 80, 0, 1}, {3, 184, 80, 0, 1}, {3, 480, 112, 0.25, 1}, {3, 672, 112, 0.25, 1}},
        {{5, 672, 160, 0.25, 2}},
        {{5, 960, 160, 0, 1}, {5, 960, 160, 0.25, 1}, {5, 960, 160, 0, 1}, {5, 960, 160, 0.25, 1}}};
    for (std::size_t s = 0; s < stages.size(); ++s)
        for (std::size_t i = 0; i < stages[s].size(); ++i) {
            const Cfg& c = stages[s][i];
            const int stride = (cifar && s == 1) ? 1 : c.s;  // CIFAR: the first stride-2 stage keeps resolution
            x = b.add("blocks." + std::to_string(s) + "." + std::to_string(i), "ghost_bottleneck", {x},
                      A().i("mid_channels", ch(c.exp)).i("out_channels", ch(c.out)).i("dw_kernel", c.k).i("stride", stride)
                          .f("se_ratio", c.se));
        }
    x = b.add("blocks.9.conv", "conv2d", {x}, convAttrs(ch(960), 1));
    x = b.add("blocks.9.bn1", "batchnorm", {x});
    x = b.add("blocks.9.act1", "relu", {x});
    x = b.add("global_pool", "global_avgpool", {x});
    x = b.add("conv_head", "conv2d", {x}, convAttrs(1280, 1, 1, true));
    x = b.add("act2", "relu", {x});
    x = b.add("flatten", "flatten", {x});
    x = b.add("dropout", "dropout", {x}, A().f("p", 0.2));
    return b.finish(b.add("classifier", "linear", {x}, A().i("out_features", o.classes)));
}

}  // namespace hlcnn::models
