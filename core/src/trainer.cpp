#include "hlcnn/core/trainer.h"
#include "hlcnn/core/messages.h"

#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/number_text.h"
#include "hlcnn/core/batch_loader.h"
#include "hlcnn/core/distributed.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/runtime_setup.h"
#include "optimizer_factory.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>

namespace hlcnn {

using nlohmann::json;

const char* runStateName(RunState state) {
    switch (state) {
    case RunState::Running: return "running";
    case RunState::Paused: return "paused";
    case RunState::Completed: return "completed";
    case RunState::Cancelled: return "cancelled";
    case RunState::Diverged: return "diverged";
    case RunState::Failed: return "failed";
    case RunState::Interrupted: return "interrupted";
    }
    return "?";
}

void TrainingControl::pause() {
    std::lock_guard<std::mutex> lock(mutex_);
    pause_ = true;
}
void TrainingControl::resume() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pause_ = false;
    }
    cv_.notify_all();
}
void TrainingControl::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
}

bool TrainingControl::waitIfPaused(const std::function<void(RunState)>& onChange) {
    if (!pause_ || stop_) return !stop_;  // fast path: the flags are atomics
    onChange(RunState::Paused);
    bool stopped;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return !pause_ || stop_; });
        stopped = stop_;
    }
    if (!stopped) onChange(RunState::Running);
    return !stopped;
}

namespace {

// What evaluation adds up: enough to merge shards exactly (counts, and the loss as a sum).
struct EvalSums {
    double lossSum = 0;
    std::int64_t top1 = 0, top5 = 0, samples = 0;
    std::vector<std::int64_t> confusion;
    std::vector<Misprediction> mistakes;
};

EvalSums evaluateSums(const std::function<torch::Tensor(const torch::Tensor&)>& forward, const ImageSet& set,
                      const std::vector<float>& mean, const std::vector<float>& stdv, std::int64_t classes, int batch,
                      std::size_t keepMistakes, int rank = 0, int worldSize = 1) {
    EvalSums r;
    r.confusion.assign(std::size_t(classes * classes), 0);
    if (set.count == 0) return r;
    LoaderOptions lo;
    lo.batch = batch;
    lo.shuffle = false;
    lo.mean = mean;
    lo.std = stdv;
    lo.rank = rank;
    lo.worldSize = worldSize;
    BatchLoader loader(set, lo);
    loader.startEpoch(0);
    torch::NoGradGuard noGrad;
    Batch b;
    std::int64_t k = 0;
    while (loader.next(b)) {
        const std::int64_t first = k++ * std::int64_t(batch) * worldSize + std::int64_t(rank) * batch;  // set order
        if (b.labels.size(0) == 0) continue;
        const torch::Tensor logits = forward(b.images);
        r.lossSum += torch::nn::functional::cross_entropy(logits, b.labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                         .item<double>();
        const auto topK = std::min<std::int64_t>(5, logits.size(1));
        const torch::Tensor topk = std::get<1>(logits.topk(topK, 1));
        const torch::Tensor hits = topk.eq(b.labels.unsqueeze(1));
        r.top1 += hits.select(1, 0).sum().item<std::int64_t>();
        r.top5 += hits.any(1).sum().item<std::int64_t>();
        const auto pred = topk.select(1, 0).contiguous();
        const std::int64_t* p = pred.data_ptr<std::int64_t>();
        const std::int64_t* y = b.labels.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < pred.size(0); ++i) ++r.confusion[std::size_t(y[i] * classes + p[i])];
        if (r.mistakes.size() < keepMistakes) {
            const torch::Tensor confidence = torch::softmax(logits, 1).amax(1).contiguous();
            const float* c = confidence.data_ptr<float>();
            for (std::int64_t i = 0; i < pred.size(0) && r.mistakes.size() < keepMistakes; ++i)
                if (p[i] != y[i]) r.mistakes.push_back({first + i, y[i], p[i], double(c[i])});   // unshuffled: set order
        }
        r.samples += b.labels.size(0);
    }
    return r;
}

EvalMetrics finishEvaluation(EvalSums&& sums, std::int64_t classes) {
    EvalMetrics r;
    r.confusion = std::move(sums.confusion);
    r.mistakes = std::move(sums.mistakes);
    r.samples = sums.samples;
    if (r.samples == 0) return r;
    r.loss = sums.lossSum / double(r.samples);
    r.top1 = 100.0 * double(sums.top1) / double(r.samples);
    r.top5 = 100.0 * double(sums.top5) / double(r.samples);
    for (std::int64_t c = 0; c < classes; ++c) {
        std::int64_t total = 0;
        for (std::int64_t p = 0; p < classes; ++p) total += r.confusion[std::size_t(c * classes + p)];
        r.perClass.push_back(total ? 100.0 * double(r.confusion[std::size_t(c * classes + c)]) / double(total) : 0.0);
    }
    return r;
}

// Every rank evaluates its shard; the sums are added across ranks (exact: counts in doubles).
void reduceEvalSums(ProcessGroup& group, EvalSums& sums) {
    std::vector<double> packed{sums.lossSum, double(sums.top1), double(sums.top5), double(sums.samples)};
    for (std::int64_t v : sums.confusion) packed.push_back(double(v));
    torch::Tensor t = torch::tensor(packed, torch::kDouble);
    group.allreduceSum(t);
    const double* r = t.data_ptr<double>();
    sums.lossSum = r[0], sums.top1 = std::int64_t(std::llround(r[1])), sums.top5 = std::int64_t(std::llround(r[2]));
    sums.samples = std::int64_t(std::llround(r[3]));
    for (std::size_t i = 0; i < sums.confusion.size(); ++i) sums.confusion[i] = std::int64_t(std::llround(r[4 + i]));
}

}  // namespace

