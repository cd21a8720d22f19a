// ExperimentStore: sweeps, and merging the stores of cluster tasks (hlcnn runs import).
#include "hlcnn/experiments/experiment_store.h"

#include "hlcnn/experiments/sqlite.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

namespace hlcnn {

namespace fs = std::filesystem;

namespace {

const char* kSweepColumns = "id, uid, name, spec_json, folder, scheduler, slurm_job, created_at FROM sweeps";

SweepRecord sweepFrom(const sql::Statement& st) {
    SweepRecord s;
    s.id = st.integer(0);
    s.uid = st.text(1);
    s.name = st.text(2);
    s.specJson = st.text(3);
    s.folder = st.text(4);
    s.scheduler = st.text(5);
    s.slurmJob = st.text(6);
    s.createdAt = st.text(7);
    return s;
}

// The columns of a table in this store, but those named in `skip`.
std::vector<std::string> columnsOf(sql::Database& db, const std::string& schema, const std::string& table, const std::set<std::string>& skip) {
    auto st = db.prepare("PRAGMA " + schema + ".table_info(" + table + ")");
    std::vector<std::string> out;
    while (st.step())
        if (!skip.count(st.text(1))) out.push_back(st.text(1));
    return out;
}

std::string joined(const std::vector<std::string>& columns, const std::string& prefix = {}) {
    std::string s;
    for (const auto& c : columns) s += (s.empty() ? "" : ", ") + prefix + c;
    return s;
}

// A private copy of the file (and its WAL), so that opening and migrating it never writes the input.
class PrivateCopy {
public:
    explicit PrivateCopy(const std::string& file) {
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) throw StoreError("'" + file + "' is not a file");
        char pattern[] = "/tmp/hlcnn-import-XXXXXX";
        const char* d = ::mkdtemp(pattern);
        if (!d) throw StoreError("cannot make a temporary folder to read '" + file + "'");
        dir_ = d;
        path_ = dir_ + "/store.sqlite";
        fs::copy_file(file, path_, ec);
        if (!ec && fs::exists(file + "-wal")) fs::copy_file(file + "-wal", path_ + "-wal", ec);
        if (ec) throw StoreError("cannot read '" + file + "': " + ec.message());
    }
    ~PrivateCopy() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    const std::string& path() const { return path_; }

private:
    std::string dir_, path_;
};

}  // namespace

std::int64_t ExperimentStore::createSweep(const SweepRecord& s) {
    if (s.scheduler != "local" && s.scheduler != "slurm") throw StoreError("unknown scheduler '" + s.scheduler + "'");
    auto st = db_->prepare(
        "INSERT INTO sweeps (uid, name, spec_json, folder, scheduler, slurm_job) "
        "VALUES (coalesce(nullif(?, ''), lower(hex(randomblob(16)))), ?, ?, ?, ?, ?)");
    st.bindAll(s.uid, s.name, s.specJson, s.folder, s.scheduler, s.slurmJob);
    try {
        st.run();
    } catch (const sql::Error& e) {
        throw StoreError("cannot record the sweep: " + std::string(e.what()));
    }
    return db_->lastInsertId();
}

