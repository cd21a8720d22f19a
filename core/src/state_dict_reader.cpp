// A small pickle interpreter for the subset torch.save writes for a state_dict: an OrderedDict of
// name -> tensor, tensors rebuilt from storages kept as separate zip records. LibTorch's own
// unpickler turns collections.OrderedDict into None, so it cannot read a real state_dict.
#include "hlcnn/core/state_dict.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/torch.h>

#include <cstring>
#include <map>
#include <memory>
#include <unordered_map>

namespace hlcnn {

namespace {

struct PValue;
using PPtr = std::shared_ptr<PValue>;

struct PValue {
    enum class Kind { None, Bool, Int, Float, Str, Tuple, List, Dict, Global, Tensor, Mark } kind = Kind::None;
    std::int64_t i = 0;
    double f = 0;
    std::string s;  // string, or "module.name" for a global
    std::vector<PPtr> items;
    std::vector<std::pair<PPtr, PPtr>> dict;
    torch::Tensor tensor;
};

PPtr make(PValue::Kind k) {
    auto p = std::make_shared<PValue>();
    p->kind = k;
    return p;
}

const char* kindName(PValue::Kind k) {
    switch (k) {
    case PValue::Kind::None: return "None";
    case PValue::Kind::Bool: return "bool";
    case PValue::Kind::Int: return "int";
    case PValue::Kind::Float: return "float";
    case PValue::Kind::Str: return "str";
    case PValue::Kind::Tuple: return "tuple";
    case PValue::Kind::List: return "list";
    case PValue::Kind::Dict: return "dict";
    case PValue::Kind::Global: return "class";
    case PValue::Kind::Tensor: return "tensor";
    case PValue::Kind::Mark: return "mark";
    }
    return "?";
}

torch::ScalarType storageType(const std::string& global) {
    static const std::map<std::string, torch::ScalarType> types{
        {"torch.FloatStorage", torch::kFloat},    {"torch.DoubleStorage", torch::kDouble},
        {"torch.HalfStorage", torch::kHalf},      {"torch.BFloat16Storage", torch::kBFloat16},
        {"torch.LongStorage", torch::kLong},      {"torch.IntStorage", torch::kInt},
        {"torch.ShortStorage", torch::kShort},    {"torch.CharStorage", torch::kChar},
        {"torch.ByteStorage", torch::kByte},      {"torch.BoolStorage", torch::kBool}};
    auto it = types.find(global);
    if (it == types.end()) throw StateDictError("unsupported storage type " + global);
    return it->second;
}

class Unpickler {
public:
    Unpickler(const char* data, std::size_t size, caffe2::serialize::PyTorchStreamReader& reader)
        : p_(data), end_(data + size), begin_(data), reader_(reader) {}