EvalMetrics evaluateForward(const std::function<torch::Tensor(const torch::Tensor&)>& forward, const ImageSet& set,
                            const std::vector<float>& mean, const std::vector<float>& stdv, std::int64_t classes, int batch,
                            std::size_t keepMistakes) {
    return finishEvaluation(evaluateSums(forward, set, mean, stdv, classes, batch, keepMistakes), classes);
}

namespace {

json evalJson(const EvalMetrics& m) {
    return {{"loss", m.loss}, {"top1", m.top1}, {"top5", m.top5}, {"per_class", m.perClass}, {"confusion", m.confusion},
            {"samples", m.samples}};
}

EvalMetrics evalFromJson(const json& j) {
    EvalMetrics m;
    m.loss = j.at("loss"), m.top1 = j.at("top1"), m.top5 = j.at("top5");
    m.perClass = j.at("per_class").get<std::vector<double>>();
    m.confusion = j.at("confusion").get<std::vector<std::int64_t>>();
    m.samples = j.at("samples");
    return m;
}

json epochToJson(const EpochMetrics& m) {
    return {{"epoch", m.epoch}, {"train_loss", m.trainLoss}, {"train_top1", m.trainTop1}, {"lr", m.lr},
            {"seconds", m.seconds}, {"val", evalJson(m.val)}};
}

EpochMetrics epochFromJson(const json& j) {
    EpochMetrics m;
    m.epoch = j.at("epoch"), m.trainLoss = j.at("train_loss"), m.trainTop1 = j.at("train_top1");
    m.lr = j.at("lr"), m.seconds = j.at("seconds");
    m.val = evalFromJson(j.at("val"));
    return m;
}

std::string infoJson(const CheckpointInfo& info) {
    json history = json::array();
    for (const EpochMetrics& m : info.history) history.push_back(epochToJson(m));
    json j{{"format", "hlcnn-checkpoint/1"},
           {"graph", graphToJson(info.graph, -1)},
           {"config", json::parse(trainConfigJson(info.config))},
           {"epoch", info.epoch},
           {"mean", info.mean},
           {"std", info.std},
           {"classes", info.classNames},
           {"history", history}};
    const EpochProgress& p = info.partial;
    if (p.batches > 0)   // absent from epoch-end checkpoints, so older readers see what they always saw
        j["partial"] = {{"batches", p.batches}, {"step", p.step}, {"loss_sum", p.lossSum}, {"correct", p.correct},
                        {"seen", p.seen},       {"seconds", p.seconds}};
    return j.dump();
}

CheckpointInfo infoFromJson(const std::string& text) {
    const json j = json::parse(text);
    if (j.at("format") != "hlcnn-checkpoint/1") throw std::runtime_error("unsupported checkpoint format");
    CheckpointInfo info;
    info.graph = graphFromJson(j.at("graph").get<std::string>());
    info.config = trainConfigFromJson(j.at("config").dump());
    info.epoch = j.at("epoch");
    info.mean = j.at("mean").get<std::vector<float>>();
    info.std = j.at("std").get<std::vector<float>>();
    info.classNames = j.at("classes").get<std::vector<std::string>>();
    for (const json& e : j.at("history")) info.history.push_back(epochFromJson(e));
    if (j.contains("partial")) {
        const json& p = j.at("partial");
        EpochProgress& q = info.partial;
        q.batches = p.at("batches"), q.step = p.at("step"), q.lossSum = p.at("loss_sum"), q.correct = p.at("correct");
        q.seen = p.at("seen"), q.seconds = p.at("seconds");
        if (q.batches < 1 || q.step < q.batches || q.seen < 0 || q.correct < 0 || q.correct > q.seen || !std::isfinite(q.lossSum))
            throw std::runtime_error("the checkpoint's partial epoch is inconsistent");
    }
    return info;
}

}  // namespace

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(GraphModuleImpl& m, const TrainConfig& c) {
    if (c.optimizer == "adam")
        return std::make_unique<torch::optim::Adam>(m.parameters(), torch::optim::AdamOptions(c.lr).weight_decay(c.weightDecay));
    if (c.optimizer == "adamw")
        return std::make_unique<torch::optim::AdamW>(m.parameters(), torch::optim::AdamWOptions(c.lr).weight_decay(c.weightDecay));
    if (c.optimizer == "sgd")
        return std::make_unique<torch::optim::SGD>(
            m.parameters(), torch::optim::SGDOptions(c.lr).momentum(c.momentum).nesterov(c.nesterov).weight_decay(c.weightDecay));
    throw std::invalid_argument("optimizer must be adam, adamw or sgd, not '" + c.optimizer + "'");
}

