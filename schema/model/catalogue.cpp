#include "schema/model/catalogue.h"

#include <sstream>
#include <stdexcept>

namespace casegraph {

extern const std::string_view DEFAULT_CATALOGUE_TEXT;

namespace {
std::optional<PropertySpec> parseType(std::string t) {
  PropertySpec spec;
  if (t.size() > 2 && t.substr(t.size() - 2) == "[]") {
    spec.isList = true;
    t.resize(t.size() - 2);
  }
  if (t == "string") {
    spec.type = ValueType::STRING;
  } else if (t == "int") {
    spec.type = ValueType::INT;
  } else if (t == "float") {
    spec.type = ValueType::FLOAT;
  } else if (t == "bool") {
    spec.type = ValueType::BOOL;
  } else if (t == "date") {
    spec.type = ValueType::DATE;
  } else if (t == "datetime") {
    spec.type = ValueType::DATETIME;
  } else {
    return std::nullopt;
  }
  return spec;
}

std::string specName(const PropertySpec& s) {
  std::string n;
  switch (s.type) {
    case ValueType::INT:
      n = "int";
      break;
    case ValueType::FLOAT:
      n = "float";
      break;
    case ValueType::BOOL:
      n = "bool";
      break;
    case ValueType::DATE:
      n = "date";
      break;
    case ValueType::DATETIME:
      n = "datetime";
      break;
    default:
      n = "string";
  }
  return s.isList ? n + "[]" : n;
}

bool conforms(const Value& v, const PropertySpec& s) {
  if (v.isNull()) return true;
  if (s.isList) {
    if (v.type() != ValueType::LIST) return false;
    for (const auto& e : v.asList()) {
      if (!e.isNull() && e.type() != s.type) return false;
    }
    return true;
  }
  return v.type() == s.type;
}
}  // namespace

std::optional<Catalogue> Catalogue::parse(std::string_view text, std::string& error) {
  Catalogue cat;
  std::istringstream in{std::string(text)};
  std::string line;
  int lineNo = 0;
  LabelSpec* current = nullptr;
  auto fail = [&](const std::string& what) {
    error = "line " + std::to_string(lineNo) + ": " + what;
    return std::nullopt;
  };
  while (std::getline(in, line)) {
    ++lineNo;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string s; words >> s;) w.push_back(s);
    if (w.empty()) continue;
    if (w[0] == "label" && w.size() == 2) {
      current = &cat.labels_[w[1]];
      current->name = w[1];
    } else if (w[0] == "property" && w.size() == 3) {
      if (!current) return fail("'property' before any 'label'");
      auto spec = parseType(w[2]);
      if (!spec) return fail("unknown property type '" + w[2] + "'");
      current->properties[w[1]] = *spec;
    } else if (w[0] == "key" && w.size() == 2) {
      if (!current) return fail("'key' before any 'label'");
      std::vector<std::string> parts;
      std::istringstream ps(w[1]);
      for (std::string p; std::getline(ps, p, ',');) {
        if (!p.empty()) parts.push_back(p);
      }
      current->keys.push_back(std::move(parts));
    } else if (w[0] == "type" && w.size() == 4) {
      cat.types_[w[1]] = TypeSpec{w[1], w[2], w[3]};
      current = nullptr;
    } else {
      return fail("cannot read '" + line + "'");
    }
  }
  return cat;
}

const Catalogue& Catalogue::builtIn() {
  static const Catalogue cat = [] {
    std::string error;
    auto c = parse(DEFAULT_CATALOGUE_TEXT, error);
    if (!c) throw std::logic_error("built-in catalogue: " + error);
    return *c;
  }();
  return cat;
}

const LabelSpec* Catalogue::label(std::string_view name) const {
  auto it = labels_.find(name);
  return it == labels_.end() ? nullptr : &it->second;
}

const TypeSpec* Catalogue::type(std::string_view name) const {
  auto it = types_.find(name);
  return it == types_.end() ? nullptr : &it->second;
}

std::optional<std::string> Catalogue::checkNode(const std::vector<std::string>& labels,
                                                const PropertyMap& props) const {
  for (const auto& l : labels) {
    const LabelSpec* spec = label(l);
    if (!spec) continue;
    for (const auto& [k, v] : props) {
      auto it = spec->properties.find(k);
      if (it == spec->properties.end() || conforms(v, it->second)) continue;
      return l + "." + k + ": expected " + specName(it->second) + ", got " +
             valueTypeName(v.type());
    }
  }
  return std::nullopt;
}

}  // namespace casegraph
