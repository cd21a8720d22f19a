#include "hlcnn/experiments/sweep.h"

#include "hlcnn/core/number_text.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/models/zoo.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <cmath>
#include <set>
#include <stdexcept>

namespace hlcnn {

using ordered_json = nlohmann::ordered_json;

const std::vector<std::pair<std::string, std::string>>& sweepOptions() {
    // The graph options, then every recipe field a sweep may set, from the recipe schema.
    static const std::vector<std::pair<std::string, std::string>> all = [] {
        std::vector<std::pair<std::string, std::string>> o{
            {"model", "a zoo model (hlcnn models)"},
            {"stem", "imagenet | cifar"},
            {"width", "width multiplier"},
            {"depth", "HL-CNN blocks per stage x depth"},
            {"attention", "HL-CNN channel attention: none | se | eca"},
            {"se_reduction", "HL-CNN SE squeeze ratio, 1..64"},
            {"fusion", "HL-CNN block fusion: learnable | add | none"},
        };
        for (const RecipeField& f : recipeFields()) {
            if (!f.sweepable) continue;
            std::string values;
            for (const std::string& c : f.choices) values += (values.empty() ? "" : " | ") + c;
            o.emplace_back(f.sweepKey(), "recipe: " + f.help + (values.empty() ? "" : " (" + values + ")"));
        }
        return o;
    }();
    return all;
}

namespace {

std::string optionList() {
    std::string s;
    for (const auto& o : sweepOptions()) s += (s.empty() ? "" : ", ") + o.first;
    return s;
}

void requireKnown(const std::string& key) {
    for (const auto& o : sweepOptions())
        if (o.first == key) return;
    throw std::invalid_argument("unknown sweep option '" + key + "' (options: " + optionList() + ")");
}

double number(const std::string& key, const std::string& value) {
    double x = 0;
    if (!parseReal(value, x) || !std::isfinite(x)) throw std::invalid_argument(key + " takes a number, got '" + value + "'");
    return x;
}

std::int64_t integer(const std::string& key, const std::string& value) {
    const double x = number(key, value);
    if (x != std::floor(x) || std::fabs(x) > 1e15) throw std::invalid_argument(key + " takes an integer, got '" + value + "'");
    return std::int64_t(x);
}

// What one run is made of while settings are applied.
struct PlannedRun {
    std::string model, stem;
    models::ModelOptions options;
    models::BlockChoices blocks;
    TrainConfig config;
};

void apply(PlannedRun& s, const std::string& key, const std::string& value) {
    requireKnown(key);
    if (key == "model") {
        if (!models::findModel(value)) throw std::invalid_argument("model: unknown model '" + value + "' (see `hlcnn models`)");
        s.model = value;
    } else if (key == "stem") {
        if (value != "imagenet" && value != "cifar") throw std::invalid_argument("stem must be imagenet or cifar, got '" + value + "'");
        s.stem = value;
    } else if (key == "width") {
        s.options.width = number(key, value);
        if (!(s.options.width > 0 && s.options.width <= 4)) throw std::invalid_argument("width must be in (0, 4], got '" + value + "'");
    } else if (key == "depth") {
        s.options.depth = number(key, value);
        if (!(s.options.depth > 0 && s.options.depth <= 4)) throw std::invalid_argument("depth must be in (0, 4], got '" + value + "'");
    } else if (key == "attention") {
        s.blocks.attention = value;
    } else if (key == "se_reduction") {
        s.blocks.seReduction = int(std::clamp<std::int64_t>(integer(key, value), -1, 1000));
        if (s.blocks.seReduction < 1 || s.blocks.seReduction > 64) throw std::invalid_argument("se_reduction must be an integer between 1 and 64, got '" + value + "'");
    } else if (key == "fusion") {
        s.blocks.fusion = value;
    } else if (const RecipeField* f = findRecipeField(key)) {
        setRecipeValue(s.config, *f, value, RecipeSpelling::SweepKey);
    }
}

}  // namespace

std::string SweepPoint::pointJson() const {
    ordered_json j = ordered_json::object();
    for (const auto& [k, v] : settings) j[k] = v;
    return j.dump();
}

std::string SweepPoint::label() const {
    std::string s;
    for (const auto& [k, v] : settings) s += (s.empty() ? "" : " ") + k + "=" + v;
    return s.empty() ? "base" : s;
}

std::vector<SweepPoint> expandSweep(const SweepSpec& spec) {
    if (spec.seeds < 1 || spec.seeds > 1000) throw std::invalid_argument("seeds must be between 1 and 1000, got " + std::to_string(spec.seeds));
    if (!spec.grid.empty() && !spec.list.empty()) throw std::invalid_argument("give a grid or a list, not both");
    std::vector<SweepSettings> points;
    if (!spec.list.empty()) {
        for (const SweepSettings& p : spec.list) {
            std::set<std::string> seen;
            for (const auto& [k, v] : p) {
                requireKnown(k);
                if (!seen.insert(k).second) throw std::invalid_argument("sweep list: a point names '" + k + "' twice");
            }
            points.push_back(p);
        }
    } else {
        points.push_back({});
        std::set<std::string> seen;
        for (const auto& [key, values] : spec.grid) {
            requireKnown(key);
            if (!seen.insert(key).second) throw std::invalid_argument("sweep grid: '" + key + "' appears twice");
            if (values.empty()) throw std::invalid_argument("sweep grid: '" + key + "' has no values");
            if (std::set<std::string>(values.begin(), values.end()).size() != values.size())
                throw std::invalid_argument("sweep grid: '" + key + "' repeats a value");
            std::vector<SweepSettings> next;
            for (const SweepSettings& p : points)
                for (const std::string& v : values) {
                    SweepSettings q = p;
                    q.emplace_back(key, v);
                    next.push_back(std::move(q));
                }
            points = std::move(next);
        }
    }
    if (points.size() * std::size_t(spec.seeds) > 10000) throw std::invalid_argument("a sweep of more than 10000 runs is refused");
    std::vector<SweepPoint> out;
    for (const SweepSettings& p : points)
        for (int s = 0; s < spec.seeds; ++s) out.push_back({p, spec.firstSeed + std::uint64_t(s)});
    return out;
}

SweepRunPlan planSweepRun(const SweepSpec& spec, const SweepPoint& point, std::int64_t channels, std::int64_t resolution,
                          std::int64_t classes) {
    PlannedRun s;
    s.config = spec.recipe;
    for (const auto& [k, v] : spec.base) apply(s, k, v);
    for (const auto& [k, v] : point.settings) apply(s, k, v);
    if (s.model.empty()) throw std::invalid_argument("the sweep names no model (give --model or put model in the grid)");
    s.config.seed = point.seed;
    validateTrainConfig(s.config, RecipeSpelling::SweepKey);
    s.options.classes = classes;
    s.options.inChannels = channels;
    s.options.resolution = resolution;
    s.options.stem = models::parseStem(s.stem.empty() ? (resolution <= 64 ? "cifar" : "imagenet") : s.stem);
    SweepRunPlan plan;
    plan.graph = models::buildModel(s.model, s.options);
    models::applyBlockChoices(plan.graph, s.blocks);
    plan.modelName = s.model;
    plan.config = s.config;
    plan.name = (spec.name.empty() ? std::string("sweep") : spec.name) + " " + point.label() + " seed " + std::to_string(point.seed);
    return plan;
}

void validateSweep(const SweepSpec& spec, std::int64_t channels, std::int64_t resolution, std::int64_t classes) {
    for (const SweepPoint& p : expandSweep(spec)) planSweepRun(spec, p, channels, resolution, classes);
}

std::string sweepSpecJson(const SweepSpec& spec) {
    ordered_json j;
    j["format"] = "hlcnn-sweep/1";
    j["name"] = spec.name;
    j["data"] = spec.dataSpec;
    j["image_size"] = spec.imageSize;
    ordered_json base = ordered_json::object();
    for (const auto& [k, v] : spec.base) base[k] = v;
    j["base"] = base;
    j["recipe"] = ordered_json::parse(trainConfigJson(spec.recipe));
    if (!spec.list.empty()) {
        ordered_json list = ordered_json::array();
        for (const SweepSettings& p : spec.list) {
            ordered_json o = ordered_json::object();
            for (const auto& [k, v] : p) o[k] = v;
            list.push_back(o);
        }
        j["list"] = list;
    } else {
        ordered_json grid = ordered_json::object();
        for (const auto& [k, values] : spec.grid) grid[k] = values;
        j["grid"] = grid;
    }
    j["seeds"] = spec.seeds;
    j["first_seed"] = spec.firstSeed;
    return j.dump(2);
}

namespace {
std::string valueText(const ordered_json& v, const std::string& key) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    if (v.is_number()) return roundTripText(v.get<double>());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    throw std::invalid_argument("sweep: the value of '" + key + "' must be a string or a number");
}
}  // namespace

