// hlcnn train | eval | bench train | bench data
#include "arguments.h"
#include "commands.h"
#include "distributed_options.h"
#include "model_source.h"
#include "recipe_options.h"
#include "store_access.h"

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/batch_loader.h"
#include "hlcnn/core/distributed.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/step_timing.h"
#include "hlcnn/core/trainer.h"
#include "hlcnn/experiments/run_lifecycle.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/experiments/sqlite.h"
#include "hlcnn/models/zoo.h"

#include <nlohmann/json.hpp>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <chrono>
#include <csignal>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace hlcnn::cli {

namespace {

std::shared_ptr<const Dataset> loadData(const std::string& spec, std::int64_t imageSize) {
    try {
        DatasetOptions o;
        o.imageSize = imageSize;
        auto d = std::make_shared<const Dataset>(loadDataset(parseDataSpec(spec), o));
        if (!d->skipped.empty()) {
            std::cerr << "hlcnn: skipped " << d->skipped.size() << " unreadable file(s), e.g. " << d->skipped[0].path << ": "
                      << d->skipped[0].reason << "\n";
        }
        return d;
    } catch (const DatasetError& e) {
        throw UsageError(e.what());
    }
}

std::shared_ptr<const Dataset> loadData(const Arguments& args) {
    if (!args.has("data")) throw UsageError("--data SPEC is required (cifar10:DIR, cifar100:DIR, folder:DIR, idx:DIR)");
    return loadData(args.value("data"), boundedInteger(args, "image-size", 0, 1, 4096));
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
        if (s == RunState::Running) return;
        if (terminal_ && !json_) std::fprintf(stderr, "\r%*s\r", 110, "");  // the progress bar line
        std::cerr << "hlcnn: " << runStateName(s) << ": " << message << "\n";
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

// Ranks other than 0 of a data-parallel job say only why they ended, when it was not a success
// (rank 0 reports the run).
class PeerRankListener : public TrainingListener {
public:
    explicit PeerRankListener(int rank) : rank_(rank) {}
    void onState(RunState s, const std::string& message) override {
        if (s == RunState::Failed || s == RunState::Diverged)
            std::cerr << "hlcnn: rank " << rank_ << ": " << runStateName(s) << ": " << message << "\n";
    }

private:
    int rank_;
};

// Trains (or resumes) with console output, recording into the store when one is given; with a
// process group, as one rank of a data-parallel job.
int trainRun(const Graph& graph, const std::shared_ptr<const Dataset>& data, const TrainConfig& config, const std::string& resumeFrom, bool json,
             ExperimentStore* store, std::int64_t run, const std::shared_ptr<ProcessGroup>& group = nullptr) {
    ConsoleListener console(json, isatty(STDERR_FILENO) != 0);
    PeerRankListener peer(group ? group->rank() : 0);
    TrainingListener* listener = group && group->rank() > 0 ? static_cast<TrainingListener*>(&peer) : &console;
    TrainingControl control;
    TrainResult r;
    std::vector<std::string> problems;
    {
        SignalStop stopOnSignal(control);
        if (store) {
            std::cerr << "hlcnn: recording run " << run << " in " << store->path() << "\n";
            r = trainRecordedRun(store->path(), run, graph, data, config, resumeFrom, listener, &control, &problems, group);
        } else {
            Trainer trainer(graph, data, config);
            trainer.setProcessGroup(group);
            r = trainer.run(listener, &control, resumeFrom);
        }
    }
    if (group && group->rank() == 0 && !json && r.state == RunState::Completed) {
        const CommunicationStats comm = group->stats();
        std::fprintf(stderr, "hlcnn: %d ranks (%s): %lld collectives, %.1f MB reduced by this rank, %.2f s waiting on them\n",
                     group->worldSize(), group->backend().c_str(), static_cast<long long>(comm.collectives),
                     double(comm.bytesReduced) / 1e6, comm.secondsWaiting);
    }
    for (const std::string& p : problems) std::cerr << "hlcnn: warning: could not record: " << p << "\n";
    switch (r.state) {
    case RunState::Completed: return 0;
    case RunState::Cancelled: return 130;
    case RunState::Diverged: return 3;
    default: return 2;  // the console listener has said why, once
    }
}

// The model and the data agree on the image shape and the class count (checked before any record).
void requireModelFitsData(const Graph& graph, const Dataset& data) {
    const std::string mismatch = modelDataMismatch(graph, data);
    if (!mismatch.empty()) throw UsageError(mismatch);
}

// The model for a dataset: input shape and class count follow the data unless given.
Graph modelFor(const Arguments& args, const Dataset& data) {
    models::ModelOptions o;
    try {
        o.stem = models::parseStem(args.value("stem", data.train.height <= 64 ? "cifar" : "imagenet"));
        o.classes = boundedInteger(args, "classes", data.classes(), 1, 1000000);
        o.width = widthFrom(args);
        o.inChannels = data.train.channels;
        o.resolution = data.train.height;
        return models::buildModel(args.value("model"), o);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
}

}  // namespace

int runTrain(const Arguments& args) {
    // Everything that can be checked without the data is checked before the data load and before
    // the database is opened (a bad command creates no database and records no run).
    if (!args.has("data")) throw UsageError("--data SPEC is required (cifar10:DIR, cifar100:DIR, folder:DIR, idx:DIR)");
    DataSpec dataSpec;
    try {
        dataSpec = parseDataSpec(args.value("data"));
    } catch (const DatasetError& e) {
        throw UsageError(e.what());
    }
    if (args.has("input")) throw UsageError("train takes its input shape from the data; leave out --input (use --image-size to resize folders)");
    if (args.has("resume")) {
        for (const char* o : {"model", "graph", "stem", "width", "classes"})
            if (args.has(o)) throw UsageError(std::string("--resume continues the checkpoint's own model; leave out --") + o);
    } else if (args.has("model") == args.has("graph")) {
        throw UsageError("give exactly one of --model NAME, --graph FILE or --resume CHECKPOINT");
    }
    if (args.has("model") && !models::findModel(args.value("model")))
        throw UsageError("unknown model '" + args.value("model") + "' (see `hlcnn models`)");
    const std::int64_t imageSize = boundedInteger(args, "image-size", 0, 1, 4096);
    TrainConfig config = trainConfigFromArguments(args);
    std::error_code ec;
    if (!std::filesystem::exists(dataSpec.path, ec)) throw UsageError("--data: '" + dataSpec.path + "' does not exist");
    if (args.has("no-db") && (args.has("db") || args.has("name") || args.has("tag") || args.has("project")))
        throw UsageError("--no-db cannot be combined with --db, --name, --tag or --project");
    // Data-parallel: the launcher's environment is checked before anything is opened or loaded.
    DistributedEnv distributedEnv;
    const bool distributed = args.has("distributed");
    const std::chrono::milliseconds distTimeout = distributedTimeout(args);
    if (distributed) {
        distributedEnv = distributedEnvOrUsageError();
        if (config.device != "cpu")
            throw UsageError("--distributed trains on the CPU (Gloo) in this build; --device cuda needs a CUDA LibTorch with NCCL (docs/distributed.md)");
    }
    const bool recordsRun = !distributed || distributedEnv.rank == 0;
    CheckpointInfo resumeInfo;
    if (args.has("resume")) {
        try {
            resumeInfo = readCheckpointInfo(args.value("resume"));
        } catch (const std::exception& e) {
            throw UsageError(e.what());
        }
    }
    Graph graphFromFile;
    if (args.has("graph")) graphFromFile = graphFromArguments(args);  // a bad graph file fails before the data load
    // Opened first: a bad --db fails before minutes of data loading.
    // The job forms before the database is opened (a job that cannot form creates and records
    // nothing); after the data load the ranks meet again, each waiting at most --dist-timeout.
    std::shared_ptr<ProcessGroup> group;
    if (distributed) group = joinProcessGroup(distributedEnv, distTimeout);
    std::unique_ptr<ExperimentStore> store;
    if (!args.has("no-db") && recordsRun) store = openStore(args, true);
    const std::shared_ptr<const Dataset> dataset = loadData(args.value("data"), imageSize);
    const Dataset& data = *dataset;
    Graph graph;
    if (args.has("resume")) {
        graph = resumeInfo.graph;
        if (config.outDir.empty()) config.outDir = std::filesystem::path(args.value("resume")).parent_path().string();
    } else {
        graph = args.has("graph") ? graphFromFile : modelFor(args, data);
    }
    requireModelFitsData(graph, data);
    requireBatchFits(graph, config.batch, true);
    std::int64_t run = 0;
    if (store) {
        try {
            // A checkpoint of a recorded run continues that run's record, once it is checked to be
            // the recorded checkpoint of that run.
            if (args.has("resume")) run = runOwningCheckpoint(*store, args.value("resume"));
            if (run) {
                const ResumePlan plan = planResume(*store, run, config.epochs > resumeInfo.epoch, args.value("resume"));
                beginResume(*store, plan, data);
            } else {
                RunRequest request;
                request.graph = graph;
                request.modelName = args.value("model", graph.name);
                request.imageSize = imageSize;
                request.config = config;
                request.name = args.value("name");
                request.project = args.value("project");
                if (args.has("tag")) request.tags = {args.value("tag")};
                if (group) request.worldSize = group->worldSize(), request.backend = group->backend(), request.hosts = group->hosts();
                run = createRecordedRun(*store, request, data);
                config = request.config;
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
    if (group && group->rank() > 0) return trainRun(graph, dataset, config, args.value("resume"), true, nullptr, 0, group);
    if (group && !args.has("json"))
        std::printf("data-parallel: %d ranks (%s), %d images per rank and step, %d per global batch\n", group->worldSize(),
                    group->backend().c_str(), config.batch, config.batch * group->worldSize());
    if (!args.has("json"))
        std::printf("training %s on %s: %lld train / %lld test images, %lld classes, input %s\n", graph.name.c_str(),
                    data.name.c_str(), static_cast<long long>(config.limitTrain ? std::min(config.limitTrain, data.train.count) : data.train.count),
                    static_cast<long long>(data.test.count), static_cast<long long>(data.classes()), graph.input.toString().c_str());
    return trainRun(graph, dataset, config, args.value("resume"), args.has("json"), store.get(), run, group);
}

int runResume(const Arguments& args) {
    if (args.positional().size() != 1) throw UsageError("usage: hlcnn runs resume ID [--db FILE] [--threads T] [--json]");
    const std::int64_t id = runId(args.positional()[0]);
    const int threads = int(boundedInteger(args, "threads", 0, 1, hardwareThreads()));
    const auto store = openStore(args, false);
    ResumePlan plan;
    try {
        plan = planResume(*store, id);  // checked before minutes of data loading
    } catch (const StoreError& e) {
        throw UsageError(e.what());
    }
    const std::shared_ptr<const Dataset> data = loadData(plan.run.datasetSpec, recordedImageSize(plan.run));
    try {
        beginResume(*store, plan, *data);
    } catch (const StoreError& e) {
        throw UsageError(e.what());
    }
    TrainConfig config = plan.info.config;
    config.outDir = plan.run.checkpointDir;
    if (threads) config.threads = threads;
    if (!args.has("json") && plan.info.partial.batches > 0)
        std::printf("resuming run %lld (%s) at step %lld of epoch %d of %d\n", static_cast<long long>(id), plan.run.name.c_str(),
                    static_cast<long long>(plan.info.partial.batches + 1), plan.info.epoch + 1, config.epochs);
    else if (!args.has("json"))
        std::printf("resuming run %lld (%s) after epoch %d of %d\n", static_cast<long long>(id), plan.run.name.c_str(),
                    plan.info.epoch, config.epochs);
    return trainRun(plan.info.graph, data, config, plan.checkpoint, args.has("json"), store.get(), id);
}

int runEval(const Arguments& args) {
    if (!args.has("checkpoint")) throw UsageError("--checkpoint FILE is required");
    const int batch = int(boundedInteger(args, "batch", 256, 1, kMaxBatch));
    CheckpointInfo info;
    try {
        info = readCheckpointInfo(args.value("checkpoint"));
    } catch (const std::exception& e) {
        throw UsageError(e.what());
    }
    const std::shared_ptr<const Dataset> dataset = loadData(args);
    const Dataset& data = *dataset;
    // Per-class figures are only meaningful when label i means the same class in both.
    if (data.classNames != info.classNames) {
        std::size_t i = 0;
        while (i < data.classNames.size() && i < info.classNames.size() && data.classNames[i] == info.classNames[i]) ++i;
        const auto name = [](const std::vector<std::string>& v, std::size_t k) { return k < v.size() ? "'" + v[k] + "'" : std::string("none"); };
        throw UsageError("the checkpoint's classes differ from the data's: class " + std::to_string(i) + " is " +
                         name(info.classNames, i) + " in the checkpoint and " + name(data.classNames, i) + " in " + data.name +
                         " (" + std::to_string(info.classNames.size()) + " vs " + std::to_string(data.classNames.size()) + " classes)");
    }
    EvalMetrics m;
    try {
        m = evaluateCheckpoint(args.value("checkpoint"), data.test.count ? data.test : data.train, batch);
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

// --concurrent N trains N copies at once, each in its own thread with --threads intra-op threads,
// as the workbench's run queue does; the total images/s is what the machine delivers.
int runBenchTrain(const Arguments& args) {
    const int batch = int(boundedInteger(args, "batch", 64, 1, kMaxBenchBatch));
    const int steps = int(boundedInteger(args, "steps", 20, 1, 1000000));
    const int warmup = int(boundedInteger(args, "warmup", 3, 0, 1000000));
    const int concurrent = int(boundedInteger(args, "concurrent", 1, 1, 64));
    const std::string memoryFormat = args.value("memory-format", TrainConfig{}.memoryFormat);
    if (memoryFormat != "channels-last" && memoryFormat != "nchw")
        throw UsageError("--memory-format must be channels-last or nchw, got '" + memoryFormat + "'");
    const int threadCount = int(boundedInteger(args, "threads", std::max(1, hardwareThreads() / concurrent), 1, hardwareThreads()));
    Graph g = graphFromArguments(args);
    const Analysis a = analyzeOrThrow(g);
    const std::int64_t classes = a.find(a.outputs.at(0))->output.numel();
    requireBatchFits(g, std::int64_t(batch) * concurrent, true);
    const std::chrono::milliseconds timeout = distributedTimeout(args);
    if (args.has("distributed")) {
        // One rank of a data-parallel job: the same loop with gradients averaged in buckets.
        if (concurrent != 1) throw UsageError("--distributed runs one loop per rank; leave out --concurrent");
        const auto group = joinProcessGroup(distributedEnvOrUsageError(), timeout);
        const StepTiming r = timeTrainingSteps(g, classes, batch, warmup, steps, threadCount, memoryFormat == "channels-last", 0, "adam", group.get());
        torch::Tensor medians = torch::tensor({r.medianStepSeconds}, torch::kDouble);
        group->allreduceSum(medians);  // the mean of the ranks' median steps
        const double step = medians.item<double>() / group->worldSize();
        const CommunicationStats comm = group->stats();
        if (group->rank() != 0) return 0;
        const double rate = double(batch) * group->worldSize() / step;
        if (args.has("json"))
            std::cout << nlohmann::json{{"model", g.name}, {"input", g.input.dims}, {"batch", batch}, {"threads", r.threads},
                                        {"ranks", group->worldSize()}, {"steps", steps}, {"memory_format", memoryFormat},
                                        {"median_step_s", step}, {"images_per_s", rate},
                                        {"allreduce_bytes_per_step", double(comm.bytesReduced - 8) / double(warmup + steps)}}
                             .dump()
                      << "\n";
        else
            std::printf("%s %s batch %d per rank, %d ranks x %d threads: %.3f s/step, %.1f images/s (Adam, median of %d)\n",
                        g.name.c_str(), g.input.toString().c_str(), batch, group->worldSize(), r.threads, step, rate, steps);
        return 0;
    }
    std::vector<StepTiming> runs(static_cast<std::size_t>(concurrent), StepTiming{});
    std::vector<std::thread> workers;
    for (int i = 0; i < concurrent; ++i)
        workers.emplace_back([&, i] { runs[std::size_t(i)] = timeTrainingSteps(g, classes, batch, warmup, steps, threadCount,
                                                                                  memoryFormat == "channels-last", std::uint64_t(i)); });
    for (auto& w : workers) w.join();
    auto start = runs[0].timedStart, end = runs[0].timedEnd;
    double sumOfRates = 0;
    nlohmann::json perRun = nlohmann::json::array();
    for (const StepTiming& r : runs) {
        start = std::min(start, r.timedStart), end = std::max(end, r.timedEnd);
        sumOfRates += double(batch) / r.medianStepSeconds;
        perRun.push_back({{"threads", r.threads}, {"median_step_s", r.medianStepSeconds}, {"images_per_s", double(batch) / r.medianStepSeconds}});
    }
    const double wall = std::chrono::duration<double>(end - start).count();
    const double total = double(batch) * steps * concurrent / wall;
    if (args.has("json"))
        std::cout << nlohmann::json{{"model", g.name}, {"input", g.input.dims}, {"batch", batch}, {"threads", runs[0].threads},
                                    {"concurrent", concurrent}, {"steps", steps}, {"memory_format", memoryFormat}, {"median_step_s", runs[0].medianStepSeconds},
                                    {"images_per_s", sumOfRates}, {"total_images_per_s", total}, {"runs", perRun}}
                         .dump()
                  << "\n";
    else if (concurrent == 1)
        std::printf("%s %s batch %d, %d threads, %s: %.3f s/step, %.1f images/s (Adam, median of %d)\n", g.name.c_str(),
                    g.input.toString().c_str(), batch, runs[0].threads, memoryFormat.c_str(), runs[0].medianStepSeconds,
                    sumOfRates, steps);
    else
        std::printf("%s %s batch %d, %d runs x %d threads: %.1f images/s in total (%.1f by the runs' median steps)\n",
                    g.name.c_str(), g.input.toString().c_str(), batch, concurrent, runs[0].threads, total, sumOfRates);
    return 0;
}

int runBenchData(const Arguments& args) {
    LoaderOptions o;
    o.batch = int(boundedInteger(args, "batch", 128, 1, kMaxBatch));
    o.workers = int(boundedInteger(args, "workers", 2, 1, kMaxLoaderWorkers));
    const int epochs = int(boundedInteger(args, "epochs", 2, 1, 1000));
    const std::shared_ptr<const Dataset> dataset = loadData(args);
    const Dataset& data = *dataset;
    if (!args.has("no-augment")) o.augmentation = {4, false, true, 0};
    const ChannelStats st = channelStats(data.train);
    o.mean = st.mean, o.std = st.std;
    BatchLoader loader(data.train, o);
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
