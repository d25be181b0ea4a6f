// The parser's entry point, its token cursor and its error reporting.
#include "query/cypher/parse/parser.h"

#include <array>

#include "query/cypher/parse/parser-impl.h"
#include "query/cypher/parse/unicode.h"

namespace casegraph::cypher {

namespace {

bool isReserved(const Token& token) {
  return token.kind == TokenKind::IDENTIFIER && !token.quoted && isReservedWord(token.text);
}

// The line `line` (1-based) of `text`, without its line break. Line breaks are counted as the
// lexer counts them: "\n", "\r\n" and a lone "\r".
std::string_view sourceLine(std::string_view text, uint32_t line) {
  size_t start = 0;
  for (uint32_t l = 1; l < line; ++l) {
    const size_t br = text.find_first_of("\r\n", start);
    if (br == std::string_view::npos) return {};
    start = br + (text[br] == '\r' && br + 1 < text.size() && text[br + 1] == '\n' ? 2 : 1);
  }
  const size_t end = text.find_first_of("\r\n", start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

}  // namespace

// --- SyntaxError ---------------------------------------------------------------------------

std::string SyntaxError::caretLine() const {
  return std::string(column > 0 ? column - 1 : 0, ' ') + '^';
}

std::string SyntaxError::format(std::string_view text) const {
  const std::string_view source = sourceLine(text, line);
  // The caret goes under the column's character; tabs are copied so that it lines up.
  std::string caret;
  size_t i = 0;
  for (uint32_t c = 1; c < column; ++c) {
    if (i < source.size() && source[i] == '\t') {
      caret += '\t';
    } else {
      caret += ' ';
    }
    if (i < source.size()) {
      const Utf8Char ch = decodeUtf8(source.substr(i));
      i += ch.bytes > 0 ? ch.bytes : 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message +
         "\n" + std::string(source) + "\n" + caret + "^";
}

ParseResult parse(std::string_view text) {
  Parser parser(text, tokenize(text));
  Query query = parser.parseStatement();
  if (parser.error()) return *parser.error();
  return query;
}

// --- the cursor ----------------------------------------------------------------------------

// How much stack the parser may use, whatever the build. The nesting limit keeps an optimized
// build well under it (about 1.5 KiB per level at worst); a sanitizer or unoptimized build has
// much larger frames and may reach this first, and then reports the same error.
constexpr uintptr_t STACK_BUDGET = 1536 * 1024;

Parser::Parser(std::string_view text, std::vector<Token> tokens)
    : text_(text),
      tokens_(std::move(tokens)),
      stackBase_(reinterpret_cast<uintptr_t>(__builtin_frame_address(0))) {}

Parser::Nesting::Nesting(Parser& parser, uint32_t levels) : parser_(parser), levels_(levels) {
  parser_.nesting_ += levels;
  if (levels > 0) parser_.checkNesting();
}

Parser::Nesting::~Nesting() { parser_.nesting_ -= levels_; }

void Parser::Nesting::deeper() {
  ++levels_;
  ++parser_.nesting_;
  parser_.checkNesting();
}

void Parser::checkNesting() {
  const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  const uintptr_t stackUsed = here < stackBase_ ? stackBase_ - here : here - stackBase_;
  if ((nesting_ > MAX_NESTING || stackUsed > STACK_BUDGET) && !failed()) {
    failAt(peek().pos, "the query nests too deeply: more than " + std::to_string(MAX_NESTING) +
                           " levels of brackets, sub-expressions or chained operators");
  }
}

const Token& Parser::peek(size_t ahead) const {
  if (failed()) return end_;
  return tokenAt(next_ + ahead);
}

const Token& Parser::tokenAt(size_t index) const {
  return index < tokens_.size() ? tokens_[index] : tokens_.back();
}

const Token& Parser::advance() {
  if (failed()) return end_;
  const Token& token = tokenAt(next_);
  if (token.kind == TokenKind::END || token.kind == TokenKind::ERROR) return token;
  ++next_;
  prevEnd_ = token.offset + token.length;
  return token;
}

bool Parser::accept(TokenKind kind) {
  if (!at(kind)) return false;
  advance();
  return true;
}

bool Parser::acceptKeyword(std::string_view upper) {
  if (!atKeyword(upper)) return false;
  advance();
  return true;
}

void Parser::expect(TokenKind kind, std::string_view what) {
  if (!accept(kind)) fail(what);
}

void Parser::expectKeyword(std::string_view upper) {
  if (!acceptKeyword(upper)) fail(upper);
}

void Parser::fail(std::string_view what, std::string code) {
  if (failed()) return;
  const Token& found = peek();
  if (found.kind == TokenKind::ERROR) {
    failAt(found.pos, found.text, found.code);
    return;
  }
  failAt(found.pos, "expected " + std::string(what) + ", but found " + describeToken(found),
         std::move(code));
}

void Parser::failAt(SourcePos pos, std::string message, std::string code) {
  if (failed()) return;
  error_ = SyntaxError{std::move(message), std::move(code), pos.line, pos.column};
}

bool Parser::atVariable(size_t ahead) const {
  // `` is a valid name for a label or key, but an empty variable would read as anonymous.
  const Token& token = peek(ahead);
  return token.kind == TokenKind::IDENTIFIER && !isReserved(token) && !token.text.empty();
}

std::string Parser::parseVariable(std::string_view what) {
  if (!atVariable()) {
    if (isReserved(peek())) {
      fail(std::string(what) + " (a reserved word must be written in backticks to be a name)");
    } else {
      fail(what);
    }
    return {};
  }
  return advance().text;
}

std::string Parser::parseName(std::string_view what) {
  if (!at(TokenKind::IDENTIFIER)) {
    fail(what);
    return {};
  }
  return advance().text;
}

bool Parser::atClauseStart() const {
  static constexpr std::array<std::string_view, 13> CLAUSE_WORDS = {
      "MATCH", "OPTIONAL", "UNWIND", "WITH",   "RETURN", "CREATE", "MERGE",
      "SET",   "REMOVE",   "DELETE", "DETACH", "CALL",   "FOREACH"};
  for (const std::string_view word : CLAUSE_WORDS) {
    if (atKeyword(word)) return true;
  }
  return false;
}

}  // namespace casegraph::cypher