SweepSpec sweepSpecFromJson(const std::string& text) {
    ordered_json j;
    try {
        j = ordered_json::parse(text);
    } catch (const ordered_json::exception& e) {
        throw std::invalid_argument(std::string("the sweep file is not JSON: ") + e.what());
    }
    if (!j.is_object() || j.value("format", std::string()) != "hlcnn-sweep/1")
        throw std::invalid_argument("the sweep file is not an hlcnn-sweep/1 document");
    SweepSpec s;
    try {
        s.name = j.value("name", std::string());
        s.dataSpec = j.value("data", std::string());
        s.imageSize = j.value("image_size", std::int64_t(0));
        if (j.contains("base"))
            for (const auto& [k, v] : j.at("base").items()) s.base.emplace_back(k, valueText(v, k));
        if (j.contains("recipe")) s.recipe = trainConfigFromJson(j.at("recipe").dump());
        if (j.contains("grid"))
            for (const auto& [k, v] : j.at("grid").items()) {
                if (!v.is_array()) throw std::invalid_argument("sweep grid: '" + k + "' must list its values");
                std::vector<std::string> values;
                for (const auto& x : v) values.push_back(valueText(x, k));
                s.grid.emplace_back(k, values);
            }
        if (j.contains("list"))
            for (const auto& p : j.at("list")) {
                if (!p.is_object()) throw std::invalid_argument("sweep list: every point is an object of option: value");
                SweepSettings settings;
                for (const auto& [k, v] : p.items()) settings.emplace_back(k, valueText(v, k));
                s.list.push_back(settings);
            }
        s.seeds = j.value("seeds", 1);
        s.firstSeed = j.value("first_seed", std::uint64_t(0));
    } catch (const ordered_json::exception& e) {
        throw std::invalid_argument(std::string("the sweep file has a bad field: ") + e.what());
    } catch (const std::runtime_error& e) {
        throw std::invalid_argument(e.what());
    }
    return s;
}

