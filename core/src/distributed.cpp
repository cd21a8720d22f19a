#include "hlcnn/core/distributed.h"

#include <torch/torch.h>
// Debian's libtorch_cpu is built with Gloo; its header compiles only with this switch.
#define USE_C10D_GLOO 1
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <cctype>
#include <cstdlib>
#include <limits>
#include <mutex>

namespace hlcnn {

namespace {

std::string variableText(const char* name, const char* value) { return std::string(name) + "=" + (value ? "'" + std::string(value) + "'" : "(unset)"); }

int integerVariable(const EnvironmentLookup& env, const char* name, int lo, int hi, bool required, int fallback) {
    const char* v = env(name);
    if (!v || !*v) {
        if (required) throw std::invalid_argument(std::string(name) + " is not set (the launcher sets it; see docs/distributed.md)");
        return fallback;
    }
    char* end = nullptr;
    errno = 0;
    const long long x = std::strtoll(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || x < lo || x > hi)
        throw std::invalid_argument(variableText(name, v) + " must be an integer between " + std::to_string(lo) + " and " +
                                    std::to_string(hi));
    return int(x);
}

std::string hostName() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
    return buf;
}

bool isLoopback(const std::string& host) {
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

// The first line of a c10d / Gloo message, without Gloo's "[./gloo/.../pair.cc:589] " source prefix.
std::string libraryMessage(std::string what) {
    if (const auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    if (!what.empty() && what[0] == '[') {
        if (const auto close = what.find("] "); close != std::string::npos && what.find(".cc:") < close) what.erase(0, close + 2);
    }
    return what;
}

// c10d and Gloo throw c10::Error (with a C++ backtrace in what()) or std::runtime_error.
[[noreturn]] void rethrowAsDistributed(const std::string& context) {
    try {
        throw;
    } catch (const DistributedError&) {
        throw;
    } catch (const c10::Error& e) {
        throw DistributedError(context + ": " + libraryMessage(e.what_without_backtrace()));
    } catch (const std::exception& e) {
        throw DistributedError(context + ": " + libraryMessage(e.what()));
    }
}

}  // namespace

std::string firstSlurmHost(const std::string& list) {
    std::string host;
    std::size_t i = 0;
    while (i < list.size() && list[i] != ',' && list[i] != '[') host += list[i++];
    if (i < list.size() && list[i] == '[') {
        ++i;
        while (i < list.size() && (std::isdigit(static_cast<unsigned char>(list[i])) != 0)) host += list[i++];
    }
    if (host.empty()) throw std::invalid_argument("SLURM_JOB_NODELIST='" + list + "' names no host");
    return host;
}

DistributedEnv distributedEnvFromEnvironment(const EnvironmentLookup& env) {
    DistributedEnv d;
    constexpr int kMaxRanks = 1 << 20;
    const char* rank = env("RANK");
    if (rank && *rank) {
        d.source = "torchrun";
        d.worldSize = integerVariable(env, "WORLD_SIZE", 1, kMaxRanks, true, 1);
        d.rank = integerVariable(env, "RANK", 0, kMaxRanks, true, 0);
        d.localRank = integerVariable(env, "LOCAL_RANK", 0, kMaxRanks, false, d.rank);
        const char* addr = env("MASTER_ADDR");
        if (!addr || !*addr) throw std::invalid_argument("MASTER_ADDR is not set (the host of rank 0)");
        d.masterAddr = addr;
        d.masterPort = integerVariable(env, "MASTER_PORT", 1, 65535, true, 0);
    } else if (const char* procid = env("SLURM_PROCID"); procid && *procid) {
        d.source = "slurm";
        d.worldSize = integerVariable(env, "SLURM_NTASKS", 1, kMaxRanks, true, 1);
        d.rank = integerVariable(env, "SLURM_PROCID", 0, kMaxRanks, true, 0);
        d.localRank = integerVariable(env, "SLURM_LOCALID", 0, kMaxRanks, false, 0);
        const char* addr = env("MASTER_ADDR");
        if (addr && *addr) {
            d.masterAddr = addr;
        } else {
            const char* nodes = env("SLURM_STEP_NODELIST");
            if (!nodes || !*nodes) nodes = env("SLURM_JOB_NODELIST");
            if (!nodes || !*nodes) throw std::invalid_argument("SLURM_JOB_NODELIST is not set and no MASTER_ADDR is given");
            d.masterAddr = firstSlurmHost(nodes);
        }
        const int job = integerVariable(env, "SLURM_JOB_ID", 0, std::numeric_limits<int>::max(), false, 0);
        d.masterPort = integerVariable(env, "MASTER_PORT", 1, 65535, false, 29500 + job % 1000);
    } else {
        throw std::invalid_argument(
            "--distributed needs RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT (as torchrun or `hlcnn launch` set them) or "
            "a Slurm task (SLURM_PROCID); neither is set");
    }
    if (d.rank >= d.worldSize)
        throw std::invalid_argument((d.source == "slurm" ? "SLURM_PROCID=" : "RANK=") + std::to_string(d.rank) + " must be below " +
                                    (d.source == "slurm" ? "SLURM_NTASKS=" : "WORLD_SIZE=") + std::to_string(d.worldSize));
    return d;
}

DistributedEnv distributedEnvFromEnvironment() {
    return distributedEnvFromEnvironment([](const char* name) { return static_cast<const char*>(std::getenv(name)); });
}

// ---------------------------------------------------------------------------------------------

struct ProcessGroup::Impl {
    DistributedEnv env;
    std::chrono::milliseconds timeout{};
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    std::vector<std::string> hosts;
    mutable std::mutex statsMutex;
    CommunicationStats stats;

    std::string where() const {
        return "rank " + std::to_string(env.rank) + " of " + std::to_string(env.worldSize);
    }
    void wait(const c10::intrusive_ptr<c10d::Work>& work, const char* what, std::int64_t bytes) {
        const auto t0 = std::chrono::steady_clock::now();
        try {
            work->wait(timeout);
        } catch (const std::exception& e) {
            // Gloo says "timed out" or "Timed out waiting ...ms for recv operation", depending on where it noticed.
            std::string message = e.what();
            for (char& c : message) c = char(std::tolower(static_cast<unsigned char>(c)));
            if (message.find("timed out") != std::string::npos)
                throw DistributedError(where() + ": no answer from the other ranks within " + std::to_string(timeout.count() / 1000) +
                                       " s during " + what + " (a rank hung or died, or its machine is unreachable)");
            rethrowAsDistributed(where() + " lost the other ranks during " + what);
        }
        std::lock_guard<std::mutex> lock(statsMutex);
        ++stats.collectives;
        stats.bytesReduced += bytes;
        stats.secondsWaiting += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
};

namespace {
// Whether something already listens on the port (c10d's own error lists every address it tried).
bool portTaken(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(std::uint16_t(port));
    const bool taken = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno == EADDRINUSE;
    ::close(fd);
    return taken;
}
}  // namespace

ProcessGroup::ProcessGroup(const DistributedEnv& env, std::chrono::milliseconds timeout) : impl_(std::make_unique<Impl>()) {
    impl_->env = env;
    impl_->timeout = timeout;
    const std::string master = env.masterAddr + ":" + std::to_string(env.masterPort);
    if (env.rank == 0 && portTaken(env.masterPort))
        throw DistributedError("rank 0 cannot serve the rendezvous: port " + std::to_string(env.masterPort) +
                               " is in use on this machine (choose another MASTER_PORT)");
    try {
        c10d::TCPStoreOptions o;
        o.port = std::uint16_t(env.masterPort);
        o.isServer = env.rank == 0;
        o.numWorkers = std::size_t(env.worldSize);
        o.waitWorkers = false;  // the host-name exchange below waits, bounded by the timeout
        o.timeout = timeout;
        impl_->store = c10::make_intrusive<c10d::TCPStore>(env.masterAddr, o);
    } catch (...) {
        rethrowAsDistributed(env.rank == 0 ? "rank 0 cannot serve the rendezvous on " + master + " (is the port in use?)"
                                           : "rank " + std::to_string(env.rank) + " cannot reach the master at " + master);
    }
    try {
        impl_->store->set("host/" + std::to_string(env.rank), [] {
            const std::string h = hostName();
            return std::vector<std::uint8_t>(h.begin(), h.end());
        }());
        for (int r = 0; r < env.worldSize; ++r) {
            const std::vector<std::uint8_t> h = impl_->store->get("host/" + std::to_string(r));
            impl_->hosts.emplace_back(h.begin(), h.end());
        }
    } catch (...) {
        rethrowAsDistributed("rank " + std::to_string(env.rank) + " waited for all " + std::to_string(env.worldSize) +
                             " ranks at " + master);
    }
    try {
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        if (const char* iface = std::getenv("GLOO_SOCKET_IFNAME"); iface && *iface)
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(iface));
        else if (isLoopback(env.masterAddr))
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
        else
            options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        options->threads = 2;
        impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl_->store, env.rank, env.worldSize, options);
    } catch (...) {
        rethrowAsDistributed("rank " + std::to_string(env.rank) + " cannot connect to the other ranks");
    }
}

ProcessGroup::~ProcessGroup() = default;

int ProcessGroup::rank() const { return impl_->env.rank; }
int ProcessGroup::worldSize() const { return impl_->env.worldSize; }
const DistributedEnv& ProcessGroup::env() const { return impl_->env; }
std::string ProcessGroup::backend() const { return "gloo"; }
std::vector<std::string> ProcessGroup::hosts() const { return impl_->hosts; }
std::chrono::milliseconds ProcessGroup::timeout() const { return impl_->timeout; }

namespace {
std::int64_t bytesOf(const std::vector<at::Tensor>& ts) {
    std::int64_t n = 0;
    for (const auto& t : ts) n += std::int64_t(t.numel() * t.element_size());
    return n;
}
}  // namespace

void ProcessGroup::broadcast(at::Tensor& tensor, int root) {
    std::vector<at::Tensor> tensors{tensor};  // c10d's list is one tensor per device, not a batch
    c10d::BroadcastOptions o;
    o.rootRank = root;
    c10::intrusive_ptr<c10d::Work> work;
    try {
        work = impl_->group->broadcast(tensors, o);
    } catch (...) {
        rethrowAsDistributed(impl_->where() + " cannot broadcast");
    }
    impl_->wait(work, "a broadcast", bytesOf(tensors));
}

void ProcessGroup::allreduceSum(at::Tensor& tensor) {
    std::vector<at::Tensor> tensors{tensor};
    c10::intrusive_ptr<c10d::Work> work;
    try {
        work = impl_->group->allreduce(tensors);
    } catch (...) {
        rethrowAsDistributed(impl_->where() + " cannot reduce");
    }
    impl_->wait(work, "an allreduce", bytesOf(tensors));
}

void ProcessGroup::barrier() {
    c10::intrusive_ptr<c10d::Work> work;
    try {
        work = impl_->group->barrier();
    } catch (...) {
        rethrowAsDistributed(impl_->where() + " cannot reach the barrier");
    }
    impl_->wait(work, "a barrier", 0);
}

namespace {
class GlooPending : public ProcessGroup::Pending {
public:
    GlooPending(std::function<void(const c10::intrusive_ptr<c10d::Work>&)> waiter, c10::intrusive_ptr<c10d::Work> work)
        : waiter_(std::move(waiter)), work_(std::move(work)) {}
    void wait() override { waiter_(work_); }

private:
    std::function<void(const c10::intrusive_ptr<c10d::Work>&)> waiter_;
    c10::intrusive_ptr<c10d::Work> work_;
};
}  // namespace

std::unique_ptr<ProcessGroup::Pending> ProcessGroup::startAllreduceSum(at::Tensor& tensor) {
    std::vector<at::Tensor> one{tensor};
    c10::intrusive_ptr<c10d::Work> work;
    try {
        work = impl_->group->allreduce(one);
    } catch (...) {
        rethrowAsDistributed(impl_->where() + " cannot reduce");
    }
    const std::int64_t bytes = bytesOf(one);
    Impl* impl = impl_.get();
    return std::make_unique<GlooPending>([impl, bytes](const c10::intrusive_ptr<c10d::Work>& w) { impl->wait(w, "an allreduce", bytes); },
                                         std::move(work));
}

CommunicationStats ProcessGroup::stats() const {
    std::lock_guard<std::mutex> lock(impl_->statsMutex);
    return impl_->stats;
}

// ---------------------------------------------------------------------------------------------

struct GradientAverager::Impl {
    ProcessGroup* group = nullptr;
    std::vector<at::Tensor> params;
    std::vector<unsigned> hookIds;
    struct Bucket {
        at::Tensor flat;                       // float32, the concatenated gradients
        std::vector<std::size_t> members;      // parameter indices
        std::vector<std::int64_t> offsets;     // of each member in flat
        int ready = 0;
        std::unique_ptr<ProcessGroup::Pending> pending;
    };
    std::vector<Bucket> buckets;
    std::vector<std::size_t> bucketOf, slotOf;
    std::vector<char> arrived;
    std::size_t nextToLaunch = 0;  // buckets start in index order on every rank: Gloo pairs collectives by call order
    double weight = 1;
    std::mutex mutex;  // hooks may run on an autograd worker thread

