// Small helper the generators use to append nodes in order (internal to models).
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/core/op_registry.h"
#include "hlcnn/models/zoo.h"

#include <string>
#include <vector>

namespace hlcnn::models {

class A {  // attribute list shorthand: A().i("stride", 2)
public:
    A& i(const std::string& k, std::int64_t v) { a_.set(k, v); return *this; }
    A& f(const std::string& k, double v) { a_.set(k, v); return *this; }
    A& b(const std::string& k, bool v) { a_.set(k, v); return *this; }
    A& s(const std::string& k, std::string v) { a_.set(k, std::move(v)); return *this; }
    operator Attrs() const { return a_; }  // NOLINT

private:
    Attrs a_;
};

A convAttrs(std::int64_t out, std::int64_t kernel, std::int64_t stride = 1, bool bias = false);

class GraphBuilder {
public:
    GraphBuilder(std::string name, const ModelOptions& o, std::int64_t defaultImagenetRes = 224);

    std::string add(const std::string& id, const std::string& op, std::vector<std::string> inputs, Attrs attrs = {});
    // conv2d + batchnorm [+ activation] as id.0, id.1, id.2 (torchvision's Conv2dNormActivation)
    std::string convBnAct(const std::string& id, const std::string& in, Attrs conv, const std::string& act,
                          double eps = 1e-5);
    // global average pool + flatten
    std::string pool(const std::string& id, const std::string& in);
    Graph finish(const std::string& output);

    const ModelOptions& options() const { return o_; }
    bool cifar() const { return o_.stem == Stem::Cifar; }
    std::int64_t channels(double c, std::int64_t divisor = 8) const;  // width-scaled, made divisible

private:
    Graph g_;
    ModelOptions o_;
};

Graph mobilenetV1(const ModelOptions& o);
Graph mobilenetV2(const ModelOptions& o);
Graph mobilenetV3(const ModelOptions& o, bool large);
Graph shufflenetV1(const ModelOptions& o);
Graph shufflenetV2(const ModelOptions& o, double size);
Graph squeezenet(const ModelOptions& o, bool v11);
Graph ghostnet(const ModelOptions& o);
Graph efficientnetB0(const ModelOptions& o);
Graph resnet18(const ModelOptions& o);
Graph hlcnn(const ModelOptions& o, char size);

}  // namespace hlcnn::models
