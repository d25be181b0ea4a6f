// Sorting many byte-string keys that share a long common prefix (the index keys of a bulk
// import: label + property key + value + id), much faster than std::sort on the strings: each
// key's first 16 bytes after the prefix all of them share are compared as two integers, and
// only keys equal in those are compared whole.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casegraph {

namespace detail {

// Bytes [at, at + 8) of `s` as a big-endian integer, zero-padded past the end. Zero padding
// keeps the byte order: a key that ends earlier sorts first, as std::string's order has it,
// unless the longer one continues with zero bytes, which the whole-key comparison then settles.
inline uint64_t bigEndianAt(std::string_view s, size_t at) {
  unsigned char b[8] = {0};
  if (at < s.size()) std::memcpy(b, s.data() + at, std::min<size_t>(8, s.size() - at));
  uint64_t v = 0;
  for (const unsigned char c : b) v = (v << 8) | c;
  return v;
}

}  // namespace detail

// Sorts `items` in their own order (operator<), which must begin with the byte order of
// key(item), a std::string_view (std::string itself; a pair whose first is the key): the key's
// bytes decide, and items with equal keys compare whole.
template <typename T, typename Key>
void sortByKey(std::vector<T>& items, Key key) {
  if (items.size() < 2) return;
  const std::string_view first = key(items[0]);
  size_t common = first.size();
  for (const T& item : items) {
    const std::string_view k = key(item);
    size_t i = 0;
    const size_t n = std::min(common, k.size());
    while (i < n && k[i] == first[i]) ++i;
    common = i;
    if (common == 0) break;
  }
  struct Entry {
    uint64_t hi, lo;
    uint32_t index;
  };
  std::vector<Entry> order(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string_view k = key(items[i]);
    order[i] = {detail::bigEndianAt(k, common), detail::bigEndianAt(k, common + 8),
                static_cast<uint32_t>(i)};
  }
  std::sort(order.begin(), order.end(), [&](const Entry& a, const Entry& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    return items[a.index] < items[b.index];
  });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (const Entry& e : order) sorted.push_back(std::move(items[e.index]));
  items.swap(sorted);
}

inline void sortKeys(std::vector<std::string>& keys) {
  sortByKey(keys, [](const std::string& k) { return std::string_view(k); });
}

}  // namespace casegraph
