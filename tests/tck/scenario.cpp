#include "tck/scenario.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>

#include "query/cypher/exec/execute.h"
#include "tck/actual-value.h"
#include "tck/side-effects.h"
#include "tck/tck-value.h"

namespace casegraph::tck {

namespace {

using cypher::QueryError;
using Row = std::vector<TckValue>;

// What a step asks for, recognised before anything runs so that a scenario with a step we do
// not support is reported as unsupported rather than half run.
enum class StepKind {
  EMPTY_GRAPH,      // Given an empty graph / any graph
  NAMED_GRAPH,      // Given the binary-tree-1 graph
  SETUP_QUERY,      // And having executed: """..."""
  PARAMETERS,       // And parameters are: | name | value |
  PROCEDURE,        // And there exists a procedure test.p(in :: INTEGER?) :: (out :: STRING?):
  QUERY,            // When executing query: / When executing control query:
  EXPECT_ROWS,      // Then the result should be, in any order: | ... |
  EXPECT_EMPTY,     // Then the result should be empty
  EXPECT_ERROR,     // Then a TypeError should be raised at runtime: InvalidArgumentType
  NO_SIDE_EFFECTS,  // And no side effects
  SIDE_EFFECTS,     // And the side effects should be: | +nodes | 1 |
};

struct StepPlan {
  StepKind kind = StepKind::EMPTY_GRAPH;
  const Step* step = nullptr;
  bool ordered = false;              // EXPECT_ROWS: in order
  bool ignoreListOrder = false;      // EXPECT_ROWS: lists compared as multisets
  std::string errorKind;             // EXPECT_ERROR: SyntaxError, TypeError, ...
  std::string errorPhase;            // EXPECT_ERROR: compile time, runtime, any time
  std::string errorCode;             // EXPECT_ERROR: UndefinedVariable, ... or * for any
  std::string graph;                 // NAMED_GRAPH: its name
  cypher::TableProcedure procedure;  // PROCEDURE: its signature (the rows come from the table)
};

// "name :: TYPE?, other :: TYPE" as fields; false when it does not read so.
bool parseFields(const std::string& text, std::vector<cypher::TableProcedure::Field>& out) {
  static const std::regex field(R"(\s*(\w+)\s*::\s*(\w+\??)\s*)");
  std::string rest = text;
  while (!std::all_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isspace(c); })) {
    const size_t comma = rest.find(',');
    const std::string one = rest.substr(0, comma);
    std::smatch m;
    if (!std::regex_match(one, m, field)) return false;
    out.push_back({m[1], m[2]});
    if (comma == std::string::npos) break;
    rest = rest.substr(comma + 1);
  }
  return true;
}

std::optional<StepPlan> planStep(const Step& step) {
  const std::string& t = step.text;
  StepPlan plan;
  plan.step = &step;
  const auto needsDocString = [&](StepKind kind) -> std::optional<StepPlan> {
    if (!step.docString) return std::nullopt;
    plan.kind = kind;
    return plan;
  };
  if (t == "an empty graph" || t == "any graph") return plan;
  static const std::regex namedGraph(R"(the ([\w-]+) graph)");
  std::smatch g;
  if (std::regex_match(t, g, namedGraph)) {
    plan.kind = StepKind::NAMED_GRAPH;
    plan.graph = g[1];
    return plan;
  }
  if (t == "having executed:") return needsDocString(StepKind::SETUP_QUERY);
  if (t == "executing query:" || t == "executing control query:") {
    return needsDocString(StepKind::QUERY);
  }
  if (t == "parameters are:") {
    plan.kind = StepKind::PARAMETERS;
    return plan;
  }
  static const std::regex procedure(
      R"(there exists a procedure ([\w.]+)\((.*)\)\s*::\s*\((.*)\)\s*:)");
  std::smatch pm;
  if (std::regex_match(t, pm, procedure)) {
    plan.kind = StepKind::PROCEDURE;
    plan.procedure.name = pm[1];
    if (!parseFields(pm[2], plan.procedure.inputs) || !parseFields(pm[3], plan.procedure.outputs)) {
      return std::nullopt;
    }
    return plan;
  }
  if (t == "the result should be empty") {
    plan.kind = StepKind::EXPECT_EMPTY;
    return plan;
  }
  // "the result should be, in any order:", ", in order:", "(ignoring element order for
  // lists):" and combinations of them.
  if (t.starts_with("the result should be") && t.ends_with(":")) {
    if (step.table.empty()) return std::nullopt;
    plan.kind = StepKind::EXPECT_ROWS;
    plan.ordered = t.find("in order") != std::string::npos;
    plan.ignoreListOrder = t.find("ignoring element order for lists") != std::string::npos;
    return plan;
  }
  if (t == "no side effects") {
    plan.kind = StepKind::NO_SIDE_EFFECTS;
    return plan;
  }
  if (t == "the side effects should be:") {
    plan.kind = StepKind::SIDE_EFFECTS;
    return plan;
  }
  static const std::regex errorStep(
      R"(an? (\w+) should be raised at (compile time|runtime|any time): (\S+))");
  std::smatch m;
  if (std::regex_match(t, m, errorStep)) {
    plan.kind = StepKind::EXPECT_ERROR;
    plan.errorKind = m[1];
    plan.errorPhase = m[2];
    plan.errorCode = m[3];
    return plan;
  }
  return std::nullopt;
}

