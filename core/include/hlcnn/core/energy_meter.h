// CPU package energy from Linux's powercap RAPL counters (/sys/class/powercap/intel-rapl:N, which
// AMD processors also use). Many machines do not expose them (VMs) or only to root: the meter then
// says why, and nothing is ever estimated in their place.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hlcnn {

struct RaplDomain {
    std::string name;           // "package-0"
    std::string energyPath;     // .../energy_uj
    std::uint64_t rangeUj = 0;  // the counter wraps to 0 after this many microjoules
};

class EnergyMeter {
public:
    // Finds the package domains under `powercapRoot` and checks that their counters can be read.
    explicit EnergyMeter(const std::string& powercapRoot = "/sys/class/powercap");

    bool available() const { return reason_.empty(); }
    const std::string& unavailableReason() const { return reason_; }  // "" when available
    const std::vector<RaplDomain>& domains() const { return domains_; }

    // Cumulative counters, one per domain; throws std::runtime_error when one cannot be read.
    std::vector<std::uint64_t> read() const;
    // Joules between two readings, summed over the packages, each counter's wrap undone (at most one
    // wrap per domain between the readings: keep the interval under the range, minutes at full power).
    double joulesBetween(const std::vector<std::uint64_t>& before, const std::vector<std::uint64_t>& after) const;

private:
    std::vector<RaplDomain> domains_;
    std::string reason_;
};

}  // namespace hlcnn
