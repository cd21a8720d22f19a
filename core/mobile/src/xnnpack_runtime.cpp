#include "hlcnn/mobile/xnnpack_runtime.h"

#include <pthreadpool.h>
#include <xnnpack.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>

#ifndef HLCNN_XNNPACK_VERSION
#define HLCNN_XNNPACK_VERSION "unknown"
#endif

namespace hlcnn::mobile {

std::string xnnpackVersion() { return HLCNN_XNNPACK_VERSION; }

namespace {

// A value's buffer seen as XNNPACK's NHWC: batch, height, width, channels.
struct Geometry {
    std::size_t n = 1, h = 1, w = 1, c = 1;
    std::size_t pixels() const { return n * h * w; }
};

Geometry geometry(const Value& v) {
    const auto& s = v.shape;
    Geometry g;
    g.n = std::size_t(s[0]);
    if (s.size() == 4) g.c = std::size_t(s[1]), g.h = std::size_t(s[2]), g.w = std::size_t(s[3]);
    else if (s.size() == 3) g.c = std::size_t(s[1]), g.w = std::size_t(s[2]);   // row-major N x C x L: C must be 1 for a convolution
    else if (s.size() == 2) g.c = std::size_t(s[1]);
    return g;
}

// The dimensions of a value in buffer order (4-D maps channels-last), for broadcasting ops.
std::vector<std::size_t> bufferDims(const std::vector<std::int64_t>& shape) {
    std::vector<std::size_t> d(shape.begin(), shape.end());
    if (d.size() == 4) d = {d[0], d[2], d[3], d[1]};
    return d;
}

std::int8_t quantized(float real, const Value& v) {
    if (!std::isfinite(real)) return real > 0 ? 127 : -128;
    const float q = std::nearbyint(real / v.scale) + float(v.zeroPoint);
    return std::int8_t(std::clamp(q, -128.0f, 127.0f));
}

}  // namespace

struct XnnpackRuntime::Impl {
    struct Step {
        std::vector<xnn_operator_t> operators;
        std::function<void()> custom;   // an op without an XNNPACK operator
        int out = -1;
        bool int8 = false;
    };
    Program program;
    pthreadpool_t pool = nullptr;
    int threads = 1;
    std::vector<Step> steps;
    std::vector<void*> buffer;                 // by value
    std::vector<std::unique_ptr<void, void (*)(void*)>> blocks;
    std::size_t bufferBytes = 0;
    Observer observer;
    bool initialized = false;

    // here, not in ~XnnpackRuntime: a constructor that throws half-way releases what it made
    ~Impl() {
        for (auto& s : steps)
            for (xnn_operator_t op : s.operators) xnn_delete_operator(op);
        if (pool) pthreadpool_destroy(pool);
        if (initialized) xnn_deinitialize();
    }

    const Value& value(int v) const { return program.values[std::size_t(v)]; }
    float* f32(int v) const { return static_cast<float*>(buffer[std::size_t(v)]); }
    std::int8_t* s8(int v) const { return static_cast<std::int8_t*>(buffer[std::size_t(v)]); }
    std::size_t bytes(int v) const { return std::size_t(elementsOf(value(v).shape)) * bytesPerElement(value(v).type); }

    void check(xnn_status status, std::size_t k, const char* what) const {
        if (status == xnn_status_success) return;
        const Op& op = program.ops[k];
        throw ProgramError(std::string("XNNPACK refused ") + what + " of op " + std::to_string(k) + " (" + opKindName(op.kind) +
                           (op.nodes.empty() ? std::string() : ", node '" + op.nodes.front() + "'") + "): status " +
                           std::to_string(int(status)));
    }

