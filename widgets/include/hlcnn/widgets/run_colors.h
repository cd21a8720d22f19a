// One colour per run, the same in every view (table, curves, detail, and later compare): taken
// from the run's id in a colour-blind-safe palette (Okabe-Ito and Paul Tol's, without yellow).
#pragma once

#include <QColor>

#include <cstdint>

namespace hlcnn {

QColor runColor(std::int64_t runId);

}  // namespace hlcnn
