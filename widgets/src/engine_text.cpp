#include "engine_text.h"

#include "hlcnn/core/messages.h"

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

// Every pattern of the engine's message catalog (core/include/hlcnn/core/messages.h), marked for
// lupdate; tst_designer fails when the catalog has a pattern that is missing here.
const char* const kMessages[] = {
    QT_TRANSLATE_NOOP("EngineMessage", "input must be [C, H, W]"),
    QT_TRANSLATE_NOOP("EngineMessage", "input dimensions must be between 1 and %1, got %2"),
    QT_TRANSLATE_NOOP("EngineMessage", "input %1 is too large"),
    QT_TRANSLATE_NOOP("EngineMessage", "invalid node id (use letters, digits, '_' and '.'; \"input\" is reserved)"),
    QT_TRANSLATE_NOOP("EngineMessage", "duplicate node id"),
    QT_TRANSLATE_NOOP("EngineMessage", "unknown op '%1'"),
    QT_TRANSLATE_NOOP("EngineMessage", "op '%1' takes at least %2 input(s), got %3"),
    QT_TRANSLATE_NOOP("EngineMessage", "op '%1' takes %2 to %3 input(s), got %4"),
    QT_TRANSLATE_NOOP("EngineMessage", "op '%1' takes %2 input(s), got %3"),
    QT_TRANSLATE_NOOP("EngineMessage", "input '%1' does not exist"),
    QT_TRANSLATE_NOOP("EngineMessage", "the graph has no outputs"),
    QT_TRANSLATE_NOOP("EngineMessage", "output '%1' is not a node"),
    QT_TRANSLATE_NOOP("EngineMessage", "part of a cycle (nodes left unordered: %1)"),
    QT_TRANSLATE_NOOP("EngineMessage", "unknown attribute '%1' for op '%2'"),
    QT_TRANSLATE_NOOP("EngineMessage", "missing required attribute '%1'"),
    QT_TRANSLATE_NOOP("EngineMessage", "attribute '%1' must be an integer, got %2"),
    QT_TRANSLATE_NOOP("EngineMessage", "attribute '%1' must be a number, got %2"),
    QT_TRANSLATE_NOOP("EngineMessage", "attribute '%1' = %2 is out of range [%3, %4]"),
    QT_TRANSLATE_NOOP("EngineMessage", "attribute '%1' must be true or false"),
    QT_TRANSLATE_NOOP("EngineMessage", "attribute '%1' must be a string"),
    QT_TRANSLATE_NOOP("EngineMessage", "attribute '%1' = \"%2\" is not one of: %3"),
    QT_TRANSLATE_NOOP("EngineMessage", "expects a feature map CxHxW as input %1, got %2 (a flattened vector)"),
    QT_TRANSLATE_NOOP("EngineMessage", "groups = %1 does not divide the %2 input channels"),
    QT_TRANSLATE_NOOP("EngineMessage", "groups = %1 does not divide out_channels = %2"),
    QT_TRANSLATE_NOOP("EngineMessage", "spatial size collapses to 0: input %1, kernel %2, stride %3, padding %4"),
    QT_TRANSLATE_NOOP("EngineMessage", "spatial size collapses to 0: input %1, kernel %2"),
    QT_TRANSLATE_NOOP("EngineMessage", "padding must be at most half the kernel size"),
    QT_TRANSLATE_NOOP("EngineMessage", "expects two feature maps CxHxW, got %1 and %2"),
    QT_TRANSLATE_NOOP("EngineMessage", "channel mismatch: F1 has %1 channels, F2 has %2 (enable resample to project F2)"),
    QT_TRANSLATE_NOOP("EngineMessage", "spatial mismatch: F1 %1 vs F2 %2 (enable resample)"),
    QT_TRANSLATE_NOOP("EngineMessage", "expects a flattened vector, got %1 (insert a flatten node)"),
    QT_TRANSLATE_NOOP("EngineMessage", "shape mismatch: input 0 is %1, input %2 is %3"),
    QT_TRANSLATE_NOOP("EngineMessage", "spatial mismatch: input 0 is %1, input %2 is %3"),
    QT_TRANSLATE_NOOP("EngineMessage", "groups = %1 does not divide %2 channels"),
    QT_TRANSLATE_NOOP("EngineMessage", "%1 parts do not divide %2 channels"),
    QT_TRANSLATE_NOOP("EngineMessage", "index must be smaller than parts"),
    QT_TRANSLATE_NOOP("EngineMessage", "stride-2 unit needs out_channels > input channels (%1)"),
    QT_TRANSLATE_NOOP("EngineMessage", "out_channels must be even"),
    QT_TRANSLATE_NOOP("EngineMessage", "a stride-1 unit needs input channels == out_channels (%1 vs %2)"),
    QT_TRANSLATE_NOOP("EngineMessage", "out_channels must be a multiple of ratio"),
    QT_TRANSLATE_NOOP("EngineMessage", "the model takes %1 images, the data are %2"),
    QT_TRANSLATE_NOOP("EngineMessage", "the model outputs %1 values, the data have %2 classes"),
    QT_TRANSLATE_NOOP("EngineMessage", "started"),
    QT_TRANSLATE_NOOP("EngineMessage", "resumed after epoch %1"),
    QT_TRANSLATE_NOOP("EngineMessage", "resumed at step %1 of epoch %2"),
    QT_TRANSLATE_NOOP("EngineMessage", "paused"),
    QT_TRANSLATE_NOOP("EngineMessage", "resumed"),
    QT_TRANSLATE_NOOP("EngineMessage", "trained 1 epoch"),
    QT_TRANSLATE_NOOP("EngineMessage", "trained %1 epochs"),
    QT_TRANSLATE_NOOP("EngineMessage", "early stop: no better validation top-1 for %1 epochs"),
    QT_TRANSLATE_NOOP("EngineMessage", "stopped after step %1 of %2 in epoch %3; its checkpoint is kept and a resume continues from there"),
    QT_TRANSLATE_NOOP("EngineMessage", "stopped during epoch %1; %2"),
    QT_TRANSLATE_NOOP("EngineMessage", "%1 (the stop's own checkpoint failed: %2)"),
    QT_TRANSLATE_NOOP("EngineMessage", "no checkpoints are kept (no output folder)"),
    QT_TRANSLATE_NOOP("EngineMessage", "no checkpoint was written yet"),
    QT_TRANSLATE_NOOP("EngineMessage", "the last checkpoint is from epoch %1"),
    QT_TRANSLATE_NOOP("EngineMessage", "loss became %1 at epoch %2, step %3; the last good checkpoint is kept"),
    QT_TRANSLATE_NOOP("EngineMessage", "adb is not installed: install Debian's adb package (apt install adb) or set HLCNN_ADB to an adb binary"),
    QT_TRANSLATE_NOOP("EngineMessage", "no device is connected: plug in a phone with USB debugging on (or adb connect HOST:PORT)"),
    QT_TRANSLATE_NOOP("EngineMessage", "several devices are connected (%1): choose one with --serial"),
    QT_TRANSLATE_NOOP("EngineMessage", "device %1 is unauthorized: accept the 'Allow USB debugging?' prompt on the phone, then try again"),
    QT_TRANSLATE_NOOP("EngineMessage", "device %1 is %2: reconnect it and try again"),
    QT_TRANSLATE_NOOP("EngineMessage", "no device %1 is connected (hlcnn device list shows what is)"),
    QT_TRANSLATE_NOOP("EngineMessage", "the runner hlcnn-bench was not found (set HLCNN_BENCH_RUNNER or pass --runner FILE)"),
    QT_TRANSLATE_NOOP("EngineMessage", "the runner %1 is built for %2 but %3 runs %4: leave --runner out and the runner for the phone's ABI is chosen"),
    QT_TRANSLATE_NOOP("EngineMessage", "no runner for %1, which runs %2: this build has runners for %3 (an arm64-v8a phone, or an x86_64 emulator image)"),
};

