// Randomized: thousands of random graphs (disconnected parts, self-loops, parallel edges,
// hubs) and pairs; every link operation's answer is compared with a plain reference
// implementation over an in-memory copy of the graph.
#include "query/link/paths.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <queue>
#include <random>
#include <set>

#include "query/link/node-map.h"
#include "test-util.h"

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

struct RefEdge {
  uint64_t id, from, to;
  std::string type;
  int64_t time;
};

// The in-memory copy of a random graph, with reference algorithms.
struct RefGraph {
  std::vector<uint64_t> nodes;
  std::vector<RefEdge> edges;
  std::map<uint64_t, std::string> label;

  // Steps as GraphView gives them: (neighbour, edge) for the direction and types allowed.
  std::vector<std::pair<uint64_t, const RefEdge*>> steps(uint64_t u, Direction dir,
                                                         const std::set<std::string>& types) const {
    std::vector<std::pair<uint64_t, const RefEdge*>> out;
    for (const auto& e : edges) {
      if (!types.empty() && !types.count(e.type)) continue;
      if (dir != Direction::IN && e.from == u) out.emplace_back(e.to, &e);
      if (dir != Direction::OUT && e.to == u) out.emplace_back(e.from, &e);
    }
    return out;
  }

  std::map<uint64_t, uint32_t> bfs(uint64_t s, Direction dir, const std::set<std::string>& types,
                                   uint32_t maxHops = 1000) const {
    std::map<uint64_t, uint32_t> d{{s, 0}};
    std::deque<uint64_t> q{s};
    while (!q.empty()) {
      const uint64_t u = q.front();
      q.pop_front();
      if (d[u] >= maxHops) continue;
      for (const auto& [v, e] : steps(u, dir, types)) {
        if (!d.count(v)) {
          d[v] = d[u] + 1;
          q.push_back(v);
        }
      }
    }
    return d;
  }

  // Every simple path (as edge-id sequences) from s to t with at most maxLen edges.
  void simplePaths(uint64_t s, uint64_t t, Direction dir, size_t maxLen,
                   std::vector<std::vector<uint64_t>>& out) const {
    std::vector<uint64_t> nodesOn{s}, edgesOn;
    std::function<void(uint64_t)> dfs = [&](uint64_t u) {
      if (u == t) {
        out.push_back(edgesOn);
        return;
      }
      if (edgesOn.size() >= maxLen) return;
      for (const auto& [v, e] : steps(u, dir, {})) {
        if (std::find(nodesOn.begin(), nodesOn.end(), v) != nodesOn.end()) continue;
        nodesOn.push_back(v);
        edgesOn.push_back(e->id);
        dfs(v);
        nodesOn.pop_back();
        edgesOn.pop_back();
      }
    };
    dfs(s);
  }
};

struct Fixture {
  TempDir dir;
  std::unique_ptr<GraphStore> store;
  RefGraph ref;

  Fixture(std::mt19937_64& rng, int nodeCount, int edgeCount, bool hub) {
    StoreOptions o;
    o.path = dir.sub("data");
    o.noSync = true;
    store = GraphStore::open(o);
    static const std::vector<std::string> TYPES = {"KNOWS", "OWNS", "CALLED"};
    store->write([&](WriteTxn& w) {
      for (int i = 0; i < nodeCount; ++i) {
        const std::string l = rng() % 4 == 0 ? "Vehicle" : "Person";
        const uint64_t id = w.createNode({l}, {});
        ref.nodes.push_back(id);
        ref.label[id] = l;
      }
      for (int i = 0; i < edgeCount; ++i) {
        // Two halves joined rarely: disconnected parts are common.
        const bool left = rng() % 2;
        auto pickNode = [&]() {
          if (hub && rng() % 3 == 0) return ref.nodes[0];
          const size_t half = ref.nodes.size() / 2;
          const size_t base = left ? 0 : half;
          const size_t span = left ? half : ref.nodes.size() - half;
          return ref.nodes[base + rng() % std::max<size_t>(1, span)];
        };
        uint64_t a = pickNode(), b = rng() % 10 == 0 ? a : pickNode();  // self-loops
        if (rng() % 40 == 0) b = ref.nodes[rng() % ref.nodes.size()];   // a bridge
        const std::string t = TYPES[rng() % TYPES.size()];
        const int64_t time = static_cast<int64_t>(rng() % 50) * 1000000;
        const uint64_t id = w.createEdge(t, a, b, {}, {}, "open", time, TIME_MAX);
        ref.edges.push_back(RefEdge{id, a, b, t, time});
        if (rng() % 8 == 0) {  // a parallel edge
          const uint64_t id2 = w.createEdge(t, a, b, {}, {}, "open", time + 1, TIME_MAX);
          ref.edges.push_back(RefEdge{id2, a, b, t, time + 1});
        }
      }
    });
  }
};

