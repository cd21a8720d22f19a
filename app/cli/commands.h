#pragma once

#include <string>
#include <vector>

namespace hlcnn::cli {

// Each returns the process exit code; UsageError / GraphError propagate to main (exit 2).
int runModels(const std::vector<std::string>& args);
int runOps(const std::vector<std::string>& args);
int runGraph(const std::vector<std::string>& args);
int runProfile(const std::vector<std::string>& args);
int runExport(const std::vector<std::string>& args);
int runDeployExport(const std::vector<std::string>& args);  // export --checkpoint ... (pt, ptl, int8)
int runBench(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runEval(const std::vector<std::string>& args);
int runBenchTrain(const std::vector<std::string>& args);
int runBenchData(const std::vector<std::string>& args);
int runBenchInfer(const std::vector<std::string>& args);  // runtimes side by side
int runBenchComm(const std::vector<std::string>& args);   // a data-parallel step's communication, as ranks
int runLaunch(const std::vector<std::string>& args);      // N local ranks of one data-parallel job
int runSweep(const std::vector<std::string>& args);       // grids of runs: local queue or a Slurm job array
int runImport(const std::vector<std::string>& args);      // runs import: merge task stores
int runRuns(const std::vector<std::string>& args);
int runDevice(const std::vector<std::string>& args);  // phones over adb
int runResume(const std::vector<std::string>& args);
int runReport(const std::vector<std::string>& args);
int runReportPack(const std::vector<std::string>& args);  // needs the GUI build (figures)

const char* runsUsage();  // hlcnn runs --help
const char* sweepUsage(); // hlcnn sweep --help

}  // namespace hlcnn::cli
