#include "hlcnn/mobile/program.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace hlcnn::mobile {

namespace {

constexpr char kMagic[4] = {'H', 'L', 'M', 'P'};
constexpr std::size_t kFixedHeader = 4 + 4 + 8 + 8;
constexpr std::size_t kAlignment = 64;

// CRC-32 (IEEE 802.3, the polynomial zlib and PNG use), without a dependency the phone would need.
std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

template <typename T> void put(std::string& out, T v) {
    unsigned char b[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i) b[i] = static_cast<unsigned char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xFF);
    out.append(reinterpret_cast<const char*>(b), sizeof(T));
}

template <typename T> T get(const std::string& in, std::size_t at) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v |= std::uint64_t(static_cast<unsigned char>(in[at + i])) << (8 * i);
    return static_cast<T>(v);
}

// JSON has no infinity: an unbounded clamp is null.
nlohmann::json bound(float v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }
float boundOr(const nlohmann::json& j, float unbounded) { return j.is_null() ? unbounded : j.get<float>(); }

const OpKind kAllKinds[] = {OpKind::Conv2d, OpKind::FullyConnected, OpKind::Add, OpKind::Multiply, OpKind::Clamp,
                            OpKind::Hardswish, OpKind::Sigmoid, OpKind::Hardsigmoid, OpKind::MaxPool, OpKind::GlobalAvgPool,
                            OpKind::Concat, OpKind::Split, OpKind::ChannelShuffle, OpKind::Convert, OpKind::Alias, OpKind::Upsample};

OpKind kindFromName(const std::string& s) {
    for (OpKind k : kAllKinds)
        if (s == opKindName(k)) return k;
    throw ProgramError("an op of unknown kind '" + s + "'");
}

DataType typeFromName(const std::string& s) {
    for (DataType t : {DataType::F32, DataType::QS8, DataType::I32})
        if (s == dataTypeName(t)) return t;
    throw ProgramError("a value of unknown type '" + s + "'");
}

}  // namespace

const char* dataTypeName(DataType t) {
    switch (t) {
    case DataType::F32: return "f32";
    case DataType::QS8: return "qs8";
    case DataType::I32: return "i32";
    }
    return "?";
}

const char* opKindName(OpKind k) {
    switch (k) {
    case OpKind::Conv2d: return "conv2d";
    case OpKind::FullyConnected: return "fully_connected";
    case OpKind::Add: return "add";
    case OpKind::Multiply: return "multiply";
    case OpKind::Clamp: return "clamp";
    case OpKind::Hardswish: return "hardswish";
    case OpKind::Sigmoid: return "sigmoid";
    case OpKind::Hardsigmoid: return "hardsigmoid";
    case OpKind::MaxPool: return "max_pool";
    case OpKind::GlobalAvgPool: return "global_avg_pool";
    case OpKind::Concat: return "concat";
    case OpKind::Split: return "split";
    case OpKind::ChannelShuffle: return "channel_shuffle";
    case OpKind::Convert: return "convert";
    case OpKind::Alias: return "alias";
    case OpKind::Upsample: return "upsample";
    }
    return "?";
}

std::int64_t elementsOf(const std::vector<std::int64_t>& shape) {
    std::int64_t n = 1;
    for (std::int64_t d : shape) n *= d;
    return n;
}

std::size_t bytesPerElement(DataType t) { return t == DataType::QS8 ? 1 : 4; }

std::int64_t Tensor::elements() const { return elementsOf(dims); }

bool Program::isInt8() const {
    for (const Value& v : values)
        if (v.type == DataType::QS8) return true;
    return false;
}

int Program::addValue(Value v) {
    values.push_back(std::move(v));
    return int(values.size()) - 1;
}

int Program::addTensor(Tensor t) {
    tensors.push_back(std::move(t));
    return int(tensors.size()) - 1;
}