// The error a query ended with. `kind` is empty for an exception that is not a QueryError.
struct RaisedError {
  std::string kind;
  std::string code;
  std::string phase;  // compile time or runtime, as the TCK says it
  std::string message;

  std::string describe() const {
    if (kind.empty()) return "exception: " + message;
    return kind + " (" + code + ") at " + phase + ": " + message;
  }
};

// The outcome of the last `When executing ...` step, which the `Then` steps check.
struct Execution {
  std::string query;
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::optional<RaisedError> error;
  SideEffects effects;
};

// Why a step did not hold; the first one ends the scenario.
struct Failure {
  std::string category;
  std::string reason;
};
using StepResult = std::optional<Failure>;  // nullopt: the step held

std::string formatRow(const Row& row) {
  std::string out = "|";
  for (const auto& v : row) out += " " + formatTck(v) + " |";
  return out;
}

std::string formatRows(const std::vector<Row>& rows) {
  constexpr size_t SHOWN = 40;
  std::string out;
  for (size_t i = 0; i < rows.size() && i < SHOWN; ++i) out += "\n      " + formatRow(rows[i]);
  if (rows.size() > SHOWN) out += "\n      ... " + std::to_string(rows.size() - SHOWN) + " more";
  return out;
}

std::string joinColumns(const std::vector<std::string>& columns) {
  std::string out = "|";
  for (const auto& c : columns) out += " " + c + " |";
  return out;
}

