// Data-parallel training on PyTorch's own distributed runtime (c10d): the environment launchers
// set (torchrun's RANK/WORLD_SIZE/MASTER_*, Slurm's SLURM_*), a Gloo process group joined through
// a TCPStore, and gradient averaging in buckets that are reduced while the backward pass still
// runs. docs/distributed.md has the design and the measurements.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace hlcnn {

// Where this process sits in a job.
struct DistributedEnv {
    int rank = 0, worldSize = 1, localRank = 0;
    std::string masterAddr;
    int masterPort = 0;
    std::string source;  // "torchrun" (RANK, WORLD_SIZE, ...) or "slurm" (SLURM_PROCID, ...)
};

// Reads the environment: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT when RANK is set,
// otherwise SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID with the first host of SLURM_JOB_NODELIST
// as master (MASTER_ADDR / MASTER_PORT still win when set; the port defaults to 29500 + the job id
// modulo 1000, so two jobs on one node do not collide). Throws std::invalid_argument naming the
// variable and its value when something is missing or inconsistent (rank >= world size, ...).
using EnvironmentLookup = std::function<const char*(const char*)>;
DistributedEnv distributedEnvFromEnvironment(const EnvironmentLookup& lookup);
DistributedEnv distributedEnvFromEnvironment();  // this process's environment

// The first host of a Slurm node list: "node[03-05,9],gpu1" -> "node03".
std::string firstSlurmHost(const std::string& nodeList);

// A peer died or hung, the master could not be reached, or its port was taken.
class DistributedError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bytes and time a rank spent on collectives, for the communication figures.
struct CommunicationStats {
    std::int64_t collectives = 0;
    std::int64_t bytesReduced = 0;       // payload handed to allreduce (each rank's own bytes)
    double secondsWaiting = 0;           // time the training thread was blocked on a collective
};

// One process group (Gloo on CPU). Every collective is bounded by the timeout: a peer that dies
// or hangs turns into a DistributedError within it, never a silent hang.
class ProcessGroup {
public:
    // Joins the group: rank 0 serves the rendezvous store on masterPort, every rank connects, and
    // the ranks exchange their host names. Throws DistributedError (port in use, master
    // unreachable, a rank missing) within `timeout`.
    ProcessGroup(const DistributedEnv& env, std::chrono::milliseconds timeout);
    ~ProcessGroup();
    ProcessGroup(const ProcessGroup&) = delete;
    ProcessGroup& operator=(const ProcessGroup&) = delete;

    int rank() const;
    int worldSize() const;
    const DistributedEnv& env() const;
    std::string backend() const;
    std::vector<std::string> hosts() const;  // by rank
    std::chrono::milliseconds timeout() const;

    // Blocking collectives on one dense CPU tensor, in place (throw DistributedError).
    void broadcast(at::Tensor& tensor, int root = 0);
    void allreduceSum(at::Tensor& tensor);
    void barrier();

    // A started allreduce (sum) of one tensor, in place; wait() throws DistributedError.
    class Pending {
    public:
        virtual ~Pending() = default;
        virtual void wait() = 0;
    };
    std::unique_ptr<Pending> startAllreduceSum(at::Tensor& tensor);

    CommunicationStats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Averages gradients across the group as DistributedDataParallel does: parameters are grouped
// into buckets in reverse order (the order backward produces them), a bucket's allreduce starts
// as soon as its last gradient arrives, and step() waits for all of them. Each rank contributes
// its mean gradient weighted by its share of the global batch, so the result is exactly the mean
// gradient over the global batch even when the ranks' batches differ in size (or one is empty).
class GradientAverager {
public:
    GradientAverager(ProcessGroup& group, std::vector<at::Tensor> parameters, std::int64_t bucketBytes = 4 << 20);
    ~GradientAverager();  // removes its hooks
    GradientAverager(const GradientAverager&) = delete;
    GradientAverager& operator=(const GradientAverager&) = delete;

    // Before backward: this rank's samples and the global batch's.
    void beginStep(std::int64_t localSamples, std::int64_t globalSamples);
    // After backward (or instead of it, for a rank without samples): waits for every bucket and
    // writes the averaged gradients into the parameters' .grad.
    void finishStep();

    int buckets() const;
    std::int64_t bytesPerStep() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hlcnn
