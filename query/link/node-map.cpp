#include "query/link/node-map.h"

#include <algorithm>
#include <cstring>

namespace casegraph {

namespace {

// Zeroed bitmaps kept by a thread for its next searches. A few suffice: searches nest at most
// a couple deep (a query's count set around the searches it runs).
struct BitmapPool {
  static constexpr size_t KEEP = 4;
  std::vector<std::vector<uint64_t>> free;
};

thread_local BitmapPool pool;

}  // namespace

NodeSet::NodeSet(uint64_t bound, Use use) : bound_(bound) {
  if (use != SEARCH || bound_ > POOLED_BOUND) return;
  const size_t words = static_cast<size_t>(bound_ >> 6) + 1;
  if (!pool.free.empty()) {
    pooled_ = std::move(pool.free.back());
    pool.free.pop_back();
  }
  if (pooled_.size() < words) pooled_.resize(words, 0);
  bits_ = pooled_.data();
  tracking_ = true;
}

void NodeSet::track(uint64_t word) {
  // Past an eighth of the words, clearing them all is cheaper than listing them.
  if ((touched_.size() + 1) * 8 > (bound_ >> 6) + 1) {
    tracking_ = false;
    touched_ = {};
    return;
  }
  touched_.push_back(static_cast<uint32_t>(word));
}

NodeSet::~NodeSet() {
  if (pooled_.empty()) return;
  const size_t words = static_cast<size_t>(bound_ >> 6) + 1;
  if (!tracking_) {
    std::memset(pooled_.data(), 0, words * sizeof(uint64_t));
  } else {
    for (const uint32_t w : touched_) pooled_[w] = 0;
  }
  if (pool.free.size() < BitmapPool::KEEP) pool.free.push_back(std::move(pooled_));
}

bool NodeSet::insertSlow(uint64_t id) {
  if (bits_ || id >= bound_) return small_.insert(id, 1).second;
  if (!small_.insert(id, 1).second) return false;
  if (small_.size() > SWITCH_AT) {
    own_.assign(static_cast<size_t>(bound_ >> 6) + 1, 0);
    NodeMap<char> rest(16);  // ids at or above the bound stay hashed
    small_.forEach([&](uint64_t k, char) {
      if (k < bound_) {
        own_[k >> 6] |= uint64_t{1} << (k & 63);
      } else {
        rest.insert(k, 1);
      }
    });
    small_ = std::move(rest);
    bits_ = own_.data();
  }
  return true;
}

}  // namespace casegraph
