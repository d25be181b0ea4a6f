#include "query/cypher/parse/parse-cache.h"

namespace casegraph::cypher {

ParseCache::ParseCache(size_t capacity, size_t maxText)
    : capacity_(capacity == 0 ? 1 : capacity), maxText_(maxText) {}

std::shared_ptr<ParsedQuery> ParseCache::get(std::string_view text) {
  if (text.size() > maxText_) return std::make_shared<ParsedQuery>(parse(text));
  {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(text);
    if (it != slots_.end()) {
      order_.splice(order_.begin(), order_, it->second.position);
      hits_.fetch_add(1, std::memory_order_relaxed);
      return it->second.query;
    }
  }
  // Parsed outside the lock: another thread may parse the same text meanwhile; the second
  // to finish finds the first's entry and uses it.
  auto parsed = std::make_shared<ParsedQuery>(parse(text));
  std::lock_guard lock(mutex_);
  auto it = slots_.find(text);
  if (it != slots_.end()) return it->second.query;
  order_.emplace_front(text);
  slots_.emplace(std::string_view(order_.front()), Slot{parsed, order_.begin()});
  if (slots_.size() > capacity_) {
    slots_.erase(std::string_view(order_.back()));
    order_.pop_back();
  }
  return parsed;
}

size_t ParseCache::size() {
  std::lock_guard lock(mutex_);
  return slots_.size();
}

}  // namespace casegraph::cypher
