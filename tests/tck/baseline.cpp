#include "tck/baseline.h"

#include <fstream>
#include <stdexcept>

namespace casegraph::tck {

std::optional<std::set<std::string>> readFailingList(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  std::set<std::string> failing;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    if (line.empty() || line[0] == '#') continue;
    failing.insert(line);
  }
  return failing;
}

void writeFailingList(const std::filesystem::path& path, const std::set<std::string>& failing) {
  std::ofstream out(path, std::ios::trunc);
  out << "# openCypher TCK scenarios that CaseGraph does not pass yet, one a line.\n"
         "# `tck-runner --check` fails on a failing scenario not listed here (a regression).\n"
         "# Regenerate with: tck-runner --write-failing tests/tck/failing.txt\n";
  for (const auto& identity : failing) out << identity << "\n";
  out.flush();
  if (!out) throw std::runtime_error(path.string() + ": cannot write");
}

BaselineCheck checkAgainst(const std::set<std::string>& knownFailing,
                           const std::map<std::string, bool>& results) {
  BaselineCheck check;
  for (const auto& [identity, passed] : results) {
    const bool listed = knownFailing.count(identity) != 0;
    if (!passed && !listed) check.regressions.push_back(identity);
    if (passed && listed) check.nowPassing.push_back(identity);
  }
  return check;
}

std::set<std::string> updatedList(const std::set<std::string>& knownFailing,
                                  const std::map<std::string, bool>& results) {
  std::set<std::string> list;
  for (const auto& identity : knownFailing) {
    if (results.count(identity) == 0) list.insert(identity);
  }
  for (const auto& [identity, passed] : results) {
    if (!passed) list.insert(identity);
  }
  return list;
}

}  // namespace casegraph::tck
