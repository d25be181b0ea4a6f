// Reading command lines for `graphctl shell`: a small line editor with history when stdin and
// stdout are terminals, plain line reading otherwise.
//
// Keys: left/right, Home/End (also Ctrl-A/Ctrl-E), Backspace, Delete, up/down for history,
// Ctrl-U (delete to the start), Ctrl-K (delete to the end), Ctrl-W (delete a word), Ctrl-L
// (clear the screen), Ctrl-C (discard the line), Ctrl-D (end of input on an empty line, else
// delete). Lines longer than the terminal scroll sideways.
//
// Not thread-safe; one reader per process (it owns the terminal mode while reading).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace casegraph {

class LineReader {
 public:
  // `historyPath` ("" = no history file) is read now and appended to by addHistory(); it keeps
  // the last `maxHistory` entries.
  explicit LineReader(std::string historyPath, size_t maxHistory = 1000);
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // True when lines are edited on a terminal (prompts are shown only then).
  bool interactive() const { return interactive_; }

  // The next line without its line break; nullopt at the end of input. On a terminal Ctrl-C
  // gives an empty line.
  std::optional<std::string> readLine(const std::string& prompt);

  // Remembers `entry` (skipped when empty or equal to the previous one) and appends it to the
  // history file. Line breaks in it are stored as spaces.
  void addHistory(std::string entry);

  const std::vector<std::string>& history() const { return history_; }

 private:
  std::optional<std::string> editLine(const std::string& prompt);

  std::string historyPath_;
  size_t maxHistory_;
  std::vector<std::string> history_;
  bool interactive_ = false;
};

}  // namespace casegraph
