// hlcnn sweep run | submit | task | status | show | list, and hlcnn runs import.
#include "arguments.h"
#include "commands.h"
#include "recipe_options.h"
#include "store_access.h"

#include "hlcnn/core/dataset.h"
#include "hlcnn/core/number_text.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/experiments/run_lifecycle.h"
#include "hlcnn/experiments/run_queue.h"
#include "hlcnn/experiments/sweep.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QProcess>
#include <QStandardPaths>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace hlcnn::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string absoluteDataSpec(const std::string& text) {
    DataSpec d;
    try {
        d = parseDataSpec(text);
    } catch (const DatasetError& e) {
        throw UsageError(e.what());
    }
    std::error_code ec;
    if (!fs::exists(d.path, ec)) throw UsageError("--data: '" + d.path + "' does not exist");
    const std::string kind = text.substr(0, text.find(':'));
    return kind + ":" + fs::absolute(d.path).lexically_normal().string();
}

// The sweep from the command line (or its --spec file), checked against placeholder data so that
// a bad grid fails before any data are loaded or anything is written.
SweepSpec specFrom(const Arguments& args) {
    SweepSpec spec;
    if (args.has("spec") == args.has("grid")) throw UsageError("give exactly one of --grid 'OPT=V1,V2;...' or --spec FILE");
    try {
        if (args.has("spec")) {
            std::ifstream in(args.value("spec"));
            if (!in) throw UsageError("--spec: cannot read '" + args.value("spec") + "'");
            std::stringstream text;
            text << in.rdbuf();
            spec = sweepSpecFromJson(text.str());
        } else {
            spec.grid = parseSweepGrid(args.value("grid"));
            spec.recipe = trainConfigFromArguments(args);
            spec.recipe.outDir.clear();
        }
        if (args.has("data")) spec.dataSpec = args.value("data");
        if (spec.dataSpec.empty()) throw UsageError("--data SPEC is required (cifar10:DIR, cifar100:DIR, folder:DIR, idx:DIR)");
        spec.dataSpec = absoluteDataSpec(spec.dataSpec);
        for (const char* o : {"model", "stem", "width", "depth"})
            if (args.has(o)) spec.base.emplace_back(o, args.value(o));
        if (args.has("name")) spec.name = args.value("name");
        if (spec.name.empty()) spec.name = "sweep";
        if (args.has("image-size")) spec.imageSize = boundedInteger(args, "image-size", 0, 1, 4096);
        if (args.has("seeds")) spec.seeds = int(boundedInteger(args, "seeds", 1, 1, 1000));
        if (args.has("first-seed")) spec.firstSeed = std::uint64_t(boundedInteger(args, "first-seed", 0, 0, 1LL << 62));
        validateSweep(spec);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("sweep: ") + e.what());
    }
    return spec;
}

std::shared_ptr<const Dataset> loadSweepData(const SweepSpec& spec) {
    try {
        DatasetOptions o;
        o.imageSize = spec.imageSize;
        return std::make_shared<const Dataset>(loadDataset(parseDataSpec(spec.dataSpec), o));
    } catch (const DatasetError& e) {
        throw UsageError(e.what());
    }
}

// Every run planned against the real data (shape, classes) before anything is recorded.
std::vector<SweepRunPlan> planAll(const SweepSpec& spec, const std::vector<SweepPoint>& points, const Dataset& data) {
    std::vector<SweepRunPlan> plans;
    try {
        for (const SweepPoint& p : points) plans.push_back(planSweepRun(spec, p, data.train.channels, data.train.height, data.classes()));
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("sweep: ") + e.what());
    }
    return plans;
}

std::string fixed(double x, int digits) {
    if (!std::isfinite(x)) return "-";
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", digits, x);
    return b;
}

std::string cellText(const SweepCell& c) {
    if (c.top1.empty()) return "-";
    return fixed(c.meanTop1, 2) + (std::isfinite(c.stdTop1) ? " +/- " + fixed(c.stdTop1, 2) : std::string(" (1 run)"));
}

