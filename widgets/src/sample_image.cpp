#include "sample_image.h"

namespace hlcnn {

QImage sampleImage(const ImageSet& set, std::int64_t index, int size) {
    const int h = int(set.height), w = int(set.width), c = int(set.channels);
    QImage img(w, h, QImage::Format_RGB32);
    const std::uint8_t* p = set.image(index);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int r = p[(0 * h + y) * w + x];
            const int g = c >= 3 ? p[(1 * h + y) * w + x] : r;
            const int b = c >= 3 ? p[(2 * h + y) * w + x] : r;
            img.setPixel(x, y, qRgb(r, g, b));
        }
    return img.scaled(size, size, Qt::KeepAspectRatio, Qt::FastTransformation);
}

}  // namespace hlcnn
