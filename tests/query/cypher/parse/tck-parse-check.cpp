// Conformance measure for the Cypher parser against the openCypher TCK: reads every .feature
// file under a directory, pulls out each query (the scenario's `When executing query:` and
// its `having executed:` set-up queries, with Scenario Outline examples filled in) and parses
// it. A program that prints numbers, run on demand:
//
//   tck-parse-check [--all] <features directory>
//
// A query is a pass when it parses, or, for a scenario that expects "a SyntaxError ... at
// compile time", when the parser rejects it. Many of those expected errors are about meaning
// (an undefined variable, a wrong argument type) and belong to the binder, not the parser;
// they are counted apart, by the TCK's error name. --all lists them too.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "query/cypher/parse/parser.h"

namespace {

namespace fs = std::filesystem;
using casegraph::cypher::parse;

struct QueryCase {
  std::string file;
  int line = 0;  // of the query's first line
  std::string scenario;
  std::string text;
  std::string expectedError;  // the TCK's name for a compile-time SyntaxError, if one is expected
};

std::string trim(const std::string& s) {
  const size_t first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

bool startsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The cells of a Gherkin table row "| a | b\|c |".
std::vector<std::string> tableCells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  const std::string body = trim(row);
  for (size_t i = 1; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\\' && i + 1 < body.size()) {
      const char n = body[++i];
      cell += n == 'n' ? '\n' : n;
    } else if (c == '|') {
      cells.push_back(trim(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  return cells;
}

std::string substitute(std::string text, const std::vector<std::string>& names,
                       const std::vector<std::string>& values) {
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    const std::string placeholder = "<" + names[i] + ">";
    for (size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + values[i].size())) {
      text.replace(at, placeholder.size(), values[i]);
    }
  }
  return text;
}

struct Scenario {
  std::string name;
  struct Query {
    int line;
    std::string text;
    bool main;  // the `When executing query:` one
  };
  std::vector<Query> queries;
  std::string expectedError;
  std::vector<std::string> exampleNames;
  std::vector<std::vector<std::string>> exampleRows;
  bool outline = false;
};

void flush(const Scenario& s, const std::string& file, std::vector<QueryCase>& out) {
  const auto add = [&](const std::vector<std::string>& values) {
    for (const auto& q : s.queries) {
      QueryCase c;
      c.file = file;
      c.line = q.line;
      c.scenario = s.name;
      c.text = substitute(q.text, s.exampleNames, values);
      if (q.main) c.expectedError = substitute(s.expectedError, s.exampleNames, values);
      out.push_back(std::move(c));
    }
  };
  if (!s.outline) {
    add({});
    return;
  }
  for (const auto& row : s.exampleRows) add(row);
}

std::vector<QueryCase> readFeature(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<QueryCase> cases;
  Scenario current;
  bool inScenario = false;
  bool readingExamples = false;
  const std::string file = path.string();
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string t = trim(lines[i]);
    if (startsWith(t, "#")) continue;
    if (startsWith(t, "Scenario") || startsWith(t, "Background:")) {
      if (inScenario) flush(current, file, cases);
      current = Scenario{};
      inScenario = true;
      readingExamples = false;
      current.outline = startsWith(t, "Scenario Outline:");
      const size_t colon = t.find(':');
      current.name = trim(t.substr(colon + 1));
      continue;
    }
    if (startsWith(t, "Examples:")) {
      readingExamples = true;
      current.exampleNames.clear();
      continue;
    }
    if (readingExamples && startsWith(t, "|")) {
      if (current.exampleNames.empty()) {
        current.exampleNames = tableCells(t);
      } else {
        current.exampleRows.push_back(tableCells(t));
      }
      continue;
    }
    if (endsWith(t, "executing query:") || endsWith(t, "having executed:")) {
      if (i + 1 >= lines.size() || trim(lines[i + 1]) != "\"\"\"") continue;
      const size_t indent = lines[i + 1].find('"');
      std::string text;
      size_t j = i + 2;
      for (; j < lines.size() && trim(lines[j]) != "\"\"\""; ++j) {
        const std::string& l = lines[j];
        const size_t strip = std::min(indent, l.find_first_not_of(" \t") == std::string::npos
                                                  ? l.size()
                                                  : l.find_first_not_of(" \t"));
        text += l.substr(strip) + "\n";
      }
      current.queries.push_back({static_cast<int>(i + 3), text, endsWith(t, "executing query:")});
      i = j;
      continue;
    }
    const std::string compileError = "SyntaxError should be raised at compile time:";
    if (const size_t at = t.find(compileError); at != std::string::npos) {
      current.expectedError = trim(t.substr(at + compileError.size()));
    }
  }
  if (inScenario) flush(current, file, cases);
  return cases;
}

std::string oneLine(const std::string& text) {
  std::string out;
  for (const char c : text) out += (c == '\n' || c == '\t') ? ' ' : c;
  return trim(out);
}

}  // namespace

