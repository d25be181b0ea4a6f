#include "query/link/paths.h"

#include <algorithm>
#include <queue>
#include <set>
#include <unordered_set>

#include "query/link/node-map.h"

namespace casegraph {

namespace {

struct Parent {
  uint64_t node = 0;  // 0 for a search root
  uint64_t edge = 0;
};

// Bans for Yen's spur searches.
struct Bans {
  const std::unordered_set<uint64_t>* nodes = nullptr;
  const std::unordered_set<uint64_t>* edges = nullptr;
  bool node(uint64_t n) const { return nodes && nodes->count(n); }
  bool edge(uint64_t e) const { return edges && edges->count(e); }
};

// A node may be passed through when it is admitted by the label filter and under the degree
// cap; the endpoints of a search are exempt from both.
bool passable(const GraphView& view, uint64_t node) {
  return view.admits(node) && view.expandable(node);
}

Path joinAt(uint64_t meet, const NodeMap<Parent>& fwd, const NodeMap<Parent>& bwd) {
  Path p;
  for (uint64_t n = meet;;) {
    p.nodes.push_back(n);
    const Parent* par = fwd.find(n);
    if (!par || par->node == 0) break;
    p.edges.push_back(par->edge);
    n = par->node;
  }
  std::reverse(p.nodes.begin(), p.nodes.end());
  std::reverse(p.edges.begin(), p.edges.end());
  for (uint64_t n = meet;;) {
    const Parent* par = bwd.find(n);
    if (!par || par->node == 0) break;
    p.edges.push_back(par->edge);
    p.nodes.push_back(par->node);
    n = par->node;
  }
  p.cost = static_cast<double>(p.edges.size());
  return p;
}

// The state of a bidirectional breadth-first search: per side, the nodes seen (with the
// algorithm's per-node value V) and the current frontier. Each round expands the side with the
// smaller frontier by one level.
template <typename V>
struct TwoSided {
  struct Side {
    NodeMap<V>& mine;
    NodeMap<V>& other;
    std::vector<uint64_t>& front;
    Direction dir;
    uint64_t ownEnd;    // the search root on this side
    uint64_t otherEnd;  // the root of the other side
    bool forward;
  };

  TwoSided(uint64_t from, uint64_t to) : from(from), to(to), fwd(1024), bwd(1024) {
    fwd.insert(from, V{});
    bwd.insert(to, V{});
  }
  bool exhausted() const { return frontF.empty() || frontB.empty(); }
  Side pick(const GraphView& view) {
    const bool forwardSide = frontF.size() <= frontB.size();
    if (forwardSide) return Side{fwd, bwd, frontF, view.forward(), from, to, true};
    return Side{bwd, fwd, frontB, view.backward(), to, from, false};
  }

