// Random property graphs for the random query tester: a few labels and relationship types,
// self-loops, parallel relationships, a hub, and property values that stress equality and
// ordering (1 beside 1.0, 0.0 beside -0.0, NaN, absent values, strings past 200 bytes that
// share a prefix, booleans). The graph is kept in memory for the reference evaluator and
// written to a store through the store API; both see the same ids.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "graphd/store/store.h"
#include "query/cypher/exec/qvalue.h"

namespace casegraph::randomq {

using cypher::QValue;

// The tester's random numbers: one seeded engine, with the few draws the generators need.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // Uniform in [lo, hi].
  int64_t range(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(engine_);
  }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine_) < p; }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v.at(static_cast<size_t>(range(0, static_cast<int64_t>(v.size()) - 1)));
  }

 private:
  std::mt19937_64 engine_;
};

struct GNode {
  uint64_t id = 0;
  std::vector<std::string> labels;  // sorted
  std::map<std::string, QValue> props;
};

struct GRel {
  uint64_t id = 0;
  std::string type;
  uint64_t start = 0;
  uint64_t end = 0;
  std::map<std::string, QValue> props;
};

struct Graph {
  std::vector<GNode> nodes;
  std::vector<GRel> rels;
  const GNode& node(uint64_t id) const;
  const GRel& rel(uint64_t id) const;
  std::string describe() const;  // one line per node and relationship, for --verbose
};

// Node properties: `k` any kind of value, `f` numbers that are equal across kinds (0, 0.0,
// -0.0, 1, 1.0, NaN), `i` small integers, `s` strings (some longer than 200 bytes).
// Relationship properties: `w` small integers (sometimes absent or a float), `k` as on nodes.
inline const std::vector<std::string> LABELS = {"A", "B", "C"};
inline const std::vector<std::string> TYPES = {"R", "S", "T"};
inline const std::vector<std::string> NODE_KEYS = {"k", "f", "i", "s"};

// A value for property `key` (null: absent), drawn the way the graph generator draws it.
QValue randomValue(Rng& rng, const std::string& key);

// A graph of up to `maxNodes` nodes. Ids are placeholders until loadGraph assigns them.
Graph generateGraph(Rng& rng, int maxNodes);

// Writes the graph into an empty store and sets every id to the store's.
void loadGraph(Graph& graph, GraphStore& store);

}  // namespace casegraph::randomq
