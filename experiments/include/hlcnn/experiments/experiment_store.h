// The experiment database: every run (CLI, GUI or batch job) with its configuration, metrics,
// artifacts and profiles, in one SQLite file that several processes share (WAL, busy timeout,
// immediate write transactions). Schema and migrations: docs/experiment-store.md.
#pragma once

#include "hlcnn/core/trainer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hlcnn {

namespace sql {
class Database;
}

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Run states as stored; "interrupted" is a run whose process died without saying so.
const std::vector<std::string>& runStates();
bool isFinishedState(const std::string& state);  // completed, cancelled, failed, diverged

struct RunRecord {
    std::int64_t id = 0;
    std::string project = "default";
    std::string name, model;
    std::string graphJson, graphHash;
    std::string datasetSpec, datasetHash;
    std::string configJson;              // every hyper-parameter (TrainConfig) plus data options
    std::int64_t seed = 0;
    std::string programVersion, torchVersion, host;
    std::int64_t pid = 0, processStart = 0;
    std::string state = "queued", message;
    int epochsPlanned = 0;
    std::int64_t params = 0, macs = 0;
    std::string checkpointDir, notes;
    std::string createdAt, finishedAt, heartbeatAt;   // ISO 8601 UTC
    std::int64_t claims = 0;             // how often a process claimed it again (each resume)
    std::vector<std::string> tags;
    std::string uid;                     // unique across stores ("" on create: one is drawn)
    int worldSize = 1;                   // data-parallel ranks
    std::string backend;                 // "gloo" when worldSize > 1
    std::vector<std::string> hosts;      // each rank's host, by rank
    std::int64_t sweepId = 0;            // 0: not part of a sweep
    std::string sweepPoint;              // the sweep's grid point as JSON ({"model": ..., "seed": ...})
};

struct Artifact {
    std::string kind;      // checkpoint-last, checkpoint-best, torchscript, ...
    std::string path;
    std::int64_t bytes = 0;
    std::string sha256;
    std::string createdAt;
};

// A file's size and SHA-256, for recording it as an artifact (throws StoreError if unreadable).
Artifact describeFile(const std::string& kind, const std::string& path);

// A file opened now and described later (by another thread): the description is that of the
// file as it was when opened, even if it is replaced by rename in between. Closes on destruction.
struct OpenedFile {
    std::string kind, path;
    int fd = -1;
    OpenedFile() = default;
    OpenedFile(OpenedFile&& o) noexcept : kind(std::move(o.kind)), path(std::move(o.path)), fd(o.fd) { o.fd = -1; }
    OpenedFile& operator=(OpenedFile&&) = delete;
    ~OpenedFile();
};
OpenedFile openForHashing(const std::string& kind, const std::string& path);  // fd -1 when missing
Artifact describeOpenedFile(const OpenedFile& file);                         // throws StoreError

struct ProfileRecord {
    std::int64_t id = 0;
    std::optional<std::int64_t> runId;
    std::string graphHash;
    std::string kind = "analytic";       // analytic | measured
    std::optional<std::int64_t> params, macs, activationBytes;
    std::optional<double> latencyMsMedian, latencyMsP10, latencyMsP90;
    std::optional<std::int64_t> threads, batch;
    std::string device;
    std::optional<double> energyMillijoules;
    std::string runtime = "eager";       // what ran the forward: eager | script | frozen | int8 | lite | opencv | file
    std::string precision = "fp32";      // fp32 | int8
};

// A deployable file exported from a run (hlcnn export).
struct ExportRecord {
    std::int64_t id = 0, runId = 0;
    std::string path, format, precision;   // pt | ptl | onnx; fp32 | int8
    std::int64_t bytes = 0;
    std::string sha256;
    std::string description;               // JSON: settings, calibration, accuracy, ops left in float
    std::string createdAt;
};

// A latency measured on a phone over adb (hlcnn device profile, the Devices view): the phone, the
// file, the settings, the statistics and the conditions it ran under.
struct DeviceProfileRecord {
    std::int64_t id = 0;
    std::optional<std::int64_t> runId;     // the run whose export has the same SHA-256, when any
    std::string serial, deviceName, fingerprint, abi;
    std::string deviceJson;                // the phone as read before the run (identity, clusters, thermals)
    std::string artifactPath, artifactSha256, precision;   // precision: fp32 | int8
    std::int64_t artifactBytes = 0;
    std::string runner, affinity, mask;    // runner: hlcnn-bench | speed_benchmark_torch; taskset mask (hex)
    int threads = 0, warmup = 0, iters = 0;
    double meanMs = 0, p50Ms = 0, p90Ms = 0, p99Ms = 0, minMs = 0, stdMs = 0;
    std::optional<double> loadMs;
    int thermalBefore = -1, thermalAfter = -1;   // -1 = the phone does not report it
    std::string throttling;                // "" = none seen, else the reason
    std::string conditionsJson;            // frequencies, caps and temperatures before and after
    std::optional<double> energyMillijoules;   // per inference; unset = not measured
    std::string rawOutput;                 // the runner's stdout
    std::string createdAt;
};