SweepRecord ExperimentStore::sweep(std::int64_t id) const {
    auto st = db_->prepare(std::string("SELECT ") + kSweepColumns + " WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) throw StoreError("no sweep " + std::to_string(id) + " in " + path());
    return sweepFrom(st);
}

std::optional<SweepRecord> ExperimentStore::sweepByUid(const std::string& uid) const {
    auto st = db_->prepare(std::string("SELECT ") + kSweepColumns + " WHERE uid = ?");
    st.bind(1, uid);
    if (!st.step()) return std::nullopt;
    return sweepFrom(st);
}

std::vector<SweepRecord> ExperimentStore::sweeps() const {
    auto st = db_->prepare(std::string("SELECT ") + kSweepColumns + " ORDER BY id");
    std::vector<SweepRecord> out;
    while (st.step()) out.push_back(sweepFrom(st));
    return out;
}

void ExperimentStore::setSweepJob(std::int64_t id, const std::string& scheduler, const std::string& job) {
    auto st = db_->prepare("UPDATE sweeps SET scheduler = ?, slurm_job = ? WHERE id = ?");
    st.bindAll(scheduler, job, id).run();
    if (db_->changes() == 0) throw StoreError("no sweep " + std::to_string(id) + " in " + path());
}

ImportResult ExperimentStore::importStore(const std::string& file) {
    if (fs::weakly_canonical(file) == fs::weakly_canonical(path())) throw StoreError("'" + file + "' is this database itself");
    const PrivateCopy copy(file);
    {
        // Opening migrates the copy to this schema and marks runs of dead local processes
        // interrupted; a file that is not a store is refused here.
        ExperimentStore source(copy.path(), false);
        const std::string integrity = source.integrityCheck();
        if (integrity != "ok") throw StoreError("'" + file + "' is damaged: " + integrity.substr(0, integrity.find('\n')));
    }
    ImportResult result;
    db_->exec("ATTACH DATABASE '" + copy.path() + "' AS src");
    struct Detach {
        sql::Database& db;
        ~Detach() {
            try {
                db.exec("DETACH DATABASE src");
            } catch (...) {
            }
        }
    } detach{*db_};
    sql::Transaction t(*db_);
    // Sweeps by uid.
    std::map<std::int64_t, std::int64_t> sweepIds;  // source id -> ours
    {
        auto st = db_->prepare("SELECT id, uid, name, spec_json, folder, scheduler, slurm_job FROM src.sweeps");
        while (st.step()) {
            const std::string uid = st.text(1);
            std::optional<SweepRecord> ours = sweepByUid(uid);
            if (!ours) {
                SweepRecord s;
                s.uid = uid, s.name = st.text(2), s.specJson = st.text(3), s.folder = st.text(4), s.scheduler = st.text(5), s.slurmJob = st.text(6);
                sweepIds[st.integer(0)] = createSweep(s);
            } else {
                sweepIds[st.integer(0)] = ours->id;
            }
        }
    }
    const std::vector<std::string> runColumns = columnsOf(*db_, "main", "runs", {"id", "project_id", "sweep_id"});
    struct ChildTable {
        const char* name;
        std::set<std::string> skip;
    };
    const std::vector<ChildTable> children{{"run_tags", {"run_id"}},      {"epoch_metrics", {"run_id"}}, {"step_metrics", {"run_id"}},
                                           {"artifacts", {"id", "run_id"}}, {"profiles", {"id", "run_id"}}, {"exports", {"id", "run_id"}}};
    auto runs = db_->prepare(
        "SELECT r.id, r.uid, r.state, p.name, coalesce(r.sweep_id, 0), r.name FROM src.runs r JOIN src.projects p ON p.id = r.project_id ORDER BY r.id");
    while (runs.step()) {
        const std::int64_t sourceId = runs.integer(0);
        const std::string uid = runs.text(1), state = runs.text(2), project = runs.text(3), name = runs.text(5);
        auto exists = db_->prepare("SELECT 1 FROM main.runs WHERE uid = ?");
        exists.bind(1, uid);
        if (exists.step()) {
            ++result.alreadyPresent;
            continue;
        }
        if (state == "running" || state == "paused" || state == "queued" || state == "interrupted") {
            result.skipped.push_back("run " + std::to_string(sourceId) + " '" + name + "' is " + state +
                                     (state == "interrupted" ? " (its process died; resume it, then import again)"
                                                             : " (its task has not finished, or died without a word)"));
            continue;
        }
        auto project1 = db_->prepare("INSERT OR IGNORE INTO main.projects (name) VALUES (?)");
        project1.bind(1, project).run();
        auto insert = db_->prepare("INSERT INTO main.runs (project_id, sweep_id, " + joined(runColumns) +
                                   ") SELECT (SELECT id FROM main.projects WHERE name = ?), nullif(?, 0), " + joined(runColumns) +
                                   " FROM src.runs WHERE id = ?");
        const std::int64_t sweep = sweepIds.count(runs.integer(4)) ? sweepIds[runs.integer(4)] : 0;
        insert.bindAll(project, sweep, sourceId).run();
        const std::int64_t id = db_->lastInsertId();
        for (const ChildTable& c : children) {
            const std::vector<std::string> cols = columnsOf(*db_, "main", c.name, c.skip);
            auto copyRows = db_->prepare(std::string("INSERT INTO main.") + c.name + " (run_id, " + joined(cols) + ") SELECT ?, " +
                                         joined(cols) + " FROM src." + c.name + " WHERE run_id = ?");
            copyRows.bindAll(id, sourceId).run();
        }
        ++result.imported;
    }
    t.commit();
    return result;
}

}  // namespace hlcnn
