// Network analysis of a result or a case's network ("key players"): connected components,
// degree and betweenness centrality, PageRank and community grouping, computed with Boost.Graph
// algorithms on the snapshot adaptor (query/link/bgl-graph.h).
#pragma once

#include <map>
#include <vector>

#include "query/link/graph-view.h"

namespace casegraph {

struct NodeScores {
  size_t component = 0;    // connected component, numbered from 0 by first vertex
  size_t community = 0;    // label-propagation community
  uint64_t degree = 0;     // relationships within the analysed network
  double betweenness = 0;  // Brandes, normalised to [0, 1]
  double pagerank = 0;
};

struct NetworkAnalysis {
  std::map<uint64_t, NodeScores> nodes;
  size_t components = 0;
  size_t communities = 0;
};

// Analyses the network formed by `nodes` (every node of the snapshot when empty) and the
// relationships the view's filter allows between them; `only` restricts the relationships to
// those of a result subgraph.
NetworkAnalysis analyseNetwork(const GraphView& view, const std::vector<uint64_t>& nodes,
                               const std::vector<uint64_t>* only = nullptr);

}  // namespace casegraph
