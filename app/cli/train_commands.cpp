// hlcnn train | eval | bench train | bench data
#include "arguments.h"
#include "commands.h"
#include "model_source.h"
#include "store_access.h"

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/batch_loader.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/trainer.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/experiments/sqlite.h"
#include "hlcnn/models/zoo.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace hlcnn::cli {

namespace {

Dataset loadData(const std::string& spec, std::int64_t imageSize) {
    try {
        DatasetOptions o;
        o.imageSize = imageSize;
        const Dataset d = loadDataset(parseDataSpec(spec), o);
        if (!d.skipped.empty()) {
            std::cerr << "hlcnn: skipped " << d.skipped.size() << " unreadable file(s), e.g. " << d.skipped[0].path << ": "
                      << d.skipped[0].reason << "\n";
        }
        return d;
    } catch (const DatasetError& e) {
        throw UsageError(e.what());
    }
}

Dataset loadData(const Arguments& args) {
    if (!args.has("data")) throw UsageError("--data SPEC is required (cifar10:DIR, cifar100:DIR, folder:DIR, idx:DIR)");
    return loadData(args.value("data"), args.integer("image-size", 0));
}

class ConsoleListener : public TrainingListener {
public:
    ConsoleListener(bool json, bool terminal) : json_(json), terminal_(terminal) {}
    void onStep(const StepMetrics& s) override {
        if (!terminal_ || json_) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - lastDraw_ < std::chrono::milliseconds(250) && s.step % s.stepsPerEpoch != 0) return;
        lastDraw_ = now;
        const std::int64_t inEpoch = (s.step - 1) % s.stepsPerEpoch + 1;
        const int width = 30, filled = int(width * inEpoch / s.stepsPerEpoch);
        std::fprintf(stderr, "\repoch %d [%s%s] %lld/%lld loss %.4f lr %.2e %.0f img/s ETA %s   ", s.epoch,
                     std::string(std::size_t(filled), '#').c_str(), std::string(std::size_t(width - filled), '.').c_str(),
                     static_cast<long long>(inEpoch), static_cast<long long>(s.stepsPerEpoch), s.loss, s.lr, s.imagesPerSecond,
                     duration(s.etaSeconds).c_str());
    }
    void onEpoch(const EpochMetrics& m) override {
        if (terminal_ && !json_) std::fprintf(stderr, "\r%*s\r", 110, "");
        if (json_) {
            std::cout << epochJson(m) << std::endl;
        } else {
            std::printf("epoch %3d  train loss %.4f  top-1 %.2f%%  val loss %.4f  top-1 %.2f%%  top-5 %.2f%%  lr %.2e  %.0f s\n",
                        m.epoch, m.trainLoss, m.trainTop1, m.val.loss, m.val.top1, m.val.top5, m.lr, m.seconds);
            std::fflush(stdout);
        }
    }
    void onState(RunState s, const std::string& message) override {
        if (s != RunState::Running) std::cerr << "hlcnn: " << runStateName(s) << ": " << message << "\n";
    }

private:
    static std::string duration(double seconds) {
        const long s = long(seconds);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
        return buf;
    }
    bool json_, terminal_;
    std::chrono::steady_clock::time_point lastDraw_{};
};

// Ctrl-C / SIGTERM stop the run at the next batch boundary ("cancelled", checkpoint kept).
std::atomic<int> stopSignal{0};
extern "C" void onStopSignal(int signal) { stopSignal.store(signal); }

