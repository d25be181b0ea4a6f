// The random query generator: queries over the random graphs of random-graph.h, both as the
// reference's tree and (through cypherText) as Cypher. Each family of differential check has
// its own shape of query so that a known bug in one feature does not hide the others:
//
//   match     MATCH / OPTIONAL MATCH chains (directed, undirected, *1..2), WHERE, WITH ...
//             WHERE, UNWIND, CASE, ORDER BY + SKIP + LIMIT, count / sum / collect / min / max
//             grouped on keys without cross-kind equal values, UNION ALL
//   distinct  DISTINCT, count(DISTINCT), grouping keys and UNION over values equal across
//             kinds (1 and 1.0, 0.0 and -0.0, NaN)
//   with      WITH pipelines: ORDER BY, SKIP, LIMIT, then WHERE, then more clauses
//   shortest  shortestPath / allShortestPaths with length bounds and path predicates
#pragma once

#include <string>
#include <vector>

#include "query-ast.h"
#include "random-graph.h"

namespace casegraph::randomq {

enum class VarKind { NODE, REL, PATH, MIXED, NUMBER, INT, STRING };

struct Var {
  std::string name;
  VarKind kind;
};
using Vars = std::vector<Var>;

class QueryGen {
 public:
  QueryGen(Rng& rng, const Graph& graph) : rng_(rng), graph_(graph) {}

  Query matchQuery();
  Query distinctQuery();
  Query withQuery();
  Query shortestQuery();

  // Building blocks for the metamorphic checks.
  // A chain of 1 to maxRels + 1 nodes; its variables are added to `vars`.
  Chain chain(Vars& vars, int maxRels, bool varLength);
  // A predicate over `vars`: comparisons, IS NULL, label tests, AND / OR / XOR / NOT.
  Expr predicate(const Vars& vars, int depth = 2);
  // A value of the kind stored under `key` (sometimes taken from a node of the graph).
  QValue valueFor(const std::string& key);
  std::string fresh(const std::string& prefix) { return prefix + std::to_string(next_++); }
  // Variable names start again from 0 (each check's query reads the same on its own).
  void restartNames() { next_ = 0; }

 private:
  Expr operand(const Vars& vars);
  Expr scalar(const Vars& vars, int depth);
  QValue literalValue();
  Expr item(const Vars& vars, bool safeKey);
  MatchClause firstMatch(Vars& vars);
  Expr aggregate(const Vars& vars);
  ProjectClause returnClause(const Vars& vars, bool safeKeys, bool allowPaging);
  NodePat nodePat(Vars& vars, bool allowProps);
  RelPat relPat(Vars& vars, bool varLength);

  Rng& rng_;
  const Graph& graph_;
  int next_ = 0;
};

}  // namespace casegraph::randomq
