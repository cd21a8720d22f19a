// What a latency table indexes: the units a mobile program executes (each op is one XNNPACK
// operator, or one loop, with everything the native runtime fused into it), keyed by what decides
// their time (kind, types, shapes, kernel geometry), so that a unit timed once on a phone predicts
// every op with the same key, in this program or another. nn-Meter and LitePred predict by summing
// such fused kernels; the runner (hlcnn-bench --per-unit) times each one alone.
#pragma once

#include "hlcnn/mobile/program.h"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace hlcnn::mobile {

// "conv2d qs8 1x16x32x32 -> 1x32x16x16 k3x3 s2x2 d1x1 p1,1,1,1 g1 clamp": readable and canonical.
std::string unitKey(const Program& program, std::size_t op);
// The forward's own work outside the ops: the input's and the output's layout copies.
std::string ioKey(const Program& program);

// The predicted time of a program from unit times (key -> ms): the copies plus every op. Each op's
// time goes to the first graph node it does the work of (the others were fused into it); ops of no
// node (conversions) count in the total only. Ops whose key was not measured are listed and not
// counted; a missing io key is listed as "io".
struct UnitPrediction {
    double totalMs = 0;
    std::map<std::string, double> nodeMs;
    std::vector<std::string> missing;   // unit keys not in the table, once each
    std::vector<std::string> missingNodes;   // the nodes whose ops were not measured
    int ops = 0, measuredOps = 0;
};
UnitPrediction predictFromUnits(const Program& program, const std::map<std::string, double>& unitMs);

}  // namespace hlcnn::mobile
