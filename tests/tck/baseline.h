// The list of scenarios known to fail (tests/tck/failing.txt): one scenario identity a line,
// sorted, `#` starting a comment line. A run is checked against it: a failure not on the list
// is a regression; a scenario on the list that now passes should come off it.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace casegraph::tck {

// nullopt when the file does not exist; throws std::runtime_error when it cannot be read.
std::optional<std::set<std::string>> readFailingList(const std::filesystem::path& path);

// Writes the list, sorted, under a comment saying how it was made. Throws std::runtime_error.
void writeFailingList(const std::filesystem::path& path, const std::set<std::string>& failing);

struct BaselineCheck {
  std::vector<std::string> regressions;  // failed, not on the list
  std::vector<std::string> nowPassing;   // on the list, passed
};

// `results` maps each scenario that ran to whether it passed. Scenarios on the list that did
// not run (filtered out, renamed) are neither.
BaselineCheck checkAgainst(const std::set<std::string>& knownFailing,
                           const std::map<std::string, bool>& results);

// The list after a run: the failures of this run, plus the listed scenarios that did not run
// (so that a filtered run updates only what it ran).
std::set<std::string> updatedList(const std::set<std::string>& knownFailing,
                                  const std::map<std::string, bool>& results);

}  // namespace casegraph::tck
