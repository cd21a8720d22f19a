// MobileNet V1 (Howard et al. 2017), V2 and V3 (torchvision's definitions and names).
#include "graph_builder.h"

namespace hlcnn::models {

Graph mobilenetV1(const ModelOptions& o) {
    GraphBuilder b("mobilenet_v1", o);
    const bool cifar = b.cifar();
    auto ch = [&](double c) { return std::max<std::int64_t>(1, std::int64_t(c * o.width)); };  // alpha scaling, as the paper
    std::string x = b.convBnAct("features.0", kGraphInputId, convAttrs(ch(32), 3, cifar ? 1 : 2), "relu");
    // (out, stride) of the 13 depthwise-separable layers
    const std::vector<std::pair<int, int>> layers{{64, 1},  {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1},
                                                  {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
    int index = 1;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        int stride = layers[i].second;
        if (cifar && i == 1) stride = 1;  // CIFAR: 32x32 -> 4x4 after three stride-2 layers
        x = b.add("features." + std::to_string(index++), "dwsep_block", {x},
                  A().i("out_channels", ch(layers[i].first)).i("stride", stride));
    }
    x = b.pool("avgpool", x);
    return b.finish(b.add("classifier", "linear", {x}, A().i("out_features", o.classes)));
}

Graph mobilenetV2(const ModelOptions& o) {
    GraphBuilder b("mobilenet_v2", o);
    const bool cifar = b.cifar();
    std::int64_t in = b.channels(32);
    const std::int64_t last = makeDivisible(1280 * std::max(1.0, o.width), 8);
    std::string x = b.convBnAct("features.0", kGraphInputId, convAttrs(in, 3, cifar ? 1 : 2), "relu6");
    struct Setting { int t, c, n, s; };
    const std::vector<Setting> settings{{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
                                        {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    int index = 1;
    for (std::size_t si = 0; si < settings.size(); ++si) {
        const Setting& st = settings[si];
        const std::int64_t out = b.channels(st.c);
        for (int i = 0; i < st.n; ++i) {
            int stride = i == 0 ? st.s : 1;
            if (cifar && si == 1 && i == 0) stride = 1;  // the usual CIFAR port: stem and stage 2 keep resolution
            x = b.add("features." + std::to_string(index++), "inverted_residual", {x},
                      A().i("out_channels", out).f("expand_ratio", st.t).i("stride", stride));
            in = out;
        }
    }
    x = b.convBnAct("features." + std::to_string(index), x, convAttrs(last, 1), "relu6");
    x = b.pool("avgpool", x);
    x = b.add("classifier.0", "dropout", {x}, A().f("p", 0.2));
    return b.finish(b.add("classifier.1", "linear", {x}, A().i("out_features", o.classes)));
}

Graph mobilenetV3(const ModelOptions& o, bool large) {
    GraphBuilder b(large ? "mobilenet_v3_large" : "mobilenet_v3_small", o);
    const bool cifar = b.cifar();
    const double eps = 1e-3;
    struct Cfg { int in, k, exp, out; bool se; const char* act; int s; };
    const std::vector<Cfg> largeCfg{
        {16, 3, 16, 16, false, "relu", 1},        {16, 3, 64, 24, false, "relu", 2},
        {24, 3, 72, 24, false, "relu", 1},        {24, 5, 72, 40, true, "relu", 2},
        {40, 5, 120, 40, true, "relu", 1},        {40, 5, 120, 40, true, "relu", 1},
        {40, 3, 240, 80, false, "hardswish", 2},  {80, 3, 200, 80, false, "hardswish", 1},
        {80, 3, 184, 80, false, "hardswish", 1},  {80, 3, 184, 80, false, "hardswish", 1},
        {80, 3, 480, 112, true, "hardswish", 1},  {112, 3, 672, 112, true, "hardswish", 1},
        {112, 5, 672, 160, true, "hardswish", 2}, {160, 5, 960, 160, true, "hardswish", 1},
        {160, 5, 960, 160, true, "hardswish", 1}};
    const std::vector<Cfg> smallCfg{
        {16, 3, 16, 16, true, "relu", 2},        {16, 3, 72, 24, false, "relu", 2},
        {24, 3, 88, 24, false, "relu", 1},       {24, 5, 96, 40, true, "hardswish", 2},
        {40, 5, 240, 40, true, "hardswish", 1},  {40, 5, 240, 40, true, "hardswish", 1},
        {40, 5, 120, 48, true, "hardswish", 1},  {48, 5, 144, 48, true, "hardswish", 1},
        {48, 5, 288, 96, true, "hardswish", 2},  {96, 5, 576, 96, true, "hardswish", 1},
        {96, 5, 576, 96, true, "hardswish", 1}};
    const auto& cfg = large ? largeCfg : smallCfg;
    const std::size_t cifarKeep = large ? 1 : 0;  // the first stride-2 block keeps resolution on CIFAR
    std::string x = b.convBnAct("features.0", kGraphInputId, convAttrs(b.channels(16), 3, cifar ? 1 : 2), "hardswish", eps);
    int index = 1;
    std::int64_t lastOut = 0;
    for (std::size_t i = 0; i < cfg.size(); ++i) {
        const Cfg& c = cfg[i];
        const std::int64_t exp = b.channels(c.exp), out = b.channels(c.out);
        int stride = (cifar && i == cifarKeep) ? 1 : c.s;
        x = b.add("features." + std::to_string(index++), "mbconv", {x},
                  A().i("out_channels", out).i("expanded_channels", exp).i("kernel", c.k).i("stride", stride)
                      .s("activation", c.act).b("se", c.se).i("se_squeeze_channels", makeDivisible(exp / 4, 8))
                      .s("se_delta", "relu").s("se_gate", "hardsigmoid").f("bn_eps", eps));
        lastOut = out;
    }
    x = b.convBnAct("features." + std::to_string(index), x, convAttrs(6 * lastOut, 1), "hardswish", eps);
    x = b.pool("avgpool", x);
    const std::int64_t lastChannel = b.channels(large ? 1280 : 1024);
    x = b.add("classifier.0", "linear", {x}, A().i("out_features", lastChannel));
    x = b.add("classifier.1", "hardswish", {x});
    x = b.add("classifier.2", "dropout", {x}, A().f("p", 0.2));
    return b.finish(b.add("classifier.3", "linear", {x}, A().i("out_features", o.classes)));
}

}  // namespace hlcnn::models
