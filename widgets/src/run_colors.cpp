#include "hlcnn/widgets/run_colors.h"

#include <array>

namespace hlcnn {

QColor runColor(std::int64_t runId) {
    static const std::array<QRgb, 12> palette{0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9,
                                              0x332288, 0x882255, 0x117733, 0x999933, 0x44AA99, 0xAA4499};
    const std::int64_t i = runId > 0 ? (runId - 1) % std::int64_t(palette.size()) : 0;
    return QColor(palette[std::size_t(i)]);
}

}  // namespace hlcnn