    void place();
    void build(std::size_t k);
    void runStep(const Step& s) const {
        if (s.custom) s.custom();
        for (xnn_operator_t op : s.operators) xnn_run_operator(op, pool);
    }
    void copyIn(const float* input);
    void copyOut(float* output) const;
    void run(const float* input, float* output);
};

void XnnpackRuntime::Impl::place() {
    buffer.assign(program.values.size(), nullptr);
    auto allocate = [&](int v) {
        const std::size_t need = (bytes(v) + XNN_EXTRA_BYTES + 63) / 64 * 64;
        void* p = std::aligned_alloc(64, need);
        if (!p) throw std::bad_alloc();
        std::memset(p, 0, need);
        blocks.emplace_back(p, std::free);
        bufferBytes += need;
        buffer[std::size_t(v)] = p;
    };
    allocate(program.input);
    for (const Op& op : program.ops) {
        if (buffer[std::size_t(op.out)]) continue;
        if (op.kind == OpKind::Alias) buffer[std::size_t(op.out)] = buffer[std::size_t(op.in[0])];
        else allocate(op.out);
    }
}

void XnnpackRuntime::Impl::build(std::size_t k) {
    const Op& op = program.ops[k];
    steps.emplace_back();   // in place first: operators made before a refusal are released with the rest
    Step& s = steps.back();
    s.out = op.out;
    const Value& x = value(op.in[0]);
    const Value& y = value(op.out);
    const bool q = y.type == DataType::QS8;
    s.int8 = q;
    const Geometry gx = geometry(x), gy = geometry(y);
    xnn_operator_t h = nullptr;
    auto add = [&](xnn_status status, const char* what) {
        if (h) s.operators.push_back(h);
        h = nullptr;
        check(status, k, what);
    };
    const std::int8_t qmin = q ? quantized(op.outMin, y) : 0, qmax = q ? quantized(op.outMax, y) : 0;
    switch (op.kind) {
    case OpKind::Conv2d: {
        const Tensor& w = program.tensors[std::size_t(op.weights)];
        const std::size_t gin = gx.c / op.groups, gout = gy.c / op.groups;
        if (q) {
            add(xnn_create_convolution2d_nhwc_qc8(op.padding[0], op.padding[1], op.padding[2], op.padding[3], op.kernel[0], op.kernel[1],
                                                  op.stride[0], op.stride[1], op.dilation[0], op.dilation[1], op.groups, gin, gout,
                                                  gx.c, gy.c, std::int8_t(x.zeroPoint), x.scale,
                                                  program.tensors[std::size_t(op.weightScales)].data<float>(), w.data<std::int8_t>(),
                                                  op.bias >= 0 ? program.tensors[std::size_t(op.bias)].data<std::int32_t>() : nullptr,
                                                  std::int8_t(y.zeroPoint), y.scale, qmin, qmax, 0, &h),
                "the qc8 convolution");
            check(xnn_setup_convolution2d_nhwc_qc8(s.operators.back(), gx.n, gx.h, gx.w, s8(op.in[0]), s8(op.out), pool), k, "the setup");
        } else {
            add(xnn_create_convolution2d_nhwc_f32(op.padding[0], op.padding[1], op.padding[2], op.padding[3], op.kernel[0], op.kernel[1],
                                                  op.stride[0], op.stride[1], op.dilation[0], op.dilation[1], op.groups, gin, gout,
                                                  gx.c, gy.c, w.data<float>(),
                                                  op.bias >= 0 ? program.tensors[std::size_t(op.bias)].data<float>() : nullptr,
                                                  op.outMin, op.outMax, 0, &h),
                "the convolution");
            check(xnn_setup_convolution2d_nhwc_f32(s.operators.back(), gx.n, gx.h, gx.w, f32(op.in[0]), f32(op.out), pool), k, "the setup");
        }
        break;
    }
    case OpKind::FullyConnected: {
        const std::size_t in = std::size_t(elementsOf(x.shape) / x.shape[0]), out = std::size_t(y.shape[1]);
        add(xnn_create_fully_connected_nc_f32(in, out, in, out, program.tensors[std::size_t(op.weights)].data<float>(),
                                              op.bias >= 0 ? program.tensors[std::size_t(op.bias)].data<float>() : nullptr, op.outMin,
                                              op.outMax, 0, &h),
            "the fully connected layer");
        check(xnn_setup_fully_connected_nc_f32(s.operators.back(), std::size_t(x.shape[0]), f32(op.in[0]), f32(op.out), pool), k, "the setup");
        break;
    }
    case OpKind::Add:
    case OpKind::Multiply: {
        const bool isAdd = op.kind == OpKind::Add;
        const std::vector<std::size_t> da = bufferDims(x.shape);
        std::vector<std::size_t> db;
        const void* b = nullptr;
        const Value* vb = nullptr;
        if (op.constant >= 0) {
            const Tensor& c = program.tensors[std::size_t(op.constant)];
            db.assign(c.dims.begin(), c.dims.end());
            b = c.data<float>();
        } else {
            vb = &value(op.in[1]);
            db = bufferDims(vb->shape);
            b = buffer[std::size_t(op.in[1])];
        }
        if (q) {
            if (isAdd)
                add(xnn_create_add_nd_qs8(std::int8_t(x.zeroPoint), x.scale, std::int8_t(vb->zeroPoint), vb->scale, std::int8_t(y.zeroPoint),
                                          y.scale, qmin, qmax, 0, &h), "the qs8 addition");
            else
                add(xnn_create_multiply_nd_qs8(std::int8_t(x.zeroPoint), x.scale, std::int8_t(vb->zeroPoint), vb->scale,
                                               std::int8_t(y.zeroPoint), y.scale, qmin, qmax, 0, &h), "the qs8 multiplication");
            check((isAdd ? xnn_setup_add_nd_qs8 : xnn_setup_multiply_nd_qs8)(s.operators.back(), da.size(), da.data(), db.size(), db.data(),
                                                                              s8(op.in[0]), static_cast<const std::int8_t*>(b), s8(op.out), pool),
                  k, "the setup");
        } else {
            if (isAdd) add(xnn_create_add_nd_f32(op.outMin, op.outMax, 0, &h), "the addition");
            else add(xnn_create_multiply_nd_f32(op.outMin, op.outMax, 0, &h), "the multiplication");
            check((isAdd ? xnn_setup_add_nd_f32 : xnn_setup_multiply_nd_f32)(s.operators.back(), da.size(), da.data(), db.size(), db.data(),
                                                                              f32(op.in[0]), static_cast<const float*>(b), f32(op.out), pool),
                  k, "the setup");
        }
        break;
    }
    case OpKind::Clamp: {
        const std::size_t n = std::size_t(elementsOf(x.shape));
        if (q) {
            add(xnn_create_clamp_nc_s8(n, n, n, qmin, qmax, 0, &h), "the clamp");
            check(xnn_setup_clamp_nc_s8(s.operators.back(), 1, s8(op.in[0]), s8(op.out), pool), k, "the setup");
        } else {
            add(xnn_create_clamp_nc_f32(n, n, n, op.outMin, op.outMax, 0, &h), "the clamp");
            check(xnn_setup_clamp_nc_f32(s.operators.back(), 1, f32(op.in[0]), f32(op.out), pool), k, "the setup");
        }
        break;
    }
    case OpKind::Hardswish: {
        const std::size_t n = std::size_t(elementsOf(x.shape));
        add(xnn_create_hardswish_nc_f32(n, n, n, 0, &h), "hardswish");
        check(xnn_setup_hardswish_nc_f32(s.operators.back(), 1, f32(op.in[0]), f32(op.out), pool), k, "the setup");
        break;
    }
    case OpKind::Sigmoid: {
        const std::size_t n = std::size_t(elementsOf(x.shape));
        if (q) {
            add(xnn_create_sigmoid_nc_qs8(n, n, n, std::int8_t(x.zeroPoint), x.scale, std::int8_t(y.zeroPoint), y.scale, -128, 127, 0, &h),
                "the qs8 sigmoid");
            check(xnn_setup_sigmoid_nc_qs8(s.operators.back(), 1, s8(op.in[0]), s8(op.out), pool), k, "the setup");
        } else {
            add(xnn_create_sigmoid_nc_f32(n, n, n, 0, &h), "the sigmoid");
            check(xnn_setup_sigmoid_nc_f32(s.operators.back(), 1, f32(op.in[0]), f32(op.out), pool), k, "the setup");
        }
        break;
    }
    case OpKind::Hardsigmoid: {
        const std::int64_t n = elementsOf(x.shape);
        const float* in = f32(op.in[0]);
        float* out = f32(op.out);
        s.custom = [in, out, n] {
            for (std::int64_t i = 0; i < n; ++i) out[i] = std::min(std::max(in[i] + 3.0f, 0.0f), 6.0f) / 6.0f;
        };
        break;
    }
    case OpKind::MaxPool:
        if (q) {
            add(xnn_create_max_pooling2d_nhwc_s8(op.padding[0], op.padding[1], op.padding[2], op.padding[3], op.kernel[0], op.kernel[1],
                                                 op.stride[0], op.stride[1], op.dilation[0], op.dilation[1], gx.c, gx.c, gy.c, qmin, qmax,
                                                 0, &h), "the int8 max pool");
            check(xnn_setup_max_pooling2d_nhwc_s8(s.operators.back(), gx.n, gx.h, gx.w, s8(op.in[0]), s8(op.out), pool), k, "the setup");
        } else {
            add(xnn_create_max_pooling2d_nhwc_f32(op.padding[0], op.padding[1], op.padding[2], op.padding[3], op.kernel[0], op.kernel[1],
                                                  op.stride[0], op.stride[1], op.dilation[0], op.dilation[1], gx.c, gx.c, gy.c, op.outMin,
                                                  op.outMax, 0, &h), "the max pool");
            check(xnn_setup_max_pooling2d_nhwc_f32(s.operators.back(), gx.n, gx.h, gx.w, f32(op.in[0]), f32(op.out), pool), k, "the setup");
        }
        break;
    case OpKind::GlobalAvgPool:
        if (q) {
            add(xnn_create_global_average_pooling_nwc_qs8(gx.c, gx.c, gx.c, std::int8_t(x.zeroPoint), x.scale, std::int8_t(y.zeroPoint), y.scale,
                                                          qmin, qmax, 0, &h), "the qs8 global average pool");
            check(xnn_setup_global_average_pooling_nwc_qs8(s.operators.back(), gx.n, gx.h * gx.w, s8(op.in[0]), s8(op.out), pool), k, "the setup");
        } else {
            add(xnn_create_global_average_pooling_nwc_f32(gx.c, gx.c, gx.c, op.outMin, op.outMax, 0, &h), "the global average pool");
            check(xnn_setup_global_average_pooling_nwc_f32(s.operators.back(), gx.n, gx.h * gx.w, f32(op.in[0]), f32(op.out), pool), k, "the setup");
        }
        break;
    case OpKind::Concat: {
        std::size_t offset = 0;
        const std::size_t size = bytesPerElement(y.type);
        for (int in : op.in) {
            const std::size_t c = geometry(value(in)).c;
            if (q) add(xnn_create_copy_nc_x8(c, c, gy.c, 0, &h), "a copy");
            else add(xnn_create_copy_nc_x32(c, c, gy.c, 0, &h), "a copy");
            char* dst = static_cast<char*>(buffer[std::size_t(op.out)]) + offset * size;
            check((q ? xnn_setup_copy_nc_x8 : xnn_setup_copy_nc_x32)(s.operators.back(), gy.pixels(), buffer[std::size_t(in)], dst, pool), k, "the setup");
            offset += c;
        }
        break;
    }
    case OpKind::Split: {
        const char* src = static_cast<const char*>(buffer[std::size_t(op.in[0])]) + std::size_t(op.channelOffset) * bytesPerElement(y.type);
        if (q) add(xnn_create_copy_nc_x8(gy.c, gx.c, gy.c, 0, &h), "a copy");
        else add(xnn_create_copy_nc_x32(gy.c, gx.c, gy.c, 0, &h), "a copy");
        check((q ? xnn_setup_copy_nc_x8 : xnn_setup_copy_nc_x32)(s.operators.back(), gy.pixels(), src, buffer[std::size_t(op.out)], pool), k, "the setup");
        break;
    }
    case OpKind::ChannelShuffle:
        if (q) add(xnn_create_channel_shuffle_nc_x8(op.groups, gx.c / op.groups, gx.c, gx.c, 0, &h), "the channel shuffle");
        else add(xnn_create_channel_shuffle_nc_x32(op.groups, gx.c / op.groups, gx.c, gx.c, 0, &h), "the channel shuffle");
        check((q ? xnn_setup_channel_shuffle_nc_x8 : xnn_setup_channel_shuffle_nc_x32)(s.operators.back(), gx.pixels(), buffer[std::size_t(op.in[0])],
                                                                                        buffer[std::size_t(op.out)], pool), k, "the setup");
        break;
    case OpKind::Convert: {
        const std::size_t n = std::size_t(elementsOf(x.shape));
        if (x.type == DataType::F32 && y.type == DataType::QS8) {
            add(xnn_create_convert_nc_f32_qs8(n, n, n, y.scale, std::int8_t(y.zeroPoint), -128, 127, 0, &h), "the conversion to qs8");
            check(xnn_setup_convert_nc_f32_qs8(s.operators.back(), 1, f32(op.in[0]), s8(op.out), pool), k, "the setup");
        } else if (x.type == DataType::QS8 && y.type == DataType::F32) {
            add(xnn_create_convert_nc_qs8_f32(n, n, n, x.scale, std::int8_t(x.zeroPoint), 0, &h), "the conversion to f32");
            check(xnn_setup_convert_nc_qs8_f32(s.operators.back(), 1, s8(op.in[0]), f32(op.out), pool), k, "the setup");
        } else {
            throw ProgramError("op " + std::to_string(k) + " converts " + dataTypeName(x.type) + " to " + dataTypeName(y.type));
        }
        break;
    }
    case OpKind::Upsample: {
        const std::size_t size = bytesPerElement(y.type) * gy.c;
        const char* in = static_cast<const char*>(buffer[std::size_t(op.in[0])]);
        char* out = static_cast<char*>(buffer[std::size_t(op.out)]);
        s.custom = [in, out, gx, gy, size] {
            const float sh = float(gx.h) / float(gy.h), sw = float(gx.w) / float(gy.w);
            for (std::size_t b = 0; b < gy.n; ++b)
                for (std::size_t r = 0; r < gy.h; ++r) {
                    const std::size_t rs = std::min(std::size_t(std::floor(float(r) * sh)), gx.h - 1);
                    for (std::size_t c = 0; c < gy.w; ++c) {
                        const std::size_t cs = std::min(std::size_t(std::floor(float(c) * sw)), gx.w - 1);
                        std::memcpy(out + ((b * gy.h + r) * gy.w + c) * size, in + ((b * gx.h + rs) * gx.w + cs) * size, size);
                    }
                }
        };
        break;
    }
    case OpKind::Alias: break;
    }
}

void XnnpackRuntime::Impl::copyIn(const float* input) {
    // the caller's N x C x H x W into the input's buffer order
    const Value& in = value(program.input);
    float* x = f32(program.input);
    if (in.shape.size() == 4) {
        const std::size_t n = std::size_t(in.shape[0]), c = std::size_t(in.shape[1]), hw = std::size_t(in.shape[2] * in.shape[3]);
        for (std::size_t b = 0; b < n; ++b)
            for (std::size_t ch = 0; ch < c; ++ch)
                for (std::size_t p = 0; p < hw; ++p) x[(b * hw + p) * c + ch] = input[(b * c + ch) * hw + p];
    } else {
        std::memcpy(x, input, bytes(program.input));
    }
}

void XnnpackRuntime::Impl::copyOut(float* output) const {
    const Value& out = value(program.output);
    const float* y = f32(program.output);
    if (out.shape.size() == 4) {
        const std::size_t n = std::size_t(out.shape[0]), c = std::size_t(out.shape[1]), hw = std::size_t(out.shape[2] * out.shape[3]);
        for (std::size_t b = 0; b < n; ++b)
            for (std::size_t ch = 0; ch < c; ++ch)
                for (std::size_t p = 0; p < hw; ++p) output[(b * c + ch) * hw + p] = y[(b * hw + p) * c + ch];
    } else {
        std::memcpy(output, y, bytes(program.output));
    }
}

void XnnpackRuntime::Impl::run(const float* input, float* output) {
    copyIn(input);
    if (observer) observer(program.input, f32(program.input), elementsOf(value(program.input).shape));
    for (std::size_t k = 0; k < steps.size(); ++k) {
        runStep(steps[k]);
        if (observer && !steps[k].int8) observer(steps[k].out, f32(steps[k].out), elementsOf(value(steps[k].out).shape));
    }
    copyOut(output);
}

XnnpackRuntime::XnnpackRuntime(const Program& program, int threads) : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    program.validate();
    m.program = program;
    if (xnn_initialize(nullptr) != xnn_status_success)
        throw ProgramError("XNNPACK does not run on this CPU (xnn_initialize failed)");
    m.initialized = true;
    m.threads = std::max(1, threads);
    if (m.threads > 1) {
        m.pool = pthreadpool_create(std::size_t(m.threads));
        if (!m.pool) throw ProgramError("cannot start " + std::to_string(m.threads) + " threads");
    }
    if (m.value(m.program.input).shape.size() != 4) throw ProgramError("the program's input is not an N x C x H x W map");
    m.place();
    for (std::size_t k = 0; k < m.program.ops.size(); ++k) m.build(k);
}