namespace {

// What the runtime will read for an op, checked against the values and tensors it names, so that a
// crafted file (its checksum recomputed) is refused instead of read out of bounds.
void checkOpShapes(const Program& p, std::size_t k, const std::string& at) {
    const Op& op = p.ops[k];
    auto fail = [&](const std::string& what) { throw ProgramError(at + " " + what); };
    const Value& x = p.values[std::size_t(op.in[0])];
    const Value& y = p.values[std::size_t(op.out)];
    auto tensor = [&](int t) -> const Tensor& { return p.tensors[std::size_t(t)]; };
    // channels and pixels of a value as the runtime maps it (4-D maps channels-last)
    auto channels = [](const Value& v) { return v.shape.size() >= 2 ? v.shape[1] : 1; };
    auto pixels = [](const Value& v) { return elementsOf(v.shape) / (v.shape.size() >= 2 ? v.shape[1] : 1); };
    const bool q = y.type == DataType::QS8;
    switch (op.kind) {
    case OpKind::Conv2d: {
        if (op.weights < 0) fail("has no weights");
        if (x.shape.size() != 4 && !(x.shape.size() == 3 && x.shape[1] == 1)) fail("reads a value that is not a map");
        if (y.shape.size() != x.shape.size()) fail("writes a value of another rank");
        if (op.groups < 1 || channels(x) % op.groups || channels(y) % op.groups) fail("has groups that do not divide its channels");
        for (std::uint32_t v : {op.kernel[0], op.kernel[1], op.stride[0], op.stride[1], op.dilation[0], op.dilation[1]})
            if (v < 1 || v > 4096) fail("has a kernel, stride or dilation out of range");
        for (std::uint32_t v : op.padding)
            if (v > 4096) fail("has a padding out of range");
        const Tensor& w = tensor(op.weights);
        const std::vector<std::int64_t> want{channels(y), op.kernel[0], op.kernel[1], channels(x) / op.groups};
        if (w.dims != want) fail("has weights of the wrong shape");
        if (w.type != (q ? DataType::QS8 : DataType::F32)) fail("has weights of the wrong type");
        if (op.bias >= 0 && (tensor(op.bias).dims != std::vector<std::int64_t>{channels(y)} ||
                             tensor(op.bias).type != (q ? DataType::I32 : DataType::F32)))
            fail("has a bias of the wrong shape or type");
        if (q && (op.weightScales < 0 || tensor(op.weightScales).dims != std::vector<std::int64_t>{channels(y)} ||
                  tensor(op.weightScales).type != DataType::F32))
            fail("has no per-channel weight scales");
        if (q && x.type != DataType::QS8) fail("mixes qs8 and f32");
        // the output size the runtime's arithmetic gives must be the value's
        const std::size_t r = x.shape.size();
        const std::int64_t inH = r == 4 ? x.shape[2] : 1, inW = x.shape[r - 1], outH = r == 4 ? y.shape[2] : 1, outW = y.shape[r - 1];
        const std::int64_t eh = (std::int64_t(op.kernel[0]) - 1) * op.dilation[0] + 1, ew = (std::int64_t(op.kernel[1]) - 1) * op.dilation[1] + 1;
        const std::int64_t ph = inH + op.padding[0] + op.padding[2], pw = inW + op.padding[1] + op.padding[3];
        if (ph < eh || pw < ew || (ph - eh) / op.stride[0] + 1 != outH || (pw - ew) / op.stride[1] + 1 != outW || x.shape[0] != y.shape[0])
            fail("writes a map of another size than its geometry gives");
        break;
    }
    case OpKind::FullyConnected: {
        if (op.weights < 0 || y.shape.size() != 2 || x.shape[0] != y.shape[0]) fail("is not a linear layer over its values");
        if (tensor(op.weights).dims != std::vector<std::int64_t>{y.shape[1], elementsOf(x.shape) / x.shape[0]} ||
            tensor(op.weights).type != DataType::F32 || x.type != DataType::F32 || q)
            fail("has weights of the wrong shape or type");
        if (op.bias >= 0 && tensor(op.bias).dims != std::vector<std::int64_t>{y.shape[1]}) fail("has a bias of the wrong shape");
        break;
    }
    case OpKind::Add:
    case OpKind::Multiply: {
        if (x.shape != y.shape) fail("writes a value of another shape than its first operand");
        if (op.constant >= 0) {
            if (op.in.size() != 1 || tensor(op.constant).type != DataType::F32 || q) fail("has a constant operand of the wrong type");
            if (tensor(op.constant).dims.size() > x.shape.size()) fail("has a constant operand of a higher rank");
        } else if (op.in.size() != 2 || p.values[std::size_t(op.in[1])].shape.size() != x.shape.size()) {
            fail("needs two operands of one rank");
        }
        break;
    }
    case OpKind::Concat: {
        std::int64_t c = 0;
        for (int i : op.in) {
            const Value& v = p.values[std::size_t(i)];
            if (pixels(v) != pixels(y) || v.type != y.type) fail("concatenates values of other sizes or types");
            c += channels(v);
        }
        if (c != channels(y)) fail("writes another number of channels than it reads");
        break;
    }
    case OpKind::Split:
        if (pixels(x) != pixels(y) || op.channelOffset < 0 || op.channelOffset + channels(y) > channels(x) || x.type != y.type)
            fail("takes channels its input does not have");
        break;
    case OpKind::ChannelShuffle:
        if (x.shape != y.shape || op.groups < 1 || channels(x) % op.groups || x.type != y.type) fail("shuffles channels its groups do not divide");
        break;
    case OpKind::MaxPool:
        if (x.shape.size() != 4 || y.shape.size() != 4 || channels(x) != channels(y) || x.type != y.type || op.kernel[0] < 1 || op.kernel[1] < 1 ||
            op.stride[0] < 1 || op.stride[1] < 1 || op.dilation[0] < 1 || op.dilation[1] < 1)
            fail("is not a pool over its values");
        break;
    case OpKind::GlobalAvgPool:
        if (x.shape.size() != 4 || y.shape.size() != 4 || channels(x) != channels(y) || pixels(y) != x.shape[0]) fail("is not a global pool over its values");
        break;
    case OpKind::Upsample:
        if (x.shape.size() != 4 || y.shape.size() != 4 || channels(x) != channels(y) || x.type != y.type) fail("is not an upsampling of its values");
        break;
    case OpKind::Alias:
        if (elementsOf(x.shape) != elementsOf(y.shape) || x.type != y.type) fail("aliases a value of another size");
        break;
    case OpKind::Convert:
    case OpKind::Clamp:
    case OpKind::Hardswish:
    case OpKind::Sigmoid:
    case OpKind::Hardsigmoid:
        if (elementsOf(x.shape) != elementsOf(y.shape)) fail("writes another number of elements than it reads");
        if (op.kind != OpKind::Convert && op.kind != OpKind::Sigmoid && op.kind != OpKind::Clamp && (x.type != DataType::F32 || q))
            fail("runs on f32 only");
        break;
    }
}

}  // namespace