// A path is valid when consecutive nodes are joined by its edges in an allowed direction.
bool validPath(const RefGraph& g, const Path& p, uint64_t s, uint64_t t, Direction dir) {
  if (p.nodes.empty() || p.nodes.front() != s || p.nodes.back() != t) return false;
  if (p.edges.size() + 1 != p.nodes.size()) return false;
  for (size_t i = 0; i < p.edges.size(); ++i) {
    auto it = std::find_if(g.edges.begin(), g.edges.end(),
                           [&](const RefEdge& e) { return e.id == p.edges[i]; });
    if (it == g.edges.end()) return false;
    const bool fwd = it->from == p.nodes[i] && it->to == p.nodes[i + 1];
    const bool bwd = it->to == p.nodes[i] && it->from == p.nodes[i + 1];
    if (dir == Direction::OUT && !fwd) return false;
    if (dir == Direction::IN && !bwd) return false;
    if (!fwd && !bwd) return false;
  }
  return true;
}

bool loopless(const Path& p) {
  std::set<uint64_t> s(p.nodes.begin(), p.nodes.end());
  return s.size() == p.nodes.size();
}

Direction randomDirection(std::mt19937_64& rng) {
  const int d = static_cast<int>(rng() % 3);
  return d == 0 ? Direction::OUT : d == 1 ? Direction::IN : Direction::BOTH;
}

}  // namespace

TEST_CASE("shortest, all shortest and k shortest paths agree with a reference") {
  std::mt19937_64 rng(2024);
  int pairs = 0;
  for (int g = 0; g < 120; ++g) {
    Fixture f(rng, 6 + static_cast<int>(rng() % 20), 5 + static_cast<int>(rng() % 40), g % 3 == 0);
    auto snap = f.store->snapshot();
    for (int q = 0; q < 12; ++q, ++pairs) {
      const uint64_t s = f.ref.nodes[rng() % f.ref.nodes.size()];
      const uint64_t t = f.ref.nodes[rng() % f.ref.nodes.size()];
      TraversalFilter filter;
      filter.direction = randomDirection(rng);
      SearchLimits limits;
      limits.maxHops = 12;
      limits.maxResults = 100000;
      const auto dist = f.ref.bfs(s, filter.direction, {});
      CAPTURE(g);
      CAPTURE(s);
      CAPTURE(t);
      {
        GraphView view(*snap, filter, limits);
        const PathResult r = shortestPath(view, s, t);
        if (!dist.count(t)) {
          CHECK(r.paths.empty());
        } else {
          REQUIRE(r.paths.size() == 1);
          CHECK(r.paths[0].edges.size() == dist.at(t));
          CHECK(validPath(f.ref, r.paths[0], s, t, filter.direction));
        }
      }
      // All shortest paths, as a set, against enumeration of simple paths of that length.
      if (dist.count(t) && s != t) {
        GraphView view(*snap, filter, limits);
        const PathResult r = allShortestPaths(view, s, t);
        std::vector<std::vector<uint64_t>> all;
        f.ref.simplePaths(s, t, filter.direction, dist.at(t), all);
        std::set<std::vector<uint64_t>> want, got;
        for (const auto& p : all) {
          if (p.size() == dist.at(t)) want.insert(p);
        }
        for (const auto& p : r.paths) {
          CHECK(validPath(f.ref, p, s, t, filter.direction));
          got.insert(p.edges);
        }
        CHECK(got == want);
      }
      // k shortest loopless paths: valid, distinct, loopless, and the right lengths.
      if (s != t) {
        const size_t k = 1 + rng() % 5;
        GraphView view(*snap, filter, limits);
        const PathResult r = kShortestPaths(view, s, t, k);
        std::vector<std::vector<uint64_t>> all;
        f.ref.simplePaths(s, t, filter.direction, 12, all);
        std::vector<size_t> lengths;
        for (const auto& p : all) lengths.push_back(p.size());
        std::sort(lengths.begin(), lengths.end());
        lengths.resize(std::min(k, lengths.size()));
        std::vector<size_t> gotLengths;
        std::set<std::vector<uint64_t>> distinct;
        for (const auto& p : r.paths) {
          CHECK(validPath(f.ref, p, s, t, filter.direction));
          CHECK(loopless(p));
          distinct.insert(p.edges);
          gotLengths.push_back(p.edges.size());
        }
        CHECK(distinct.size() == r.paths.size());
        CHECK(gotLengths == lengths);
      }
    }
  }
  CHECK(pairs > 1000);
}

