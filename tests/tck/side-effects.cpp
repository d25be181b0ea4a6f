#include "tck/side-effects.h"

#include <algorithm>
#include <bit>
#include <charconv>

namespace casegraph::tck {

namespace {

const char* const COUNTERS[] = {"+nodes",  "-nodes",  "+relationships", "-relationships",
                                "+labels", "-labels", "+properties",    "-properties"};

// A text that identifies the value exactly: type tag, then contents (strings length-prefixed
// so that list items cannot run into each other).
void appendCanonical(std::string& out, const Value& v) {
  out += std::to_string(static_cast<int>(v.type())) + ":";
  switch (v.type()) {
    case ValueType::NUL:
      break;
    case ValueType::BOOL:
      out += v.asBool() ? "1" : "0";
      break;
    case ValueType::INT:
      out += std::to_string(v.asInt());
      break;
    case ValueType::FLOAT:
      out += std::to_string(std::bit_cast<uint64_t>(v.asFloat()));
      break;
    case ValueType::STRING:
      out += std::to_string(v.asString().size()) + ":" + v.asString();
      break;
    case ValueType::BYTES:
      out += std::to_string(v.asBytes().data.size()) + ":" + v.asBytes().data;
      break;
    case ValueType::DATE:
      out += std::to_string(v.asDate().days);
      break;
    case ValueType::DATETIME:
      out += std::to_string(v.asDateTime().micros);
      break;
    case ValueType::LIST:
      out += std::to_string(v.asList().size()) + "[";
      for (const auto& item : v.asList()) appendCanonical(out, item);
      out += "]";
      break;
    case ValueType::DURATION:
      out += formatDuration(v.asDuration());
      break;
  }
  out += ";";
}

void addProperties(GraphState& state, char entity, uint64_t id, const PropertyMap& properties) {
  for (const auto& [key, value] : properties) {
    std::string canonical;
    appendCanonical(canonical, value);
    state.properties.insert({entity, id, key, std::move(canonical)});
  }
}

// How many elements of `a` are not in `b` (both sorted sets).
template <typename T>
uint64_t countMissing(const std::set<T>& a, const std::set<T>& b) {
  uint64_t n = 0;
  for (const auto& x : a) n += b.count(x) == 0 ? 1 : 0;
  return n;
}

}  // namespace

GraphState captureState(const Reader& reader) {
  GraphState state;
  reader.scanNodes([&](uint64_t id) {
    state.nodes.insert(id);
    if (const auto node = reader.node(id)) {
      state.labels.insert(node->labels.begin(), node->labels.end());
      addProperties(state, 'n', id, node->properties);
    }
    return true;
  });
  reader.scanEdges([&](uint64_t id) {
    state.relationships.insert(id);
    if (const auto edge = reader.edge(id)) addProperties(state, 'r', id, edge->properties);
    return true;
  });
  return state;
}

SideEffects sideEffects(const GraphState& before, const GraphState& after) {
  return {
      {"+nodes", countMissing(after.nodes, before.nodes)},
      {"-nodes", countMissing(before.nodes, after.nodes)},
      {"+relationships", countMissing(after.relationships, before.relationships)},
      {"-relationships", countMissing(before.relationships, after.relationships)},
      {"+labels", countMissing(after.labels, before.labels)},
      {"-labels", countMissing(before.labels, after.labels)},
      {"+properties", countMissing(after.properties, before.properties)},
      {"-properties", countMissing(before.properties, after.properties)},
  };
}

std::optional<SideEffects> expectedSideEffects(const Table& table, std::string& error) {
  SideEffects effects;
  for (const char* name : COUNTERS) effects[name] = 0;
  for (const auto& row : table) {
    if (row.size() != 2 || effects.count(row[0]) == 0) {
      error = "unknown side effects row: " + (row.empty() ? std::string("(empty)") : row[0]);
      return std::nullopt;
    }
    uint64_t n = 0;
    const auto r = std::from_chars(row[1].data(), row[1].data() + row[1].size(), n);
    if (r.ec != std::errc() || r.ptr != row[1].data() + row[1].size()) {
      error = "side effect count is not a number: " + row[1];
      return std::nullopt;
    }
    effects[row[0]] = n;
  }
  return effects;
}

std::string formatSideEffects(const SideEffects& effects) {
  std::string out;
  for (const char* name : COUNTERS) {
    const auto at = effects.find(name);
    if (at == effects.end() || at->second == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::string(name) + " " + std::to_string(at->second);
  }
  return out.empty() ? "none" : out;
}

}  // namespace casegraph::tck
