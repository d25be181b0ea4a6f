// The graph as the link-analysis algorithms see it: a read snapshot seen through a filter
// (direction, relationship types, neighbour labels, a time window on relationships' valid
// time, a degree cap on hubs), with limits (hops, visited nodes, results, deadline,
// cancellation). Algorithms are written against this, not against storage internals.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "graphd/store/store.h"

namespace casegraph {

struct TraversalFilter {
  Direction direction = Direction::BOTH;
  std::vector<std::string> types;   // relationship types to follow; empty = all
  std::vector<std::string> labels;  // nodes to step onto must have one of these; empty = any
  // Only relationships whose valid time overlaps [from, to] (microseconds).
  std::optional<std::pair<int64_t, int64_t>> window;
  // Nodes with more relationships than this are not expanded through (they can still be found
  // and be endpoints). 0 = no cap.
  uint64_t maxDegree = 0;
  // Predicates of the caller's own (the Cypher engine's WHERE on a path's relationships and
  // nodes): steps go only over relationships `edges` accepts, onto nodes `nodes` accepts (the
  // endpoints are exempt, as from `labels`). Empty = every one.
  std::function<bool(uint64_t edge)> edges;
  std::function<bool(uint64_t node)> nodes;
};

struct SearchLimits {
  uint32_t maxHops = 6;
  uint64_t maxVisited = 2'000'000;  // nodes touched by one search
  uint64_t maxResults = 1000;       // paths or rows returned
  std::chrono::microseconds deadline{std::chrono::seconds(30)};
  const std::atomic<bool>* cancelled = nullptr;
};

// Why a search stopped before it had looked everywhere it was asked to.
enum class Cut { NONE, HOPS, VISITED, RESULTS, DEADLINE, CANCELLED };
const char* cutName(Cut c);

// Thrown out of a search when the deadline passes or the client cancels.
class SearchAborted : public std::runtime_error {
 public:
  explicit SearchAborted(Cut why);
  Cut why() const { return why_; }

 private:
  Cut why_;
};

// One step from a node: the relationship, the node at its other end, and whether the step
// follows the relationship's direction (OUT) or goes against it (IN).
struct Step {
  uint64_t node;
  uint64_t edge;
  uint32_t type;
  Direction direction;
};

class GraphView {
 public:
  GraphView(const Reader& reader, TraversalFilter filter, SearchLimits limits);

  const Reader& reader() const { return reader_; }
  const TraversalFilter& filter() const { return filter_; }
  const SearchLimits& limits() const { return limits_; }

  // Steps from `node` allowed by the type and time filters, in direction `dir` (the filter's
  // direction, or its reverse for the backward side of a bidirectional search). fn returns
  // false to stop. The label filter is the algorithm's to apply (admits()), because the
  // endpoints of a path search are exempt from it.
  template <typename Fn>
  void forEachStep(uint64_t node, Direction dir, Fn&& fn) const;
  // Whether a search may continue through `node` (the degree cap).
  bool expandable(uint64_t node) const;
  // Whether a node passes the label filter (cached per view).
  bool admits(uint64_t node) const {
    return (labelIds_.empty() && !filter_.nodes) || admitsByLabel(node);
  }
  // Steps the filter allows from `node` in the filter's own direction.
  Direction forward() const { return filter_.direction; }
  Direction backward() const;

  // Throws SearchAborted past the deadline or after cancellation. Cheap; call in loops.
  void checkpoint() const;
  // Counts a newly visited node; false once maxVisited is reached.
  bool visit() const { return ++visited_ <= limits_.maxVisited; }
  uint64_t visited() const { return visited_; }

  // Time of a relationship for time-respecting searches: its validFrom, or nullopt when
  // unbounded.
  std::optional<int64_t> edgeTime(uint64_t edge) const;

 private:
  bool edgeAllowed(uint64_t edge) const;
  bool admitsByLabel(uint64_t node) const;
  const Reader& reader_;
  TraversalFilter filter_;
  SearchLimits limits_;
  std::vector<uint32_t> typeIds_;  // sorted; empty with no type filter
  std::vector<uint32_t> labelIds_;
  bool noMatchingType_ = false;  // a type filter naming only unknown types
  std::chrono::steady_clock::time_point deadline_;
  mutable uint64_t visited_ = 0;
  mutable uint64_t checks_ = 0;
  mutable std::unordered_map<uint64_t, bool> admitted_;  // labels and filter_.nodes
};

template <typename Fn>
void GraphView::forEachStep(uint64_t node, Direction dir, Fn&& fn) const {
  if (noMatchingType_) return;
  bool stop = false;
  reader_.forEachAdjPage(node, dir, [&](const char* p, size_t n, Direction d) {
    for (size_t i = 0; i < n && !stop; ++i, p += ADJ_ENTRY_SIZE) {
      const uint32_t type = adjEntryType(p);
      if (!typeIds_.empty() && !std::binary_search(typeIds_.begin(), typeIds_.end(), type)) {
        continue;
      }
      const uint64_t other = adjEntryNeighbour(p);
      const uint64_t edge = adjEntryEdge(p);
      if (filter_.window && !edgeAllowed(edge)) continue;
      if (filter_.edges && !filter_.edges(edge)) continue;
      if (!fn(Step{other, edge, type, d})) stop = true;
    }
    return !stop;  // a stop also skips the node's remaining pages
  });
}

}  // namespace casegraph