TEST_CASE("shortest paths with a degree cap agree with a reference that skips hubs") {
  std::mt19937_64 rng(4242);
  for (int g = 0; g < 150; ++g) {
    Fixture f(rng, 6 + static_cast<int>(rng() % 20), 10 + static_cast<int>(rng() % 50), true);
    auto snap = f.store->snapshot();
    for (int q = 0; q < 10; ++q) {
      const uint64_t s = f.ref.nodes[rng() % f.ref.nodes.size()];
      const uint64_t t = f.ref.nodes[rng() % f.ref.nodes.size()];
      TraversalFilter filter;
      filter.direction = randomDirection(rng);
      filter.maxDegree = 1 + rng() % 6;
      // Reference: a BFS that does not expand nodes above the cap (the start excepted).
      std::map<uint64_t, uint32_t> d{{s, 0}};
      std::deque<uint64_t> queue{s};
      while (!queue.empty()) {
        const uint64_t u = queue.front();
        queue.pop_front();
        if (u != s && f.ref.steps(u, filter.direction, {}).size() > filter.maxDegree) continue;
        for (const auto& [v, e] : f.ref.steps(u, filter.direction, {})) {
          if (!d.count(v)) {
            d[v] = d[u] + 1;
            queue.push_back(v);
          }
        }
      }
      SearchLimits limits;
      limits.maxHops = 30;
      GraphView view(*snap, filter, limits);
      const PathResult r = shortestPath(view, s, t);
      CAPTURE(g);
      if (!d.count(t)) {
        CHECK(r.paths.empty());
        continue;
      }
      REQUIRE(r.paths.size() == 1);
      CHECK(r.paths[0].edges.size() == d.at(t));
      CHECK(validPath(f.ref, r.paths[0], s, t, filter.direction));
      for (size_t i = 1; i + 1 < r.paths[0].nodes.size(); ++i) {
        CHECK(f.ref.steps(r.paths[0].nodes[i], filter.direction, {}).size() <= filter.maxDegree);
      }
    }
  }
}

TEST_CASE("weighted shortest paths agree with a reference Dijkstra") {
  std::mt19937_64 rng(77);
  for (int g = 0; g < 150; ++g) {
    Fixture f(rng, 5 + static_cast<int>(rng() % 15), 5 + static_cast<int>(rng() % 30), g % 4 == 0);
    auto snap = f.store->snapshot();
    CostModel costs;
    costs.typeCosts = {{"KNOWS", 1.0}, {"OWNS", 0.5}, {"CALLED", 4.0}};
    for (int q = 0; q < 8; ++q) {
      const uint64_t s = f.ref.nodes[rng() % f.ref.nodes.size()];
      const uint64_t t = f.ref.nodes[rng() % f.ref.nodes.size()];
      // Reference Dijkstra, undirected.
      std::map<uint64_t, double> d{{s, 0}};
      std::set<std::pair<double, uint64_t>> pq{{0, s}};
      while (!pq.empty()) {
        auto [du, u] = *pq.begin();
        pq.erase(pq.begin());
        for (const auto& [v, e] : f.ref.steps(u, Direction::BOTH, {})) {
          const double nd = du + costs.typeCosts.at(e->type);
          if (!d.count(v) || nd < d[v]) {
            if (d.count(v)) pq.erase({d[v], v});
            d[v] = nd;
            pq.insert({nd, v});
          }
        }
      }
      GraphView view(*snap, TraversalFilter{}, SearchLimits{});
      const PathResult r = weightedShortestPath(view, s, t, costs);
      CAPTURE(g);
      if (!d.count(t)) {
        CHECK(r.paths.empty());
        continue;
      }
      REQUIRE(r.paths.size() == 1);
      CHECK(r.paths[0].cost == doctest::Approx(d[t]));
      CHECK(validPath(f.ref, r.paths[0], s, t, Direction::BOTH));
      double sum = 0;
      for (const uint64_t e : r.paths[0].edges) sum += costs.typeCosts.at(snap->edge(e)->type);
      CHECK(sum == doctest::Approx(d[t]));
    }
  }
}

