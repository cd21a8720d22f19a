#include "hlcnn/experiments/block_ablation.h"

#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/models/zoo.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace hlcnn {

std::vector<LaunchRequest> blockAblationRequests(const std::vector<LaunchRequest>& perSeed, const std::string& blockId,
                                                 const std::vector<std::pair<std::string, std::vector<std::string>>>& grid,
                                                 std::int64_t sweepId) {
    for (const auto& [key, values] : grid)
        if (key != "attention" && key != "se_reduction" && key != "fusion")
            throw std::invalid_argument("a block ablation varies attention, se_reduction and fusion, not '" + key + "'");
    SweepSpec spec;
    spec.grid = grid;
    std::vector<SweepPoint> points = expandSweep(spec);  // one seed: the requests carry theirs
    std::vector<LaunchRequest> out;
    for (const SweepPoint& p : points) {
        models::BlockChoices c;
        for (const auto& [k, v] : p.settings) {
            if (k == "attention") c.attention = v;
            if (k == "fusion") c.fusion = v;
            if (k == "se_reduction") {
                try {
                    std::size_t used = 0;
                    c.seReduction = std::stoi(v, &used);
                    if (used != v.size()) throw std::invalid_argument(v);
                } catch (const std::exception&) {
                    throw std::invalid_argument("se_reduction takes an integer, got '" + v + "'");
                }
            }
        }
        for (const LaunchRequest& base : perSeed) {
            LaunchRequest r = base;
            models::applyBlockChoices(r.graph, c, blockId);
            r.name = (base.name.empty() ? r.graph.name : base.name) + " " + blockId + ": " + p.label();
            r.sweepId = sweepId;
            r.sweepPoint = p.pointJson();
            out.push_back(std::move(r));
        }
    }
    return out;
}

SweepRecord blockAblationSweep(const std::string& name, const std::string& blockId,
                               const std::vector<std::pair<std::string, std::vector<std::string>>>& grid, int seeds) {
    nlohmann::ordered_json g = nlohmann::ordered_json::object();
    for (const auto& [k, values] : grid) g[k] = values;
    SweepRecord s;
    s.name = name;
    s.specJson = nlohmann::ordered_json{{"format", "hlcnn-sweep/1"}, {"name", name}, {"block", blockId}, {"grid", g}, {"seeds", seeds}}.dump(2);
    return s;
}

}  // namespace hlcnn
