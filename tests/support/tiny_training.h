// A tiny synthetic training problem shared by the in-process training tests: three classes of
// 8x8 RGB images (a bright square in one of three places, plus seeded noise) and a small net with
// a conv stem, an HL-CNN block, dropout and a linear head.
#pragma once

#include "hlcnn/core/dataset.h"
#include "hlcnn/core/graph.h"
#include "hlcnn/core/graph_json.h"

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace hlcnn::test {

// Three classes of 8x8 RGB images: a bright square in one of three places, plus noise.
inline ImageSet makeSet(int perClass, std::uint64_t seed) {
    std::mt19937 rng(static_cast<unsigned>(seed));
    auto bytes = std::make_shared<std::vector<std::uint8_t>>();
    ImageSet s;
    s.channels = 3, s.height = 8, s.width = 8;
    for (int i = 0; i < perClass * 3; ++i) {
        const int label = i % 3;
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 8; ++y)
                for (int x = 0; x < 8; ++x) {
                    const bool patch = y >= 2 && y < 6 && x >= label * 3 && x < label * 3 + 2;
                    bytes->push_back(std::uint8_t(std::min(255, int(rng() % 60) + (patch ? 170 : 20))));
                }
        s.labels.push_back(label);
    }
    s.count = std::int64_t(s.labels.size());
    s.pixels = std::shared_ptr<const std::uint8_t>(bytes, bytes->data());
    return s;
}

inline Dataset makeData() {
    Dataset d;
    d.name = "synthetic";
    d.classNames = {"left", "middle", "right"};
    d.train = makeSet(40, 1);
    d.test = makeSet(10, 2);
    return d;
}

inline Graph smallNet(int classes = 3) {
    return graphFromJson(R"({"format":"hlcnn-graph/1","name":"small","input":[3,8,8],"nodes":[
      {"id":"c1","op":"conv2d","inputs":["input"],"attrs":{"out_channels":8}},
      {"id":"b1","op":"batchnorm","inputs":["c1"]},{"id":"r1","op":"relu","inputs":["b1"]},
      {"id":"blk","op":"hlcnn_block","inputs":["r1"],"attrs":{"out_channels":12,"stride":2}},
      {"id":"gap","op":"global_avgpool","inputs":["blk"]},{"id":"f","op":"flatten","inputs":["gap"]},
      {"id":"drop","op":"dropout","inputs":["f"],"attrs":{"p":0.2}},
      {"id":"fc","op":"linear","inputs":["drop"],"attrs":{"out_features":)" + std::to_string(classes) + "}}],\"outputs\":[\"fc\"]}");
}

}  // namespace hlcnn::test
