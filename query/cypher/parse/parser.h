// Parsing openCypher text into a syntax tree: the first stage of a query's life (parse, bind,
// plan, execute). The parser knows nothing of the graph: names are not resolved and types are
// not checked here.
//
// A query the user got wrong is a SyntaxError value with the line and column where it went
// wrong. The parser never throws for bad input, never recurses without bound (nesting deeper
// than MAX_NESTING is itself a syntax error) and runs in time linear in the input, apart from
// lookahead bounded by the nesting depth.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "query/cypher/parse/ast.h"

namespace casegraph::cypher {

// How deeply brackets, sub-expressions and chained operators (a + b + c ...) may nest before
// the query is refused. Every tree the parser returns is at most about this deep, so code that
// walks it recursively is safe. At this depth an optimized build uses under 1 MiB of stack;
// the parser also refuses once it has used 1.5 MiB, whatever the build (sanitizers make frames
// much larger), so any thread with 2 MiB of stack can parse anything.
constexpr uint32_t MAX_NESTING = 500;

struct SyntaxError {
  std::string message;                 // says what was expected and what was found
  std::string code = "UnexpectedSyntax";  // the TCK's detail code (IntegerOverflow, ...)
  uint32_t line = 0;                   // 1-based
  uint32_t column = 0;                 // 1-based, in characters

  // Spaces up to the column, then '^'.
  std::string caretLine() const;
  // "line L, column C: message", then the source line and a caret under the column. `text` is
  // the query that was parsed.
  std::string format(std::string_view text) const;
};

class ParseResult {
 public:
  ParseResult(Query query) : value_(std::move(query)) {}        // NOLINT: implicit by design
  ParseResult(SyntaxError error) : value_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<Query>(value_); }
  // Only when ok().
  const Query& query() const { return std::get<Query>(value_); }
  Query& query() { return std::get<Query>(value_); }
  // Only when !ok().
  const SyntaxError& error() const { return std::get<SyntaxError>(value_); }

 private:
  std::variant<Query, SyntaxError> value_;
};

// Parses one statement: optional EXPLAIN or PROFILE, single queries joined by UNION [ALL], and
// an optional trailing semicolon.
ParseResult parse(std::string_view text);

}  // namespace casegraph::cypher
