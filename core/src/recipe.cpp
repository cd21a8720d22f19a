#include "hlcnn/core/recipe.h"

#include "hlcnn/core/number_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>

namespace hlcnn {

namespace {

int machineThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : int(n);
}

std::string integerText(std::int64_t x) {
    return std::to_string(x);
}
std::string switchText(bool on) {
    return on ? "true" : "false";
}

// Canonical texts are written by recipeValue and checked by setRecipeValue before `set` sees them.
std::int64_t toInteger(const std::string& t) {
    return std::stoll(t);
}
double toReal(const std::string& t) {
    double x = 0;
    parseReal(t, x);
    return x;
}

constexpr double kInf = std::numeric_limits<double>::infinity();

RecipeField integerField(std::string name, std::string jsonKey, std::string section, std::string label,
                         std::string help, std::string valueName, double min, double max, std::string rangeText) {
    RecipeField f;
    f.name = std::move(name), f.jsonKey = std::move(jsonKey), f.type = RecipeType::Integer,
    f.section = std::move(section);
    f.label = std::move(label), f.help = std::move(help), f.valueName = std::move(valueName);
    f.min = min, f.max = max, f.rangeText = std::move(rangeText);
    return f;
}

RecipeField realField(std::string name, std::string jsonKey, std::string section, std::string label, std::string help,
                      std::string valueName, double min, bool minOpen, double max, bool maxOpen,
                      std::string rangeText) {
    RecipeField f;
    f.name = std::move(name), f.jsonKey = std::move(jsonKey), f.type = RecipeType::Real, f.section = std::move(section);
    f.label = std::move(label), f.help = std::move(help), f.valueName = std::move(valueName);
    f.min = min, f.minOpen = minOpen, f.max = max, f.maxOpen = maxOpen, f.rangeText = std::move(rangeText);
    return f;
}

RecipeField choiceField(std::string name, std::string jsonKey, std::string section, std::string label, std::string help,
                        std::vector<std::string> choices) {
    RecipeField f;
    f.name = std::move(name), f.jsonKey = std::move(jsonKey), f.type = RecipeType::Choice,
    f.section = std::move(section);
    f.label = std::move(label), f.help = std::move(help), f.choices = std::move(choices);
    for (const std::string& c : f.choices) f.valueName += (f.valueName.empty() ? "" : "|") + c;
    return f;
}

RecipeField switchField(std::string name, std::string jsonKey, std::string section, std::string label, std::string help,
                        std::string flag, bool flagSets) {
    RecipeField f;
    f.name = std::move(name), f.jsonKey = std::move(jsonKey), f.type = RecipeType::Switch,
    f.section = std::move(section);
    f.label = std::move(label), f.help = std::move(help), f.flag = std::move(flag), f.flagSets = flagSets;
    f.choices = {"false", "true"};
    return f;
}

// The accessors are plain functions (no captures), so the table is data.
#define HLCNN_INTEGER_ACCESS(f, member, type)                                         \
    f.get = [](const TrainConfig& c) { return integerText(std::int64_t(c.member)); }; \
    f.set = [](TrainConfig& c, const std::string& t) { c.member = type(toInteger(t)); }
#define HLCNN_REAL_ACCESS(f, member)                                      \
    f.get = [](const TrainConfig& c) { return roundTripText(c.member); }; \
    f.set = [](TrainConfig& c, const std::string& t) { c.member = toReal(t); }
#define HLCNN_TEXT_ACCESS(f, member)                       \
    f.get = [](const TrainConfig& c) { return c.member; }; \
    f.set = [](TrainConfig& c, const std::string& t) { c.member = t; }
#define HLCNN_SWITCH_ACCESS(f, member)                                 \
    f.get = [](const TrainConfig& c) { return switchText(c.member); }; \
    f.set = [](TrainConfig& c, const std::string& t) { c.member = t == "true"; }

std::string epochRange() {
    return "between 1 and " + std::to_string(kMaxEpochs);
}

// How long and how the weights move.
void addStepFields(std::vector<RecipeField>& all) {
    RecipeField f = integerField("epochs", "epochs", "schedule", "Epochs", "passes over the training set", "N", 1,
                                 kMaxEpochs, epochRange());
    f.basic = true;
    HLCNN_INTEGER_ACCESS(f, epochs, int);
    all.push_back(f);

    f = integerField("batch", "batch", "optimizer", "Batch", "images per step (per rank under --distributed)", "B", 1,
                     kMaxBatch, "between 1 and " + std::to_string(kMaxBatch));
    f.basic = true;
    HLCNN_INTEGER_ACCESS(f, batch, int);
    all.push_back(f);

    f = choiceField("optimizer", "optimizer", "optimizer", "Optimizer", "the update rule", {"adam", "adamw", "sgd"});
    f.basic = true;
    HLCNN_TEXT_ACCESS(f, optimizer);
    all.push_back(f);

    f = realField("lr", "lr", "optimizer", "Learning rate", "the (peak) learning rate", "X", 0, true, kInf, true,
                  "a finite number > 0");
    f.basic = true;
    HLCNN_REAL_ACCESS(f, lr);
    all.push_back(f);

    f = realField("momentum", "momentum", "optimizer", "Momentum", "sgd: momentum", "M", 0, false, 1, true,
                  "in [0, 1)");
    f.decimals = 3;
    HLCNN_REAL_ACCESS(f, momentum);
    all.push_back(f);

    f = switchField("nesterov", "nesterov", "optimizer", "Nesterov momentum", "sgd: Nesterov momentum", "nesterov",
                    true);
    HLCNN_SWITCH_ACCESS(f, nesterov);
    all.push_back(f);

    f = realField("weight-decay", "weight_decay", "regularisation", "Weight decay", "L2 penalty (adamw: decoupled)",
                  "X", 0, false, kInf, true, "a finite number >= 0");
    f.basic = true;
    f.decimals = 5;
    HLCNN_REAL_ACCESS(f, weightDecay);
    all.push_back(f);
}

// The learning rate over the run, regularisation and stopping.
void addScheduleFields(std::vector<RecipeField>& all) {
    RecipeField f;
    f = choiceField("schedule", "schedule", "schedule", "Schedule", "the learning rate over the run",
                    {"constant", "step", "cosine", "onecycle"});
    f.basic = true;
    HLCNN_TEXT_ACCESS(f, schedule);
    all.push_back(f);

    f = integerField("step-epochs", "step_epochs", "schedule", "Step every", "step schedule: decay every N epochs", "N",
                     1, kMaxEpochs, epochRange());
    HLCNN_INTEGER_ACCESS(f, stepEpochs, int);
    all.push_back(f);

    f = realField("step-gamma", "step_gamma", "schedule", "Step factor", "step schedule: multiply the rate by X", "X",
                  0, true, 1, false, "in (0, 1]");
    f.decimals = 3;
    HLCNN_REAL_ACCESS(f, stepGamma);
    all.push_back(f);

    f = realField("warmup", "warmup_epochs", "schedule", "Warm-up epochs",
                  "linear warm-up, in epochs (with any schedule)", "EPOCHS", 0, false, 0, false,
                  "between 0 and --epochs (in epochs)");
    f.maxIsEpochs = true;
    f.basic = true;
    f.decimals = 2;
    HLCNN_REAL_ACCESS(f, warmupEpochs);
    all.push_back(f);

    f = realField("label-smoothing", "label_smoothing", "regularisation", "Label smoothing",
                  "share of the target spread over all classes", "X", 0, false, 1, true, "in [0, 1)");
    f.basic = true;
    f.decimals = 3;
    HLCNN_REAL_ACCESS(f, labelSmoothing);
    all.push_back(f);

    f = realField("grad-clip", "grad_clip", "regularisation", "Gradient clipping", "max global gradient norm (0: off)",
                  "X", 0, false, kInf, true, "a finite number >= 0 (0: off)");
    f.decimals = 3;
    HLCNN_REAL_ACCESS(f, gradClip);
    f.zeroMeans = "off";
    all.push_back(f);

    f = integerField("patience", "patience", "schedule", "Patience",
                     "stop after N epochs without a better val top-1 (0: off)", "N", 0, kMaxEpochs,
                     "between 0 and " + std::to_string(kMaxEpochs) + " (0: off)");
    HLCNN_INTEGER_ACCESS(f, patience, int);
    f.zeroMeans = "off";
    all.push_back(f);
}

// Augmentation, the data, and where and how it runs.
void addDataAndExecutionFields(std::vector<RecipeField>& all) {
    RecipeField f;
    f = integerField("crop-padding", "crop_padding", "augmentation", "Crop padding",
                     "random crop after padding by P pixels (0: off)", "P", 0, 1024, "between 0 and 1024");
    f.basic = true;
    HLCNN_INTEGER_ACCESS(f, augmentation.cropPadding, int);
    f.zeroMeans = "off";
    all.push_back(f);

    f = choiceField("padding-mode", "reflect_padding", "augmentation", "Padding mode",
                    "how the crop pads: zeros or a reflection", {"zero", "reflect"});
    f.jsonAsSwitch = true;
    f.get = [](const TrainConfig& c) { return std::string(c.augmentation.reflectPadding ? "reflect" : "zero"); };
    f.set = [](TrainConfig& c, const std::string& t) { c.augmentation.reflectPadding = t == "reflect"; };
    all.push_back(f);

    f = switchField("flip", "hflip", "augmentation", "Horizontal flip", "random horizontal flips", "no-flip", false);
    f.basic = true;
    HLCNN_SWITCH_ACCESS(f, augmentation.horizontalFlip);
    all.push_back(f);

    f = integerField("cutout", "cutout", "augmentation", "Cutout",
                     "side of a random square zeroed after normalisation (0: off)", "N", 0, 4096,
                     "between 0 and 4096 (0: off)");
    f.basic = true;
    HLCNN_INTEGER_ACCESS(f, augmentation.cutout, int);
    f.zeroMeans = "off";
    all.push_back(f);

    f = switchField("normalize", "normalize", "data", "Normalise", "per-channel mean/std of the training set",
                    "no-normalize", false);
    HLCNN_SWITCH_ACCESS(f, normalize);
    all.push_back(f);

    f = integerField("limit-train", "limit_train", "data", "Training images",
                     "train on a fixed seeded subset of N images (0: all; the test set stays whole)", "N", 0,
                     double(1LL << 40), "between 0 and " + std::to_string(1LL << 40) + " (0: all images)");
    f.basic = true;
    HLCNN_INTEGER_ACCESS(f, limitTrain, std::int64_t);
    f.zeroMeans = "all images";
    all.push_back(f);

    f = integerField("seed", "seed", "execution", "Seed", "weights, dropout, shuffling and augmentation", "S", 0,
                     double(1LL << 62), "between 0 and " + std::to_string(1LL << 62));
    f.basic = true;
    f.sweepable = false;  // sweeps repeat points with --seeds/--first-seed
    HLCNN_INTEGER_ACCESS(f, seed, std::uint64_t);
    all.push_back(f);

    f = integerField(
        "threads", "threads", "execution", "Threads",
        "intra-op threads, also a cap on the loader's workers (0: all; in the workbench's queue: the run's share)", "T",
        0, 0, "");
    f.maxIsHardwareThreads = true;
    f.basic = true;
    HLCNN_INTEGER_ACCESS(f, threads, int);
    f.zeroMeans = "all";
    all.push_back(f);

    f = integerField("workers", "loader_workers", "execution", "Loader workers",
                     "threads that decode and augment batches (at most --threads)", "N", 1, kMaxLoaderWorkers,
                     "between 1 and " + std::to_string(kMaxLoaderWorkers));
    HLCNN_INTEGER_ACCESS(f, loaderWorkers, int);
    all.push_back(f);

    f = choiceField("device", "device", "execution", "Device", "where it trains (cuda needs a CUDA LibTorch)",
                    {"cpu", "cuda"});
    HLCNN_TEXT_ACCESS(f, device);
    all.push_back(f);

    f = choiceField("memory-format", "memory_format", "execution", "Memory format",
                    "layout of weights and activations on the CPU (docs/training.md)", {"channels-last", "nchw"});
    HLCNN_TEXT_ACCESS(f, memoryFormat);
    all.push_back(f);
}

std::vector<RecipeField> makeFields() {
    std::vector<RecipeField> all;
    addStepFields(all);
    addScheduleFields(all);
    addDataAndExecutionFields(all);
    return all;
}

#undef HLCNN_INTEGER_ACCESS
#undef HLCNN_REAL_ACCESS
#undef HLCNN_TEXT_ACCESS
#undef HLCNN_SWITCH_ACCESS

std::string choiceList(const std::vector<std::string>& choices) {
    std::string list;
    for (const std::string& c : choices) list += (list.empty() ? "" : ", ") + c;
    return list;
}

double upperBound(const RecipeField& f, const TrainConfig& c) {
    if (f.maxIsEpochs) return double(c.epochs);
    if (f.maxIsHardwareThreads) return double(machineThreads());
    return f.max;
}

std::string rangeText(const RecipeField& f) {
    if (f.maxIsHardwareThreads)
        return "between 0 and " + std::to_string(machineThreads()) +
               " (this machine's hardware threads; 0: all of them)";
    return f.rangeText;
}

}  // namespace

