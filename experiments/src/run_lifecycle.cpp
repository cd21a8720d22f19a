#include "hlcnn/experiments/run_lifecycle.h"
#include "hlcnn/core/messages.h"

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/experiments/store_writer.h"
#include "process_identity.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace hlcnn {

namespace fs = std::filesystem;

namespace {

std::string absolutePath(const std::string& path) { return fs::absolute(path).lexically_normal().string(); }

}  // namespace

std::string modelDataMismatch(const Graph& graph, const Dataset& data) {
    Analysis a;
    try {
        a = analyzeOrThrow(graph);
    } catch (const std::exception& e) {
        return std::string("the model is invalid: ") + e.what();
    }
    const auto& d = graph.input.dims;
    const ImageSet& images = data.train;
    if (d.size() != 3 || d[0] != images.channels || d[1] != images.height || d[2] != images.width)
        return say(msg::kModelTakes, {graph.input.toString(), std::to_string(images.channels) + "x" + std::to_string(images.height) + "x" +
                                                                   std::to_string(images.width)});
    const TensorShape& out = a.find(a.outputs.at(0))->output;
    if (out.dims.size() != 1 || out.dims[0] != data.classes())
        return say(msg::kModelOutputs, {out.toString(), std::to_string(data.classes())});
    return {};
}

std::string batchMemoryProblem(const Graph& graph, std::int64_t batch, bool training) {
    const ModelProfile p = profileGraph(graph);
    const double perImage = double(training ? 2 * p.total.activationBytes : p.peakActivationBytes);
    const double need = perImage * double(batch) + double(p.modelBytesFp32()) * (training ? 4 : 1);
    const double have = double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGESIZE));
    if (!(have > 0) || need <= have) return {};
    char text[256];
    std::snprintf(text, sizeof text, "--batch %lld needs about %.1f GiB for %s, more than this machine's %.1f GiB",
                  static_cast<long long>(batch), need / 1073741824.0, graph.name.c_str(), have / 1073741824.0);
    return text;
}

std::int64_t createRecordedRun(ExperimentStore& store, RunRequest& request, const Dataset& data) {
    RunRecord record = describeRun(request.graph, request.modelName, data, request.config, request.imageSize);
    if (!request.name.empty()) record.name = request.name;
    if (!request.project.empty()) record.project = request.project;
    record.tags = request.tags;
    record.worldSize = request.worldSize;
    record.backend = request.backend;
    record.hosts = request.hosts;
    record.sweepId = request.sweepId;
    record.sweepPoint = request.sweepPoint;
    record.uid = request.uid;
    const std::int64_t id = store.createRun(record);
    const ModelProfile analytic = profileGraph(request.graph);  // next to the measured ones `bench latency --run` adds
    ProfileRecord profile;
    profile.runId = id;
    profile.graphHash = record.graphHash;
    profile.params = analytic.total.params;
    profile.macs = analytic.total.macs;
    profile.activationBytes = analytic.peakActivationBytes;
    store.addProfile(profile);
    if (request.config.outDir.empty()) {
        request.config.outDir = (fs::path(store.path()).parent_path() / "checkpoints" / ("run-" + std::to_string(id))).string();
        store.setCheckpointDir(id, absolutePath(request.config.outDir));
    }
    return id;
}

