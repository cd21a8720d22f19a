#include "depthwise_conv.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

namespace hlcnn {
namespace {

struct Geometry {
    std::int64_t n, c, h, w, outH, outW, k, stride, padding, dilation;
};

// Gradients of a depthwise convolution in channels-last layout: for every output position and tap,
// one contiguous run over the channels, which the compiler vectorises. The batch is split between
// the calling thread's intra-op threads; each accumulates its own weight gradient, summed at the end.
void depthwiseBackwardNhwc(const Geometry& g, const float* __restrict x, const float* __restrict gradOut,
                           const float* __restrict weightTaps, float* __restrict gradIn, float* __restrict gradTapsPerThread,
                           std::int64_t threads) {
    at::parallel_for(0, g.n, 1, [&](std::int64_t begin, std::int64_t end) {
        const std::int64_t slot = std::min<std::int64_t>(at::get_thread_num(), threads - 1);
        float* __restrict gradTaps = gradTapsPerThread + slot * g.k * g.k * g.c;
        for (std::int64_t n = begin; n < end; ++n)
            for (std::int64_t oh = 0; oh < g.outH; ++oh)
                for (std::int64_t ow = 0; ow < g.outW; ++ow) {
                    const float* __restrict go = gradOut + ((n * g.outH + oh) * g.outW + ow) * g.c;
                    for (std::int64_t kh = 0; kh < g.k; ++kh) {
                        const std::int64_t ih = oh * g.stride - g.padding + kh * g.dilation;
                        if (ih < 0 || ih >= g.h) continue;
                        for (std::int64_t kw = 0; kw < g.k; ++kw) {
                            const std::int64_t iw = ow * g.stride - g.padding + kw * g.dilation;
                            if (iw < 0 || iw >= g.w) continue;
                            const std::int64_t offset = ((n * g.h + ih) * g.w + iw) * g.c, tap = (kh * g.k + kw) * g.c;
                            const float* __restrict xi = x + offset;
                            float* __restrict gi = gradIn + offset;
                            const float* __restrict wt = weightTaps + tap;
                            float* __restrict gt = gradTaps + tap;
#pragma omp simd
                            for (std::int64_t c = 0; c < g.c; ++c) {
                                gi[c] += go[c] * wt[c];
                                gt[c] += go[c] * xi[c];
                            }
                        }
                    }
                }
    });
}

class DepthwiseConvFunction : public torch::autograd::Function<DepthwiseConvFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 std::int64_t stride, std::int64_t padding, std::int64_t dilation) {
        ctx->save_for_backward({x, weight});
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["padding"] = padding;
        ctx->saved_data["dilation"] = dilation;
        return torch::conv2d(x, weight, {}, {stride, stride}, {padding, padding}, {dilation, dilation}, x.size(1));
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        if (!grads[0].defined()) return {torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const torch::Tensor& weight = saved[1];
        Geometry g{x.size(0), x.size(1), x.size(2), x.size(3), grads[0].size(2), grads[0].size(3), weight.size(2),
                   ctx->saved_data["stride"].toInt(), ctx->saved_data["padding"].toInt(), ctx->saved_data["dilation"].toInt()};
        const auto nhwc = torch::MemoryFormat::ChannelsLast;
        const torch::Tensor xl = x.contiguous(nhwc), gol = grads[0].contiguous(nhwc);
        // taps x channels, so each tap's weights over the channels are contiguous
        const torch::Tensor taps = weight.reshape({g.c, g.k * g.k}).t().contiguous();
        torch::Tensor gradIn = torch::zeros_like(xl, nhwc);
        const std::int64_t threads = std::max(1, at::get_num_threads());
        torch::Tensor gradTaps = torch::zeros({threads, g.k * g.k, g.c}, x.options());
        depthwiseBackwardNhwc(g, xl.data_ptr<float>(), gol.data_ptr<float>(), taps.data_ptr<float>(),
                              gradIn.data_ptr<float>(), gradTaps.data_ptr<float>(), threads);
        const torch::Tensor gradWeight = gradTaps.sum(0).t().reshape(weight.sizes()).contiguous(weight.suggest_memory_format());
        return {gradIn, gradWeight, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

bool hasOwnDepthwiseBackward(const torch::Tensor& x, const torch::Tensor& weight, std::int64_t groups) {
    return x.dim() == 4 && x.device().is_cpu() && x.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat &&
           groups == x.size(1) && weight.size(0) == groups && weight.size(1) == 1 && weight.size(2) == weight.size(3);
}

torch::Tensor depthwiseConv2d(const torch::Tensor& x, const torch::Tensor& weight, std::int64_t stride,
                              std::int64_t padding, std::int64_t dilation) {
    return DepthwiseConvFunction::apply(x, weight, stride, padding, dilation);
}

}  // namespace hlcnn
