// The op vocabulary of the graph: every primitive and composite block, with its attribute schema,
// shape rule, parameter list, cost rule and (primitives) its computation. One table serves
// validation, profiling, both builders and the designer's palette, so they cannot disagree. Each op
// family is defined in one file under core/src/ops/.
#pragma once

#include "hlcnn/core/attrs.h"
#include "hlcnn/core/graph.h"
#include "hlcnn/core/op_lowering.h"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hlcnn {

// Thrown by an op's rules when its inputs or attributes do not fit; the caller adds the node id.
class OpError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class ParamInit { KaimingNormalFanOut, LinearNormal, Zeros, Ones, Constant };

struct ParamSpec {
    std::string name;                  // local to the node, e.g. "weight", "fc1.bias"
    std::vector<std::int64_t> shape;
    bool buffer = false;               // running statistics: state, not trained
    bool integer = false;              // int64 buffer (num_batches_tracked)
    ParamInit init = ParamInit::Zeros;
    double value = 0.0;                // for ParamInit::Constant
};

struct OpContext {
    const std::string& nodeId;
    const Attrs& attrs;                          // defaults filled in
    const std::vector<TensorShape>& inputs;
};

struct OpCost {
    std::int64_t macs = 0;      // multiply-accumulates of conv/linear (torchvision convention)
    std::int64_t otherOps = 0;  // elementwise/normalisation/pooling/attention-scaling ops
};

struct Expansion {
    std::vector<Node> nodes;  // in topological order; may reference the composite's own inputs
    std::string output;       // id (among nodes) whose output is the block's output
};

struct OpSchema {
    std::string name;
    std::string category;     // palette group
    std::string summary;
    int minInputs = 1;
    int maxInputs = 1;        // -1: unbounded
    std::vector<AttrSpec> attrs;
    bool composite = false;

    std::function<TensorShape(const OpContext&)> infer;
    std::function<std::vector<ParamSpec>(const OpContext&)> params;              // may be empty
    std::function<OpCost(const OpContext&, const TensorShape& output)> cost;     // primitives
    std::function<Expansion(const OpContext&)> expand;                           // composites
    // Primitives: the computation, run by the eager builder on tensors and by the TorchScript
    // exporter to write source (op_lowering.h).
    std::function<Value(LoweringContext&)> lower;

    const AttrSpec* findAttr(const std::string& attr) const;
};

const OpSchema* findOp(const std::string& name);
const std::vector<OpSchema>& allOps();

// Convolution geometry of a conv2d / depthwise_conv / pointwise_conv node, defaults resolved
// (padding -1 becomes (kernel - 1) / 2 * dilation). Shared by shape rules, costs and both builders.
struct ConvGeometry {
    std::int64_t in = 0, out = 0, kernel = 1, stride = 1, padding = 0, dilation = 1, groups = 1;
    bool bias = false;
};
ConvGeometry convGeometry(const std::string& op, const Attrs& attrs, const TensorShape& input);

// Window of a maxpool / avgpool node (stride 0 becomes the kernel size).
struct PoolGeometry {
    std::int64_t kernel = 1, stride = 1, padding = 0;
    bool ceilMode = false;
};
PoolGeometry poolGeometry(const Attrs& attrs);

// How a fusion node brings F2 (input 1) to F1's shape (input 0), for any two feature-map sizes.
// Shared by shape rules, costs and both builders. In order:
//  1. adaptive average pooling (area resampling) down to min(F1, F2) in each dimension where F2 is
//     larger: every F2 value contributes, no aliasing, and for integer factors it is exactly the
//     k x k average pool;
//  2. a 1x1 projection (no bias) when the channels differ, at the pooled size: it is linear like
//     both resamplers, so placing it where the map is smallest changes nothing but its cost;
//  3. nearest-neighbour upsampling to F1's size where F2 is smaller: no parameters, no blur, and
//     exact replication for integer factors (as FPN's top-down path).
struct FusionGeometry {
    std::int64_t channels1 = 0, height1 = 0, width1 = 0;   // F1 (and the output)
    std::int64_t channels2 = 0, height2 = 0, width2 = 0;   // F2
    std::int64_t pooledHeight = 0, pooledWidth = 0;        // F2 after step 1
    bool pool() const { return pooledHeight != height2 || pooledWidth != width2; }
    bool project() const { return channels1 != channels2; }
    bool upsample() const { return pooledHeight != height1 || pooledWidth != width1; }
    // Additions + divisions of the adaptive pooling: each output cell sums its window (PyTorch's
    // windows [floor(i*in/out), ceil((i+1)*in/out)) may overlap for non-integer ratios).
    std::int64_t poolOps() const;
};
// Throws OpError when an input is not a feature map, or when F2 differs from F1 and the node's
// `resample` attribute is off.
FusionGeometry fusionGeometry(const Attrs& attrs, const TensorShape& f1, const TensorShape& f2);

// torchvision's _make_divisible: round to the nearest multiple of divisor, never dropping below 90%.
// Channel counts of the mobile blocks and of the zoo use it.
std::int64_t makeDivisible(double v, std::int64_t divisor);

// One attribute value against its spec: "" when it fits, else the reason ("attribute 'alpha' = nan
// is out of range [...]"). The one attribute check: resolveAttrs and the designer's inspector use it.
std::string attributeProblem(const AttrSpec& spec, const AttrValue& value);

// Checks a node's attributes against the schema and returns them with defaults filled in.
// Throws OpError naming the offending attribute.
Attrs resolveAttrs(const OpSchema& schema, const Attrs& given);

}  // namespace hlcnn
