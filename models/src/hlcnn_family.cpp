// The HL-CNN family, our reading of the seed paper (docs/hlcnn-design.md explains each choice):
// depthwise-separable bottlenecks with channel attention, each block's output F1 fused with its
// input F2 by learnable weights (alpha*F1 + beta*F2), and a multi-scale head fusing the last two
// stages the same way.
#include "graph_builder.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hlcnn::models {

namespace {

struct StageCfg {
    int out, repeats, stride, expand, kernel;
    const char* attention;  // "se" | "eca" | "none"
};

struct FamilyCfg {
    int stem, head;
    std::vector<StageCfg> stages;
};

FamilyCfg config(char size) {
    switch (size) {
    case 's':
        return {16, 640, {{16, 1, 1, 1, 3, "none"}, {24, 2, 2, 3, 3, "none"}, {40, 2, 2, 3, 5, "se"},
                          {80, 3, 2, 4, 3, "se"},   {112, 2, 1, 4, 3, "se"},  {160, 2, 2, 4, 5, "se"}}};
    case 'm':
        return {24, 1024, {{16, 1, 1, 1, 3, "none"}, {32, 2, 2, 4, 3, "none"}, {48, 3, 2, 4, 5, "se"},
                           {96, 3, 2, 4, 3, "se"},   {136, 3, 1, 4, 3, "se"},  {208, 3, 2, 4, 5, "se"}}};
    case 'l':
        return {32, 1280, {{24, 1, 1, 1, 3, "none"}, {40, 3, 2, 5, 3, "none"}, {64, 4, 2, 5, 5, "se"},
                           {128, 4, 2, 5, 3, "se"},  {176, 4, 1, 6, 3, "se"},  {256, 4, 2, 6, 5, "se"}}};
    default:
        throw std::invalid_argument("HL-CNN sizes are s, m and l");
    }
}

}  // namespace

Graph hlcnn(const ModelOptions& o, char size) {
    const FamilyCfg cfg = config(size);
    GraphBuilder b(std::string("hlcnn_") + size, o);
    const bool cifar = b.cifar();
    std::string x = b.convBnAct("stem", kGraphInputId, convAttrs(b.channels(cfg.stem), 3, cifar ? 1 : 2), "hardswish");
    std::string previousStage;
    int stageIndex = 0;
    for (const StageCfg& st : cfg.stages) {
        ++stageIndex;
        const std::int64_t out = b.channels(st.out);
        const int repeats = std::max(1, int(std::lround(st.repeats * o.depth)));
        for (int i = 0; i < repeats; ++i) {
            int stride = i == 0 ? st.stride : 1;
            if (cifar && stageIndex == 2 && i == 0) stride = 1;  // CIFAR: 32x32 -> 4x4 over three stride-2 stages
            x = b.add("stage" + std::to_string(stageIndex) + "." + std::to_string(i), "hlcnn_block", {x},
                      A().i("out_channels", out).f("expand_ratio", st.expand).i("kernel", st.kernel).i("stride", stride)
                          .s("attention", st.attention).s("activation", stageIndex <= 2 ? "relu" : "hardswish")
                          .s("fusion", "learnable"));
        }
        if (stageIndex == int(cfg.stages.size()) - 1) previousStage = x;
    }
    // Multi-scale fusion: the last stage (F1) with the one before it (F2, pooled and projected).
    x = b.add("head_fusion", "fusion", {x, previousStage}, A().s("mode", "channel"));
    x = b.convBnAct("head", x, convAttrs(b.channels(cfg.head), 1), "hardswish");
    x = b.pool("avgpool", x);
    x = b.add("classifier.0", "dropout", {x}, A().f("p", 0.2));
    return b.finish(b.add("classifier.1", "linear", {x}, A().i("out_features", o.classes)));
}

namespace {

void checkChoices(const BlockChoices& c) {
    const auto oneOf = [](const char* what, const std::string& v, std::initializer_list<const char*> allowed) {
        std::string list;
        for (const char* a : allowed) {
            if (v == a) return;
            list += (list.empty() ? "" : ", ") + std::string(a);
        }
        throw std::invalid_argument(std::string(what) + " must be one of " + list + ", got '" + v + "'");
    };
    if (!c.attention.empty()) oneOf("attention", c.attention, {"none", "se", "eca"});
    if (!c.fusion.empty()) oneOf("fusion", c.fusion, {"learnable", "add", "none"});
    if (c.seReduction != 0 && (c.seReduction < 1 || c.seReduction > 64))
        throw std::invalid_argument("se_reduction must be an integer between 1 and 64, got " + std::to_string(c.seReduction));
}

void setChoices(Node& n, const BlockChoices& c) {
    if (c.seReduction != 0) n.attrs.set("se_reduction", std::int64_t(c.seReduction));
    if (!c.fusion.empty()) n.attrs.set("fusion", c.fusion);
}

}  // namespace

void applyBlockChoices(Graph& graph, const BlockChoices& c, const std::string& nodeId) {
    checkChoices(c);
    Node* n = graph.findNode(nodeId);
    if (!n) throw std::invalid_argument("the graph has no node '" + nodeId + "'");
    if (n->op != "hlcnn_block") throw std::invalid_argument("'" + nodeId + "' is a " + n->op + ", not an HL-CNN block");
    if (!c.attention.empty()) n->attrs.set("attention", c.attention);
    setChoices(*n, c);
}

void applyBlockChoices(Graph& graph, const BlockChoices& c) {
    checkChoices(c);
    if (c.attention.empty() && c.fusion.empty() && c.seReduction == 0) return;
    int blocks = 0;
    for (Node& n : graph.nodes) {
        if (n.op != "hlcnn_block") continue;
        ++blocks;
        // The design gives attention to the later stages only; the choice replaces it there.
        const AttrValue* own = n.attrs.find("attention");
        const bool hasAttention = !own || std::get<std::string>(*own) != "none";  // absent: the op's default, se
        if (!c.attention.empty() && hasAttention) n.attrs.set("attention", c.attention);
        setChoices(n, c);
    }
    if (blocks == 0)
        throw std::invalid_argument("'" + graph.name + "' has no HL-CNN blocks for attention, se_reduction or fusion (use an hlcnn_* model)");
}

}  // namespace hlcnn::models
