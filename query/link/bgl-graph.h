// A read snapshot (through a GraphView's filter) adapted to Boost.Graph's concepts:
// IncidenceGraph, AdjacencyGraph, VertexListGraph and EdgeListGraph, with a vertex_index
// property map. BGL algorithms (components, Brandes betweenness, PageRank, Dijkstra, the
// Graphviz and GraphML writers) run on it directly: on the stored graph, or restricted to the
// vertex set of an extracted subgraph. Relationships are taken as undirected.
//
// Include this only in the .cpp files that run BGL algorithms: BGL templates are heavy.
#pragma once

#include <boost/graph/adjacency_iterator.hpp>
#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <memory>
#include <vector>

#include "query/link/graph-view.h"
#include "query/link/node-map.h"

namespace casegraph {

struct BglEdge {
  uint64_t source = 0;
  uint64_t target = 0;
  uint64_t id = 0;  // relationship id
  uint32_t type = 0;
  bool operator==(const BglEdge& o) const { return id == o.id; }
  bool operator!=(const BglEdge& o) const { return id != o.id; }
};

class BglGraph {
 public:
  // The vertices: `vertices`, or every node of the snapshot when empty. Edges are those of the
  // view's filter with both ends among the vertices, and in `only` when it is given (the
  // relationships of a result subgraph).
  BglGraph(const GraphView& view, std::vector<uint64_t> vertices = {},
           const std::vector<uint64_t>* only = nullptr);

  const GraphView& view() const { return view_; }
  const std::vector<uint64_t>& vertexList() const { return vertices_; }
  size_t indexOf(uint64_t node) const { return *index_.find(node); }
  bool contains(uint64_t node) const { return index_.contains(node); }
  // Out-edges of u (materialised per call; shared so iterators stay valid).
  std::shared_ptr<const std::vector<BglEdge>> outEdges(uint64_t u) const;
  // Every edge once (materialised on first use).
  const std::vector<BglEdge>& edgeList() const;

 private:
  const GraphView& view_;
  std::vector<uint64_t> vertices_;
  NodeMap<size_t> index_;
  std::unique_ptr<NodeMap<char>> only_;
  mutable std::shared_ptr<std::vector<BglEdge>> edges_;
};

// Iterates a shared, materialised edge list.
class BglOutEdgeIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = BglEdge;
  using difference_type = std::ptrdiff_t;
  using pointer = const BglEdge*;
  using reference = const BglEdge&;

  BglOutEdgeIterator() = default;
  BglOutEdgeIterator(std::shared_ptr<const std::vector<BglEdge>> edges, size_t pos)
      : edges_(std::move(edges)), pos_(pos) {}
  reference operator*() const { return (*edges_)[pos_]; }
  pointer operator->() const { return &(*edges_)[pos_]; }
  BglOutEdgeIterator& operator++() {
    ++pos_;
    return *this;
  }
  BglOutEdgeIterator operator++(int) {
    auto old = *this;
    ++pos_;
    return old;
  }
  bool operator==(const BglOutEdgeIterator& o) const { return pos_ == o.pos_; }
  bool operator!=(const BglOutEdgeIterator& o) const { return pos_ != o.pos_; }

 private:
  std::shared_ptr<const std::vector<BglEdge>> edges_;
  size_t pos_ = 0;
};

// vertex_index: node id -> dense index in [0, num_vertices).
struct BglIndexMap {
  using key_type = uint64_t;
  using value_type = size_t;
  using reference = size_t;
  using category = boost::readable_property_map_tag;
  const BglGraph* graph = nullptr;
};
inline size_t get(const BglIndexMap& m, uint64_t v) { return m.graph->indexOf(v); }

}  // namespace casegraph

namespace boost {

struct casegraph_traversal_tag : incidence_graph_tag,
                                 adjacency_graph_tag,
                                 vertex_list_graph_tag,
                                 edge_list_graph_tag {};

template <>
struct graph_traits<casegraph::BglGraph> {
  using vertex_descriptor = uint64_t;
  using edge_descriptor = casegraph::BglEdge;
  using directed_category = undirected_tag;
  using edge_parallel_category = allow_parallel_edge_tag;
  using traversal_category = casegraph_traversal_tag;
  using out_edge_iterator = casegraph::BglOutEdgeIterator;
  using vertex_iterator = std::vector<uint64_t>::const_iterator;
  using edge_iterator = std::vector<casegraph::BglEdge>::const_iterator;
  using adjacency_iterator =
      adjacency_iterator_generator<casegraph::BglGraph, uint64_t, out_edge_iterator>::type;
  using degree_size_type = size_t;
  using vertices_size_type = size_t;
  using edges_size_type = size_t;
  using in_edge_iterator = void;
  static vertex_descriptor null_vertex() { return 0; }
};

template <>
struct graph_traits<const casegraph::BglGraph> : graph_traits<casegraph::BglGraph> {};

template <>
struct property_map<casegraph::BglGraph, vertex_index_t> {
  using type = casegraph::BglIndexMap;
  using const_type = casegraph::BglIndexMap;
};

}  // namespace boost

namespace casegraph {

inline uint64_t source(const BglEdge& e, const BglGraph&) { return e.source; }
inline uint64_t target(const BglEdge& e, const BglGraph&) { return e.target; }

inline std::pair<BglOutEdgeIterator, BglOutEdgeIterator> out_edges(uint64_t u, const BglGraph& g) {
  auto edges = g.outEdges(u);
  const size_t n = edges->size();
  return {BglOutEdgeIterator(edges, 0), BglOutEdgeIterator(edges, n)};
}
inline size_t out_degree(uint64_t u, const BglGraph& g) { return g.outEdges(u)->size(); }
inline size_t degree(uint64_t u, const BglGraph& g) { return out_degree(u, g); }

inline std::pair<boost::graph_traits<BglGraph>::adjacency_iterator,
                 boost::graph_traits<BglGraph>::adjacency_iterator>
adjacent_vertices(uint64_t u, const BglGraph& g) {
  using It = boost::graph_traits<BglGraph>::adjacency_iterator;
  auto [b, e] = out_edges(u, g);
  return {It(b, &g), It(e, &g)};
}

inline std::pair<std::vector<uint64_t>::const_iterator, std::vector<uint64_t>::const_iterator>
vertices(const BglGraph& g) {
  return {g.vertexList().begin(), g.vertexList().end()};
}
inline size_t num_vertices(const BglGraph& g) { return g.vertexList().size(); }

inline std::pair<std::vector<BglEdge>::const_iterator, std::vector<BglEdge>::const_iterator> edges(
    const BglGraph& g) {
  return {g.edgeList().begin(), g.edgeList().end()};
}
inline size_t num_edges(const BglGraph& g) { return g.edgeList().size(); }

inline BglIndexMap get(boost::vertex_index_t, const BglGraph& g) { return BglIndexMap{&g}; }

}  // namespace casegraph
