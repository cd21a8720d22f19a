// The int8 form of a float mobile program, calibrated as native-int8 is: each value's [min, max]
// over the calibration images of the float program gives its int8 scale (unsigned range where it
// never went below zero: zero point -128; symmetric otherwise), convolution weights are int8 per
// output channel (symmetric), biases int32. Convolutions, additions and multiplications of two
// maps, max and global average pools, concatenations, splits, shuffles, clamps and sigmoids run on
// int8 (XNNPACK's qc8/qs8/x8 operators); hardswish, hardsigmoid, the linear layer and products
// with constants run on float, with conversions where the types meet.
#pragma once

#include "hlcnn/mobile/program.h"

#include <utility>
#include <vector>

namespace hlcnn::mobile {

// ranges: by value of `fp32`, the calibrated [min, max] (a value never observed: [0, 1]).
Program quantizeProgram(const Program& fp32, const std::vector<std::pair<float, float>>& ranges);

}  // namespace hlcnn::mobile
