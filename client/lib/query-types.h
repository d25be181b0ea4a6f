// The values of Cypher queries on the client side: what a query's parameters and result cells
// can be (QueryValue), what the server reports at the end (QuerySummary), and the parts of a
// query error's message. Plain copyable values; client/lib/convert.h maps them to and from
// schema/graph.capnp, docs/rpc.md ("Queries") describes the call.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "client/lib/link-types.h"
#include "schema/model/value.h"
#include "schema/graph.capnp.h"

namespace casegraph {

// openCypher keeps a duration's months, days and seconds apart (a month has no fixed length);
// formatDuration (schema/model/value.h) writes it as ISO-8601.
using QueryDuration = Duration;

// A parameter or a result cell: a scalar (a Value that is never a list), a duration, a list, a
// map, or (in results only) a node, a relationship or a path.
class QueryValue {
 public:
  using List = std::vector<QueryValue>;
  using Map = std::map<std::string, QueryValue>;
  enum class Kind { SCALAR, DURATION, LIST, MAP, NODE, RELATIONSHIP, PATH };

  QueryValue() = default;  // null
  QueryValue(Value v);     // NOLINT: implicit by design; a list becomes a List
  QueryValue(QueryDuration d) : v_(d) {}
  QueryValue(List l) : v_(std::move(l)) {}
  QueryValue(Map m) : v_(std::move(m)) {}
  QueryValue(Node n) : v_(std::move(n)) {}
  QueryValue(Edge e) : v_(std::move(e)) {}
  QueryValue(PathValue p) : v_(std::move(p)) {}

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool isNull() const { return kind() == Kind::SCALAR && asScalar().isNull(); }

  const Value& asScalar() const { return std::get<Value>(v_); }
  const QueryDuration& asDuration() const { return std::get<QueryDuration>(v_); }
  const List& asList() const { return std::get<List>(v_); }
  const Map& asMap() const { return std::get<Map>(v_); }
  const Node& asNode() const { return std::get<Node>(v_); }
  const Edge& asEdge() const { return std::get<Edge>(v_); }
  const PathValue& asPath() const { return std::get<PathValue>(v_); }

  bool operator==(const QueryValue&) const = default;

 private:
  std::variant<Value, QueryDuration, List, Map, Node, Edge, PathValue> v_;
};

using QueryParams = std::map<std::string, QueryValue>;  // names without the `$`
using QueryRow = std::vector<QueryValue>;               // one cell per column

// What a query changed.
struct QueryStats {
  uint64_t nodesCreated = 0;
  uint64_t nodesDeleted = 0;
  uint64_t relationshipsCreated = 0;
  uint64_t relationshipsDeleted = 0;
  uint64_t propertiesSet = 0;
  uint64_t labelsAdded = 0;
  uint64_t labelsRemoved = 0;
  bool any() const;
  bool operator==(const QueryStats&) const = default;
};

// "2 nodes created, 1 relationship created, 3 properties set"; "" when nothing changed.
std::string describeStats(const QueryStats& s);

struct QuerySummary {
  std::vector<std::string> columns;
  uint64_t rows = 0;  // rows sent
  QueryStats stats;
  bool wrote = false;  // the query had write clauses and committed
  rpc::QueryMode mode = rpc::QueryMode::NORMAL;
  std::string plan;  // EXPLAIN and PROFILE
};

// A whole result, for callers that want it in memory.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<QueryRow> rows;
  QuerySummary summary;
};

// The parts of a query error's message, "Kind (Code) at line L, column C: message" (the code
// and the position are optional; docs/rpc.md, "Query errors").
struct QueryErrorInfo {
  std::string kind;   // "SyntaxError", "TypeError", ...
  std::string code;   // "UndefinedVariable", ...; may be empty
  uint32_t line = 0;  // 1-based; 0 = no position
  uint32_t column = 0;
  std::string message;
};

// nullopt when `message` (a ClientError's what()) is not a query error.
std::optional<QueryErrorInfo> parseQueryError(std::string_view message);

}  // namespace casegraph
