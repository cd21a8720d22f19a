// Runs a mobile program (program.h) on XNNPACK's operator API: one operator per op, created and
// set up once for the program's fixed shapes over buffers placed once, so a forward is the list of
// xnn_run_operator calls (docs/devices.md says why the operator API and not the subgraph API).
// Host and phone run this same code.
#pragma once

#include "hlcnn/mobile/program.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hlcnn::mobile {

class XnnpackRuntime {
public:
    // `threads` > 1 runs each operator on a pthreadpool of that size. Throws ProgramError naming
    // the op XNNPACK refuses.
    XnnpackRuntime(const Program& program, int threads);
    ~XnnpackRuntime();
    XnnpackRuntime(const XnnpackRuntime&) = delete;
    XnnpackRuntime& operator=(const XnnpackRuntime&) = delete;

    const std::vector<std::int64_t>& inputShape() const;    // N x C x H x W
    const std::vector<std::int64_t>& outputShape() const;

    // input: row-major N x C x H x W floats (normalised as the model's input); output: the
    // program's output value, row-major.
    void forward(const float* input, float* output);
    // Each unit's time, as a latency table needs it, two ways. In context: `iters` forwards of
    // `input` (after `warmup` untimed ones) with every op and the layout copies timed where they
    // run, so each unit pays what the sequence costs it (caches its neighbours left, code and
    // branch history of other kernels). Alone: each op run `warmup` + `iters` times by itself.
    // In ms: in context the mean of the middle 80 % of the samples (a forward's median is near the
    // sum of its ops' means), alone the median; op vectors are parallel to the program's ops.
    struct UnitTimes {
        std::vector<double> inContextMs, aloneMs;
        double ioInContextMs = 0, ioAloneMs = 0;
    };
    // `wholeMs`, when given, receives `iters` plain forwards (no per-op clocks) timed whole, each
    // run just before a timed-op forward: the model's latency in the same state as its units.
    UnitTimes unitMilliseconds(const float* input, int warmup, int iters, std::vector<double>* wholeMs = nullptr);

    // Called after each op with the op's output (an f32 value's floats; nothing for qs8 values):
    // what calibration observes.
    using Observer = std::function<void(int value, const float* data, std::int64_t count)>;
    void setObserver(Observer observer);
    // The stored bytes of a value as real numbers (dequantized), row-major in the buffer's order.
    std::vector<float> valueAsFloats(int value) const;

    int threads() const;
    // "XNNPACK operators: N ops (K int8), M MiB of activation buffers"
    std::string describe() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The XNNPACK this was built with (Debian's package version, from the build).
std::string xnnpackVersion();

}  // namespace hlcnn::mobile
