#include "tck/actual-value.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace casegraph::tck {

namespace {

constexpr int64_t NANOS_PER_SECOND = 1'000'000'000;

TckMap fromProperties(const PropertyMap& properties) {
  TckMap map;
  for (const auto& [key, value] : properties) mapPut(map, key, fromStoreValue(value));
  return map;
}

TckValue missing(const char* what, uint64_t id) {
  return TckValue{TckOther{std::string("<") + what + " " + std::to_string(id) + " not found>"}};
}

std::optional<TckNode> readNode(uint64_t id, const Reader& reader) {
  const auto node = reader.node(id);
  if (!node) return std::nullopt;
  TckNode out;
  out.labels = node->labels;
  std::sort(out.labels.begin(), out.labels.end());
  out.properties = fromProperties(node->properties);
  return out;
}

std::optional<TckRelationship> readRelationship(uint64_t id, const Reader& reader) {
  const auto edge = reader.edge(id);
  if (!edge) return std::nullopt;
  return TckRelationship{edge->type, fromProperties(edge->properties)};
}

// A path's direction of travel over each relationship comes from the stored endpoints: the
// relationship points forward when it starts at the node the path reaches it from.
TckValue fromPath(const cypher::PathRef& path, const Reader& reader) {
  if (path.nodes.size() != path.rels.size() + 1) {
    return TckValue{TckOther{"<malformed path: " + std::to_string(path.nodes.size()) + " nodes, " +
                             std::to_string(path.rels.size()) + " relationships>"}};
  }
  TckPath out;
  for (const uint64_t id : path.nodes) {
    auto node = readNode(id, reader);
    if (!node) return missing("node", id);
    out.nodes.push_back(std::move(*node));
  }
  for (size_t i = 0; i < path.rels.size(); ++i) {
    const auto edge = reader.edge(path.rels[i]);
    if (!edge) return missing("relationship", path.rels[i]);
    out.relationships.push_back({edge->type, fromProperties(edge->properties)});
    out.forward.push_back(edge->start == path.nodes[i] && edge->end == path.nodes[i + 1]);
  }
  return TckValue{std::move(out)};
}

}  // namespace

TckValue fromStoreValue(const Value& value) {
  switch (value.type()) {
    case ValueType::NUL:
      return TckValue{};
    case ValueType::BOOL:
      return TckValue{value.asBool()};
    case ValueType::INT:
      return TckValue{value.asInt()};
    case ValueType::FLOAT:
      return TckValue{value.asFloat()};
    case ValueType::STRING:
      return TckValue{value.asString()};
    case ValueType::BYTES:
      return TckValue{TckOther{"<" + std::to_string(value.asBytes().data.size()) + " bytes>"}};
    case ValueType::DATE:
      return TckValue{cypher::temporalText(cypher::QValue(value.asDate()))};
    case ValueType::DATETIME:
      // As a query reads the property back: the same text as a datetime in a result column.
      return TckValue{cypher::temporalText(cypher::QValue(value.asDateTime()))};
    case ValueType::DURATION:
      return TckValue{TckOther{formatDuration(value.asDuration())}};
    case ValueType::LIST: {
      TckList list;
      for (const auto& item : value.asList()) list.push_back(fromStoreValue(item));
      return TckValue{std::move(list)};
    }
  }
  return TckValue{TckOther{"<unknown store value>"}};
}

TckValue fromQueryValue(const cypher::QValue& value, const Reader& reader) {
  using cypher::QType;
  switch (value.type()) {
    case QType::NUL:
      return TckValue{};
    case QType::BOOL:
      return TckValue{value.asBool()};
    case QType::INT:
      return TckValue{value.asInt()};
    case QType::FLOAT:
      return TckValue{value.asFloat()};
    case QType::STRING:
      return TckValue{value.asString()};
    case QType::BYTES:
      return fromStoreValue(Value(value.asBytes()));
    case QType::DATE:
    case QType::DATETIME:
    case QType::LOCALDATETIME:
    case QType::TIME:
    case QType::LOCALTIME:
      // The TCK writes temporal values as strings in openCypher's format.
      return TckValue{cypher::temporalText(value)};
    case QType::DURATION:
      return TckValue{TckOther{formatDuration(value.asDuration())}};
    case QType::POINT: {
      const auto& p = value.asPoint();
      return TckValue{TckOther{"point({srid:" + std::to_string(p.srid) +
                               ", x:" + std::to_string(p.x) + ", y:" + std::to_string(p.y) + "})"}};
    }
    case QType::LIST: {
      TckList list;
      for (const auto& item : value.asList()) list.push_back(fromQueryValue(item, reader));
      return TckValue{std::move(list)};
    }
    case QType::MAP: {
      TckMap map;
      for (const auto& [key, item] : value.asMap()) mapPut(map, key, fromQueryValue(item, reader));
      return TckValue{std::move(map)};
    }
    case QType::NODE: {
      auto node = readNode(value.asNode().id, reader);
      if (!node) return missing("node", value.asNode().id);
      return TckValue{std::move(*node)};
    }
    case QType::RELATIONSHIP: {
      auto rel = readRelationship(value.asRel().id, reader);
      if (!rel) return missing("relationship", value.asRel().id);
      return TckValue{std::move(*rel)};
    }
    case QType::PATH:
      return fromPath(value.asPath(), reader);
  }
  return TckValue{TckOther{"<unknown query value>"}};
}

}  // namespace casegraph::tck