    at::Tensor slice(const Bucket& b, std::size_t slot) const {
        const at::Tensor& p = params[b.members[slot]];
        return b.flat.narrow(0, b.offsets[slot], p.numel()).view(p.sizes());
    }
    void launch(Bucket& b) { b.pending = group->startAllreduceSum(b.flat); }
    void onGradient(std::size_t index, const at::Tensor& grad) {
        std::lock_guard<std::mutex> lock(mutex);
        if (arrived[index]) return;  // a parameter used twice reaches its accumulator once, but be safe
        Bucket& b = buckets[bucketOf[index]];
        at::Tensor s = slice(b, slotOf[index]);
        s.copy_(grad);
        s.mul_(weight);
        arrived[index] = 1;
        ++b.ready;
        while (nextToLaunch < buckets.size() && buckets[nextToLaunch].ready == int(buckets[nextToLaunch].members.size()))
            launch(buckets[nextToLaunch++]);
    }
};

GradientAverager::GradientAverager(ProcessGroup& group, std::vector<at::Tensor> parameters, std::int64_t bucketBytes)
    : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    m.group = &group;
    m.params = std::move(parameters);
    m.bucketOf.resize(m.params.size());
    m.slotOf.resize(m.params.size());
    m.arrived.assign(m.params.size(), 0);
    // Reverse order: the last layers' gradients are ready first.
    std::int64_t bytes = 0;
    for (std::size_t k = m.params.size(); k-- > 0;) {
        const at::Tensor& p = m.params[k];
        if (p.scalar_type() != at::kFloat) throw std::invalid_argument("data-parallel training averages float32 parameters only");
        if (m.buckets.empty() || bytes >= bucketBytes) {
            m.buckets.emplace_back();
            bytes = 0;
        }
        Impl::Bucket& b = m.buckets.back();
        m.bucketOf[k] = m.buckets.size() - 1;
        m.slotOf[k] = b.members.size();
        b.offsets.push_back(b.members.empty() ? 0 : b.offsets.back() + m.params[b.members.back()].numel());
        b.members.push_back(k);
        bytes += p.numel() * 4;
    }
    for (Impl::Bucket& b : m.buckets) {
        const std::int64_t n = b.offsets.back() + m.params[b.members.back()].numel();
        b.flat = torch::zeros({n}, torch::kFloat);
    }
    for (std::size_t k = 0; k < m.params.size(); ++k) {
        Impl* impl = impl_.get();
        m.hookIds.push_back(m.params[k].register_hook([impl, k](const at::Tensor& grad) { impl->onGradient(k, grad); }));
    }
}

