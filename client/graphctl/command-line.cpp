#include "client/graphctl/command-line.h"

#include <algorithm>
#include <charconv>

namespace casegraph {

namespace {

bool listed(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

CommandArgs::CommandArgs(const std::vector<std::string>& args, size_t first,
                         const std::vector<std::string_view>& withValue,
                         const std::vector<std::string_view>& flags) {
  bool optionsDone = false;
  for (size_t i = first; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool shortOption = !a.starts_with("--") && (listed(withValue, a) || listed(flags, a));
    if (optionsDone || (!a.starts_with("--") && !shortOption)) {
      positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      optionsDone = true;
      continue;
    }
    std::string name = a, value;
    bool hasValue = false;
    if (const auto eq = a.find('='); !shortOption && eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      hasValue = true;
    }
    const bool takesValue = listed(withValue, name);
    const bool isFlag = listed(flags, name);
    if (!takesValue && !isFlag) throw UsageError("unknown option " + name);
    if (isFlag) {
      if (hasValue) throw UsageError(name + " takes no value");
      options_.emplace_back(name, "");
      continue;
    }
    if (!hasValue) {
      if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
      value = args[++i];
    }
    options_.emplace_back(name, value);
  }
}

bool CommandArgs::has(std::string_view name) const {
  return std::any_of(options_.begin(), options_.end(),
                     [name](const auto& option) { return option.first == name; });
}

std::optional<std::string> CommandArgs::last(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& [n, v] : options_) {
    if (n == name) out = v;
  }
  return out;
}

std::vector<std::string> CommandArgs::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : options_) {
    if (n == name) out.push_back(v);
  }
  return out;
}

uint64_t parseNumber(const std::string& text, const std::string& what, uint64_t min) {
  uint64_t n = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || n < min) {
    throw UsageError("'" + text + "' is not " + what);
  }
  return n;
}

uint64_t parseId(const std::string& text, const char* kind) {
  return parseNumber(text, std::string("a ") + kind + " id (a positive integer)", 1);
}

void CheckedPrinter::add(std::vector<Cell> row) {
  printer_.addRow(std::move(row));
  if (!out_) throw OutputClosed();
}

void CheckedPrinter::finish(const std::string& note) {
  printer_.finish(note);
  if (!out_) throw OutputClosed();
}

}  // namespace casegraph
