// The architecture zoo: graph generators for the baselines and the HL-CNN family.
#pragma once

#include "hlcnn/core/graph.h"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hlcnn::models {

enum class Stem { ImageNet, Cifar };

struct ModelOptions {
    std::int64_t classes = 1000;
    Stem stem = Stem::ImageNet;
    double width = 1.0;          // width multiplier, for the models that have one
    std::int64_t resolution = 0; // input height = width; 0: 224 (imagenet) or 32 (cifar)
    std::int64_t inChannels = 3;
    double depth = 1.0;          // HL-CNN: blocks per stage = max(1, round(repeats x depth)); other models refuse != 1
};

struct ModelInfo {
    std::string name;
    std::string family;
    std::string description;
    bool hasWidth = false;       // accepts a width multiplier
    bool torchvision = false;    // same name, structure and parameter names as torchvision
    std::function<Graph(const ModelOptions&)> build;
};

const std::vector<ModelInfo>& zoo();
const ModelInfo* findModel(const std::string& name);

// Throws std::invalid_argument for an unknown name or options the model does not accept.
Graph buildModel(const std::string& name, const ModelOptions& options);

std::string stemName(Stem stem);

// The HL-CNN block choices a sweep or the designer varies; "" / 0 keep the model's own.
struct BlockChoices {
    std::string attention;       // none | se | eca: on the blocks the design gives attention ("none" removes it)
    int seReduction = 0;         // SE squeeze ratio, 1..64
    std::string fusion;          // learnable | add | none: how each block's output meets its input
};
// Applies the choices to every hlcnn_block; std::invalid_argument naming the problem when a value
// is not allowed or the graph has no HL-CNN block to apply them to.
void applyBlockChoices(Graph& graph, const BlockChoices& choices);
// The same for one hlcnn_block node, whatever attention the design gave it (the designer's
// "ablate this block"); std::invalid_argument when the node is missing or not an HL-CNN block.
void applyBlockChoices(Graph& graph, const BlockChoices& choices, const std::string& nodeId);
Stem parseStem(const std::string& text);  // "imagenet" | "cifar"; throws std::invalid_argument

}  // namespace hlcnn::models
