#include "hlcnn/experiments/run_recorder.h"

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/core/runtime_setup.h"
#include "process_identity.h"

#include <nlohmann/json.hpp>

#include <QCryptographicHash>

#include <filesystem>

namespace hlcnn {

namespace {

void addBytes(QCryptographicHash& hash, const void* data, std::size_t bytes) {
    // QCryptographicHash takes at most INT_MAX bytes at a time in Qt 6.4's QByteArrayView path.
    const char* p = static_cast<const char*>(data);
    constexpr std::size_t chunk = std::size_t(1) << 30;
    for (std::size_t done = 0; done < bytes; done += chunk)
        hash.addData(QByteArrayView(p + done, qsizetype(std::min(chunk, bytes - done))));
}

void addImageSet(QCryptographicHash& hash, const ImageSet& set) {
    const std::int64_t dims[4] = {set.count, set.channels, set.height, set.width};
    addBytes(hash, dims, sizeof dims);
    if (set.count > 0) addBytes(hash, set.pixels.get(), std::size_t(set.count * set.imageBytes()));
    addBytes(hash, set.labels.data(), set.labels.size() * sizeof(std::int64_t));
}

}  // namespace

std::string graphHash(const Graph& graph) {
    const std::string text = graphToJson(graph, -1);
    return QCryptographicHash::hash(QByteArrayView(text.data(), qsizetype(text.size())), QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

std::string datasetHash(const Dataset& data) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const std::string& name : data.classNames) addBytes(hash, name.c_str(), name.size() + 1);
    addImageSet(hash, data.train);
    addImageSet(hash, data.test);
    return hash.result().toHex().toStdString();
}

RunRecord describeRun(const Graph& graph, const std::string& modelName, const Dataset& data, const TrainConfig& config,
                      std::int64_t imageSize) {
    const ModelProfile profile = profileGraph(graph);
    RunRecord r;
    r.model = modelName.empty() ? graph.name : modelName;
    r.name = r.model + " on " + data.name;
    r.graphJson = graphToJson(graph, -1);
    r.graphHash = graphHash(graph);
    r.datasetSpec = data.name;
    r.datasetHash = datasetHash(data);
    nlohmann::json cfg = nlohmann::json::parse(trainConfigJson(config));
    cfg["image_size"] = imageSize;
    r.configJson = cfg.dump();
    r.seed = std::int64_t(config.seed);
    r.programVersion = programVersion();
    r.torchVersion = torchVersion();
    r.host = process_identity::hostName();
    r.pid = process_identity::currentPid();
    r.processStart = process_identity::startTime(r.pid);
    r.state = "running";
    r.epochsPlanned = config.epochs;
    r.params = profile.total.params;
    r.macs = profile.total.macs;
    r.checkpointDir = config.outDir.empty() ? std::string() : std::filesystem::absolute(config.outDir).lexically_normal().string();
    return r;
}

std::int64_t recordedImageSize(const RunRecord& run) {
    const auto cfg = nlohmann::json::parse(run.configJson, nullptr, false);
    return cfg.is_object() ? cfg.value("image_size", std::int64_t(0)) : 0;
}

RunRecorder::RunRecorder(StoreWriter& writer, std::int64_t runId, std::string checkpointDir, TrainingListener* next)
    : writer_(writer), runId_(runId), checkpointDir_(std::move(checkpointDir)), next_(next) {}

void RunRecorder::flushSteps() {
    if (pending_.empty()) return;
    writer_.post([id = runId_, steps = std::move(pending_)](ExperimentStore& store) { store.recordSteps(id, steps); });
    pending_.clear();
    lastFlush_ = std::chrono::steady_clock::now();
}

void RunRecorder::onStep(const StepMetrics& step) {
    pending_.push_back(step);
    pending_.back().unixTime = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (std::chrono::steady_clock::now() - lastFlush_ > std::chrono::seconds(2)) flushSteps();
    if (next_) next_->onStep(step);
}

void RunRecorder::onEpoch(const EpochMetrics& epoch) {
    // The checkpoint files are opened here, on the training thread (cheap), and hashed by the
    // writer through these descriptors: the next epoch replaces the files by rename, so the hash
    // is always that of this epoch's file, however late the writer gets to it.
    auto opened = std::make_shared<std::vector<OpenedFile>>();
    for (const auto& [kind, name] : {std::pair{"checkpoint-last", "last.ckpt"}, std::pair{"checkpoint-best", "best.ckpt"}}) {
        if (checkpointDir_.empty()) break;
        OpenedFile f = openForHashing(kind, checkpointDir_ + "/" + name);
        if (f.fd >= 0) opened->push_back(std::move(f));
    }
    writer_.post([id = runId_, epoch, steps = std::move(pending_), opened](ExperimentStore& store) {
        std::vector<Artifact> files;
        for (OpenedFile& f : *opened) files.push_back(describeOpenedFile(f));
        store.recordEpoch(id, epoch, steps, files);
    });
    pending_.clear();
    lastFlush_ = std::chrono::steady_clock::now();
    if (next_) next_->onEpoch(epoch);
}

void RunRecorder::onCheckpoint(const std::string& path) {
    flushSteps();
    auto opened = std::make_shared<OpenedFile>(openForHashing("checkpoint-last", path));
    writer_.post([id = runId_, opened](ExperimentStore& store) {
        if (opened->fd >= 0) store.recordArtifacts(id, {describeOpenedFile(*opened)});
    });
    if (next_) next_->onCheckpoint(path);
}

void RunRecorder::onState(RunState state, const std::string& message) {
    if (state != RunState::Running) flushSteps();
    writer_.post([id = runId_, state, message](ExperimentStore& store) { store.setState(id, runStateName(state), message); });
    if (next_) next_->onState(state, message);
}

void RunRecorder::finish(const TrainResult& result) {
    flushSteps();
    writer_.post([id = runId_, state = result.state, message = result.message](ExperimentStore& store) {
        store.setState(id, runStateName(state), message);
    });
    writer_.drain();
}

}  // namespace hlcnn
