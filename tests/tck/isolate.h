// Runs a scenario in a child process, so that an executor that crashes (a segfault, an abort,
// a stack overflow) or hangs past its deadline fails that one scenario instead of ending the
// whole TCK run.
#pragma once

#include <chrono>
#include <functional>

#include "tck/scenario.h"

namespace casegraph::tck {

// Forks; the child runs `fn` and sends its Outcome back through a pipe. The child is killed
// after `hardLimit` (a query that ignores its deadline) and limited to 4 GiB of address space.
// The caller must be single-threaded.
Outcome runIsolated(const std::function<Outcome()>& fn, std::chrono::seconds hardLimit);

// The wire form of an Outcome between child and parent (exposed for tests).
std::string encodeOutcome(const Outcome& outcome);
std::optional<Outcome> decodeOutcome(std::string_view data);

}  // namespace casegraph::tck
