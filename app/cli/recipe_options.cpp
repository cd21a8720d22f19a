#include "recipe_options.h"

#include <torch/cuda.h>

#include <stdexcept>

namespace hlcnn::cli {

namespace {

std::string pad(std::string text, std::size_t width) {
    if (text.size() < width)
        text.append(width - text.size(), ' ');
    else
        text += "  ";
    return text;
}

}  // namespace

const std::set<std::string>& recipeOptionNames() {
    static const std::set<std::string> names = [] {
        std::set<std::string> s;
        for (const RecipeField& f : recipeFields())
            if (f.type != RecipeType::Switch) s.insert(f.name);
        return s;
    }();
    return names;
}

const std::set<std::string>& recipeFlagNames() {
    static const std::set<std::string> names = [] {
        std::set<std::string> s;
        for (const RecipeField& f : recipeFields())
            if (f.type == RecipeType::Switch) s.insert(f.flag);
        return s;
    }();
    return names;
}

TrainConfig trainConfigFromArguments(const Arguments& args) {
    TrainConfig c;  // the recipe defaults live in TrainConfig, shared with the workbench's launcher
    try {
        for (const RecipeField& f : recipeFields()) {
            if (f.type == RecipeType::Switch) {
                if (args.has(f.flag)) setRecipeValue(c, f, f.flagSets ? "true" : "false");
            } else if (args.has(f.name)) {
                setRecipeValue(c, f, args.value(f.name));
            }
        }
        validateTrainConfig(c);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    if (args.declares("out")) c.outDir = args.value("out");
    if (c.device == "cuda" && !torch::cuda::is_available())
        throw UsageError("--device cuda: this LibTorch build has no CUDA device available");
    return c;
}

std::string recipeHelp() {
    std::string text, section;
    for (const RecipeField& f : recipeFields()) {
        if (f.section != section) {
            section = f.section;
            text += "  recipe, " + section + ":\n";
        }
        std::string usage, note;
        if (f.type == RecipeType::Switch) {
            usage = "--" + f.flag;
            note = f.flagSets ? " (default off)" : ": turn off (default on)";
        } else {
            usage = "--" + f.name + " " + f.valueName;
            note = " (default " + f.defaultText() + ")";
        }
        text += "    " + pad(usage, 36) + f.help + note + "\n";
    }
    return text;
}

}  // namespace hlcnn::cli