GradientAverager::~GradientAverager() {
    for (std::size_t k = 0; k < impl_->params.size(); ++k) impl_->params[k].remove_hook(impl_->hookIds[k]);
}

void GradientAverager::beginStep(std::int64_t localSamples, std::int64_t globalSamples) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->weight = globalSamples > 0 ? double(localSamples) / double(globalSamples) : 0.0;
    std::fill(impl_->arrived.begin(), impl_->arrived.end(), 0);
    for (auto& b : impl_->buckets) b.ready = 0, b.pending.reset();
    impl_->nextToLaunch = 0;
}

void GradientAverager::finishStep() {
    Impl& m = *impl_;
    {
        // Parameters that got no gradient this step (unused, or no samples on this rank) add zero;
        // every rank launches every bucket, in the same order, so the collectives pair up.
        std::lock_guard<std::mutex> lock(m.mutex);
        for (; m.nextToLaunch < m.buckets.size(); ++m.nextToLaunch) {
            Impl::Bucket& b = m.buckets[m.nextToLaunch];
            for (std::size_t s = 0; s < b.members.size(); ++s)
                if (!m.arrived[b.members[s]]) m.slice(b, s).zero_();
            m.launch(b);
        }
    }
    torch::NoGradGuard noGrad;
    for (Impl::Bucket& b : m.buckets) {
        b.pending->wait();
        b.pending.reset();
        for (std::size_t s = 0; s < b.members.size(); ++s) {
            at::Tensor& p = m.params[b.members[s]];
            const at::Tensor averaged = m.slice(b, s);
            if (p.grad().defined()) p.mutable_grad().copy_(averaged);
            else p.mutable_grad() = averaged.clone(at::MemoryFormat::Preserve).contiguous(p.suggest_memory_format());
        }
    }
}

int GradientAverager::buckets() const { return int(impl_->buckets.size()); }

std::int64_t GradientAverager::bytesPerStep() const {
    std::int64_t n = 0;
    for (const auto& b : impl_->buckets) n += b.flat.numel() * 4;
    return n;
}

}  // namespace hlcnn