void Program::validate() const {
    const int nv = int(values.size()), nt = int(tensors.size());
    auto fail = [](const std::string& what) { throw ProgramError(what); };
    for (int v = 0; v < nv; ++v) {
        const Value& x = values[std::size_t(v)];
        if (x.shape.empty() || x.shape.size() > 4) fail("value " + std::to_string(v) + " has rank " + std::to_string(x.shape.size()));
        for (std::int64_t d : x.shape)
            if (d < 1 || d > (1 << 24)) fail("value " + std::to_string(v) + " has a size of " + std::to_string(d));
        if (elementsOf(x.shape) > (std::int64_t(1) << 31)) fail("value " + std::to_string(v) + " is too large");
        if (x.type == DataType::I32) fail("value " + std::to_string(v) + " is i32");
        if (x.type == DataType::QS8 && (!(x.scale > 0) || !std::isfinite(x.scale) || x.zeroPoint < -128 || x.zeroPoint > 127))
            fail("value " + std::to_string(v) + " has a quantization scale or zero point out of range");
    }
    for (int t = 0; t < nt; ++t) {
        const Tensor& x = tensors[std::size_t(t)];
        for (std::int64_t d : x.dims)
            if (d < 0 || d > (1 << 28)) fail("tensor " + std::to_string(t) + " has a size of " + std::to_string(d));
        if (std::uint64_t(x.elements()) * bytesPerElement(x.type) != x.bytes.size())
            fail("tensor " + std::to_string(t) + " holds " + std::to_string(x.bytes.size()) + " bytes for its shape");
    }
    if (input < 0 || input >= nv || output < 0 || output >= nv) fail("the input or output value is out of range");
    if (values[std::size_t(input)].type != DataType::F32 || values[std::size_t(output)].type != DataType::F32)
        fail("the input and output must be f32");
    std::vector<bool> written(std::size_t(nv), false);
    written[std::size_t(input)] = true;
    for (std::size_t k = 0; k < ops.size(); ++k) {
        const Op& op = ops[k];
        const std::string at = "op " + std::to_string(k) + " (" + opKindName(op.kind) + ")";
        if (op.in.empty()) fail(at + " has no input");
        for (int i : op.in) {
            if (i < 0 || i >= nv) fail(at + " reads value " + std::to_string(i) + " of " + std::to_string(nv));
            if (!written[std::size_t(i)]) fail(at + " reads value " + std::to_string(i) + " before anything writes it");
        }
        if (op.out < 0 || op.out >= nv) fail(at + " writes value " + std::to_string(op.out) + " of " + std::to_string(nv));
        if (op.out == op.in[0]) fail(at + " writes its own input");
        for (int t : {op.weights, op.bias, op.weightScales, op.constant})
            if (t < -1 || t >= nt) fail(at + " names tensor " + std::to_string(t) + " of " + std::to_string(nt));
        checkOpShapes(*this, k, at);
        written[std::size_t(op.out)] = true;
    }
    if (!written[std::size_t(output)]) fail("nothing writes the output value");
}

