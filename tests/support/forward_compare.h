// How the runtime tests compare a runtime's outputs with the eval-mode module's: the largest
// difference relative to the output's scale, and the signal-to-quantization-noise ratio.
#pragma once

#include "hlcnn/models/zoo.h"
#include "support/settled_module.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace hlcnn::test {

// Largest difference relative to the output's scale (at least 1).
inline double relativeDifference(const torch::Tensor& got, const torch::Tensor& expected) {
    return (got - expected).abs().max().item<double>() / std::max(1.0, expected.abs().max().item<double>());
}

// 10 log10(|reference|^2 / |reference - approximation|^2)
inline double sqnrDb(const torch::Tensor& reference, const torch::Tensor& approximation) {
    const double noise = (reference - approximation).pow(2).sum().item<double>();
    return 10.0 * std::log10(reference.pow(2).sum().item<double>() / std::max(noise, 1e-30));
}

// A zoo model with settled batch-norm statistics, 10 classes at the CIFAR stem, 1000 otherwise.
inline GraphModule settledZooModule(const std::string& name, models::Stem stem, std::uint64_t seed) {
    models::ModelOptions o;
    o.stem = stem;
    o.classes = stem == models::Stem::Cifar ? 10 : 1000;
    return settledModule(models::buildModel(name, o), seed, 2, 4);
}

}  // namespace hlcnn::test
