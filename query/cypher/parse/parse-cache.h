// Parsed statements kept by their text, so that a query sent again (the usual case for a
// client application, which varies only the parameters) skips the parser.
//
// A cached tree is shared between threads and never modified. Each entry also remembers how
// its last runs went, for the server's choice of where to run it (graphd/server/rpc-query.cpp).
#pragma once

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "query/cypher/parse/parser.h"

namespace casegraph::cypher {

// Whether a kind of work should get a short first attempt (the server's run on its RPC thread
// within a small budget, graphd/server/rpc-query.cpp): from how often recent attempts ran out of the
// budget. An attempt that runs out costs the budget; one that succeeds saves two thread
// hand-overs, worth a fifth or so of the budget, so attempts stop while more than about one
// in seven of them run out. Every 16th call attempts anyway, so that the estimate follows the
// work when it changes. Updates race harmlessly (a lost update only delays a decision).
class InlineGate {
 public:
  bool shouldTry() {
    const uint32_t n = calls_.fetch_add(1, std::memory_order_relaxed);
    return overrunRate_.load(std::memory_order_relaxed) < RATE_LIMIT || n % 16 == 0;
  }
  void record(bool overran) {
    const uint32_t r = overrunRate_.load(std::memory_order_relaxed);
    const uint32_t target = overran ? SCALE : 0;
    // An exponentially weighted mean over about the last 16 attempts.
    overrunRate_.store(target > r ? r + (target - r) / 16 : r - (r - target) / 16,
                       std::memory_order_relaxed);
  }
  // The overrun rate in thousandths.
  uint32_t overrunRate() const { return overrunRate_.load(std::memory_order_relaxed); }

  static constexpr uint32_t SCALE = 1000;
  static constexpr uint32_t RATE_LIMIT = 150;

 private:
  std::atomic<uint32_t> overrunRate_{0};
  std::atomic<uint32_t> calls_{0};
};

struct ParsedQuery {
  explicit ParsedQuery(ParseResult p) : parsed(std::move(p)) {}
  const ParseResult parsed;
  InlineGate inlineGate;  // how this statement's short first attempts went
};

class ParseCache {
 public:
  // Keeps at most `capacity` statements of at most `maxText` bytes each (longer texts are
  // parsed every time); the least recently used goes first.
  explicit ParseCache(size_t capacity = 512, size_t maxText = 16 * 1024);
  ParseCache(const ParseCache&) = delete;
  ParseCache& operator=(const ParseCache&) = delete;

  // The statement parsed from `text`: from the cache, or parsed now (a syntax error included).
  std::shared_ptr<ParsedQuery> get(std::string_view text);

  size_t size();
  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  size_t maxText() const { return maxText_; }

 private:
  using Order = std::list<std::string>;  // most recently used first
  struct Slot {
    std::shared_ptr<ParsedQuery> query;
    Order::iterator position;
  };
  size_t capacity_, maxText_;
  std::mutex mutex_;
  Order order_;
  std::unordered_map<std::string_view, Slot> slots_;  // keys view the strings in order_
  std::atomic<uint64_t> hits_{0};
};

}  // namespace casegraph::cypher
