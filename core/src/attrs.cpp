#include "hlcnn/core/attrs.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace hlcnn {

std::string attrTypeName(AttrType type) {
    switch (type) {
    case AttrType::Int: return "integer";
    case AttrType::Float: return "number";
    case AttrType::Bool: return "boolean";
    case AttrType::String: return "string";
    }
    return "?";
}

std::string attrValueToString(const AttrValue& value) {
    struct Visitor {
        std::string operator()(std::int64_t v) const { return std::to_string(v); }
        std::string operator()(double v) const {
            std::ostringstream s;
            s << v;
            return s.str();
        }
        std::string operator()(bool v) const { return v ? "true" : "false"; }
        std::string operator()(const std::string& v) const { return v; }
    };
    return std::visit(Visitor{}, value);
}

const AttrValue* Attrs::find(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? nullptr : &it->second;
}

namespace {
[[noreturn]] void missing(const std::string& name, const char* type) {
    throw std::invalid_argument("attribute '" + name + "' is missing or not " + type);
}
}  // namespace

std::int64_t Attrs::integer(const std::string& name) const {
    const AttrValue* v = find(name);
    if (!v || !std::holds_alternative<std::int64_t>(*v)) missing(name, "an integer");
    return std::get<std::int64_t>(*v);
}

double Attrs::real(const std::string& name) const {
    const AttrValue* v = find(name);
    if (v && std::holds_alternative<double>(*v)) return std::get<double>(*v);
    if (v && std::holds_alternative<std::int64_t>(*v)) return double(std::get<std::int64_t>(*v));
    missing(name, "a number");
}

bool Attrs::boolean(const std::string& name) const {
    const AttrValue* v = find(name);
    if (!v || !std::holds_alternative<bool>(*v)) missing(name, "a boolean");
    return std::get<bool>(*v);
}

const std::string& Attrs::string(const std::string& name) const {
    const AttrValue* v = find(name);
    if (!v || !std::holds_alternative<std::string>(*v)) missing(name, "a string");
    return std::get<std::string>(*v);
}

}  // namespace hlcnn