namespace {

// Learning rate at a global step (0-based) of a run of totalSteps.
double learningRate(const TrainConfig& c, std::int64_t step, std::int64_t stepsPerEpoch, std::int64_t totalSteps) {
    const double t = double(step) / double(std::max<std::int64_t>(1, totalSteps));
    const double pi = 3.14159265358979323846;
    double lr = c.lr;
    if (c.schedule == "step") {
        lr = c.lr * std::pow(c.stepGamma, double(step / std::max<std::int64_t>(1, stepsPerEpoch) / std::max(1, c.stepEpochs)));
    } else if (c.schedule == "cosine") {
        lr = 0.5 * c.lr * (1 + std::cos(pi * t));
    } else if (c.schedule == "onecycle") {  // 30% up from lr/25, then cosine down to lr/1e4 (PyTorch's defaults)
        const double up = 0.3, start = c.lr / 25, end = c.lr / 1e4;
        lr = t < up ? start + (c.lr - start) * 0.5 * (1 - std::cos(pi * t / up))
                    : end + (c.lr - end) * 0.5 * (1 + std::cos(pi * (t - up) / (1 - up)));
    } else if (c.schedule != "constant") {
        throw std::invalid_argument("schedule must be constant, step, cosine or onecycle, not '" + c.schedule + "'");
    }
    const double warmupSteps = c.warmupEpochs * double(stepsPerEpoch);
    if (warmupSteps > 0 && double(step) < warmupSteps) lr *= double(step + 1) / warmupSteps;
    return lr;
}

void setLearningRate(torch::optim::Optimizer& opt, double lr) {
    for (auto& group : opt.param_groups()) group.options().set_lr(lr);
}

EvalMetrics evaluateModule(GraphModuleImpl& m, const ImageSet& set, const std::vector<float>& mean,
                           const std::vector<float>& stdv, std::int64_t classes, const torch::Device& device, int batch,
                           std::size_t keepMistakes = 0, ProcessGroup* group = nullptr) {
    m.eval();
    const auto forward = [&](const torch::Tensor& x) { return m.forward(x.to(device)).to(torch::kCPU); };
    if (!group) return evaluateForward(forward, set, mean, stdv, classes, batch, keepMistakes);
    EvalSums sums = evaluateSums(forward, set, mean, stdv, classes, batch, keepMistakes, group->rank(), group->worldSize());
    reduceEvalSums(*group, sums);
    return finishEvaluation(std::move(sums), classes);
}

// Copies rank 0's tensors into every rank's: one flat broadcast per element type (Gloo sends dense
// contiguous tensors; ours may be channels-last).
void broadcastFromRankZero(ProcessGroup& group, const std::vector<torch::Tensor>& tensors) {
    torch::NoGradGuard noGrad;
    std::map<c10::ScalarType, std::vector<std::size_t>> byType;
    for (std::size_t i = 0; i < tensors.size(); ++i) byType[tensors[i].scalar_type()].push_back(i);
    for (const auto& [type, members] : byType) {
        std::vector<torch::Tensor> flat;
        for (std::size_t i : members) flat.push_back(tensors[i].detach().to(torch::kCPU).contiguous().reshape(-1));
        torch::Tensor packed = torch::cat(flat);
        group.broadcast(packed, 0);
        std::int64_t offset = 0;
        for (std::size_t i : members) {
            const std::int64_t n = tensors[i].numel();
            tensors[i].detach().copy_(packed.narrow(0, offset, n).view(tensors[i].sizes()));
            offset += n;
        }
    }
}

void saveCheckpoint(const std::string& path, GraphModuleImpl& m, torch::optim::Optimizer& opt, const CheckpointInfo& info) {
    torch::serialize::OutputArchive ar;
    for (const auto& p : m.named_parameters()) ar.write("model." + p.key(), p.value());
    for (const auto& b : m.named_buffers()) ar.write("model." + b.key(), b.value(), true);
    torch::serialize::OutputArchive optimizer;
    opt.save(optimizer);
    ar.write("optimizer", optimizer);
    {
        at::Generator& gen = m.generator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        ar.write("rng", gen.get_state(), true);
    }
    ar.write("info", c10::IValue(infoJson(info)));
    const std::string tmp = path + ".tmp";
    ar.save_to(tmp);
    const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write checkpoint '" + path + "'");
}

// Loads weights (and optimizer + RNG when given) from a checkpoint; returns its description.
CheckpointInfo loadCheckpoint(const std::string& path, GraphModuleImpl* m, torch::optim::Optimizer* opt, bool restoreRng) {
    torch::serialize::InputArchive ar;
    try {
        ar.load_from(path);
    } catch (const c10::Error& e) {
        throw std::runtime_error("'" + path + "' is not a readable checkpoint (" + e.what_without_backtrace() + ")");
    }
    c10::IValue info;
    if (!ar.try_read("info", info) || !info.isString()) throw std::runtime_error("'" + path + "' is not an hlcnn checkpoint");
    CheckpointInfo result = infoFromJson(info.toStringRef());
    torch::NoGradGuard noGrad;
    if (m) {
        for (const auto& p : m->named_parameters()) {
            torch::Tensor t;
            if (!ar.try_read("model." + p.key(), t)) throw std::runtime_error("checkpoint lacks '" + p.key() + "'");
            p.value().copy_(t);
        }
        for (const auto& b : m->named_buffers()) {
            torch::Tensor t;
            if (!ar.try_read("model." + b.key(), t, true)) throw std::runtime_error("checkpoint lacks '" + b.key() + "'");
            b.value().copy_(t);
        }
    }
    if (opt) {
        torch::serialize::InputArchive optimizer;
        ar.read("optimizer", optimizer);
        opt->load(optimizer);
    }
    if (restoreRng && m) {
        torch::Tensor state;
        ar.read("rng", state, true);
        at::Generator& gen = m->generator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(state);
    }
    return result;
}

// What is left to resume from after `epochsDone` finished epochs.
std::string checkpointNote(int epochsDone, const std::string& outDir) {
    if (outDir.empty()) return say(msg::kNoOutputFolder);
    if (epochsDone <= 0) return say(msg::kNoCheckpointYet);
    return say(msg::kLastCheckpoint, {std::to_string(epochsDone)});
}

std::string stoppedMessage(int epoch, const std::string& outDir) {
    return say(msg::kStoppedDuringEpoch, {std::to_string(epoch), checkpointNote(epoch - 1, outDir)});
}

// Epochs since the best validation top-1 of a history (for --patience across a resume).
int epochsSinceBest(const std::vector<EpochMetrics>& history) {
    int best = 0;
    double top1 = 0;
    for (const EpochMetrics& m : history)
        if (best == 0 || m.val.top1 > top1) best = m.epoch, top1 = m.val.top1;
    return history.empty() ? 0 : history.back().epoch - best;
}

}  // namespace

