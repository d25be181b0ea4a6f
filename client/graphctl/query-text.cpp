#include "client/graphctl/query-text.h"

namespace casegraph {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool isContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

// Walks a script the way the Cypher lexer would, only as far as telling statements apart.
class ScriptScanner {
 public:
  explicit ScriptScanner(std::string_view script) : s_(script) {}

  // Scans the whole script; `statements` gets every statement with content.
  void run(std::vector<Statement>* statements) {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '\'' || c == '"') {
        begin();
        quoted(c, true);
      } else if (c == '`') {
        begin();
        quoted(c, false);
      } else if (c == '/' && next() == '/') {
        while (pos_ < s_.size() && s_[pos_] != '\n') advance();
      } else if (c == '/' && next() == '*') {
        blockComment();
      } else if (c == ';') {
        end(statements);
        advance();
      } else {
        if (!isBlank(c)) begin();
        advance();
      }
    }
    end(statements);
  }

  // Something is unfinished at the end: an open string, name or comment, or a statement
  // without its `;`.
  bool open() const { return unterminated_ || pendingAtEnd_; }

 private:
  char next() const { return pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0'; }

  void advance() {
    if (s_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if (!isContinuationByte(s_[pos_])) {
      ++column_;
    }
    ++pos_;
  }

  // Content starts here, unless the current statement already has some.
  void begin() {
    if (hasContent_) return;
    hasContent_ = true;
    start_ = pos_;
    startLine_ = line_;
    startColumn_ = column_;
  }

  void end(std::vector<Statement>* statements) {
    pendingAtEnd_ = hasContent_ && pos_ >= s_.size();
    if (!hasContent_) return;
    hasContent_ = false;
    std::string_view text = s_.substr(start_, pos_ - start_);
    while (!text.empty() && isBlank(text.back())) text.remove_suffix(1);
    if (statements) statements->push_back({std::string(text), startLine_, startColumn_});
  }

  // A string (with backslash escapes) or a quoted name (a doubled quote stands for itself,
  // which scanning as two quoted parts handles).
  void quoted(char quote, bool escapes) {
    advance();
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (escapes && c == '\\' && pos_ + 1 < s_.size()) {
        advance();
        advance();
        continue;
      }
      advance();
      if (c == quote) return;
    }
    unterminated_ = true;
  }

  void blockComment() {
    advance();
    advance();
    while (pos_ < s_.size()) {
      if (s_[pos_] == '*' && next() == '/') {
        advance();
        advance();
        return;
      }
      advance();
    }
    unterminated_ = true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  uint32_t line_ = 1, column_ = 1;
  bool hasContent_ = false;
  size_t start_ = 0;
  uint32_t startLine_ = 1, startColumn_ = 1;
  bool unterminated_ = false;
  bool pendingAtEnd_ = false;
};

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::vector<Statement> splitStatements(std::string_view script) {
  std::vector<Statement> out;
  ScriptScanner(script).run(&out);
  return out;
}

bool statementsComplete(std::string_view script) {
  ScriptScanner scanner(script);
  scanner.run(nullptr);
  return !scanner.open();
}

void scriptPosition(const Statement& statement, uint32_t& line, uint32_t& column) {
  if (line == 0) return;
  if (line == 1) column += statement.column - 1;
  line += statement.line - 1;
}

QueryValue jsonToQueryValue(const JsonValue& json) {
  switch (json.kind()) {
    case JsonValue::Kind::NUL:
      return {};
    case JsonValue::Kind::BOOL:
      return Value(json.asBool());
    case JsonValue::Kind::INT:
      return Value(json.asInt());
    case JsonValue::Kind::FLOAT:
      return Value(json.asFloat());
    case JsonValue::Kind::STRING:
      return Value(json.asString());
    case JsonValue::Kind::ARRAY: {
      QueryValue::List list;
      list.reserve(json.asArray().size());
      for (const auto& item : json.asArray()) list.push_back(jsonToQueryValue(item));
      return list;
    }
    case JsonValue::Kind::OBJECT: {
      QueryValue::Map map;
      for (const auto& [key, value] : json.asObject()) map.emplace(key, jsonToQueryValue(value));
      return map;
    }
  }
  return {};
}

bool parseQueryParam(std::string_view arg, std::string& name, QueryValue& value,
                     std::string& error) {
  const auto eq = arg.find('=');
  if (eq == std::string_view::npos) {
    error = "'" + std::string(arg) + "' is not NAME=VALUE";
    return false;
  }
  std::string_view n = arg.substr(0, eq);
  if (n.starts_with('$')) n.remove_prefix(1);
  if (n.empty()) {
    error = "'" + std::string(arg) + "' has no parameter name before '='";
    return false;
  }
  for (const char c : n) {
    if (!isNameChar(c)) {
      error = "parameter name '" + std::string(n) + "' has a character other than letters, " +
              "digits and _";
      return false;
    }
  }
  name = std::string(n);
  const std::string_view text = arg.substr(eq + 1);
  JsonValue json;
  std::string why;
  if (parseJson(text, json, why)) {
    value = jsonToQueryValue(json);
    return true;
  }
  size_t first = 0;
  while (first < text.size() && isBlank(text[first])) ++first;
  if (first < text.size() && (text[first] == '[' || text[first] == '{' || text[first] == '"')) {
    error = "parameter " + name + ": the value looks like JSON but is not (" + why + ")";
    return false;
  }
  value = Value(std::string(text));
  return true;
}

}  // namespace casegraph
