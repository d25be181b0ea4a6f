#include "tck/gherkin.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace casegraph::tck {

namespace {

std::string_view trim(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "Keyword: rest" -> rest, when the line starts with one of `keywords` and a colon.
std::optional<std::string> afterKeyword(std::string_view line,
                                        std::initializer_list<std::string_view> keywords) {
  for (const std::string_view k : keywords) {
    if (startsWith(line, k) && line.size() > k.size() && line[k.size()] == ':') {
      return std::string(trim(line.substr(k.size() + 1)));
    }
  }
  return std::nullopt;
}

std::optional<Step> stepLine(std::string_view line) {
  for (const std::string_view k : {"Given", "When", "Then", "And", "But", "*"}) {
    if (startsWith(line, k) && line.size() > k.size() && line[k.size()] == ' ') {
      Step s;
      s.keyword = std::string(k);
      s.text = std::string(trim(line.substr(k.size())));
      return s;
    }
  }
  return std::nullopt;
}

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// An outline's steps with one Examples row's values in place of the placeholders.
std::vector<Step> substitute(std::vector<Step> steps, const std::vector<std::string>& names,
                             const std::vector<std::string>& values) {
  const auto fill = [&](std::string& s) {
    for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
      replaceAll(s, "<" + names[i] + ">", values[i]);
    }
  };
  for (Step& step : steps) {
    fill(step.text);
    if (step.docString) fill(*step.docString);
    for (auto& row : step.table) {
      for (auto& cell : row) fill(cell);
    }
  }
  return steps;
}

// Reads a feature file line by line. A scenario (or outline) is collected in `current` and
// emitted when the next one starts or the file ends.
class FeatureParser {
 public:
  explicit FeatureParser(std::string_view text) {
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
  }

  Feature parse() {
    for (lineNo_ = 0; lineNo_ < lines_.size(); ++lineNo_) parseLine();
    finishScenario();
    return std::move(feature_);
  }

 private:
  enum class Section { NONE, BACKGROUND, SCENARIO, EXAMPLES };

  struct Outline {
    std::vector<std::string> names;                              // the Examples header
    std::vector<std::pair<int, std::vector<std::string>>> rows;  // line, cells
    std::vector<std::vector<std::string>> rowTags;  // the tags of each row's Examples block
  };

  [[noreturn]] void fail(const std::string& message) const {
    throw GherkinError("line " + std::to_string(lineNo_ + 1) + ": " + message);
  }

  int lineNumber() const { return static_cast<int>(lineNo_ + 1); }

  void parseLine() {
    const std::string_view line = trim(lines_[lineNo_]);
    if (line.empty() || startsWith(line, "#")) return;
    if (startsWith(line, "@")) {
      appendTags(line);
      return;
    }
    if (startsWith(line, "\"\"\"") || startsWith(line, "```")) {
      readDocString();
      return;
    }
    if (startsWith(line, "|")) {
      tableRow(line);
      return;
    }
    if (auto name = afterKeyword(line, {"Feature"})) {
      feature_.name = *name;
      pendingTags_.clear();
      return;
    }
    if (afterKeyword(line, {"Background"})) {
      finishScenario();
      section_ = Section::BACKGROUND;
      return;
    }
    if (auto name = afterKeyword(line, {"Scenario Outline", "Scenario Template"})) {
      startScenario(*name, true);
      return;
    }
    if (auto name = afterKeyword(line, {"Scenario", "Example"})) {
      startScenario(*name, false);
      return;
    }
    if (afterKeyword(line, {"Examples", "Scenarios"})) {
      if (!outline_) fail("Examples outside a Scenario Outline");
      section_ = Section::EXAMPLES;
      examplesTags_ = std::move(pendingTags_);
      pendingTags_.clear();
      exampleHeaderRead_ = false;
      return;
    }
    if (auto step = stepLine(line)) {
      addStep(std::move(*step));
      return;
    }
    // Anything else is free text describing the feature or scenario.
  }

  void appendTags(std::string_view line) {
    std::istringstream words{std::string(line)};
    for (std::string tag; words >> tag;) {
      if (startsWith(tag, "#")) break;  // a comment after the tags
      pendingTags_.push_back(tag);
    }
  }

  void startScenario(const std::string& name, bool outline) {
    finishScenario();
    section_ = Section::SCENARIO;
    current_ = Scenario{};
    current_.name = name;
    current_.line = lineNumber();
    current_.tags = std::move(pendingTags_);
    pendingTags_.clear();
    outline_ = outline ? std::optional<Outline>(Outline{}) : std::nullopt;
  }

