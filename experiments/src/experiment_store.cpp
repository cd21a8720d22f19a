#include "hlcnn/experiments/experiment_store.h"

#include "hlcnn/experiments/sqlite.h"
#include "process_identity.h"
#include "store_schema.h"

#include <nlohmann/json.hpp>

#include <QCryptographicHash>
#include <QFile>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <chrono>
#include <thread>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace hlcnn {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kSqliteMagic = "SQLite format 3";  // the first 16 bytes, NUL included

// Refuse, before SQLite sees it, anything that is not an SQLite file: opening a foreign file in
// WAL mode could otherwise write next to it.
void checkHeader(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return;
    if (fs::is_directory(path, ec)) throw StoreError(path + " is a directory, not an experiment database");
    if (fs::file_size(path, ec) == 0) return;
    std::ifstream in(path, std::ios::binary);
    char header[16] = {};
    if (!in) throw StoreError(path + ": cannot read the file");
    in.read(header, sizeof header);
    if (in.gcount() < 16 || std::memcmp(header, kSqliteMagic, 16) != 0)
        throw StoreError(path + " is not an experiment database (not an SQLite 3 file); it was left untouched");
}

// The database files this process has open through an ExperimentStore, by device and inode.
// POSIX drops every fcntl lock a process holds on a file when any descriptor of that file is
// closed: reading the header with a stream of our own while another connection of this process
// (a StoreWriter next to the CLI's or the GUI's own) holds SQLite's locks would silently release
// them, another process would then take itself for the last user and delete the WAL under us.
// So the header is read only by the first connection of the process.
struct OpenFiles {
    std::mutex mutex;
    std::map<std::pair<dev_t, ino_t>, int> count;
};
OpenFiles& openFiles() {
    static OpenFiles files;
    return files;
}
bool fileKey(const std::string& path, std::pair<dev_t, ino_t>& key) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    key = {st.st_dev, st.st_ino};
    return true;
}

int userVersion(sql::Database& db) {
    auto st = db.prepare("PRAGMA user_version");
    st.step();
    return int(st.integer(0));
}

void applyMigrations(sql::Database& db, int from, int to) {
    const auto& all = store_schema::migrations();
    for (int v = from; v < to; ++v) db.exec(all[std::size_t(v)]);
    db.exec("PRAGMA user_version = " + std::to_string(to));
}

const char* kRunColumns =
    "r.id, p.name, r.name, r.model, r.graph_json, r.graph_hash, r.dataset_spec, r.dataset_hash, r.config_json, r.seed, "
    "r.program_version, r.torch_version, r.host, r.pid, r.process_start, r.state, r.message, r.epochs_planned, r.params, "
    "r.macs, r.checkpoint_dir, r.notes, r.created_at, r.finished_at, r.heartbeat_at, r.claims, "
    "r.uid, r.world_size, r.backend, r.hosts_json, coalesce(r.sweep_id, 0), r.sweep_point, "
    "(SELECT group_concat(tag, ',') FROM (SELECT tag FROM run_tags t WHERE t.run_id = r.id ORDER BY tag)) "
    "FROM runs r JOIN projects p ON p.id = r.project_id";

RunRecord runFrom(const sql::Statement& st) {
    RunRecord r;
    int c = 0;
    r.id = st.integer(c++);
    r.project = st.text(c++);
    r.name = st.text(c++);
    r.model = st.text(c++);
    r.graphJson = st.text(c++);
    r.graphHash = st.text(c++);
    r.datasetSpec = st.text(c++);
    r.datasetHash = st.text(c++);
    r.configJson = st.text(c++);
    r.seed = st.integer(c++);
    r.programVersion = st.text(c++);
    r.torchVersion = st.text(c++);
    r.host = st.text(c++);
    r.pid = st.integer(c++);
    r.processStart = st.integer(c++);
    r.state = st.text(c++);
    r.message = st.text(c++);
    r.epochsPlanned = int(st.integer(c++));
    r.params = st.integer(c++);
    r.macs = st.integer(c++);
    r.checkpointDir = st.text(c++);
    r.notes = st.text(c++);
    r.createdAt = st.text(c++);
    r.finishedAt = st.text(c++);
    r.heartbeatAt = st.text(c++);
    r.claims = st.integer(c++);
    r.uid = st.text(c++);
    r.worldSize = int(st.integer(c++));
    r.backend = st.text(c++);
    try {
        r.hosts = nlohmann::json::parse(st.text(c++)).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
        r.hosts.clear();
    }
    r.sweepId = st.integer(c++);
    r.sweepPoint = st.text(c++);
    const std::string tags = st.text(c++);
    for (std::size_t start = 0; start < tags.size();) {
        const std::size_t comma = std::min(tags.find(',', start), tags.size());
        r.tags.push_back(tags.substr(start, comma - start));
        start = comma + 1;
    }
    return r;
}