  uint64_t from, to;
  NodeMap<V> fwd, bwd;
  std::vector<uint64_t> frontF{from}, frontB{to};
};

// Bidirectional BFS for one shortest path, honouring bans (for Yen).
PathResult bidirectional(const GraphView& view, uint64_t from, uint64_t to, const Bans& bans) {
  PathResult result;
  const Reader& r = view.reader();
  if (!r.nodeExists(from) || !r.nodeExists(to) || bans.node(from) || bans.node(to)) {
    return result;
  }
  if (from == to) {
    result.paths.push_back(Path{{from}, {}, 0});
    return result;
  }
  TwoSided<Parent> search(from, to);
  std::vector<uint64_t> next;
  uint32_t hops = 0;
  uint64_t meet = 0;
  try {
    while (!search.exhausted() && meet == 0) {
      if (hops >= view.limits().maxHops) {
        result.cut = Cut::HOPS;
        break;
      }
      auto side = search.pick(view);
      auto& mine = side.mine;
      auto& other = side.other;
      const uint64_t otherEnd = side.otherEnd;
      next.clear();
      for (const uint64_t u : side.front) {
        if (meet != 0 || result.cut != Cut::NONE) break;
        view.checkpoint();
        if (u != side.ownEnd && !view.expandable(u)) continue;
        view.forEachStep(u, side.dir, [&](const Step& s) {
          const uint64_t v = s.node;
          if (bans.edge(s.edge) || bans.node(v)) return true;
          // A hub or a node the label filter rejects may only be the far endpoint.
          if (v != otherEnd && !passable(view, v)) return true;
          if (!mine.insert(v, Parent{u, s.edge}).second) return true;
          if (!view.visit()) {
            result.cut = Cut::VISITED;
            return false;
          }
          if (other.contains(v)) {
            meet = v;
            return false;
          }
          next.push_back(v);
          return true;
        });
      }
      side.front.swap(next);
      ++hops;
    }
  } catch (const SearchAborted& e) {
    result.cut = e.why();
  }
  result.visited = view.visited();
  if (meet != 0) {
    result.paths.push_back(joinAt(meet, search.fwd, search.bwd));
    result.cut = Cut::NONE;
  }
  return result;
}

}  // namespace

PathResult shortestPath(const GraphView& view, uint64_t from, uint64_t to) {
  return bidirectional(view, from, to, Bans{});
}

// --- all shortest paths ----------------------------------------------------------------------

namespace {
struct Level {
  uint32_t dist = 0;
  std::vector<Parent> parents;
};

// All paths from `n` back to the root of `side`, as node/edge sequences ending at n.
void pathsToRoot(uint64_t n, const NodeMap<Level>& side, std::vector<Path>& out, Path& cur,
                 size_t max) {
  if (out.size() >= max) return;
  const Level* l = side.find(n);
  cur.nodes.push_back(n);
  if (!l || l->parents.empty()) {
    Path p = cur;
    std::reverse(p.nodes.begin(), p.nodes.end());
    std::reverse(p.edges.begin(), p.edges.end());
    out.push_back(std::move(p));
  } else {
    for (const Parent& par : l->parents) {
      cur.edges.push_back(par.edge);
      pathsToRoot(par.node, side, out, cur, max);
      cur.edges.pop_back();
      if (out.size() >= max) break;
    }
  }
  cur.nodes.pop_back();
}
}  // namespace

PathResult allShortestPaths(const GraphView& view, uint64_t from, uint64_t to) {
  PathResult result;
  const Reader& r = view.reader();
  if (!r.nodeExists(from) || !r.nodeExists(to)) return result;
  if (from == to) {
    result.paths.push_back(Path{{from}, {}, 0});
    return result;
  }
  TwoSided<Level> search(from, to);
  auto& fwd = search.fwd;
  auto& bwd = search.bwd;
  std::vector<uint64_t> next;
  uint32_t depthF = 0, depthB = 0;
  std::vector<uint64_t> meets;
  try {
    while (!search.exhausted() && meets.empty()) {
      if (depthF + depthB >= view.limits().maxHops) {
        result.cut = Cut::HOPS;
        break;
      }
      auto side = search.pick(view);
      auto& mine = side.mine;
      auto& other = side.other;
      const uint64_t ownEnd = side.ownEnd;
      const uint64_t otherEnd = side.otherEnd;
      const uint32_t depth = (side.forward ? depthF : depthB) + 1;
      next.clear();
      // The whole level is expanded so that every parent of every meeting node is known.
      for (const uint64_t u : side.front) {
        view.checkpoint();
        if (u != ownEnd && !view.expandable(u)) continue;
        view.forEachStep(u, side.dir, [&](const Step& s) {
          const uint64_t v = s.node;
          if (v == ownEnd) return true;
          if (v != otherEnd && !passable(view, v)) return true;
          auto [lvl, inserted] = mine.insert(v, Level{depth, {}});
          if (!inserted && lvl->dist != depth) return true;
          lvl->parents.push_back(Parent{u, s.edge});
          if (!inserted) return true;
          if (!view.visit()) throw SearchAborted(Cut::VISITED);
          if (other.contains(v)) meets.push_back(v);
          next.push_back(v);
          return true;
        });
      }
      side.front.swap(next);
      (side.forward ? depthF : depthB) = depth;
    }
  } catch (const SearchAborted& e) {
    result.cut = e.why();
    meets.clear();
  }
  result.visited = view.visited();
  if (meets.empty()) return result;
  uint32_t best = UINT32_MAX;
  for (const uint64_t m : meets) best = std::min(best, fwd.find(m)->dist + bwd.find(m)->dist);
  const size_t max = view.limits().maxResults;
  std::set<Path> unique;
  for (const uint64_t m : meets) {
    if (fwd.find(m)->dist + bwd.find(m)->dist != best) continue;
    std::vector<Path> heads, tails;
    Path cur;
    pathsToRoot(m, fwd, heads, cur, max);
    pathsToRoot(m, bwd, tails, cur, max);
    for (const Path& h : heads) {
      for (const Path& t : tails) {
        // t runs from `to` to m: append it reversed, skipping m.
        Path p = h;
        for (size_t i = t.nodes.size() - 1; i-- > 0;) p.nodes.push_back(t.nodes[i]);
        for (size_t i = t.edges.size(); i-- > 0;) p.edges.push_back(t.edges[i]);
        p.cost = static_cast<double>(p.edges.size());
        unique.insert(std::move(p));
        if (unique.size() >= max) break;
      }
      if (unique.size() >= max) break;
    }
    if (unique.size() >= max) {
      result.cut = Cut::RESULTS;
      break;
    }
  }
  result.paths.assign(unique.begin(), unique.end());
  return result;
}

// --- k shortest loopless paths (Yen) ----------------------------------------------------------

PathResult kShortestPaths(const GraphView& view, uint64_t from, uint64_t to, size_t k) {
  PathResult result;
  if (k == 0) return result;
  PathResult first = bidirectional(view, from, to, Bans{});
  result.cut = first.cut;
  if (first.paths.empty()) return result;
  std::vector<Path>& found = result.paths;
  found.push_back(first.paths[0]);
  std::set<Path> candidates;
  try {
    while (found.size() < k) {
      const Path prev = found.back();
      for (size_t i = 0; i + 1 < prev.nodes.size(); ++i) {
        view.checkpoint();
        const uint64_t spur = prev.nodes[i];
        std::unordered_set<uint64_t> bannedEdges, bannedNodes;
        for (const Path& p : found) {
          if (p.nodes.size() > i &&
              std::equal(p.nodes.begin(), p.nodes.begin() + long(i) + 1, prev.nodes.begin()) &&
              std::equal(p.edges.begin(), p.edges.begin() + long(i), prev.edges.begin())) {
            bannedEdges.insert(p.edges[i]);
          }
        }
        for (size_t j = 0; j < i; ++j) bannedNodes.insert(prev.nodes[j]);
        PathResult spurResult = bidirectional(view, spur, to, Bans{&bannedNodes, &bannedEdges});
        if (spurResult.cut == Cut::VISITED || spurResult.cut == Cut::DEADLINE ||
            spurResult.cut == Cut::CANCELLED) {
          result.cut = spurResult.cut;
        }
        if (spurResult.paths.empty()) continue;
        const Path& sp = spurResult.paths[0];
        if (i + sp.edges.size() > view.limits().maxHops) continue;
        Path total;
        total.nodes.assign(prev.nodes.begin(), prev.nodes.begin() + long(i));
        total.edges.assign(prev.edges.begin(), prev.edges.begin() + long(i));
        total.nodes.insert(total.nodes.end(), sp.nodes.begin(), sp.nodes.end());
        total.edges.insert(total.edges.end(), sp.edges.begin(), sp.edges.end());
        total.cost = static_cast<double>(total.edges.size());
        if (std::find(found.begin(), found.end(), total) == found.end()) {
          candidates.insert(std::move(total));
        }
      }
      if (candidates.empty()) break;
      found.push_back(*candidates.begin());
      candidates.erase(candidates.begin());
    }
  } catch (const SearchAborted& e) {
    result.cut = e.why();
  }
  result.visited = view.visited();
  return result;
}

// --- weighted shortest path (Dijkstra) -------------------------------------------------------

PathResult weightedShortestPath(const GraphView& view, uint64_t from, uint64_t to,
                                const CostModel& costs) {
  PathResult result;
  const Reader& r = view.reader();
  if (!r.nodeExists(from) || !r.nodeExists(to)) return result;
  std::unordered_map<uint32_t, double> typeCost;
  for (const auto& [name, c] : costs.typeCosts) {
    if (c < 0) throw std::invalid_argument("the cost of type " + name + " is negative");
    if (auto id = r.tokenId(name)) typeCost[*id] = c;
  }
  if (costs.defaultCost < 0) throw std::invalid_argument("the default cost is negative");
  struct State {
    double dist;
    uint64_t parent;
    uint64_t edge;
    bool done;
  };
  NodeMap<State> st(1024);
  using Item = std::pair<double, uint64_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  st.insert(from, State{0, 0, 0, false});
  heap.emplace(0.0, from);
  bool reached = false;
  try {
    while (!heap.empty()) {
      const auto [d, u] = heap.top();
      heap.pop();
      State* su = st.find(u);
      if (su->done || d > su->dist) continue;
      su->done = true;
      if (u == to) {
        reached = true;
        break;
      }
      view.checkpoint();
      if (u != from && !view.expandable(u)) continue;
      view.forEachStep(u, view.forward(), [&](const Step& s) {
        if (s.node != to && !passable(view, s.node)) return true;
        double c = costs.defaultCost;
        if (auto it = typeCost.find(s.type); it != typeCost.end()) c = it->second;
        if (!costs.property.empty()) {
          auto e = r.edge(s.edge);
          auto it = e ? e->properties.find(costs.property) : PropertyMap::const_iterator{};
          if (e && it != e->properties.end()) {
            if (it->second.type() == ValueType::INT) c = double(it->second.asInt());
            if (it->second.type() == ValueType::FLOAT) c = it->second.asFloat();
            if (c < 0)
              throw std::invalid_argument("relationship " + std::to_string(s.edge) +
                                          " has a negative cost");
          }
        }
        const double nd = d + c;
        auto [sv, inserted] = st.insert(s.node, State{nd, u, s.edge, false});
        if (inserted) {
          if (!view.visit()) throw SearchAborted(Cut::VISITED);
        } else if (sv->done || nd >= sv->dist) {
          return true;
        } else {
          *sv = State{nd, u, s.edge, false};
        }
        heap.emplace(nd, s.node);
        return true;
      });
    }
  } catch (const SearchAborted& e) {
    result.cut = e.why();
  }
  result.visited = view.visited();
  if (!reached) return result;
  Path p;
  for (uint64_t n = to;;) {
    p.nodes.push_back(n);
    const State* s = st.find(n);
    if (n == from) break;
    p.edges.push_back(s->edge);
    n = s->parent;
  }
  std::reverse(p.nodes.begin(), p.nodes.end());
  std::reverse(p.edges.begin(), p.edges.end());
  p.cost = st.find(to)->dist;
  result.paths.push_back(std::move(p));
  return result;
}

// --- time-respecting paths -------------------------------------------------------------------

PathResult timeRespectingPath(const GraphView& view, uint64_t from, uint64_t to,
                              const TimeOrder& order) {
  PathResult result;
  const Reader& r = view.reader();
  if (!r.nodeExists(from) || !r.nodeExists(to)) return result;
  if (from == to) {
    result.paths.push_back(Path{{from}, {}, 0});
    return result;
  }
  // States are (node, time of the last step); a node may be reached at several times, since an
  // earlier arrival is not always better under a maximum gap.
  struct State {
    uint64_t node;
    int64_t time;
    size_t parent;  // index into states; SIZE_MAX for the root
    uint64_t edge;
  };
  std::vector<State> states{State{from, 0, SIZE_MAX, 0}};
  std::set<std::pair<uint64_t, int64_t>> seen;
  std::vector<size_t> front{0}, next;
  size_t goal = SIZE_MAX;
  try {
    for (uint32_t hop = 0; hop < view.limits().maxHops && !front.empty() && goal == SIZE_MAX;
         ++hop) {
      next.clear();
      for (const size_t si : front) {
        if (goal != SIZE_MAX) break;
        view.checkpoint();
        const State cur = states[si];
        if (cur.node != from && !view.expandable(cur.node)) continue;
        view.forEachStep(cur.node, view.forward(), [&](const Step& s) {
          if (s.node != to && !passable(view, s.node)) return true;
          const auto t = view.edgeTime(s.edge);
          if (!t) return true;
          if (cur.parent != SIZE_MAX) {
            const int64_t gap = order.forward ? *t - cur.time : cur.time - *t;
            if (gap < 0) return true;
            if (order.maxGapMicros > 0 && gap > order.maxGapMicros) return true;
          }
          for (size_t a = si; a != SIZE_MAX; a = states[a].parent) {
            if (states[a].node == s.node) return true;  // loopless
          }
          if (!seen.emplace(s.node, *t).second) return true;
          if (!view.visit()) throw SearchAborted(Cut::VISITED);
          states.push_back(State{s.node, *t, si, s.edge});
          if (s.node == to) {
            goal = states.size() - 1;
            return false;
          }
          next.push_back(states.size() - 1);
          return true;
        });
      }
      front.swap(next);
    }
    if (goal == SIZE_MAX && !front.empty()) result.cut = Cut::HOPS;
  } catch (const SearchAborted& e) {
    result.cut = e.why();
  }
  result.visited = view.visited();
  if (goal == SIZE_MAX) return result;
  Path p;
  for (size_t i = goal; i != SIZE_MAX; i = states[i].parent) {
    p.nodes.push_back(states[i].node);
    if (states[i].parent != SIZE_MAX) p.edges.push_back(states[i].edge);
  }
  std::reverse(p.nodes.begin(), p.nodes.end());
  std::reverse(p.edges.begin(), p.edges.end());
  p.cost = static_cast<double>(p.edges.size());
  result.paths.push_back(std::move(p));
  return result;
}

// --- neighbourhoods --------------------------------------------------------------------------

namespace {

// forEachWithin's search with the callback inlined: reach calls it for every node it counts.
template <typename Fn>
LevelsResult searchLevels(const GraphView& view, uint64_t seed, uint32_t hops, Fn&& fn,
                          bool findSeedCycle) {
  LevelsResult out;
  if (!view.reader().nodeExists(seed)) return out;
  NodeSet seen(view.reader().nodeIdBound());
  seen.insert(seed);
  // For the seed's shortest cycle: each node nearer than `hops` keeps its depth, the
  // relationship it was reached by and its branch (the seed relationship its path starts
  // with). A relationship joining two such nodes of different branches, other than their own
  // tree relationships, closes a cycle through the seed.
  struct Tree {
    uint32_t depth;
    uint64_t edge;
    uint64_t branch;
  };
  NodeMap<Tree> tree(findSeedCycle ? 64 : 1);
  if (findSeedCycle) tree.insert(seed, Tree{0, UINT64_MAX, UINT64_MAX});
  auto closeCycle = [&](const Tree& u, uint64_t uNode, uint64_t edge, uint64_t vNode) {
    const Tree* v = tree.find(vNode);
    if (!v || edge == u.edge || edge == v->edge) return;
    // Followed one way only, a relationship closes a cycle through the seed only by leading
    // back to it; both ways, any two branches that meet make one.
    const bool throughSeed = view.forward() == Direction::BOTH
                                 ? uNode == seed || vNode == seed || u.branch != v->branch
                                 : vNode == seed;
    const uint32_t len = u.depth + v->depth + 1;
    if (throughSeed && len <= hops && (out.seedCycle == 0 || len < out.seedCycle)) {
      out.seedCycle = len;
    }
  };
  std::vector<uint64_t> front{seed}, next;
  bool stop = false;
  try {
    for (uint32_t d = 0; d < hops && !front.empty() && !stop; ++d) {
      next.clear();
      for (const uint64_t u : front) {
        view.checkpoint();
        if (d > 0 && !view.expandable(u)) continue;
        const Tree ut = findSeedCycle ? *tree.find(u) : Tree{d, 0, 0};
        view.forEachStep(u, view.forward(), [&](const Step& s) {
          if (findSeedCycle && s.node == u && s.direction == Direction::IN &&
              view.forward() == Direction::BOTH) {
            return true;  // a self-loop seen from its other end (already seen otherwise)
          }
          if (!seen.insert(s.node)) {
            if (findSeedCycle) closeCycle(ut, u, s.edge, s.node);
            return true;
          }
          if (!view.admits(s.node)) return true;
          if (!view.visit()) throw SearchAborted(Cut::VISITED);
          if (d + 1 < hops) {
            if (findSeedCycle)
              tree.insert(s.node, Tree{d + 1, s.edge, d == 0 ? s.edge : ut.branch});
            next.push_back(s.node);
          }
          if (!fn(s.node, d + 1)) stop = true;
          return !stop;
        });
        if (stop) break;
      }
      front.swap(next);
      // In id order the next level's adjacency lookups walk the table's pages in order.
      std::sort(front.begin(), front.end());
    }
  } catch (const SearchAborted& e) {
    out.cut = e.why();
  }
  return out;
}

}  // namespace

ReachResult reach(const GraphView& view, uint64_t seed, uint32_t hops) {
  ReachResult out;
  out.cut = searchLevels(
                view, seed, hops,
                [&](uint64_t, uint32_t) {
                  ++out.count;
                  return true;
                },
                false)
                .cut;
  return out;
}

LevelsResult forEachWithin(const GraphView& view, uint64_t seed, uint32_t hops,
                           const std::function<bool(uint64_t, uint32_t)>& fn, bool findSeedCycle) {
  return searchLevels(view, seed, hops, fn, findSeedCycle);
}

Subgraph expand(const GraphView& view, const std::vector<uint64_t>& seeds, uint32_t hops) {
  Subgraph g;
  const Reader& r = view.reader();
  NodeMap<uint32_t> depth(1024);
  std::vector<uint64_t> front, next;
  for (const uint64_t s : seeds) {
    if (r.nodeExists(s) && depth.insert(s, 0).second) {
      g.nodes.push_back(s);
      front.push_back(s);
    }
  }
  std::unordered_set<uint64_t> edges;
  try {
    for (uint32_t d = 0; d < hops && !front.empty(); ++d) {
      next.clear();
      for (const uint64_t u : front) {
        view.checkpoint();
        if (d > 0 && !view.expandable(u)) continue;
        view.forEachStep(u, view.forward(), [&](const Step& s) {
          if (depth.contains(s.node)) {
            edges.insert(s.edge);
            return true;
          }
          if (!view.admits(s.node)) return true;
          if (!view.visit()) throw SearchAborted(Cut::VISITED);
          depth.insert(s.node, d + 1);
          edges.insert(s.edge);
          g.nodes.push_back(s.node);
          next.push_back(s.node);
          return true;
        });
      }
      front.swap(next);
    }
  } catch (const SearchAborted& e) {
    g.cut = e.why();
  }
  g.edges.assign(edges.begin(), edges.end());
  std::sort(g.edges.begin(), g.edges.end());
  depth.forEach([&](uint64_t n, uint32_t d) { g.depth[n] = d; });
  return g;
}

namespace {
// Hop distances from `source` up to `maxHops`, with the number of shortest paths to each node.
struct DistCount {
  uint32_t dist = 0;
  uint64_t count = 0;
};
NodeMap<DistCount> distances(const GraphView& view, uint64_t source, uint32_t maxHops,
                             Direction dir) {
  NodeMap<DistCount> out(1024);
  out.insert(source, DistCount{0, 1});
  std::vector<uint64_t> front{source}, next;
  for (uint32_t d = 0; d < maxHops && !front.empty(); ++d) {
    next.clear();
    for (const uint64_t u : front) {
      view.checkpoint();
      if (d > 0 && !view.expandable(u)) continue;
      const uint64_t paths = out.find(u)->count;
      view.forEachStep(u, dir, [&](const Step& s) {
        auto [dc, inserted] = out.insert(s.node, DistCount{d + 1, 0});
        if (inserted) {
          if (!view.visit()) throw SearchAborted(Cut::VISITED);
          if (view.admits(s.node)) next.push_back(s.node);
        }
        if (dc->dist == d + 1) dc->count += paths;
        return true;
      });
    }
    front.swap(next);
  }
  return out;
}
}  // namespace

Subgraph connectors(const GraphView& view, const std::vector<uint64_t>& entitiesIn, uint32_t hops) {
  Subgraph g;
  std::vector<uint64_t> entities;
  for (const uint64_t e : entitiesIn) {
    if (view.reader().nodeExists(e) &&
        std::find(entities.begin(), entities.end(), e) == entities.end()) {
      entities.push_back(e);
    }
  }
  try {
    std::vector<NodeMap<DistCount>> dist;
    for (const uint64_t e : entities) dist.push_back(distances(view, e, hops, Direction::BOTH));
    std::map<uint64_t, uint64_t> pairsJoined;
    std::set<uint64_t> edges;
    for (size_t a = 0; a < entities.size(); ++a) {
      for (size_t b = a + 1; b < entities.size(); ++b) {
        const DistCount* ab = dist[a].find(entities[b]);
        if (!ab) continue;
        // Nodes on some walk of at most `hops` between a and b.
        std::vector<uint64_t> on;
        dist[a].forEach([&](uint64_t x, const DistCount& dx) {
          const DistCount* bx = dist[b].find(x);
          if (bx && dx.dist + bx->dist <= hops) on.push_back(x);
        });
        for (const uint64_t x : on) {
          const bool entity = std::find(entities.begin(), entities.end(), x) != entities.end();
          if (!entity && !passable(view, x)) continue;
          ++pairsJoined[x];
          const uint32_t ax = dist[a].find(x)->dist;
          view.forEachStep(x, Direction::BOTH, [&](const Step& s) {
            const DistCount* by = dist[b].find(s.node);
            if (by && ax + 1 + by->dist <= hops) edges.insert(s.edge);
            return true;
          });
        }
      }
    }
    for (const auto& [n, pairs] : pairsJoined) {
      g.nodes.push_back(n);
      const bool entity = std::find(entities.begin(), entities.end(), n) != entities.end();
      g.role[n] = entity ? "entity" : "connector";
      g.score[n] = pairs;
    }
    for (const uint64_t e : entities) {
      if (!g.role.count(e)) {
        g.nodes.push_back(e);
        g.role[e] = "entity";
        g.score[e] = 0;
      }
    }
    g.edges.assign(edges.begin(), edges.end());
  } catch (const SearchAborted& e) {
    g.cut = e.why();
  }
  return g;
}

Subgraph commonNeighbours(const GraphView& view, const std::vector<uint64_t>& entities) {
  Subgraph g;
  if (entities.empty()) return g;
  std::map<uint64_t, std::vector<uint64_t>> viaEdges;  // candidate -> edges to entities
  std::map<uint64_t, size_t> hits;
  try {
    for (const uint64_t e : entities) {
      std::set<uint64_t> mine;
      view.forEachStep(e, view.forward(), [&](const Step& s) {
        view.checkpoint();
        if (!view.admits(s.node)) return true;
        mine.insert(s.node);
        viaEdges[s.node].push_back(s.edge);
        return true;
      });
      for (const uint64_t n : mine) ++hits[n];
    }
  } catch (const SearchAborted& e) {
    g.cut = e.why();
  }
  for (const auto& [n, h] : hits) {
    if (h != entities.size()) continue;
    g.nodes.push_back(n);
    g.edges.insert(g.edges.end(), viaEdges[n].begin(), viaEdges[n].end());
  }
  std::sort(g.edges.begin(), g.edges.end());
  g.edges.erase(std::unique(g.edges.begin(), g.edges.end()), g.edges.end());
  return g;
}

WhoLinksResult whoLinks(const GraphView& view, uint64_t a, uint64_t b) {
  WhoLinksResult out;
  const Reader& r = view.reader();
  if (!r.nodeExists(a) || !r.nodeExists(b) || a == b) return out;
  try {
    // The distance first (cheap, bidirectional), then path counts from both ends within it.
    PathResult sp = bidirectional(view, a, b, Bans{});
    out.cut = sp.cut;
    if (sp.paths.empty()) return out;
    const uint32_t d = static_cast<uint32_t>(sp.paths[0].edges.size());
    out.distance = d;
    const auto fromA = distances(view, a, d, view.forward());
    const auto fromB = distances(view, b, d, view.backward());
    out.totalPaths = fromA.find(b) ? fromA.find(b)->count : 0;
    fromA.forEach([&](uint64_t x, const DistCount& ax) {
      if (x == a || x == b) return;
      const DistCount* bx = fromB.find(x);
      if (bx && ax.dist + bx->dist == d && passable(view, x)) {
        out.ranked.push_back({x, ax.count * bx->count});
      }
    });
  } catch (const SearchAborted& e) {
    out.cut = e.why();
  }
  std::sort(out.ranked.begin(), out.ranked.end(), [](const Intermediary& x, const Intermediary& y) {
    return x.paths != y.paths ? x.paths > y.paths : x.node < y.node;
  });
  if (out.ranked.size() > view.limits().maxResults) {
    out.ranked.resize(view.limits().maxResults);
    out.cut = Cut::RESULTS;
  }
  return out;
}

}  // namespace casegraph
