#include "query/link/network.h"

#include <doctest/doctest.h>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "query/link/bgl-graph.h"
#include "query/link/export.h"
#include "test-util.h"

using namespace casegraph;
using casegraph::test::TempDir;

namespace {
struct TwoGangs {
  TempDir dir;
  std::unique_ptr<GraphStore> store;
  std::vector<uint64_t> left, right;
  uint64_t bridgeA = 0, bridgeB = 0, loner = 0, bridgeEdge = 0;

  TwoGangs() {
    StoreOptions o;
    o.path = dir.sub("data");
    o.noSync = true;
    store = GraphStore::open(o);
    store->write([&](WriteTxn& w) {
      for (int i = 0; i < 5; ++i) {
        left.push_back(w.createNode({"Person"}, {{"firstName", "L" + std::to_string(i)}}));
        right.push_back(w.createNode({"Person"}, {{"firstName", "R" + std::to_string(i)}}));
      }
      for (size_t i = 0; i < 5; ++i) {
        for (size_t j = i + 1; j < 5; ++j) {
          w.createEdge("KNOWS", left[i], left[j], {});
          w.createEdge("KNOWS", right[i], right[j], {});
        }
      }
      bridgeA = left[0];
      bridgeB = right[0];
      bridgeEdge = w.createEdge("CALLED", bridgeA, bridgeB, {});
      loner = w.createNode({"Vehicle"}, {{"plate", "AB12 CDE"}});
    });
  }
};
}  // namespace

TEST_CASE("network analysis: components, betweenness, PageRank, communities") {
  TwoGangs g;
  auto snap = g.store->snapshot();
  GraphView view(*snap, TraversalFilter{}, SearchLimits{});
  const NetworkAnalysis a = analyseNetwork(view, {});
  CHECK(a.nodes.size() == 11);
  CHECK(a.components == 2);  // the gangs joined by the bridge, and the lone vehicle
  CHECK(a.nodes.at(g.left[3]).component == a.nodes.at(g.right[2]).component);
  CHECK(a.nodes.at(g.loner).component != a.nodes.at(g.left[0]).component);
  // The bridge ends are the key players: highest betweenness.
  double maxOther = 0;
  for (const auto& [n, s] : a.nodes) {
    if (n != g.bridgeA && n != g.bridgeB) maxOther = std::max(maxOther, s.betweenness);
  }
  CHECK(a.nodes.at(g.bridgeA).betweenness > maxOther);
  CHECK(a.nodes.at(g.bridgeA).degree == 5);
  CHECK(a.nodes.at(g.loner).degree == 0);
  CHECK(a.nodes.at(g.bridgeA).pagerank > a.nodes.at(g.left[1]).pagerank);
  // Communities: each gang is one community, the loner its own.
  CHECK(a.communities == 3);
  for (size_t i = 1; i < 5; ++i) {
    CHECK(a.nodes.at(g.left[i]).community == a.nodes.at(g.left[0]).community);
    CHECK(a.nodes.at(g.right[i]).community == a.nodes.at(g.right[0]).community);
  }
  CHECK(a.nodes.at(g.left[0]).community != a.nodes.at(g.right[0]).community);
  // Restricted to the relationships of a result: without the bridge, two gang components.
  std::vector<uint64_t> gangs(g.left.begin(), g.left.end());
  gangs.insert(gangs.end(), g.right.begin(), g.right.end());
  std::vector<uint64_t> edges;
  snap->scanEdges([&](uint64_t e) {
    if (e != g.bridgeEdge) edges.push_back(e);
    return true;
  });
  CHECK(analyseNetwork(view, gangs, &edges).components == 2);
}

