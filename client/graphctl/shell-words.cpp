#include "client/graphctl/shell-words.h"

namespace casegraph {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

bool splitShellWords(std::string_view line, std::vector<std::string>& words, std::string& error) {
  words.clear();
  std::string word;
  bool inWord = false;  // a word has started (possibly an empty quoted one)
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (isSpace(c)) {
      if (inWord) words.push_back(std::move(word));
      word.clear();
      inWord = false;
      ++i;
      continue;
    }
    if (c == '#' && !inWord) break;
    if (c == '\\' && i + 1 < line.size() && line[i + 1] == '\n') {  // a continued line
      i += 2;
      continue;
    }
    inWord = true;
    if (c == '\'') {
      const size_t close = line.find('\'', i + 1);
      if (close == std::string_view::npos) {
        error = "unterminated ' quote (column " + std::to_string(i + 1) + ")";
        return false;
      }
      word.append(line.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (c == '"') {
      const size_t open = i++;
      while (true) {
        if (i >= line.size()) {
          error = "unterminated \" quote (column " + std::to_string(open + 1) + ")";
          return false;
        }
        const char d = line[i];
        if (d == '"') {
          ++i;
          break;
        }
        if (d == '\\' && i + 1 < line.size()) {
          const char e = line[i + 1];
          if (e == '"' || e == '\\' || e == '$' || e == '`') {
            word.push_back(e);
            i += 2;
            continue;
          }
          if (e == '\n') {
            i += 2;
            continue;
          }
        }
        word.push_back(d);
        ++i;
      }
    } else if (c == '\\') {
      if (i + 1 >= line.size()) {
        error = "a backslash at the end of the line has nothing to escape";
        return false;
      }
      word.push_back(line[i + 1]);
      i += 2;
    } else {
      word.push_back(c);
      ++i;
    }
  }
  if (inWord) words.push_back(std::move(word));
  return true;
}

}  // namespace casegraph
