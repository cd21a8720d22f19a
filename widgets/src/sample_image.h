// A dataset image as a person sees it: CHW bytes to an RGB (or grey) QImage, scaled up without
// smoothing so that 32x32 pixels stay pixels. A QImage, so workers may make them too.
#pragma once

#include "hlcnn/core/dataset.h"

#include <QImage>

#include <cstdint>

namespace hlcnn {

QImage sampleImage(const ImageSet& set, std::int64_t index, int size);

}  // namespace hlcnn