  void addStep(Step step) {
    step.line = lineNumber();
    if (section_ == Section::BACKGROUND) {
      background_.push_back(std::move(step));
    } else if (section_ == Section::SCENARIO) {
      current_.steps.push_back(std::move(step));
    } else {
      fail("a step outside a Scenario or Background");
    }
  }

  Step& lastStep() {
    std::vector<Step>& steps = section_ == Section::BACKGROUND ? background_ : current_.steps;
    if ((section_ != Section::BACKGROUND && section_ != Section::SCENARIO) || steps.empty()) {
      fail("a table or doc string that follows no step");
    }
    return steps.back();
  }

  void tableRow(std::string_view line) {
    if (section_ != Section::EXAMPLES) {
      lastStep().table.push_back(tableCells(line));
      return;
    }
    if (!exampleHeaderRead_) {
      outline_->names = tableCells(line);
      exampleHeaderRead_ = true;
      return;
    }
    auto cells = tableCells(line);
    if (cells.size() != outline_->names.size()) fail("an Examples row with the wrong cell count");
    outline_->rows.emplace_back(lineNumber(), std::move(cells));
    outline_->rowTags.push_back(examplesTags_);
  }

  // A doc string: the lines up to the closing delimiter, each with as much leading space
  // removed as the opening delimiter was indented (Gherkin's rule).
  void readDocString() {
    const size_t openLine = lineNo_;
    const std::string& open = lines_[lineNo_];
    const size_t indent = open.find_first_not_of(" \t");
    const std::string delimiter = open.compare(indent, 3, "```") == 0 ? "```" : "\"\"\"";
    Step& step = lastStep();
    std::string text;
    bool first = true;
    for (++lineNo_; lineNo_ < lines_.size(); ++lineNo_) {
      const std::string& l = lines_[lineNo_];
      if (trim(l) == delimiter) {
        step.docString = std::move(text);
        return;
      }
      const size_t content = std::min({indent, l.find_first_not_of(" \t"), l.size()});
      std::string piece = l.substr(content);
      if (!piece.empty() && piece.back() == '\r') piece.pop_back();
      replaceAll(piece, "\\\"\\\"\\\"", "\"\"\"");
      text += (first ? "" : "\n") + piece;
      first = false;
    }
    lineNo_ = openLine;
    fail("a doc string that is never closed");
  }

  void finishScenario() {
    if (section_ != Section::SCENARIO && section_ != Section::EXAMPLES) return;
    section_ = Section::NONE;
    std::vector<Step> steps = background_;
    steps.insert(steps.end(), current_.steps.begin(), current_.steps.end());
    if (!outline_) {
      current_.steps = std::move(steps);
      feature_.scenarios.push_back(std::move(current_));
      return;
    }
    for (size_t i = 0; i < outline_->rows.size(); ++i) {
      Scenario s;
      s.name = current_.name;
      s.example = static_cast<int>(i + 1);
      s.line = outline_->rows[i].first;
      s.tags = current_.tags;
      s.tags.insert(s.tags.end(), outline_->rowTags[i].begin(), outline_->rowTags[i].end());
      s.steps = substitute(steps, outline_->names, outline_->rows[i].second);
      feature_.scenarios.push_back(std::move(s));
    }
    outline_.reset();
  }

  std::vector<std::string> lines_;
  size_t lineNo_ = 0;
  Feature feature_;
  Section section_ = Section::NONE;
  std::vector<Step> background_;
  Scenario current_;
  std::optional<Outline> outline_;
  std::vector<std::string> pendingTags_;
  std::vector<std::string> examplesTags_;
  bool exampleHeaderRead_ = false;
};

}  // namespace

std::vector<std::string> tableCells(std::string_view row) {
  row = trim(row);
  std::vector<std::string> cells;
  if (row.empty() || row.front() != '|') return cells;
  std::string cell;
  for (size_t i = 1; i < row.size(); ++i) {
    const char c = row[i];
    if (c == '|') {
      cells.emplace_back(trim(cell));
      cell.clear();
    } else if (c == '\\' && i + 1 < row.size()) {
      const char next = row[i + 1];
      if (next == '|' || next == '\\') {
        cell += next;
        ++i;
      } else if (next == 'n') {
        cell += '\n';
        ++i;
      } else {
        cell += c;
      }
    } else {
      cell += c;
    }
  }
  return cells;  // text after the last | is not a cell
}

Feature parseFeature(std::string_view text) { return FeatureParser(text).parse(); }

Feature readFeature(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw GherkinError(path.string() + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parseFeature(text.str());
  } catch (const GherkinError& e) {
    throw GherkinError(path.string() + ": " + e.what());
  }
}

}  // namespace casegraph::tck
