// An HL-CNN mobile program (.hlmp): the native runtime's fused step list written out as the
// operators XNNPACK runs, with their weights, and the same JSON description a .ptl embeds. No Qt,
// no LibTorch: the same code loads it on the host and on a phone (app/bench_runner).
//
// File layout (little-endian):
//   "HLMP"  u32 format version  u64 header bytes  u64 payload bytes
//   header: JSON {"description": {...}, "values": [...], "ops": [...], "tensors": [...]}
//   payload: the tensors' bytes, each at a 64-byte aligned offset of the payload
//   u32 CRC-32 of everything before it
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace hlcnn::mobile {

constexpr std::uint32_t kProgramFormatVersion = 1;
constexpr const char* kProgramSuffix = ".hlmp";

// A file that is not a program this code reads: one line naming the file and what is wrong.
class ProgramError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class DataType : std::uint8_t { F32, QS8, I32 };
const char* dataTypeName(DataType t);   // "f32" | "qs8" | "i32"

// An activation. 4-D maps (N x C x H x W) are stored channels-last (NHWC); other ranks row-major.
// qs8: real value = scale * (stored - zeroPoint).
struct Value {
    std::vector<std::int64_t> shape;
    DataType type = DataType::F32;
    float scale = 1;
    std::int32_t zeroPoint = 0;
};

enum class OpKind : std::uint8_t {
    Conv2d,          // in: x; weights OHWI (I per group), bias; f32, or qs8 with qc8 weights
    FullyConnected,  // in: x (N x K); weights O x K, bias; f32
    Add, Multiply,   // in: a, b (broadcast over NHWC), or a and the tensor `constant` (f32)
    Clamp,           // in: x; [outMin, outMax]
    Hardswish, Sigmoid,
    Hardsigmoid,     // relu6(x + 3) / 6 (no XNNPACK operator: a loop)
    MaxPool,         // kernel, stride, padding
    GlobalAvgPool,   // N x C x H x W -> N x C x 1 x 1
    Concat,          // along channels
    Split,           // channels [channelOffset, channelOffset + C_out) of x
    ChannelShuffle,  // groups
    Convert,         // f32 <-> qs8, by the two values' types
    Alias,           // the same bytes under another shape (a reshape of row-major data)
    Upsample,        // nearest, PyTorch's rule: source index floor(dst * in / out) (a loop)
};
const char* opKindName(OpKind k);

struct Op {
    OpKind kind = OpKind::Conv2d;
    std::vector<int> in;          // value ids
    int out = -1;                 // value id
    std::array<std::uint32_t, 2> kernel{1, 1}, stride{1, 1}, dilation{1, 1};
    std::array<std::uint32_t, 4> padding{0, 0, 0, 0};   // top, right, bottom, left
    std::uint32_t groups = 1;
    std::int64_t channelOffset = 0;
    float outMin = -std::numeric_limits<float>::infinity();
    float outMax = std::numeric_limits<float>::infinity();
    // tensor ids, -1 for none: weights (f32 or int8), bias (f32, or int32 for qs8 convolutions),
    // per-output-channel weight scales (qs8 convolutions), a constant operand (Add, Multiply)
    int weights = -1, bias = -1, weightScales = -1, constant = -1;
    std::vector<std::string> nodes;   // the graph nodes whose work it does
};

struct Tensor {
    DataType type = DataType::F32;
    std::vector<std::int64_t> dims;
    std::vector<std::uint8_t> bytes;
    std::int64_t elements() const;
    template <typename T> const T* data() const { return reinterpret_cast<const T*>(bytes.data()); }
};

struct Program {
    std::string description = "{}";   // JSON: input, normalisation, classes, calibration, accuracy, ops
    std::vector<Value> values;
    std::vector<Op> ops;
    std::vector<Tensor> tensors;
    int input = 0, output = -1;

    bool isInt8() const;
    int addValue(Value v);
    int addTensor(Tensor t);
    // Throws ProgramError naming the first op, value or tensor that does not fit.
    void validate() const;
};

std::int64_t elementsOf(const std::vector<std::int64_t>& shape);
std::size_t bytesPerElement(DataType t);

// The file's bytes; and a program read back from bytes. `name` names the source in errors.
std::string serializeProgram(const Program& program);
Program parseProgram(const std::string& bytes, const std::string& name);
// Reads and checks a file: one-line ProgramError for a file that cannot be read, is not a mobile
// program, was written by a newer format version, is truncated or corrupt.
Program readProgramFile(const std::string& path);
// Only the description (the whole file is still checked).
std::string readProgramDescription(const std::string& path);
// Whether the file starts like a mobile program (its first four bytes).
bool looksLikeProgramFile(const std::string& path);

}  // namespace hlcnn::mobile
