#include "hlcnn/experiments/profile_tables.h"

#include "hlcnn/core/number_text.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace hlcnn {

namespace {

std::string intensity(const CostFigures& c) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s", fixedText(c.arithmeticIntensity(), 2).c_str());
    return buf;
}

std::vector<std::string> costCells(const CostFigures& c) {
    return {withThousands(c.params), withThousands(c.macs), withThousands(c.otherOps),
            withThousands(c.activationBytes / 1024), withThousands(c.trafficBytes / 1024), intensity(c)};
}

Table skeleton(std::vector<std::string> lead) {
    Table t;
    t.header = std::move(lead);
    t.numeric.assign(t.header.size(), false);
    for (const char* h : {"params", "MACs", "other ops", "act KiB", "traffic KiB", "FLOP/B"}) {
        t.header.push_back(h);
        t.numeric.push_back(true);
    }
    return t;
}

nlohmann::json costJson(const CostFigures& c) {
    return {{"params", c.params},
            {"buffers", c.buffers},
            {"macs", c.macs},
            {"flops", c.flops()},
            {"other_ops", c.otherOps},
            {"activation_bytes", c.activationBytes},
            {"traffic_bytes", c.trafficBytes},
            {"arithmetic_intensity", c.arithmeticIntensity()}};
}

}  // namespace

Table layerTable(const ModelProfile& p) {
    Table t = skeleton({"layer", "op", "output"});
    for (const LayerProfile& l : p.layers) {
        std::vector<std::string> row{l.id, l.op, l.output.toString()};
        for (auto& c : costCells(l.cost)) row.push_back(std::move(c));
        t.rows.push_back(std::move(row));
    }
    std::vector<std::string> total{"total", "", ""};
    for (auto& c : costCells(p.total)) total.push_back(std::move(c));
    t.rows.push_back(std::move(total));
    return t;
}

Table blockTable(const ModelProfile& p) {
    Table t = skeleton({"node", "op", "output"});
    for (const BlockProfile& b : p.blocks) {
        std::vector<std::string> row{b.id, b.op, b.output.toString()};
        for (auto& c : costCells(b.cost)) row.push_back(std::move(c));
        t.rows.push_back(std::move(row));
    }
    std::vector<std::string> total{"total", "", ""};
    for (auto& c : costCells(p.total)) total.push_back(std::move(c));
    t.rows.push_back(std::move(total));
    return t;
}

std::string profileJson(const ModelProfile& p, int indent) {
    nlohmann::json j = costJson(p.total);
    j["model"] = p.model;
    j["input"] = p.input.dims;
    j["peak_activation_bytes"] = p.peakActivationBytes;
    j["model_bytes_fp32"] = p.modelBytesFp32();
    j["model_bytes_int8"] = p.modelBytesInt8();
    j["units"] = {{"macs", "multiply-accumulates of conv and linear layers"},
                  {"flops", "2 * macs (other_ops separate)"},
                  {"bytes", "fp32, batch 1"}};
    nlohmann::json layers = nlohmann::json::array();
    for (const LayerProfile& l : p.layers) {
        nlohmann::json jl = costJson(l.cost);
        jl["id"] = l.id;
        jl["op"] = l.op;
        jl["block"] = l.block;
        jl["output"] = l.output.dims;
        layers.push_back(std::move(jl));
    }
    j["layers"] = std::move(layers);
    nlohmann::json blocks = nlohmann::json::array();
    for (const BlockProfile& b : p.blocks) {
        nlohmann::json jb = costJson(b.cost);
        jb["id"] = b.id;
        jb["op"] = b.op;
        jb["output"] = b.output.dims;
        blocks.push_back(std::move(jb));
    }
    j["blocks"] = std::move(blocks);
    return j.dump(indent) + "\n";
}

}  // namespace hlcnn
