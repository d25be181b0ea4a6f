// The TCK's side effects of a query, measured by comparing the graph before and after it
// (not from the executor's own counters, which are what is being tested):
//
//   +nodes / -nodes                  node ids that appeared / disappeared
//   +relationships / -relationships  relationship ids that appeared / disappeared
//   +labels / -labels                label names in use anywhere in the graph that appeared /
//                                    disappeared (two new :A nodes in an empty graph: +1)
//   +properties / -properties        (entity, key, value) facts that appeared / disappeared;
//                                    changing a value is one of each
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "graphd/store/store.h"
#include "tck/gherkin.h"

namespace casegraph::tck {

struct GraphState {
  // One property of one node ('n') or relationship ('r'); the value in a canonical text that
  // orders totally (floats by their bits, so NaN and -0.0 are values like any other).
  struct Property {
    char entity;
    uint64_t id;
    std::string key;
    std::string value;
    auto operator<=>(const Property&) const = default;
  };
  std::set<uint64_t> nodes;
  std::set<uint64_t> relationships;
  std::set<std::string> labels;
  std::set<Property> properties;
};

GraphState captureState(const Reader& reader);

// All eight counters, by their TCK names (+nodes, -nodes, ...).
using SideEffects = std::map<std::string, uint64_t>;
SideEffects sideEffects(const GraphState& before, const GraphState& after);

// The expected counters from a `side effects should be:` table, the ones it leaves out zero.
// nullopt, with `error` set, for a row that is not a known counter and a count.
std::optional<SideEffects> expectedSideEffects(const Table& table, std::string& error);

// "+nodes 1, +labels 1" (the non-zero ones; "none" when there are none).
std::string formatSideEffects(const SideEffects& effects);

}  // namespace casegraph::tck
