// Where a command writes what it produces: stdout, or a file that is never one of its inputs.
#pragma once

#include <string>
#include <vector>

namespace hlcnn::cli {

// Throws UsageError when `path` is a folder, lies in a missing folder, or is (or belongs to, like an
// SQLite -wal file) one of `inputs`. `option` names the option in the message ("--output").
void checkOutputPath(const std::string& option, const std::string& path, const std::vector<std::string>& inputs = {});

// Writes `text` to stdout for "" or "-", else checks the path and writes it atomically (a temporary
// file renamed over the target), so a failed write never leaves half a file.
void writeOutputFile(const std::string& option, const std::string& path, const std::string& text,
                     const std::vector<std::string>& inputs = {});

}  // namespace hlcnn::cli