TEST_CASE("expand, common neighbours, who-links and connectors agree with references") {
  std::mt19937_64 rng(99);
  for (int g = 0; g < 150; ++g) {
    Fixture f(rng, 5 + static_cast<int>(rng() % 20), 5 + static_cast<int>(rng() % 40), g % 3 == 0);
    auto snap = f.store->snapshot();
    const uint64_t a = f.ref.nodes[rng() % f.ref.nodes.size()];
    const uint64_t b = f.ref.nodes[rng() % f.ref.nodes.size()];
    const uint32_t hops = 1 + static_cast<uint32_t>(rng() % 3);
    CAPTURE(g);
    // expand: exactly the nodes within `hops`, with their depths.
    {
      GraphView view(*snap, TraversalFilter{}, SearchLimits{});
      const Subgraph sg = expand(view, {a}, hops);
      const auto dist = f.ref.bfs(a, Direction::BOTH, {}, hops);
      CHECK(sg.depth.size() == dist.size());
      for (const auto& [n, d] : dist) CHECK(sg.depth.count(n) == 1);
      for (const auto& [n, d] : dist) {
        if (sg.depth.count(n)) CHECK(sg.depth.at(n) == d);
      }
      for (const uint64_t e : sg.edges) {
        const auto edge = snap->edge(e);
        CHECK((dist.count(edge->start) && dist.count(edge->end)));
      }
    }
    // expand with a type filter.
    {
      TraversalFilter filter;
      filter.types = {"KNOWS"};
      GraphView view(*snap, filter, SearchLimits{});
      const Subgraph sg = expand(view, {a}, hops);
      const auto dist = f.ref.bfs(a, Direction::BOTH, {"KNOWS"}, hops);
      CHECK(sg.depth.size() == dist.size());
    }
    // common neighbours
    {
      GraphView view(*snap, TraversalFilter{}, SearchLimits{});
      const Subgraph sg = commonNeighbours(view, {a, b});
      std::set<uint64_t> na, nb, want;
      for (const auto& [v, e] : f.ref.steps(a, Direction::BOTH, {})) na.insert(v);
      for (const auto& [v, e] : f.ref.steps(b, Direction::BOTH, {})) nb.insert(v);
      std::set_intersection(na.begin(), na.end(), nb.begin(), nb.end(),
                            std::inserter(want, want.end()));
      CHECK(std::set<uint64_t>(sg.nodes.begin(), sg.nodes.end()) == want);
    }
    // who links a and b: shortest-path counts through each intermediary.
    if (a != b) {
      GraphView view(*snap, TraversalFilter{}, SearchLimits{});
      const WhoLinksResult w = whoLinks(view, a, b);
      const auto dist = f.ref.bfs(a, Direction::BOTH, {});
      if (!dist.count(b)) {
        CHECK(w.distance == 0);
      } else {
        std::vector<std::vector<uint64_t>> all;
        f.ref.simplePaths(a, b, Direction::BOTH, dist.at(b), all);
        std::map<uint64_t, uint64_t> through;
        uint64_t total = 0;
        for (const auto& p : all) {
          if (p.size() != dist.at(b)) continue;
          ++total;
          // Intermediate nodes of this edge path.
          uint64_t cur = a;
          for (size_t i = 0; i + 1 < p.size(); ++i) {
            const auto& e = *std::find_if(f.ref.edges.begin(), f.ref.edges.end(),
                                          [&](const RefEdge& x) { return x.id == p[i]; });
            cur = e.from == cur ? e.to : e.from;
            ++through[cur];
          }
        }
        CHECK(w.distance == dist.at(b));
        CHECK(w.totalPaths == total);
        std::map<uint64_t, uint64_t> got;
        for (const auto& i : w.ranked) got[i.node] = i.paths;
        CHECK(got == through);
        for (size_t i = 1; i < w.ranked.size(); ++i) {
          CHECK(w.ranked[i - 1].paths >= w.ranked[i].paths);
        }
      }
    }
    // connectors of {a, b, c}: x is in when dist(p, x) + dist(x, q) <= hops for a pair.
    {
      const uint64_t c = f.ref.nodes[rng() % f.ref.nodes.size()];
      std::vector<uint64_t> ents{a, b, c};
      std::sort(ents.begin(), ents.end());
      ents.erase(std::unique(ents.begin(), ents.end()), ents.end());
      GraphView view(*snap, TraversalFilter{}, SearchLimits{});
      const Subgraph sg = connectors(view, ents, hops);
      std::set<uint64_t> want(ents.begin(), ents.end());
      std::vector<std::map<uint64_t, uint32_t>> dist;
      for (const uint64_t e : ents) dist.push_back(f.ref.bfs(e, Direction::BOTH, {}));
      for (size_t i = 0; i < ents.size(); ++i) {
        for (size_t j = i + 1; j < ents.size(); ++j) {
          for (const auto& [x, dx] : dist[i]) {
            if (dist[j].count(x) && dx + dist[j].at(x) <= hops) want.insert(x);
          }
        }
      }
      CHECK(std::set<uint64_t>(sg.nodes.begin(), sg.nodes.end()) == want);
      for (const uint64_t e : ents) CHECK(sg.role.at(e) == "entity");
    }
  }
}

