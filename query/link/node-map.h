// An open-addressing hash map from node id to a small value, for the per-search state of graph
// algorithms (visited sets, parents, distances). Node id 0 is reserved as the empty marker (the
// store's ids start at 1). Much faster than std::unordered_map for millions of small entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace casegraph {

template <typename V>
class NodeMap {
 public:
  explicit NodeMap(size_t expected = 64) { rehash(capacityFor(expected)); }

  size_t size() const { return size_; }
  bool contains(uint64_t key) const { return find(key) != nullptr; }

  V* find(uint64_t key) {
    size_t i = slot(key);
    for (;;) {
      if (keys_[i] == key) return &values_[i];
      if (keys_[i] == 0) return nullptr;
      i = (i + 1) & mask_;
    }
  }
  const V* find(uint64_t key) const { return const_cast<NodeMap*>(this)->find(key); }

  // Inserts key -> value unless present; returns the stored value and whether it was new.
  std::pair<V*, bool> insert(uint64_t key, const V& value) {
    if ((size_ + 1) * 4 > keys_.size() * 3) rehash(keys_.size() * 2);
    size_t i = slot(key);
    for (;;) {
      if (keys_[i] == key) return {&values_[i], false};
      if (keys_[i] == 0) {
        keys_[i] = key;
        values_[i] = value;
        ++size_;
        return {&values_[i], true};
      }
      i = (i + 1) & mask_;
    }
  }

  V& operator[](uint64_t key) { return *insert(key, V{}).first; }

  template <typename Fn>
  void forEach(Fn&& fn) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != 0) fn(keys_[i], values_[i]);
    }
  }

 private:
  static size_t capacityFor(size_t n) {
    size_t c = 16;
    while (c * 3 < n * 4) c *= 2;
    return c;
  }
  size_t slot(uint64_t key) const {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<size_t>(key) & mask_;
  }
  void rehash(size_t capacity) {
    std::vector<uint64_t> oldKeys = std::move(keys_);
    std::vector<V> oldValues = std::move(values_);
    keys_.assign(capacity, 0);
    values_.assign(capacity, V{});
    mask_ = capacity - 1;
    size_ = 0;
    for (size_t i = 0; i < oldKeys.size(); ++i) {
      if (oldKeys[i] != 0) insert(oldKeys[i], oldValues[i]);
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<V> values_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// A set of node ids. A search's visited set (SEARCH) is, below POOLED_BOUND ids (the store's
// nodeIdBound), a bitmap over [0, bound) borrowed from a per-thread pool: one bit test per step
// and, at the end, only the words it set are cleared, instead of a hash table built or a bitmap
// zeroed per search. A set of which there may be many at once (SMALL_FIRST: one per group of a
// DISTINCT aggregate) is a hash set while small and a bitmap of its own once large. Ids at or
// above the bound (nodes created after it was taken) are hashed in either case.
class NodeSet {
 public:
  enum Use { SEARCH, SMALL_FIRST };
  explicit NodeSet(uint64_t bound, Use use = SEARCH);
  ~NodeSet();
  NodeSet(const NodeSet&) = delete;
  NodeSet& operator=(const NodeSet&) = delete;

  // Returns true when `id` was not in the set.
  bool insert(uint64_t id) {
    if (id < bound_ && bits_) {
      uint64_t& word = bits_[id >> 6];
      const uint64_t bit = uint64_t{1} << (id & 63);
      if (word & bit) return false;
      if (word == 0 && tracking_) track(id >> 6);
      word |= bit;
      return true;
    }
    return insertSlow(id);
  }

  // Bounds up to this many ids use a pooled bitmap (32 MiB at most per pooled set).
  static constexpr uint64_t POOLED_BOUND = uint64_t{1} << 28;

 private:
  bool insertSlow(uint64_t id);
  void track(uint64_t word);

  static constexpr size_t SWITCH_AT = 8192;
  uint64_t bound_;
  uint64_t* bits_ = nullptr;       // the bitmap in use: pooled_'s or own_'s
  bool tracking_ = false;          // pooled_ in use and its touched words worth listing
  std::vector<uint64_t> pooled_;   // borrowed from the thread's pool; all zero when returned
  std::vector<uint32_t> touched_;  // words of pooled_ this set made non-zero, while tracking_
  std::vector<uint64_t> own_;      // SMALL_FIRST or above POOLED_BOUND, once the set is large
  NodeMap<char> small_{16};
};

}  // namespace casegraph