    PPtr run() {
        while (true) {
            const std::uint8_t op = byte();
            switch (op) {
            case 0x80: byte(); break;                      // PROTO
            case 0x95: take(8); break;                     // FRAME
            case '.': return pop();                        // STOP
            case '(': stack_.push_back(make(PValue::Kind::Mark)); break;
            case 'N': stack_.push_back(make(PValue::Kind::None)); break;
            case 0x88: case 0x89: {                        // NEWTRUE / NEWFALSE
                auto v = make(PValue::Kind::Bool);
                v->i = op == 0x88;
                stack_.push_back(v);
                break;
            }
            case 'K': pushInt(std::uint8_t(byte())); break;
            case 'M': { auto b = take(2); pushInt(std::uint8_t(b[0]) | (std::uint16_t(std::uint8_t(b[1])) << 8)); break; }
            case 'J': { std::int32_t v; std::memcpy(&v, take(4), 4); pushInt(v); break; }
            case 0x8a: {                                   // LONG1
                const std::uint8_t n = byte();
                if (n > 8) throw StateDictError("integer too large in pickle");
                const char* b = take(n);
                std::int64_t v = 0;
                for (int k = n - 1; k >= 0; --k) v = (v << 8) | std::uint8_t(b[k]);
                if (n > 0 && n < 8 && (std::uint8_t(b[n - 1]) & 0x80)) v -= std::int64_t(1) << (8 * n);
                pushInt(v);
                break;
            }
            case 'G': {                                    // BINFLOAT, big-endian
                const char* b = take(8);
                std::uint64_t bits = 0;
                for (int k = 0; k < 8; ++k) bits = (bits << 8) | std::uint8_t(b[k]);
                auto v = make(PValue::Kind::Float);
                std::memcpy(&v->f, &bits, 8);
                stack_.push_back(v);
                break;
            }
            case 'X': { std::uint32_t n; std::memcpy(&n, take(4), 4); pushStr(take(n), n); break; }
            case 0x8c: { const std::uint8_t n = byte(); pushStr(take(n), n); break; }
            case 'c': {                                    // GLOBAL module\nname\n
                std::string module = line(), name = line();
                auto v = make(PValue::Kind::Global);
                v->s = module + "." + name;
                stack_.push_back(v);
                break;
            }
            case ')': stack_.push_back(make(PValue::Kind::Tuple)); break;
            case ']': stack_.push_back(make(PValue::Kind::List)); break;
            case '}': stack_.push_back(make(PValue::Kind::Dict)); break;
            case 't': { auto v = make(PValue::Kind::Tuple); v->items = popToMark(); stack_.push_back(v); break; }
            case 0x85: case 0x86: case 0x87: {             // TUPLE1..3
                const std::size_t n = op - 0x84;
                auto v = make(PValue::Kind::Tuple);
                v->items.resize(n);
                for (std::size_t k = n; k-- > 0;) v->items[k] = pop();
                stack_.push_back(v);
                break;
            }
            case 'q': memo_[std::uint8_t(byte())] = top(); break;
            case 'r': { std::uint32_t n; std::memcpy(&n, take(4), 4); memo_[n] = top(); break; }
            case 0x94: memo_[std::uint32_t(memo_.size())] = top(); break;  // MEMOIZE
            case 'h': stack_.push_back(memo(std::uint8_t(byte()))); break;
            case 'j': { std::uint32_t n; std::memcpy(&n, take(4), 4); stack_.push_back(memo(n)); break; }
            case 'a': { auto v = pop(); list(top())->items.push_back(v); break; }
            case 'e': { auto items = popToMark(); auto l = list(top()); for (auto& v : items) l->items.push_back(v); break; }
            case 's': { auto v = pop(); auto k = pop(); dictOf(top())->dict.emplace_back(k, v); break; }
            case 'u': {
                auto items = popToMark();
                if (items.size() % 2) throw StateDictError("odd SETITEMS in pickle");
                auto d = dictOf(top());
                for (std::size_t k = 0; k < items.size(); k += 2) d->dict.emplace_back(items[k], items[k + 1]);
                break;
            }
            case 'b': pop(); break;                        // BUILD: state (OrderedDict._metadata) not needed
            case 'Q': stack_.push_back(persistentLoad(pop())); break;
            case 'R': { auto args = pop(); auto fn = pop(); stack_.push_back(reduce(fn, args)); break; }
            case 0x81: {                                   // NEWOBJ: a pickled Python object, not a state_dict
                pop();
                const PPtr cls = pop();
                throw StateDictError("unsupported object '" + cls->s + "' in the file (not a plain state_dict)");
            }
            default: {
                char buf[96];
                std::snprintf(buf, sizeof buf, "unsupported pickle opcode 0x%02x at offset %zu", op, std::size_t(p_ - begin_ - 1));
                throw StateDictError(buf);
            }
            }
        }
    }

private:
    std::uint8_t byte() { return std::uint8_t(*take(1)); }
    const char* take(std::size_t n) {
        if (std::size_t(end_ - p_) < n) throw StateDictError("truncated pickle data");
        const char* r = p_;
        p_ += n;
        return r;
    }
    std::string line() {
        std::string s;
        while (true) {
            const char c = char(byte());
            if (c == '\n') return s;
            s += c;
            if (s.size() > 256) throw StateDictError("malformed pickle GLOBAL");
        }
    }
    void pushInt(std::int64_t v) { auto p = make(PValue::Kind::Int); p->i = v; stack_.push_back(p); }
    void pushStr(const char* d, std::size_t n) { auto p = make(PValue::Kind::Str); p->s.assign(d, n); stack_.push_back(p); }
    PPtr pop() {
        if (stack_.empty()) throw StateDictError("pickle stack underflow");
        PPtr v = stack_.back();
        stack_.pop_back();
        return v;
    }
    PPtr top() {
        if (stack_.empty()) throw StateDictError("pickle stack underflow");
        return stack_.back();
    }
    PPtr memo(std::uint32_t k) {
        auto it = memo_.find(k);
        if (it == memo_.end()) throw StateDictError("pickle refers to an unknown memo entry");
        return it->second;
    }
    std::vector<PPtr> popToMark() {
        std::vector<PPtr> items;
        while (true) {
            PPtr v = pop();
            if (v->kind == PValue::Kind::Mark) break;
            items.push_back(v);
        }
        return {items.rbegin(), items.rend()};
    }
    static PPtr list(PPtr v) {
        if (v->kind != PValue::Kind::List) throw StateDictError("pickle APPEND on a non-list");
        return v;
    }
    static PPtr dictOf(PPtr v) {
        if (v->kind != PValue::Kind::Dict) throw StateDictError("pickle SETITEM on a non-dict");
        return v;
    }
    static std::int64_t integer(const PPtr& v, const char* what) {
        if (v->kind != PValue::Kind::Int) throw StateDictError(std::string("expected an integer for ") + what);
        return v->i;
    }
    static std::vector<std::int64_t> ints(const PPtr& v, const char* what) {
        if (v->kind != PValue::Kind::Tuple) throw StateDictError(std::string("expected a tuple for ") + what);
        std::vector<std::int64_t> out;
        for (const PPtr& x : v->items) out.push_back(integer(x, what));
        return out;
    }