std::string serializeProgram(const Program& p) {
    p.validate();
    nlohmann::json values = nlohmann::json::array(), ops = nlohmann::json::array(), tensors = nlohmann::json::array();
    for (const Value& v : p.values) {
        nlohmann::json j{{"shape", v.shape}, {"type", dataTypeName(v.type)}};
        if (v.type == DataType::QS8) j["scale"] = v.scale, j["zero_point"] = v.zeroPoint;
        values.push_back(j);
    }
    for (const Op& o : p.ops) {
        nlohmann::json j{{"kind", opKindName(o.kind)}, {"in", o.in}, {"out", o.out}, {"nodes", o.nodes}};
        if (o.kind == OpKind::Conv2d || o.kind == OpKind::MaxPool)
            j["kernel"] = o.kernel, j["stride"] = o.stride, j["dilation"] = o.dilation, j["padding"] = o.padding;
        if (o.groups != 1) j["groups"] = o.groups;
        if (o.channelOffset) j["channel_offset"] = o.channelOffset;
        if (std::isfinite(o.outMin) || std::isfinite(o.outMax)) j["clamp"] = {bound(o.outMin), bound(o.outMax)};
        if (o.weights >= 0) j["weights"] = o.weights;
        if (o.bias >= 0) j["bias"] = o.bias;
        if (o.weightScales >= 0) j["weight_scales"] = o.weightScales;
        if (o.constant >= 0) j["constant"] = o.constant;
        ops.push_back(j);
    }
    std::string payload;
    for (const Tensor& t : p.tensors) {
        payload.resize((payload.size() + kAlignment - 1) / kAlignment * kAlignment, '\0');
        tensors.push_back({{"type", dataTypeName(t.type)}, {"dims", t.dims}, {"offset", payload.size()}, {"bytes", t.bytes.size()}});
        payload.append(reinterpret_cast<const char*>(t.bytes.data()), t.bytes.size());
    }
    nlohmann::json description;
    try {
        description = nlohmann::json::parse(p.description);
    } catch (const nlohmann::json::exception&) {
        throw ProgramError("the program's description is not JSON");
    }
    const std::string header = nlohmann::json{{"description", description}, {"values", values}, {"ops", ops},
                                              {"tensors", tensors}, {"input", p.input}, {"output", p.output}}
                                   .dump();
    std::string out(kMagic, 4);
    put<std::uint32_t>(out, kProgramFormatVersion);
    put<std::uint64_t>(out, header.size());
    put<std::uint64_t>(out, payload.size());
    out += header;
    out += payload;
    put<std::uint32_t>(out, crc32(reinterpret_cast<const std::uint8_t*>(out.data()), out.size()));
    return out;
}

