// hlcnn launch --nproc N -- COMMAND ...: N local ranks of one data-parallel job (what
// `torchrun --standalone --nproc-per-node N` does), each with its own share of the cores.
#include "arguments.h"
#include "command_table.h"
#include "commands.h"

#include "hlcnn/core/runtime_setup.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <atomic>
#include <chrono>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace hlcnn::cli {

namespace {

// A TCP port on 127.0.0.1 that nothing listens on now (0: let the system choose one).
int freeLoopbackPort(int wanted) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw UsageError(std::string("cannot open a socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(std::uint16_t(wanted));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        const int err = errno;
        ::close(fd);
        throw UsageError("--master-port " + std::to_string(wanted) + " on 127.0.0.1 is not free (" + std::strerror(err) + ")");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::atomic<int> forwardedSignal{0};
extern "C" void onLaunchSignal(int signal) { forwardedSignal.store(signal); }

std::string exitText(int status) {
    if (WIFSIGNALED(status)) return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

int exitCode(int status) { return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status); }

}  // namespace

int runLaunch(const std::vector<std::string>& raw) {
    const auto dashes = std::find(raw.begin(), raw.end(), "--");
    const char* usage = "usage: hlcnn launch --nproc N [--master-port P] [--threads-per-rank T] -- train ... | bench train ... | bench comm ...";
    if (dashes == raw.end() || dashes + 1 == raw.end()) throw UsageError(usage);
    const Arguments args = parseArguments(*findCommand({"launch"}), {raw.begin(), dashes});
    requireNoPositional(args, usage);
    if (!args.has("nproc")) throw UsageError("--nproc N is required (the number of local ranks)");
    const int nproc = int(boundedInteger(args, "nproc", 1, 1, 256));
    const int threads = int(boundedInteger(args, "threads-per-rank", std::max(1, hardwareThreads() / nproc), 1, hardwareThreads()));
    std::vector<std::string> command(dashes + 1, raw.end());
    const bool isTrain = command[0] == "train";
    const bool isBench = command[0] == "bench" && command.size() > 1 && (command[1] == "train" || command[1] == "comm");
    if (!isTrain && !isBench) throw UsageError("launch runs `train`, `bench train` or `bench comm` as ranks, not '" + command[0] + "'");
    for (const char* owned : {"--threads", "--distributed"})
        if (std::find(command.begin(), command.end(), owned) != command.end())
            throw UsageError(std::string("launch sets ") + owned + " for each rank; leave it out of the command (use --threads-per-rank)");
    const int port = freeLoopbackPort(int(boundedInteger(args, "master-port", 0, 1, 65535)));
    command.insert(command.end(), {"--distributed", "--threads", std::to_string(threads)});

    const std::string self = programPath();
    std::vector<std::string> argvText{self};
    argvText.insert(argvText.end(), command.begin(), command.end());
    std::vector<char*> argv;
    for (auto& a : argvText) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::signal(SIGINT, onLaunchSignal);
    std::signal(SIGTERM, onLaunchSignal);
    std::vector<pid_t> pids;
    for (int rank = 0; rank < nproc; ++rank) {
        std::vector<std::string> envText;
        for (char** e = environ; *e; ++e) {
            const std::string kv = *e;
            static const char* owned[] = {"RANK=", "WORLD_SIZE=", "LOCAL_RANK=", "LOCAL_WORLD_SIZE=", "MASTER_ADDR=", "MASTER_PORT=", "OMP_NUM_THREADS="};
            if (std::none_of(std::begin(owned), std::end(owned), [&](const char* p) { return kv.rfind(p, 0) == 0; })) envText.push_back(kv);
        }
        envText.push_back("RANK=" + std::to_string(rank));
        envText.push_back("LOCAL_RANK=" + std::to_string(rank));
        envText.push_back("WORLD_SIZE=" + std::to_string(nproc));
        envText.push_back("LOCAL_WORLD_SIZE=" + std::to_string(nproc));
        envText.push_back("MASTER_ADDR=127.0.0.1");
        envText.push_back("MASTER_PORT=" + std::to_string(port));
        envText.push_back("OMP_NUM_THREADS=" + std::to_string(threads));
        std::vector<char*> envp;
        for (auto& e : envText) envp.push_back(e.data());
        envp.push_back(nullptr);
        pid_t pid = 0;
        if (const int err = ::posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv.data(), envp.data()); err != 0) {
            for (pid_t p : pids) ::kill(p, SIGKILL);
            throw UsageError("cannot start rank " + std::to_string(rank) + ": " + std::strerror(err));
        }
        pids.push_back(pid);
    }

    // Ranks find a lost peer themselves (within their --dist-timeout); the launcher ends the job
    // when one rank has failed and the others have not followed within a grace period.
    std::vector<int> status(std::size_t(nproc), -1);
    int firstFailure = -1, running = nproc, forwarded = 0;
    using Clock = std::chrono::steady_clock;
    Clock::time_point failedAt{};
    bool terminated = false;
    const auto grace = std::chrono::seconds(150);  // > the default --dist-timeout (120 s)
    while (running > 0) {
        if (const int s = forwardedSignal.load(); s != 0 && s != forwarded) {
            forwarded = s;
            for (std::size_t r = 0; r < pids.size(); ++r)
                if (status[r] < 0) ::kill(pids[r], s);
        }
        int st = 0;
        const pid_t done = ::waitpid(-1, &st, WNOHANG);
        if (done > 0) {
            const auto it = std::find(pids.begin(), pids.end(), done);
            if (it == pids.end()) continue;
            const std::size_t rank = std::size_t(it - pids.begin());
            status[rank] = st;
            --running;
            if (exitCode(st) != 0 && firstFailure < 0) {
                firstFailure = int(rank);
                failedAt = Clock::now();
                if (WIFSIGNALED(st) && WTERMSIG(st) != forwarded)
                    std::cerr << "hlcnn: launch: rank " << rank << " " << exitText(st) << "\n";
            }
            continue;
        }
        if (firstFailure >= 0 && Clock::now() - failedAt > grace) {
            for (std::size_t r = 0; r < pids.size(); ++r)
                if (status[r] < 0) ::kill(pids[r], terminated ? SIGKILL : SIGTERM);
            if (!terminated) std::cerr << "hlcnn: launch: ranks still running " << grace.count() << " s after rank " << firstFailure << " ended; stopping them\n";
            terminated = true;
            failedAt = Clock::now() - grace + std::chrono::seconds(10);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (exitCode(status[0]) != 0) return exitCode(status[0]);
    return firstFailure < 0 ? 0 : exitCode(status[std::size_t(firstFailure)]);
}

}  // namespace hlcnn::cli
