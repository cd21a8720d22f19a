// One run's life in the experiment store, the same for `hlcnn train`, `hlcnn runs resume` and the
// workbench's launcher: the record is created (with its analytic profile and checkpoint folder)
// before training, written as the run progresses by a writer thread with its own connection, and
// a resume is checked against what was recorded before anything is touched.
#pragma once

#include "hlcnn/core/dataset.h"
#include "hlcnn/core/graph.h"
#include "hlcnn/core/trainer.h"
#include "hlcnn/experiments/experiment_store.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hlcnn {

struct RunRequest {
    Graph graph;
    std::string modelName;             // "" = the graph's name
    std::int64_t imageSize = 0;        // folder data resized to this (0: as found); recorded for resumes
    TrainConfig config;                // outDir "" = <database folder>/checkpoints/run-ID
    std::string name, project;         // "" = "<model> on <data>", "default"
    std::vector<std::string> tags;
    // Data-parallel runs: the world (recorded by rank 0 only).
    int worldSize = 1;
    std::string backend;
    std::vector<std::string> hosts;
    // Sweeps: the sweep's id in this store and the run's grid point; uid "" draws a new one.
    std::int64_t sweepId = 0;
    std::string sweepPoint, uid;
};

// Why `graph` cannot train on `data` ("" when it can): the input shape must be the images' and the
// output a vector of one value per class. Checked before anything is recorded.
std::string modelDataMismatch(const Graph& graph, const Dataset& data);

// Why a batch cannot fit in this machine's memory ("" when it can): the analytic profile's
// activations (peak live for inference, everything kept for the backward pass when training) plus
// the weights (and gradients and optimizer state when training), against physical memory.
std::string batchMemoryProblem(const Graph& graph, std::int64_t batch, bool training);

// Creates the record of a new run (state running, owned by this process) and its analytic profile;
// returns its id and sets request.config.outDir to the checkpoint folder. Throws StoreError.
std::int64_t createRecordedRun(ExperimentStore& store, RunRequest& request, const Dataset& data);

// What a resume continues from, checked before the data are loaded.
struct ResumePlan {
    RunRecord run;
    std::string checkpoint;            // <checkpoint folder>/last.ckpt
    CheckpointInfo info;
    // The process was killed after writing this checkpoint and before recording its epoch: the
    // file is one epoch past the record, of this run's model, and its history repeats every
    // recorded epoch. beginResume records that epoch from the checkpoint's own history.
    bool checkpointAheadOfRecord = false;
};

// Refuses (StoreError naming the reason, nothing written) a run that is still running or paused
// in a live process, already completed, has no recorded checkpoint, whose checkpoint on disk is
// not the recorded one (size and SHA-256), or holds another model than the run's. `checkpoint`
// "" means the run's last.ckpt; another recorded checkpoint of the run (best.ckpt) may be named.
// `extending` (hlcnn train --resume with more epochs) also accepts a completed run.
ResumePlan planResume(const ExperimentStore& store, std::int64_t runId, bool extending = false,
                      const std::string& checkpoint = {});

// The run whose checkpoint folder holds `checkpoint` (hlcnn train --resume FILE); 0 when none.
std::int64_t runOwningCheckpoint(const ExperimentStore& store, const std::string& checkpoint);

// Refuses data that changed since the run was recorded, then drops the epochs after the
// checkpoint's and claims the run for this process.
void beginResume(ExperimentStore& store, const ResumePlan& plan, const Dataset& data);

// Trains (or resumes, with plan) in the calling thread and records it in the database at dbPath
// through a StoreWriter; `forward` (e.g. the console) gets every callback too. Problems writing the
// record never stop training: they are returned in `problems`.
// With `group`, this process is rank 0 of a data-parallel job (Trainer::setProcessGroup).
TrainResult trainRecordedRun(const std::string& dbPath, std::int64_t runId, const Graph& graph,
                             std::shared_ptr<const Dataset> data, const TrainConfig& config, const std::string& resumeFrom,
                             TrainingListener* forward, TrainingControl* control, std::vector<std::string>* problems,
                             std::shared_ptr<ProcessGroup> group = nullptr);

}  // namespace hlcnn
