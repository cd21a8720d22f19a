// The command table of `hlcnn`: every command's name, synopsis, summary, options (with their help)
// and handler, in one place, as git's and llama.cpp's command tables. Dispatch, the parser's
// accepted options, `hlcnn help`, `hlcnn COMMAND --help` and the man page are all read from it, so
// an option cannot be parsed without being documented.
#pragma once

#include "arguments.h"

#include <string>
#include <vector>

namespace hlcnn::cli {

struct OptionSpec {
    std::string name;   // without "--"
    std::string value;  // the placeholder ("FILE", "N"); "" for a flag
    std::string help;
    char shortName = 0;  // a one-letter alias ('o' for -o), or 0
};

struct CommandSpec {
    std::string path;      // "bench infer"
    std::string synopsis;  // the usage after the path, e.g. "(--model NAME | --graph FILE) [options]"
    std::string summary;   // one line for `hlcnn help`
    std::vector<OptionSpec> options;
    int (*run)(const Arguments&) = nullptr;
    // Commands that read what follows "--" themselves (launch) take the raw words instead; their
    // own options are still these.
    int (*runRaw)(const std::vector<std::string>&) = nullptr;
    std::string notes;  // lines after the options (formats, defaults, see-also)
};

const std::vector<CommandSpec>& commandTable();

// The command the words start with (the longest path that matches) and how many words its path
// took; nullptr when none.
const CommandSpec* findCommand(const std::vector<std::string>& words, std::size_t* pathWords = nullptr);

// The words after the path, parsed with the command's own options (UsageError for any other).
Arguments parseArguments(const CommandSpec& command, const std::vector<std::string>& rest);

std::string commandHelp(const CommandSpec& command);  // hlcnn COMMAND --help
std::string groupHelp(const std::string& group);      // hlcnn bench --help: its commands ("" if none)
std::string overviewHelp();                           // hlcnn help
std::string manPage(const std::string& version);      // hlcnn help --man: roff, section 1

// Runs `hlcnn ARGS...` (without the program name): help, dispatch and the handler. UsageError and
// the library's errors propagate to main.
int dispatch(const std::vector<std::string>& words);

}  // namespace hlcnn::cli
