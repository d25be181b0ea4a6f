// Link analysis: the investigators' connection and path questions, on a GraphView.
//
// Reachability is always a search with a visited set (each node once per search side); paths
// are never found by enumerating all paths. Every function honours the view's limits and says
// in its result when a limit cut it short.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "query/link/graph-view.h"

namespace casegraph {

struct Path {
  std::vector<uint64_t> nodes;  // from the start to the end
  std::vector<uint64_t> edges;  // edges[i] joins nodes[i] and nodes[i + 1]
  double cost = 0;              // hops, or the weighted cost
  bool operator==(const Path&) const = default;
  bool operator<(const Path& o) const {
    return cost != o.cost                   ? cost < o.cost
           : nodes.size() != o.nodes.size() ? nodes.size() < o.nodes.size()
                                            : std::tie(nodes, edges) < std::tie(o.nodes, o.edges);
  }
};

struct PathResult {
  std::vector<Path> paths;
  Cut cut = Cut::NONE;
  uint64_t visited = 0;
};

// Shortest path by hops (bidirectional breadth-first search). Empty when there is none within
// the hop limit.
PathResult shortestPath(const GraphView& view, uint64_t from, uint64_t to);
// Every shortest path (up to maxResults), by bidirectional search with all parents kept.
PathResult allShortestPaths(const GraphView& view, uint64_t from, uint64_t to);
// The k shortest loopless paths by hops, shortest first (Yen's algorithm).
PathResult kShortestPaths(const GraphView& view, uint64_t from, uint64_t to, size_t k);

// Costs for weighted paths: a numeric relationship property, else a per-type cost, else the
// default. Costs must not be negative.
struct CostModel {
  std::string property;
  std::map<std::string, double> typeCosts;
  double defaultCost = 1.0;
};
// Cheapest path (Dijkstra).
PathResult weightedShortestPath(const GraphView& view, uint64_t from, uint64_t to,
                                const CostModel& costs);

// Paths whose relationships' times (validFrom) move forward (or backward) along the path, at
// most maxGap apart (0 = any gap). The result has the fewest hops among such paths.
struct TimeOrder {
  bool forward = true;
  int64_t maxGapMicros = 0;
};
PathResult timeRespectingPath(const GraphView& view, uint64_t from, uint64_t to,
                              const TimeOrder& order);

// A result subgraph.
struct Subgraph {
  std::vector<uint64_t> nodes;  // in discovery order
  std::vector<uint64_t> edges;
  std::map<uint64_t, uint32_t> depth;    // hops from the nearest seed (expand)
  std::map<uint64_t, std::string> role;  // "entity" or "connector" (connectors)
  std::map<uint64_t, uint64_t> score;    // connectors: pairs joined; whoLinks: paths through
  Cut cut = Cut::NONE;
};

// The number of distinct nodes within 1..hops of `seed` (the seed itself not counted): a
// breadth-first search, each node once.
struct ReachResult {
  uint64_t count = 0;
  Cut cut = Cut::NONE;
};
ReachResult reach(const GraphView& view, uint64_t seed, uint32_t hops);

// Every node first reached at depth 1..hops from `seed` (a breadth-first search, each node
// once): fn(node, depth) returns false to stop. `seedCycle` is the length of the shortest
// closed trail through the seed (a cycle using no relationship twice) of at most `hops`
// relationships, 0 when there is none: with it, "the nodes at the end of a trail of 1..hops
// relationships" (Cypher's variable-length semantics, seen as a set) is the reached nodes,
// plus the seed itself when seedCycle > 0. Without `findSeedCycle` seedCycle stays 0 and the
// search keeps no tree (a caller that leaves the seed out anyway).
struct LevelsResult {
  uint32_t seedCycle = 0;
  Cut cut = Cut::NONE;
};
LevelsResult forEachWithin(const GraphView& view, uint64_t seed, uint32_t hops,
                           const std::function<bool(uint64_t node, uint32_t depth)>& fn,
                           bool findSeedCycle = true);

// Everything within `hops` of the seeds.
Subgraph expand(const GraphView& view, const std::vector<uint64_t>& seeds, uint32_t hops);
// The network of all paths of at most `hops` between any two of the entities: a node x is in
// it when dist(a, x) + dist(x, b) <= hops for some pair (a, b), with each node's role.
Subgraph connectors(const GraphView& view, const std::vector<uint64_t>& entities, uint32_t hops);
// Nodes adjacent to every one of the entities, with the connecting relationships.
Subgraph commonNeighbours(const GraphView& view, const std::vector<uint64_t>& entities);

struct Intermediary {
  uint64_t node;
  uint64_t paths;  // shortest a-b paths through this node
  bool operator==(const Intermediary&) const = default;
};
struct WhoLinksResult {
  uint32_t distance = 0;             // hops between a and b; 0 when not connected
  uint64_t totalPaths = 0;           // number of shortest paths
  std::vector<Intermediary> ranked;  // most paths first, then by id
  Cut cut = Cut::NONE;
};
// Who links A and B: the nodes on shortest a-b paths, ranked by how many pass through each.
WhoLinksResult whoLinks(const GraphView& view, uint64_t a, uint64_t b);

}  // namespace casegraph
