// hlcnn: the headless command line of HL-CNN Workbench.
#include "arguments.h"
#include "command_table.h"

#include "hlcnn/core/graph.h"
#include "hlcnn/core/runtime_setup.h"

#include <c10/util/Exception.h>
#include <glog/logging.h>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {  // what is missing, then the usage
        std::cerr << "hlcnn: give a command\n" << hlcnn::cli::overviewHelp();
        return 2;
    }
    if (args[0] == "--help" || args[0] == "-h" || (args[0] == "help" && args.size() == 1)) {
        std::cout << hlcnn::cli::overviewHelp();
        return 0;
    }
    if (args[0] == "help" && args.size() == 2 && args[1] == "--man") {
        std::cout << hlcnn::cli::manPage(hlcnn::programVersion());
        return 0;
    }
    if (args[0] == "help") {  // hlcnn help COMMAND...: that command's help
        args.erase(args.begin());
        args.push_back("--help");
    }
    if (args[0] == "--version") {
        std::cout << "hlcnn " << hlcnn::programVersion() << " (LibTorch " << hlcnn::torchVersion() << ")\n";
        return 0;
    }
    try {
        hlcnn::configureProcess();  // malloc policy, one BLAS thread; runs set only their own threads
        // c10d logs its socket retries through glog; the CLI says what went wrong in one line itself.
        FLAGS_minloglevel = std::max(FLAGS_minloglevel, 3);
        return hlcnn::cli::dispatch(args);
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
