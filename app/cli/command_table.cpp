#include "command_table.h"

#include "commands.h"
#include "recipe_options.h"

#include "hlcnn/core/recipe.h"
#include "hlcnn/experiments/sweep.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <sstream>

namespace hlcnn::cli {

namespace {

using Options = std::vector<OptionSpec>;

Options operator+(Options a, const Options& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

const char* kDataSpec =
    "data SPEC: cifar10:DIR, cifar100:DIR, folder:DIR (class sub-folders), idx:DIR (MNIST IDX files)";
const char* kDbNote =
    "--db FILE: the experiment database (default $HLCNN_DB or ~/.local/share/hlcnn/experiments.sqlite)";

Options json() {
    return {{"json", "", "machine-readable output (JSON)"}};
}
Options db() {
    return {{"db", "FILE", "the experiment database"}};
}
Options modelOptions() {
    return {{"model", "NAME", "a zoo model (hlcnn models)"},
            {"graph", "FILE", "a graph file (.hlcnn.json)"},
            {"stem", "imagenet|cifar", "the zoo model's stem (default imagenet; train: from the data)"},
            {"classes", "N", "the zoo model's classes (default 1000; train: from the data)"},
            {"width", "W", "the zoo model's width multiplier, in (0, 8] (default 1)"},
            {"input", "CxHxW", "the input shape (default 3x224x224, or the graph's own)"}};
}
Options threads(const std::string& help = "intra-op threads (default: all hardware threads)") {
    return {{"threads", "T", help}};
}

// Every recipe field, from the schema (core/recipe.h): switches as their flags.
Options recipeOptions() {
    Options o;
    for (const RecipeField& f : recipeFields()) {
        if (f.type == RecipeType::Switch)
            o.push_back(
                {f.flag, "", f.help + (f.flagSets ? "" : ": off") + " (default " + (f.flagSets ? "off" : "on") + ")"});
        else
            o.push_back({f.name, f.valueName, f.help + " (default " + f.defaultText() + ")"});
    }
    return o;
}

std::string sweepKeysNote() {
    std::string keys;
    for (const auto& [key, help] : sweepOptions()) keys += (keys.empty() ? "" : ", ") + key;
    return "grid keys: " + keys +
           " (recipe keys are train's options with '_', e.g. weight_decay; the switches nesterov, flip and normalize "
           "take true|false)";
}

Options sweepSpecOptions() {
    return Options{{"grid", "'KEY=V1,V2;KEY=...'", "the grid: every combination of the values"},
                   {"spec", "FILE", "the sweep as JSON (docs/sweeps.md) instead of --grid"},
                   {"data", "SPEC", "the data every run trains on"},
                   {"model", "NAME", "a zoo model (or put model in the grid)"},
                   {"stem", "imagenet|cifar", "the model's stem (default: from the data)"},
                   {"width", "W", "the model's width multiplier"},
                   {"depth", "D", "HL-CNN blocks per stage x D"},
                   {"seeds", "N", "runs per grid point, seeds first-seed..first-seed+N-1 (default 1)"},
                   {"first-seed", "S", "the first seed (default 0)"},
                   {"name", "NAME", "the sweep's name"},
                   {"image-size", "N", "resize image folders to NxN"}} +
           db() + recipeOptions();
}

std::string runtimeList() {
    std::string s;
    for (const std::string& r : inferRuntimes()) s += (s.empty() ? "" : ",") + r;
    return s;
}

// the zoo, graphs, costs and exports
void addModelCommands(std::vector<CommandSpec>& t) {
    t.push_back({"models", "[--json]", "list the architecture zoo", json(), runModels});
    t.push_back({"ops", "[--json]", "list the graph ops, their inputs and attributes", json(), runOps});
    t.push_back({"graph export",
                 "(--model NAME [--stem S] [--classes N] [--width W] | --graph FILE) [--input CxHxW] [--output FILE]",
                 "print (or write) a model's graph JSON",
                 modelOptions() + Options{{"output", "FILE", "write the graph here instead of stdout"}},
                 runGraphExport});
    t.push_back({"graph expand", "(--model NAME | --graph FILE) [--output FILE]",
                 "the graph JSON with composite blocks expanded to primitives",
                 modelOptions() + Options{{"output", "FILE", "write the graph here instead of stdout"}},
                 runGraphExpand});
    t.push_back(
        {"graph validate", "FILE [--json]", "check a graph file: shapes, ops, attributes", json(), runGraphValidate});
    t.push_back({"profile", "(--model NAME | --graph FILE) [options]",
                 "analytic costs: parameters, MACs, activations, per block or layer",
                 modelOptions() +
                     Options{{"layers", "", "one row per layer instead of per block"},
                             {"format", "text|csv|md|latex", "the table's format (default text)"}} +
                     json(),
                 runProfile});
    t.push_back({"export torchscript", "(--model NAME | --graph FILE) [--weights STATE_DICT.pt] --out FILE",
                 "an untrained or state-dict model as TorchScript",
                 modelOptions() + Options{{"weights", "STATE_DICT.pt", "weights to load (a PyTorch state dict)"},
                                          {"out", "FILE", "the TorchScript file to write"},
                                          {"seed", "S", "the seed of the initial weights (default 0)"}},
                 runExportTorchScript});
    t.push_back(
        {"export", "--checkpoint FILE --format pt|ptl|onnx|mobile -o FILE [options]",
         "a trained model for deployment: TorchScript, lite interpreter, ONNX or a mobile program, fp32 or int8",
         Options{{"checkpoint", "FILE", "the trained checkpoint"},
                 {"format", "pt|ptl|onnx|mobile",
                  "frozen TorchScript, lite interpreter, ONNX (opset 14) or .hlmp (XNNPACK, for phones)"},
                 {"output", "FILE", "the file to write", 'o'},
                 {"int8", "", "quantise to int8 (pt, ptl, mobile)"},
                 {"calib-data", "SPEC", "int8: the data to calibrate on"},
                 {"calib-batches", "N", "int8: calibration batches (default 32)"},
                 {"calib-batch", "B", "int8: calibration batch size (default 32)"},
                 {"engine", "qnnpack|onednn", "int8: the quantised engine (default: the format's own)"},
                 {"observer", "minmax|moving-average|percentile",
                  "int8: how activation ranges are observed (default minmax)"},
                 {"eval-data", "SPEC", "evaluate the exported file on this data next to the checkpoint"},
                 {"no-eval", "", "skip the evaluation"}} +
             threads() + Options{{"run", "ID", "record the export with this run"}} + db() + json(),
         runDeployExport, nullptr,
         std::string(kDataSpec) + "\nan untrained model as TorchScript: hlcnn export torchscript --help"});
}

// benchmarks
void addBenchCommands(std::vector<CommandSpec>& t) {
    t.push_back({"bench latency", "(--model NAME | --graph FILE | --run ID) [options]",
                 "the eager forward's latency, median and spread",
                 modelOptions() + Options{{"batch", "B", "images per forward (default 1)"}} + threads() +
                     Options{{"blas-threads", "N", "the BLAS library's threads (default 1)"},
                             {"repeats", "N", "timed forwards (default 30)"},
                             {"warmup", "N", "untimed forwards first (default 5)"},
                             {"device", "cpu|cuda", "where it runs (default cpu)"},
                             {"run", "ID", "measure a recorded run's model and record the result"}} +
                     db() + json(),
                 runBenchLatency});
    t.push_back(
        {"bench infer", "(--model NAME | --graph FILE | --checkpoint FILE | --artifact FILE.pt|.ptl|.onnx) [options]",
         "runtimes side by side, interleaved, with RAPL energy where readable",
         modelOptions() +
             Options{{"checkpoint", "FILE", "a trained checkpoint (its weights; int8 calibrates on --calib-data)"},
                     {"artifact", "FILE", "an exported .pt, .ptl or .onnx file"},
                     {"batch", "B", "images per forward (default 1)"}} +
             threads() +
             Options{{"runtime", "LIST",
                      "comma-separated, of " + runtimeList() + " (default eager,frozen; an --artifact: the file)"},
                     {"engine", "onednn|qnnpack", "int8: the quantised engine (default onednn)"},
                     {"calib-data", "SPEC", "int8 of a checkpoint: the calibration data"},
                     {"eval-data", "SPEC", "also the top-1 of each runtime on this data"},
                     {"warmup", "N", "untimed forwards first (default 10)"},
                     {"iters", "N", "timed forwards (default 50)"},
                     {"rounds", "N", "interleaved rounds the forwards are split into (default 5)"},
                     {"layers", "", "the eager forward's time per layer next to its MACs, flagging outliers"},
                     {"run", "ID", "store the results as the run's profiles"}} +
             db() + json(),
         runBenchInfer, nullptr, kDataSpec});
    t.push_back(
        {"bench train", "(--model NAME | --graph FILE) [options]", "training images/s on synthetic input",
         modelOptions() + Options{{"batch", "B", "images per step (default 64)"}} + threads() +
             Options{{"steps", "N", "timed steps (default 20)"},
                     {"warmup", "N", "untimed steps first (default 3)"},
                     {"concurrent", "N", "runs training at once, each with its share of the threads (default 1)"},
                     {"memory-format", "channels-last|nchw", "the layout (default channels-last)"},
                     {"distributed", "", "as one rank of a data-parallel job (under hlcnn launch)"},
                     {"dist-timeout", "S", "--distributed: seconds to wait for the other ranks"}} +
             json(),
         runBenchTrain});
    t.push_back({"bench data", "--data SPEC [options]", "the data loader's images/s",
                 Options{{"data", "SPEC", "the data"},
                         {"batch", "B", "images per batch (default 128)"},
                         {"workers", "N", "loader threads (default 2)"},
                         {"epochs", "N", "passes timed (default 2)"},
                         {"image-size", "N", "resize image folders to NxN"},
                         {"no-augment", "", "without crop and flip"}} +
                     json(),
                 runBenchData, nullptr, kDataSpec});
    t.push_back({"bench comm", "[--models all|A,B] [options]  (as ranks: hlcnn launch --nproc N -- bench comm ...)",
                 "the gradient allreduce of one step per model: bytes, ms, bus bandwidth",
                 Options{{"models", "all|A,B", "zoo models (default all)"},
                         {"stem", "imagenet|cifar", "their stem"},
                         {"steps", "N", "timed allreduces (default 20)"},
                         {"warmup", "N", "untimed first (default 3)"},
                         {"bucket-mb", "M", "gradient bucket size in MB"}} +
                     threads() +
                     Options{{"distributed", "", "run as a rank (launch sets it)"},
                             {"dist-timeout", "S", "seconds to wait for the other ranks"}} +
                     json(),
                 runBenchComm});
}

// training, evaluation, data-parallel ranks
void addTrainingCommands(std::vector<CommandSpec>& t) {
    t.push_back({"train", "(--model NAME | --graph FILE | --resume CHECKPOINT) --data SPEC [options]",
                 "train a model, recorded in the experiment database",
                 modelOptions() +
                     Options{{"data", "SPEC", "the training data (its test part is the validation set)"},
                             {"image-size", "N", "resize image folders to NxN"},
                             {"resume", "CHECKPOINT", "continue the run saved in this checkpoint"},
                             {"out", "DIR", "checkpoints (default: next to the database)"}} +
                     recipeOptions() +
                     Options{{"name", "NAME", "the run's name"},
                             {"tag", "TAG", "a tag for the run"},
                             {"project", "P", "the run's project (default: default)"}} +
                     db() +
                     Options{{"no-db", "", "record nothing"},
                             {"distributed", "",
                              "one rank of a data-parallel job (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT as torchrun "
                              "sets them, or a Slurm task); --batch is per rank"},
                             {"dist-timeout", "S", "--distributed: seconds to wait for the other ranks"}} +
                     json(),
                 runTrain, nullptr,
                 std::string(kDataSpec) + "\n" + kDbNote + "\nthe recipe's fields and defaults: docs/training.md"});
    t.push_back({"eval", "--checkpoint FILE --data SPEC [--json]", "top-1/top-5/per-class/confusion of a checkpoint",
                 Options{{"checkpoint", "FILE", "the trained checkpoint"},
                         {"data", "SPEC", "the data (its test part, else its training part)"},
                         {"batch", "B", "images per forward (default 256)"},
                         {"image-size", "N", "resize image folders to NxN"}} +
                     json(),
                 runEval, nullptr, kDataSpec});
    t.push_back({"launch",
                 "--nproc N [--master-port P] [--threads-per-rank T] -- train ... | bench train ... | bench comm ...",
                 "N local ranks of one data-parallel job on this machine (Gloo over loopback)",
                 Options{{"nproc", "N", "the number of ranks"},
                         {"master-port", "P", "rank 0's port (default: a free one)"},
                         {"threads-per-rank", "T", "intra-op threads of each rank (default: the cores shared out)"}},
                 nullptr, runLaunch});
}

// grids of runs
void addSweepCommands(std::vector<CommandSpec>& t) {
    t.push_back({"sweep run", "(--grid 'KEY=V1,V2;...' | --spec FILE) --data SPEC [options]",
                 "every grid point x seed through the local run queue",
                 sweepSpecOptions() +
                     Options{{"concurrent", "N", "runs at once (default 1)"},
                             {"cores", "N", "the core budget the runs share"}} +
                     json(),
                 runSweepRun, nullptr, sweepKeysNote() + "\n" + kDataSpec});
    t.push_back({"sweep submit", "(--grid ... | --spec FILE) --data SPEC --folder DIR [options]",
                 "one Slurm job array, one task per run, each task its own store",
                 sweepSpecOptions() +
                     Options{{"folder", "DIR", "the sweep's scripts, task stores and logs (on a shared file system)"},
                             {"partition", "P", "Slurm partition"},
                             {"account", "A", "Slurm account"},
                             {"time", "T", "Slurm time limit per task"},
                             {"cpus-per-task", "N", "Slurm CPUs per task"},
                             {"sbatch", "PROGRAM", "the sbatch to call (default sbatch)"}},
                 runSweepSubmit, nullptr, sweepKeysNote()});
    t.push_back({"sweep task", "--folder DIR --index I [--threads T]", "what an array task runs",
                 Options{{"folder", "DIR", "the sweep's folder"}, {"index", "I", "the task's index"}} + threads(),
                 runSweepTask});
    t.push_back({"sweep status", "(ID | --folder DIR) [--db FILE] [--json]", "squeue/sacct and the task stores",
                 Options{{"folder", "DIR", "the sweep's folder"}} + db() + json(), runSweepStatus});
    t.push_back({"sweep show", "ID [--db FILE] [--json]", "the grid: best val top-1 mean +/- std per cell",
                 db() + json(), runSweepShow});
    t.push_back({"sweep list", "[--db FILE] [--json]", "the recorded sweeps", db() + json(), runSweepList});
}

// the experiment database and its reports
void addRunsCommands(std::vector<CommandSpec>& t) {
    const Options format{{"format", "text|csv|md|latex", "the table's format (default text)"}};
    t.push_back({"runs list", "[options]", "the recorded runs",
                 db() +
                     Options{{"state", "S", "only runs in this state"},
                             {"tag", "T", "only runs with this tag"},
                             {"model", "M", "only runs of this model"},
                             {"project", "P", "only runs of this project"}} +
                     format + json(),
                 runRunsList, nullptr, kDbNote});
    t.push_back({"runs show", "ID [--json]", "one run: recipe, epochs, files, profiles", db() + json(), runRunsShow,
                 nullptr, kDbNote});
    t.push_back({"runs compare", "ID ID... [options]", "runs side by side, with a Pareto front",
                 db() + Options{{"pareto", "macs|params|latency|device-latency", "the cost axis of the Pareto front"}} +
                     format + json(),
                 runRunsCompare, nullptr, kDbNote});
    t.push_back({"runs export", "ID... [--curves] [--format csv|md|latex] [--output FILE]",
                 "runs' results (or curves) as a table",
                 db() + Options{{"curves", "", "the epochs' curves instead of the summary"},
                                {"pareto", "macs|params|latency|device-latency", "the cost axis of the Pareto column"},
                                {"format", "csv|md|latex", "the table's format (default csv)"},
                                {"output", "FILE", "write here instead of stdout"}},
                 runRunsExport, nullptr, kDbNote});
    t.push_back({"runs delete", "ID... [--yes]", "delete runs (and their checkpoints)",
                 db() + Options{{"yes", "", "do not ask"}}, runRunsDelete, nullptr, kDbNote});
    t.push_back({"runs tag", "ID TAG... [--remove]", "add (or remove) tags",
                 db() + Options{{"remove", "", "remove the tags"}}, runRunsTag, nullptr, kDbNote});
    t.push_back({"runs rename", "ID NAME", "rename a run", db(), runRunsRename, nullptr, kDbNote});
    t.push_back({"runs note", "ID TEXT", "set a run's notes", db(), runRunsNote, nullptr, kDbNote});
    t.push_back({"runs resume", "ID [--threads T] [--json]",
                 "continue a stopped or interrupted run from its last checkpoint",
                 db() + threads("intra-op threads (default: as recorded)") + json(), runResume, nullptr, kDbNote});
    t.push_back({"runs import", "FILE.sqlite|DIR ... [--json]",
                 "merge other stores (a sweep's task stores): runs matched by uid, so importing twice changes nothing",
                 db() + json(), runImport, nullptr, kDbNote});
    t.push_back({"report paper", "--dataset SPEC [--db FILE] [--format text|csv|md|latex]",
                 "the seed paper's tables from the recorded runs",
                 Options{{"dataset", "SPEC", "the data the runs were trained on"}} + db() + format, runReportPaper,
                 nullptr, kDataSpec});
    t.push_back({"report pack", "--runs all|ID,ID,... -o DIR [--width IN] [--height IN] [--dpi N]",
                 "figures, tables and data of runs in one folder",
                 db() + Options{{"runs", "all|ID,ID,...", "the runs"},
                                {"output", "DIR", "a new or empty folder", 'o'},
                                {"width", "IN", "figure width in inches"},
                                {"height", "IN", "figure height in inches"},
                                {"dpi", "N", "raster resolution"}},
                 runReportPack});
}

// phones over adb
void addDeviceCommands(std::vector<CommandSpec>& t) {
    const Options serial{{"serial", "S", "the phone (adb serial; default: the only one)"}};
    const Options timing{{"affinity", "all|big|little", "the cores it runs on (default all)"},
                         {"warmup", "N", "untimed forwards first (default 10)"},
                         {"iters", "N", "timed forwards (default 50)"}};
    t.push_back({"device list", "[--json]", "phones adb sees, with their state", json(), runDeviceList});
    t.push_back({"device info", "[--serial S] [--json]", "model, SoC, ABI, Android, CPU clusters, thermal status",
                 serial + json(), runDeviceInfo});
    t.push_back(
        {"device profile", "[--serial S] --artifact FILE.hlmp|FILE.ptl [options]",
         "pushes the file and the runner, times it on the chosen cores, reads thermals, records a device profile",
         serial + Options{{"artifact", "FILE", "the .hlmp or .ptl file"}} +
             threads("threads on the phone (default 1)") + timing +
             Options{{"timeout", "S", "give up after S seconds (default 300)"},
                     {"cooldown", "S", "wait for the phone to cool first, up to S seconds"},
                     {"input", "N,C,H,W", "the input shape (default: the file's)"},
                     {"runner", "FILE", "the runner binary to push (default: the built hlcnn-bench)"},
                     {"runner-libs", "A.so,B.so", "libraries the runner needs"},
                     {"runner-kind", "hlcnn-bench|speed_benchmark_torch", "how the runner is driven"},
                     {"run", "ID", "record the profile with this run"}} +
             db() + Options{{"no-db", "", "record nothing"}} + json(),
         runDeviceProfile, nullptr, "files are pushed to /data/local/tmp/hlcnn (unchanged files are skipped)"});
    t.push_back({"device profiles", "[--serial S] [--run ID] [--db FILE] [--json]", "recorded device profiles",
                 serial + Options{{"run", "ID", "only this run's"}} + db() + json(), runDeviceProfiles});
    t.push_back({"device latency-table", "[--serial S] (--model NAME | --graph FILE | --zoo [--stem S]) [options]",
                 "times every unit the runner executes on the phone, stores the table, checks predicted against "
                 "measured latency",
                 serial + modelOptions() +
                     Options{{"zoo", "", "all zoo models at both stems, interleaved (the hit rates)"},
                             {"int8", "", "the int8 programs"}} +
                     threads("threads on the phone (default 1)") + timing +
                     Options{{"rounds", "R", "interleaved rounds (default 1)"},
                             {"timeout", "S", "give up after S seconds (default 300)"},
                             {"runner", "FILE", "the runner binary to push"}} +
                     db() + json(),
                 runDeviceLatencyTable});
    t.push_back({"device predict", "--serial S (--model NAME | --graph FILE) [options]",
                 "predicted on-device ms per node from the stored table",
                 serial + modelOptions() + Options{{"int8", "", "the int8 table"}} +
                     threads("threads of the table (default 1)") +
                     Options{{"affinity", "all|big|little", "the cores of the table (default all)"}} + db() + json(),
                 runDevicePredict});
}

std::vector<CommandSpec> makeTable() {
    std::vector<CommandSpec> t;
    addModelCommands(t);
    addBenchCommands(t);
    addTrainingCommands(t);
    addSweepCommands(t);
    addRunsCommands(t);
    addDeviceCommands(t);
    return t;
}

std::string pad(std::string text, std::size_t width) {
    if (text.size() + 2 <= width)
        text.append(width - text.size(), ' ');
    else
        text += "  ";
    return text;
}

std::string optionUsage(const OptionSpec& o) {
    std::string s = o.shortName ? std::string("-") + o.shortName + ", --" + o.name : "--" + o.name;
    return o.value.empty() ? s : s + " " + o.value;
}

// roff escapes: a backslash and a leading dot or quote
std::string roff(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
    return out;
}

// Whether the command takes words besides its options: its synopsis starts with one in capitals
// ("ID", "FILE", "(ID | --folder DIR)").
bool takesWords(const CommandSpec& c) {
    std::size_t i = c.synopsis[0] == '(' ? 1 : 0;
    const std::size_t start = i;
    while (i < c.synopsis.size() && (std::isupper(static_cast<unsigned char>(c.synopsis[i])) || c.synopsis[i] == '.'))
        ++i;
    return i > start;
}

}  // namespace

const std::vector<CommandSpec>& commandTable() {
    static const std::vector<CommandSpec> table = makeTable();
    return table;
}

const CommandSpec* findCommand(const std::vector<std::string>& words, std::size_t* pathWords) {
    const CommandSpec* best = nullptr;
    std::size_t bestWords = 0;
    for (const CommandSpec& c : commandTable()) {
        std::istringstream in(c.path);
        std::string w;
        std::size_t n = 0;
        bool match = true;
        while (in >> w) {
            if (n >= words.size() || words[n] != w) {
                match = false;
                break;
            }
            ++n;
        }
        if (match && n > bestWords) best = &c, bestWords = n;
    }
    if (pathWords) *pathWords = bestWords;
    return best;
}

Arguments parseArguments(const CommandSpec& command, const std::vector<std::string>& rest) {
    std::set<std::string> valued, flags;
    std::vector<std::string> words = rest;
    for (const OptionSpec& o : command.options) {
        (o.value.empty() ? flags : valued).insert(o.name);
        if (o.shortName)
            for (std::string& w : words)
                if (w == std::string("-") + o.shortName) w = "--" + o.name;
    }
    return Arguments(words, valued, flags);
}

std::string commandHelp(const CommandSpec& c) {
    std::string text = "usage: hlcnn " + c.path + " " + c.synopsis + "\n" + c.summary + "\n";
    if (!c.options.empty()) text += "\noptions:\n";
    std::string section;
    const std::set<std::string> recipe = [] {
        std::set<std::string> s = recipeOptionNames();
        for (const std::string& f : recipeFlagNames()) s.insert(f);
        return s;
    }();
    bool inRecipe = false;
    for (const OptionSpec& o : c.options) {
        const bool isRecipe = recipe.count(o.name) && (c.path == "train" || c.path.rfind("sweep ", 0) == 0);
        if (isRecipe && !inRecipe) text += "recipe (the same in train, sweep keys and the workbench's launcher):\n";
        if (!isRecipe && inRecipe) text += "\n";
        inRecipe = isRecipe;
        text += "  " + pad(optionUsage(o), 34) + o.help + "\n";
    }
    if (!c.notes.empty()) text += "\n" + c.notes + "\n";
    return text;
}

std::string groupHelp(const std::string& group) {
    std::string text;
    for (const CommandSpec& c : commandTable())
        if (c.path == group || c.path.rfind(group + " ", 0) == 0) text += "  " + pad(c.path, 24) + c.summary + "\n";
    if (text.empty()) return {};
    return "usage: hlcnn " + group + " COMMAND [options]   (hlcnn " + group + " COMMAND --help for its options)\n" +
           text;
}

std::string overviewHelp() {
    std::string text =
        "usage: hlcnn COMMAND [options]   (hlcnn COMMAND --help for its options; hlcnn help --man: the manual page)\n";
    for (const CommandSpec& c : commandTable()) text += "  " + pad(c.path, 22) + c.summary + "\n";
    text += std::string(kDataSpec) + "\n";
    return text;
}

std::string manPage(const std::string& version) {
    std::string m = ".TH HLCNN 1 \"\" \"hlcnn " + roff(version) + "\" \"HL-CNN Workbench\"\n";
    m += ".SH NAME\nhlcnn \\- the command line of HL-CNN Workbench: lightweight CNNs designed, trained, compared and "
         "deployed\n";
    m += ".SH SYNOPSIS\n.B hlcnn\n.I COMMAND\n[options]\n";
    m += ".SH COMMANDS\n";
    for (const CommandSpec& c : commandTable()) {
        m += ".SS \"hlcnn " + roff(c.path) + "\"\n" + roff(c.path) + " " + roff(c.synopsis) + "\n.PP\n" +
             roff(c.summary) + "\n";
        for (const OptionSpec& o : c.options) m += ".TP\n.B " + roff(optionUsage(o)) + "\n" + roff(o.help) + "\n";
        if (!c.notes.empty()) {
            std::istringstream in(c.notes);
            std::string line;
            m += ".PP\n";
            while (std::getline(in, line)) m += roff(line) + "\n.br\n";
        }
    }
    m += ".SH ENVIRONMENT\n.TP\n.B HLCNN_DB\nthe experiment database when --db is not given\n";
    m += ".SH EXIT STATUS\n0 on success, 2 for bad input (one line on stderr naming it), 1 for an internal error.\n";
    m += ".SH SEE ALSO\n.BR hlcnn-workbench (1)\n";
    return m;
}

int dispatch(const std::vector<std::string>& words) {
    std::size_t pathWords = 0;
    const CommandSpec* c = findCommand(words, &pathWords);
    const std::vector<std::string> rest(words.begin() + std::ptrdiff_t(pathWords), words.end());
    const auto helpAsked = [](const std::vector<std::string>& w) {
        // launch's command after "--" has its own options
        for (const std::string& a : w) {
            if (a == "--") return false;
            if (a == "--help" || a == "-h") return true;
        }
        return false;
    };
    if (!c) {
        const std::string group = words.front();
        const std::string sub = groupHelp(group);
        if (sub.empty()) throw UsageError("unknown command '" + group + "' (try hlcnn help)");
        if (helpAsked(words)) {
            std::printf("%s", sub.c_str());
            return 0;
        }
        if (words.size() == 1) {  // "hlcnn bench": what is missing, then the usage
            std::fprintf(stderr, "hlcnn: give a %s command\n%s", group.c_str(), sub.c_str());
            return 2;
        }
        throw UsageError("unknown " + group + " command '" + words[1] + "' (hlcnn " + group + " --help)");
    }
    if (helpAsked(rest)) {
        // The options given with --help are still checked: a misspelt one is named after the help.
        std::printf("%s", commandHelp(*c).c_str());
        std::vector<std::string> others;
        for (const std::string& w : rest) {
            if (w == "--") break;  // launch: the ranks' command has options of its own
            if (w != "--help" && w != "-h") others.push_back(w);
        }
        parseArguments(*c, others);
        return 0;
    }
    if (c->runRaw) return c->runRaw(rest);
    const Arguments args = parseArguments(*c, rest);
    if (!takesWords(*c) && !args.positional().empty())
        throw UsageError("unexpected argument '" + args.positional().front() + "' (usage: hlcnn " + c->path + " " +
                         c->synopsis + ")");
    return c->run(args);
}

}  // namespace hlcnn::cli
