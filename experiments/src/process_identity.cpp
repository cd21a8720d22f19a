#include "process_identity.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace hlcnn::process_identity {

std::string hostName() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return "unknown";
    return name;
}

std::int64_t currentPid() { return std::int64_t(getpid()); }

std::int64_t startTime(std::int64_t pid) {
    if (pid <= 0) return 0;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!in || !std::getline(in, text)) return 0;
    // The command name may hold spaces and parentheses: fields resume after the last ')'.
    const auto close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    std::string state;
    fields >> state;                                   // field 3
    if (state == "Z" || state == "X") return 0;
    for (int i = 4; i <= 22 && fields >> field; ++i) {
        if (i == 22) return std::stoll(field);         // starttime
    }
    return 0;
}

}  // namespace hlcnn::process_identity