    PPtr persistentLoad(const PPtr& pid) {
        // ('storage', <storage class>, key, location, numel)
        if (pid->kind != PValue::Kind::Tuple || pid->items.size() < 5 || pid->items[0]->s != "storage" ||
            pid->items[1]->kind != PValue::Kind::Global || pid->items[2]->kind != PValue::Kind::Str)
            throw StateDictError("unsupported persistent id in pickle");
        const std::string key = pid->items[2]->s;
        auto cached = storages_.find(key);
        if (cached != storages_.end()) return cached->second;
        const torch::ScalarType type = storageType(pid->items[1]->s);
        const std::int64_t numel = integer(pid->items[4], "storage size");
        const std::string record = "data/" + key;
        if (!reader_.hasRecord(record)) throw StateDictError("storage record '" + record + "' is missing");
        auto [data, size] = reader_.getRecord(record);
        const std::size_t itemSize = c10::elementSize(type);
        if (numel < 0 || std::size_t(numel) * itemSize > size) throw StateDictError("storage '" + key + "' is truncated");
        auto v = make(PValue::Kind::Tensor);
        v->tensor = torch::empty({numel}, torch::TensorOptions().dtype(type));
        std::memcpy(v->tensor.data_ptr(), data.get(), std::size_t(numel) * itemSize);
        storages_[key] = v;
        return v;
    }

    PPtr reduce(const PPtr& fn, const PPtr& args) {
        if (fn->kind != PValue::Kind::Global) throw StateDictError("pickle REDUCE on a non-callable");
        if (args->kind != PValue::Kind::Tuple) throw StateDictError("pickle REDUCE without an argument tuple");
        const auto& a = args->items;
        if (fn->s == "collections.OrderedDict") return make(PValue::Kind::Dict);
        if (fn->s == "torch._utils._rebuild_tensor_v2" || fn->s == "torch._utils._rebuild_tensor") {
            if (a.size() < 4 || a[0]->kind != PValue::Kind::Tensor) throw StateDictError("malformed tensor in pickle");
            const std::int64_t offset = integer(a[1], "storage offset");
            const auto size = ints(a[2], "tensor size");
            const auto stride = ints(a[3], "tensor stride");
            if (size.size() != stride.size()) throw StateDictError("tensor size and stride differ in rank");
            std::int64_t extent = offset;
            for (std::size_t k = 0; k < size.size(); ++k) {
                if (size[k] < 0 || stride[k] < 0) throw StateDictError("negative tensor size or stride");
                if (size[k] > 0) extent += (size[k] - 1) * stride[k];
            }
            const std::int64_t storageSize = a[0]->tensor.numel();
            bool empty = false;
            for (auto s : size) empty = empty || s == 0;
            if (!empty && (offset < 0 || extent >= storageSize)) throw StateDictError("tensor view exceeds its storage");
            auto v = make(PValue::Kind::Tensor);
            v->tensor = a[0]->tensor.as_strided(size, stride, offset).clone();
            return v;
        }
        if (fn->s == "torch._utils._rebuild_parameter") {
            if (a.empty() || a[0]->kind != PValue::Kind::Tensor) throw StateDictError("malformed parameter in pickle");
            return a[0];
        }
        throw StateDictError("unsupported object '" + fn->s + "' in the file (not a plain state_dict)");
    }

