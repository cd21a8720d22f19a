// What a primitive op computes, written once per op against an abstract set of tensor operations.
// The eager builder (graph_module.cpp) runs a lowering on LibTorch tensors; the TorchScript exporter
// (torchscript_export.cpp) runs the same lowering to write source text. Both builders execute one
// definition, so they cannot disagree about an op. Torch-free: the op files stay buildable without
// LibTorch (the fuzz target compiles them with sanitizers).
#pragma once

#include "hlcnn/core/attrs.h"
#include "hlcnn/core/graph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hlcnn {

// A tensor of the backend running a lowering: an eager tensor, or a TorchScript expression.
struct Value {
    int slot = -1;
    bool defined() const { return slot >= 0; }
};

// The tensor operations an op may be written with; each maps to one LibTorch function of the same
// name and arguments. Spatial arguments are square (the graph has no rectangular kernels).
class TensorOps {
public:
    virtual ~TensorOps() = default;

    // NCHW convolution; `bias` may be undefined.
    virtual Value conv2d(Value x, Value weight, Value bias, std::int64_t stride, std::int64_t padding,
                         std::int64_t dilation, std::int64_t groups) = 0;
    // N x C x L convolution, stride 1, no bias.
    virtual Value conv1d(Value x, Value weight, std::int64_t padding) = 0;
    // Batch statistics, running-statistics update and a count of batches in training mode; the running
    // statistics in evaluation mode.
    virtual Value batchNorm(Value x, Value weight, Value bias, Value runningMean, Value runningVar,
                            Value batchesTracked, double momentum, double eps) = 0;
    virtual Value linear(Value x, Value weight, Value bias) = 0;

    virtual Value relu(Value x) = 0;
    virtual Value hardtanh(Value x, double low, double high) = 0;
    virtual Value hardswish(Value x) = 0;
    virtual Value hardsigmoid(Value x) = 0;
    virtual Value silu(Value x) = 0;
    virtual Value sigmoid(Value x) = 0;

    // Square windows; average pooling counts the zero padding (PyTorch's count_include_pad).
    virtual Value maxPool2d(Value x, std::int64_t kernel, std::int64_t stride, std::int64_t padding, bool ceilMode) = 0;
    virtual Value avgPool2d(Value x, std::int64_t kernel, std::int64_t stride, std::int64_t padding, bool ceilMode) = 0;
    virtual Value adaptiveAvgPool2d(Value x, std::int64_t height, std::int64_t width) = 0;
    virtual Value upsampleNearest2d(Value x, std::int64_t height, std::int64_t width) = 0;

    // Inverted dropout in training mode, identity in evaluation mode.
    virtual Value dropout(Value x, double p) = 0;

    virtual Value add(Value a, Value b) = 0;
    virtual Value mul(Value a, Value b) = 0;
    virtual Value cat(const std::vector<Value>& parts, std::int64_t dim) = 0;

    virtual Value flatten(Value x) = 0;  // from dimension 1 on
    virtual Value view(Value x, const std::vector<std::int64_t>& shape) = 0;  // one entry may be -1
    virtual Value transpose(Value x, std::int64_t dim0, std::int64_t dim1) = 0;
    virtual Value contiguous(Value x) = 0;
    virtual Value narrow(Value x, std::int64_t dim, std::int64_t start, std::int64_t length) = 0;
};

// One node's inputs, parameters and attributes, as its lowering sees them.
struct LoweringContext {
    TensorOps& ops;
    const Attrs& attrs;                           // defaults filled in
    const std::vector<TensorShape>& inputShapes;  // per sample, without the batch dimension
    const TensorShape& output;
    const std::vector<std::string>& paramNames;   // local names, e.g. "weight", "fc1.bias"
    std::vector<Value> inputs;
    std::vector<Value> params;                    // parallel to paramNames

    Value input(std::size_t i) const { return inputs.at(i); }
    // The node's parameter or buffer; throws std::logic_error when the node has none of that name.
    Value param(const std::string& local) const;
    // The same, undefined when the node has none (an optional bias).
    Value optionalParam(const std::string& local) const;
};

}  // namespace hlcnn
