// Readers for the dataset formats (internal to core).
#pragma once

#include "hlcnn/core/dataset.h"

#include <string>
#include <vector>

namespace hlcnn::data {

std::vector<std::uint8_t> readWholeFile(const std::string& path);  // throws DatasetError
std::shared_ptr<const std::uint8_t> ownBytes(std::vector<std::uint8_t> bytes);

Dataset loadCifar(const std::string& dir, bool cifar100);
Dataset loadIdx(const std::string& dir);
Dataset loadFolder(const std::string& dir, const DatasetOptions& options);

}  // namespace hlcnn::data