int showSweep(const ExperimentStore& store, std::int64_t id, bool asJson) {
    const SweepRecord sweep = store.sweep(id);
    const std::vector<SweepCell> cells = sweepCells(store, id);
    if (asJson) {
        json rows = json::array();
        for (const SweepCell& c : cells) {
            json point = json::object();
            for (const auto& [k, v] : c.settings) point[k] = v;
            rows.push_back({{"point", point}, {"runs", c.runIds}, {"completed", c.completed}, {"top1", c.top1},
                            {"mean_top1", std::isfinite(c.meanTop1) ? json(c.meanTop1) : json(nullptr)},
                            {"std_top1", std::isfinite(c.stdTop1) ? json(c.stdTop1) : json(nullptr)}, {"params", c.params}, {"macs", c.macs}});
        }
        std::cout << json{{"sweep", id}, {"uid", sweep.uid}, {"name", sweep.name}, {"scheduler", sweep.scheduler},
                          {"slurm_job", sweep.slurmJob}, {"cells", rows}}
                         .dump()
                  << "\n";
        return 0;
    }
    std::printf("sweep %lld '%s' (%s%s): %zu cells\n", static_cast<long long>(id), sweep.name.c_str(), sweep.scheduler.c_str(),
                sweep.slurmJob.empty() ? "" : (", job " + sweep.slurmJob).c_str(), cells.size());
    for (const SweepCell& c : cells) {
        std::string label;
        for (const auto& [k, v] : c.settings) label += (label.empty() ? "" : " ") + k + "=" + v;
        std::printf("  %-40s %2d/%-2zu runs  best val top-1 %-18s %9.3f M params %9.1f M MACs\n", label.c_str(), c.completed,
                    c.runIds.size(), cellText(c).c_str(), double(c.params) / 1e6, double(c.macs) / 1e6);
    }
    return 0;
}

// A program on PATH (or the path given), "" when there is none.
std::string findProgram(const std::string& name) {
    if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : std::string();
    return QStandardPaths::findExecutable(QString::fromStdString(name)).toStdString();
}

std::string shellQuoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

struct ProgramResult {
    int code = -1;
    std::string out, err;
};

