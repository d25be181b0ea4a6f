// The link-analysis calls' plumbing between schema/graph.capnp and query/link: requests read
// into filters and limits (bounded by the server maximums), answers loaded from the snapshot
// on a worker and written into the reply on the event loop.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "graphd/store/store.h"
#include "query/link/graph-view.h"
#include "query/link/network.h"
#include "query/link/paths.h"
#include "schema/graph.capnp.h"

namespace casegraph {

struct LinkDefaults {
  static constexpr uint32_t HOPS = 6, MAX_HOPS = 20;
  static constexpr uint64_t VISITED = 2'000'000, MAX_VISITED = 50'000'000;
  static constexpr uint64_t RESULTS = 1000, MAX_RESULTS = 1'000'000;
  static constexpr uint32_t DEADLINE_MS = 30'000, MAX_DEADLINE_MS = 300'000;
};

// A link-analysis answer as plain values, built on a worker and sent from the event loop.
struct LinkOutcome {
  struct PathOut {
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    double cost = 0;
  };
  std::vector<PathOut> paths;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<std::pair<uint64_t, NodeScores>> scores;  // analyse
  std::map<uint64_t, uint32_t> depth;
  std::map<uint64_t, std::string> role;
  std::map<uint64_t, double> score;
  Cut cut = Cut::NONE;
  uint64_t visited = 0;
  uint32_t distance = 0;
  uint64_t totalPaths = 0;
  uint64_t count = 0;
  std::string text;
};

TraversalFilter readFilter(rpc::LinkFilter::Reader f);
SearchLimits readLimits(rpc::LinkLimits::Reader l);

// Loads the records of `pr`'s paths (or `g`'s nodes and relationships) from `r` into `out`.
void loadPaths(const Reader& r, const PathResult& pr, LinkOutcome& out);
void loadSubgraph(const Reader& r, const Subgraph& g, LinkOutcome& out);

void fillLink(rpc::LinkResult::Builder r, const LinkOutcome& o);

}  // namespace casegraph