class SignalStop {
public:
    explicit SignalStop(TrainingControl& control) {
        std::signal(SIGINT, onStopSignal);
        std::signal(SIGTERM, onStopSignal);
        watcher_ = std::thread([this, &control] {
            while (!done_.load()) {
                if (stopSignal.load() != 0) {
                    control.stop();
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
    }
    ~SignalStop() {
        done_.store(true);
        watcher_.join();
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
    }

private:
    std::atomic<bool> done_{false};
    std::thread watcher_;
};

// Trains (or resumes) with console output, recording into the store when one is given.
int trainRun(const Graph& graph, const Dataset& data, const TrainConfig& config, const std::string& resumeFrom, bool json,
             ExperimentStore* store, std::int64_t run) {
    ConsoleListener console(json, isatty(STDERR_FILENO) != 0);
    std::unique_ptr<RunRecorder> recorder;
    if (store) {
        recorder = std::make_unique<RunRecorder>(*store, run, config.outDir, &console);
        std::cerr << "hlcnn: recording run " << run << " in " << store->path() << "\n";
    }
    TrainingControl control;
    TrainResult r;
    {
        SignalStop stopOnSignal(control);
        r = Trainer(graph, data, config).run(recorder ? static_cast<TrainingListener*>(recorder.get()) : &console, &control, resumeFrom);
    }
    if (recorder) {
        recorder->finish(r);
        for (const std::string& p : recorder->problems()) std::cerr << "hlcnn: warning: could not record: " << p << "\n";
    }
    switch (r.state) {
    case RunState::Completed: return 0;
    case RunState::Cancelled: return 130;
    case RunState::Diverged: return 3;
    default: std::cerr << "hlcnn: " << r.message << "\n"; return 2;
    }
}

// The model for a dataset: input shape and class count follow the data unless given.
Graph modelFor(const Arguments& args, const Dataset& data) {
    if (args.has("graph")) {
        Graph g = graphFromArguments(args);
        return g;
    }
    if (!args.has("model")) throw UsageError("give --model NAME or --graph FILE");
    models::ModelOptions o;
    try {
        o.stem = models::parseStem(args.value("stem", data.train.height <= 64 ? "cifar" : "imagenet"));
        o.classes = args.integer("classes", data.classes());
        o.width = args.real("width", 1.0);
        o.inChannels = data.train.channels;
        o.resolution = data.train.height;
        return models::buildModel(args.value("model"), o);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
}

TrainConfig configFrom(const Arguments& args) {
    TrainConfig c;
    c.epochs = int(args.integer("epochs", 10));
    c.batch = int(args.integer("batch", 64));
    c.optimizer = args.value("optimizer", "adam");
    c.lr = args.real("lr", 1e-3);
    c.momentum = args.real("momentum", 0.9);
    c.nesterov = args.has("nesterov");
    c.weightDecay = args.real("weight-decay", 0.0);
    c.schedule = args.value("schedule", "constant");
    c.warmupEpochs = args.real("warmup", 0.0);
    c.stepEpochs = int(args.integer("step-epochs", 30));
    c.stepGamma = args.real("step-gamma", 0.1);
    c.labelSmoothing = args.real("label-smoothing", 0.0);
    c.gradClip = args.real("grad-clip", 0.0);
    c.patience = int(args.integer("patience", 0));
    c.seed = std::uint64_t(args.integer("seed", 0));
    c.threads = int(args.integer("threads", 0));
    c.device = args.value("device", "cpu");
    c.augmentation.cropPadding = int(args.integer("crop-padding", 4));
    c.augmentation.reflectPadding = args.value("padding-mode", "zero") == "reflect";
    c.augmentation.horizontalFlip = !args.has("no-flip");
    c.augmentation.cutout = int(args.integer("cutout", 0));
    c.normalize = !args.has("no-normalize");
    c.loaderWorkers = int(args.integer("workers", 2));
    c.limitTrain = args.integer("limit-train", 0);
    c.outDir = args.value("out", "");
    if (c.epochs < 1 || c.batch < 1 || c.lr <= 0) throw UsageError("--epochs, --batch and --lr must be positive");
    for (const char* opt : {"adam", "adamw", "sgd"})
        if (c.optimizer == opt) return c;
    throw UsageError("--optimizer must be adam, adamw or sgd");
}

}  // namespace

int runTrain(const std::vector<std::string>& raw) {
    const Arguments args(raw,
                         with(modelOptionNames(), {"data", "epochs", "batch", "optimizer", "lr", "momentum", "weight-decay",
                                                   "schedule", "warmup", "step-epochs", "step-gamma", "label-smoothing",
                                                   "grad-clip", "patience", "seed", "threads", "device", "crop-padding",
                                                   "padding-mode", "cutout", "workers", "limit-train", "out", "resume",
                                                   "image-size", "db", "name", "tag", "project"}),
                         {"json", "nesterov", "no-flip", "no-normalize", "no-db"});
    TrainConfig config = configFrom(args);
    if (args.has("no-db") && (args.has("db") || args.has("name") || args.has("tag") || args.has("project")))
        throw UsageError("--no-db cannot be combined with --db, --name, --tag or --project");
    // Opened first: a bad --db fails before minutes of data loading.
    std::unique_ptr<ExperimentStore> store;
    if (!args.has("no-db")) store = openStore(args, true);
    const Dataset data = loadData(args);
    Graph graph;
    if (args.has("resume")) {
        try {
            const CheckpointInfo info = readCheckpointInfo(args.value("resume"));
            graph = info.graph;
            if (config.outDir.empty()) config.outDir = std::filesystem::path(args.value("resume")).parent_path().string();
        } catch (const std::exception& e) {
            throw UsageError(e.what());
        }
    } else {
        graph = modelFor(args, data);
    }
    analyzeOrThrow(graph);
    std::int64_t run = 0;
    if (store) {
        try {
            if (args.has("resume")) {
                // A checkpoint of a recorded run continues that run's record.
                const std::string dir = std::filesystem::absolute(config.outDir).lexically_normal().string();
                for (const RunRecord& r : store->runs())
                    if (r.checkpointDir == dir) run = r.id;
                if (run) {
                    const RunRecord r = store->run(run);
                    if (r.state == "running" || r.state == "paused")
                        throw UsageError("run " + std::to_string(run) + " is still " + r.state + " (process " + std::to_string(r.pid) +
                                         " on " + r.host + ")");
                    store->truncateAfterEpoch(run, readCheckpointInfo(args.value("resume")).epoch);
                    store->claimRun(run);
                }
            }
            if (!run) {
                RunRecord record = describeRun(graph, args.value("model", graph.name), data, config, args.integer("image-size", 0));
                if (args.has("name")) record.name = args.value("name");
                if (args.has("tag")) record.tags = {args.value("tag")};
                if (args.has("project")) record.project = args.value("project");
                run = store->createRun(record);
                // The analytic profile next to the measured ones that `bench latency --run` adds.
                const ModelProfile analytic = profileGraph(graph);
                ProfileRecord profile;
                profile.runId = run;
                profile.graphHash = record.graphHash;
                profile.params = analytic.total.params;
                profile.macs = analytic.total.macs;
                profile.activationBytes = analytic.peakActivationBytes;
                store->addProfile(profile);
                if (config.outDir.empty()) {
                    config.outDir = (std::filesystem::path(store->path()).parent_path() / "checkpoints" / ("run-" + std::to_string(run))).string();
                    store->setCheckpointDir(run, std::filesystem::absolute(config.outDir).lexically_normal().string());
                }
            }
        } catch (const StoreError& e) {
            throw UsageError(e.what());
        } catch (const sql::Error& e) {
            throw UsageError(e.what());
        }
    }
    if (!config.outDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(config.outDir, ec);
        if (ec) throw UsageError("cannot create --out '" + config.outDir + "': " + ec.message());
    }
    if (!args.has("json"))
        std::printf("training %s on %s: %lld train / %lld test images, %lld classes, input %s\n", graph.name.c_str(),
                    data.name.c_str(), static_cast<long long>(config.limitTrain ? std::min(config.limitTrain, data.train.count) : data.train.count),
                    static_cast<long long>(data.test.count), static_cast<long long>(data.classes()), graph.input.toString().c_str());
    return trainRun(graph, data, config, args.value("resume"), args.has("json"), store.get(), run);
}

int runResume(const std::vector<std::string>& raw) {
    const Arguments args(raw, {"db", "threads"}, {"json"});
    if (args.positional().size() != 1) throw UsageError("usage: hlcnn runs resume ID [--db FILE] [--threads T] [--json]");
    const std::int64_t id = runId(args.positional()[0]);
    const auto store = openStore(args, false);
    RunRecord run;
    CheckpointInfo info;
    std::string checkpoint;
    try {
        run = store->run(id);
        if (run.state == "running" || run.state == "paused")
            throw UsageError("run " + std::to_string(id) + " is still " + run.state + " (process " + std::to_string(run.pid) +
                             " on " + run.host + ")");
        if (run.state == "completed") throw UsageError("run " + std::to_string(id) + " is already completed");
        checkpoint = run.checkpointDir + "/last.ckpt";
        if (run.checkpointDir.empty() || !std::filesystem::exists(checkpoint))
            throw UsageError("run " + std::to_string(id) + " has no checkpoint to resume from (" +
                             (run.checkpointDir.empty() ? std::string("it was recorded without --out") : checkpoint) + ")");
        info = readCheckpointInfo(checkpoint);
    } catch (const StoreError& e) {
        throw UsageError(e.what());
    } catch (const std::runtime_error& e) {
        if (dynamic_cast<const UsageError*>(&e)) throw;
        throw UsageError(checkpoint + ": " + e.what());
    }
    const Dataset data = loadData(run.datasetSpec, recordedImageSize(run));
    if (datasetHash(data) != run.datasetHash)
        throw UsageError("the data at " + run.datasetSpec + " changed since run " + std::to_string(id) +
                         " was recorded; resuming would mix datasets");
    TrainConfig config = info.config;
    config.outDir = run.checkpointDir;
    if (args.has("threads")) config.threads = int(args.integer("threads", 0));
    store->truncateAfterEpoch(id, info.epoch);
    store->claimRun(id);
    if (!args.has("json"))
        std::printf("resuming run %lld (%s) after epoch %d of %d\n", static_cast<long long>(id), run.name.c_str(), info.epoch,
                    config.epochs);
    return trainRun(info.graph, data, config, checkpoint, args.has("json"), store.get(), id);
}

int runEval(const std::vector<std::string>& raw) {
    const Arguments args(raw, {"checkpoint", "data", "batch", "image-size"}, {"json"});
    if (!args.has("checkpoint")) throw UsageError("--checkpoint FILE is required");
    const Dataset data = loadData(args);
    EvalMetrics m;
    CheckpointInfo info;
    try {
        info = readCheckpointInfo(args.value("checkpoint"));
        m = evaluateCheckpoint(args.value("checkpoint"), data.test.count ? data.test : data.train, int(args.integer("batch", 256)));
    } catch (const std::exception& e) {
        throw UsageError(e.what());
    }
    if (args.has("json")) {
        std::cout << nlohmann::json{{"checkpoint", args.value("checkpoint")}, {"epoch", info.epoch}, {"samples", m.samples},
                                    {"loss", m.loss}, {"top1", m.top1}, {"top5", m.top5}, {"per_class", m.perClass},
                                    {"classes", info.classNames}, {"confusion", m.confusion}}
                         .dump()
                  << "\n";
        return 0;
    }
    std::printf("%s (epoch %d) on %lld images: loss %.4f, top-1 %.2f%%, top-5 %.2f%%\n", args.value("checkpoint").c_str(),
                info.epoch, static_cast<long long>(m.samples), m.loss, m.top1, m.top5);
    for (std::size_t c = 0; c < m.perClass.size(); ++c)
        std::printf("  %-16s %6.2f%%\n", c < info.classNames.size() ? info.classNames[c].c_str() : "?", m.perClass[c]);
    return 0;
}

int runBenchTrain(const std::vector<std::string>& raw) {
    const Arguments args(raw, with(modelOptionNames(), {"batch", "threads", "steps", "warmup"}), {"json"});
    Graph g = graphFromArguments(args);
    const Analysis a = analyzeOrThrow(g);
    const std::int64_t classes = a.find(a.outputs.at(0))->output.numel();
    const RuntimeInfo rt = configureRuntime(int(args.integer("threads", 0)), 1);
    const int batch = int(args.integer("batch", 64)), steps = int(args.integer("steps", 20)), warmup = int(args.integer("warmup", 3));
    if (batch < 1 || steps < 1) throw UsageError("--batch and --steps must be positive");
    torch::manual_seed(0);
    GraphModule model(g);
    model->train();
    torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(1e-3));
    std::vector<std::int64_t> shape{batch};
    for (auto d : g.input.dims) shape.push_back(d);
    const torch::Tensor x = torch::randn(shape), y = torch::randint(classes, {batch}, torch::kLong);
    std::vector<double> seconds;
    for (int i = 0; i < warmup + steps; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        opt.zero_grad();
        torch::nn::functional::cross_entropy(model->forward(x), y).backward();
        opt.step();
        if (i >= warmup) seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2], perSecond = double(batch) / median;
    if (args.has("json"))
        std::cout << nlohmann::json{{"model", g.name}, {"input", g.input.dims}, {"batch", batch}, {"threads", rt.intraOpThreads},
                                    {"steps", steps}, {"median_step_s", median}, {"images_per_s", perSecond}}
                         .dump()
                  << "\n";
    else
        std::printf("%s %s batch %d, %d threads: %.3f s/step, %.1f images/s (Adam, median of %d)\n", g.name.c_str(),
                    g.input.toString().c_str(), batch, rt.intraOpThreads, median, perSecond, steps);
    return 0;
}

int runBenchData(const std::vector<std::string>& raw) {
    const Arguments args(raw, {"data", "batch", "workers", "epochs", "image-size"}, {"json", "no-augment"});
    const Dataset data = loadData(args);
    LoaderOptions o;
    o.batch = int(args.integer("batch", 128));
    o.workers = int(args.integer("workers", 2));
    if (!args.has("no-augment")) o.augmentation = {4, false, true, 0};
    const ChannelStats st = channelStats(data.train);
    o.mean = st.mean, o.std = st.std;
    BatchLoader loader(data.train, o);
    const int epochs = int(args.integer("epochs", 2));
    std::int64_t images = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int e = 0; e < epochs; ++e) {
        loader.startEpoch(e);
        Batch b;
        while (loader.next(b)) images += b.images.size(0);
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (args.has("json"))
        std::cout << nlohmann::json{{"data", data.name}, {"images", images}, {"seconds", s}, {"images_per_s", double(images) / s},
                                    {"workers", o.workers}, {"batch", o.batch}, {"from_cache", data.fromCache}}
                         .dump()
                  << "\n";
    else
        std::printf("%s: %lld images in %.2f s = %.0f images/s (decode-from-cache + augment + batch, %d workers)\n",
                    data.name.c_str(), static_cast<long long>(images), s, double(images) / s, o.workers);
    return 0;
}

}  // namespace hlcnn::cli
