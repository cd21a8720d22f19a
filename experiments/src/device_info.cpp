#include "hlcnn/experiments/device_info.h"

#include "hlcnn/core/number_text.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

namespace hlcnn {

namespace {

// One shell call for everything: identity, the cpufreq tree, thermals, battery. Missing files print
// "-" so the columns stay aligned. (toybox/mksh on the phone; /bin/sh on the test device.)
const char* kDeviceInfoScript =
    "echo @props; getprop; echo @cpus; "
    "for c in /sys/devices/system/cpu/cpu[0-9]*; do n=${c##*cpu}; "
    "echo \"$n $(cat $c/cpufreq/cpuinfo_max_freq 2>/dev/null || echo -) $(cat $c/cpufreq/cpuinfo_min_freq 2>/dev/null || echo -) "
    "$(cat $c/cpufreq/scaling_cur_freq 2>/dev/null || echo -) $(cat $c/cpufreq/scaling_max_freq 2>/dev/null || echo -)\"; done; "
    "echo @thermal; dumpsys thermalservice 2>/dev/null; "
    "echo @battery; cat /sys/class/power_supply/battery/current_now /sys/class/power_supply/battery/voltage_now 2>/dev/null; "
    "echo @end";

std::string trimmed(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
    return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string part;
    while (std::getline(in, part, sep))
        if (!trimmed(part).empty()) out.push_back(trimmed(part));
    return out;
}

std::int64_t khz(const std::string& field) {
    if (field.empty() || field == "-") return 0;
    try {
        return std::stoll(field);
    } catch (...) {
        return 0;
    }
}

std::string prop(const DeviceInfo& d, const char* key) {
    const auto it = d.props.find(key);
    return it == d.props.end() ? "" : it->second;
}

}  // namespace

std::vector<DeviceListing> parseDeviceList(const std::string& text) {
    std::vector<DeviceListing> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        line = trimmed(line);
        if (line.empty() || line.rfind("List of devices", 0) == 0 || line[0] == '*') continue;
        std::istringstream words(line);
        DeviceListing d;
        if (!(words >> d.serial >> d.state)) continue;
        std::string w;
        while (words >> w) {
            const auto colon = w.find(':');
            if (colon == std::string::npos) continue;
            const std::string key = w.substr(0, colon), value = w.substr(colon + 1);
            if (key == "product") d.product = value;
            else if (key == "model") d.model = value;
            else if (key == "device") d.device = value;
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<DeviceListing> listDevices(const Adb& adb, int timeoutMs) {
    const AdbOutput o = adb.run({"devices", "-l"}, timeoutMs);
    if (o.exitCode != 0) {
        const std::string text = trimmed(o.err + o.out);
        throw DeviceError("adb devices failed: " + text.substr(0, text.find('\n')));
    }
    return parseDeviceList(o.out);
}

int DeviceInfo::cores() const {
    int n = 0;
    for (const CpuCluster& c : clusters) n += int(c.cpus.size());
    return n;
}

std::string DeviceInfo::displayName() const {
    std::string name = manufacturer.empty() ? model : manufacturer + " " + model;
    if (name.empty()) name = "unknown device";
    return name + " (" + serial + ")";
}

nlohmann::json DeviceInfo::toJson() const {
    nlohmann::json clustersJson = nlohmann::json::array();
    for (const CpuCluster& c : clusters)
        clustersJson.push_back({{"cpus", c.cpus}, {"max_khz", c.maxKhz}, {"min_khz", c.minKhz}, {"mask", tasksetMask(c.cpus)}});
    nlohmann::json cur = nlohmann::json::object(), cap = nlohmann::json::object(), temps = nlohmann::json::object();
    for (const auto& [cpu, k] : curKhz) cur[std::to_string(cpu)] = k;
    for (const auto& [cpu, k] : capKhz) cap[std::to_string(cpu)] = k;
    for (const auto& [name, t] : temperaturesC) temps[name] = t;
    return {{"serial", serial},
            {"manufacturer", manufacturer},
            {"model", model},
            {"soc", soc},
            {"abi", abi},
            {"abis", abis},
            {"android", release},
            {"sdk", sdk},
            {"fingerprint", fingerprint},
            {"cores", cores()},
            {"clusters", clustersJson},
            {"cur_khz", cur},
            {"cap_khz", cap},
            {"thermal_status", thermalStatus < 0 ? nlohmann::json(nullptr) : nlohmann::json(thermalStatus)},
            {"temperatures_c", temps},
            {"battery_readable", batteryReadable}};
}

DeviceInfo parseDeviceInfo(const std::string& serial, const std::string& text) {
    DeviceInfo d;
    d.serial = serial;
    static const std::regex propLine(R"(^\[([^\]]*)\]: \[(.*)\]\s*$)");
    static const std::regex thermalLine(R"(Thermal Status:\s*(-?\d+))");
    static const std::regex tempLine(R"(Temperature\{mValue=([-\d.]+), mType=(-?\d+), mName=([^,]+), mStatus=(\d+)\})");
    std::map<std::int64_t, CpuCluster> byMax;
    std::vector<std::string> battery;
    std::string section;
    bool ended = false;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind('@', 0) == 0 && line.find(' ') == std::string::npos) {
            section = line.substr(1);
            ended = section == "end";
            continue;
        }
        std::smatch m;
        if (section == "props" && std::regex_match(line, m, propLine)) {
            d.props[m[1]] = m[2];
        } else if (section == "cpus") {
            std::istringstream words(line);
            std::string cpu, maxF, minF, curF, capF;
            if (!(words >> cpu >> maxF >> minF >> curF >> capF)) continue;
            int n = -1;
            try {
                n = std::stoi(cpu);
            } catch (...) {
                continue;
            }
            const std::int64_t maxKhz = khz(maxF);
            if (maxKhz <= 0) continue;  // no cpufreq for this core (offline)
            CpuCluster& c = byMax[maxKhz];
            c.cpus.push_back(n);
            c.maxKhz = maxKhz;
            c.minKhz = khz(minF);
            if (khz(curF) > 0) d.curKhz[n] = khz(curF);
            if (khz(capF) > 0) d.capKhz[n] = khz(capF);
        } else if (section == "thermal") {
            if (std::regex_search(line, m, thermalLine)) d.thermalStatus = std::stoi(m[1]);
            else if (double t = 0; std::regex_search(line, m, tempLine) && parseReal(m[1], t)) d.temperaturesC[trimmed(m[3])] = t;
        } else if (section == "battery" && !trimmed(line).empty()) {
            battery.push_back(trimmed(line));
        }
    }
    if (!ended) {
        std::string first = trimmed(text);
        first = first.substr(0, first.find('\n'));
        throw DeviceError("the device information from " + serial + " is incomplete" + (first.empty() ? "" : " (it said: " + first + ")"));
    }
    for (auto& [maxKhz, c] : byMax) {
        std::sort(c.cpus.begin(), c.cpus.end());
        d.clusters.push_back(c);
    }
    d.manufacturer = prop(d, "ro.product.manufacturer");
    d.model = prop(d, "ro.product.model");
    const std::string socVendor = prop(d, "ro.soc.manufacturer"), socModel = prop(d, "ro.soc.model");
    d.soc = !socModel.empty() ? trimmed(socVendor + " " + socModel) : prop(d, "ro.board.platform");
    if (d.soc.empty()) d.soc = prop(d, "ro.hardware");
    d.abi = prop(d, "ro.product.cpu.abi");
    d.abis = split(prop(d, "ro.product.cpu.abilist"), ',');
    if (d.abis.empty() && !d.abi.empty()) d.abis = {d.abi};
    d.release = prop(d, "ro.build.version.release");
    d.fingerprint = prop(d, "ro.build.fingerprint");
    try {
        d.sdk = std::stoi(prop(d, "ro.build.version.sdk"));
    } catch (...) {
        d.sdk = 0;
    }
    d.batteryReadable = battery.size() == 2;
    return d;
}

DeviceInfo readDeviceInfo(const Adb& adb, const std::string& serial, int timeoutMs) {
    const AdbOutput o = adb.shell(serial, kDeviceInfoScript, timeoutMs, "reading the device information");
    if (o.exitCode != 0 && o.out.find("@end") == std::string::npos)
        throw DeviceError("cannot read the device information of " + serial + " (exit " + std::to_string(o.exitCode) + ")");
    DeviceInfo d = parseDeviceInfo(serial, o.out);
    if (d.props.empty()) throw DeviceError(serial + " answered no properties: is it an Android device?");
    return d;
}

std::vector<int> affinityCpus(const DeviceInfo& info, const std::string& affinity) {
    std::vector<int> cpus;
    if (affinity == "all") {
        for (const CpuCluster& c : info.clusters) cpus.insert(cpus.end(), c.cpus.begin(), c.cpus.end());
    } else if (affinity == "little") {
        if (!info.clusters.empty()) cpus = info.clusters.front().cpus;
    } else if (affinity == "big") {
        for (size_t i = info.clusters.size() > 1 ? 1 : 0; i < info.clusters.size(); ++i)
            cpus.insert(cpus.end(), info.clusters[i].cpus.begin(), info.clusters[i].cpus.end());
    } else {
        throw DeviceError("affinity must be all, big or little, got '" + affinity + "'");
    }
    if (cpus.empty()) throw DeviceError(info.serial + " shows no CPU frequencies (cpufreq), so its cores cannot be chosen: use --affinity all");
    std::sort(cpus.begin(), cpus.end());
    return cpus;
}

std::string tasksetMask(const std::vector<int>& cpus) {
    // hex digits, lowest CPUs in the last digit; up to 64 CPUs
    unsigned long long bits = 0;
    for (const int c : cpus)
        if (c >= 0 && c < 64) bits |= 1ULL << c;
    char buf[24];
    std::snprintf(buf, sizeof buf, "%llx", bits);
    return buf;
}

std::string throttlingBetween(const DeviceInfo& before, const DeviceInfo& after, const std::vector<int>& cpus) {
    if (after.thermalStatus > before.thermalStatus && after.thermalStatus > 0)
        return "thermal status rose from " + std::to_string(std::max(before.thermalStatus, 0)) + " to " + std::to_string(after.thermalStatus);
    if (after.thermalStatus >= 2) return "thermal status " + std::to_string(after.thermalStatus) + " (moderate or worse)";
    for (const int cpu : cpus) {
        const auto b = before.capKhz.find(cpu), a = after.capKhz.find(cpu);
        if (b != before.capKhz.end() && a != after.capKhz.end() && a->second < b->second)
            return "cpu" + std::to_string(cpu) + " was capped from " + std::to_string(b->second / 1000) + " to " +
                   std::to_string(a->second / 1000) + " MHz";
    }
    return {};
}

std::string executableAbi(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char h[20] = {};
    if (!in.read(reinterpret_cast<char*>(h), sizeof h)) return {};
    if (h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') return {};
    const int machine = h[5] == 1 ? h[18] | h[19] << 8 : h[18] << 8 | h[19];  // EI_DATA: 1 = little-endian
    switch (machine) {
    case 62: return "x86_64";
    case 183: return "arm64-v8a";
    case 40: return "armeabi-v7a";
    case 3: return "x86";
    default: return "machine " + std::to_string(machine);
    }
}

}  // namespace hlcnn
