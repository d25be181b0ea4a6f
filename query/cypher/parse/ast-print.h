// Prints a syntax tree back as Cypher text, in one canonical form: keywords in capitals, one
// clause per line, single spaces around operators, strings in single quotes, numbers in
// decimal, backticks only where a name needs them, and parentheses only where precedence
// needs them. Parsing the printed text gives the same tree (positions aside), so tests compare
// queries by their printed form and EXPLAIN shows the query as the engine understood it.
#pragma once

#include <string>

#include "query/cypher/parse/ast.h"

namespace casegraph::cypher {

enum class Parens {
  MINIMAL,  // only where precedence needs them
  ALL,      // around every operator application, to show how an expression was grouped
};

std::string print(const Query& query, Parens parens = Parens::MINIMAL);
std::string print(const Expr& expr, Parens parens = Parens::MINIMAL);
std::string print(const Pattern& pattern);

// A name as it must be written: plain when it can be, else in backticks. Variables also need
// backticks when they are reserved words.
std::string quoteName(std::string_view name);
std::string quoteVariable(std::string_view name);

}  // namespace casegraph::cypher