Program parseProgram(const std::string& bytes, const std::string& name) {
    const std::string who = name + ": ";
    if (bytes.size() < 4 || std::memcmp(bytes.data(), kMagic, 4) != 0)
        throw ProgramError(who + "not an HL-CNN mobile program (" + kProgramSuffix + ")");
    if (bytes.size() < kFixedHeader + 4) throw ProgramError(who + "truncated (" + std::to_string(bytes.size()) + " bytes)");
    const std::uint32_t version = get<std::uint32_t>(bytes, 4);
    if (version > kProgramFormatVersion)
        throw ProgramError(who + "written in mobile program format " + std::to_string(version) + "; this build reads format " +
                           std::to_string(kProgramFormatVersion) + " (update hlcnn, and the runner on the phone)");
    if (version == 0) throw ProgramError(who + "corrupt (format version 0)");
    const std::uint64_t headerBytes = get<std::uint64_t>(bytes, 8), payloadBytes = get<std::uint64_t>(bytes, 16);
    if (headerBytes > bytes.size() || payloadBytes > bytes.size() || kFixedHeader + headerBytes + payloadBytes + 4 > bytes.size())
        throw ProgramError(who + "truncated (" + std::to_string(bytes.size()) + " bytes; its header promises " +
                           std::to_string(kFixedHeader + headerBytes + payloadBytes + 4) + ")");
    const std::size_t end = kFixedHeader + headerBytes + payloadBytes;
    if (end + 4 != bytes.size()) throw ProgramError(who + "corrupt (" + std::to_string(bytes.size() - end - 4) + " bytes after its end)");
    if (crc32(reinterpret_cast<const std::uint8_t*>(bytes.data()), end) != get<std::uint32_t>(bytes, end))
        throw ProgramError(who + "corrupt (checksum mismatch: the file was changed or damaged after it was written)");
    Program p;
    try {
        const nlohmann::json h = nlohmann::json::parse(bytes.begin() + kFixedHeader, bytes.begin() + std::ptrdiff_t(kFixedHeader + headerBytes));
        p.description = h.at("description").dump();
        p.input = h.at("input").get<int>();
        p.output = h.at("output").get<int>();
        for (const auto& j : h.at("values")) {
            Value v;
            v.shape = j.at("shape").get<std::vector<std::int64_t>>();
            v.type = typeFromName(j.at("type").get<std::string>());
            if (v.type == DataType::QS8) v.scale = j.at("scale").get<float>(), v.zeroPoint = j.at("zero_point").get<std::int32_t>();
            p.values.push_back(v);
        }
        const std::size_t payload = kFixedHeader + headerBytes;
        for (const auto& j : h.at("tensors")) {
            Tensor t;
            t.type = typeFromName(j.at("type").get<std::string>());
            t.dims = j.at("dims").get<std::vector<std::int64_t>>();
            const std::uint64_t offset = j.at("offset").get<std::uint64_t>(), n = j.at("bytes").get<std::uint64_t>();
            if (offset > payloadBytes || n > payloadBytes - offset) throw ProgramError("a tensor lies outside the payload");
            t.bytes.assign(bytes.begin() + std::ptrdiff_t(payload + offset), bytes.begin() + std::ptrdiff_t(payload + offset + n));
            p.tensors.push_back(std::move(t));
        }
        for (const auto& j : h.at("ops")) {
            Op o;
            o.kind = kindFromName(j.at("kind").get<std::string>());
            o.in = j.at("in").get<std::vector<int>>();
            o.out = j.at("out").get<int>();
            o.nodes = j.value("nodes", std::vector<std::string>{});
            if (j.contains("kernel")) {
                o.kernel = j.at("kernel").get<std::array<std::uint32_t, 2>>();
                o.stride = j.at("stride").get<std::array<std::uint32_t, 2>>();
                o.dilation = j.at("dilation").get<std::array<std::uint32_t, 2>>();
                o.padding = j.at("padding").get<std::array<std::uint32_t, 4>>();
            }
            o.groups = j.value("groups", 1u);
            o.channelOffset = j.value("channel_offset", std::int64_t(0));
            if (j.contains("clamp")) {
                o.outMin = boundOr(j.at("clamp").at(0), -std::numeric_limits<float>::infinity());
                o.outMax = boundOr(j.at("clamp").at(1), std::numeric_limits<float>::infinity());
            }
            o.weights = j.value("weights", -1);
            o.bias = j.value("bias", -1);
            o.weightScales = j.value("weight_scales", -1);
            o.constant = j.value("constant", -1);
            p.ops.push_back(std::move(o));
        }
        p.validate();
    } catch (const ProgramError& e) {
        throw ProgramError(who + "corrupt (" + e.what() + ")");
    } catch (const nlohmann::json::exception& e) {
        throw ProgramError(who + "corrupt (its header: " + std::string(e.what()).substr(0, 120) + ")");
    }
    return p;
}

namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ProgramError(path + ": cannot be read (" + std::strerror(errno) + ")");
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) throw ProgramError(path + ": cannot be read");
    return s.str();
}

}  // namespace

Program readProgramFile(const std::string& path) { return parseProgram(readAll(path), path); }

std::string readProgramDescription(const std::string& path) { return readProgramFile(path).description; }

bool looksLikeProgramFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[4] = {};
    return in.read(head, 4) && std::memcmp(head, kMagic, 4) == 0;
}

}  // namespace hlcnn::mobile
