// Running an openCypher query against the store: parse, bind (semantic checks), plan and
// execute, in one call. A query is one transaction: a read-only query runs on a snapshot, a
// query with writes in one write transaction that commits only when the whole query succeeded.
//
//   auto result = cypher::runQuery(store, "MATCH (p:Person {surname: $s}) RETURN p", params);
//   for (auto& row : result.rows) ...          // row[i] is the value of result.columns[i]
//
// Errors are thrown as QueryError with the openCypher TCK's classes (SyntaxError,
// SemanticError, TypeError, ArgumentError, EntityNotFound, ConstraintVerificationFailed) and a
// detail code (UndefinedVariable, InvalidArgumentType, ...), so clients and the TCK runner can
// tell them apart. Nothing a query does is visible if it throws.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "graphd/store/store.h"
#include "query/cypher/parse/ast.h"
#include "query/cypher/parse/parser.h"
#include "query/cypher/exec/qvalue.h"

namespace casegraph::cypher {

enum class ErrorPhase { COMPILE, RUNTIME };

class QueryError : public std::runtime_error {
 public:
  QueryError(std::string kind, std::string code, const std::string& message, ErrorPhase phase,
             uint32_t line = 0, uint32_t column = 0);
  const std::string& kind() const { return kind_; }  // "SyntaxError", "TypeError", ...
  const std::string& code() const { return code_; }  // "UndefinedVariable", ...
  ErrorPhase phase() const { return phase_; }
  uint32_t line() const { return line_; }  // 0 = no position
  uint32_t column() const { return column_; }

 private:
  std::string kind_;
  std::string code_;
  ErrorPhase phase_;
  uint32_t line_;
  uint32_t column_;
};

// What a query changed (for the client's summary line).
struct QueryStats {
  uint64_t nodesCreated = 0;
  uint64_t nodesDeleted = 0;
  uint64_t relationshipsCreated = 0;
  uint64_t relationshipsDeleted = 0;
  uint64_t propertiesSet = 0;
  uint64_t labelsAdded = 0;
  uint64_t labelsRemoved = 0;
  bool any() const {
    return nodesCreated || nodesDeleted || relationshipsCreated || relationshipsDeleted ||
           propertiesSet || labelsAdded || labelsRemoved;
  }
};

// A procedure whose answers are a table of rows (reference data, test fixtures): a call
// yields the outputs of every row whose inputs equal its arguments (null matches null, and
// numbers compare by value, so 42 matches 42.0). Types are the openCypher names INTEGER,
// FLOAT, NUMBER, STRING, BOOLEAN or ANY, each optionally with a trailing `?`; a literal
// argument of another type is refused when the query is compiled.
struct TableProcedure {
  struct Field {
    std::string name;
    std::string type;
  };
  std::string name;  // with its namespace: "test.my.proc"; compared case-insensitively
  std::vector<Field> inputs;
  std::vector<Field> outputs;
  std::vector<QList> rows;  // each: the input values, then the output values
};

struct QueryOptions {
  // Every search a query runs (variable-length patterns, shortest paths, link procedures)
  // and the query as a whole stop at these.
  uint32_t maxHops = 100;         // the upper bound of an unbounded `*`
  uint64_t maxRows = 10'000'000;  // rows a query may hold in memory (sorting, grouping)
  std::chrono::microseconds deadline{std::chrono::seconds(30)};
  const std::atomic<bool>* cancelled = nullptr;
  bool allowWrites = true;  // false: a query with write clauses is refused (read-only session)
  // Procedures beside the built-in ones (which win on a name clash); not owned.
  const std::vector<TableProcedure>* tableProcedures = nullptr;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<QList> rows;
  QueryStats stats;
  std::string plan;  // EXPLAIN and PROFILE: the plan as text (PROFILE with row counts)
  bool wrote = false;
};

// Runs one statement and returns its rows in QueryResult::rows. Throws QueryError.
QueryResult runQuery(GraphStore& store, std::string_view text, const QMap& params,
                     const QueryOptions& options = {});

// Runs one statement, handing each result row to `sink` instead of keeping it, with the reader
// of the query's transaction (valid during the call) so that nodes and relationships in the row
// can be read as the query saw them. A read-only query streams rows as it finds them; a
// query with writes runs to its end first, then hands over its rows, then commits. `sink`
// returns false to stop the query early (a read-only query then ends without error).
using RowSink = std::function<bool(const QList& row, const Reader& reader)>;
// Called once, before the first row, with the column names.
using ColumnsSink = std::function<void(const std::vector<std::string>& columns)>;
QueryResult runQuery(GraphStore& store, std::string_view text, const QMap& params,
                     const QueryOptions& options, const ColumnsSink& columns, const RowSink& sink);

// The same for a statement parsed already (`parsed` is parse(text); a syntax error in it is
// thrown as a QueryError that shows `text`).
QueryResult runQuery(GraphStore& store, std::string_view text, const ParseResult& parsed,
                     const QMap& params, const QueryOptions& options, const ColumnsSink& columns,
                     const RowSink& sink);

// Whether a parsed query has write clauses (CREATE, MERGE, SET, REMOVE, DELETE): such a query
// runs in a write transaction (the server sends it to its writer thread).
bool hasWrites(const Query& query);

// Formats a value the way the openCypher TCK writes expected results: 1, 1.5, 'text',
// [1, 2], {a: 1}, (:L {k: 'v'}), [:T {k: 1}], <(:A)-[:T]->(:B)>. Needs a reader for the labels,
// types and properties of nodes and relationships.
std::string formatTck(const QValue& v, const Reader& reader);

}  // namespace casegraph::cypher