ProgramResult runProgram(const std::string& program, const QStringList& args, int timeoutMs = 60000) {
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QString::fromStdString(program), args);
    ProgramResult r;
    if (!p.waitForStarted(10000)) {
        r.err = "cannot start " + program;
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = program + " did not answer within " + std::to_string(timeoutMs / 1000) + " s";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

std::string firstLineOf(const std::string& text) {
    std::string s = text.substr(0, text.find('\n'));
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

json readFolderSpec(const std::string& folder) {
    std::ifstream in(folder + "/sweep.json");
    if (!in) throw UsageError("--folder: '" + folder + "' holds no sweep.json (not a sweep folder)");
    std::stringstream text;
    text << in.rdbuf();
    try {
        return json::parse(text.str());
    } catch (const json::exception& e) {
        throw UsageError("'" + folder + "/sweep.json' is not JSON: " + e.what());
    }
}

// ---------------------------------------------------------------------------------------------

}  // namespace

int runSweepRun(const Arguments& args) {
    SweepSpec spec = specFrom(args);
    const int cores = int(boundedInteger(args, "cores", hardwareThreads(), 1, hardwareThreads()));
    const int concurrent = int(boundedInteger(args, "concurrent", 1, 1, 64));
    const std::vector<SweepPoint> points = expandSweep(spec);
    const auto store = openStore(args, true);
    const auto data = loadSweepData(spec);
    const std::vector<SweepRunPlan> plans = planAll(spec, points, *data);
    SweepRecord record;
    record.name = spec.name;
    record.specJson = sweepSpecJson(spec);
    const std::int64_t sweepId = store->createSweep(record);
    if (!args.has("json"))
        std::printf("sweep %lld '%s': %zu runs (%zu points x %d seeds) on %s, %d at a time in %d cores, recorded in %s\n",
                    static_cast<long long>(sweepId), spec.name.c_str(), points.size(), points.size() / std::size_t(spec.seeds),
                    spec.seeds, spec.dataSpec.c_str(), concurrent, cores, store->path().c_str());
    std::fflush(stdout);
    int argc = 1;
    char name[] = "hlcnn";
    char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    RunQueue queue(store->path());
    queue.setLimits(concurrent, cores);
    for (std::size_t i = 0; i < points.size(); ++i) {
        LaunchRequest r;
        r.graph = plans[i].graph;
        r.modelName = plans[i].modelName;
        r.dataSpec = spec.dataSpec;
        r.imageSize = spec.imageSize;
        r.config = plans[i].config;
        r.config.threads = 0;  // the queue's share of the core budget
        r.name = plans[i].name;
        r.sweepId = sweepId;
        r.sweepPoint = points[i].pointJson();
        queue.submit(std::move(r));
    }
    QObject::connect(&queue, &RunQueue::runFinished, &app, [&](int ticket) {
        for (const QueuedRun& q : queue.runs())
            if (q.ticket == ticket && !args.has("json")) {
                std::printf("  run %lld %s: %s%s\n", static_cast<long long>(q.runId), q.name.c_str(), q.phase.c_str(),
                            q.lastValTop1 >= 0 ? (", val top-1 " + fixed(q.lastValTop1, 2) + "%").c_str() : "");
                std::fflush(stdout);
            }
    });
    QObject::connect(&queue, &RunQueue::idle, &app, &QCoreApplication::quit);
    if (queue.activeCount() > 0) app.exec();
    int failed = 0;
    for (const QueuedRun& q : queue.runs()) failed += q.phase != "completed";
    const ExperimentStore reader(store->path(), false);
    showSweep(reader, sweepId, args.has("json"));
    if (failed > 0) {
        std::cerr << "hlcnn: " << failed << " of " << points.size() << " runs of sweep " << sweepId << " did not complete\n";
        return 2;
    }
    return 0;
}

int runSweepSubmit(const Arguments& args) {
    if (!args.has("folder")) throw UsageError("--folder DIR is required (the sweep's scripts, task stores and logs; on a shared file system)");
    SweepSpec spec = specFrom(args);
    const int cpus = int(boundedInteger(args, "cpus-per-task", 1, 1, 4096));
    for (const char* o : {"partition", "account", "time"})
        if (args.has(o) && (args.value(o).empty() || args.value(o).find_first_of(" \t\n'\"$`\\;") != std::string::npos))
            throw UsageError(std::string("--") + o + " '" + args.value(o) + "' is not a Slurm value");
    const std::string sbatch = findProgram(args.value("sbatch", "sbatch"));
    if (sbatch.empty())
        throw UsageError("sbatch is not installed or not on PATH (Slurm's client tools); nothing was submitted");
    const std::vector<SweepPoint> points = expandSweep(spec);
    const std::string folder = fs::absolute(args.value("folder")).lexically_normal().string();
    std::error_code ec;
    if (fs::exists(folder + "/sweep.json", ec)) throw UsageError("--folder '" + folder + "' already holds a sweep; choose a new folder");
    const auto store = openStore(args, true);
    const bool created = !fs::exists(folder, ec);
    fs::create_directories(folder + "/logs", ec);
    if (!ec) fs::create_directories(folder + "/stores", ec);
    if (ec) throw UsageError("cannot create --folder '" + folder + "': " + ec.message());
    const auto cleanUp = [&] {
        std::error_code ignored;
        if (created) fs::remove_all(folder, ignored);
        else for (const char* f : {"sweep.json", "sweep.sbatch", "logs", "stores"}) fs::remove_all(folder + "/" + f, ignored);
    };
    // The uid travels with the folder, so the tasks' stores and the main database agree on it.
    SweepRecord record;
    record.name = spec.name;
    record.specJson = sweepSpecJson(spec);
    record.folder = folder;
    record.scheduler = "slurm";
    {
        // Drawn here (16 random bytes as hex), as the store would.
        std::ifstream random("/dev/urandom", std::ios::binary);
        unsigned char b[16] = {};
        random.read(reinterpret_cast<char*>(b), sizeof b);
        char hex[33];
        for (int i = 0; i < 16; ++i) std::snprintf(hex + 2 * i, 3, "%02x", b[i]);
        record.uid = hex;
    }
    json folderSpec = json::parse(record.specJson);
    folderSpec["uid"] = record.uid;
    folderSpec["tasks"] = points.size();
    {
        std::ofstream out(folder + "/sweep.json");
        out << folderSpec.dump(2) << "\n";
        if (!out) {
            cleanUp();
            throw UsageError("cannot write '" + folder + "/sweep.json'");
        }
    }
    std::ostringstream script;
    script << "#!/bin/bash\n"
           << "# Generated by hlcnn sweep submit: one array task per run; each records into stores/task-N.sqlite\n"
           << "#SBATCH --job-name=hlcnn-" << (spec.name.find_first_of(" \t'\"") == std::string::npos ? spec.name : std::string("sweep")) << "\n"
           << "#SBATCH --array=0-" << points.size() - 1 << "\n"
           << "#SBATCH --cpus-per-task=" << cpus << "\n"
           << "#SBATCH --output=" << folder << "/logs/task-%a.out\n";
    if (args.has("time")) script << "#SBATCH --time=" << args.value("time") << "\n";
    if (args.has("partition")) script << "#SBATCH --partition=" << args.value("partition") << "\n";
    if (args.has("account")) script << "#SBATCH --account=" << args.value("account") << "\n";
    script << "exec " << shellQuoted(programPath()) << " sweep task --folder " << shellQuoted(folder)
           << " --index \"$SLURM_ARRAY_TASK_ID\" --threads \"${SLURM_CPUS_PER_TASK:-1}\"\n";
    {
        std::ofstream out(folder + "/sweep.sbatch");
        out << script.str();
        if (!out) {
            cleanUp();
            throw UsageError("cannot write '" + folder + "/sweep.sbatch'");
        }
    }
    const ProgramResult r = runProgram(sbatch, {"--parsable", QString::fromStdString(folder + "/sweep.sbatch")});
    if (r.code != 0) {
        cleanUp();
        throw UsageError("sbatch refused the sweep: " + firstLineOf(r.err.empty() ? r.out : r.err));
    }
    const std::string job = firstLineOf(r.out).substr(0, firstLineOf(r.out).find(';'));
    record.slurmJob = job;
    const std::int64_t id = store->createSweep(record);
    std::printf("sweep %lld '%s': %zu runs submitted as Slurm job %s (array 0-%zu, %d cpus per task)\n"
                "folder %s; follow it with `hlcnn sweep status %lld`, then `hlcnn runs import %s/stores`\n",
                static_cast<long long>(id), spec.name.c_str(), points.size(), job.c_str(), points.size() - 1, cpus, folder.c_str(),
                static_cast<long long>(id), folder.c_str());
    return 0;
}

int runSweepTask(const Arguments& args) {
    if (!args.has("folder") || !args.has("index")) throw UsageError("hlcnn sweep task --folder DIR --index I [--threads T]");
    const std::string folder = args.value("folder");
    const json folderSpec = readFolderSpec(folder);
    SweepSpec spec;
    try {
        spec = sweepSpecFromJson(folderSpec.dump());
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    const std::vector<SweepPoint> points = expandSweep(spec);
    const std::int64_t index = boundedInteger(args, "index", 0, 0, std::int64_t(points.size()) - 1);
    const int threads = int(boundedInteger(args, "threads", 1, 1, 4096));
    const std::string storePath = folder + "/stores/task-" + std::to_string(index) + ".sqlite";
    ExperimentStore store(storePath);
    const std::string uid = folderSpec.value("uid", std::string());
    std::int64_t sweepId = 0;
    if (const auto s = store.sweepByUid(uid)) {
        sweepId = s->id;
    } else {
        SweepRecord r;
        r.uid = uid, r.name = spec.name, r.specJson = sweepSpecJson(spec), r.folder = fs::absolute(folder).string(), r.scheduler = "slurm";
        if (const char* job = std::getenv("SLURM_ARRAY_JOB_ID")) r.slurmJob = job;
        sweepId = store.createSweep(r);
    }
    const auto data = loadSweepData(spec);
    const SweepPoint& point = points[std::size_t(index)];
    SweepRunPlan plan = planAll(spec, {point}, *data).front();
    plan.config.threads = std::min(threads, hardwareThreads());
    plan.config.outDir = folder + "/checkpoints/task-" + std::to_string(index);
    // A task run again (requeued, or by hand) continues its own run rather than starting another.
    const std::vector<RunRecord> existing = store.runs();
    std::int64_t runId = 0;
    std::string resumeFrom;
    if (!existing.empty()) {
        runId = existing.front().id;
        if (existing.front().state == "completed") {
            std::printf("task %lld: run %lld already completed\n", static_cast<long long>(index), static_cast<long long>(runId));
            return 0;
        }
        try {
            const ResumePlan resume = planResume(store, runId);
            beginResume(store, resume, *data);
            resumeFrom = resume.checkpoint;
        } catch (const StoreError& e) {
            throw UsageError(std::string("task ") + std::to_string(index) + ": " + e.what());
        }
    } else {
        RunRequest request;
        request.graph = plan.graph;
        request.modelName = plan.modelName;
        request.imageSize = spec.imageSize;
        request.config = plan.config;
        request.name = plan.name;
        request.sweepId = sweepId;
        request.sweepPoint = point.pointJson();
        runId = createRecordedRun(store, request, *data);
        plan.config = request.config;
    }
    std::printf("task %lld: %s on %s, %d threads, recording in %s\n", static_cast<long long>(index), plan.name.c_str(),
                spec.dataSpec.c_str(), plan.config.threads, storePath.c_str());
    std::fflush(stdout);
    std::vector<std::string> problems;
    const TrainResult result = trainRecordedRun(storePath, runId, plan.graph, data, plan.config, resumeFrom, nullptr, nullptr, &problems);
    for (const std::string& p : problems) std::cerr << "hlcnn: warning: could not record: " << p << "\n";
    std::printf("task %lld: %s: %s\n", static_cast<long long>(index), runStateName(result.state), result.message.c_str());
    return result.state == RunState::Completed ? 0 : 2;
}

int runSweepStatus(const Arguments& args) {
    std::string folder, job, name;
    if (!args.positional().empty()) {
        if (args.has("folder") || args.positional().size() != 1) throw UsageError("hlcnn sweep status (ID | --folder DIR) [--db FILE] [--json]");
        const auto store = openStore(args, false);
        const SweepRecord s = [&] {
            try {
                return store->sweep(runId(args.positional()[0]));
            } catch (const StoreError& e) {
                throw UsageError(e.what());
            }
        }();
        if (s.scheduler != "slurm") throw UsageError("sweep " + args.positional()[0] + " ran locally; see `hlcnn sweep show " + args.positional()[0] + "`");
        folder = s.folder, job = s.slurmJob, name = s.name;
    } else if (args.has("folder")) {
        folder = args.value("folder");
    } else {
        throw UsageError("hlcnn sweep status (ID | --folder DIR) [--db FILE] [--json]");
    }
    const json spec = readFolderSpec(folder);
    const std::size_t tasks = spec.value("tasks", std::size_t(0));
    if (name.empty()) name = spec.value("name", std::string());
    // Slurm's view: squeue for tasks pending or running; sacct for finished ones when the cluster
    // keeps accounting (a minimal cluster does not, and that is said).
    std::map<std::size_t, std::string> slurmState;
    std::string squeueNote, sacctNote;
    if (!job.empty()) {
        const std::string squeue = findProgram("squeue");
        if (squeue.empty()) {
            squeueNote = "squeue is not installed";
        } else {
            const ProgramResult q = runProgram(squeue, {"-h", "-r", "-j", QString::fromStdString(job), "-o", "%K %T"});
            if (q.code == 0) {
                std::istringstream lines(q.out);
                std::string idx, state;
                while (lines >> idx >> state)
                    if (idx.find_first_not_of("0123456789") == std::string::npos) slurmState[std::stoul(idx)] = state;
            } else {
                squeueNote = "squeue: " + firstLineOf(q.err);
            }
        }
        const std::string sacct = findProgram("sacct");
        if (sacct.empty()) {
            sacctNote = "sacct is not installed";
        } else {
            const ProgramResult a = runProgram(sacct, {"-n", "-P", "-X", "-j", QString::fromStdString(job), "-o", "JobID,State"});
            if (a.code == 0) {
                std::istringstream lines(a.out);
                std::string line;
                while (std::getline(lines, line)) {
                    const auto us = line.find('_'), bar = line.find('|');
                    if (us == std::string::npos || bar == std::string::npos || bar < us) continue;
                    const std::string idx = line.substr(us + 1, bar - us - 1);
                    if (!idx.empty() && idx.find_first_not_of("0123456789") == std::string::npos && !slurmState.count(std::stoul(idx)))
                        slurmState[std::stoul(idx)] = line.substr(bar + 1);
                }
            } else {
                sacctNote = "sacct: " + firstLineOf(a.err.empty() ? a.out : a.err);
            }
        }
    }
    json rows = json::array();
    std::map<std::string, int> counts;
    for (std::size_t i = 0; i < tasks; ++i) {
        const std::string storePath = folder + "/stores/task-" + std::to_string(i) + ".sqlite";
        std::string runState = "no store yet";
        int epochs = 0;
        std::error_code ec;
        if (fs::exists(storePath, ec)) {
            try {
                const ExperimentStore s(storePath, false);
                const auto runs = s.runs();
                if (!runs.empty()) {
                    runState = runs.front().state;
                    epochs = int(s.epochs(runs.front().id).size());
                }
            } catch (const std::exception& e) {
                runState = std::string("unreadable: ") + e.what();
            }
        }
        const std::string slurm = slurmState.count(i) ? slurmState[i] : "-";
        ++counts[runState];
        rows.push_back({{"task", i}, {"slurm", slurm}, {"run", runState}, {"epochs", epochs}});
    }
    if (args.has("json")) {
        std::cout << json{{"folder", folder}, {"job", job}, {"tasks", rows}, {"squeue", squeueNote.empty() ? json(nullptr) : json(squeueNote)},
                          {"sacct", sacctNote.empty() ? json(nullptr) : json(sacctNote)}}
                         .dump()
                  << "\n";
        return 0;
    }
    std::printf("sweep '%s', %zu tasks%s, folder %s\n", name.c_str(), tasks, job.empty() ? "" : (", Slurm job " + job).c_str(), folder.c_str());
    for (const json& r : rows)
        std::printf("  task %3zu  slurm %-12s run %-14s %d epochs\n", r["task"].get<std::size_t>(), r["slurm"].get<std::string>().c_str(),
                    r["run"].get<std::string>().c_str(), r["epochs"].get<int>());
    std::string summary;
    for (const auto& [state, n] : counts) summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + state;
    std::printf("runs: %s\n", summary.c_str());
    if (!squeueNote.empty()) std::printf("note: %s\n", squeueNote.c_str());
    if (!sacctNote.empty()) std::printf("note: %s (finished tasks are read from their stores)\n", sacctNote.c_str());
    return 0;
}

int runSweepShow(const Arguments& args) {
    if (args.positional().size() != 1) throw UsageError("hlcnn sweep show ID [--db FILE] [--json]");
    const auto store = openStore(args, false);
    try {
        return showSweep(*store, runId(args.positional()[0]), args.has("json"));
    } catch (const StoreError& e) {
        throw UsageError(e.what());
    }
}

int runSweepList(const Arguments& args) {
    const auto store = openStore(args, false);
    json rows = json::array();
    for (const SweepRecord& s : store->sweeps()) {
        RunFilter f;
        f.sweepId = s.id;
        const auto runs = store->runs(f);
        int completed = 0;
        for (const auto& r : runs) completed += r.state == "completed";
        if (args.has("json"))
            rows.push_back({{"id", s.id}, {"uid", s.uid}, {"name", s.name}, {"scheduler", s.scheduler}, {"slurm_job", s.slurmJob},
                            {"folder", s.folder}, {"runs", runs.size()}, {"completed", completed}, {"created_at", s.createdAt}});
        else
            std::printf("%4lld  %-24s %-6s %-8s %3d/%-3zu runs completed  %s\n", static_cast<long long>(s.id), s.name.c_str(),
                        s.scheduler.c_str(), s.slurmJob.c_str(), completed, runs.size(), s.createdAt.c_str());
    }
    if (args.has("json")) std::cout << rows.dump() << "\n";
    return 0;
}

// hlcnn runs import FILE|DIR ...: the task stores of a sweep (or any stores) into this database.
int runImport(const Arguments& args) {
    if (args.positional().empty()) throw UsageError("usage: hlcnn runs import FILE.sqlite|DIR ... [--db FILE] [--json]");
    std::vector<std::string> files;
    for (const std::string& p : args.positional()) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> inDir;
            for (const auto& e : fs::directory_iterator(p, ec))
                if (e.path().extension() == ".sqlite") inDir.push_back(e.path().string());
            std::sort(inDir.begin(), inDir.end());
            if (inDir.empty()) throw UsageError("'" + p + "' holds no .sqlite store");
            files.insert(files.end(), inDir.begin(), inDir.end());
        } else if (fs::exists(p, ec)) {
            files.push_back(p);
        } else {
            throw UsageError("'" + p + "' does not exist");
        }
    }
    const auto store = openStore(args, true);
    int imported = 0, present = 0;
    std::vector<std::string> skipped;
    for (const std::string& f : files) {
        try {
            const ImportResult r = store->importStore(f);
            imported += r.imported, present += r.alreadyPresent;
            for (const std::string& s : r.skipped) skipped.push_back(f + ": " + s);
        } catch (const StoreError& e) {
            skipped.push_back(f + ": " + e.what());
        }
    }
    if (args.has("json"))
        std::cout << json{{"imported", imported}, {"already_present", present}, {"skipped", skipped}, {"stores", files.size()}}.dump() << "\n";
    else
        std::printf("imported %d run(s) from %zu store(s) into %s; %d already present\n", imported, files.size(), store->path().c_str(), present);
    for (const std::string& s : skipped) std::cerr << "hlcnn: not merged: " << s << "\n";
    return skipped.empty() ? 0 : 2;
}

}  // namespace hlcnn::cli