int main(int argc, char** argv) {
  bool listAll = false;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--all") {
      listAll = true;
    } else {
      dir = arg;
    }
  }
  if (dir.empty()) {
    std::cerr << "usage: tck-parse-check [--all] <directory of .feature files>\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".feature") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());

  size_t total = 0, validTotal = 0, validParsed = 0, errorTotal = 0, errorRejected = 0;
  std::vector<std::string> failures;                         // valid queries the parser rejects
  std::map<std::string, std::vector<std::string>> accepted;  // by expected error name
  std::map<std::string, std::vector<std::string>> rejected;  // by expected error name
  for (const auto& file : files) {
    for (const QueryCase& c : readFeature(file)) {
      ++total;
      const auto result = parse(c.text);
      const std::string where = fs::relative(c.file, dir).string() + ":" + std::to_string(c.line) +
                                " [" + c.scenario + "]";
      if (c.expectedError.empty()) {
        ++validTotal;
        if (result.ok()) {
          ++validParsed;
        } else {
          failures.push_back(where + "\n    " + oneLine(c.text) + "\n    " +
                             result.error().format(c.text).substr(0, 300));
        }
      } else {
        ++errorTotal;
        if (!result.ok()) {
          ++errorRejected;
          rejected[c.expectedError].push_back(where + "\n    " + oneLine(c.text) + "\n    " +
                                              result.error().message);
        } else {
          accepted[c.expectedError].push_back(where + "\n    " + oneLine(c.text));
        }
      }
    }
  }

  std::cout << "TCK parse check: " << files.size() << " feature files, " << total << " queries\n";
  std::cout << "  valid queries parsed:           " << validParsed << " / " << validTotal << "\n";
  std::cout << "  expected SyntaxError, rejected: " << errorRejected << " / " << errorTotal << "\n";
  std::cout << "  passing overall:                " << (validParsed + errorRejected) << " / "
            << total << "\n";
  if (!failures.empty()) {
    std::cout << "\nValid queries the parser rejects (" << failures.size() << "):\n";
    for (const auto& f : failures) std::cout << "  " << f << "\n";
  }
  if (!rejected.empty()) {
    std::cout << "\nExpected a SyntaxError and rejected (by the TCK's error name):\n";
    for (const auto& [name, list] : rejected) {
      std::cout << "  " << name << ": " << list.size() << "\n";
      if (listAll) {
        for (const auto& q : list) std::cout << "    " << q << "\n";
      }
    }
  }
  if (!accepted.empty()) {
    std::cout << "\nExpected a SyntaxError but parsed (by the TCK's error name; most are for the "
                 "binder):\n";
    for (const auto& [name, list] : accepted) {
      std::cout << "  " << name << ": " << list.size() << "\n";
      if (listAll) {
        for (const auto& q : list) std::cout << "    " << q << "\n";
      }
    }
  }
  return failures.empty() ? 0 : 1;
}
