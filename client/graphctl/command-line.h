// The pieces of graphctl's command line shared by its commands: the errors a command throws,
// the parsed arguments of one command, and a printer that stops when stdout goes away.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "client/graphctl/output.h"

namespace casegraph {

// The command line is wrong; graphctl exits with 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A failure the user can fix (bad input file, malformed batch, missing ids).
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// stdout went away (e.g. `graphctl find ... | head`): stop quietly.
class OutputClosed : public std::exception {};

// The arguments of one command: positional words and options, in any order. An option is a
// word starting with "--" (`--name VALUE` or `--name=VALUE`), or a short one such as "-o" that
// the command lists; after a lone "--" every word is positional. Throws UsageError for an
// unknown option or a missing value.
class CommandArgs {
 public:
  // `withValue` lists the options that take a value; `flags` those that do not.
  CommandArgs(const std::vector<std::string>& args, size_t first,
              const std::vector<std::string_view>& withValue,
              const std::vector<std::string_view>& flags);

  const std::vector<std::string>& positional() const { return positional_; }
  bool has(std::string_view name) const;
  // The value of the last `name`, if given.
  std::optional<std::string> last(std::string_view name) const;
  // Every value of a repeatable option, in order.
  std::vector<std::string> all(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& options() const { return options_; }

 private:
  std::vector<std::string> positional_;
  std::vector<std::pair<std::string, std::string>> options_;
};

// A decimal integer of at least `min`; otherwise UsageError "'TEXT' is not WHAT".
uint64_t parseNumber(const std::string& text, const std::string& what, uint64_t min);
// A positive id of a `kind` ("node", "relationship").
uint64_t parseId(const std::string& text, const char* kind);

// A ResultPrinter on `out` that throws OutputClosed as soon as `out` fails.
class CheckedPrinter {
 public:
  // `out` must outlive the printer.
  CheckedPrinter(std::ostream& out, OutputFormat format, std::vector<std::string> columns)
      : printer_(out, format, std::move(columns)), out_(out) {}

  void add(std::vector<Cell> row);
  void finish(const std::string& note = {});

 private:
  ResultPrinter printer_;
  std::ostream& out_;
};

}  // namespace casegraph
