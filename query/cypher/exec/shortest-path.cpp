// shortestPath() and allShortestPaths() between two bound nodes: the shortest paths among
// those the query's predicates allow, not the shortest path filtered afterwards.
//
// Predicates on each relationship and each node of the path sit in the view's filter, so a
// plain bidirectional breadth-first search on the link-analysis engine finds the answer. A
// minimum length above one, or a predicate on the whole path, needs paths of each length in
// turn: trails (no relationship twice, as a variable-length pattern matches) are walked
// depth-first for length L = the distance, then L + 1, ... until one satisfies the predicate,
// pruned by each node's distance to the far end.
#include <unordered_map>
#include <unordered_set>

#include "query/cypher/exec/engine.h"

namespace casegraph::cypher::detail {

namespace {

[[noreturn]] void searchStopped(Cut why, SourcePos pos) {
  runtimeError("TransientError", "DeadlineExceeded",
               std::string("shortest path search stopped: ") + cutName(why), pos);
}

SearchLimits limitsOf(QueryContext& ctx, uint64_t maxHops) {
  SearchLimits limits;
  limits.maxHops = static_cast<uint32_t>(std::min<uint64_t>(maxHops, 1000));
  limits.maxResults = UINT64_MAX;
  limits.maxVisited = UINT64_MAX;
  limits.deadline = std::chrono::duration_cast<std::chrono::microseconds>(
      ctx.deadline() - std::chrono::steady_clock::now());
  limits.cancelled = ctx.options.cancelled;
  return limits;
}

// Trails from `from` to `to` by length, shortest first.
class TrailSearch {
 public:
  TrailSearch(QueryContext& ctx, const GraphView& view, const ShortestSearch& s, uint64_t from,
              uint64_t to)
      : ctx_(ctx), view_(view), s_(s), from_(from), to_(to) {}

  bool run(const std::function<bool(const Path&)>& fn) {
    distancesToEnd();
    auto d = distance_.find(from_);
    if (d == distance_.end()) return true;  // no path at all
    for (uint64_t length = std::max<uint64_t>(s_.minHops, d->second); length <= s_.maxHops;
         ++length) {
      found_.clear();
      longer_ = false;
      path_.nodes.assign(1, from_);
      path_.edges.clear();
      walk(from_, length);
      if (!found_.empty()) {
        for (const auto& p : found_) {
          if (!fn(p)) return false;
        }
        return true;
      }
      if (!longer_) return true;  // no trail goes on past this length
    }
    return true;
  }

 private:
  // Breadth-first from the far end, against the direction: a lower bound on every node's
  // remaining length (nodes that cannot reach it are left out).
  void distancesToEnd() {
    distance_[to_] = 0;
    std::vector<uint64_t> front{to_}, next;
    for (uint64_t hops = 1; hops <= s_.maxHops && !front.empty(); ++hops) {
      next.clear();
      for (const uint64_t u : front) {
        ctx_.checkpoint();
        view_.forEachStep(u, view_.backward(), [&](const Step& step) {
          const uint64_t v = step.node;
          if (v != from_ && !view_.admits(v)) return true;
          if (distance_.emplace(v, hops).second) next.push_back(v);
          return true;
        });
      }
      front.swap(next);
    }
  }

  // Extends the trail at `at` to exactly `length` relationships.
  bool walk(uint64_t at, uint64_t length) {
    ctx_.checkpoint();
    const uint64_t depth = path_.edges.size();
    if (depth == length) {
      longer_ = true;  // the trail might go on, and come back to the end
      if (at == to_ && (!s_.accept || s_.accept(path_))) {
        found_.push_back(path_);
        found_.back().cost = static_cast<double>(length);
        return s_.search == PathSearch::ALL_SHORTEST;
      }
      return true;
    }
    bool go = true;
    view_.forEachStep(at, view_.forward(), [&](const Step& step) {
      const uint64_t v = step.node;
      // Both directions list a self-loop twice (as outgoing and as incoming); it is one
      // relationship, so one way of walking it.
      if (v == at && view_.forward() == Direction::BOTH && step.direction == Direction::IN) {
        return true;
      }
      if (used_.count(step.edge)) return true;
      if (v != to_ && !view_.admits(v)) return true;
      auto d = distance_.find(v);
      if (d == distance_.end()) return true;
      if (depth + 1 + d->second > length) {
        longer_ = true;  // a longer trail may go on from here
        return true;
      }
      used_.insert(step.edge);
      path_.edges.push_back(step.edge);
      path_.nodes.push_back(v);
      go = walk(v, length);
      path_.nodes.pop_back();
      path_.edges.pop_back();
      used_.erase(step.edge);
      return go;
    });
    return go;
  }

  QueryContext& ctx_;
  const GraphView& view_;
  const ShortestSearch& s_;
  const uint64_t from_;
  const uint64_t to_;
  std::unordered_map<uint64_t, uint64_t> distance_;
  std::unordered_set<uint64_t> used_;
  Path path_;
  std::vector<Path> found_;
  bool longer_ = false;
};

}  // namespace

bool findShortest(QueryContext& ctx, const ShortestSearch& s, uint64_t from, uint64_t to,
                  const std::function<bool(const Path&)>& fn) {
  GraphView view(ctx.reader, s.filter, limitsOf(ctx, s.maxHops));
  if (!s.accept && s.minHops <= 1) {
    PathResult found;
    try {
      found = s.search == PathSearch::SHORTEST ? shortestPath(view, from, to)
                                               : allShortestPaths(view, from, to);
    } catch (const SearchAborted& e) {
      found.cut = e.why();
    }
    // The search reports a cut instead of throwing: an unfinished search has not shown that
    // there is no path.
    if (found.cut == Cut::DEADLINE || found.cut == Cut::CANCELLED) searchStopped(found.cut, s.pos);
    for (const auto& path : found.paths) {
      if (path.edges.size() < s.minHops) continue;
      if (!fn(path)) return false;
    }
    return true;
  }
  TrailSearch trails(ctx, view, s, from, to);
  try {
    return trails.run(fn);
  } catch (const SearchAborted& e) {
    searchStopped(e.why(), s.pos);
  }
}

}  // namespace casegraph::cypher::detail
