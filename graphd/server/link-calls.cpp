#include "graphd/server/link-calls.h"

#include <algorithm>
#include <string>

#include "graphd/server/rpc-errors.h"
#include "schema/codec/graph-codec.h"

namespace casegraph {

TraversalFilter readFilter(rpc::LinkFilter::Reader f) {
  TraversalFilter out;
  out.direction = f.getDirection() == rpc::Direction::OUT  ? Direction::OUT
                  : f.getDirection() == rpc::Direction::IN ? Direction::IN
                                                           : Direction::BOTH;
  out.types = fromRpc(f.getTypes());
  out.labels = fromRpc(f.getLabels());
  if (f.getWindowFrom() != TIME_MIN || f.getWindowTo() != TIME_MAX) {
    if (f.getWindowFrom() > f.getWindowTo()) {
      rpcFail("invalid_argument", "the time window starts after it ends");
    }
    out.window = std::make_pair(f.getWindowFrom(), f.getWindowTo());
  }
  out.maxDegree = f.getMaxDegree();
  return out;
}

namespace {

template <typename T>
T bounded(T asked, T fallback, T max, const char* what) {
  if (asked == 0) return fallback;
  if (asked > max) {
    rpcFail("limit_exceeded", std::string(what) + " " + std::to_string(asked) +
                                  " is above the server maximum " + std::to_string(max));
  }
  return asked;
}

}  // namespace

SearchLimits readLimits(rpc::LinkLimits::Reader l) {
  SearchLimits out;
  out.maxHops =
      bounded<uint32_t>(l.getMaxHops(), LinkDefaults::HOPS, LinkDefaults::MAX_HOPS, "maxHops");
  out.maxVisited = bounded<uint64_t>(l.getMaxVisited(), LinkDefaults::VISITED,
                                     LinkDefaults::MAX_VISITED, "maxVisited");
  out.maxResults = bounded<uint64_t>(l.getMaxResults(), LinkDefaults::RESULTS,
                                     LinkDefaults::MAX_RESULTS, "maxResults");
  out.deadline = std::chrono::milliseconds(bounded<uint32_t>(
      l.getDeadlineMs(), LinkDefaults::DEADLINE_MS, LinkDefaults::MAX_DEADLINE_MS, "deadlineMs"));
  return out;
}


void loadPaths(const Reader& r, const PathResult& pr, LinkOutcome& out) {
  for (const Path& p : pr.paths) {
    LinkOutcome::PathOut po;
    for (const uint64_t n : p.nodes) {
      if (auto node = r.node(n)) po.nodes.push_back(std::move(*node));
    }
    for (const uint64_t e : p.edges) {
      if (auto edge = r.edge(e)) po.edges.push_back(std::move(*edge));
    }
    po.cost = p.cost;
    out.paths.push_back(std::move(po));
  }
  out.cut = pr.cut;
  out.visited = pr.visited;
}

void loadSubgraph(const Reader& r, const Subgraph& g, LinkOutcome& out) {
  for (const uint64_t n : g.nodes) {
    if (auto node = r.node(n)) out.nodes.push_back(std::move(*node));
  }
  for (const uint64_t e : g.edges) {
    if (auto edge = r.edge(e)) out.edges.push_back(std::move(*edge));
  }
  out.depth = g.depth;
  out.role = g.role;
  for (const auto& [n, sc] : g.score) out.score[n] = static_cast<double>(sc);
  out.cut = g.cut;
}

void fillLink(rpc::LinkResult::Builder r, const LinkOutcome& o) {
  auto paths = r.initPaths(static_cast<unsigned>(o.paths.size()));
  for (unsigned i = 0; i < o.paths.size(); ++i) {
    const auto& p = o.paths[i];
    auto nodes = paths[i].initNodes(static_cast<unsigned>(p.nodes.size()));
    for (unsigned j = 0; j < p.nodes.size(); ++j) toRpc(p.nodes[j], nodes[j]);
    auto edges = paths[i].initRelationships(static_cast<unsigned>(p.edges.size()));
    for (unsigned j = 0; j < p.edges.size(); ++j) toRpc(p.edges[j], edges[j]);
    paths[i].setCost(p.cost);
  }
  auto nodes = r.initNodes(static_cast<unsigned>(o.nodes.size()));
  for (unsigned i = 0; i < o.nodes.size(); ++i) toRpc(o.nodes[i], nodes[i]);
  auto edges = r.initRelationships(static_cast<unsigned>(o.edges.size()));
  for (unsigned i = 0; i < o.edges.size(); ++i) toRpc(o.edges[i], edges[i]);
  std::vector<uint64_t> factNodes;
  for (const auto& n : o.nodes) {
    if (o.depth.count(n.id) || o.role.count(n.id) || o.score.count(n.id)) factNodes.push_back(n.id);
  }
  for (const auto& [n, sc] : o.score) {
    if (std::find(factNodes.begin(), factNodes.end(), n) == factNodes.end()) factNodes.push_back(n);
  }
  const size_t total = factNodes.size() + o.scores.size();
  auto facts = r.initFacts(static_cast<unsigned>(total));
  unsigned i = 0;
  for (const uint64_t n : factNodes) {
    facts[i].setNode(n);
    if (auto it = o.depth.find(n); it != o.depth.end()) facts[i].setDepth(it->second);
    if (auto it = o.role.find(n); it != o.role.end()) facts[i].setRole(it->second);
    if (auto it = o.score.find(n); it != o.score.end()) facts[i].setScore(it->second);
    ++i;
  }
  for (const auto& [n, sc] : o.scores) {
    facts[i].setNode(n);
    facts[i].setComponent(static_cast<uint32_t>(sc.component));
    facts[i].setCommunity(static_cast<uint32_t>(sc.community));
    facts[i].setDegree(sc.degree);
    facts[i].setBetweenness(sc.betweenness);
    facts[i].setPagerank(sc.pagerank);
    ++i;
  }
  const bool truncated = o.cut != Cut::NONE;
  r.setTruncated(truncated);
  r.setNote(truncated ? cutName(o.cut) : "");
  r.setVisited(o.visited);
  r.setDistance(o.distance);
  r.setTotalPaths(o.totalPaths);
  r.setCount(o.count);
}

}  // namespace casegraph
