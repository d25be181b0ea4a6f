// The checks the random query tester runs, in families that can be skipped one by one
// (cypher-random --skip-check NAME):
//
//   match, distinct, with, shortest   differential: the engine's answer to a generated query
//                                     against the reference evaluator's (reference.h)
//   tlp        ternary partitioning: rows without WHERE = rows with WHERE p, WHERE NOT p and
//              WHERE p IS NULL together
//   redundant  AND true / OR false / WHERE true added to every WHERE change nothing
//   reorder    pattern parts in another order, chains written backwards change nothing
//   index      (n:L {k: v}) (a property index lookup) finds what (n) WHERE n:L AND n.k = v
//              (a scan) finds
//   plan       MATCH (a)-[*..n]-(b) used only through DISTINCT (the DistinctReach plan) gives
//              what the same query with the plan defeated gives, and what the reference gives
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "graphd/store/store.h"
#include "query-gen.h"
#include "random-graph.h"
#include "reference.h"

namespace casegraph::randomq {

struct CheckFamily {
  std::string name;
  std::string what;
};
const std::vector<CheckFamily>& checkFamilies();

struct Mismatch {
  std::string check;
  uint64_t seed = 0;
  int number = 0;  // which query of the seed
  std::vector<std::string> queries;
  std::vector<std::string> answers;  // one per query, or the expected and the actual
};

struct Tally {
  uint64_t checks = 0;
  uint64_t queries = 0;  // statements the engine ran
  uint64_t mismatches = 0;
  uint64_t refused = 0;  // generated queries the reference found a type error in
  uint64_t errors = 0;   // metamorphic pairs the engine refused both of (not compared)
  uint64_t empty = 0;    // checks whose answers had no rows
};

// Runs checks against one random graph, loaded in `store`.
class Checker {
 public:
  Checker(GraphStore& store, const Graph& graph, uint64_t seed)
      : store_(store), graph_(graph), rng_(seed), gen_(rng_, graph), seed_(seed) {}

  // Runs check `family` once as query number `number`; appends what it finds to `out`.
  void run(const std::string& family, int number, std::vector<Mismatch>& out);
  const std::map<std::string, Tally>& tallies() const { return tallies_; }

 private:
  struct Answer {
    bool failed = false;
    std::string error;
    Result result;
  };
  Answer engine(const std::string& family, const std::string& text);
  void differential(const std::string& family, const Query& q, int number,
                    std::vector<Mismatch>& out);
  void sameAnswers(const std::string& family, const Query& a, const Query& b, int number,
                   std::vector<Mismatch>& out);
  void tlp(int number, std::vector<Mismatch>& out);
  void index(int number, std::vector<Mismatch>& out);
  void plan(int number, std::vector<Mismatch>& out);

  GraphStore& store_;
  const Graph& graph_;
  Rng rng_;  // reseeded for every check (run())
  QueryGen gen_;
  uint64_t seed_;
  std::map<std::string, Tally> tallies_;
};

// How two answers are compared: as multisets of rows unless `ordered`; the lists in
// `listColumns` (collect()) as multisets of values. Values by equivalence.
struct Comparison {
  bool ordered = false;
  std::vector<size_t> listColumns;
};
Comparison comparisonFor(const Query& q);
bool sameRows(const Result& a, const Result& b, const Comparison& how);
std::string showResult(const Result& r);
// The rows of each answer the other lacks (empty when compared in order).
std::string showDifference(const Result& a, const Result& b, const Comparison& how);

}  // namespace casegraph::randomq
