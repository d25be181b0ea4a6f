#include "client/graphctl/query-commands.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <istream>
#include <optional>
#include <sstream>

namespace casegraph {

namespace {

std::string readScript(const std::string& path, std::istream& in) {
  std::ostringstream s;
  if (path == "-") {
    s << in.rdbuf();
    return s.str();
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) throw CommandError("cannot read " + path + ": " + std::strerror(errno));
  s << f.rdbuf();
  return s.str();
}

// Line `line` (1-based) of `text`, without its line break; "" past the end.
std::string_view lineOf(std::string_view text, uint32_t line) {
  for (uint32_t i = 1; i < line; ++i) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) return {};
    text.remove_prefix(nl + 1);
  }
  text = text.substr(0, text.find('\n'));
  if (text.ends_with('\r')) text.remove_suffix(1);
  return text;
}

// Blanks up to character `column` of `line` (tabs kept, so that the caret lines up), then ^.
std::string caretUnder(std::string_view line, uint32_t column) {
  std::string out;
  uint32_t characters = 0;
  for (const char c : line) {
    if ((static_cast<unsigned char>(c) & 0xc0) == 0x80) continue;
    if (++characters >= column) break;
    out.push_back(c == '\t' ? '\t' : ' ');
  }
  while (++characters < column) out.push_back(' ');
  return out + "^";
}

// "Kind (Code) at line L, column C: message" with the position in the script, then the line
// of the statement with a caret under the column.
std::string describeQueryError(const QueryErrorInfo& info, const Statement& statement,
                               const std::string& where) {
  std::string out = where + info.kind;
  if (!info.code.empty()) out += " (" + info.code + ")";
  if (info.line > 0) {
    uint32_t line = info.line, column = info.column;
    scriptPosition(statement, line, column);
    out += " at line " + std::to_string(line) + ", column " + std::to_string(column);
  }
  out += ": " + info.message;
  const std::string_view source = lineOf(statement.text, info.line);
  if (info.line > 0 && !source.empty()) {
    out += "\n  " + std::string(source) + "\n  " + caretUnder(source, info.column);
  }
  return out;
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

void QueryCommands::query(const std::vector<std::string>& args, OutputFormat format, bool inShell,
                          std::istream& in) {
  const CommandArgs a(args, 1, {"--param", "-f", "--file"}, {});
  QueryParams params = inShell ? shellParams_ : QueryParams{};
  for (const auto& p : a.all("--param")) {
    std::string name, error;
    QueryValue value;
    if (!parseQueryParam(p, name, value, error)) throw UsageError("--param " + error);
    params.insert_or_assign(std::move(name), std::move(value));
  }
  std::optional<std::string> file = a.last("-f");
  if (const auto f = a.last("--file")) file = f;
  std::string text;
  for (const auto& word : a.positional()) text += (text.empty() ? "" : " ") + word;
  if (!text.empty() && file) throw UsageError("query takes the TEXT or -f FILE, not both");
  if (text.empty() && inShell && (!file || *file == "-")) {
    throw UsageError(
        "in the shell, query takes the TEXT or -f FILE (or type the statement, "
        "ending it with ;)");
  }

  std::string source;  // names a script in errors; "" for the TEXT argument
  if (text.empty()) {
    const std::string path = file.value_or("-");
    source = path == "-" ? "stdin" : path;
    text = readScript(path, in);
  }
  const auto statements = splitStatements(text);
  if (statements.empty()) {
    throw CommandError((source.empty() ? "the query" : source) + " holds no statement");
  }
  runStatements(statements, source, params, format);
}

void QueryCommands::runScript(std::string_view script, const std::string& source,
                              OutputFormat format) {
  runStatements(splitStatements(script), source, shellParams_, format);
}

void QueryCommands::runStatements(const std::vector<Statement>& statements,
                                  const std::string& source, const QueryParams& params,
                                  OutputFormat format) {
  printedResult_ = false;
  for (size_t i = 0; i < statements.size(); ++i) {
    std::string where = source.empty() ? "" : source + ": ";
    if (statements.size() > 1) where += "statement " + std::to_string(i + 1) + ": ";
    runStatement(statements[i], where, params, format);
  }
}

void QueryCommands::runStatement(const Statement& statement, const std::string& where,
                                 const QueryParams& params, OutputFormat format) {
  GraphClient& client = connect_();
  const bool table = format == OutputFormat::TABLE;
  // Tables of a script are set apart by a blank line; JSON documents and CSV blocks follow
  // one another as they are.
  auto separate = [&] {
    if (table && printedResult_) out_ << '\n';
    printedResult_ = true;
  };
  std::optional<CheckedPrinter> printer;
  QuerySummary summary;
  try {
    summary = client.query(
        statement.text, params,
        [&](const std::vector<std::string>& columns) { printer.emplace(out_, format, columns); },
        [&](const std::vector<QueryRow>& rows) {
          if (!printer) throw CommandError("the server sent rows before the columns");
          for (const auto& row : rows) {
            std::vector<Cell> cells;
            cells.reserve(row.size());
            for (const auto& v : row) cells.push_back(queryCell(v));
            printer->add(std::move(cells));
          }
        });
  } catch (const ClientError& e) {
    if (const auto info = parseQueryError(e.what())) {
      throw CommandError(describeQueryError(*info, statement, where));
    }
    throw;
  }
  if (!printer) printer.emplace(out_, format, summary.columns);

  // An EXPLAIN has no rows to show in a table, and a query without RETURN no columns.
  const bool explain = summary.mode == rpc::QueryMode::EXPLAIN;
  bool printedTable = false;
  if (format == OutputFormat::JSON || (!summary.columns.empty() && !(table && explain))) {
    separate();
    printer->finish();
    printedTable = table;
  }
  if (!summary.plan.empty()) {
    const std::string plan = summary.plan + (summary.plan.ends_with('\n') ? "" : "\n");
    if (table) {
      if (printedTable) {
        out_ << '\n';
      } else {
        separate();
      }
      out_ << plan << std::flush;
      if (!out_) throw OutputClosed();
    } else {
      err_ << plan;
    }
  }
  if (table && summary.stats.any()) err_ << describeStats(summary.stats) << '\n';
}

void QueryCommands::shellParam(std::string_view line) {
  const std::string text = trimmed(line);
  const auto space = text.find_first_of(" \t");
  const std::string command = text.substr(0, space);
  const std::string rest = space == std::string::npos ? "" : trimmed(text.substr(space));
  if (command != ":param" && command != ":params") {
    throw UsageError("unknown shell command " + command + " (:param NAME=VALUE, :params)");
  }
  if (rest.empty()) {
    for (const auto& [name, value] : shellParams_) {
      std::string json;
      appendJson(json, value);
      out_ << '$' << name << " = " << json << '\n';
    }
    if (shellParams_.empty()) out_ << "no parameters (set one with :param NAME=VALUE)\n";
    out_.flush();
    return;
  }
  if (command == ":params") {
    if (rest != "clear") throw UsageError(":params takes no arguments, or clear");
    shellParams_.clear();
    return;
  }
  // NAME = VALUE, with blanks allowed around the '='.
  const auto eq = rest.find('=');
  const std::string arg = eq == std::string::npos
                              ? rest
                              : trimmed(rest.substr(0, eq)) + "=" + trimmed(rest.substr(eq + 1));
  std::string name, error;
  QueryValue value;
  if (!parseQueryParam(arg, name, value, error)) throw UsageError(":param " + error);
  shellParams_.insert_or_assign(std::move(name), std::move(value));
}

}  // namespace casegraph