std::string RecipeField::sweepKey() const {
    std::string key = name;
    std::replace(key.begin(), key.end(), '-', '_');
    return key;
}

std::string RecipeField::spelled(RecipeSpelling spelling) const {
    switch (spelling) {
        case RecipeSpelling::Option:
            return "--" + name;
        case RecipeSpelling::SweepKey:
            return sweepKey();
        case RecipeSpelling::Label:
            return label;
    }
    return name;
}

std::string RecipeField::defaultText() const {
    return get(TrainConfig{});
}

const std::vector<RecipeField>& recipeFields() {
    static const std::vector<RecipeField> all = makeFields();
    return all;
}

const RecipeField* findRecipeField(const std::string& name) {
    for (const RecipeField& f : recipeFields())
        if (f.name == name || f.sweepKey() == name || f.jsonKey == name) return &f;
    return nullptr;
}

std::string recipeValue(const TrainConfig& config, const RecipeField& field) {
    return field.get(config);
}

void setRecipeValue(TrainConfig& config, const RecipeField& field, const std::string& text, RecipeSpelling spelling) {
    const std::string who = field.spelled(spelling);
    switch (field.type) {
        case RecipeType::Integer: {
            double x = 0;
            if (!parseReal(text, x) || !std::isfinite(x) || x != std::floor(x))
                throw std::invalid_argument(who + " takes an integer, got '" + text + "'");
            // Out of range: validateTrainConfig names the range; here the value only has to fit.
            // Out of range is refused here already: the field's own type (int) could not hold it.
            const double hi = field.maxIsHardwareThreads ? double(machineThreads()) : field.max;
            if (x < field.min || x > hi)
                throw std::invalid_argument(who + " must be " + rangeText(field) + ", got " + text);
            field.set(config, std::to_string(std::int64_t(x)));
            return;
        }
        case RecipeType::Real: {
            double x = 0;
            if (!parseReal(text, x)) throw std::invalid_argument(who + " takes a number, got '" + text + "'");
            field.set(config, roundTripText(x));  // nan and inf stay, for validateTrainConfig's message
            return;
        }
        case RecipeType::Choice:
            if (std::find(field.choices.begin(), field.choices.end(), text) == field.choices.end())
                throw std::invalid_argument(who + " must be one of " + choiceList(field.choices) + ", got '" + text +
                                            "'");
            field.set(config, text);
            return;
        case RecipeType::Switch:
            if (text != "true" && text != "false")
                throw std::invalid_argument(who + " must be true or false, got '" + text + "'");
            field.set(config, text);
            return;
    }
}

