#include "hlcnn/mobile/unit_latency.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace hlcnn::mobile {

namespace {

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s;
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "x" : "") + std::to_string(shape[i]);
    return s;
}

std::string valueText(const Program& p, int v) {
    const Value& x = p.values[std::size_t(v)];
    return std::string(dataTypeName(x.type)) + " " + shapeText(x.shape);
}

}  // namespace

std::string unitKey(const Program& p, std::size_t k) {
    const Op& op = p.ops.at(k);
    std::ostringstream s;
    s << opKindName(op.kind);
    for (std::size_t i = 0; i < op.in.size(); ++i) s << (i ? " + " : " ") << valueText(p, op.in[i]);
    if (op.constant >= 0) s << " + const " << shapeText(p.tensors[std::size_t(op.constant)].dims);
    s << " -> " << valueText(p, op.out);
    switch (op.kind) {
    case OpKind::Conv2d:
        s << " k" << op.kernel[0] << "x" << op.kernel[1] << " s" << op.stride[0] << "x" << op.stride[1] << " d" << op.dilation[0] << "x"
          << op.dilation[1] << " p" << op.padding[0] << "," << op.padding[1] << "," << op.padding[2] << "," << op.padding[3] << " g" << op.groups;
        break;
    case OpKind::MaxPool:
        s << " k" << op.kernel[0] << "x" << op.kernel[1] << " s" << op.stride[0] << "x" << op.stride[1] << " p" << op.padding[0] << ","
          << op.padding[1] << "," << op.padding[2] << "," << op.padding[3];
        break;
    case OpKind::ChannelShuffle: s << " g" << op.groups; break;
    case OpKind::Split: s << " at" << op.channelOffset; break;
    default: break;
    }
    // a fused activation is a clamp of the output: a pass over it on some paths
    if (op.kind != OpKind::Clamp && (std::isfinite(op.outMin) || std::isfinite(op.outMax))) s << " clamp";
    return s.str();
}

std::string ioKey(const Program& p) { return "io " + valueText(p, p.input) + " -> " + valueText(p, p.output); }

UnitPrediction predictFromUnits(const Program& p, const std::map<std::string, double>& unitMs) {
    UnitPrediction out;
    std::set<std::string> missing;
    const auto add = [&](const std::string& key) -> double {
        const auto it = unitMs.find(key);
        if (it == unitMs.end()) {
            if (missing.insert(key).second) out.missing.push_back(key);
            return -1;
        }
        out.totalMs += it->second;
        return it->second;
    };
    add(ioKey(p));
    for (std::size_t k = 0; k < p.ops.size(); ++k) {
        ++out.ops;
        const double ms = add(unitKey(p, k));
        if (ms < 0) {
            for (const std::string& node : p.ops[k].nodes)
                if (std::find(out.missingNodes.begin(), out.missingNodes.end(), node) == out.missingNodes.end()) out.missingNodes.push_back(node);
            continue;
        }
        ++out.measuredOps;
        if (!p.ops[k].nodes.empty()) out.nodeMs[p.ops[k].nodes.front()] += ms;
    }
    return out;
}

}  // namespace hlcnn::mobile