TEST_CASE("time-respecting paths: fewest hops among paths whose times move forward") {
  std::mt19937_64 rng(5);
  for (int g = 0; g < 150; ++g) {
    Fixture f(rng, 5 + static_cast<int>(rng() % 12), 5 + static_cast<int>(rng() % 25), false);
    auto snap = f.store->snapshot();
    const uint64_t s = f.ref.nodes[rng() % f.ref.nodes.size()];
    const uint64_t t = f.ref.nodes[rng() % f.ref.nodes.size()];
    if (s == t) continue;
    const bool forward = rng() % 2;
    const int64_t gap = rng() % 2 ? 0 : 10 * 1000000;
    // Reference: the fewest hops over all simple paths satisfying the time order.
    std::vector<std::vector<uint64_t>> all;
    f.ref.simplePaths(s, t, Direction::BOTH, 6, all);
    size_t best = SIZE_MAX;
    auto timeOf = [&](uint64_t id) {
      return std::find_if(f.ref.edges.begin(), f.ref.edges.end(),
                          [&](const RefEdge& e) { return e.id == id; })
          ->time;
    };
    for (const auto& p : all) {
      bool ok = true;
      for (size_t i = 1; i < p.size() && ok; ++i) {
        const int64_t d =
            forward ? timeOf(p[i]) - timeOf(p[i - 1]) : timeOf(p[i - 1]) - timeOf(p[i]);
        ok = d >= 0 && (gap == 0 || d <= gap);
      }
      if (ok) best = std::min(best, p.size());
    }
    SearchLimits limits;
    limits.maxHops = 6;
    GraphView view(*snap, TraversalFilter{}, limits);
    const PathResult r = timeRespectingPath(view, s, t, TimeOrder{forward, gap});
    CAPTURE(g);
    if (best == SIZE_MAX) {
      CHECK(r.paths.empty());
    } else {
      REQUIRE(r.paths.size() == 1);
      CHECK(r.paths[0].edges.size() == best);
      CHECK(validPath(f.ref, r.paths[0], s, t, Direction::BOTH));
      CHECK(loopless(r.paths[0]));
    }
  }
}

