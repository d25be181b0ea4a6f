// Splits the text of a Cypher query into tokens.
//
// Keywords are not separate kinds: they are IDENTIFIER tokens that the parser compares
// case-insensitively (`Token::isKeyword`), because Cypher lets most keywords also be label,
// property and map-key names. A backtick-quoted identifier is never a keyword.
//
// Arrows are not tokens: `-->` is MINUS MINUS GT, `<-[` is LT MINUS LBRACKET, so that `a<-1`
// still reads as a comparison; the parser assembles relationship patterns from the pieces.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "query/cypher/parse/ast.h"

namespace casegraph::cypher {

enum class TokenKind : uint8_t {
  END,    // end of input
  ERROR,  // a lexical error; `text` says what is wrong. Always the last token.
  IDENTIFIER,
  PARAMETER,  // $name or $0; `text` is the name
  INTEGER,    // `integer` holds the magnitude (up to 2^63, which only a minus sign makes valid)
  FLOAT,      // `real` holds the value
  STRING,     // `text` holds the value, escapes resolved
  LPAREN,
  RPAREN,
  LBRACKET,
  RBRACKET,
  LBRACE,
  RBRACE,
  COMMA,
  DOT,
  DOTDOT,
  COLON,
  SEMICOLON,
  PIPE,
  EQ,
  NE,  // <>
  LT,
  GT,
  LE,
  GE,
  REGEX_MATCH,  // =~
  PLUS,
  PLUS_EQ,
  MINUS,
  STAR,
  SLASH,
  PERCENT,
  CARET,
};

struct Token {
  TokenKind kind = TokenKind::END;
  SourcePos pos;
  uint32_t offset = 0;  // byte offset of the first character in the query text
  uint32_t length = 0;  // in bytes
  bool quoted = false;  // an IDENTIFIER written in backticks
  std::string text;     // see TokenKind
  std::string code;     // ERROR: the TCK's detail code (UnexpectedSyntax, IntegerOverflow, ...)
  uint64_t integer = 0;
  double real = 0;

  // An unquoted identifier equal to `upperKeyword` ignoring case.
  bool isKeyword(std::string_view upperKeyword) const;
};

// Tokenizes the whole text. The result always ends with an END token, or with an ERROR token
// at the first thing that is not a valid token (an unterminated string or comment, a bad
// escape, a malformed or too large number, a stray character, invalid UTF-8).
std::vector<Token> tokenize(std::string_view text);

// How a token is named in an error message: "'RETURN'", "identifier 'n'", "end of input".
std::string describeToken(const Token& token);

// Whether `word` is reserved: it cannot name a variable unless written in backticks (it can
// still be a label, relationship type, property key, map key or function name).
bool isReservedWord(std::string_view word);

// Whether `name` can be written without backticks (as a label, key or function name).
bool isPlainName(std::string_view name);

}  // namespace casegraph::cypher