std::string epochJson(const EpochMetrics& m) {
    return json{{"epoch", m.epoch},       {"train_loss", m.trainLoss}, {"train_top1", m.trainTop1},
                {"val_loss", m.val.loss}, {"val_top1", m.val.top1},    {"val_top5", m.val.top5},
                {"lr", m.lr},             {"seconds", m.seconds}}
        .dump();
}

CheckpointInfo readCheckpointInfo(const std::string& path) { return loadCheckpoint(path, nullptr, nullptr, false); }

CheckpointInfo loadCheckpointWeights(const std::string& path, GraphModuleImpl& module) {
    return loadCheckpoint(path, &module, nullptr, false);
}

EvalMetrics evaluateCheckpoint(const std::string& path, const ImageSet& set, int batch, std::size_t keepMistakes) {
    const CheckpointInfo info = readCheckpointInfo(path);
    const auto& d = info.graph.input.dims;
    if (d[0] != set.channels || d[1] != set.height || d[2] != set.width)
        throw std::runtime_error("the checkpoint's model takes " + info.graph.input.toString() + " images, the data are " +
                                 std::to_string(set.channels) + "x" + std::to_string(set.height) + "x" + std::to_string(set.width));
    GraphModule m(info.graph);
    loadCheckpoint(path, m.get(), nullptr, false);
    return evaluateModule(*m, set, info.mean, info.std, std::int64_t(info.classNames.size()), torch::kCPU, batch, keepMistakes);
}

