// What adb and the phone say about a device: the `adb devices -l` listing, its identity
// (getprop), CPU clusters from cpufreq, thermal status and battery. The parsers are pure functions
// of the text, so they are tested on recorded output; readDeviceInfo asks the phone in one shell call.
#pragma once

#include "hlcnn/experiments/adb.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hlcnn {

struct DeviceListing {
    std::string serial, state;              // state: device | unauthorized | offline | ...
    std::string product, model, device;     // from the device's banner ("" until it is authorised)
};
std::vector<DeviceListing> parseDeviceList(const std::string& adbDevicesL);
std::vector<DeviceListing> listDevices(const Adb& adb, int timeoutMs = 15000);

// CPUs grouped by their maximum frequency (big.LITTLE clusters), slowest first.
struct CpuCluster {
    std::vector<int> cpus;
    std::int64_t maxKhz = 0, minKhz = 0;
};

struct DeviceInfo {
    std::string serial;
    std::map<std::string, std::string> props;     // every getprop property
    std::string manufacturer, model, soc, abi, release, fingerprint;
    std::vector<std::string> abis;                 // ro.product.cpu.abilist
    int sdk = 0;
    std::vector<CpuCluster> clusters;
    std::map<int, std::int64_t> curKhz;            // scaling_cur_freq per CPU when read
    std::map<int, std::int64_t> capKhz;            // scaling_max_freq per CPU: thermal limits lower it
    int thermalStatus = -1;                        // dumpsys thermalservice; -1 = not available
    std::map<std::string, double> temperaturesC;   // sensor name -> degrees C
    bool batteryReadable = false;                  // current_now and voltage_now readable

    int cores() const;
    std::string displayName() const;               // "HLCNN TestPhone (serial)"
    nlohmann::json toJson() const;
};

// The combined output of kDeviceInfoScript, section by section ("@props", "@cpus", ...).
DeviceInfo parseDeviceInfo(const std::string& serial, const std::string& scriptOutput);
// One shell round trip. Throws DeviceError.
DeviceInfo readDeviceInfo(const Adb& adb, const std::string& serial, int timeoutMs = 20000);

// The CPUs an affinity choice means: all, big (every cluster but the slowest; all on a
// single-cluster CPU) or little (the slowest cluster), and the taskset hex mask for them.
std::vector<int> affinityCpus(const DeviceInfo& info, const std::string& affinity);  // throws DeviceError for an unknown name
std::string tasksetMask(const std::vector<int>& cpus);

// Throttling between two readings of the same phone: a thermal status that rose (or was already
// above "light"), or a frequency cap (scaling_max_freq) of one of `cpus` that was lowered. The
// current frequencies are not used: an idle core's governor lowers them without any throttling.
// "" when neither, else the reason.
std::string throttlingBetween(const DeviceInfo& before, const DeviceInfo& after, const std::vector<int>& cpus);

// The Android ABI an executable was built for, from its ELF header ("" when it is not an ELF file).
std::string executableAbi(const std::string& path);

}  // namespace hlcnn
