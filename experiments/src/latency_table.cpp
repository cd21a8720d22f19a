#include "hlcnn/experiments/latency_table.h"

#include "hlcnn/core/latency_program.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/mobile/unit_latency.h"

#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

namespace hlcnn {

namespace {

std::string firstLineOf(const std::string& text) { return text.substr(0, text.find('\n')); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

std::map<std::string, double> unitTimes(const std::vector<UnitLatencyRecord>& rows) {
    std::map<std::string, double> ms;
    for (const UnitLatencyRecord& r : rows) ms[r.unitKey] = r.ms;
    return ms;
}

LatencyTableResult measureLatencyTable(const Adb& adb, const LatencyTableRequest& r) {
    if (r.precision != "fp32" && r.precision != "int8") throw DeviceError("precision must be fp32 or int8, got '" + r.precision + "'");
    if (r.models.empty()) throw DeviceError("a latency table needs at least one model");
    if (r.rounds < 1 || r.rounds > 100) throw DeviceError("rounds must be 1..100, got " + std::to_string(r.rounds));
    const auto progress = [&](const std::string& what) {
        if (r.progress) r.progress(what);
    };
    QTemporaryDir dir;
    if (!dir.isValid()) throw DeviceError("cannot create a temporary folder for the programs");

    // Each model's program, written once: random weights, so what it computes does not matter.
    std::vector<mobile::Program> programs;
    std::vector<std::string> files;
    for (std::size_t m = 0; m < r.models.size(); ++m) {
        progress("lowering " + r.models[m].label);
        try {
            programs.push_back(latencyProgram(r.models[m].graph, r.precision));
        } catch (const std::exception& e) {
            throw DeviceError("cannot lower " + r.models[m].label + " to a " + r.precision + " mobile program: " + firstLineOf(e.what()));
        }
        files.push_back(dir.path().toStdString() + "/model" + std::to_string(m) + mobile::kProgramSuffix);
        std::ofstream f(files.back(), std::ios::binary);
        const std::string bytes = mobile::serializeProgram(programs.back());
        if (!f.write(bytes.data(), std::streamsize(bytes.size())) || !f.flush())
            throw DeviceError("cannot write " + files.back() + " (is the temporary folder's disk full?)");
    }

    LatencyTableResult result;
    // unit key -> each time it was timed: inside forwards (the table) and alone (for comparison)
    std::map<std::string, std::vector<double>> samples, aloneSamples;
    std::map<std::string, std::string> kindOf;
    std::vector<std::vector<double>> wholeMs(r.models.size());
    for (int round = 1; round <= r.rounds; ++round)
        for (std::size_t m = 0; m < r.models.size(); ++m) {
            DeviceProfileRequest pr;
            pr.serial = r.serial;
            pr.artifact = files[m];
            pr.runner = r.runner;
            pr.affinity = r.affinity;
            pr.threads = r.threads;
            pr.warmup = r.warmup;
            pr.iters = r.iters;
            pr.timeoutS = r.timeoutS;
            pr.cancelled = r.cancelled;
            pr.measureEnergy = false;   // idle sampling per model buys the table nothing
            pr.perUnit = true;
            progress("timing " + r.models[m].label + " and its units" +
                     (r.rounds > 1 ? ", round " + std::to_string(round) + "/" + std::to_string(r.rounds) : std::string()));
            const DeviceProfile p = profileOnDevice(adb, pr);
            if (!p.throttling.empty()) progress("throttled while timing " + r.models[m].label + ": " + p.throttling);
            const mobile::Program& program = programs[m];
            if (p.output.unitMs.size() != program.ops.size())
                throw DeviceError("the runner timed " + std::to_string(p.output.unitMs.size()) + " units of " + r.models[m].label + ", which has " +
                                  std::to_string(program.ops.size()) + " (is it an older hlcnn-bench?)");
            if (round == 1 && m == 0) {
                result.device = p.before;
                result.runtime = p.output.runtime;
                result.abi = p.output.abi;
            }
            samples[mobile::ioKey(program)].push_back(p.output.ioMs);
            aloneSamples[mobile::ioKey(program)].push_back(p.output.ioAloneMs);
            kindOf[mobile::ioKey(program)] = "io";
            for (std::size_t k = 0; k < program.ops.size(); ++k) {
                const std::string key = mobile::unitKey(program, k);
                samples[key].push_back(p.output.unitMs[k]);
                aloneSamples[key].push_back(p.output.unitAloneMs[k]);
                kindOf[key] = mobile::opKindName(program.ops[k].kind);
            }
            wholeMs[m].push_back(p.stats.p50Ms);
        }

    std::map<std::string, double> table, aloneTable;
    for (const auto& [key, times] : aloneSamples) aloneTable[key] = median(times);
    for (const auto& [key, times] : samples) {
        UnitLatencyRecord row;
        row.serial = result.device.serial;
        row.deviceName = result.device.displayName();
        row.fingerprint = result.device.fingerprint;
        row.unitKey = key;
        row.op = kindOf[key];
        row.precision = r.precision;
        row.threads = r.threads;
        row.affinity = r.affinity;
        row.ms = table[key] = median(times);
        row.warmup = r.warmup;
        row.iters = r.iters;
        row.runtime = result.runtime;
        row.abi = result.abi;
        result.rows.push_back(row);
    }
    for (std::size_t m = 0; m < r.models.size(); ++m) {
        LatencyModelCheck c;
        c.label = r.models[m].label;
        const mobile::UnitPrediction predicted = mobile::predictFromUnits(programs[m], table);
        c.ops = predicted.ops;
        std::set<std::string> distinct;
        for (std::size_t k = 0; k < programs[m].ops.size(); ++k) distinct.insert(mobile::unitKey(programs[m], k));
        c.units = int(distinct.size());
        c.predictedMs = predicted.totalMs;
        c.predictedAloneMs = mobile::predictFromUnits(programs[m], aloneTable).totalMs;
        c.missing = predicted.missing;
        c.measuredRoundsMs = wholeMs[m];
        c.measuredMs = median(wholeMs[m]);
        result.within5 += std::abs(c.errorPercent()) <= 5.0;
        result.within10 += std::abs(c.errorPercent()) <= 10.0;
        result.within10Alone += std::abs(c.aloneErrorPercent()) <= 10.0;
        LatencyCheckRecord record;
        record.serial = result.device.serial;
        record.precision = r.precision;
        record.threads = r.threads;
        record.affinity = r.affinity;
        record.model = c.label;
        record.graphHash = graphHash(r.models[m].graph);
        record.predictedMs = c.predictedMs;
        record.measuredMs = c.measuredMs;
        record.rounds = r.rounds;
        record.runtime = result.runtime;
        record.warmup = r.warmup;
        record.iters = r.iters;
        result.checks.push_back(record);
        result.models.push_back(std::move(c));
    }
    return result;
}

}  // namespace hlcnn