void insertSteps(sql::Database& db, std::int64_t id, const std::vector<StepMetrics>& steps) {
    if (steps.empty()) return;
    auto st = db.prepare(
        "INSERT OR REPLACE INTO step_metrics (run_id, step, epoch, loss, lr, images_per_s, unix_time, steps_per_epoch) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const StepMetrics& s : steps) {
        st.bind(1, id).bind(2, s.step).bind(3, s.epoch).bind(4, s.loss).bind(5, s.lr).bind(6, s.imagesPerSecond).bind(7, s.unixTime).bind(8, s.stepsPerEpoch);
        st.run();
    }
}

void validateTag(const std::string& tag) {
    if (tag.empty() || tag.find_first_of(", \t\n") != std::string::npos)
        throw StoreError("tag '" + tag + "' must be non-empty without spaces or commas");
}

const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

}  // namespace

const std::vector<std::string>& runStates() {
    static const std::vector<std::string> states{"queued",    "running", "paused",   "completed",
                                                 "cancelled", "failed",  "diverged", "interrupted"};
    return states;
}

bool isFinishedState(const std::string& s) {
    return s == "completed" || s == "cancelled" || s == "failed" || s == "diverged";
}

Artifact describeFile(const std::string& kind, const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) throw StoreError("cannot read artifact " + path + ": " + f.errorString().toStdString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f)) throw StoreError("cannot hash artifact " + path);
    Artifact a;
    a.kind = kind;
    a.path = fs::absolute(path).lexically_normal().string();
    a.bytes = f.size();
    a.sha256 = hash.result().toHex().toStdString();
    return a;
}

OpenedFile::~OpenedFile() {
    if (fd >= 0) ::close(fd);
}

OpenedFile openForHashing(const std::string& kind, const std::string& path) {
    OpenedFile f;
    f.kind = kind;
    f.path = fs::absolute(path).lexically_normal().string();
    f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    return f;
}

Artifact describeOpenedFile(const OpenedFile& file) {
    QFile f;
    if (file.fd < 0 || !f.open(file.fd, QIODevice::ReadOnly, QFileDevice::DontCloseHandle) || !f.seek(0))
        throw StoreError("cannot read artifact " + file.path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f)) throw StoreError("cannot hash artifact " + file.path);
    Artifact a;
    a.kind = file.kind;
    a.path = file.path;
    a.bytes = f.size();
    a.sha256 = hash.result().toHex().toStdString();
    return a;
}

int ExperimentStore::schemaVersion() { return int(store_schema::migrations().size()); }

std::string ExperimentStore::defaultPath() {
    if (const char* env = std::getenv("HLCNN_DB"); env && *env) return env;
    fs::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = fs::path(home) / ".local" / "share";
    else
        base = fs::temp_directory_path();
    return (base / "hlcnn" / "experiments.sqlite").string();
}

