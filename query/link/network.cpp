#include "query/link/network.h"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/page_rank.hpp>
#include <boost/property_map/property_map.hpp>
#include <random>

#include "query/link/bgl-graph.h"

namespace casegraph {

namespace {

// Label propagation: nodes, in a shuffled order, repeatedly take the community most common
// among their neighbours and themselves, ties broken at random. The generator has a fixed
// seed, so the grouping is the same for the same network.
std::vector<size_t> communities(const BglGraph& g, size_t& count) {
  const size_t n = num_vertices(g);
  std::vector<size_t> label(n), order(n);
  for (size_t i = 0; i < n; ++i) label[i] = order[i] = i;
  std::mt19937_64 rng(42);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<std::vector<size_t>> neighbours(n);
  for (size_t i = 0; i < n; ++i) {
    const auto out = g.outEdges(g.vertexList()[i]);  // alive through the loop
    for (const BglEdge& e : *out) {
      if (e.target != e.source) neighbours[i].push_back(g.indexOf(e.target));
    }
  }
  for (int round = 0; round < 30; ++round) {
    bool changed = false;
    for (const size_t i : order) {
      if (neighbours[i].empty()) continue;
      std::map<size_t, size_t> votes{{label[i], 1}};
      for (const size_t j : neighbours[i]) ++votes[label[j]];
      size_t bestVotes = 0;
      std::vector<size_t> best;
      for (const auto& [l, v] : votes) {
        if (v > bestVotes) {
          bestVotes = v;
          best.assign(1, l);
        } else if (v == bestVotes) {
          best.push_back(l);
        }
      }
      const size_t pick = best[rng() % best.size()];
      if (pick != label[i] && votes[pick] > votes[label[i]]) {
        label[i] = pick;
        changed = true;
      } else if (pick != label[i] && round == 0) {
        label[i] = pick;  // first round: break the all-singletons tie
        changed = true;
      }
    }
    if (!changed) break;
  }
  // Renumber 0..count-1 in order of first appearance.
  std::map<size_t, size_t> renumber;
  for (auto& l : label) l = renumber.emplace(l, renumber.size()).first->second;
  count = renumber.size();
  return label;
}

}  // namespace

NetworkAnalysis analyseNetwork(const GraphView& view, const std::vector<uint64_t>& nodes,
                               const std::vector<uint64_t>* only) {
  NetworkAnalysis out;
  BglGraph g(view, nodes, only);
  const size_t n = num_vertices(g);
  if (n == 0) return out;
  const BglIndexMap index = get(boost::vertex_index, g);

  std::vector<size_t> component(n);
  out.components =
      boost::connected_components(g, boost::make_iterator_property_map(component.begin(), index));

  std::vector<double> centrality(n, 0.0);
  auto centralityMap = boost::make_iterator_property_map(centrality.begin(), index);
  boost::brandes_betweenness_centrality(
      g, boost::centrality_map(centralityMap).vertex_index_map(index));
  if (n > 2) boost::relative_betweenness_centrality(g, centralityMap);

  std::vector<double> rank(n, 0.0);
  boost::graph::page_rank(g, boost::make_iterator_property_map(rank.begin(), index),
                          boost::graph::n_iterations(30));

  const std::vector<size_t> community = communities(g, out.communities);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t v = g.vertexList()[i];
    NodeScores s;
    s.component = component[i];
    s.community = community[i];
    s.degree = out_degree(v, g);
    s.betweenness = centrality[i];
    s.pagerank = rank[i] / static_cast<double>(n);  // BGL's ranks sum to n; these sum to 1
    out.nodes.emplace(v, s);
  }
  return out;
}

}  // namespace casegraph
