// The native runtime's program before it meets oneDNN: the graph's lowerings recorded as a tape of
// tensor operations with static shapes and constant parameters, then fused (native_forward.h
// lists the fusions). Each entry is computed once with LibTorch while recording, which gives its
// shape and lets the fusions be checked against unfused values in tests.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hlcnn {

class GraphModuleImpl;

namespace native {

enum class Kind {
    Input, Const,
    Conv,       // in: x, weight, bias (-1: none); 2-D (N x C x H x W) or 1-D (N x C x L)
    Linear,     // in: x, weight, bias (-1: none)
    Act,        // post: its elementwise chain
    MaxPool, AvgPool,
    Add, Mul,   // broadcasting binary ops
    Cat,        // along channels
    Narrow,     // a channel range
    Shuffle,    // channel shuffle with `groups`
    Upsample,   // nearest
    Reshape,    // same elements, another shape
    Convert,    // the same values in another data type or scale (int8 programs only)
    Interleave, // channels [start, start + C) of shuffle(cat(a, b), 2): a and b interleaved, one pass
    // the stages of a channel shuffle while it is being recognised; never executed
    Grouped, GroupedT, GroupedTC,
};

enum class Elementwise { Relu, Clip, Hardswish, Hardsigmoid, Swish, Logistic };

struct PostOp {
    bool sum = false;                     // add the entry's `sumWith` operand, times `scale`
    Elementwise op = Elementwise::Relu;
    float alpha = 0, beta = 0;            // Clip: [alpha, beta]
    float scale = 1;
    int mulBy = -1;                       // a constant entry: multiply by it (broadcast), not an elementwise op
};

struct Entry {
    Kind kind = Kind::Input;
    std::vector<int> in;                  // entry indices
    std::vector<std::int64_t> shape;
    torch::Tensor value;                  // Const: the constant; otherwise the recorded value
    std::int64_t stride[2] = {1, 1}, kernel[2] = {1, 1}, padding = 0, dilation = 1, groups = 1;
    bool ceilMode = false;
    bool affine = false;                  // a 1x1 depthwise conv made from batch norm
    std::int64_t start = 0;               // Narrow
    std::vector<PostOp> post;
    int sumWith = -1;                     // entry added by the sum post-op
    bool dead = false;                    // fused into a later entry, or a constant
    std::vector<std::string> nodes;       // graph nodes whose work this entry does
};

struct Tape {
    std::vector<Entry> entries;
    int input = 0;
    int output = -1;
    std::size_t graphOps = 0;             // primitive graph nodes recorded
};

// Records `module` (eval semantics) for one batch size. Throws std::invalid_argument naming the
// node for what the runtime does not run.
Tape recordTape(const GraphModuleImpl& module, std::int64_t batch);

// Folds batch norms, activations and residual additions into their producers (in place). With
// `interleave`, ShuffleNetV2's concatenate-shuffle-split becomes one Interleave pass per output
// (float programs: in int8 its two operands would need one scale).
void fuseTape(Tape& tape, bool interleave = true);

// Whether a recorded value's elements lie in row-major order of its shape in our buffers:
// 4-D maps are stored channels-last, which is row-major only when H x W or C is 1.
bool rowMajorInBuffer(const std::vector<std::int64_t>& shape);

}  // namespace native
}  // namespace hlcnn
