#include "hlcnn/models/zoo.h"

#include "graph_builder.h"

namespace hlcnn::models {

std::string stemName(Stem stem) { return stem == Stem::Cifar ? "cifar" : "imagenet"; }

Stem parseStem(const std::string& text) {
    if (text == "imagenet") return Stem::ImageNet;
    if (text == "cifar") return Stem::Cifar;
    throw std::invalid_argument("stem must be 'imagenet' or 'cifar', not '" + text + "'");
}

const std::vector<ModelInfo>& zoo() {
    static const std::vector<ModelInfo> models{
        {"mobilenet_v1", "MobileNet", "MobileNetV1 (alpha = width, resolution), 569M MACs at 1.0-224", true, false, mobilenetV1},
        {"mobilenet_v2", "MobileNet", "MobileNetV2 1.0, inverted residuals", true, true, mobilenetV2},
        {"mobilenet_v3_small", "MobileNet", "MobileNetV3-Small, SE + hard-swish", true, true,
         [](const ModelOptions& o) { return mobilenetV3(o, false); }},
        {"mobilenet_v3_large", "MobileNet", "MobileNetV3-Large, SE + hard-swish", true, true,
         [](const ModelOptions& o) { return mobilenetV3(o, true); }},
        {"shufflenet_v1", "ShuffleNet", "ShuffleNet v1, g=3 (width 1.0 or 2.0; 2.0x is 524M MACs)", true, false, shufflenetV1},
        {"shufflenet_v2_x0_5", "ShuffleNet", "ShuffleNet v2 0.5x", false, true,
         [](const ModelOptions& o) { return shufflenetV2(o, 0.5); }},
        {"shufflenet_v2_x1_0", "ShuffleNet", "ShuffleNet v2 1.0x", false, true,
         [](const ModelOptions& o) { return shufflenetV2(o, 1.0); }},
        {"shufflenet_v2_x1_5", "ShuffleNet", "ShuffleNet v2 1.5x", false, true,
         [](const ModelOptions& o) { return shufflenetV2(o, 1.5); }},
        {"shufflenet_v2_x2_0", "ShuffleNet", "ShuffleNet v2 2.0x", false, true,
         [](const ModelOptions& o) { return shufflenetV2(o, 2.0); }},
        {"squeezenet1_0", "SqueezeNet", "SqueezeNet 1.0 (833M MACs at 227x227)", false, true,
         [](const ModelOptions& o) { return squeezenet(o, false); }},
        {"squeezenet1_1", "SqueezeNet", "SqueezeNet 1.1", false, true, [](const ModelOptions& o) { return squeezenet(o, true); }},
        {"ghostnet", "GhostNet", "GhostNet 1.0", true, false, ghostnet},
        {"efficientnet_b0", "EfficientNet", "EfficientNet-B0", false, true, efficientnetB0},
        {"resnet18", "ResNet", "ResNet-18 (reference)", false, true, resnet18},
        {"hlcnn_s", "HL-CNN", "HL-CNN small: dw-separable bottlenecks + SE + learnable fusion", true, false,
         [](const ModelOptions& o) { return hlcnn(o, 's'); }},
        {"hlcnn_m", "HL-CNN", "HL-CNN medium", true, false, [](const ModelOptions& o) { return hlcnn(o, 'm'); }},
        {"hlcnn_l", "HL-CNN", "HL-CNN large", true, false, [](const ModelOptions& o) { return hlcnn(o, 'l'); }},
    };
    return models;
}

const ModelInfo* findModel(const std::string& name) {
    for (const ModelInfo& m : zoo())
        if (m.name == name) return &m;
    return nullptr;
}

Graph buildModel(const std::string& name, const ModelOptions& options) {
    const ModelInfo* m = findModel(name);
    if (!m) throw std::invalid_argument("unknown model '" + name + "' (see `hlcnn models`)");
    if (!m->hasWidth && options.width != 1.0)
        throw std::invalid_argument("model '" + name + "' has no width multiplier");
    if (options.depth != 1.0 && m->family != "HL-CNN") throw std::invalid_argument("model '" + name + "' has no depth option (HL-CNN models have)");
    if (!(options.depth > 0 && options.depth <= 4)) throw std::invalid_argument("depth must be in (0, 4], got " + std::to_string(options.depth));
    return m->build(options);
}

}  // namespace hlcnn::models
