#include "client/lib/link-types.h"

namespace casegraph {

std::vector<uint64_t> LinkResult::nodeIds() const {
  std::vector<uint64_t> ids;
  ids.reserve(nodes.size());
  for (const auto& n : nodes) ids.push_back(n.id);
  return ids;
}

std::vector<uint64_t> LinkResult::relationshipIds() const {
  std::vector<uint64_t> ids;
  ids.reserve(relationships.size());
  for (const auto& e : relationships) ids.push_back(e.id);
  return ids;
}

std::unordered_map<uint64_t, const NodeFacts*> LinkResult::factsByNode() const {
  std::unordered_map<uint64_t, const NodeFacts*> index;
  index.reserve(facts.size());
  for (const auto& f : facts) index.emplace(f.node, &f);
  return index;
}

}  // namespace casegraph
