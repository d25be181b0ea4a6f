// The values of link analysis on the client side: what a search may follow and how far
// (LinkFilterSpec, LinkLimitsSpec), what a path search asks for (PathRequestSpec), and what
// comes back (LinkResult with its paths, subgraph and per-node facts). Plain copyable values;
// client/lib/convert.h maps them to and from schema/graph.capnp, docs/rpc.md ("Link analysis")
// describes the server side.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "schema/model/value.h"
#include "schema/graph.capnp.h"

namespace casegraph {

// Maps to rpc::LinkFilter. The defaults follow everything: both directions, every type and
// label, no valid-time window, no degree cap.
struct LinkFilterSpec {
  rpc::Direction direction = rpc::Direction::BOTH;
  std::vector<std::string> types;   // relationship types to follow; empty = all
  std::vector<std::string> labels;  // nodes passed through need one of these; empty = any
  int64_t windowFrom = TIME_MIN;    // valid-time window in microseconds; TIME_MIN = open
  int64_t windowTo = TIME_MAX;      // TIME_MAX = open
  uint64_t maxDegree = 0;           // do not pass through busier nodes; 0 = no cap
  bool operator==(const LinkFilterSpec&) const = default;
};

// Maps to rpc::LinkLimits; 0 leaves a bound at the server's default.
struct LinkLimitsSpec {
  uint32_t maxHops = 0;
  uint64_t maxVisited = 0;
  uint64_t maxResults = 0;
  uint32_t deadlineMs = 0;
  bool operator==(const LinkLimitsSpec&) const = default;
};

// Maps to rpc::PathRequest. Fields other than kind, from and to matter only to the kinds
// named beside them.
struct PathRequestSpec {
  rpc::PathKind kind = rpc::PathKind::SHORTEST;
  uint64_t from = 0;
  uint64_t to = 0;
  uint32_t k = 0;                           // K_SHORTEST
  std::string costProperty;                 // WEIGHTED: a numeric relationship property
  std::map<std::string, double> typeCosts;  // WEIGHTED: cost per relationship type
  double defaultCost = 1.0;                 // WEIGHTED
  bool timeBackward = false;                // TIME_RESPECTING
  int64_t maxGapMicros = 0;                 // TIME_RESPECTING: 0 = any gap
  bool operator==(const PathRequestSpec&) const = default;
};

// One path: relationships[i] joins nodes[i] and nodes[i + 1], in either direction.
struct PathValue {
  std::vector<Node> nodes;
  std::vector<Edge> relationships;
  double cost = 0;  // hops, or the weighted cost
  bool operator==(const PathValue&) const = default;
};

// What the server knows about one node of a subgraph result; which fields are set depends on
// the call (see schema/graph.capnp, NodeFacts).
struct NodeFacts {
  uint64_t node = 0;
  uint32_t depth = 0;  // expand: hops from the nearest seed
  std::string role;    // connectors: "entity" or "connector"
  double score = 0;    // connectors: pairs joined; whoLinks: shortest paths through it
  uint32_t component = 0;
  uint32_t community = 0;
  uint64_t degree = 0;
  double betweenness = 0;
  double pagerank = 0;
  bool operator==(const NodeFacts&) const = default;
};

struct LinkResult {
  std::vector<PathValue> paths;
  std::vector<Node> nodes;
  std::vector<Edge> relationships;
  std::vector<NodeFacts> facts;
  bool truncated = false;   // a limit cut the search short
  std::string note;         // which limit, when truncated
  uint64_t visited = 0;     // nodes the search touched
  uint32_t distance = 0;    // whoLinks: hops between the two; 0 = not connected
  uint64_t totalPaths = 0;  // whoLinks: number of shortest paths
  uint64_t count = 0;       // reach: nodes within the hops

  std::vector<uint64_t> nodeIds() const;
  std::vector<uint64_t> relationshipIds() const;
  // The facts by node id. The pointers point into `facts`: they are valid while it is unchanged.
  std::unordered_map<uint64_t, const NodeFacts*> factsByNode() const;
};

}  // namespace casegraph
