// The entity catalogue (schema/catalogue.txt): known labels with typed properties and keys,
// and relationship types with their usual endpoints. Data, loaded at start-up.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/model/value.h"

namespace casegraph {

struct PropertySpec {
  ValueType type = ValueType::STRING;
  bool isList = false;
};

struct LabelSpec {
  std::string name;
  std::map<std::string, PropertySpec> properties;
  std::vector<std::vector<std::string>> keys;  // each key: property names that identify
};

struct TypeSpec {
  std::string name;
  std::string from;  // label or "*"
  std::string to;
};

class Catalogue {
 public:
  // Parses the catalogue text; on error returns nullopt and sets `error` to "LINE: what".
  static std::optional<Catalogue> parse(std::string_view text, std::string& error);
  // The catalogue built into this binary (schema/catalogue.txt at build time).
  static const Catalogue& builtIn();

  const LabelSpec* label(std::string_view name) const;
  const TypeSpec* type(std::string_view name) const;
  const std::map<std::string, LabelSpec, std::less<>>& labels() const { return labels_; }
  const std::map<std::string, TypeSpec, std::less<>>& types() const { return types_; }

  // Checks property types of a node against the catalogue. Returns a description of the first
  // mismatch ("Vehicle.year: expected int, got string"), or nullopt when it conforms.
  std::optional<std::string> checkNode(const std::vector<std::string>& labels,
                                       const PropertyMap& props) const;

 private:
  std::map<std::string, LabelSpec, std::less<>> labels_;
  std::map<std::string, TypeSpec, std::less<>> types_;
};

}  // namespace casegraph
