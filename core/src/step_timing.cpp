#include "hlcnn/core/step_timing.h"

#include "hlcnn/core/distributed.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/runtime_setup.h"
#include "optimizer_factory.h"

#include <torch/torch.h>

#include <algorithm>
#include <vector>

namespace hlcnn {

StepTiming timeTrainingSteps(const Graph& g, std::int64_t classes, int batch, int warmup, int steps, int threads,
                             bool channelsLast, std::uint64_t seed, const std::string& optimizer, ProcessGroup* group) {
    if (steps < 1 || warmup < 0 || batch < 1) throw std::invalid_argument("timing needs at least one step of a batch of at least one image");
    const ThreadBudget budget(threads);
    StepTiming r;
    r.threads = at::get_num_threads();
    GraphModule model(g, seed);
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    model->train();
    model->setChannelsLast(channelsLast);
    TrainConfig recipe;
    recipe.optimizer = optimizer;
    const auto opt = makeOptimizer(*model, recipe);
    std::unique_ptr<GradientAverager> averager;
    if (group) averager = std::make_unique<GradientAverager>(*group, model->parameters());
    std::vector<std::int64_t> shape{batch};
    for (auto d : g.input.dims) shape.push_back(d);
    const torch::Tensor x = torch::randn(shape, gen), y = torch::randint(classes, {batch}, gen, torch::kLong);
    std::vector<double> seconds;
    for (int i = 0; i < warmup + steps; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        if (i == warmup) r.timedStart = t0;
        opt->zero_grad();
        if (averager) averager->beginStep(batch, std::int64_t(batch) * group->worldSize());
        torch::nn::functional::cross_entropy(model->forward(x), y).backward();
        if (averager) averager->finishStep();
        opt->step();
        if (i >= warmup) seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    r.timedEnd = std::chrono::steady_clock::now();
    std::sort(seconds.begin(), seconds.end());
    r.medianStepSeconds = seconds[seconds.size() / 2];
    return r;
}

TrainingEstimate estimateTraining(const Graph& g, std::int64_t classes, std::int64_t trainImages, std::int64_t testImages,
                                  const TrainConfig& c, int measuredSteps) {
    TrainingEstimate e;
    const std::int64_t images = c.limitTrain > 0 ? std::min(c.limitTrain, trainImages) : trainImages;
    e.stepsPerEpoch = (images + c.batch - 1) / c.batch;
    const bool channelsLast = c.memoryFormat == "channels-last";
    // A batch larger than the epoch is never trained: time what the run will take.
    const int batch = int(std::max<std::int64_t>(1, std::min<std::int64_t>(c.batch, images)));
    const StepTiming t = timeTrainingSteps(g, classes, batch, 1, measuredSteps, c.threads, channelsLast, c.seed, c.optimizer);
    e.stepSeconds = t.medianStepSeconds;
    e.threads = t.threads;
    if (testImages > 0) {
        // Evaluation runs at batch 256 without gradients (Trainer's evaluateModule).
        const ThreadBudget budget(c.threads);
        GraphModule model(g, c.seed);
        model->eval();
        model->setChannelsLast(channelsLast);
        const std::int64_t evalBatch = std::min<std::int64_t>(256, testImages);
        std::vector<std::int64_t> shape{evalBatch};
        for (auto d : g.input.dims) shape.push_back(d);
        at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(c.seed);
        const torch::Tensor x = torch::randn(shape, gen);
        torch::NoGradGuard noGrad;
        model->forward(x);   // warm-up
        std::vector<double> seconds;
        for (int i = 0; i < 2; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            model->forward(x);
            seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        e.evaluationSeconds = *std::min_element(seconds.begin(), seconds.end()) * double(testImages) / double(evalBatch);
    }
    return e;
}

}  // namespace hlcnn