TEST_CASE("the BGL adaptor runs BGL algorithms on random stored graphs") {
  std::mt19937_64 rng(3);
  for (int round = 0; round < 30; ++round) {
    TempDir dir;
    StoreOptions o;
    o.path = dir.sub("data");
    o.noSync = true;
    auto store = GraphStore::open(o);
    std::vector<uint64_t> ids;
    std::vector<std::pair<uint64_t, uint64_t>> links;
    store->write([&](WriteTxn& w) {
      const int n = 3 + static_cast<int>(rng() % 30);
      for (int i = 0; i < n; ++i) ids.push_back(w.createNode({"N"}, {}));
      const int m = static_cast<int>(rng() % 40);
      for (int i = 0; i < m; ++i) {
        const uint64_t a = ids[rng() % ids.size()], b = ids[rng() % ids.size()];
        w.createEdge("R", a, b, {});
        links.emplace_back(a, b);
      }
    });
    // Reference: union-find components.
    std::map<uint64_t, uint64_t> parent;
    for (auto id : ids) parent[id] = id;
    std::function<uint64_t(uint64_t)> find = [&](uint64_t x) {
      return parent[x] == x ? x : parent[x] = find(parent[x]);
    };
    for (auto [a, b] : links) parent[find(a)] = find(b);
    std::set<uint64_t> roots;
    for (auto id : ids) roots.insert(find(id));

    auto snap = store->snapshot();
    GraphView view(*snap, TraversalFilter{}, SearchLimits{});
    BglGraph g(view);
    CHECK(num_vertices(g) == ids.size());
    CHECK(num_edges(g) == links.size());
    std::vector<size_t> comp(num_vertices(g));
    const size_t count = boost::connected_components(
        g, boost::make_iterator_property_map(comp.begin(), get(boost::vertex_index, g)));
    CHECK(count == roots.size());
    for (auto [a, b] : links) CHECK(comp[g.indexOf(a)] == comp[g.indexOf(b)]);
    // BFS distances through the adaptor match a plain BFS.
    std::vector<size_t> dist(num_vertices(g), 0);
    boost::breadth_first_search(g, ids[0],
                                boost::visitor(boost::make_bfs_visitor(boost::record_distances(
                                                   boost::make_iterator_property_map(
                                                       dist.begin(), get(boost::vertex_index, g)),
                                                   boost::on_tree_edge())))
                                    .vertex_index_map(get(boost::vertex_index, g)));
    std::map<uint64_t, size_t> ref{{ids[0], 0}};
    std::deque<uint64_t> q{ids[0]};
    while (!q.empty()) {
      const uint64_t u = q.front();
      q.pop_front();
      for (auto [a, b] : links) {
        for (auto [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
          if (x == u && !ref.count(y)) {
            ref[y] = ref[u] + 1;
            q.push_back(y);
          }
        }
      }
    }
    for (auto [n, d] : ref) CHECK(dist[g.indexOf(n)] == d);
  }
}

TEST_CASE("exports: GraphML, DOT and JSON of a result subgraph") {
  TwoGangs g;
  auto snap = g.store->snapshot();
  GraphView view(*snap, TraversalFilter{}, SearchLimits{});
  const std::vector<uint64_t> nodes{g.bridgeA, g.bridgeB, g.left[1]};
  std::vector<uint64_t> edges{g.bridgeEdge};
  snap->forEachNeighbor(g.bridgeA, Direction::OUT, std::nullopt, [&](const AdjEntry& a) {
    if (a.neighbour == g.left[1]) edges.push_back(a.edge);
    return true;
  });
  REQUIRE(edges.size() == 2);
  const std::string dot = exportSubgraph(view, nodes, edges, ExportFormat::DOT);
  CHECK(dot.find("graph G {") != std::string::npos);
  CHECK(dot.find("L0\\nPerson") != std::string::npos);
  CHECK(dot.find("label=\"CALLED\"") != std::string::npos);
  CHECK(std::count(dot.begin(), dot.end(), '\n') > 5);
  CHECK(dot.find("--") != std::string::npos);
  const std::string graphml = exportSubgraph(view, nodes, edges, ExportFormat::GRAPHML);
  CHECK(graphml.find("<graphml") != std::string::npos);
  size_t nodeTags = 0, edgeTags = 0;
  for (size_t p = 0; (p = graphml.find("<node ", p)) != std::string::npos; ++p) ++nodeTags;
  for (size_t p = 0; (p = graphml.find("<edge ", p)) != std::string::npos; ++p) ++edgeTags;
  CHECK(nodeTags == 3);
  CHECK(edgeTags == 2);
  CHECK(graphml.find(">KNOWS<") != std::string::npos);
  const std::string json = exportSubgraph(view, nodes, edges, ExportFormat::JSON);
  CHECK(json.find("{\"nodes\":[{\"id\":" + std::to_string(g.bridgeA)) == 0);
  CHECK(json.find("\"type\":\"CALLED\"") != std::string::npos);
  ExportFormat f;
  CHECK(parseExportFormat("graphml", f));
  CHECK(f == ExportFormat::GRAPHML);
  CHECK_FALSE(parseExportFormat("pdf", f));
  Node loner = *snap->node(g.loner);
  CHECK(displayName(loner) == "AB12 CDE");
}