    const char* p_;
    const char* end_;
    const char* begin_;
    caffe2::serialize::PyTorchStreamReader& reader_;
    std::vector<PPtr> stack_;
    std::unordered_map<std::uint32_t, PPtr> memo_;
    std::unordered_map<std::string, PPtr> storages_;
};

std::string shapeText(const torch::Tensor& t) {
    std::string s;
    for (std::int64_t d : t.sizes()) s += (s.empty() ? "" : "x") + std::to_string(d);
    return s.empty() ? "scalar" : s;
}

}  // namespace

std::vector<StateDictEntry> readStateDict(const std::string& path) {
    std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader;
    try {
        reader = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
    } catch (const c10::Error& e) {
        throw StateDictError(path + ": not a torch.save zip archive (" + std::string(e.what_without_backtrace()) + ")");
    }
    try {
        if (!reader->hasRecord("data.pkl")) throw StateDictError(path + ": no data.pkl record (a TorchScript file?)");
        auto [data, size] = reader->getRecord("data.pkl");
        Unpickler unpickler(static_cast<const char*>(data.get()), size, *reader);
        PPtr root = unpickler.run();
        if (root->kind != PValue::Kind::Dict) throw StateDictError(path + ": holds a " + kindName(root->kind) + ", not a state_dict");
        std::vector<StateDictEntry> entries;
        for (const auto& [k, v] : root->dict) {
            if (k->kind != PValue::Kind::Str) throw StateDictError(path + ": a key is not a string");
            if (v->kind != PValue::Kind::Tensor)
                throw StateDictError(path + ": '" + k->s + "' holds a " + kindName(v->kind) + ", not a tensor");
            entries.push_back({k->s, v->tensor});
        }
        return entries;
    } catch (const StateDictError& e) {
        const std::string what = e.what();
        throw StateDictError(what.rfind(path, 0) == 0 ? what : path + ": " + what);
    } catch (const c10::Error& e) {
        throw StateDictError(path + ": " + e.what_without_backtrace());
    }
}

std::string LoadReport::summary() const {
    std::string s = std::to_string(loaded) + " tensors loaded";
    auto list = [&](const char* what, const std::vector<std::string>& v) {
        if (v.empty()) return;
        s += "; " + std::to_string(v.size()) + " " + what + ": ";
        for (std::size_t i = 0; i < v.size() && i < 5; ++i) s += (i ? ", " : "") + v[i];
        if (v.size() > 5) s += ", ...";
    };
    list("missing", missing);
    list("unexpected", unexpected);
    list("shape mismatches", mismatched);
    return s;
}

LoadReport loadStateDict(GraphModuleImpl& module, const std::vector<StateDictEntry>& entries, bool strict) {
    std::map<std::string, torch::Tensor> targets;
    for (const auto& item : module.named_parameters(true)) targets[item.key()] = item.value();
    for (const auto& item : module.named_buffers(true)) targets[item.key()] = item.value();
    LoadReport report;
    std::map<std::string, const torch::Tensor*> source;
    for (const StateDictEntry& e : entries) {
        auto it = targets.find(e.name);
        if (it == targets.end()) report.unexpected.push_back(e.name);
        else if (it->second.sizes() != e.tensor.sizes())
            report.mismatched.push_back(e.name + ": file " + shapeText(e.tensor) + ", model " + shapeText(it->second));
        else source[e.name] = &e.tensor;
    }
    for (const auto& [name, t] : targets)
        if (!source.count(name) && std::find_if(report.mismatched.begin(), report.mismatched.end(), [&](const std::string& m) {
                return m.rfind(name + ":", 0) == 0;
            }) == report.mismatched.end())
            report.missing.push_back(name);
    if (strict && !report.complete()) throw StateDictError("state_dict does not match the model: " + report.summary());
    torch::NoGradGuard guard;
    for (const auto& [name, t] : source) {
        targets[name].copy_(*t);
        ++report.loaded;
    }
    return report;
}

}  // namespace hlcnn
