// The reference evaluator: runs a generated query (query-ast.h) over the in-memory copy of a
// random graph by brute force, written for being obviously right rather than fast.
//
//   MATCH       every binding of every pattern node to every node and of every relationship
//               pattern to every relationship (trails for variable lengths), relationships
//               distinct within the clause; then WHERE. OPTIONAL MATCH pads with nulls.
//   shortest    every simple path (no node twice) between the two bound nodes within the
//               length bounds that satisfies the WHERE; the shortest of them (one row for
//               shortestPath, every one of that length for allShortestPaths).
//   projection  grouping on the non-aggregate items by equivalence, DISTINCT, a stable sort,
//               SKIP, LIMIT, and only then a WITH's WHERE.
//   UNION       duplicates removed by equivalence; UNION ALL keeps them.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "query-ast.h"
#include "random-graph.h"

namespace casegraph::randomq {

// A query the reference finds an error in (a type error the generator let through).
class ReferenceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Result {
  std::vector<std::string> columns;
  std::vector<cypher::QList> rows;
};

// Throws ReferenceError.
Result evaluateReference(const Graph& graph, const Query& query);

}  // namespace casegraph::randomq
