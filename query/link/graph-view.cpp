#include "query/link/graph-view.h"

#include <algorithm>

namespace casegraph {

const char* cutName(Cut c) {
  switch (c) {
    case Cut::NONE:
      return "";
    case Cut::HOPS:
      return "hop limit reached";
    case Cut::VISITED:
      return "visited-node limit reached";
    case Cut::RESULTS:
      return "result limit reached";
    case Cut::DEADLINE:
      return "deadline passed";
    case Cut::CANCELLED:
      return "cancelled";
  }
  return "";
}

SearchAborted::SearchAborted(Cut why) : std::runtime_error(cutName(why)), why_(why) {}

GraphView::GraphView(const Reader& reader, TraversalFilter filter, SearchLimits limits)
    : reader_(reader),
      filter_(std::move(filter)),
      limits_(limits),
      deadline_(std::chrono::steady_clock::now() + limits.deadline) {
  for (const auto& t : filter_.types) {
    if (auto id = reader_.tokenId(t)) typeIds_.push_back(*id);
  }
  noMatchingType_ = !filter_.types.empty() && typeIds_.empty();
  std::sort(typeIds_.begin(), typeIds_.end());
  for (const auto& l : filter_.labels) {
    // An unknown label matches nothing; keep a sentinel so that the filter stays on.
    labelIds_.push_back(reader_.tokenId(l).value_or(UINT32_MAX));
  }
}

Direction GraphView::backward() const {
  switch (filter_.direction) {
    case Direction::OUT:
      return Direction::IN;
    case Direction::IN:
      return Direction::OUT;
    case Direction::BOTH:
      return Direction::BOTH;
  }
  return Direction::BOTH;
}

bool GraphView::expandable(uint64_t node) const {
  if (filter_.maxDegree == 0) return true;
  return reader_.degree(node, filter_.direction) <= filter_.maxDegree;
}

bool GraphView::admitsByLabel(uint64_t node) const {
  auto it = admitted_.find(node);
  if (it != admitted_.end()) return it->second;
  bool ok = labelIds_.empty();
  if (!ok) {
    for (const uint32_t l : reader_.nodeLabelIds(node)) {
      if (std::find(labelIds_.begin(), labelIds_.end(), l) != labelIds_.end()) ok = true;
    }
  }
  if (ok && filter_.nodes) ok = filter_.nodes(node);
  admitted_.emplace(node, ok);
  return ok;
}

void GraphView::checkpoint() const {
  if ((checks_++ & 0x3f) != 0) return;  // the first call checks, then every 64th
  if (limits_.cancelled && limits_.cancelled->load(std::memory_order_relaxed)) {
    throw SearchAborted(Cut::CANCELLED);
  }
  if (std::chrono::steady_clock::now() > deadline_) throw SearchAborted(Cut::DEADLINE);
}

bool GraphView::edgeAllowed(uint64_t edge) const {
  auto e = reader_.edge(edge);
  if (!e) return false;
  return e->validFrom <= filter_.window->second && e->validTo >= filter_.window->first;
}

std::optional<int64_t> GraphView::edgeTime(uint64_t edge) const {
  auto e = reader_.edge(edge);
  if (!e || e->validFrom == TIME_MIN) return std::nullopt;
  return e->validFrom;
}

}  // namespace casegraph
