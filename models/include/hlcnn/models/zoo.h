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
Stem parseStem(const std::string& text);  // "imagenet" | "cifar"; throws std::invalid_argument

}  // namespace hlcnn::models