// A run's states and the queue's phases, as stored ("running") and as shown.
const char* const kStates[][2] = {
    {"queued", QT_TRANSLATE_NOOP("RunState", "queued")},
    {"loading data", QT_TRANSLATE_NOOP("RunState", "loading data")},
    {"running", QT_TRANSLATE_NOOP("RunState", "running")},
    {"paused", QT_TRANSLATE_NOOP("RunState", "paused")},
    {"stopping", QT_TRANSLATE_NOOP("RunState", "stopping")},
    {"completed", QT_TRANSLATE_NOOP("RunState", "completed")},
    {"cancelled", QT_TRANSLATE_NOOP("RunState", "cancelled")},
    {"diverged", QT_TRANSLATE_NOOP("RunState", "diverged")},
    {"failed", QT_TRANSLATE_NOOP("RunState", "failed")},
    {"interrupted", QT_TRANSLATE_NOOP("RunState", "interrupted")},
};

}  // namespace

QString engineMessage(const std::string& english) {
    const ParsedMessage parsed = parseMessage(english);
    if (!parsed.pattern) return QString::fromStdString(english);
    const QString pattern = QCoreApplication::translate("EngineMessage", parsed.pattern);
    // Arguments are names, shapes and numbers as the engine wrote them, or messages themselves;
    // one pass, so an argument that holds "%2" stays as it is.
    QString text;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const int index = i + 1 < pattern.size() && pattern[i] == '%' ? pattern[i + 1].digitValue() - 1 : -1;
        if (index >= 0 && index < int(parsed.args.size())) {
            const std::string& arg = parsed.args[std::size_t(index)];
            text += parsed.argIsMessage[std::size_t(index)] ? engineMessage(arg) : QString::fromStdString(arg);
            ++i;
        } else {
            text += pattern[i];
        }
    }
    return text;
}

QString issueText(const GraphIssue& issue) {
    const QString message = engineMessage(issue.message);
    return issue.nodeId.empty() ? message
                                : QCoreApplication::translate("EngineMessage", "node '%1': %2").arg(QString::fromStdString(issue.nodeId), message);
}

bool hasEngineMessage(const std::string& pattern) {
    return std::any_of(std::begin(kMessages), std::end(kMessages), [&](const char* t) { return pattern == t; });
}

QString runStateText(const std::string& state) {
    for (const auto& s : kStates)
        if (state == s[0]) return QCoreApplication::translate("RunState", s[1]);
    return QString::fromStdString(state);
}

QStringList allRunStateTexts() {
    QStringList all;
    for (const auto& s : kStates) all << QCoreApplication::translate("RunState", s[1]);
    return all;
}

QString engineText(const std::string& english) {
    return QCoreApplication::translate("EngineText", english.c_str());
}

bool hasEngineText(const std::string& english) {
    return std::any_of(std::begin(kTexts), std::end(kTexts), [&](const char* t) { return english == t; });
}

}  // namespace hlcnn
