// Procedures a query can CALL: the link-analysis operations (link.*) and catalogue listings
// (db.*). Each takes positional arguments and yields records of named fields.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/cypher/exec/engine.h"

namespace casegraph::cypher::detail {

struct Procedure {
  std::string name;
  std::vector<std::string> argNames;  // for a standalone CALL without arguments (parameters)
  size_t minArgs = 0;
  size_t maxArgs = 0;
  std::vector<std::string> outputs;
  // Calls emit(record) per result record (values in `outputs` order); emit returns false to
  // stop.
  std::function<void(QueryContext&, const std::vector<QValue>&,
                     const std::function<bool(const std::vector<QValue>&)>&)>
      run;
};

// nullptr when there is no such procedure. Names compare case-insensitively.
const Procedure* findProcedure(std::string_view name);
// A table procedure of the query's options (QueryOptions::tableProcedures) as a Procedure, or
// nullopt when there is none of that name. `table` is set to its definition.
std::optional<Procedure> findTableProcedure(const QueryOptions& options, std::string_view name,
                                            const TableProcedure** table);
// Whether `v` may be passed for an input of openCypher type `type` (INTEGER, FLOAT, NUMBER,
// STRING, BOOLEAN, ANY; a trailing `?` allows null).
bool fitsType(const QValue& v, std::string_view type);
// Every procedure, for db.procedures() and the docs.
const std::vector<Procedure>& procedures();

}  // namespace casegraph::cypher::detail
