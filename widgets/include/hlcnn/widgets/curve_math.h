// What the live plots compute from a curve before drawing it: smoothing (for the eye; the raw
// values stay what hover shows) and min/max-preserving decimation (so that no spike or dip is lost
// however far one zooms out). Plain functions, tested on their own.
#pragma once

#include <cstddef>
#include <vector>

namespace hlcnn {

// Exponential moving average with TensorBoard's de-bias: s_i = sum_k (1-w) w^(i-k) y_k / (1 - w^(i+1)),
// so the first values are not pulled towards zero. weight in [0, 1); 0 returns y.
std::vector<double> emaDebiased(const std::vector<double>& y, double weight);

// Centred moving average over `window` points (odd; shrinks at the ends, never pads).
std::vector<double> centredMovingAverage(const std::vector<double>& y, int window);

// The points of (x, y) (x ascending) with x in [x0, x1], plus one neighbour on each side so lines
// reach the edges, reduced to at most about 4 points per bucket of `buckets` equal x ranges: the
// first, minimum, maximum and last of each bucket, in x order. Every local extreme stays drawn.
// Ranges with no more points than 4 x buckets are returned whole.
void decimateMinMax(const std::vector<double>& x, const std::vector<double>& y, double x0, double x1, int buckets,
                    std::vector<double>& outX, std::vector<double>& outY);

// The envelope of (x, y) over [x0, x1] in `buckets` equal x ranges: for each bucket holding points,
// its first x and the minimum and maximum y (non-finite values skipped). Drawn as a band when a
// view holds many more points than pixels: every extreme visible, at the cost of one polygon.
void envelopeMinMax(const std::vector<double>& x, const std::vector<double>& y, double x0, double x1, int buckets,
                    std::vector<double>& outX, std::vector<double>& outMin, std::vector<double>& outMax);

// The index of the point whose x is nearest to `at` (x ascending, not empty).
std::size_t nearestIndex(const std::vector<double>& x, double at);

}  // namespace hlcnn
