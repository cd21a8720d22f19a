#include "hlcnn/core/messages.h"

#include <cstring>
#include <regex>
#include <stdexcept>

namespace hlcnn {

const std::vector<const char*>& messagePatterns() {
    using namespace msg;
    // A pattern that would also match a longer pattern's sentence comes after it.
    static const std::vector<const char*> patterns{
        kInputNotCHW, kInputDimsRange, kInputTooLarge, kInvalidNodeId, kDuplicateNodeId, kUnknownOp, kInputCountAtLeast,
        kInputCountRange, kInputCount, kMissingInput, kNoOutputs, kOutputNotANode, kCycle, kUnknownAttribute, kMissingAttribute, kAttrNotInteger,
        kAttrNotNumber, kAttrOutOfRange, kAttrNotBool, kAttrNotString, kAttrNotAChoice, kExpectsFeatureMap, kGroupsInChannels,
        kGroupsOutChannels, kCollapsesStrided, kCollapses, kPoolPadding, kExpectsTwoMaps, kFusionChannels, kFusionSpatial,
        kExpectsVector, kAddShapes, kConcatSpatial, kShuffleGroups, kSplitParts, kSplitIndex, kShuffleStride2, kEvenOut,
        kShuffleStride1, kGhostRatio, kModelTakes, kModelOutputs, kStarted, kResumedAfterEpoch, kResumedAtStep, kPaused,
        kResumed, kTrainedOneEpoch, kTrainedEpochs, kEarlyStop, kStoppedAtStep, kStopCheckpointFailed, kStoppedDuringEpoch,
        kNoOutputFolder, kNoCheckpointYet, kLastCheckpoint, kDiverged, kAdbMissing, kNoDevice, kSeveralDevices, kUnauthorized,
        kDeviceState, kNoSuchDevice, kRunnerMissing, kRunnerAbi, kNoRunnerForAbi};
    return patterns;
}

std::string say(const char* pattern, const std::vector<std::string>& args) {
    bool known = false;
    for (const char* p : messagePatterns()) known = known || std::strcmp(p, pattern) == 0;
    if (!known) throw std::logic_error(std::string("a message outside the catalog: ") + pattern);
    std::string out;
    for (const char* c = pattern; *c; ++c) {
        if (c[0] == '%' && c[1] >= '1' && c[1] <= '9') {
            const std::size_t index = std::size_t(c[1] - '1');
            out += index < args.size() ? args[index] : std::string(c, 2);
            ++c;
        } else {
            out += *c;
        }
    }
    return out;
}

namespace {

struct Compiled {
    const char* pattern;
    std::regex regex;
    std::vector<int> order;   // which argument each capture group is
};

std::vector<Compiled> compile() {
    std::vector<Compiled> out;
    for (const char* p : messagePatterns()) {
        Compiled c{p, {}, {}};
        std::string re = "^";
        for (const char* s = p; *s; ++s) {
            if (s[0] == '%' && s[1] >= '1' && s[1] <= '9') {
                re += "([\\s\\S]*?)";
                c.order.push_back(s[1] - '1');
                ++s;
            } else if (std::strchr("\\^$.|?*+()[]{}", *s)) {
                re += '\\';
                re += *s;
            } else {
                re += *s;
            }
        }
        c.regex = std::regex(re + "$");
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

ParsedMessage parseMessage(const std::string& english) {
    static const std::vector<Compiled> compiled = compile();
    for (const Compiled& c : compiled) {
        std::smatch m;
        if (!std::regex_match(english, m, c.regex)) continue;
        ParsedMessage parsed{c.pattern, {}, {}};
        int count = 0;
        for (int i : c.order) count = std::max(count, i + 1);
        parsed.args.resize(std::size_t(count));
        // Which arguments are sentences themselves: only these are translated in turn (a node
        // named "paused" stays a name).
        parsed.argIsMessage.assign(std::size_t(count), false);
        if (c.pattern == msg::kStoppedDuringEpoch && count >= 2) parsed.argIsMessage[1] = true;
        if (c.pattern == msg::kStopCheckpointFailed && count >= 1) parsed.argIsMessage[0] = true;
        for (std::size_t g = 0; g < c.order.size(); ++g) parsed.args[std::size_t(c.order[g])] = m[g + 1].str();
        return parsed;
    }
    return {};
}

}  // namespace hlcnn