ExperimentStore::ExperimentStore(const std::string& path, bool create) {
    std::unique_lock<std::mutex> registry(openFiles().mutex);
    std::pair<dev_t, ino_t> key{};
    const bool existed = fileKey(path, key);
    if (!existed || openFiles().count[key] == 0) checkHeader(path);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        if (!create) throw StoreError(path + ": no such experiment database");
        const fs::path parent = fs::path(path).parent_path();
        if (!parent.empty()) fs::create_directories(parent, ec);
    }
    try {
        db_ = std::make_unique<sql::Database>(path, create);
        // Read-only checks first: a foreign or newer file must not be written, not even the
        // journal-mode bytes that switching to WAL changes.
        const auto refuseForeign = [&] {
            auto count = db_->prepare("SELECT count(*) FROM sqlite_master");
            count.step();
            if (count.integer(0) > 0)
                throw StoreError(path + " is an SQLite database but not an experiment database; it was left untouched");
        };
        int version = userVersion(*db_);
        if (version == 0) refuseForeign();
        if (version > schemaVersion())
            throw StoreError(path + " was written by a newer HL-CNN Workbench (schema " + std::to_string(version) +
                             ", this program knows up to " + std::to_string(schemaVersion()) + "); it was left untouched");
        db_->exec("PRAGMA foreign_keys = ON");
        // Switching to WAL needs an exclusive lock and SQLite does not wait for it with the busy
        // handler: a database that is already WAL (every one but a new file) is left alone, and a
        // new one retries while other processes are opening it too.
        const auto journalMode = [&] {
            auto mode = db_->prepare("PRAGMA journal_mode");
            mode.step();
            return mode.text(0);
        };
        for (int attempt = 0; journalMode() != "wal"; ++attempt) {
            try {
                auto mode = db_->prepare("PRAGMA journal_mode = WAL");
                mode.step();
            } catch (const sql::Error&) {
                if (attempt >= 100) throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        // WAL + NORMAL survives a killed process (only power loss can drop the last commits).
        db_->exec("PRAGMA synchronous = NORMAL");
        if (version < schemaVersion()) {
            sql::Transaction t(*db_);
            version = userVersion(*db_);  // another process may have migrated meanwhile
            if (version == 0) refuseForeign();
            if (version < schemaVersion()) applyMigrations(*db_, version, schemaVersion());
            t.commit();
        }
        version = userVersion(*db_);
        fileVersion_ = version;
    } catch (const sql::Error& e) {
        throw StoreError(e.what());
    }
    if (fileKey(path, key)) {
        ++openFiles().count[key];
        key_ = {std::uint64_t(key.first), std::uint64_t(key.second)};
        registered_ = true;
    }
    registry.unlock();
    markInterruptedRuns();
}

ExperimentStore::~ExperimentStore() {
    std::lock_guard<std::mutex> registry(openFiles().mutex);
    db_.reset();
    if (registered_) --openFiles().count[{dev_t(key_.first), ino_t(key_.second)}];
}

const std::string& ExperimentStore::path() const { return db_->path(); }
int ExperimentStore::fileSchemaVersion() const { return fileVersion_; }

std::int64_t ExperimentStore::createRun(const RunRecord& r) {
    sql::Transaction t(*db_);
    auto project = db_->prepare("INSERT OR IGNORE INTO projects (name) VALUES (?)");
    project.bind(1, r.project).run();
    auto st = db_->prepare(
        "INSERT INTO runs (project_id, name, model, graph_json, graph_hash, dataset_spec, dataset_hash, config_json, seed, "
        "program_version, torch_version, host, pid, process_start, state, message, epochs_planned, params, macs, "
        "checkpoint_dir, notes, uid, world_size, backend, hosts_json, sweep_id, sweep_point, heartbeat_at) "
        "VALUES ((SELECT id FROM projects WHERE name = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "coalesce(nullif(?, ''), lower(hex(randomblob(16)))), ?, ?, ?, nullif(?, 0), ?, " +
        std::string(kNow) + ")");
    if (std::find(runStates().begin(), runStates().end(), r.state) == runStates().end())
        throw StoreError("unknown run state '" + r.state + "'");
    st.bindAll(r.project, r.name, r.model, r.graphJson, r.graphHash, r.datasetSpec, r.datasetHash, r.configJson, r.seed,
               r.programVersion, r.torchVersion, r.host, r.pid, r.processStart, r.state, r.message, r.epochsPlanned, r.params,
               r.macs, r.checkpointDir, r.notes, r.uid, std::int64_t(r.worldSize), r.backend, nlohmann::json(r.hosts).dump(),
               r.sweepId, r.sweepPoint);
    st.run();
    const std::int64_t id = db_->lastInsertId();
    auto tag = db_->prepare("INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)");
    for (const std::string& name : r.tags) {
        validateTag(name);
        tag.bind(1, id).bind(2, name).run();
    }
    t.commit();
    return id;
}

bool ExperimentStore::hasRun(std::int64_t id) const {
    auto st = db_->prepare("SELECT 1 FROM runs WHERE id = ?");
    st.bind(1, id);
    return st.step();
}

RunRecord ExperimentStore::run(std::int64_t id) const {
    auto st = db_->prepare(std::string("SELECT ") + kRunColumns + " WHERE r.id = ?");
    st.bind(1, id);
    if (!st.step()) throw StoreError("no run " + std::to_string(id) + " in " + path());
    return runFrom(st);
}

std::vector<RunRecord> ExperimentStore::runs(const RunFilter& f) const {
    std::string where = " WHERE 1";
    if (f.sweepId) where += " AND r.sweep_id = :sweep";
    if (!f.state.empty()) where += " AND r.state = :state";
    if (!f.project.empty()) where += " AND p.name = :project";
    if (!f.model.empty()) where += " AND r.model = :model";
    if (!f.tag.empty()) where += " AND EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = :tag)";
    auto st = db_->prepare(std::string("SELECT ") + kRunColumns + where + " ORDER BY r.id");
    int c = 1;
    if (f.sweepId) st.bind(c++, f.sweepId);
    if (!f.state.empty()) st.bind(c++, f.state);
    if (!f.project.empty()) st.bind(c++, f.project);
    if (!f.model.empty()) st.bind(c++, f.model);
    if (!f.tag.empty()) st.bind(c++, f.tag);
    std::vector<RunRecord> out;
    while (st.step()) out.push_back(runFrom(st));
    return out;
}

void ExperimentStore::claimRun(std::int64_t id) {
    const std::int64_t pid = process_identity::currentPid();
    auto st = db_->prepare(std::string("UPDATE runs SET state = 'running', message = '', finished_at = NULL, host = ?, pid = ?, "
                                       "process_start = ?, claims = claims + 1, heartbeat_at = ") +
                           kNow + " WHERE id = ?");
    st.bind(1, process_identity::hostName()).bind(2, pid).bind(3, process_identity::startTime(pid)).bind(4, id).run();
    if (db_->changes() == 0) throw StoreError("no run " + std::to_string(id) + " in " + path());
}

void ExperimentStore::setState(std::int64_t id, const std::string& state, const std::string& message) {
    if (std::find(runStates().begin(), runStates().end(), state) == runStates().end())
        throw StoreError("unknown run state '" + state + "'");
    auto st = db_->prepare(std::string("UPDATE runs SET state = ?, message = ?, heartbeat_at = ") + kNow +
                           ", finished_at = CASE WHEN ? THEN " + kNow + " ELSE NULL END WHERE id = ?");
    st.bind(1, state).bind(2, message).bind(3, int(isFinishedState(state))).bind(4, id).run();
    if (db_->changes() == 0) throw StoreError("no run " + std::to_string(id) + " in " + path());
}

void ExperimentStore::heartbeat(std::int64_t id) {
    auto st = db_->prepare(std::string("UPDATE runs SET heartbeat_at = ") + kNow + " WHERE id = ?");
    st.bind(1, id).run();
}

void ExperimentStore::setCheckpointDir(std::int64_t id, const std::string& dir) {
    db_->prepare("UPDATE runs SET checkpoint_dir = ? WHERE id = ?").bind(1, dir).bind(2, id).run();
    if (db_->changes() == 0) throw StoreError("no run " + std::to_string(id) + " in " + path());
}

int ExperimentStore::markInterruptedRuns() {
    struct Candidate {
        std::int64_t id, pid, start;
    };
    std::vector<Candidate> dead;
    {
        auto st = db_->prepare("SELECT id, pid, process_start FROM runs WHERE state IN ('running', 'paused') AND host = ?");
        st.bind(1, process_identity::hostName());
        while (st.step()) {
            const Candidate c{st.integer(0), st.integer(1), st.integer(2)};
            if (process_identity::startTime(c.pid) != c.start) dead.push_back(c);
        }
    }
    if (dead.empty()) return 0;
    sql::Transaction t(*db_);
    // Re-checked under the write lock: the state may have changed since the read.
    auto st = db_->prepare("UPDATE runs SET state = 'interrupted', message = ? WHERE id = ? AND pid = ? AND state IN ('running', 'paused')");
    int marked = 0;
    for (const Candidate& c : dead) {
        st.bind(1, "process " + std::to_string(c.pid) + " on " + process_identity::hostName() + " ended without finishing the run")
            .bind(2, c.id)
            .bind(3, c.pid)
            .run();
        marked += db_->changes();
    }
    t.commit();
    return marked;
}

void ExperimentStore::recordSteps(std::int64_t id, const std::vector<StepMetrics>& steps) {
    sql::Transaction t(*db_);
    insertSteps(*db_, id, steps);
    auto hb = db_->prepare(std::string("UPDATE runs SET heartbeat_at = ") + kNow + " WHERE id = ?");
    hb.bind(1, id).run();
    t.commit();
}

void ExperimentStore::recordEpoch(std::int64_t id, const EpochMetrics& m, const std::vector<StepMetrics>& steps,
                                  const std::vector<Artifact>& artifacts) {
    sql::Transaction t(*db_);
    insertSteps(*db_, id, steps);
    auto st = db_->prepare(
        "INSERT OR REPLACE INTO epoch_metrics (run_id, epoch, train_loss, train_top1, val_loss, val_top1, val_top5, lr, seconds, "
        "per_class_json, confusion_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, id).bind(2, m.epoch).bind(3, m.trainLoss).bind(4, m.trainTop1).bind(5, m.val.loss).bind(6, m.val.top1);
    st.bind(7, m.val.top5).bind(8, m.lr).bind(9, m.seconds).bind(10, json(m.val.perClass).dump()).bind(11, json(m.val.confusion).dump());
    st.run();
    auto art = db_->prepare("INSERT OR REPLACE INTO artifacts (run_id, kind, path, bytes, sha256) VALUES (?, ?, ?, ?, ?)");
    for (const Artifact& a : artifacts) art.bind(1, id).bind(2, a.kind).bind(3, a.path).bind(4, a.bytes).bind(5, a.sha256).run();
    auto hb = db_->prepare(std::string("UPDATE runs SET heartbeat_at = ") + kNow + " WHERE id = ?");
    hb.bind(1, id).run();
    t.commit();
}

void ExperimentStore::recordArtifacts(std::int64_t id, const std::vector<Artifact>& artifacts) {
    sql::Transaction t(*db_);
    auto art = db_->prepare("INSERT OR REPLACE INTO artifacts (run_id, kind, path, bytes, sha256) VALUES (?, ?, ?, ?, ?)");
    for (const Artifact& a : artifacts) art.bind(1, id).bind(2, a.kind).bind(3, a.path).bind(4, a.bytes).bind(5, a.sha256).run();
    t.commit();
}

void ExperimentStore::truncateAfterEpoch(std::int64_t id, int epoch, std::int64_t afterStep) {
    sql::Transaction t(*db_);
    db_->prepare("DELETE FROM epoch_metrics WHERE run_id = ? AND epoch > ?").bind(1, id).bind(2, epoch).run();
    if (afterStep > 0)
        db_->prepare("DELETE FROM step_metrics WHERE run_id = ? AND step > ?").bind(1, id).bind(2, afterStep).run();
    else
        db_->prepare("DELETE FROM step_metrics WHERE run_id = ? AND epoch > ?").bind(1, id).bind(2, epoch).run();
    t.commit();
}

std::vector<EpochMetrics> ExperimentStore::epochs(std::int64_t id, int afterEpoch) const {
    auto st = db_->prepare(
        "SELECT epoch, train_loss, train_top1, val_loss, val_top1, val_top5, lr, seconds, per_class_json, confusion_json "
        "FROM epoch_metrics WHERE run_id = ? AND epoch > ? ORDER BY epoch");
    st.bind(1, id).bind(2, std::int64_t(afterEpoch));
    std::vector<EpochMetrics> out;
    while (st.step()) {
        EpochMetrics m;
        m.epoch = int(st.integer(0));
        m.trainLoss = st.real(1);
        m.trainTop1 = st.real(2);
        m.val.loss = st.real(3);
        m.val.top1 = st.real(4);
        m.val.top5 = st.real(5);
        m.lr = st.real(6);
        m.seconds = st.real(7);
        m.val.perClass = json::parse(st.text(8)).get<std::vector<double>>();
        m.val.confusion = json::parse(st.text(9)).get<std::vector<std::int64_t>>();
        for (std::int64_t v : m.val.confusion) m.val.samples += v;
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<StepMetrics> ExperimentStore::steps(std::int64_t id, std::int64_t afterStep) const {
    auto st = db_->prepare(
        "SELECT step, epoch, loss, lr, images_per_s, unix_time, steps_per_epoch FROM step_metrics WHERE run_id = ? AND step > ? ORDER BY step");
    st.bind(1, id).bind(2, afterStep);
    std::vector<StepMetrics> out;
    while (st.step()) {
        StepMetrics s;
        s.step = st.integer(0);
        s.epoch = int(st.integer(1));
        s.loss = st.real(2);
        s.lr = st.real(3);
        s.imagesPerSecond = st.real(4);
        s.unixTime = st.isNull(5) ? 0.0 : st.real(5);   // steps recorded before schema 3 have neither
        s.stepsPerEpoch = st.isNull(6) ? 0 : st.integer(6);
        out.push_back(s);
    }
    return out;
}

std::vector<Artifact> ExperimentStore::artifacts(std::int64_t id) const {
    auto st = db_->prepare("SELECT kind, path, bytes, sha256, created_at FROM artifacts WHERE run_id = ? ORDER BY kind");
    st.bind(1, id);
    std::vector<Artifact> out;
    while (st.step()) out.push_back({st.text(0), st.text(1), st.integer(2), st.text(3), st.text(4)});
    return out;
}

std::int64_t ExperimentStore::addExport(const ExportRecord& r) {
    if (!hasRun(r.runId)) throw StoreError("no run " + std::to_string(r.runId) + " in " + path());
    auto st = db_->prepare(
        "INSERT INTO exports (run_id, path, format, precision, bytes, sha256, description) VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.runId).bind(2, r.path).bind(3, r.format).bind(4, r.precision).bind(5, r.bytes).bind(6, r.sha256).bind(7, r.description);
    st.run();
    return db_->lastInsertId();
}

std::vector<ExportRecord> ExperimentStore::exports(std::int64_t runId) const {
    auto st = db_->prepare(
        "SELECT id, run_id, path, format, precision, bytes, sha256, description, created_at FROM exports WHERE run_id = ? ORDER BY id");
    st.bind(1, runId);
    std::vector<ExportRecord> out;
    while (st.step())
        out.push_back({st.integer(0), st.integer(1), st.text(2), st.text(3), st.text(4), st.integer(5), st.text(6), st.text(7),
                       st.text(8)});
    return out;
}

std::int64_t ExperimentStore::addProfile(const ProfileRecord& p) {
    if (p.kind != "analytic" && p.kind != "measured") throw StoreError("profile kind must be analytic or measured");
    if (p.precision != "fp32" && p.precision != "int8") throw StoreError("profile precision must be fp32 or int8");
    if (p.runtime.empty()) throw StoreError("a profile names its runtime");
    auto st = db_->prepare(
        "INSERT INTO profiles (run_id, graph_hash, kind, params, macs, activation_bytes, latency_ms_median, latency_ms_p10, "
        "latency_ms_p90, threads, batch, device, energy_mj, runtime, precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bindAll(p.runId, p.graphHash, p.kind, p.params, p.macs, p.activationBytes, p.latencyMsMedian, p.latencyMsP10,
               p.latencyMsP90, p.threads, p.batch, p.device, p.energyMillijoules, p.runtime, p.precision);
    st.run();
    return db_->lastInsertId();
}

std::vector<ProfileRecord> ExperimentStore::profiles(std::int64_t runId) const {
    auto st = db_->prepare(
        "SELECT id, run_id, graph_hash, kind, params, macs, activation_bytes, latency_ms_median, latency_ms_p10, latency_ms_p90, "
        "threads, batch, device, energy_mj, runtime, precision FROM profiles WHERE run_id = ? ORDER BY id");
    st.bind(1, runId);
    std::vector<ProfileRecord> out;
    while (st.step()) {
        ProfileRecord p;
        p.id = st.integer(0);
        p.runId = st.optionalInteger(1);
        p.graphHash = st.text(2);
        p.kind = st.text(3);
        p.params = st.optionalInteger(4);
        p.macs = st.optionalInteger(5);
        p.activationBytes = st.optionalInteger(6);
        p.latencyMsMedian = st.optionalReal(7);
        p.latencyMsP10 = st.optionalReal(8);
        p.latencyMsP90 = st.optionalReal(9);
        p.threads = st.optionalInteger(10);
        p.batch = st.optionalInteger(11);
        p.device = st.text(12);
        p.energyMillijoules = st.optionalReal(13);
        p.runtime = st.text(14);
        p.precision = st.text(15);
        out.push_back(p);
    }
    return out;
}

namespace {
const char* kDeviceProfileColumns =
    "run_id, serial, device_name, fingerprint, abi, device_json, artifact_path, artifact_sha256, artifact_bytes, precision, "
    "runner, affinity, mask, threads, warmup, iters, mean_ms, p50_ms, p90_ms, p99_ms, min_ms, std_ms, load_ms, "
    "thermal_before, thermal_after, throttling, conditions_json, energy_mj, raw_output";
}  // namespace

std::int64_t ExperimentStore::addDeviceProfile(const DeviceProfileRecord& p) {
    if (p.serial.empty()) throw StoreError("a device profile names its device's serial");
    if (p.artifactSha256.size() != 64) throw StoreError("a device profile names its file's SHA-256");
    if (p.precision != "fp32" && p.precision != "int8") throw StoreError("device profile precision must be fp32 or int8");
    if (p.runner.empty() || p.mask.empty()) throw StoreError("a device profile names its runner and CPU mask");
    if (p.iters < 1 || p.warmup < 0 || p.threads < 0) throw StoreError("a device profile has at least one timed iteration");
    for (const double v : {p.meanMs, p.p50Ms, p.p90Ms, p.p99Ms, p.minMs, p.stdMs})
        if (!std::isfinite(v) || v < 0) throw StoreError("device profile statistics must be finite and not negative");
    if (p.energyMillijoules && (!std::isfinite(*p.energyMillijoules) || *p.energyMillijoules < 0))
        throw StoreError("device profile energy must be finite and not negative");
    if (p.runId && !hasRun(*p.runId)) throw StoreError("no run " + std::to_string(*p.runId) + " in " + path());
    auto st = db_->prepare(std::string("INSERT INTO device_profiles (") + kDeviceProfileColumns +
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bindAll(p.runId, p.serial, p.deviceName, p.fingerprint, p.abi, p.deviceJson, p.artifactPath, p.artifactSha256,
               p.artifactBytes, p.precision, p.runner, p.affinity, p.mask, p.threads, p.warmup, p.iters, p.meanMs, p.p50Ms,
               p.p90Ms, p.p99Ms, p.minMs, p.stdMs, p.loadMs, p.thermalBefore, p.thermalAfter, p.throttling,
               p.conditionsJson, p.energyMillijoules, p.rawOutput);
    st.run();
    return db_->lastInsertId();
}

std::vector<DeviceProfileRecord> ExperimentStore::deviceProfiles(const std::string& serial, std::int64_t runId) const {
    auto st = db_->prepare(std::string("SELECT id, ") + kDeviceProfileColumns +
                           ", created_at FROM device_profiles WHERE (? = '' OR serial = ?) AND (? = 0 OR run_id = ?) ORDER BY id DESC");
    st.bindAll(serial, serial, runId, runId);
    std::vector<DeviceProfileRecord> out;
    while (st.step()) {
        DeviceProfileRecord p;
        int c = 0;
        p.id = st.integer(c++);
        p.runId = st.optionalInteger(c++);
        p.serial = st.text(c++);
        p.deviceName = st.text(c++);
        p.fingerprint = st.text(c++);
        p.abi = st.text(c++);
        p.deviceJson = st.text(c++);
        p.artifactPath = st.text(c++);
        p.artifactSha256 = st.text(c++);
        p.artifactBytes = st.integer(c++);
        p.precision = st.text(c++);
        p.runner = st.text(c++);
        p.affinity = st.text(c++);
        p.mask = st.text(c++);
        p.threads = int(st.integer(c++));
        p.warmup = int(st.integer(c++));
        p.iters = int(st.integer(c++));
        p.meanMs = st.real(c++);
        p.p50Ms = st.real(c++);
        p.p90Ms = st.real(c++);
        p.p99Ms = st.real(c++);
        p.minMs = st.real(c++);
        p.stdMs = st.real(c++);
        p.loadMs = st.optionalReal(c++);
        p.thermalBefore = int(st.integer(c++));
        p.thermalAfter = int(st.integer(c++));
        p.throttling = st.text(c++);
        p.conditionsJson = st.text(c++);
        p.energyMillijoules = st.optionalReal(c++);
        p.rawOutput = st.text(c++);
        p.createdAt = st.text(c++);
        out.push_back(std::move(p));
    }
    return out;
}

void ExperimentStore::recordUnitLatencies(const std::vector<UnitLatencyRecord>& rows) {
    for (const UnitLatencyRecord& r : rows) {
        if (r.serial.empty() || r.unitKey.empty()) throw StoreError("a unit latency names its device and unit");
        if (r.precision != "fp32" && r.precision != "int8") throw StoreError("unit latency precision must be fp32 or int8");
        if (!std::isfinite(r.ms) || r.ms < 0) throw StoreError("unit latency must be finite and not negative");
        if (r.threads < 1 || r.iters < 1 || r.warmup < 0) throw StoreError("a unit latency has threads, warm-up and iterations");
    }
    sql::Transaction t(*db_);
    auto st = db_->prepare(
        "INSERT OR REPLACE INTO device_unit_latency (serial, device_name, fingerprint, unit_key, op, precision, threads, affinity, ms, warmup, "
        "iters, runtime, abi) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const UnitLatencyRecord& r : rows) {
        st.reset();
        st.bindAll(r.serial, r.deviceName, r.fingerprint, r.unitKey, r.op, r.precision, r.threads, r.affinity, r.ms, r.warmup, r.iters, r.runtime,
                   r.abi);
        st.run();
    }
    t.commit();
}

std::vector<UnitLatencyRecord> ExperimentStore::unitLatencies(const std::string& serial, const std::string& precision, int threads,
                                                              const std::string& affinity) const {
    auto st = db_->prepare(
        "SELECT serial, device_name, fingerprint, unit_key, op, precision, threads, affinity, ms, warmup, iters, runtime, abi, created_at "
        "FROM device_unit_latency WHERE serial = ? AND precision = ? AND threads = ? AND affinity = ? ORDER BY created_at, unit_key");
    st.bindAll(serial, precision, threads, affinity);
    std::vector<UnitLatencyRecord> out;
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), int(st.integer(6)), st.text(7), st.real(8),
                       int(st.integer(9)), int(st.integer(10)), st.text(11), st.text(12), st.text(13)});
    return out;
}

void ExperimentStore::recordLatencyChecks(const std::vector<LatencyCheckRecord>& checks) {
    for (const LatencyCheckRecord& c : checks) {
        if (c.serial.empty() || c.model.empty()) throw StoreError("a latency check names its device and model");
        if (c.precision != "fp32" && c.precision != "int8") throw StoreError("latency check precision must be fp32 or int8");
        if (!std::isfinite(c.predictedMs) || !std::isfinite(c.measuredMs) || c.predictedMs < 0 || c.measuredMs <= 0)
            throw StoreError("a latency check's times must be finite and positive");
    }
    sql::Transaction t(*db_);
    auto st = db_->prepare(
        "INSERT INTO device_latency_checks (serial, precision, threads, affinity, model, graph_hash, predicted_ms, measured_ms, rounds, runtime, "
        "warmup, iters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const LatencyCheckRecord& c : checks) {
        st.reset();
        st.bindAll(c.serial, c.precision, c.threads, c.affinity, c.model, c.graphHash, c.predictedMs, c.measuredMs, c.rounds, c.runtime, c.warmup,
                   c.iters);
        st.run();
    }
    t.commit();
}

std::vector<LatencyCheckRecord> ExperimentStore::latencyChecks(const std::string& serial, const std::string& precision, int threads,
                                                               const std::string& affinity) const {
    auto st = db_->prepare(
        "SELECT serial, precision, threads, affinity, model, graph_hash, predicted_ms, measured_ms, rounds, runtime, warmup, iters, created_at "
        "FROM device_latency_checks c WHERE serial = ? AND precision = ? AND threads = ? AND affinity = ? AND id = (SELECT MAX(id) FROM "
        "device_latency_checks d WHERE d.serial = c.serial AND d.precision = c.precision AND d.threads = c.threads AND d.affinity = c.affinity "
        "AND d.model = c.model) ORDER BY model");
    st.bindAll(serial, precision, threads, affinity);
    std::vector<LatencyCheckRecord> out;
    while (st.step())
        out.push_back({st.text(0), st.text(1), int(st.integer(2)), st.text(3), st.text(4), st.text(5), st.real(6), st.real(7), int(st.integer(8)),
                       st.text(9), int(st.integer(10)), int(st.integer(11)), st.text(12)});
    return out;
}

std::vector<LatencyTableInfo> ExperimentStore::latencyTables() const {
    auto st = db_->prepare(
        "SELECT serial, MAX(device_name), precision, affinity, threads, COUNT(*), MAX(runtime), MAX(abi), MAX(warmup), MAX(iters), MAX(created_at) "
        "FROM device_unit_latency GROUP BY serial, precision, threads, affinity ORDER BY MAX(created_at) DESC");
    std::vector<LatencyTableInfo> out;
    while (st.step()) {
        LatencyTableInfo t;
        t.serial = st.text(0);
        t.deviceName = st.text(1);
        t.precision = st.text(2);
        t.affinity = st.text(3);
        t.threads = int(st.integer(4));
        t.units = int(st.integer(5));
        t.runtime = st.text(6);
        t.abi = st.text(7);
        t.warmup = int(st.integer(8));
        t.iters = int(st.integer(9));
        t.newest = st.text(10);
        out.push_back(t);
    }
    for (LatencyTableInfo& t : out)
        for (const LatencyCheckRecord& c : latencyChecks(t.serial, t.precision, t.threads, t.affinity)) {
            ++t.checks;
            t.within5 += std::abs(c.errorPercent()) <= 5.0;
            t.within10 += std::abs(c.errorPercent()) <= 10.0;
        }
    return out;
}

std::optional<std::int64_t> ExperimentStore::runOfExport(const std::string& sha256) const {
    auto st = db_->prepare("SELECT run_id FROM exports WHERE sha256 = ? ORDER BY id DESC LIMIT 1");
    st.bind(1, sha256);
    if (!st.step()) return std::nullopt;
    return st.integer(0);
}

void ExperimentStore::rename(std::int64_t id, const std::string& name) {
    if (name.empty()) throw StoreError("a run name cannot be empty");
    db_->prepare("UPDATE runs SET name = ? WHERE id = ?").bind(1, name).bind(2, id).run();
    if (db_->changes() == 0) throw StoreError("no run " + std::to_string(id) + " in " + path());
}

void ExperimentStore::setNotes(std::int64_t id, const std::string& notes) {
    db_->prepare("UPDATE runs SET notes = ? WHERE id = ?").bind(1, notes).bind(2, id).run();
    if (db_->changes() == 0) throw StoreError("no run " + std::to_string(id) + " in " + path());
}

void ExperimentStore::addTags(std::int64_t id, const std::vector<std::string>& tags) {
    if (!hasRun(id)) throw StoreError("no run " + std::to_string(id) + " in " + path());
    for (const auto& tag : tags) validateTag(tag);
    sql::Transaction t(*db_);
    auto st = db_->prepare("INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)");
    for (const auto& tag : tags) st.bind(1, id).bind(2, tag).run();
    t.commit();
}

void ExperimentStore::removeTags(std::int64_t id, const std::vector<std::string>& tags) {
    if (!hasRun(id)) throw StoreError("no run " + std::to_string(id) + " in " + path());
    sql::Transaction t(*db_);
    auto st = db_->prepare("DELETE FROM run_tags WHERE run_id = ? AND tag = ?");
    for (const auto& tag : tags) st.bind(1, id).bind(2, tag).run();
    t.commit();
}

std::vector<Artifact> ExperimentStore::deleteRun(std::int64_t id) {
    sql::Transaction t(*db_);
    const RunRecord r = run(id);
    if (r.state == "running" || r.state == "paused")
        throw StoreError("run " + std::to_string(id) + " is " + r.state + " (process " + std::to_string(r.pid) +
                         "); stop it before deleting");
    std::vector<Artifact> files = artifacts(id);
    db_->prepare("DELETE FROM runs WHERE id = ?").bind(1, id).run();
    t.commit();
    return files;
}

std::string ExperimentStore::integrityCheck() const {
    auto st = db_->prepare("PRAGMA integrity_check");
    std::string out;
    while (st.step()) out += (out.empty() ? "" : "\n") + st.text(0);
    return out;
}

void ExperimentStore::createAtVersion(const std::string& path, int version) {
    if (version < 1 || version > schemaVersion()) throw StoreError("no schema version " + std::to_string(version));
    sql::Database db(path, true);
    sql::Transaction t(db);
    applyMigrations(db, 0, version);
    t.commit();
}

}  // namespace hlcnn
