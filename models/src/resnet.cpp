// ResNet-18 (torchvision's definition and names), the reference heavyweight.
#include "graph_builder.h"

namespace hlcnn::models {

Graph resnet18(const ModelOptions& o) {
    GraphBuilder b("resnet18", o);
    const bool cifar = b.cifar();
    // CIFAR: 3x3 stride-1 stem without max-pool (the common CIFAR port), final map 4x4.
    std::string x = b.add("conv1", "conv2d", {kGraphInputId}, cifar ? convAttrs(64, 3, 1) : convAttrs(64, 7, 2));
    x = b.add("bn1", "batchnorm", {x});
    x = b.add("relu", "relu", {x});
    if (!cifar) x = b.add("maxpool", "maxpool", {x}, A().i("kernel", 3).i("stride", 2).i("padding", 1));
    const int widths[] = {64, 128, 256, 512};
    for (int l = 0; l < 4; ++l)
        for (int i = 0; i < 2; ++i)
            x = b.add("layer" + std::to_string(l + 1) + "." + std::to_string(i), "basic_block", {x},
                      A().i("out_channels", widths[l]).i("stride", (l > 0 && i == 0) ? 2 : 1));
    x = b.pool("avgpool", x);
    return b.finish(b.add("fc", "linear", {x}, A().i("out_features", o.classes)));
}

}  // namespace hlcnn::models
