// The smallest net for writeTinyIdx's data (cli_process.h): 1x28x28 in, 10 classes out, one
// strided conv, ReLU, global pooling and a linear head; trains thousands of steps a second.
#pragma once

#include "hlcnn/core/graph_json.h"

#include <cstdint>
#include <string>

namespace hlcnn::test {

inline Graph tinyIdxNet(std::int64_t classes = 10, std::int64_t side = 28, std::int64_t channels = 1) {
    return graphFromJson(R"({"format":"hlcnn-graph/1","name":"tiny","input":[)" + std::to_string(channels) + "," +
                         std::to_string(side) + "," + std::to_string(side) + R"(],"nodes":[
      {"id":"c1","op":"conv2d","inputs":["input"],"attrs":{"out_channels":4,"stride":2}},
      {"id":"r1","op":"relu","inputs":["c1"]},
      {"id":"gap","op":"global_avgpool","inputs":["r1"]},{"id":"f","op":"flatten","inputs":["gap"]},
      {"id":"fc","op":"linear","inputs":["f"],"attrs":{"out_features":)" +
                         std::to_string(classes) + "}}],\"outputs\":[\"fc\"]}");
}

}  // namespace hlcnn::test