// A fresh directory inside `parent`, removed (with its contents) when the object goes away.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& parent) {
    std::string pattern = parent + "/scenario-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a directory in " + parent + ": " +
                               std::strerror(errno));
    }
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class ScenarioRun {
 public:
  // Opens the scenario's store in a fresh temporary directory (removed with the run).
  explicit ScenarioRun(const RunOptions& options) : options_(options), dir_(options.scratchDir) {
    store_ = GraphStore::open({.path = dir_.path(), .noSync = true});
  }

  StepResult run(const std::vector<StepPlan>& plans) {
    for (const StepPlan& plan : plans) {
      if (auto failure = runStep(plan)) return failure;
    }
    return std::nullopt;
  }

  const std::string& lastQuery() const { return lastQuery_; }
  // Set by an error check that found the right kind of error with another code or phase.
  const std::string& codeMismatch() const { return codeMismatch_; }
  const std::string& phaseMismatch() const { return phaseMismatch_; }

 private:
  StepResult runStep(const StepPlan& plan) {
    const Step& step = *plan.step;
    switch (plan.kind) {
      case StepKind::EMPTY_GRAPH:
        return std::nullopt;  // every scenario starts with an empty store
      case StepKind::NAMED_GRAPH:
        return loadNamedGraph(plan.graph);
      case StepKind::SETUP_QUERY:
        return setupQuery(*step.docString);
      case StepKind::PARAMETERS:
        return setParameters(step.table);
      case StepKind::PROCEDURE:
        return defineProcedure(plan.procedure, step.table);
      case StepKind::QUERY:
        return execute(*step.docString);
      case StepKind::EXPECT_ROWS:
        return expectRows(plan);
      case StepKind::EXPECT_EMPTY:
        return expectEmpty();
      case StepKind::EXPECT_ERROR:
        return expectError(plan);
      case StepKind::NO_SIDE_EFFECTS:
        return expectSideEffects({});
      case StepKind::SIDE_EFFECTS:
        return expectSideEffects(step.table);
    }
    return std::nullopt;
  }

  // A named graph is the TCK's create script for it, run as a set-up query.
  StepResult loadNamedGraph(const std::string& name) {
    const std::string path = options_.graphsDir + "/" + name + "/" + name + ".cypher";
    std::ifstream in(path);
    if (!in) return Failure{"unsupported step", "named graph " + name + " not found at " + path};
    std::stringstream text;
    text << in.rdbuf();
    return setupQuery(text.str());
  }

  StepResult setupQuery(const std::string& query) {
    lastQuery_ = query;
    const Execution e = runOne(query);
    if (!e.error) return std::nullopt;
    return Failure{"set-up query failed: " + categoryOf(*e.error),
                   "set-up query failed: " + e.error->describe()};
  }

  // A table cell (a parameter, a procedure's row) as a query value; nullopt, with `error` set
  // ("CELL: why"), when it does not read as one.
  static std::optional<cypher::QValue> cellValue(const std::string& cell, std::string& error) {
    const auto parsed = parseTckValue(cell);
    if (!parsed.value) {
      error = cell + ": " + parsed.error;
      return std::nullopt;
    }
    auto value = toQueryValue(*parsed.value);
    if (!value.value) {
      error = cell + ": " + value.error;
      return std::nullopt;
    }
    return std::move(*value.value);
  }

  StepResult setParameters(const Table& table) {
    for (const auto& row : table) {
      if (row.size() != 2) return Failure{"bad parameter table", "a parameter row needs 2 cells"};
      std::string error;
      auto value = cellValue(row[1], error);
      if (!value) {
        return Failure{"bad parameter value", "cannot read parameter " + row[0] + " = " + error};
      }
      params_[row[0]] = std::move(*value);
    }
    return std::nullopt;
  }

  // The procedure's rows: a header naming its inputs and outputs, then a row of values each.
  StepResult defineProcedure(cypher::TableProcedure proc, const Table& table) {
    const size_t width = proc.inputs.size() + proc.outputs.size();
    for (size_t r = 1; r < table.size(); ++r) {
      if (table[r].size() != width) {
        return Failure{"bad procedure table",
                       "a row of " + proc.name + " needs " + std::to_string(width) + " cells"};
      }
      cypher::QList row;
      for (const auto& cell : table[r]) {
        std::string error;
        auto value = cellValue(cell, error);
        if (!value) return Failure{"bad procedure table", error};
        row.push_back(std::move(*value));
      }
      proc.rows.push_back(std::move(row));
    }
    procedures_.push_back(std::move(proc));
    return std::nullopt;
  }

  StepResult execute(const std::string& query) {
    lastQuery_ = query;
    last_ = runOne(query);
    return std::nullopt;
  }

  // Runs a query, capturing its rows as TCK values (read while the query's reader is open),
  // its error, and the graph before and after it for the side effects.
  Execution runOne(const std::string& query) {
    Execution e;
    e.query = query;
    const GraphState before = captureState(*store_->snapshot());
    cypher::QueryOptions options;
    options.deadline = options_.deadline;
    options.tableProcedures = &procedures_;
    bool gotColumns = false;
    try {
      const auto result = cypher::runQuery(
          *store_, query, params_, options,
          [&](const std::vector<std::string>& columns) {
            e.columns = columns;
            gotColumns = true;
          },
          [&](const cypher::QList& row, const Reader& reader) {
            Row converted;
            for (const auto& v : row) converted.push_back(fromQueryValue(v, reader));
            e.rows.push_back(std::move(converted));
            return true;
          });
      if (!gotColumns) e.columns = result.columns;
    } catch (const QueryError& err) {
      const char* phase = err.phase() == cypher::ErrorPhase::COMPILE ? "compile time" : "runtime";
      e.error = RaisedError{err.kind(), err.code(), phase, err.what()};
    } catch (const std::exception& err) {
      e.error = RaisedError{"", "", "", err.what()};
    }
    e.effects = sideEffects(before, captureState(*store_->snapshot()));
    return e;
  }

  static Failure noQuery() { return {"bad scenario", "a check with no query executed before it"}; }

  // A result can only be checked when the query succeeded.
  static Failure unexpectedError(const RaisedError& error) {
    return {"unexpected " + categoryOf(error), error.describe()};
  }

  static std::string categoryOf(const RaisedError& error) {
    if (error.kind.empty()) return "exception";
    return error.kind + "/" + error.code;
  }

  StepResult expectEmpty() {
    if (!last_) return noQuery();
    const Execution& e = *last_;
    if (e.error) return unexpectedError(*e.error);
    if (e.rows.empty()) return std::nullopt;
    return Failure{"wrong result", "expected no rows, got " + std::to_string(e.rows.size()) +
                                       ":\n      " + joinColumns(e.columns) + formatRows(e.rows)};
  }

  StepResult expectRows(const StepPlan& plan) {
    if (!last_) return noQuery();
    const Execution& e = *last_;
    if (e.error) return unexpectedError(*e.error);
    const Table& table = plan.step->table;
    const std::vector<std::string>& header = table.front();
    std::vector<Row> expected;
    for (size_t i = 1; i < table.size(); ++i) {
      if (auto failure = parseRow(table[i], header.size(), expected)) return failure;
    }
    const auto mismatch = [&](const std::string& what) {
      return Failure{"wrong result",
                     what + "\n    expected (" + std::to_string(expected.size()) + " rows" +
                         (plan.ordered ? ", in order" : "") + "):\n      " + joinColumns(header) +
                         formatRows(expected) + "\n    actual (" + std::to_string(e.rows.size()) +
                         " rows):\n      " + joinColumns(e.columns) + formatRows(e.rows)};
    };
    if (e.columns != header) return mismatch("different columns");
    if (!rowsMatch(expected, e.rows, plan)) return mismatch("different rows");
    return std::nullopt;
  }

  // Appends the row of expected values that `cells` spell to `rows`.
  static StepResult parseRow(const std::vector<std::string>& cells, size_t width,
                             std::vector<Row>& rows) {
    if (cells.size() != width) {
      return Failure{"bad expected table", "an expected row has " + std::to_string(cells.size()) +
                                               " cells, the header " + std::to_string(width)};
    }
    Row row;
    for (const auto& cell : cells) {
      auto parsed = parseTckValue(cell);
      if (!parsed.value) {
        return Failure{"bad expected value",
                       "cannot read expected value " + cell + ": " + parsed.error};
      }
      row.push_back(std::move(*parsed.value));
    }
    rows.push_back(std::move(row));
    return std::nullopt;
  }

  static bool rowsMatch(const std::vector<Row>& expected, const std::vector<Row>& actual,
                        const StepPlan& plan) {
    if (expected.size() != actual.size()) return false;
    const CompareOptions options{.ignoreListOrder = plan.ignoreListOrder};
    const auto rowEquals = [&](size_t i, size_t j) {
      const Row& a = expected[i];
      const Row& b = actual[j];
      if (a.size() != b.size()) return false;
      for (size_t k = 0; k < a.size(); ++k) {
        if (!tckEquals(a[k], b[k], options)) return false;
      }
      return true;
    };
    if (!plan.ordered) return sameMultiset(expected.size(), rowEquals);
    for (size_t i = 0; i < expected.size(); ++i) {
      if (!rowEquals(i, i)) return false;
    }
    return true;
  }

  StepResult expectError(const StepPlan& plan) {
    if (!last_) return noQuery();
    const Execution& e = *last_;
    const std::string wanted = plan.errorKind + " (" + plan.errorCode + ") at " + plan.errorPhase;
    if (!e.error) {
      return Failure{"expected " + plan.errorKind + ", none raised",
                     "expected " + wanted + ", but the query succeeded with " +
                         std::to_string(e.rows.size()) + " rows"};
    }
    const RaisedError& got = *e.error;
    if (got.kind != plan.errorKind) {
      return Failure{"expected " + plan.errorKind + ", got " + categoryOf(got),
                     "expected " + wanted + ", got " + got.describe()};
    }
    if (plan.errorCode != "*" && got.code != plan.errorCode) {
      codeMismatch_ = "expected " + plan.errorCode + ", got " + got.code;
    }
    if (plan.errorPhase != "any time" && got.phase != plan.errorPhase) {
      phaseMismatch_ = "expected " + plan.errorPhase + ", got " + got.phase;
    }
    return std::nullopt;
  }

  StepResult expectSideEffects(const Table& table) {
    if (!last_) return noQuery();
    const Execution& e = *last_;
    std::string error;
    const auto expected = expectedSideEffects(table, error);
    if (!expected) return Failure{"bad side effects table", error};
    if (*expected == e.effects) return std::nullopt;
    return Failure{"wrong side effects", "expected side effects " + formatSideEffects(*expected) +
                                             ", got " + formatSideEffects(e.effects)};
  }

  RunOptions options_;
  ScratchDir dir_;
  std::unique_ptr<GraphStore> store_;
  cypher::QMap params_;
  std::vector<cypher::TableProcedure> procedures_;
  std::optional<Execution> last_;
  std::string lastQuery_;
  std::string codeMismatch_;
  std::string phaseMismatch_;
};

}  // namespace

Outcome runScenario(const Scenario& scenario, const RunOptions& options) {
  Outcome out;
  std::vector<StepPlan> plans;
  for (const Step& step : scenario.steps) {
    auto plan = planStep(step);
    if (!plan) {
      out.verdict = Verdict::UNSUPPORTED;
      out.category = "unsupported step";
      out.reason = "unsupported step (line " + std::to_string(step.line) + "): " + step.keyword +
                   " " + step.text;
      return out;
    }
    plans.push_back(std::move(*plan));
  }
  std::optional<ScenarioRun> run;
  try {
    run.emplace(options);
    if (auto failure = run->run(plans)) {
      out.verdict = Verdict::FAILED;
      out.category = failure->category;
      out.reason = failure->reason;
    }
    out.codeMismatch = run->codeMismatch();
    out.phaseMismatch = run->phaseMismatch();
  } catch (const std::exception& e) {
    out.verdict = Verdict::FAILED;
    out.category = "runner error";
    out.reason = std::string("runner error: ") + e.what();
  }
  if (run) out.query = run->lastQuery();
  return out;
}

}  // namespace casegraph::tck