Trainer::Trainer(Graph graph, std::shared_ptr<const Dataset> data, TrainConfig config)
    : graph_(std::move(graph)), data_(std::move(data)), config_(std::move(config)) {
    if (!data_) throw std::invalid_argument("a training run needs a dataset");
}

TrainResult Trainer::run(TrainingListener* listener, TrainingControl* control, const std::string& resumeFrom) {
    TrainResult result;
    const Dataset& data = *data_;
    TrainingListener silent;
    TrainingListener& out = listener ? *listener : silent;
    const TrainConfig& c = config_;
    const auto report = [&](RunState s, const std::string& message) {
        result.state = s;
        result.message = message;
        out.onState(s, message);
        return result;
    };
    try {
        validateTrainConfig(c);
        const auto& dims = graph_.input.dims;
        if (dims[0] != data.train.channels || dims[1] != data.train.height || dims[2] != data.train.width)
            throw std::invalid_argument(say(msg::kModelTakes, {graph_.input.toString(), std::to_string(data.train.channels) + "x" +
                                                                               std::to_string(data.train.height) + "x" +
                                                                               std::to_string(data.train.width)}));
        const torch::Device device(c.device);
        if (device.is_cuda() && !torch::cuda::is_available()) throw std::invalid_argument("CUDA is not available in this LibTorch build");
        if (!c.outDir.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(c.outDir, ec);
            if (ec) throw std::invalid_argument("cannot create the output folder '" + c.outDir + "': " + ec.message());
        }
        ProcessGroup* const group = group_.get();
        const bool writesCheckpoints = !group || group->rank() == 0;
        if (group && device.is_cuda())
            throw std::invalid_argument("data-parallel training runs on the CPU (Gloo) in this build; a CUDA LibTorch with NCCL is needed for --device cuda");
        const ThreadBudget threads(c.threads);
        GraphModule model(graph_, c.seed);
        const auto& outDims = model->analysis().nodes.empty() ? std::vector<std::int64_t>{} : model->analysis().find(model->analysis().outputs.at(0))->output.dims;
        if (outDims.size() != 1 || outDims[0] != data.classes())
            throw std::invalid_argument(say(msg::kModelOutputs, {TensorShape{outDims}.toString(), std::to_string(data.classes())}));
        model->to(device);
        model->setChannelsLast(c.memoryFormat == "channels-last");
        auto optimizer = makeOptimizer(*model, c);

        CheckpointInfo info;
        info.graph = graph_;
        info.config = c;
        info.classNames = data.classNames;
        if (c.normalize) {
            const ChannelStats st = channelStats(data.train);
            info.mean = st.mean, info.std = st.std;
        }
        int startEpoch = 0;
        EpochProgress resumed;   // where in its epoch a stop's checkpoint was taken
        if (!resumeFrom.empty()) {
            const std::string savedOptimizer = readCheckpointInfo(resumeFrom).config.optimizer;
            if (savedOptimizer != c.optimizer)
                throw std::invalid_argument("'" + resumeFrom + "' was trained with " + savedOptimizer + "; resume with the same optimizer, not " +
                                            c.optimizer);
            const CheckpointInfo saved = loadCheckpoint(resumeFrom, model.get(), optimizer.get(), true);
            if (graphToJson(saved.graph) != graphToJson(graph_))
                throw std::invalid_argument("'" + resumeFrom + "' holds another model than the one to train");
            startEpoch = saved.epoch;
            resumed = saved.partial;
            if (resumed.batches > 0 && (saved.config.batch != c.batch || saved.config.limitTrain != c.limitTrain || saved.config.seed != c.seed))
                throw std::invalid_argument("'" + resumeFrom + "' was stopped within an epoch; resume it with its own --batch, --limit-train and --seed");
            info.history = saved.history;
            info.mean = saved.mean, info.std = saved.std;
            for (const EpochMetrics& m : info.history)
                if (m.val.top1 > result.bestValTop1 || result.bestEpoch == 0) result.bestValTop1 = m.val.top1, result.bestEpoch = m.epoch;
        }
        result.history = info.history;
        std::unique_ptr<GradientAverager> averager;
        if (group) {
            // Every rank starts from rank 0's weights (and, resuming, its optimizer moments come
            // from the same checkpoint file); dropout draws a stream of its own on each rank.
            std::vector<torch::Tensor> state;
            for (const auto& p : model->named_parameters()) state.push_back(p.value());
            for (const auto& b : model->named_buffers()) state.push_back(b.value());
            broadcastFromRankZero(*group, state);
            if (group->rank() > 0) {
                at::Generator& gen = model->generator();
                std::lock_guard<std::mutex> lock(gen.mutex());
                gen.set_current_seed(c.seed ^ (0x9E3779B97F4A7C15ull * std::uint64_t(group->rank())) ^ std::uint64_t(startEpoch));
            }
            averager = std::make_unique<GradientAverager>(*group, model->parameters());
        }

        LoaderOptions lo;
        lo.batch = c.batch;
        lo.augmentation = c.augmentation;
        lo.mean = info.mean;
        lo.std = info.std;
        lo.seed = c.seed;
        lo.workers = std::max(1, std::min(c.loaderWorkers, threads.threads()));  // the run's threads cap its loader too
        lo.limit = c.limitTrain;
        if (group) lo.rank = group->rank(), lo.worldSize = group->worldSize();
        BatchLoader loader(data.train, lo);
        const std::int64_t stepsPerEpoch = loader.batchesPerEpoch(), totalSteps = stepsPerEpoch * c.epochs;
        // A data-parallel stop after an epoch's last step leaves all its batches done and its
        // evaluation to come: the resume evaluates it and goes on.
        if (resumed.batches > 0 && (resumed.batches > stepsPerEpoch || resumed.step != std::int64_t(startEpoch) * stepsPerEpoch + resumed.batches))
            throw std::invalid_argument("'" + resumeFrom + "' stopped at step " + std::to_string(resumed.batches) + " of an epoch that has " +
                                        std::to_string(stepsPerEpoch) + " here; the data changed since");
        const std::int64_t globalBatch = std::int64_t(c.batch) * (group ? group->worldSize() : 1);
        const auto smoothing = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(c.labelSmoothing);
        out.onState(RunState::Running, resumed.batches > 0 ? say(msg::kResumedAtStep, {std::to_string(resumed.batches + 1), std::to_string(startEpoch + 1)})
                                       : startEpoch ? say(msg::kResumedAfterEpoch, {std::to_string(startEpoch)})
                                                    : say(msg::kStarted));
        int sinceBest = epochsSinceBest(info.history);
        using Clock = std::chrono::steady_clock;
        const auto runStart = Clock::now();
        std::int64_t imagesThisRun = 0;
        for (int epoch = startEpoch + 1; epoch <= c.epochs; ++epoch) {
            const bool continuing = epoch == startEpoch + 1 && resumed.batches > 0;
            const auto epochStart = Clock::now();
            const double secondsBefore = continuing ? resumed.seconds : 0;
            model->train();
            loader.startEpoch(epoch, continuing ? resumed.batches : 0);
            Batch b;
            double lossSum = continuing ? resumed.lossSum : 0;
            std::int64_t correct = continuing ? resumed.correct : 0, seen = continuing ? resumed.seen : 0;
            std::int64_t index = continuing ? resumed.batches : 0;
            double lr = c.lr;
            // A stop keeps what was trained: last.ckpt at this batch boundary, with the epoch's sums.
            const auto stopHere = [&](std::int64_t batchesDone) {
                if (c.outDir.empty() || !writesCheckpoints)
                    return report(RunState::Cancelled, stoppedMessage(epoch, writesCheckpoints ? c.outDir : std::string()));
                CheckpointInfo at = info;
                at.epoch = epoch - 1;
                if (batchesDone > 0)
                    at.partial = {batchesDone, std::int64_t(epoch - 1) * stepsPerEpoch + batchesDone, lossSum, correct, seen,
                                  secondsBefore + std::chrono::duration<double>(Clock::now() - epochStart).count()};
                const std::string path = c.outDir + "/last.ckpt";
                try {
                    model->to(torch::kCPU);
                    saveCheckpoint(path, *model, *optimizer, at);
                    model->to(device);
                } catch (const std::exception& e) {
                    return report(RunState::Cancelled, say(msg::kStopCheckpointFailed, {stoppedMessage(epoch, c.outDir), e.what()}));
                }
                out.onCheckpoint(path);
                return report(RunState::Cancelled,
                              say(msg::kStoppedAtStep, {std::to_string(batchesDone), std::to_string(stepsPerEpoch), std::to_string(epoch)}));
            };
            while (loader.next(b)) {
                bool stopAfterStep = false;
                if (control && group) {
                    stopAfterStep = control->stopRequested();  // agreed on below, so every rank stops at the same step
                } else if (control && !control->waitIfPaused([&](RunState s) { out.onState(s, say(s == RunState::Paused ? msg::kPaused : msg::kResumed)); })) {
                    return stopHere(index);
                }
                const std::int64_t batchIndex = index++;
                const std::int64_t step = std::int64_t(epoch - 1) * stepsPerEpoch + batchIndex;
                lr = learningRate(c, step, stepsPerEpoch, totalSteps);
                setLearningRate(*optimizer, lr);
                const auto t0 = Clock::now();
                const std::int64_t n = b.labels.size(0);
                std::int64_t stepImages = n, stepCorrect = 0;
                double lossValue = 0;
                optimizer->zero_grad();
                torch::Tensor loss;
                if (n > 0) {
                    const torch::Tensor x = b.images.to(device), y = b.labels.to(device);
                    const torch::Tensor logits = model->forward(x);
                    loss = torch::nn::functional::cross_entropy(logits, y, smoothing);
                    lossValue = loss.item<double>();
                    stepCorrect = logits.argmax(1).eq(y).sum().item<std::int64_t>();
                }
                if (group) {
                    // The step's loss, hits and stop wish, summed over the ranks while backward runs.
                    torch::Tensor stats = torch::tensor({lossValue * double(n), double(stepCorrect), stopAfterStep ? 1.0 : 0.0}, torch::kDouble);
                    const auto pending = group->startAllreduceSum(stats);
                    stepImages = loader.globalBatchSize(batchIndex);
                    averager->beginStep(n, stepImages);
                    if (n > 0) loss.backward();
                    pending->wait();
                    averager->finishStep();
                    const double* r = stats.data_ptr<double>();
                    lossValue = r[0] / double(std::max<std::int64_t>(1, stepImages));
                    stepCorrect = std::int64_t(std::llround(r[1]));
                    stopAfterStep = r[2] > 0;
                }
                if (!std::isfinite(lossValue))
                    return report(RunState::Diverged, say(msg::kDiverged, {std::to_string(lossValue), std::to_string(epoch), std::to_string(step + 1)}));
                if (!group) loss.backward();
                if (c.gradClip > 0) torch::nn::utils::clip_grad_norm_(model->parameters(), c.gradClip);
                optimizer->step();
                lossSum += lossValue * double(stepImages);
                correct += stepCorrect;
                seen += stepImages;
                imagesThisRun += stepImages;
                StepMetrics sm;
                sm.epoch = epoch;
                sm.step = step + 1;
                sm.stepsPerEpoch = stepsPerEpoch;
                sm.loss = lossValue;
                sm.lr = lr;
                sm.imagesPerSecond = double(stepImages) / std::chrono::duration<double>(Clock::now() - t0).count();
                const double elapsed = std::chrono::duration<double>(Clock::now() - runStart).count();
                const double rate = double(imagesThisRun) / std::max(1e-9, elapsed);
                sm.etaSeconds = double(totalSteps - step - 1) * double(globalBatch) / std::max(1e-9, rate);
                out.onStep(sm);
                if (stopAfterStep) return stopHere(index);
            }
            EpochMetrics em;
            em.epoch = epoch;
            em.trainLoss = lossSum / double(std::max<std::int64_t>(1, seen));
            em.trainTop1 = 100.0 * double(correct) / double(std::max<std::int64_t>(1, seen));
            em.lr = lr;
            if (group) {  // batch-norm running statistics are per rank while training; rank 0's are the model's
                std::vector<torch::Tensor> buffers;
                for (const auto& buf : model->named_buffers()) buffers.push_back(buf.value());
                broadcastFromRankZero(*group, buffers);
            }
            em.val = evaluateModule(*model, data.test, info.mean, info.std, data.classes(), device, 256, 0, group);
            em.seconds = secondsBefore + std::chrono::duration<double>(Clock::now() - epochStart).count();
            result.history.push_back(em);
            info.history = result.history;
            info.epoch = epoch;
            const bool improved = result.bestEpoch == 0 || em.val.top1 > result.bestValTop1;
            if (improved) result.bestValTop1 = em.val.top1, result.bestEpoch = epoch, sinceBest = 0;
            else ++sinceBest;
            if (!c.outDir.empty() && writesCheckpoints) {
                model->to(torch::kCPU);
                saveCheckpoint(c.outDir + "/last.ckpt", *model, *optimizer, info);
                if (improved) saveCheckpoint(c.outDir + "/best.ckpt", *model, *optimizer, info);
                model->to(device);
            }
            out.onEpoch(em);
            if (c.patience > 0 && sinceBest >= c.patience)
                return report(RunState::Completed, say(msg::kEarlyStop, {std::to_string(c.patience)}));
        }
        return report(RunState::Completed, c.epochs == 1 ? say(msg::kTrainedOneEpoch) : say(msg::kTrainedEpochs, {std::to_string(c.epochs)}));
    } catch (const DistributedError& e) {
        return report(RunState::Interrupted,
                      std::string(e.what()) + "; " + checkpointNote(result.history.empty() ? 0 : result.history.back().epoch, c.outDir));
    } catch (const std::exception& e) {
        return report(RunState::Failed, e.what());
    }
}

}  // namespace hlcnn