void validateTrainConfig(const TrainConfig& c, RecipeSpelling spelling) {
    for (const RecipeField& f : recipeFields()) {
        const std::string who = f.spelled(spelling);
        const std::string value = f.get(c);
        if (f.type == RecipeType::Choice) {
            if (std::find(f.choices.begin(), f.choices.end(), value) == f.choices.end())
                throw std::invalid_argument(who + " must be one of " + choiceList(f.choices) + ", got '" + value + "'");
            continue;
        }
        if (f.type == RecipeType::Switch) continue;
        double x = 0;
        if (!parseReal(value, x)) x = std::numeric_limits<double>::quiet_NaN();
        const double hi = upperBound(f, c);
        const bool ok = std::isfinite(x) && (f.minOpen ? x > f.min : x >= f.min) && (f.maxOpen ? x < hi : x <= hi);
        if (!ok) throw std::invalid_argument(who + " must be " + rangeText(f) + ", got " + value);
    }
}

std::string trainConfigJson(const TrainConfig& config) {
    nlohmann::json j = nlohmann::json::object();
    for (const RecipeField& f : recipeFields()) {
        const std::string v = f.get(config);
        switch (f.type) {
            case RecipeType::Integer:
                if (f.name == "seed")
                    j[f.jsonKey] = config.seed;  // unsigned 64-bit, as runs always recorded it
                else
                    j[f.jsonKey] = std::stoll(v);
                break;
            case RecipeType::Real:
                j[f.jsonKey] = toReal(v);
                break;
            case RecipeType::Choice:
                if (f.jsonAsSwitch)
                    j[f.jsonKey] = v == f.choices[1];
                else
                    j[f.jsonKey] = v;
                break;
            case RecipeType::Switch:
                j[f.jsonKey] = v == "true";
                break;
        }
    }
    return j.dump();
}

