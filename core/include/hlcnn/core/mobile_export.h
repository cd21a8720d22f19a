// A module as a mobile program (hlcnn/mobile/program.h): the native runtime's recorded and fused
// step list (native_tape.h) lowered to the operators XNNPACK runs, fp32 or int8.
#pragma once

#include "hlcnn/mobile/program.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hlcnn {

class GraphModuleImpl;

// The float program of the module (eval semantics) for a fixed batch. Throws std::invalid_argument
// naming the node for what the mobile runtime does not run.
mobile::Program mobileProgram(const GraphModuleImpl& module, std::int64_t batch);

struct MobileInt8 {
    mobile::Program program;
    int calibrationImages = 0;
    // each int8 op's output against the float program's on the first calibration images,
    // 10 log10(|float|^2 / |float - int8|^2) (conversions: NaN), parallel to program.ops
    std::vector<double> opSqnrDb;
};

// The int8 program: ranges are the float program's min/max on XNNPACK over the calibration images
// (`next` fills its argument with N x C x H x W normalised images; false when there are no more).
// Throws std::invalid_argument for fewer images than `batch` or a value that is not finite.
MobileInt8 quantizedMobileProgram(const GraphModuleImpl& module, std::int64_t batch, const std::function<bool(at::Tensor&)>& next,
                                  int threads);

}  // namespace hlcnn
