// The part of Gherkin the openCypher TCK's .feature files use: a Feature with an optional
// Background, Scenarios and Scenario Outlines (with Examples tables), steps with a doc string
// ("""...""") or a data table (| a | b |), tags and comments.
//
// Outlines are expanded here: each Examples row becomes one Scenario with `<name>` placeholders
// filled in, in its step texts, doc strings and table cells. The Background's steps are put in
// front of every scenario's own, so a scenario is a self-contained list of steps.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::tck {

using Table = std::vector<std::vector<std::string>>;  // rows of cells, escapes resolved

struct Step {
  std::string keyword;  // Given, When, Then, And, But, *
  std::string text;     // the rest of the line, trimmed
  std::optional<std::string> docString;
  Table table;
  int line = 0;
};

struct Scenario {
  // The name as written (for an outline: with its placeholders, not the example's values) and
  // the 1-based Examples row it came from (0 for a plain scenario). Together they identify the
  // scenario stably: the example's values can repeat, row numbers cannot.
  std::string name;
  int example = 0;
  int line = 0;                   // of the Scenario line (for an outline row: of the Examples row)
  std::vector<std::string> tags;  // with the @, the outline's and the Examples block's
  std::vector<Step> steps;        // the Background's first
};

struct Feature {
  std::string name;
  std::vector<Scenario> scenarios;
};

// A .feature file that is not the Gherkin we understand. The message starts with line N:.
class GherkinError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

Feature parseFeature(std::string_view text);
// Reads and parses a file; GherkinError messages then start with the path.
Feature readFeature(const std::filesystem::path& path);

// A data table row "| a | b\|c |" as its cells: trimmed, with Gherkin's escapes \| \\ \n
// resolved (any other backslash stays, for the TCK value syntax to read).
std::vector<std::string> tableCells(std::string_view row);

}  // namespace casegraph::tck