TrainConfig trainConfigFromJson(const std::string& text) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("bad training configuration: ") + e.what());
    }
    if (!j.is_object()) throw std::runtime_error("bad training configuration: not a JSON object");
    TrainConfig c;
    c.memoryFormat = "nchw";  // runs recorded before the setting existed trained in LibTorch's default layout
    for (const RecipeField& f : recipeFields()) {
        if (!j.contains(f.jsonKey)) continue;
        const nlohmann::json& v = j.at(f.jsonKey);
        const auto wrong = [&](const char* what) {
            return std::runtime_error("bad training configuration: " + f.jsonKey + " must be " + what + ", got " +
                                      v.dump());
        };
        switch (f.type) {
            case RecipeType::Integer:
                if (!v.is_number_integer()) throw wrong("an integer");
                if (f.name == "seed")
                    c.seed = v.get<std::uint64_t>();
                else
                    f.set(c, std::to_string(v.get<std::int64_t>()));
                break;
            case RecipeType::Real:
                if (!v.is_number()) throw wrong("a number");
                f.set(c, roundTripText(v.get<double>()));
                break;
            case RecipeType::Choice:
                if (f.jsonAsSwitch) {
                    if (!v.is_boolean()) throw wrong("true or false");
                    f.set(c, f.choices[v.get<bool>() ? 1 : 0]);
                } else {
                    if (!v.is_string()) throw wrong("a string");
                    f.set(c, v.get<std::string>());
                }
                break;
            case RecipeType::Switch:
                if (!v.is_boolean()) throw wrong("true or false");
                f.set(c, v.get<bool>() ? "true" : "false");
                break;
        }
    }
    return c;
}

}  // namespace hlcnn
