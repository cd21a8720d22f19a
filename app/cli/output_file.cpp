#include "output_file.h"

#include "arguments.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace hlcnn::cli {

namespace fs = std::filesystem;

namespace {

bool sameFile(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

}  // namespace

void checkOutputPath(const std::string& option, const std::string& path, const std::vector<std::string>& inputs) {
    if (path.empty()) throw UsageError(option + " needs a file name");
    std::error_code ec;
    const fs::path out(path);
    if (fs::is_directory(out, ec)) throw UsageError(option + " '" + path + "' is a folder; give a file name");
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec)) throw UsageError("the folder of " + option + " '" + path + "' does not exist");
    for (const std::string& in : inputs) {
        if (in.empty()) continue;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            if (sameFile(out, fs::path(in + suffix)))
                throw UsageError(option + " '" + path + "' would overwrite the input '" + in + "'; choose another file");
    }
}

void writeOutputFile(const std::string& option, const std::string& path, const std::string& text,
                     const std::vector<std::string>& inputs) {
    if (path.empty() || path == "-") {
        std::cout << text;
        return;
    }
    checkOutputPath(option, path, inputs);
    const std::string tmp = path + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out || !(out << text) || !out.flush()) {
            std::remove(tmp.c_str());
            throw UsageError("cannot write " + option + " '" + path + "'");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw UsageError("cannot write " + option + " '" + path + "'");
    }
}

}  // namespace hlcnn::cli
