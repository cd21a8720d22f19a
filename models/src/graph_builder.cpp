#include "graph_builder.h"

#include <stdexcept>

namespace hlcnn::models {

A convAttrs(std::int64_t out, std::int64_t kernel, std::int64_t stride, bool bias) {
    A a;
    a.i("out_channels", out).i("kernel", kernel).i("stride", stride).b("bias", bias);
    return a;
}

GraphBuilder::GraphBuilder(std::string name, const ModelOptions& o, std::int64_t defaultImagenetRes) : o_(o) {
    if (o.classes < 1) throw std::invalid_argument("classes must be at least 1");
    if (o.width <= 0 || o.width > 8) throw std::invalid_argument("width multiplier must be in (0, 8]");
    if (o.inChannels < 1) throw std::invalid_argument("input channels must be at least 1");
    const std::int64_t res = o.resolution > 0 ? o.resolution : (o.stem == Stem::Cifar ? 32 : defaultImagenetRes);
    g_.name = std::move(name);
    g_.input.dims = {o.inChannels, res, res};
}

std::string GraphBuilder::add(const std::string& id, const std::string& op, std::vector<std::string> inputs, Attrs attrs) {
    g_.nodes.push_back(Node{id, op, std::move(inputs), std::move(attrs)});
    return id;
}

std::string GraphBuilder::convBnAct(const std::string& id, const std::string& in, Attrs conv, const std::string& act,
                                    double eps) {
    std::string x = add(id + ".0", "conv2d", {in}, std::move(conv));
    x = add(id + ".1", "batchnorm", {x}, A().f("eps", eps));
    if (!act.empty()) x = add(id + ".2", act, {x});
    return x;
}

std::string GraphBuilder::pool(const std::string& id, const std::string& in) {
    const std::string p = add(id, "global_avgpool", {in});
    return add(id + "_flatten", "flatten", {p});
}

Graph GraphBuilder::finish(const std::string& output) {
    g_.outputs = {output};
    return std::move(g_);
}

std::int64_t GraphBuilder::channels(double c, std::int64_t divisor) const { return makeDivisible(c * o_.width, divisor); }

}  // namespace hlcnn::models
