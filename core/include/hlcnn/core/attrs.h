// Typed node attributes: the values a graph node carries in its "attrs" object.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace hlcnn {

using AttrValue = std::variant<std::int64_t, double, bool, std::string>;

enum class AttrType { Int, Float, Bool, String };

std::string attrTypeName(AttrType type);
std::string attrValueToString(const AttrValue& value);

class Attrs {
public:
    bool has(const std::string& name) const { return values_.count(name) != 0; }
    void set(const std::string& name, AttrValue value) { values_[name] = std::move(value); }
    void erase(const std::string& name) { values_.erase(name); }
    const AttrValue* find(const std::string& name) const;

    // Typed getters; they throw std::invalid_argument when the attribute is absent or of another type.
    std::int64_t integer(const std::string& name) const;
    double real(const std::string& name) const;  // accepts integers too
    bool boolean(const std::string& name) const;
    const std::string& string(const std::string& name) const;

    const std::map<std::string, AttrValue>& values() const { return values_; }
    bool operator==(const Attrs& other) const { return values_ == other.values_; }

private:
    std::map<std::string, AttrValue> values_;
};

// Description of one attribute an op accepts: drives validation, defaults and the GUI's typed editors.
struct AttrSpec {
    std::string name;
    AttrType type = AttrType::Int;
    bool required = false;
    AttrValue defaultValue = std::int64_t{0};
    double minValue = -1e18;
    double maxValue = 1e18;
    std::vector<std::string> choices;  // for String attributes: the allowed values
    std::string help;
};

}  // namespace hlcnn