XnnpackRuntime::~XnnpackRuntime() = default;

const std::vector<std::int64_t>& XnnpackRuntime::inputShape() const { return impl_->value(impl_->program.input).shape; }
const std::vector<std::int64_t>& XnnpackRuntime::outputShape() const { return impl_->value(impl_->program.output).shape; }

void XnnpackRuntime::forward(const float* input, float* output) { impl_->run(input, output); }

XnnpackRuntime::UnitTimes XnnpackRuntime::unitMilliseconds(const float* input, int warmup, int iters, std::vector<double>* wholeMs) {
    using clock = std::chrono::steady_clock;
    const auto ms = [](clock::time_point t0, clock::time_point t1) { return std::chrono::duration<double, std::milli>(t1 - t0).count(); };
    const auto median = [](std::vector<double>& v) {
        std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    Impl& m = *impl_;
    const std::size_t n = m.steps.size();
    std::vector<float> out(std::size_t(elementsOf(outputShape())));
    UnitTimes t;
    for (int i = 0; i < std::max(1, warmup); ++i) forward(input, out.data());

    std::vector<std::vector<double>> inContext(n + 1);   // the ops, then the copies
    std::vector<clock::time_point> stamp(n + 2);
    for (int it = 0; it < std::max(1, iters); ++it) {
        if (wholeMs) {
            const auto w0 = clock::now();
            forward(input, out.data());
            wholeMs->push_back(ms(w0, clock::now()));
        }
        const auto t0 = clock::now();
        m.copyIn(input);
        stamp[0] = clock::now();
        for (std::size_t k = 0; k < n; ++k) {
            m.runStep(m.steps[k]);
            stamp[k + 1] = clock::now();
        }
        m.copyOut(out.data());
        stamp[n + 1] = clock::now();
        for (std::size_t k = 0; k < n; ++k) inContext[k].push_back(ms(stamp[k], stamp[k + 1]));
        inContext[n].push_back(ms(t0, stamp[0]) + ms(stamp[n], stamp[n + 1]));
    }
    // A forward's median is close to the sum of its ops' means, not of their medians: each op's
    // times are skewed (a slow one now and then). The mean of the middle 80 % keeps the skew and
    // drops the interrupts.
    const auto trimmedMean = [](std::vector<double>& v) {
        std::sort(v.begin(), v.end());
        const std::size_t cut = v.size() / 10;
        double sum = 0;
        for (std::size_t i = cut; i < v.size() - cut; ++i) sum += v[i];
        return sum / double(v.size() - 2 * cut);
    };
    for (std::size_t k = 0; k < n; ++k) t.inContextMs.push_back(trimmedMean(inContext[k]));
    t.ioInContextMs = trimmedMean(inContext[n]);

    const auto alone = [&](const std::function<void()>& unit) {
        for (int i = 0; i < warmup; ++i) unit();
        std::vector<double> samples;
        for (int i = 0; i < std::max(1, iters); ++i) {
            const auto t0 = clock::now();
            unit();
            samples.push_back(ms(t0, clock::now()));
        }
        return median(samples);
    };
    t.ioAloneMs = alone([&] {
        m.copyIn(input);
        m.copyOut(out.data());
    });
    for (const Impl::Step& s : m.steps) t.aloneMs.push_back(alone([&] { m.runStep(s); }));
    return t;
}

void XnnpackRuntime::setObserver(Observer observer) { impl_->observer = std::move(observer); }

std::vector<float> XnnpackRuntime::valueAsFloats(int v) const {
    const Value& x = impl_->value(v);
    const std::size_t n = std::size_t(elementsOf(x.shape));
    std::vector<float> out(n);
    if (x.type == DataType::QS8) {
        const std::int8_t* p = impl_->s8(v);
        for (std::size_t i = 0; i < n; ++i) out[i] = x.scale * float(int(p[i]) - x.zeroPoint);
    } else {
        std::memcpy(out.data(), impl_->f32(v), n * sizeof(float));
    }
    return out;
}

int XnnpackRuntime::threads() const { return impl_->threads; }

std::string XnnpackRuntime::describe() const {
    const Impl& m = *impl_;
    int int8 = 0, converts = 0;
    for (std::size_t k = 0; k < m.steps.size(); ++k) {
        int8 += m.steps[k].int8;
        converts += m.program.ops[k].kind == OpKind::Convert;
    }
    std::ostringstream s;
    s << "XNNPACK " << xnnpackVersion() << " operators, channels-last";
    if (m.program.isInt8()) s << ", int8 (qc8 weights, qs8 activations): " << int8 << " of " << m.steps.size() << " ops write int8, " << converts << " conversions";
    s << ": " << m.steps.size() << " ops, " << (m.bufferBytes + (1 << 19)) / (1 << 20) << " MiB of activation buffers, " << m.threads
      << (m.threads == 1 ? " thread" : " threads");
    return s.str();
}

}  // namespace hlcnn::mobile
