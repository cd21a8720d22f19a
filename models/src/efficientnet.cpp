// EfficientNet-B0 (torchvision's definition and names).
#include "graph_builder.h"

namespace hlcnn::models {

Graph efficientnetB0(const ModelOptions& o) {
    GraphBuilder b("efficientnet_b0", o);
    const bool cifar = b.cifar();
    const double eps = 1e-3;
    std::string x = b.convBnAct("features.0", kGraphInputId, convAttrs(b.channels(32), 3, cifar ? 1 : 2), "silu", eps);
    struct Stage { int ratio, k, s, in, out, layers; };
    const std::vector<Stage> stages{{1, 3, 1, 32, 16, 1},  {6, 3, 2, 16, 24, 2},   {6, 5, 2, 24, 40, 2},  {6, 3, 2, 40, 80, 3},
                                    {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4}, {6, 3, 1, 192, 320, 1}};
    std::int64_t lastOut = 0;
    for (std::size_t s = 0; s < stages.size(); ++s) {
        const Stage& st = stages[s];
        for (int i = 0; i < st.layers; ++i) {
            const std::int64_t in = b.channels(i == 0 ? st.in : st.out), out = b.channels(st.out);
            int stride = i == 0 ? st.s : 1;
            if (cifar && s == 1 && i == 0) stride = 1;  // CIFAR: stem and stage 2 keep resolution
            x = b.add("features." + std::to_string(s + 1) + "." + std::to_string(i), "mbconv", {x},
                      A().i("out_channels", out).i("expanded_channels", makeDivisible(double(in) * st.ratio, 8))
                          .i("kernel", st.k).i("stride", stride).s("activation", "silu").b("se", true)
                          .i("se_squeeze_channels", std::max<std::int64_t>(1, in / 4)).s("se_delta", "silu")
                          .s("se_gate", "sigmoid").f("bn_eps", eps));
            lastOut = out;
        }
    }
    x = b.convBnAct("features.8", x, convAttrs(4 * lastOut, 1), "silu", eps);
    x = b.pool("avgpool", x);
    x = b.add("classifier.0", "dropout", {x}, A().f("p", 0.2));
    return b.finish(b.add("classifier.1", "linear", {x}, A().i("out_features", o.classes)));
}

}  // namespace hlcnn::models
