// What the engine says to people, as patterns with numbered arguments (%1, %2, ...). The engine
// builds its English sentences with say(), so the CLI, logs and the store keep plain English; the
// GUI finds the pattern a sentence was said with (parseMessage) and shows the pattern's translation
// with the same arguments, each argument itself translated when it is a message. One catalog for
// both sides, so they cannot disagree; a test checks that every pattern has a translation.
#pragma once

#include <string>
#include <vector>

namespace hlcnn {

namespace msg {
// graph validation
inline constexpr const char* kInputNotCHW = "input must be [C, H, W]";
inline constexpr const char* kInputDimsRange = "input dimensions must be between 1 and %1, got %2";
inline constexpr const char* kInputTooLarge = "input %1 is too large";
inline constexpr const char* kInvalidNodeId = "invalid node id (use letters, digits, '_' and '.'; \"input\" is reserved)";
inline constexpr const char* kDuplicateNodeId = "duplicate node id";
inline constexpr const char* kUnknownOp = "unknown op '%1'";
inline constexpr const char* kInputCountAtLeast = "op '%1' takes at least %2 input(s), got %3";
inline constexpr const char* kInputCountRange = "op '%1' takes %2 to %3 input(s), got %4";
inline constexpr const char* kInputCount = "op '%1' takes %2 input(s), got %3";
inline constexpr const char* kMissingInput = "input '%1' does not exist";
inline constexpr const char* kNoOutputs = "the graph has no outputs";
inline constexpr const char* kOutputNotANode = "output '%1' is not a node";
inline constexpr const char* kCycle = "part of a cycle (nodes left unordered: %1)";
// op attributes and shapes
inline constexpr const char* kUnknownAttribute = "unknown attribute '%1' for op '%2'";
inline constexpr const char* kMissingAttribute = "missing required attribute '%1'";
inline constexpr const char* kAttrNotInteger = "attribute '%1' must be an integer, got %2";
inline constexpr const char* kAttrNotNumber = "attribute '%1' must be a number, got %2";
inline constexpr const char* kAttrOutOfRange = "attribute '%1' = %2 is out of range [%3, %4]";
inline constexpr const char* kAttrNotBool = "attribute '%1' must be true or false";
inline constexpr const char* kAttrNotString = "attribute '%1' must be a string";
inline constexpr const char* kAttrNotAChoice = "attribute '%1' = \"%2\" is not one of: %3";
inline constexpr const char* kExpectsFeatureMap = "expects a feature map CxHxW as input %1, got %2 (a flattened vector)";
inline constexpr const char* kGroupsInChannels = "groups = %1 does not divide the %2 input channels";
inline constexpr const char* kGroupsOutChannels = "groups = %1 does not divide out_channels = %2";
inline constexpr const char* kCollapsesStrided = "spatial size collapses to 0: input %1, kernel %2, stride %3, padding %4";
inline constexpr const char* kCollapses = "spatial size collapses to 0: input %1, kernel %2";
inline constexpr const char* kPoolPadding = "padding must be at most half the kernel size";
inline constexpr const char* kExpectsTwoMaps = "expects two feature maps CxHxW, got %1 and %2";
inline constexpr const char* kFusionChannels = "channel mismatch: F1 has %1 channels, F2 has %2 (enable resample to project F2)";
inline constexpr const char* kFusionSpatial = "spatial mismatch: F1 %1 vs F2 %2 (enable resample)";
inline constexpr const char* kExpectsVector = "expects a flattened vector, got %1 (insert a flatten node)";
inline constexpr const char* kAddShapes = "shape mismatch: input 0 is %1, input %2 is %3";
inline constexpr const char* kConcatSpatial = "spatial mismatch: input 0 is %1, input %2 is %3";
inline constexpr const char* kShuffleGroups = "groups = %1 does not divide %2 channels";
inline constexpr const char* kSplitParts = "%1 parts do not divide %2 channels";
inline constexpr const char* kSplitIndex = "index must be smaller than parts";
inline constexpr const char* kShuffleStride2 = "stride-2 unit needs out_channels > input channels (%1)";
inline constexpr const char* kEvenOut = "out_channels must be even";
inline constexpr const char* kShuffleStride1 = "a stride-1 unit needs input channels == out_channels (%1 vs %2)";
inline constexpr const char* kGhostRatio = "out_channels must be a multiple of ratio";
// a model against its data
inline constexpr const char* kModelTakes = "the model takes %1 images, the data are %2";
inline constexpr const char* kModelOutputs = "the model outputs %1 values, the data have %2 classes";
// a training run's states
inline constexpr const char* kStarted = "started";
inline constexpr const char* kResumedAfterEpoch = "resumed after epoch %1";
inline constexpr const char* kResumedAtStep = "resumed at step %1 of epoch %2";
inline constexpr const char* kPaused = "paused";
inline constexpr const char* kResumed = "resumed";
inline constexpr const char* kTrainedOneEpoch = "trained 1 epoch";
inline constexpr const char* kTrainedEpochs = "trained %1 epochs";
inline constexpr const char* kEarlyStop = "early stop: no better validation top-1 for %1 epochs";
inline constexpr const char* kStoppedAtStep = "stopped after step %1 of %2 in epoch %3; its checkpoint is kept and a resume continues from there";
inline constexpr const char* kStoppedDuringEpoch = "stopped during epoch %1; %2";
inline constexpr const char* kStopCheckpointFailed = "%1 (the stop's own checkpoint failed: %2)";
inline constexpr const char* kNoOutputFolder = "no checkpoints are kept (no output folder)";
inline constexpr const char* kNoCheckpointYet = "no checkpoint was written yet";
inline constexpr const char* kLastCheckpoint = "the last checkpoint is from epoch %1";
inline constexpr const char* kDiverged = "loss became %1 at epoch %2, step %3; the last good checkpoint is kept";
// phones
inline constexpr const char* kAdbMissing = "adb is not installed: install Debian's adb package (apt install adb) or set HLCNN_ADB to an adb binary";
inline constexpr const char* kNoDevice = "no device is connected: plug in a phone with USB debugging on (or adb connect HOST:PORT)";
inline constexpr const char* kSeveralDevices = "several devices are connected (%1): choose one with --serial";
inline constexpr const char* kUnauthorized = "device %1 is unauthorized: accept the 'Allow USB debugging?' prompt on the phone, then try again";
inline constexpr const char* kDeviceState = "device %1 is %2: reconnect it and try again";
inline constexpr const char* kNoSuchDevice = "no device %1 is connected (hlcnn device list shows what is)";
inline constexpr const char* kRunnerMissing = "the runner hlcnn-bench was not found (set HLCNN_BENCH_RUNNER or pass --runner FILE)";
inline constexpr const char* kRunnerAbi = "the runner %1 is built for %2 but %3 runs %4: leave --runner out and the runner for the phone's ABI is chosen";
inline constexpr const char* kNoRunnerForAbi = "no runner for %1, which runs %2: this build has runners for %3 (an arm64-v8a phone, or an x86_64 emulator image)";
}  // namespace msg

// The sentence: `pattern` (one of messagePatterns(), else std::logic_error) with %1... replaced.
std::string say(const char* pattern, const std::vector<std::string>& args = {});

// Every pattern say() takes, most specific first.
const std::vector<const char*>& messagePatterns();

struct ParsedMessage {
    const char* pattern = nullptr;   // nullptr: not a sentence of the catalog
    std::vector<std::string> args;
    std::vector<bool> argIsMessage;  // the argument is itself a sentence of the catalog (translate it too)
};
ParsedMessage parseMessage(const std::string& english);

}  // namespace hlcnn
