#include "hlcnn/core/energy_meter.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace hlcnn {

namespace {

namespace fs = std::filesystem;

bool readLine(const std::string& path, std::string& line) {
    std::ifstream in(path);
    return in && std::getline(in, line);
}

bool readCounter(const std::string& path, std::uint64_t& value) {
    std::string line;
    if (!readLine(path, line) || line.empty()) return false;
    try {
        std::size_t used = 0;
        value = std::stoull(line, &used);
        return used == line.size();
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

EnergyMeter::EnergyMeter(const std::string& powercapRoot) {
    std::error_code ec;
    if (!fs::is_directory(powercapRoot, ec)) {
        reason_ = "no RAPL counters: " + powercapRoot + " does not exist (a VM or a kernel without powercap)";
        return;
    }
    // Top-level zones only (intel-rapl:0, not intel-rapl:0:0): the packages, which include their cores.
    std::vector<fs::path> zones;
    for (const auto& entry : fs::directory_iterator(powercapRoot, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("intel-rapl:", 0) == 0 && std::count(name.begin(), name.end(), ':') == 1) zones.push_back(entry.path());
    }
    std::sort(zones.begin(), zones.end());
    std::string unreadable;
    for (const fs::path& z : zones) {
        RaplDomain d;
        if (!readLine((z / "name").string(), d.name) || d.name.rfind("package", 0) != 0) continue;
        d.energyPath = (z / "energy_uj").string();
        std::uint64_t probe = 0;
        if (!readCounter((z / "max_energy_range_uj").string(), d.rangeUj) || d.rangeUj == 0 || !readCounter(d.energyPath, probe)) {
            unreadable = d.energyPath;
            continue;
        }
        domains_.push_back(d);
    }
    if (!unreadable.empty())
        reason_ = "RAPL counter " + unreadable + " cannot be read (root only since Linux 5.10)";
    else if (domains_.empty())
        reason_ = "no RAPL package domain under " + powercapRoot;
    if (!reason_.empty()) domains_.clear();
}

std::vector<std::uint64_t> EnergyMeter::read() const {
    std::vector<std::uint64_t> values;
    for (const RaplDomain& d : domains_) {
        std::uint64_t v = 0;
        if (!readCounter(d.energyPath, v)) throw std::runtime_error("cannot read " + d.energyPath);
        values.push_back(v);
    }
    return values;
}

double EnergyMeter::joulesBetween(const std::vector<std::uint64_t>& before, const std::vector<std::uint64_t>& after) const {
    if (before.size() != domains_.size() || after.size() != domains_.size())
        throw std::invalid_argument("readings of another meter");
    double uj = 0;
    for (std::size_t i = 0; i < domains_.size(); ++i)
        uj += after[i] >= before[i] ? double(after[i] - before[i]) : double(domains_[i].rangeUj - before[i] + after[i]);
    return uj * 1e-6;
}

}  // namespace hlcnn
