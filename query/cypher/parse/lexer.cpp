#include "query/cypher/parse/lexer.h"

#include <charconv>
#include <cmath>
#include <optional>

#include "query/cypher/parse/unicode.h"

namespace casegraph::cypher {

namespace {

constexpr uint64_t INTEGER_LIMIT = uint64_t{1} << 63;  // |INT64_MIN|

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hexValue(char c) {
  if (isDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
bool isAsciiIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    if (text_.size() >= UINT32_MAX) {
      tokens.push_back(errorToken(currentPos(), "the query is too long"));
      return tokens;
    }
    while (true) {
      Token token = next();
      const bool last = token.kind == TokenKind::END || token.kind == TokenKind::ERROR;
      tokens.push_back(std::move(token));
      if (last) break;
    }
    return tokens;
  }

 private:
  std::string_view text_;
  size_t at_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
  SourcePos lastEnd_{1, 1};  // just past the last token: where the end of input is reported

  SourcePos currentPos() const { return SourcePos{line_, column_}; }
  bool atEnd(size_t ahead = 0) const { return at_ + ahead >= text_.size(); }
  char peek(size_t ahead = 0) const { return atEnd(ahead) ? '\0' : text_[at_ + ahead]; }

  // Consumes `bytes` bytes, keeping line and column (in characters) up to date. "\r\n" is one
  // line break.
  void advance(size_t bytes = 1) {
    for (size_t i = 0; i < bytes && at_ < text_.size(); ++i) {
      const char c = text_[at_++];
      if (c == '\n' || (c == '\r' && peek() != '\n')) {
        ++line_;
        column_ = 1;
      } else if (c == '\r') {
        // The '\n' that follows ends the line.
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }

  Token errorToken(SourcePos pos, std::string message, std::string code = "UnexpectedSyntax") const {
    Token t;
    t.kind = TokenKind::ERROR;
    t.pos = pos;
    t.offset = static_cast<uint32_t>(at_);
    t.text = std::move(message);
    t.code = std::move(code);
    return t;
  }

  // The code point at the cursor (ASCII or multi-byte). Invalid UTF-8 gives `bytes == 0`.
  Utf8Char peekChar() const { return decodeUtf8(text_.substr(at_)); }

  bool atIdentifierPart() const {
    const char c = peek();
    if (isAsciiIdentStart(c) || isDigit(c)) return true;
    if (static_cast<unsigned char>(c) < 0x80) return false;
    const Utf8Char ch = peekChar();
    return ch.bytes > 0 && isIdentifierCodePoint(ch.codePoint);
  }

  // Skips whitespace and comments. Returns an error message for an unterminated comment.
  std::optional<Token> skipTrivia() {
    while (!atEnd()) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        while (!atEnd() && peek() != '\n' && peek() != '\r') advance();
      } else if (c == '/' && peek(1) == '*') {
        const SourcePos start = currentPos();
        advance(2);
        while (!atEnd() && !(peek() == '*' && peek(1) == '/')) advance();
        if (atEnd()) return errorToken(start, "the comment starting here is not closed with */");
        advance(2);
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        const Utf8Char ch = peekChar();
        if (ch.bytes == 0 || !isUnicodeSpace(ch.codePoint)) return std::nullopt;
        advance(ch.bytes);
      } else {
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  Token next() {
    if (auto error = skipTrivia()) return std::move(*error);
    Token t;
    t.pos = currentPos();
    t.offset = static_cast<uint32_t>(at_);
    if (atEnd()) {
      t.pos = lastEnd_;
      return t;  // END
    }
    const size_t start = at_;
    Token result = lexToken(t);
    if (result.kind != TokenKind::ERROR) result.length = static_cast<uint32_t>(at_ - start);
    lastEnd_ = currentPos();
    return result;
  }

  Token punct(Token t, TokenKind kind, size_t bytes) {
    t.kind = kind;
    advance(bytes);
    return t;
  }

  Token lexToken(Token t) {
    const char c = peek();
    switch (c) {
      case '(':
        return punct(std::move(t), TokenKind::LPAREN, 1);
      case ')':
        return punct(std::move(t), TokenKind::RPAREN, 1);
      case '[':
        return punct(std::move(t), TokenKind::LBRACKET, 1);
      case ']':
        return punct(std::move(t), TokenKind::RBRACKET, 1);
      case '{':
        return punct(std::move(t), TokenKind::LBRACE, 1);
      case '}':
        return punct(std::move(t), TokenKind::RBRACE, 1);
      case ',':
        return punct(std::move(t), TokenKind::COMMA, 1);
      case ';':
        return punct(std::move(t), TokenKind::SEMICOLON, 1);
      case ':':
        return punct(std::move(t), TokenKind::COLON, 1);
      case '|':
        return punct(std::move(t), TokenKind::PIPE, 1);
      case '^':
        return punct(std::move(t), TokenKind::CARET, 1);
      case '%':
        return punct(std::move(t), TokenKind::PERCENT, 1);
      case '/':
        return punct(std::move(t), TokenKind::SLASH, 1);
      case '*':
        return punct(std::move(t), TokenKind::STAR, 1);
      case '-':
        return punct(std::move(t), TokenKind::MINUS, 1);
      case '+':
        return peek(1) == '=' ? punct(std::move(t), TokenKind::PLUS_EQ, 2)
                              : punct(std::move(t), TokenKind::PLUS, 1);
      case '=':
        return peek(1) == '~' ? punct(std::move(t), TokenKind::REGEX_MATCH, 2)
                              : punct(std::move(t), TokenKind::EQ, 1);
      case '<':
        if (peek(1) == '>') return punct(std::move(t), TokenKind::NE, 2);
        if (peek(1) == '=') return punct(std::move(t), TokenKind::LE, 2);
        return punct(std::move(t), TokenKind::LT, 1);
      case '>':
        return peek(1) == '=' ? punct(std::move(t), TokenKind::GE, 2)
                              : punct(std::move(t), TokenKind::GT, 1);
      case '.':
        if (peek(1) == '.') return punct(std::move(t), TokenKind::DOTDOT, 2);
        if (isDigit(peek(1))) return lexNumber(std::move(t));
        return punct(std::move(t), TokenKind::DOT, 1);
      case '!':
        if (peek(1) == '=')
          return errorToken(t.pos, "'!=' is not Cypher: write '<>' for not equal");
        break;
      case '\'':
      case '"':
        return lexString(std::move(t));
      case '`':
        return lexQuotedIdentifier(std::move(t));
      case '$':
        return lexParameter(std::move(t));
      default:
        break;
    }
    if (isDigit(c)) return lexNumber(std::move(t));
    if (atIdentifierPart()) return lexIdentifier(std::move(t));
    const Utf8Char ch = peekChar();
    if (ch.bytes == 0) return errorToken(t.pos, "the query is not valid UTF-8 here");
    return errorToken(t.pos, "unexpected character " + describeCodePoint(ch.codePoint),
                      ch.codePoint >= 0x80 ? "InvalidUnicodeCharacter" : "UnexpectedSyntax");
  }

  Token lexIdentifier(Token t) {
    const size_t start = at_;
    while (!atEnd() && atIdentifierPart()) advance(peekChar().bytes);
    t.kind = TokenKind::IDENTIFIER;
    t.text = std::string(text_.substr(start, at_ - start));
    return t;
  }

  // `name` with `` for a backtick inside.
  Token lexQuotedIdentifier(Token t) {
    advance();  // `
    std::string name;
    while (true) {
      if (atEnd()) return errorToken(t.pos, "the name in backticks starting here is not closed");
      if (peek() == '`') {
        if (peek(1) != '`') break;
        name += '`';
        advance(2);
        continue;
      }
      const Utf8Char ch = peekChar();
      if (ch.bytes == 0) return errorToken(currentPos(), "the query is not valid UTF-8 here");
      name.append(text_.substr(at_, ch.bytes));
      advance(ch.bytes);
    }
    advance();  // `
    t.kind = TokenKind::IDENTIFIER;
    t.quoted = true;
    t.text = std::move(name);
    return t;
  }

  Token lexParameter(Token t) {
    advance();  // $
    t.kind = TokenKind::PARAMETER;
    if (peek() == '`') {
      Token name = lexQuotedIdentifier(t);
      if (name.kind == TokenKind::ERROR) return name;
      t.text = std::move(name.text);
      return t;
    }
    if (isDigit(peek())) {
      const size_t start = at_;
      while (isDigit(peek())) advance();
      if (atIdentifierPart()) return errorToken(t.pos, "a parameter number must be all digits");
      t.text = std::string(text_.substr(start, at_ - start));
      return t;
    }
    if (!atIdentifierPart()) return errorToken(t.pos, "expected a parameter name after '$'");
    const size_t start = at_;
    while (!atEnd() && atIdentifierPart()) advance(peekChar().bytes);
    t.text = std::string(text_.substr(start, at_ - start));
    return t;
  }

  // Reports a number run into letters, such as 12abc or 0x1G, naming the whole run.
  Token invalidNumber(const Token& t, size_t start) {
    while (!atEnd() && atIdentifierPart()) advance(peekChar().bytes);
    return errorToken(
        t.pos, "invalid number literal '" + std::string(text_.substr(start, at_ - start)) + "'",
        "InvalidNumberLiteral");
  }

  Token integerToken(Token t, size_t start, std::string_view digits, int base) {
    uint64_t value = 0;
    for (const char d : digits) {
      const uint64_t v = static_cast<uint64_t>(hexValue(d));
      if (value > (INTEGER_LIMIT - v) / static_cast<uint64_t>(base)) {
        return errorToken(t.pos,
                          "the integer " + std::string(text_.substr(start, at_ - start)) +
                              " is too large (the largest is 9223372036854775807)",
                          "IntegerOverflow");
      }
      value = value * static_cast<uint64_t>(base) + v;
    }
    t.kind = TokenKind::INTEGER;
    t.integer = value;
    t.text = std::string(text_.substr(start, at_ - start));
    return t;
  }

  Token lexRadixInteger(Token t, int base) {
    const size_t start = at_;
    advance(2);  // 0x or 0o
    const size_t digitsStart = at_;
    while (base == 16 ? isHexDigit(peek()) : (peek() >= '0' && peek() <= '7')) advance();
    if (at_ == digitsStart || atIdentifierPart()) return invalidNumber(t, start);
    return integerToken(std::move(t), start, text_.substr(digitsStart, at_ - digitsStart), base);
  }

  Token lexNumber(Token t) {
    const size_t start = at_;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) return lexRadixInteger(t, 16);
    if (peek() == '0' && (peek(1) == 'o' || peek(1) == 'O')) return lexRadixInteger(t, 8);
    while (isDigit(peek())) advance();
    const size_t integerDigits = at_ - start;
    bool isFloat = false;
    if (peek() == '.' && isDigit(peek(1))) {
      isFloat = true;
      advance();
      while (isDigit(peek())) advance();
    }
    int64_t exponent = 0;
    if ((peek() == 'e' || peek() == 'E') &&
        (isDigit(peek(1)) || (peek(1) == '-' && isDigit(peek(2))))) {
      isFloat = true;
      advance();
      const bool negative = peek() == '-';
      if (negative) advance();
      while (isDigit(peek())) {
        if (exponent < 100000) exponent = exponent * 10 + (peek() - '0');
        advance();
      }
      if (negative) exponent = -exponent;
    }
    if (atIdentifierPart()) return invalidNumber(t, start);
    const std::string_view source = text_.substr(start, at_ - start);
    if (integerDigits > 1 && source[0] == '0') {
      return errorToken(t.pos,
                        "invalid number literal '" + std::string(source) +
                            "': write octal numbers as 0o" +
                            std::string(source.substr(1, integerDigits - 1)),
                        "InvalidNumberLiteral");
    }
    if (!isFloat) return integerToken(std::move(t), start, source, 10);
    double value = 0;
    const auto [end, ec] = std::from_chars(source.data(), source.data() + source.size(), value);
    if (ec == std::errc::result_out_of_range) {
      // Too small rounds to zero; too large is an error. The sign of the decimal exponent of
      // the value tells which.
      if (exponent + static_cast<int64_t>(integerDigits) > 0) {
        return errorToken(t.pos, "the number " + std::string(source) + " is too large",
                          "FloatingPointOverflow");
      }
      value = 0;
    } else if (ec != std::errc() || end != source.data() + source.size() || std::isinf(value)) {
      return errorToken(t.pos, "invalid number literal '" + std::string(source) + "'",
                        "InvalidNumberLiteral");
    }
    t.kind = TokenKind::FLOAT;
    t.real = value;
    t.text = std::string(source);
    return t;
  }

  // Reads `count` hex digits after a \u or \U escape.
  std::optional<uint32_t> readHex(size_t count) {
    uint32_t value = 0;
    for (size_t i = 0; i < count; ++i) {
      if (!isHexDigit(peek())) return std::nullopt;
      value = value * 16 + static_cast<uint32_t>(hexValue(peek()));
      advance();
    }
    return value;
  }

  Token lexString(Token t) {
    const char quote = peek();
    advance();
    std::string value;
    while (true) {
      if (atEnd()) return errorToken(t.pos, "the string starting here is not closed");
      const char c = peek();
      if (c == quote) break;
      if (c != '\\') {
        const Utf8Char ch = peekChar();
        if (ch.bytes == 0) return errorToken(currentPos(), "the query is not valid UTF-8 here");
        value.append(text_.substr(at_, ch.bytes));
        advance(ch.bytes);
        continue;
      }
      const SourcePos escapePos = currentPos();
      advance();  // backslash
      const char e = peek();
      switch (e) {
        case '\\':
          value += '\\';
          break;
        case '\'':
          value += '\'';
          break;
        case '"':
          value += '"';
          break;
        case 'b':
        case 'B':
          value += '\b';
          break;
        case 'f':
        case 'F':
          value += '\f';
          break;
        case 'n':
        case 'N':
          value += '\n';
          break;
        case 'r':
        case 'R':
          value += '\r';
          break;
        case 't':
        case 'T':
          value += '\t';
          break;
        case 'u':
        case 'U': {
          advance();
          std::optional<uint32_t> cp = readHex(e == 'u' ? 4 : 8);
          if (cp && *cp >= 0xD800 && *cp <= 0xDBFF && peek() == '\\' && peek(1) == 'u') {
            // A UTF-16 surrogate pair written as two escapes.
            advance(2);
            const std::optional<uint32_t> low = readHex(4);
            cp = low && *low >= 0xDC00 && *low <= 0xDFFF
                     ? std::optional<uint32_t>(0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00))
                     : std::nullopt;
          }
          if (!cp || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) {
            return errorToken(escapePos,
                              std::string("invalid Unicode escape: \\") + e + " takes " +
                                  (e == 'u' ? "4" : "8") + " hex digits naming a Unicode character",
                              "InvalidUnicodeLiteral");
          }
          appendUtf8(value, *cp);
          continue;
        }
        default: {
          if (atEnd()) return errorToken(t.pos, "the string starting here is not closed");
          const Utf8Char ch = peekChar();
          return errorToken(escapePos, "unknown escape sequence '\\" +
                                           std::string(text_.substr(at_, ch.bytes ? ch.bytes : 1)) +
                                           "' in a string");
        }
      }
      advance();
    }
    advance();  // closing quote
    t.kind = TokenKind::STRING;
    t.text = std::move(value);
    return t;
  }
};

// Whether `text` is `upper` ignoring the case of ASCII letters.
bool equalsUpper(std::string_view text, std::string_view upper) {
  if (text.size() != upper.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

std::string_view kindSpelling(TokenKind kind) {
  switch (kind) {
    case TokenKind::LPAREN:
      return "(";
    case TokenKind::RPAREN:
      return ")";
    case TokenKind::LBRACKET:
      return "[";
    case TokenKind::RBRACKET:
      return "]";
    case TokenKind::LBRACE:
      return "{";
    case TokenKind::RBRACE:
      return "}";
    case TokenKind::COMMA:
      return ",";
    case TokenKind::DOT:
      return ".";
    case TokenKind::DOTDOT:
      return "..";
    case TokenKind::COLON:
      return ":";
    case TokenKind::SEMICOLON:
      return ";";
    case TokenKind::PIPE:
      return "|";
    case TokenKind::EQ:
      return "=";
    case TokenKind::NE:
      return "<>";
    case TokenKind::LT:
      return "<";
    case TokenKind::GT:
      return ">";
    case TokenKind::LE:
      return "<=";
    case TokenKind::GE:
      return ">=";
    case TokenKind::REGEX_MATCH:
      return "=~";
    case TokenKind::PLUS:
      return "+";
    case TokenKind::PLUS_EQ:
      return "+=";
    case TokenKind::MINUS:
      return "-";
    case TokenKind::STAR:
      return "*";
    case TokenKind::SLASH:
      return "/";
    case TokenKind::PERCENT:
      return "%";
    case TokenKind::CARET:
      return "^";
    default:
      return "";
  }
}

}  // namespace

bool Token::isKeyword(std::string_view upperKeyword) const {
  return kind == TokenKind::IDENTIFIER && !quoted && equalsUpper(text, upperKeyword);
}

std::vector<Token> tokenize(std::string_view text) { return Lexer(text).run(); }

std::string describeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::END:
      return "end of input";
    case TokenKind::ERROR:
      return token.text;
    case TokenKind::IDENTIFIER:
      return token.quoted ? "'`" + token.text + "`'" : "'" + token.text + "'";
    case TokenKind::PARAMETER:
      return "parameter $" + token.text;
    case TokenKind::INTEGER:
    case TokenKind::FLOAT:
      return "number " + token.text;
    case TokenKind::STRING: {
      constexpr size_t SHOWN = 20;
      if (token.text.size() <= SHOWN) return "string '" + token.text + "'";
      size_t cut = SHOWN;  // do not cut a UTF-8 sequence in half
      while (cut > 0 && (static_cast<unsigned char>(token.text[cut]) & 0xC0) == 0x80) --cut;
      return "string '" + token.text.substr(0, cut) + "...'";
    }
    default:
      return "'" + std::string(kindSpelling(token.kind)) + "'";
  }
}

bool isReservedWord(std::string_view word) {
  // openCypher's reserved words, and the clause words this parser knows.
  static constexpr std::string_view RESERVED[] = {
      "ALL",        "ASC",       "ASCENDING", "BY",         "CREATE", "DELETE",   "DESC",
      "DESCENDING", "DETACH",    "EXISTS",    "LIMIT",      "MATCH",  "MERGE",    "ON",
      "OPTIONAL",   "ORDER",     "REMOVE",    "RETURN",     "SET",    "SKIP",     "WHERE",
      "WITH",       "UNION",     "UNWIND",    "AND",        "AS",     "CONTAINS", "DISTINCT",
      "ENDS",       "IN",        "IS",        "NOT",        "OR",     "STARTS",   "XOR",
      "CASE",       "ELSE",      "END",       "THEN",       "WHEN",   "NULL",     "TRUE",
      "FALSE",      "CALL",      "YIELD",     "CONSTRAINT", "DO",     "FOR",      "REQUIRE",
      "UNIQUE",     "MANDATORY", "SCALAR",    "OF",         "ADD",    "DROP",
  };
  for (const std::string_view reserved : RESERVED) {
    if (equalsUpper(word, reserved)) return true;
  }
  return false;
}

bool isPlainName(std::string_view name) {
  if (name.empty()) return false;
  if (isDigit(name[0])) return false;
  size_t i = 0;
  while (i < name.size()) {
    const char c = name[i];
    if (isAsciiIdentStart(c) || isDigit(c)) {
      ++i;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x80) return false;
    const Utf8Char ch = decodeUtf8(name.substr(i));
    if (ch.bytes == 0 || !isIdentifierCodePoint(ch.codePoint)) return false;
    i += ch.bytes;
  }
  return true;
}

}  // namespace casegraph::cypher
