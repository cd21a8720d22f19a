// hlcnn bench comm: what one data-parallel step costs in communication for each zoo model, run as
// ranks (hlcnn launch --nproc N -- bench comm): the gradient buckets training reduces, timed alone.
#include "arguments.h"
#include "commands.h"
#include "distributed_options.h"

#include "hlcnn/core/distributed.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/models/zoo.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace hlcnn::cli {

int runBenchComm(const Arguments& args) {
    if (!args.has("distributed")) throw UsageError("bench comm runs as ranks: hlcnn launch --nproc N -- bench comm ...");
    const int steps = int(boundedInteger(args, "steps", 20, 1, 100000));
    const int warmup = int(boundedInteger(args, "warmup", 3, 0, 100000));
    const double bucketMb = args.real("bucket-mb", 4);
    if (!(bucketMb > 0 && bucketMb <= 1024)) throw UsageError("--bucket-mb must be in (0, 1024], got " + args.value("bucket-mb"));
    models::ModelOptions o;
    try {
        o.stem = models::parseStem(args.value("stem", "imagenet"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    if (o.stem == models::Stem::Cifar) o.classes = 10;
    std::vector<std::string> names;
    const std::string list = args.value("models", "all");
    if (list == "all") {
        for (const auto& m : models::zoo()) names.push_back(m.name);
    } else {
        for (std::size_t start = 0; start <= list.size();) {
            const std::size_t comma = std::min(list.find(',', start), list.size());
            names.push_back(list.substr(start, comma - start));
            if (!models::findModel(names.back())) throw UsageError("unknown model '" + names.back() + "' (see `hlcnn models`)");
            start = comma + 1;
        }
    }
    const auto timeout = distributedTimeout(args);
    const auto group = joinProcessGroup(distributedEnvOrUsageError(), timeout);
    const int world = group->worldSize();
    nlohmann::json rows = nlohmann::json::array();
    if (group->rank() == 0 && !args.has("json"))
        std::printf("%-22s %12s %10s %8s %10s %10s %12s\n", "model", "params", "MB/step", "buckets", "ms/step", "p90 ms", "busbw GB/s");
    for (const std::string& name : names) {
        GraphModule module(models::buildModel(name, o), 0);
        std::vector<torch::Tensor> params = module->parameters();
        std::int64_t count = 0;
        for (const auto& p : params) count += p.numel();
        GradientAverager averager(*group, params, std::int64_t(bucketMb * (1 << 20)));
        std::vector<double> ms;
        for (int i = 0; i < warmup + steps; ++i) {
            group->barrier();  // every rank starts the step together: the time is the reduction's
            const auto t0 = std::chrono::steady_clock::now();
            averager.beginStep(1, world);
            averager.finishStep();  // no backward: every bucket is reduced back to back
            if (i >= warmup) ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        }
        std::sort(ms.begin(), ms.end());
        const double median = ms[ms.size() / 2], p90 = ms[std::min(ms.size() - 1, ms.size() * 9 / 10)];
        const double bytes = double(averager.bytesPerStep());
        // Ring allreduce: each rank sends and receives 2 (N-1)/N of the payload ("bus bandwidth").
        const double busbw = 2.0 * (world - 1) / world * bytes / (median / 1000) / 1e9;
        rows.push_back({{"model", name}, {"params", count}, {"bytes_per_step", bytes}, {"buckets", averager.buckets()},
                        {"median_ms", median}, {"p90_ms", p90}, {"bus_gb_per_s", busbw}});
        if (group->rank() == 0 && !args.has("json"))
            std::printf("%-22s %12lld %10.2f %8d %10.3f %10.3f %12.2f\n", name.c_str(), static_cast<long long>(count), bytes / 1e6,
                        averager.buckets(), median, p90, busbw);
    }
    if (group->rank() == 0 && args.has("json"))
        std::cout << nlohmann::json{{"ranks", world}, {"backend", group->backend()}, {"stem", models::stemName(o.stem)},
                                    {"bucket_mb", bucketMb}, {"steps", steps}, {"models", rows}}
                         .dump()
                  << "\n";
    return 0;
}

}  // namespace hlcnn::cli
