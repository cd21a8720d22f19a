// SqueezeNet 1.0 and 1.1 (torchvision's definitions and names; Caffe's ceil-mode pooling).
#include "graph_builder.h"

namespace hlcnn::models {

Graph squeezenet(const ModelOptions& o, bool v11) {
    GraphBuilder b(v11 ? "squeezenet1_1" : "squeezenet1_0", o);
    const bool cifar = b.cifar();
    auto pool = [&](int index, const std::string& in) {
        return b.add("features." + std::to_string(index), "maxpool", {in},
                     A().i("kernel", 3).i("stride", 2).b("ceil_mode", true));
    };
    auto fire = [&](int index, const std::string& in, int s, int e) {
        return b.add("features." + std::to_string(index), "fire", {in},
                     A().i("squeeze", s).i("expand1x1", e).i("expand3x3", e));
    };
    std::string x;
    // CIFAR: a 3x3 stride-1 stem (padding 1); the three ceil-mode pools then give 32 -> 4.
    const A stem = cifar ? convAttrs(v11 ? 64 : 96, 3, 1, true).i("padding", 1)
                         : convAttrs(v11 ? 64 : 96, v11 ? 3 : 7, 2, true).i("padding", 0);
    x = b.add("features.0", "conv2d", {kGraphInputId}, stem);
    x = b.add("features.1", "relu", {x});
    x = pool(2, x);
    if (!v11) {
        x = fire(3, x, 16, 64);
        x = fire(4, x, 16, 64);
        x = fire(5, x, 32, 128);
        x = pool(6, x);
        x = fire(7, x, 32, 128);
        x = fire(8, x, 48, 192);
        x = fire(9, x, 48, 192);
        x = fire(10, x, 64, 256);
        x = pool(11, x);
        x = fire(12, x, 64, 256);
    } else {
        x = fire(3, x, 16, 64);
        x = fire(4, x, 16, 64);
        x = pool(5, x);
        x = fire(6, x, 32, 128);
        x = fire(7, x, 32, 128);
        x = pool(8, x);
        x = fire(9, x, 48, 192);
        x = fire(10, x, 48, 192);
        x = fire(11, x, 64, 256);
        x = fire(12, x, 64, 256);
    }
    x = b.add("classifier.0", "dropout", {x}, A().f("p", 0.5));
    x = b.add("classifier.1", "conv2d", {x}, convAttrs(o.classes, 1, 1, true));
    x = b.add("classifier.2", "relu", {x});
    x = b.add("classifier.3", "global_avgpool", {x});
    return b.finish(b.add("flatten", "flatten", {x}));
}

}  // namespace hlcnn::models