// One unit's latency on a phone: an op of a mobile program (mobile/unit_latency.h), timed alone by
// the runner with the profile protocol. The rows of a per-device latency table.
struct UnitLatencyRecord {
    std::string serial, deviceName, fingerprint;
    std::string unitKey, op;                // op: the unit's kind, "io" for a forward's layout copies
    std::string precision;                  // fp32 | int8
    int threads = 1;
    std::string affinity = "all";
    double ms = 0;                          // median of the timed runs (and of the rounds)
    int warmup = 0, iters = 0;
    std::string runtime, abi;               // what the runner said ran: "xnnpack 0.0~git...", "x86_64"
    std::string createdAt;
};

// A table checked against a whole model: what it predicted and what the model measured.
struct LatencyCheckRecord {
    std::string serial, precision;
    int threads = 1;
    std::string affinity = "all";
    std::string model, graphHash;           // model: "mobilenet_v2 (cifar stem)", or the graph's name
    double predictedMs = 0, measuredMs = 0; // medians of the rounds
    int rounds = 1;
    std::string runtime;
    int warmup = 0, iters = 0;
    std::string createdAt;
    double errorPercent() const { return measuredMs > 0 ? 100.0 * (predictedMs - measuredMs) / measuredMs : 0; }
};

// A latency table: what was measured for one phone with one setting, and how well it predicted
// the whole models it was checked on (the newest check of each).
struct LatencyTableInfo {
    std::string serial, deviceName, precision, affinity;
    int threads = 1;
    int units = 0;
    std::string runtime, abi;
    int warmup = 0, iters = 0;
    std::string newest;
    int checks = 0, within5 = 0, within10 = 0;
};

// A sweep: runs expanded from one grid (hlcnn sweep); its spec is the hlcnn-sweep/1 JSON.
struct SweepRecord {
    std::int64_t id = 0;
    std::string uid;                     // unique across stores ("" on create: one is drawn)
    std::string name, specJson, folder;
    std::string scheduler = "local";     // local | slurm
    std::string slurmJob;                // the array job's id
    std::string createdAt;
};

// What merging another store brought (hlcnn runs import).
struct ImportResult {
    int imported = 0;                    // runs new to this store
    int alreadyPresent = 0;              // runs whose uid this store already holds
    std::vector<std::string> skipped;    // "run 3 (uid ...): still running ..." — not merged
};

struct RunFilter {
    std::string state;                   // "" = any
    std::string tag;                     // "" = any
    std::string model;                   // "" = any
    std::string project;                 // "" = any
    std::int64_t sweepId = 0;            // 0 = any
};

class ExperimentStore {
public:
    static int schemaVersion();          // the version this program writes
    // $HLCNN_DB, else $XDG_DATA_HOME/hlcnn/experiments.sqlite, else ~/.local/share/hlcnn/...
    static std::string defaultPath();

    // Opens or creates the database and migrates it forward. A file that is not an SQLite
    // database, or one written by a newer program, is refused with a StoreError and not touched.
    // Runs left "running"/"paused" by a process that no longer exists on this host become
    // "interrupted".
    explicit ExperimentStore(const std::string& path, bool create = true);
    ~ExperimentStore();
    ExperimentStore(const ExperimentStore&) = delete;
    ExperimentStore& operator=(const ExperimentStore&) = delete;

    const std::string& path() const;
    int fileSchemaVersion() const;       // after migration: schemaVersion()

    std::int64_t createRun(const RunRecord& run);   // returns the new id; run.id is ignored
    RunRecord run(std::int64_t id) const;           // throws StoreError("no run N")
    bool hasRun(std::int64_t id) const;
    std::vector<RunRecord> runs(const RunFilter& filter = {}) const;

    // Marks a run as owned by this process and running (a new run starting, or a resume).
    void claimRun(std::int64_t id);
    void setState(std::int64_t id, const std::string& state, const std::string& message = {});
    void heartbeat(std::int64_t id);
    void setCheckpointDir(std::int64_t id, const std::string& dir);
    int markInterruptedRuns();                      // returns how many were marked

