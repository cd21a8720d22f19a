// A training recipe and its schema: one table that describes every field (its command-line option,
// its key in a run's JSON, its type, default, range or choices, help and accessor). The CLI's
// options, parsing and help, the sweep keys, validation, the JSON form of a run and the
// launcher's form are all read from this table, so they cannot disagree (as the op registry does
// for ops). Free of LibTorch and Qt.
#pragma once

#include "hlcnn/core/augmentation.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hlcnn {

// A training recipe. These defaults are the recipe defaults of the CLI and the workbench alike
// (docs/training.md); tests and callers set what they need.
struct TrainConfig {
    int epochs = 10;
    int batch = 64;
    std::string optimizer = "adam";  // adam | adamw | sgd
    double lr = 1e-3;
    double momentum = 0.9;  // sgd
    bool nesterov = false;  // sgd
    double weightDecay = 0.0;
    std::string schedule = "constant";  // constant | step | cosine | onecycle
    int stepEpochs = 30;                // step: decay every N epochs
    double stepGamma = 0.1;
    double warmupEpochs = 0;  // linear warm-up, combined with any schedule
    double labelSmoothing = 0.0;
    double gradClip = 0.0;  // max global gradient norm (0: off)
    int patience = 0;       // early stop after N epochs without a better val top-1 (0: off)
    std::uint64_t seed = 0;
    // Threads of the run: LibTorch's intra-op threads, and a cap on the loader's workers (0: all
    // hardware threads; the workbench's queue gives a run with 0 its share of the core budget).
    int threads = 0;
    std::string device = "cpu";  // cpu | cuda
    // Layout of weights and activations on the CPU: channels-last (NHWC) trains MobileNetV2 and
    // ShuffleNetV2 faster with our depthwise backward (docs/training.md); nchw is LibTorch's default.
    std::string memoryFormat = "channels-last";    // channels-last | nchw
    Augmentation augmentation{4, false, true, 0};  // 4-pixel crop and horizontal flip
    bool normalize = true;                         // per-channel mean/std of the training set
    int loaderWorkers = 2;
    std::int64_t limitTrain = 0;  // train on a fixed seeded subset of N images (0: all)
    std::string outDir;           // checkpoints: last.ckpt and best.ckpt ("" = none); not a recipe field
};

// Upper bounds shared by the CLI and the GUI launcher.
constexpr int kMaxBatch = 65536;
constexpr int kMaxEpochs = 100000;
constexpr int kMaxLoaderWorkers = 64;

enum class RecipeType {
    Integer,  // a whole number in [min, max]
    Real,     // a finite number in the range (open or closed ends)
    Choice,   // one of `choices`
    Switch,   // on or off; on the command line a flag that sets `flagSets`
};

// Where a field's name appears: as `hlcnn train` spells it ("--weight-decay"), as a sweep key
// ("weight_decay") or as the launcher's label ("Weight decay"). Messages name the field the way
// the person wrote it.
enum class RecipeSpelling { Option, SweepKey, Label };

struct RecipeField {
    std::string name;     // the command-line spelling without "--" ("weight-decay"); a sweep key is
                          // this with '_' ("weight_decay"); a switch's name is its positive form
    std::string jsonKey;  // the key in a run's JSON (checkpoints, the store): kept for old files
    RecipeType type = RecipeType::Real;
    std::string section;    // optimizer | schedule | regularisation | augmentation | data | execution
    std::string label;      // the launcher's row label ("Weight decay")
    std::string help;       // one line for --help and tooltips
    std::string valueName;  // the --help placeholder ("X", "N", "EPOCHS")
    double min = 0, max = 0;
    bool minOpen = false, maxOpen = false;
    bool maxIsEpochs = false;           // warm-up: at most the recipe's epochs
    bool maxIsHardwareThreads = false;  // threads: at most this machine's hardware threads
    std::string rangeText;              // "a finite number > 0", for messages
    std::vector<std::string> choices;   // Choice; a Switch's off/on words are "false"/"true"
    std::string flag;                   // Switch: the command-line flag ("nesterov", "no-flip")
    bool flagSets = true;               // Switch: the value the flag sets
    bool jsonAsSwitch = false;          // Choice of two stored as a bool (padding-mode: reflect_padding)
    bool sweepable = true;              // sweeps set it per point (seed: no, sweeps have --seeds)
    bool basic = false;                 // shown in the launcher's first rows (the others: "More settings")
    std::string zeroMeans;              // what 0 stands for, shown instead of it ("off", "all images")
    int decimals = 6;                   // Real: the launcher's step precision

    std::string (*get)(const TrainConfig&) = nullptr;         // canonical text
    void (*set)(TrainConfig&, const std::string&) = nullptr;  // from canonical text (already parsed)

    std::string sweepKey() const;
    std::string spelled(RecipeSpelling spelling) const;  // "--weight-decay", "weight_decay", "Weight decay"
    std::string defaultText() const;                     // the value in TrainConfig{}
};

// Every recipe field, in the order of `hlcnn train --help` and the launcher's form.
const std::vector<RecipeField>& recipeFields();
// By command-line name ("weight-decay"), sweep key ("weight_decay") or JSON key; nullptr if none.
const RecipeField* findRecipeField(const std::string& name);

// The field's value in `config` as canonical text ("0.001", "adam", "true").
std::string recipeValue(const TrainConfig& config, const RecipeField& field);

// Parses `text` (C locale; "true"/"false" for a switch) and sets the field, without the range check
// (validateTrainConfig does that for all fields together). Throws std::invalid_argument naming the
// field as spelled, e.g. "--lr takes a number, got 'abc'".
void setRecipeValue(TrainConfig& config, const RecipeField& field, const std::string& text,
                    RecipeSpelling spelling = RecipeSpelling::Option);

// Every field against its range, before any data is loaded or any record written. Throws
// std::invalid_argument with one line naming the field as spelled, e.g.
// "--lr must be a finite number > 0, got nan".
void validateTrainConfig(const TrainConfig& config, RecipeSpelling spelling = RecipeSpelling::Option);

// Every recipe field (not outDir) as one JSON object: runs record it; checkpoints hold it.
std::string trainConfigJson(const TrainConfig& config);
// Fields missing from older files take their documented old value (memory_format: nchw) or the
// default; throws std::runtime_error naming a field of the wrong type.
TrainConfig trainConfigFromJson(const std::string& text);

}  // namespace hlcnn
