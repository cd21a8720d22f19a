// Training steps timed on this machine, the way a run takes them (its batch, optimizer, layout and
// intra-op threads; synthetic images of the model's input shape, since a step's cost does not
// depend on the pixels), and from them the time a run will take. `hlcnn bench train` and the
// launcher's estimate share this code.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/core/trainer.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace hlcnn {

class ProcessGroup;

struct StepTiming {
    double medianStepSeconds = 0;
    std::chrono::steady_clock::time_point timedStart, timedEnd;   // the timed steps, after the warm-up
    int threads = 0;                                             // intra-op threads the steps ran with
};

// `warmup` untimed steps, then `steps` timed ones (steps >= 1) in the calling thread, with a
// thread budget of its own (threads <= 0: all hardware threads). With `group`, each step averages
// its gradients over the ranks as data-parallel training does.
StepTiming timeTrainingSteps(const Graph& graph, std::int64_t classes, int batch, int warmup, int steps, int threads,
                             bool channelsLast, std::uint64_t seed, const std::string& optimizer = "adam",
                             ProcessGroup* group = nullptr);

// What a run of `config` will take here: a measured median training step times the steps of an
// epoch, plus one evaluation of the test set (measured forward passes at the evaluation batch,
// scaled to the test set's size).
struct TrainingEstimate {
    double stepSeconds = 0;
    double evaluationSeconds = 0;    // one pass over the test set
    std::int64_t stepsPerEpoch = 0;
    int threads = 0;
    double epochSeconds() const { return stepSeconds * double(stepsPerEpoch) + evaluationSeconds; }
};

// trainImages: the training set's size (config.limitTrain applies); throws std::invalid_argument
// for a graph that cannot be built.
TrainingEstimate estimateTraining(const Graph& graph, std::int64_t classes, std::int64_t trainImages, std::int64_t testImages,
                                  const TrainConfig& config, int measuredSteps = 3);

}  // namespace hlcnn
