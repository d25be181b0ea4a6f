// graphctl's Cypher support: the `query` command, and the statements and `:param` lines of
// `graphctl shell`. Usage in graphctl --help and docs/user-guide.md ("Cypher queries").
//
// Results print through client/graphctl/output.h in the format asked for. In table format, what a write
// query changed ("2 nodes created, ...") goes to the error stream, and an EXPLAIN or PROFILE
// plan follows the table; in JSON and CSV the output holds only the result set, and the plan
// goes to the error stream. A statement that fails stops a script; the error names the
// statement and its line and column, and shows the line with a caret under the column.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "client/lib/client.h"
#include "client/graphctl/command-line.h"
#include "client/graphctl/output.h"
#include "client/graphctl/query-text.h"

namespace casegraph {

class QueryCommands {
 public:
  // `connect` answers the connection to use, connecting on first use. `out` and `err` must
  // outlive this object.
  QueryCommands(std::function<GraphClient&()> connect, std::ostream& out, std::ostream& err)
      : connect_(std::move(connect)), out_(out), err_(err) {}

  // graphctl query ['TEXT'] [-f FILE] [--param NAME=VALUE]...; without TEXT or -f, the
  // statements come from `in` (not in the shell). Throws UsageError, CommandError,
  // ClientError or OutputClosed.
  void query(const std::vector<std::string>& args, OutputFormat format, bool inShell,
             std::istream& in);

  // Runs the statements of `script` in turn with the shell's parameters; `source` names the
  // script in errors ("" for typed-in text).
  void runScript(std::string_view script, const std::string& source, OutputFormat format);

  // A shell line `:param NAME=VALUE` (sets a parameter for the statements that follow; VALUE
  // as in --param, the rest of the line), `:param` or `:params` (lists them) or
  // `:params clear`.
  void shellParam(std::string_view line);

 private:
  void runStatements(const std::vector<Statement>& statements, const std::string& source,
                     const QueryParams& params, OutputFormat format);
  void runStatement(const Statement& statement, const std::string& where, const QueryParams& params,
                    OutputFormat format);

  std::function<GraphClient&()> connect_;
  std::ostream& out_;
  std::ostream& err_;
  QueryParams shellParams_;
  bool printedResult_ = false;  // a blank line separates the tables of a script
};

}  // namespace casegraph
