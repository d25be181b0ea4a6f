// Runs one TCK scenario against a fresh, empty store and says whether it passed.
//
// The steps run in order, as the TCK defines them: set-up queries and parameters, then a
// query, then checks of its result, error or side effects (a scenario may have several
// query-and-check rounds, e.g. a write and then a control query that reads it back). The first
// check that does not hold ends the scenario as failed, with the reason.
#pragma once

#include <chrono>
#include <string>

#include "tck/gherkin.h"

namespace casegraph::tck {

enum class Verdict { PASSED, FAILED, UNSUPPORTED };

struct Outcome {
  Verdict verdict = Verdict::PASSED;
  // Why it failed or is unsupported: expected against actual rows, the error, the step.
  std::string reason;
  // A short class of the reason for counting failures by cause ("wrong result",
  // "unexpected SyntaxError/UndefinedVariable", "unsupported step: ...").
  std::string category;
  std::string query;  // the query the failing step was about, if any
  // The expected error was raised with the right kind but a different detail code or phase;
  // the scenario still passes (the TCK's codes are advice for us, the kind is the contract).
  std::string codeMismatch;
  std::string phaseMismatch;
};

struct RunOptions {
  std::chrono::milliseconds deadline{10'000};  // per query (QueryOptions::deadline)
  // Where each scenario's store gets its own fresh directory (removed after the scenario).
  // The runner points this into a directory of its own, which it removes at the end, so that
  // a scenario whose process crashed leaves nothing behind.
  std::string scratchDir = "/tmp";
  // The TCK's named graphs (`Given the binary-tree-1 graph`): GRAPHS/<name>/<name>.cypher.
  std::string graphsDir;
};

// Never throws: anything that goes wrong (a store that will not open, an exception from the
// executor) is a failed outcome.
Outcome runScenario(const Scenario& scenario, const RunOptions& options);

}  // namespace casegraph::tck
