#include "engine_text.h"

#include <QCoreApplication>

#include <algorithm>

namespace hlcnn {

namespace {

// Every category, op summary and attribute help text of the op registry (core/src/ops), marked for
// lupdate. tst_designer fails when the registry has a text that is missing here.
const char* const kTexts[] = {
    QT_TRANSLATE_NOOP("EngineText", "Convolution"),
    QT_TRANSLATE_NOOP("EngineText", "2-D convolution (stride, padding, dilation, groups, bias)"),
    QT_TRANSLATE_NOOP("EngineText", "output channels"),
    QT_TRANSLATE_NOOP("EngineText", "square kernel size"),
    QT_TRANSLATE_NOOP("EngineText", "step"),
    QT_TRANSLATE_NOOP("EngineText", "zero padding on each side (-1: (kernel-1)/2*dilation)"),
    QT_TRANSLATE_NOOP("EngineText", "spacing of kernel taps"),
    QT_TRANSLATE_NOOP("EngineText", "channel groups (in and out must divide)"),
    QT_TRANSLATE_NOOP("EngineText", "add a learnable bias"),
    QT_TRANSLATE_NOOP("EngineText", "depthwise convolution: one filter per input channel"),
    QT_TRANSLATE_NOOP("EngineText", "output channels per input channel"),
    QT_TRANSLATE_NOOP("EngineText", "1x1 convolution mixing channels"),
    QT_TRANSLATE_NOOP("EngineText", "channel groups"),
    QT_TRANSLATE_NOOP("EngineText", "Normalization"),
    QT_TRANSLATE_NOOP("EngineText", "batch normalisation over channels"),
    QT_TRANSLATE_NOOP("EngineText", "added to the variance"),
    QT_TRANSLATE_NOOP("EngineText", "running statistics update rate"),
    QT_TRANSLATE_NOOP("EngineText", "Activation"),
    QT_TRANSLATE_NOOP("EngineText", "relu activation, elementwise"),
    QT_TRANSLATE_NOOP("EngineText", "relu6 activation, elementwise"),
    QT_TRANSLATE_NOOP("EngineText", "hardswish activation, elementwise"),
    QT_TRANSLATE_NOOP("EngineText", "hardsigmoid activation, elementwise"),
    QT_TRANSLATE_NOOP("EngineText", "silu activation, elementwise"),
    QT_TRANSLATE_NOOP("EngineText", "sigmoid activation, elementwise"),
    QT_TRANSLATE_NOOP("EngineText", "Pooling & Head"),
    QT_TRANSLATE_NOOP("EngineText", "maxpool over square windows"),
    QT_TRANSLATE_NOOP("EngineText", "window size"),
    QT_TRANSLATE_NOOP("EngineText", "step (0: equal to kernel)"),
    QT_TRANSLATE_NOOP("EngineText", "zero padding on each side"),
    QT_TRANSLATE_NOOP("EngineText", "round the output size up (Caffe's SqueezeNet pools)"),
    QT_TRANSLATE_NOOP("EngineText", "avgpool over square windows"),
    QT_TRANSLATE_NOOP("EngineText", "average over all positions: CxHxW -> Cx1x1"),
    QT_TRANSLATE_NOOP("EngineText", "reshape to a vector"),
    QT_TRANSLATE_NOOP("EngineText", "fully connected layer on a vector"),
    QT_TRANSLATE_NOOP("EngineText", "output features"),
    QT_TRANSLATE_NOOP("EngineText", "randomly zero elements while training"),
    QT_TRANSLATE_NOOP("EngineText", "drop probability"),
    QT_TRANSLATE_NOOP("EngineText", "Merge"),
    QT_TRANSLATE_NOOP("EngineText", "elementwise sum of equally shaped inputs (residual)"),
    QT_TRANSLATE_NOOP("EngineText", "concatenate feature maps along channels"),
    QT_TRANSLATE_NOOP("EngineText", "interleave channel groups (ShuffleNet)"),
    QT_TRANSLATE_NOOP("EngineText", "number of groups"),
    QT_TRANSLATE_NOOP("EngineText", "take one of `parts` equal channel chunks"),
    QT_TRANSLATE_NOOP("EngineText", "number of equal chunks"),
    QT_TRANSLATE_NOOP("EngineText", "which chunk (0-based)"),
    QT_TRANSLATE_NOOP("EngineText", "Attention & Fusion"),
    QT_TRANSLATE_NOOP("EngineText", "squeeze-and-excitation: x * gate(W2 delta(W1 GAP(x)))"),
    QT_TRANSLATE_NOOP("EngineText", "squeeze ratio r: C/r hidden units"),
    QT_TRANSLATE_NOOP("EngineText", "hidden units (0: from reduction)"),
    QT_TRANSLATE_NOOP("EngineText", "round hidden units to a multiple of this (MobileNetV3: 8)"),
    QT_TRANSLATE_NOOP("EngineText", "activation after the squeeze"),
    QT_TRANSLATE_NOOP("EngineText", "gating function"),
    QT_TRANSLATE_NOOP("EngineText", "efficient channel attention: 1-D conv over pooled channels"),
    QT_TRANSLATE_NOOP("EngineText", "1-D kernel size (0: adaptive, from the channel count)"),
    QT_TRANSLATE_NOOP("EngineText", "learnable weighted fusion alpha*F1 + beta*F2, F2 resampled to F1's shape"),
    QT_TRANSLATE_NOOP("EngineText", "alpha and beta as scalars or one per channel"),
    QT_TRANSLATE_NOOP("EngineText", "initial alpha"),
    QT_TRANSLATE_NOOP("EngineText", "initial beta"),
    QT_TRANSLATE_NOOP("EngineText", "bring F2 to F1's shape (adaptive avg-pool down, 1x1 projection, nearest upsample)"),
    QT_TRANSLATE_NOOP("EngineText", "Mobile blocks"),
    QT_TRANSLATE_NOOP("EngineText", "depthwise-separable conv: dw kxk + BN + act, 1x1 + BN + act"),
    QT_TRANSLATE_NOOP("EngineText", "depthwise kernel"),
    QT_TRANSLATE_NOOP("EngineText", "depthwise stride"),
    QT_TRANSLATE_NOOP("EngineText", "activation"),
    QT_TRANSLATE_NOOP("EngineText", "batchnorm eps"),
    QT_TRANSLATE_NOOP("EngineText", "MobileNetV2 inverted residual: 1x1 expand, kxk depthwise, 1x1 linear project, residual"),
    QT_TRANSLATE_NOOP("EngineText", "hidden = round(in * ratio)"),
    QT_TRANSLATE_NOOP("EngineText", "MBConv (MobileNetV3 / EfficientNet): expand, depthwise, optional SE, project, residual"),
    QT_TRANSLATE_NOOP("EngineText", "hidden channels (0: input * expand_ratio, multiple of 8)"),
    QT_TRANSLATE_NOOP("EngineText", "used when expanded_channels is 0"),
    QT_TRANSLATE_NOOP("EngineText", "depthwise dilation"),
    QT_TRANSLATE_NOOP("EngineText", "squeeze-and-excitation after the depthwise conv"),
    QT_TRANSLATE_NOOP("EngineText", "SE hidden units (0: expanded/4, multiple of 8)"),
    QT_TRANSLATE_NOOP("EngineText", "SE inner activation"),
    QT_TRANSLATE_NOOP("EngineText", "SE gate"),
    QT_TRANSLATE_NOOP("EngineText", "classic bottleneck: 1x1 reduce, 3x3 depthwise, optional attention, 1x1 expand, residual"),
    QT_TRANSLATE_NOOP("EngineText", "mid channels = out / reduction"),
    QT_TRANSLATE_NOOP("EngineText", "channel attention after the depthwise conv"),
    QT_TRANSLATE_NOOP("EngineText", "SqueezeNet Fire: 1x1 squeeze, then 1x1 and 3x3 expand, concatenated"),
    QT_TRANSLATE_NOOP("EngineText", "squeeze channels"),
    QT_TRANSLATE_NOOP("EngineText", "1x1 expand channels"),
    QT_TRANSLATE_NOOP("EngineText", "3x3 expand channels"),
    QT_TRANSLATE_NOOP("EngineText", "ShuffleNet v1 unit: grouped 1x1, shuffle, 3x3 depthwise, grouped 1x1; add or concat with avg-pool"),
    QT_TRANSLATE_NOOP("EngineText", "1x1 conv groups"),
    QT_TRANSLATE_NOOP("EngineText", "1 (residual add) or 2 (concat with 3x3 avg-pool)"),
    QT_TRANSLATE_NOOP("EngineText", "bottleneck channels (0: out/4)"),
    QT_TRANSLATE_NOOP("EngineText", "first 1x1 is not grouped (first unit of the net)"),
    QT_TRANSLATE_NOOP("EngineText", "ShuffleNet v2 unit: channel split (or two branches when striding), concat, shuffle"),
    QT_TRANSLATE_NOOP("EngineText", "output channels (even)"),
    QT_TRANSLATE_NOOP("EngineText", "1: split + identity half; 2: two downsampling branches"),
    QT_TRANSLATE_NOOP("EngineText", "Ghost module: primary conv makes out/ratio maps, cheap depthwise ops make the rest"),
    QT_TRANSLATE_NOOP("EngineText", "output channels (a multiple of ratio)"),
    QT_TRANSLATE_NOOP("EngineText", "total / intrinsic maps"),
    QT_TRANSLATE_NOOP("EngineText", "primary kernel"),
    QT_TRANSLATE_NOOP("EngineText", "cheap-operation kernel"),
    QT_TRANSLATE_NOOP("EngineText", "primary stride"),
    QT_TRANSLATE_NOOP("EngineText", "ReLU after both parts"),
    QT_TRANSLATE_NOOP("EngineText", "GhostNet bottleneck: ghost module, optional stride-2 depthwise, optional SE, ghost module"),
    QT_TRANSLATE_NOOP("EngineText", "expanded channels"),
    QT_TRANSLATE_NOOP("EngineText", "stride"),
    QT_TRANSLATE_NOOP("EngineText", "SE squeeze ratio (0: no SE)"),
    QT_TRANSLATE_NOOP("EngineText", "ResNet basic block: two 3x3 convs with BN, residual"),
    QT_TRANSLATE_NOOP("EngineText", "first conv stride"),
    QT_TRANSLATE_NOOP("EngineText", "HL-CNN bottleneck: 1x1 expand, depthwise, channel attention, 1x1 project, learnable fusion alpha*F1 + beta*F2 with the (resampled) block input"),
    QT_TRANSLATE_NOOP("EngineText", "SE squeeze ratio"),
    QT_TRANSLATE_NOOP("EngineText", "how the block output F1 meets the input F2: alpha*F1+beta*F2, F1+F2 (same shape only) or F1 alone"),
    QT_TRANSLATE_NOOP("EngineText", "alpha/beta per block or per channel"),
};

}  // namespace

QString engineText(const std::string& english) {
    return QCoreApplication::translate("EngineText", english.c_str());
}

bool hasEngineText(const std::string& english) {
    return std::any_of(std::begin(kTexts), std::end(kTexts), [&](const char* t) { return english == t; });
}

}  // namespace hlcnn
