#include "hlcnn/widgets/curve_math.h"

#include <algorithm>
#include <cmath>

namespace hlcnn {

std::vector<double> emaDebiased(const std::vector<double>& y, double weight) {
    if (!(weight > 0) || weight >= 1) return y;
    std::vector<double> out(y.size());
    double accumulated = 0, power = 1;   // power = w^(i+1)
    for (std::size_t i = 0; i < y.size(); ++i) {
        accumulated = accumulated * weight + (1 - weight) * y[i];
        power *= weight;
        out[i] = accumulated / (1 - power);
    }
    return out;
}

std::vector<double> centredMovingAverage(const std::vector<double>& y, int window) {
    const std::ptrdiff_t n = std::ptrdiff_t(y.size()), half = std::max(0, window / 2);
    if (half == 0) return y;
    std::vector<double> prefix(y.size() + 1, 0.0);
    for (std::size_t i = 0; i < y.size(); ++i) prefix[i + 1] = prefix[i] + y[i];
    std::vector<double> out(y.size());
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        const std::ptrdiff_t reach = std::min({half, i, n - 1 - i});   // symmetric: the window stays centred
        out[std::size_t(i)] = (prefix[std::size_t(i + reach + 1)] - prefix[std::size_t(i - reach)]) / double(2 * reach + 1);
    }
    return out;
}

void decimateMinMax(const std::vector<double>& x, const std::vector<double>& y, double x0, double x1, int buckets,
                    std::vector<double>& outX, std::vector<double>& outY) {
    outX.clear();
    outY.clear();
    if (x.empty()) return;
    std::size_t begin = std::size_t(std::lower_bound(x.begin(), x.end(), x0) - x.begin());
    std::size_t end = std::size_t(std::upper_bound(x.begin(), x.end(), x1) - x.begin());
    if (begin > 0) --begin;   // neighbours outside the range, so the line reaches the edges
    if (end < x.size()) ++end;
    buckets = std::max(1, buckets);
    if (end - begin <= std::size_t(4 * buckets) || !(x1 > x0)) {
        outX.assign(x.begin() + std::ptrdiff_t(begin), x.begin() + std::ptrdiff_t(end));
        outY.assign(y.begin() + std::ptrdiff_t(begin), y.begin() + std::ptrdiff_t(end));
        return;
    }
    const double width = (x1 - x0) / buckets;
    std::size_t i = begin;
    while (i < end) {
        const double bucket = std::floor((x[i] - x0) / width);
        std::size_t j = i, lo = i, hi = i;
        while (j < end && std::floor((x[j] - x0) / width) == bucket) {
            if (y[j] < y[lo]) lo = j;
            if (y[j] > y[hi]) hi = j;
            ++j;
        }
        std::size_t picks[4] = {i, std::min(lo, hi), std::max(lo, hi), j - 1};
        std::size_t last = std::size_t(-1);
        for (std::size_t p : picks) {
            if (p == last) continue;
            outX.push_back(x[p]);
            outY.push_back(y[p]);
            last = p;
        }
        i = j;
    }
}

void envelopeMinMax(const std::vector<double>& x, const std::vector<double>& y, double x0, double x1, int buckets,
                    std::vector<double>& outX, std::vector<double>& outMin, std::vector<double>& outMax) {
    outX.clear();
    outMin.clear();
    outMax.clear();
    if (x.empty() || !(x1 > x0)) return;
    buckets = std::max(1, buckets);
    std::size_t i = std::size_t(std::lower_bound(x.begin(), x.end(), x0) - x.begin());
    const std::size_t end = std::size_t(std::upper_bound(x.begin(), x.end(), x1) - x.begin());
    const double width = (x1 - x0) / buckets;
    while (i < end) {
        const double bucket = std::floor((x[i] - x0) / width);
        const double first = x[i];
        double lo = INFINITY, hi = -INFINITY;
        for (; i < end && std::floor((x[i] - x0) / width) == bucket; ++i)
            if (std::isfinite(y[i])) lo = std::min(lo, y[i]), hi = std::max(hi, y[i]);
        if (lo > hi) continue;
        outX.push_back(first);
        outMin.push_back(lo);
        outMax.push_back(hi);
    }
}

std::size_t nearestIndex(const std::vector<double>& x, double at) {
    const auto it = std::lower_bound(x.begin(), x.end(), at);
    if (it == x.begin()) return 0;
    if (it == x.end()) return x.size() - 1;
    const std::size_t i = std::size_t(it - x.begin());
    return at - x[i - 1] <= x[i] - at ? i - 1 : i;
}

}  // namespace hlcnn
