// hlcnn: the headless command line of HL-CNN Workbench.
#include "arguments.h"
#include "commands.h"

#include "hlcnn/core/graph.h"
#include "hlcnn/core/runtime_setup.h"

#include <c10/util/Exception.h>
#include <glog/logging.h>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char* kUsage =
    "usage: hlcnn COMMAND [options]\n"
    "  models [--json]                         list the architecture zoo\n"
    "  ops [--json]                            list the graph ops, their inputs and attributes\n"
    "  graph export (--model NAME [--stem imagenet|cifar] [--classes N] [--width W] | --graph FILE)\n"
    "               [--input CxHxW] [--output FILE]   print the graph JSON\n"
    "  graph expand ...                        the same, composite blocks expanded to primitives\n"
    "  graph validate FILE [--json]            check a graph file\n"
    "  profile (--model NAME | --graph FILE) [--input CxHxW] [--classes N] [--stem ...] [--width W]\n"
    "          [--layers] [--format text|csv|md|latex] [--json]   analytic costs\n"
    "  export torchscript (--model NAME | --graph FILE) [--weights STATE_DICT.pt] --out FILE\n"
    "  export --checkpoint FILE --format pt|ptl|onnx|mobile -o FILE [--int8 --calib-data SPEC [--calib-batches N]\n"
    "          [--calib-batch B] [--engine qnnpack|onednn] [--observer minmax|moving-average|percentile]]\n"
    "          [--eval-data SPEC | --no-eval] [--threads T] [--run ID [--db FILE]] [--json]\n"
    "          a trained model for deployment: frozen TorchScript (pt) or lite interpreter (ptl), fp32 or int8;\n"
    "          ONNX (onnx, opset 14, fp32; --eval-data runs the file in OpenCV's DNN module); a mobile program\n"
    "          (mobile, .hlmp: XNNPACK operators, fp32 or int8) for hlcnn-bench on phones\n"
    "  bench latency (--model NAME | --graph FILE) [--batch B] [--threads T] [--blas-threads N]\n"
    "          [--repeats N] [--warmup N] [--device cpu|cuda] [--json]\n"
    "  bench infer (--model NAME | --graph FILE | --checkpoint FILE | --artifact FILE.pt|.ptl|.onnx) [--input CxHxW]\n"
    "          [--batch B] [--threads T] [--runtime eager,script,frozen,native,int8,lite,opencv] [--engine onednn|qnnpack]\n"
    "          [--calib-data SPEC] [--warmup N] [--iters N] [--rounds N] [--layers] [--run ID [--db FILE]] [--json]\n"
    "          runtimes side by side, interleaved, with RAPL energy where readable; --run stores them as profiles;\n"
    "          --layers: the eager forward's time per layer next to its MACs, with the layers flagged that\n"
    "          take far more time than their MACs say\n"
    "  bench train (--model NAME | --graph FILE) [--input CxHxW] [--classes N] [--batch B] [--threads T]\n"
    "          [--steps N] [--concurrent N] [--memory-format channels-last|nchw] [--distributed] [--json]\n"
    "          training images/s on synthetic input\n"
    "  bench data --data SPEC [--batch B] [--workers N] [--json]   loader images/s\n"
    "  train (--model NAME [--stem ...] [--width W] | --graph FILE | --resume CHECKPOINT) --data SPEC\n"
    "          [--classes N] [--epochs N] [--batch B] [--optimizer adam|adamw|sgd] [--lr X] [--momentum M]\n"
    "          [--nesterov] [--weight-decay X] [--schedule constant|step|cosine|onecycle] [--warmup EPOCHS]\n"
    "          [--label-smoothing X] [--grad-clip X] [--patience N] [--crop-padding P] [--padding-mode zero|reflect]\n"
    "          [--no-flip] [--cutout N] [--seed S] [--threads T] [--device cpu|cuda] [--limit-train N]\n"
    "          [--memory-format channels-last|nchw]\n"
    "          [--out DIR] [--db FILE | --no-db] [--name NAME] [--tag TAG] [--project P] [--json]\n"
    "          records the run in the experiment database (default $HLCNN_DB or\n"
    "          ~/.local/share/hlcnn/experiments.sqlite); checkpoints go to --out or next to the database\n"
    "          [--distributed [--dist-timeout S]]   one rank of a data-parallel job (RANK, WORLD_SIZE, MASTER_ADDR,\n"
    "          MASTER_PORT as torchrun sets them, or a Slurm task); --batch is per rank; rank 0 records\n"
    "  launch --nproc N [--master-port P] [--threads-per-rank T] -- train ... | bench train ... | bench comm ...\n"
    "          N local ranks of one data-parallel job on this machine (Gloo over loopback)\n"
    "  bench comm [--models all|A,B] [--stem imagenet|cifar] [--steps N] [--bucket-mb M] [--json]\n"
    "          (as ranks, under launch) the gradient allreduce of one step per model: bytes, ms, bus bandwidth\n"
    "  sweep run|submit|task|status|show|list ...   a grid over graph options and recipe fields x seeds, run\n"
    "          locally through the run queue or submitted to Slurm as one job array (hlcnn sweep for details)\n"
    "  eval --checkpoint FILE --data SPEC [--json]  top-1/top-5/per-class/confusion\n"
    "  runs list|show|compare|export|delete|tag|rename|note|resume [--db FILE] ...   recorded runs\n"
    "          (hlcnn runs for details)\n"
    "  report paper --dataset SPEC [--db FILE] [--format text|csv|md|latex]   the seed paper's tables\n"
    "  report pack [--db FILE] --runs all|ID,ID,... -o DIR [--width IN] [--height IN] [--dpi N]   figures, tables, data\n"
    "  bench latency --run ID [--db FILE] ...   measures a recorded run's model and records the result\n"
    "  device list [--json]                    phones adb sees, with their state\n"
    "  device info [--serial S] [--json]       model, SoC, ABI, Android, CPU clusters, thermal status\n"
    "  device profile [--serial S] --artifact FILE.hlmp|FILE.ptl [--threads T] [--affinity all|big|little] [--warmup N]\n"
    "          [--iters N] [--timeout S] [--cooldown S] [--input N,C,H,W] [--runner FILE [--runner-libs A.so,B.so]]\n"
    "          [--runner-kind hlcnn-bench|speed_benchmark_torch] [--run ID] [--db FILE | --no-db] [--json]\n"
    "          pushes the file and the runner to /data/local/tmp/hlcnn (unchanged files are skipped), times it on\n"
    "          the chosen cores, reads thermals and CPU caps before and after, records a device profile\n"
    "  device profiles [--serial S] [--run ID] [--db FILE] [--json]   recorded device profiles\n"
    "  device latency-table [--serial S] (--model NAME | --graph FILE | --zoo [--stem S]) [--int8] [--threads T]\n"
    "          [--affinity ...] [--warmup N] [--iters N] [--rounds R] [--db FILE] [--json]   times every unit the runner\n"
    "          executes (fused XNNPACK ops) alone on the phone, stores the table, and checks each model's predicted\n"
    "          latency against its measured one (--zoo: all zoo models at both stems, interleaved; the hit rates)\n"
    "  device predict --serial S (--model NAME | --graph FILE) [--int8] [--threads T] [--affinity ...] [--db FILE] [--json]\n"
    "          predicted on-device ms per node from the stored table\n"
    "data SPEC: cifar10:DIR, cifar100:DIR, folder:DIR (class sub-folders), idx:DIR (MNIST IDX files)\n";

