// A graph module whose batch-norm statistics are not the identity (a few training-mode passes on
// random input), returned in eval mode: what export and quantization tests compare against.
#pragma once

#include "hlcnn/core/graph_module.h"

#include <torch/torch.h>

namespace hlcnn::test {

inline GraphModule settledModule(const Graph& g, std::uint64_t seed, int passes = 3, std::int64_t batch = 8) {
    GraphModule m(g, seed);
    const auto& d = g.input.dims;
    m->train();
    torch::NoGradGuard guard;
    for (int i = 0; i < passes; ++i) m->forward(torch::randn({batch, d[0], d[1], d[2]}));
    m->eval();
    return m;
}

}  // namespace hlcnn::test
