#include "query/cypher/execute.h"

namespace casegraph::cypher {

QueryError::QueryError(std::string kind, std::string code, const std::string& message,
                       ErrorPhase phase, uint32_t line, uint32_t column)
    : std::runtime_error(message),
      kind_(std::move(kind)),
      code_(std::move(code)),
      phase_(phase),
      line_(line),
      column_(column) {}

QueryResult runQuery(GraphStore&, std::string_view, const QMap&, const QueryOptions&,
                     const ColumnsSink&, const RowSink&) {
  throw QueryError("SemanticError", "NotImplemented", "the executor is not built yet",
                   ErrorPhase::COMPILE);
}

QueryResult runQuery(GraphStore& store, std::string_view text, const QMap& params,
                     const QueryOptions& options) {
  QueryResult out;
  auto r = runQuery(store, text, params, options, {}, [&](const QList& row, const Reader&) {
    out.rows.push_back(row);
    return true;
  });
  r.rows = std::move(out.rows);
  return r;
}

std::string formatTck(const QValue&, const Reader&) { return "?"; }

}  // namespace casegraph::cypher