TEST_CASE("limits: hop limit, degree cap through hubs, label filter, visited limit") {
  TempDir dir;
  StoreOptions o;
  o.path = dir.sub("data");
  o.noSync = true;
  auto store = GraphStore::open(o);
  // a - hub - b, and a long way a - x1 - x2 - x3 - b. The hub has many other links.
  uint64_t a, b, hub, x1, x2, x3;
  store->write([&](WriteTxn& w) {
    a = w.createNode({"Person"}, {});
    b = w.createNode({"Person"}, {});
    hub = w.createNode({"Location"}, {});
    x1 = w.createNode({"Person"}, {});
    x2 = w.createNode({"Person"}, {});
    x3 = w.createNode({"Person"}, {});
    w.createEdge("SEEN_AT", a, hub, {});
    w.createEdge("SEEN_AT", b, hub, {});
    for (int i = 0; i < 50; ++i) w.createEdge("SEEN_AT", w.createNode({"Person"}, {}), hub, {});
    w.createEdge("KNOWS", a, x1, {});
    w.createEdge("KNOWS", x1, x2, {});
    w.createEdge("KNOWS", x2, x3, {});
    w.createEdge("KNOWS", x3, b, {});
  });
  auto snap = store->snapshot();
  {
    GraphView view(*snap, TraversalFilter{}, SearchLimits{});
    CHECK(shortestPath(view, a, b).paths.at(0).nodes == std::vector<uint64_t>{a, hub, b});
  }
  {
    TraversalFilter f;
    f.maxDegree = 10;  // the hub is skipped
    GraphView view(*snap, f, SearchLimits{});
    CHECK(shortestPath(view, a, b).paths.at(0).nodes == std::vector<uint64_t>{a, x1, x2, x3, b});
    // A hub is still found as an endpoint.
    CHECK(shortestPath(view, a, hub).paths.at(0).nodes.size() == 2);
  }
  {
    TraversalFilter f;
    f.labels = {"Person"};  // intermediate nodes must be persons
    GraphView view(*snap, f, SearchLimits{});
    CHECK(shortestPath(view, a, b).paths.at(0).edges.size() == 4);
  }
  {
    SearchLimits l;
    l.maxHops = 3;
    TraversalFilter f;
    f.types = {"KNOWS"};
    GraphView view(*snap, f, l);
    const PathResult r = shortestPath(view, a, b);
    CHECK(r.paths.empty());
    CHECK(r.cut == Cut::HOPS);
  }
  {
    SearchLimits l;
    l.maxVisited = 5;
    GraphView view(*snap, TraversalFilter{}, l);
    const Subgraph g = expand(view, {hub}, 2);
    CHECK(g.cut == Cut::VISITED);
  }
  {
    std::atomic<bool> cancelled{true};
    SearchLimits l;
    l.cancelled = &cancelled;
    GraphView view(*snap, TraversalFilter{}, l);
    const Subgraph g = expand(view, {hub}, 3);
    CHECK(g.cut == Cut::CANCELLED);
  }
  {
    TraversalFilter f;
    f.types = {"NO_SUCH_TYPE"};
    GraphView view(*snap, f, SearchLimits{});
    CHECK(shortestPath(view, a, b).paths.empty());
  }
}

TEST_CASE("NodeSet: pooled bitmaps come back empty; ids past the bound; small-first sets") {
  std::mt19937_64 rng(7);
  for (const auto& [bound, use] :
       {std::pair{uint64_t{100}, NodeSet::SEARCH}, std::pair{uint64_t{1} << 20, NodeSet::SEARCH},
        std::pair{uint64_t{1} << 20, NodeSet::SMALL_FIRST},
        std::pair{NodeSet::POOLED_BOUND + 1, NodeSet::SEARCH}}) {
    INFO("bound " << bound << (use == NodeSet::SEARCH ? " search" : " small first"));
    for (int round = 0; round < 4; ++round) {
      // Few ids (the set clears the words it touched) or many (it clears the whole bitmap).
      const int inserts = round % 2 == 0 ? 200 : 20000;
      // Two sets at once on this thread (a query's count set around its searches), each
      // compared with std::set; the second round borrows the bitmaps the first returned.
      NodeSet a(bound, use);
      std::set<uint64_t> modelA, modelB;
      {
        NodeSet b(bound, use);
        for (int i = 0; i < inserts; ++i) {
          // Mostly below the bound, some past it (nodes created after it was taken).
          const uint64_t id = rng() % (bound + bound / 8 + 16);
          CHECK(a.insert(id) == modelA.insert(id).second);
          if (i % 3 == 0) CHECK(b.insert(id + 1) == modelB.insert(id + 1).second);
        }
      }
      // A set made after b went back to the pool starts empty.
      NodeSet c(bound, use);
      for (const uint64_t id : modelB) CHECK(c.insert(id));
      for (const uint64_t id : modelA) CHECK_FALSE(a.insert(id));
    }
  }
}