ResumePlan planResume(const ExperimentStore& store, std::int64_t runId, bool extending, const std::string& checkpoint) {
    ResumePlan plan;
    plan.run = store.run(runId);
    const RunRecord& r = plan.run;
    const std::string which = "run " + std::to_string(runId);
    if (r.state == "running" || r.state == "paused")
        throw StoreError(which + " is still " + r.state + " (process " + std::to_string(r.pid) + " on " + r.host + ")");
    if (r.state == "completed" && !extending) throw StoreError(which + " is already completed");
    if (r.checkpointDir.empty()) throw StoreError(which + " has no checkpoint to resume from (it was recorded without one)");
    plan.checkpoint = checkpoint.empty() ? r.checkpointDir + "/last.ckpt" : checkpoint;
    const Artifact* recorded = nullptr;
    const std::vector<Artifact> artifacts = store.artifacts(runId);
    for (const Artifact& a : artifacts)
        if ((a.kind == "checkpoint-last" || a.kind == "checkpoint-best") && a.path == absolutePath(plan.checkpoint)) recorded = &a;
    if (!recorded)
        throw StoreError(checkpoint.empty() ? which + " has no recorded checkpoint to resume from (no epoch finished)"
                                            : checkpoint + " is not a recorded checkpoint of " + which);
    std::error_code ec;
    if (!fs::exists(plan.checkpoint, ec)) throw StoreError(which + ": its checkpoint " + plan.checkpoint + " is missing");
    const Artifact onDisk = describeFile(recorded->kind, plan.checkpoint);
    const bool asRecorded = onDisk.bytes == recorded->bytes && onDisk.sha256 == recorded->sha256;
    const auto notRecorded = [&] {
        return StoreError(which + ": " + plan.checkpoint + " is not the checkpoint recorded for it (" +
                          std::to_string(onDisk.bytes) + " bytes, sha256 " + onDisk.sha256.substr(0, 12) + "; recorded " +
                          std::to_string(recorded->bytes) + " bytes, " + recorded->sha256.substr(0, 12) + ")");
    };
    try {
        plan.info = readCheckpointInfo(plan.checkpoint);
    } catch (const std::exception& e) {
        if (!asRecorded) throw notRecorded();
        throw StoreError(plan.checkpoint + ": " + e.what());
    }
    if (graphHash(plan.info.graph) != r.graphHash) {
        if (!asRecorded) throw notRecorded();
        throw StoreError(which + ": " + plan.checkpoint + " holds another model than the run's");
    }
    if (!asRecorded) {
        // Killed between writing the checkpoint and recording its epoch (the writer had not got to
        // it): accept exactly one epoch past the record whose history repeats the recorded epochs.
        const std::vector<EpochMetrics> epochs = store.epochs(runId);
        bool lineage = plan.info.epoch == int(epochs.size()) + 1 && plan.info.history.size() == epochs.size() + 1;
        for (std::size_t i = 0; lineage && i < epochs.size(); ++i) {
            const EpochMetrics& a = epochs[i];
            const EpochMetrics& b = plan.info.history[i];
            lineage = a.epoch == b.epoch && a.trainLoss == b.trainLoss && a.val.loss == b.val.loss && a.val.top1 == b.val.top1;
        }
        if (!lineage) throw notRecorded();
        plan.checkpointAheadOfRecord = true;
    }
    return plan;
}

std::int64_t runOwningCheckpoint(const ExperimentStore& store, const std::string& checkpoint) {
    const std::string dir = absolutePath(fs::path(checkpoint).parent_path().string());
    for (const RunRecord& r : store.runs())
        if (r.checkpointDir == dir) return r.id;
    return 0;
}

void beginResume(ExperimentStore& store, const ResumePlan& plan, const Dataset& data) {
    if (datasetHash(data) != plan.run.datasetHash)
        throw StoreError("the data at " + plan.run.datasetSpec + " changed since run " + std::to_string(plan.run.id) +
                         " was recorded; resuming would mix datasets");
    store.truncateAfterEpoch(plan.run.id, plan.info.epoch, plan.info.partial.step);
    if (plan.checkpointAheadOfRecord)
        store.recordEpoch(plan.run.id, plan.info.history.back(), {}, {describeFile("checkpoint-last", plan.checkpoint)});
    store.claimRun(plan.run.id);
}

TrainResult trainRecordedRun(const std::string& dbPath, std::int64_t runId, const Graph& graph,
                             std::shared_ptr<const Dataset> data, const TrainConfig& config, const std::string& resumeFrom,
                             TrainingListener* forward, TrainingControl* control, std::vector<std::string>* problems,
                             std::shared_ptr<ProcessGroup> group) {
    StoreWriter writer(dbPath);
    RunRecorder recorder(writer, runId, config.outDir, forward);
    Trainer trainer(graph, std::move(data), config);
    trainer.setProcessGroup(std::move(group));
    const TrainResult result = trainer.run(&recorder, control, resumeFrom);
    recorder.finish(result);
    if (problems) *problems = recorder.problems();
    return result;
}

}  // namespace hlcnn
