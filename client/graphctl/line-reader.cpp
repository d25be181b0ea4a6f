#include "client/graphctl/line-reader.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iostream>

namespace casegraph {

namespace {

constexpr char CTRL_A = 1, CTRL_B = 2, CTRL_C = 3, CTRL_D = 4, CTRL_E = 5, CTRL_F = 6, CTRL_H = 8,
               CTRL_K = 11, CTRL_L = 12, CTRL_N = 14, CTRL_P = 16, CTRL_U = 21, CTRL_W = 23,
               ESC = 27, BACKSPACE = 127;

// Puts the terminal in raw mode for as long as the object lives.
class RawMode {
 public:
  RawMode() {
    if (::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios raw = saved_;
    raw.c_iflag &= ~static_cast<tcflag_t>(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
    raw.c_cflag |= CS8;
    raw.c_lflag &= ~static_cast<tcflag_t>(ECHO | ICANON | IEXTEN | ISIG);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
  }
  ~RawMode() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  RawMode(const RawMode&) = delete;
  RawMode& operator=(const RawMode&) = delete;
  bool active() const { return active_; }

 private:
  termios saved_{};
  bool active_ = false;
};

void writeOut(const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// One byte from stdin; nullopt at the end of input or on an error.
std::optional<char> readByte() {
  char c;
  while (true) {
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n == 1) return c;
    if (n < 0 && errno == EINTR) continue;
    return std::nullopt;
  }
}

size_t terminalColumns() {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

size_t codePoints(const std::string& s, size_t from, size_t to) {
  size_t n = 0;
  for (size_t i = from; i < to; ++i) n += isContinuation(s[i]) ? 0 : 1;
  return n;
}

// The byte offset `count` code points after `from` (or the end).
size_t advance(const std::string& s, size_t from, size_t count) {
  size_t i = from;
  while (i < s.size() && count > 0) {
    ++i;
    while (i < s.size() && isContinuation(s[i])) ++i;
    --count;
  }
  return i;
}

// The state of the line being edited.
class Editor {
 public:
  Editor(const std::string& prompt, const std::vector<std::string>& history)
      : prompt_(prompt), history_(history), index_(history.size()) {}

  // Handles one key; returns false when the line is complete (`done_`) or input ended.
  bool key(char c) {
    switch (c) {
      case '\r':
      case '\n':
        done_ = true;
        return false;
      case CTRL_C:
        buf_.clear();
        cursor_ = 0;
        writeOut("^C");
        done_ = true;
        return false;
      case CTRL_D:
        if (buf_.empty()) {
          eof_ = true;
          return false;
        }
        deleteForward();
        break;
      case BACKSPACE:
      case CTRL_H:
        deleteBackward();
        break;
      case CTRL_A:
        cursor_ = 0;
        break;
      case CTRL_E:
        cursor_ = buf_.size();
        break;
      case CTRL_B:
        left();
        break;
      case CTRL_F:
        right();
        break;
      case CTRL_P:
        historyMove(-1);
        break;
      case CTRL_N:
        historyMove(+1);
        break;
      case CTRL_U:
        buf_.erase(0, cursor_);
        cursor_ = 0;
        break;
      case CTRL_K:
        buf_.erase(cursor_);
        break;
      case CTRL_W:
        deleteWord();
        break;
      case CTRL_L:
        writeOut("\x1b[H\x1b[2J");
        break;
      case ESC:
        escape();
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) break;  // other control keys: ignored
        buf_.insert(cursor_, 1, c);
        ++cursor_;
        // Draw only once a UTF-8 sequence is complete.
        if (static_cast<unsigned char>(c) >= 0x80 && cursor_ < buf_.size() &&
            isContinuation(buf_[cursor_])) {
          return true;
        }
        break;
    }
    refresh();
    return true;
  }

  void refresh() {
    const size_t promptWidth = codePoints(prompt_, 0, prompt_.size());
    const size_t columns = terminalColumns();
    const size_t avail = columns > promptWidth + 2 ? columns - promptWidth - 1 : 1;
    const size_t cursorCol = codePoints(buf_, 0, cursor_);
    if (cursorCol < scroll_) scroll_ = cursorCol;
    if (cursorCol > scroll_ + avail) scroll_ = cursorCol - avail;
    const size_t from = advance(buf_, 0, scroll_);
    const size_t to = advance(buf_, from, avail);
    std::string out = "\r" + prompt_ + buf_.substr(from, to - from) + "\x1b[0K\r";
    const size_t col = promptWidth + cursorCol - scroll_;
    if (col > 0) out += "\x1b[" + std::to_string(col) + "C";
    writeOut(out);
  }

  bool done() const { return done_; }
  bool eof() const { return eof_; }
  const std::string& text() const { return buf_; }

 private:
  void left() {
    while (cursor_ > 0) {
      --cursor_;
      if (!isContinuation(buf_[cursor_])) break;
    }
  }
  void right() { cursor_ = advance(buf_, cursor_, 1); }
  void deleteBackward() {
    const size_t end = cursor_;
    left();
    buf_.erase(cursor_, end - cursor_);
  }
  void deleteForward() { buf_.erase(cursor_, advance(buf_, cursor_, 1) - cursor_); }
  void deleteWord() {
    size_t start = cursor_;
    while (start > 0 && buf_[start - 1] == ' ') --start;
    while (start > 0 && buf_[start - 1] != ' ') --start;
    buf_.erase(start, cursor_ - start);
    cursor_ = start;
  }

  void historyMove(int step) {
    if (step < 0 && index_ == 0) return;
    if (step > 0 && index_ >= history_.size()) return;
    if (index_ == history_.size()) pending_ = buf_;
    index_ = step < 0 ? index_ - 1 : index_ + 1;
    buf_ = index_ == history_.size() ? pending_ : history_[index_];
    cursor_ = buf_.size();
  }

  // Reads the rest of an escape sequence (arrow keys and the like).
  void escape() {
    const auto a = readByte();
    if (!a) return;
    if (*a == 'O') {
      const auto b = readByte();
      if (b == 'H') cursor_ = 0;
      if (b == 'F') cursor_ = buf_.size();
      return;
    }
    if (*a != '[') return;
    const auto b = readByte();
    if (!b) return;
    if (*b >= '0' && *b <= '9') {
      const auto tilde = readByte();
      if (tilde != '~') return;
      if (*b == '1' || *b == '7') cursor_ = 0;
      if (*b == '4' || *b == '8') cursor_ = buf_.size();
      if (*b == '3') deleteForward();
      return;
    }
    switch (*b) {
      case 'A':
        historyMove(-1);
        break;
      case 'B':
        historyMove(+1);
        break;
      case 'C':
        right();
        break;
      case 'D':
        left();
        break;
      case 'H':
        cursor_ = 0;
        break;
      case 'F':
        cursor_ = buf_.size();
        break;
      default:
        break;
    }
  }

  const std::string& prompt_;
  const std::vector<std::string>& history_;
  size_t index_;         // position in history_; history_.size() = the line being typed
  std::string pending_;  // the line being typed while browsing history
  std::string buf_;
  size_t cursor_ = 0;  // byte offset in buf_
  size_t scroll_ = 0;  // first code point shown
  bool done_ = false;
  bool eof_ = false;
};

}  // namespace

LineReader::LineReader(std::string historyPath, size_t maxHistory)
    : historyPath_(std::move(historyPath)), maxHistory_(maxHistory) {
  interactive_ = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
  if (historyPath_.empty()) return;
  std::ifstream in(historyPath_);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) history_.push_back(line);
  }
  if (history_.size() > maxHistory_) {
    history_.erase(history_.begin(), history_.end() - static_cast<ptrdiff_t>(maxHistory_));
    // Rewrite the file so it does not grow without bound.
    std::ofstream out(historyPath_, std::ios::trunc);
    for (const auto& h : history_) out << h << '\n';
  }
}

std::optional<std::string> LineReader::readLine(const std::string& prompt) {
  if (interactive_) return editLine(prompt);
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> LineReader::editLine(const std::string& prompt) {
  std::cout.flush();
  RawMode raw;
  if (!raw.active()) {
    writeOut(prompt);
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    return line;
  }
  Editor editor(prompt, history_);
  editor.refresh();
  while (true) {
    const auto c = readByte();
    if (!c) {
      if (editor.text().empty()) {
        writeOut("\r\n");
        return std::nullopt;
      }
      break;
    }
    if (!editor.key(*c)) break;
  }
  writeOut("\r\n");
  if (editor.eof()) return std::nullopt;
  return editor.text();
}

void LineReader::addHistory(std::string entry) {
  for (char& c : entry) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  if (entry.find_first_not_of(' ') == std::string::npos) return;
  if (!history_.empty() && history_.back() == entry) return;
  history_.push_back(entry);
  if (history_.size() > maxHistory_) history_.erase(history_.begin());
  if (historyPath_.empty()) return;
  // Owner-only: the history may hold property values.
  const int fd = ::open(historyPath_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  entry.push_back('\n');
  [[maybe_unused]] const ssize_t n = ::write(fd, entry.data(), entry.size());
  ::close(fd);
}

}  // namespace casegraph
