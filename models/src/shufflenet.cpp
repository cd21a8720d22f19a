// ShuffleNet v1 (Zhang et al. 2018, g=3, megvii's reference layout) and v2 (torchvision).
#include "graph_builder.h"

#include <stdexcept>

namespace hlcnn::models {

Graph shufflenetV1(const ModelOptions& o) {
    GraphBuilder b("shufflenet_v1", o);
    const bool cifar = b.cifar();
    const std::int64_t groups = 3;
    // g=3 stage widths at 1.0x are 240/480/960; the multiplier scales them (2.0x: 480/960/1920).
    auto scaled = [&](double c) {
        const std::int64_t v = std::int64_t(c * o.width + 0.5);
        return (v + 2 * groups - 1) / (2 * groups) * (2 * groups);  // divisible by groups, and even for mid = out/4
    };
    const std::int64_t stem = std::int64_t(24 * o.width + 0.5);
    std::string x = b.convBnAct("first_conv", kGraphInputId, convAttrs(stem, 3, cifar ? 1 : 2), "relu");
    if (!cifar) x = b.add("maxpool", "maxpool", {x}, A().i("kernel", 3).i("stride", 2).i("padding", 1));
    const std::vector<std::int64_t> widths{scaled(240), scaled(480), scaled(960)};
    const std::vector<int> repeats{4, 8, 4};
    int index = 0;
    for (std::size_t s = 0; s < widths.size(); ++s)
        for (int i = 0; i < repeats[s]; ++i) {
            const bool first = s == 0 && i == 0;
            x = b.add("features." + std::to_string(index++), "shufflenet_v1_unit", {x},
                      A().i("out_channels", widths[s]).i("groups", groups).i("stride", i == 0 ? 2 : 1)
                          .i("mid_channels", widths[s] / 4).b("first_group", first));
        }
    x = b.pool("globalpool", x);
    return b.finish(b.add("classifier.0", "linear", {x}, A().i("out_features", o.classes).b("bias", false)));
}

Graph shufflenetV2(const ModelOptions& o, double size) {
    std::vector<std::int64_t> widths;
    std::string name;
    if (size == 0.5) widths = {24, 48, 96, 192, 1024}, name = "shufflenet_v2_x0_5";
    else if (size == 1.0) widths = {24, 116, 232, 464, 1024}, name = "shufflenet_v2_x1_0";
    else if (size == 1.5) widths = {24, 176, 352, 704, 1024}, name = "shufflenet_v2_x1_5";
    else if (size == 2.0) widths = {24, 244, 488, 976, 2048}, name = "shufflenet_v2_x2_0";
    else throw std::invalid_argument("ShuffleNet v2 sizes are 0.5, 1.0, 1.5 and 2.0");
    GraphBuilder b(name, o);
    const bool cifar = b.cifar();
    std::string x = b.convBnAct("conv1", kGraphInputId, convAttrs(widths[0], 3, cifar ? 1 : 2), "relu");
    if (!cifar) x = b.add("maxpool", "maxpool", {x}, A().i("kernel", 3).i("stride", 2).i("padding", 1));
    const std::vector<int> repeats{4, 8, 4};
    for (int s = 0; s < 3; ++s)
        for (int i = 0; i < repeats[s]; ++i)
            x = b.add("stage" + std::to_string(s + 2) + "." + std::to_string(i), "shufflenet_v2_unit", {x},
                      A().i("out_channels", widths[s + 1]).i("stride", i == 0 ? 2 : 1));
    x = b.convBnAct("conv5", x, convAttrs(widths[4], 1), "relu");
    x = b.pool("mean", x);
    return b.finish(b.add("fc", "linear", {x}, A().i("out_features", o.classes)));
}

}  // namespace hlcnn::models