    void recordSteps(std::int64_t id, const std::vector<StepMetrics>& steps);
    // One transaction: the epoch's metrics, the steps not yet written and the artifacts.
    void recordEpoch(std::int64_t id, const EpochMetrics& epoch, const std::vector<StepMetrics>& steps,
                     const std::vector<Artifact>& artifacts);
    // Files written between epochs (a stop's checkpoint), replacing the rows of the same kind and path.
    void recordArtifacts(std::int64_t id, const std::vector<Artifact>& artifacts);
    // Drops metrics after `epoch` (a resume continues from the checkpoint of that epoch); with
    // afterStep > 0 (a checkpoint taken within the next epoch) the steps up to it are kept.
    void truncateAfterEpoch(std::int64_t id, int epoch, std::int64_t afterStep = 0);
    // In order; only those after `afterEpoch` / `afterStep` (incremental reads of a live run).
    std::vector<EpochMetrics> epochs(std::int64_t id, int afterEpoch = 0) const;
    std::vector<StepMetrics> steps(std::int64_t id, std::int64_t afterStep = 0) const;
    std::vector<Artifact> artifacts(std::int64_t id) const;
    std::int64_t addExport(const ExportRecord& record);   // throws StoreError for an unknown run
    std::vector<ExportRecord> exports(std::int64_t runId) const;   // oldest first

    std::int64_t addProfile(const ProfileRecord& profile);
    std::vector<ProfileRecord> profiles(std::int64_t runId) const;

    // Throws StoreError for a nonsense record (no serial, no file hash, unknown precision, negative
    // or non-finite statistics) or an unknown run.
    std::int64_t addDeviceProfile(const DeviceProfileRecord& profile);
    // Newest first; serial "" = every phone, runId 0 = every run.
    std::vector<DeviceProfileRecord> deviceProfiles(const std::string& serial = {}, std::int64_t runId = 0) const;
    // Replaces the rows with the same phone, unit, precision, threads and cores (one transaction).
    // Throws StoreError for a nonsense row (no serial or key, unknown precision, a time that is
    // negative or not finite).
    void recordUnitLatencies(const std::vector<UnitLatencyRecord>& rows);
    std::vector<UnitLatencyRecord> unitLatencies(const std::string& serial, const std::string& precision, int threads,
                                                 const std::string& affinity) const;
    void recordLatencyChecks(const std::vector<LatencyCheckRecord>& checks);
    // The newest check of each model for one table, by model.
    std::vector<LatencyCheckRecord> latencyChecks(const std::string& serial, const std::string& precision, int threads,
                                                  const std::string& affinity) const;
    std::vector<LatencyTableInfo> latencyTables() const;   // every (phone, precision, threads, cores) measured
    // The run that exported a file with this SHA-256 (its newest export), if any.
    std::optional<std::int64_t> runOfExport(const std::string& sha256) const;

    void rename(std::int64_t id, const std::string& name);
    void setNotes(std::int64_t id, const std::string& notes);
    void addTags(std::int64_t id, const std::vector<std::string>& tags);
    void removeTags(std::int64_t id, const std::vector<std::string>& tags);
    // Removes the run and its rows; returns its artifacts so the caller can delete the files
    // once the user confirmed.
    std::vector<Artifact> deleteRun(std::int64_t id);

    std::string integrityCheck() const;             // "ok" or SQLite's findings

    std::int64_t createSweep(const SweepRecord& sweep);    // returns the id
    SweepRecord sweep(std::int64_t id) const;               // throws StoreError("no sweep N")
    std::optional<SweepRecord> sweepByUid(const std::string& uid) const;
    std::vector<SweepRecord> sweeps() const;
    void setSweepJob(std::int64_t id, const std::string& scheduler, const std::string& job);

    // Merges the finished runs of another store file (with their metrics, artifacts, profiles and
    // exports, and their sweeps) in one transaction. Runs are matched by uid, so importing twice
    // changes nothing. Runs not finished (running, paused, queued, interrupted: a task still
    // running or one that died) are reported in `skipped`, not merged. The file is never written:
    // it is read from a private copy. Throws StoreError when the file is not an experiment store.
    ImportResult importStore(const std::string& file);

    // For migration tests: create a database at an older schema version.
    static void createAtVersion(const std::string& path, int version);

private:
    std::unique_ptr<sql::Database> db_;
    int fileVersion_ = 0;
    std::pair<std::uint64_t, std::uint64_t> key_{};  // device and inode, for the process's open-file registry
    bool registered_ = false;
};

}  // namespace hlcnn