std::vector<std::pair<std::string, std::vector<std::string>>> parseSweepGrid(const std::string& text) {
    std::vector<std::pair<std::string, std::vector<std::string>>> grid;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(';', start), text.size());
        const std::string axis = text.substr(start, end - start);
        start = end + 1;
        if (axis.empty()) continue;
        const auto eq = axis.find('=');
        if (eq == std::string::npos || eq == 0) throw std::invalid_argument("--grid: '" + axis + "' is not OPTION=V1,V2,...");
        std::vector<std::string> values;
        const std::string list = axis.substr(eq + 1);
        for (std::size_t s = 0; s <= list.size();) {
            const std::size_t comma = std::min(list.find(',', s), list.size());
            const std::string v = list.substr(s, comma - s);
            if (v.empty()) throw std::invalid_argument("--grid: '" + axis + "' has an empty value");
            values.push_back(v);
            s = comma + 1;
        }
        grid.emplace_back(axis.substr(0, eq), values);
    }
    if (grid.empty()) throw std::invalid_argument("--grid names no option");
    return grid;
}

std::vector<SweepCell> sweepCells(const ExperimentStore& store, std::int64_t sweepId) {
    RunFilter f;
    f.sweepId = sweepId;
    std::vector<SweepCell> cells;
    std::map<std::string, std::size_t> byPoint;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const RunRecord& r : store.runs(f)) {
        auto it = byPoint.find(r.sweepPoint);
        if (it == byPoint.end()) {
            SweepCell c;
            try {
                const ordered_json point = ordered_json::parse(r.sweepPoint.empty() ? "{}" : r.sweepPoint);
                for (const auto& [k, v] : point.items())
                    c.settings.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
            } catch (const ordered_json::exception&) {
                c.settings = {{"point", r.sweepPoint}};
            }
            c.params = r.params, c.macs = r.macs;
            it = byPoint.emplace(r.sweepPoint, cells.size()).first;
            cells.push_back(std::move(c));
        }
        SweepCell& c = cells[it->second];
        c.runIds.push_back(r.id);
        if (r.state != "completed") continue;
        double best = -1;
        for (const EpochMetrics& e : store.epochs(r.id)) best = std::max(best, e.val.top1);
        if (best < 0) continue;
        ++c.completed;
        c.top1.push_back(best);
    }
    // In the grid's own order (imports arrive in any order).
    try {
        const SweepSpec spec = sweepSpecFromJson(store.sweep(sweepId).specJson);
        std::map<std::string, std::size_t> order;
        for (const SweepPoint& p : expandSweep(spec)) order.emplace(p.pointJson(), order.size());
        const auto rank = [&](const SweepCell& c) {
            SweepPoint p{c.settings, 0};
            const auto it = order.find(p.pointJson());
            return it == order.end() ? order.size() : it->second;
        };
        std::stable_sort(cells.begin(), cells.end(), [&](const SweepCell& a, const SweepCell& b) { return rank(a) < rank(b); });
    } catch (const std::exception&) {
        // a sweep recorded without a readable spec keeps the recording order
    }
    for (SweepCell& c : cells) {
        const double n = double(c.top1.size());
        if (c.top1.empty()) {
            c.meanTop1 = c.stdTop1 = nan;
            continue;
        }
        double sum = 0;
        for (double x : c.top1) sum += x;
        c.meanTop1 = sum / n;
        double ss = 0;
        for (double x : c.top1) ss += (x - c.meanTop1) * (x - c.meanTop1);
        c.stdTop1 = c.top1.size() >= 2 ? std::sqrt(ss / (n - 1)) : nan;
    }
    return cells;
}

}  // namespace hlcnn
