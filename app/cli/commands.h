// The handlers of the command table (command_table.cpp): each gets its options parsed with the
// command's own option list and returns the process exit code; UsageError / GraphError propagate to
// main (exit 2).
#pragma once

#include "arguments.h"

#include <string>
#include <vector>

namespace hlcnn::cli {

int runModels(const Arguments& args);
int runOps(const Arguments& args);
int runGraphExport(const Arguments& args);
int runGraphExpand(const Arguments& args);
int runGraphValidate(const Arguments& args);
int runProfile(const Arguments& args);
int runExportTorchScript(const Arguments& args);
int runDeployExport(const Arguments& args);  // export --checkpoint ... (pt, ptl, onnx, mobile; int8)
int runBenchLatency(const Arguments& args);
int runBenchInfer(const Arguments& args);  // runtimes side by side
int runBenchTrain(const Arguments& args);
int runBenchData(const Arguments& args);
int runBenchComm(const Arguments& args);  // a data-parallel step's communication, as ranks
int runTrain(const Arguments& args);
int runEval(const Arguments& args);
int runLaunch(const std::vector<std::string>& raw);  // N local ranks of one data-parallel job: reads "-- COMMAND ..."
int runSweepRun(const Arguments& args);              // grids of runs through the local queue
int runSweepSubmit(const Arguments& args);           // ... or as one Slurm job array
int runSweepTask(const Arguments& args);
int runSweepStatus(const Arguments& args);
int runSweepShow(const Arguments& args);
int runSweepList(const Arguments& args);
int runRunsList(const Arguments& args);
int runRunsShow(const Arguments& args);
int runRunsCompare(const Arguments& args);
int runRunsExport(const Arguments& args);
int runRunsDelete(const Arguments& args);
int runRunsTag(const Arguments& args);
int runRunsRename(const Arguments& args);
int runRunsNote(const Arguments& args);
int runResume(const Arguments& args);  // runs resume
int runImport(const Arguments& args);  // runs import: merge task stores
int runReportPaper(const Arguments& args);
int runReportPack(const Arguments& args);  // needs the GUI build (figures)
int runDeviceList(const Arguments& args);  // phones over adb
int runDeviceInfo(const Arguments& args);
int runDeviceProfile(const Arguments& args);
int runDeviceProfiles(const Arguments& args);
int runDeviceLatencyTable(const Arguments& args);
int runDevicePredict(const Arguments& args);

// The runtimes `bench infer --runtime` takes, in its order.
const std::vector<std::string>& inferRuntimes();

}  // namespace hlcnn::cli