// The lines of kUsage for one command: its entries start with "  COMMAND" and go on with the
// more deeply indented lines after them.
std::string usageOf(const std::string& command) {
    if (command == "runs") return std::string(hlcnn::cli::runsUsage()) + "\n";
    if (command == "sweep") return std::string(hlcnn::cli::sweepUsage()) + "\n";
    std::istringstream in(kUsage);
    std::string line, out;
    bool inEntry = false;
    while (std::getline(in, line)) {
        if (line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ') inEntry = line.compare(2, command.size() + 1, command + " ") == 0;
        else if (line.rfind("  ", 0) != 0) inEntry = false;
        if (inEntry) out += line + "\n";
    }
    if (out.empty()) return {};
    if (command == "train" || command == "eval" || command == "bench" || command == "report")
        out += "data SPEC: cifar10:DIR, cifar100:DIR, folder:DIR (class sub-folders), idx:DIR (MNIST IDX files)\n";
    return "usage:\n" + out;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "hlcnn " << hlcnn::programVersion() << " (LibTorch " << hlcnn::torchVersion() << ")\n";
        return 0;
    }
    const std::string command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    const bool wantsHelp = std::find_if(rest.begin(), rest.end(), [](const std::string& a) { return a == "--help" || a == "-h"; }) != rest.end();
    if (wantsHelp || (command == "bench" && rest.empty())) {
        const std::string usage = usageOf(command);
        if (usage.empty()) {
            std::cerr << "hlcnn: unknown command '" << command << "' (try hlcnn --help)\n";
            return 2;
        }
        std::cout << usage;
        return wantsHelp ? 0 : 2;
    }
    try {
        hlcnn::configureProcess();  // malloc policy, one BLAS thread; runs set only their own threads
        // c10d logs its socket retries through glog; the CLI says what went wrong in one line itself.
        FLAGS_minloglevel = std::max(FLAGS_minloglevel, 3);
        if (command == "models") return hlcnn::cli::runModels(rest);
        if (command == "ops") return hlcnn::cli::runOps(rest);
        if (command == "graph") return hlcnn::cli::runGraph(rest);
        if (command == "profile") return hlcnn::cli::runProfile(rest);
        if (command == "export") return hlcnn::cli::runExport(rest);
        if (command == "bench") return hlcnn::cli::runBench(rest);
        if (command == "train") return hlcnn::cli::runTrain(rest);
        if (command == "launch") return hlcnn::cli::runLaunch(rest);
        if (command == "sweep") return hlcnn::cli::runSweep(rest);
        if (command == "eval") return hlcnn::cli::runEval(rest);
        if (command == "runs") return hlcnn::cli::runRuns(rest);
        if (command == "report") return hlcnn::cli::runReport(rest);
        if (command == "device") return hlcnn::cli::runDevice(rest);
        throw hlcnn::cli::UsageError("unknown command '" + command + "' (try hlcnn --help)");
    } catch (const hlcnn::cli::UsageError& e) {
        std::cerr << "hlcnn: " << e.what() << "\n";
        return 2;
    } catch (const hlcnn::GraphError& e) {
        std::cerr << "hlcnn: " << e.what() << "\n";
        return 2;
    } catch (const std::bad_alloc&) {
        std::cerr << "hlcnn: out of memory (try a smaller --batch)\n";
        return 2;
    } catch (const c10::Error& e) {  // LibTorch's message without its backtrace
        std::cerr << "hlcnn: " << hlcnn::cli::firstLine(e.what_without_backtrace()) << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "hlcnn: internal error: " << hlcnn::cli::firstLine(e.what()) << "\n";
        return 1;
    }
}
