// The parser's inner workings, shared by parser*.cpp; not part of the public surface (that is
// parser.h).
//
// A recursive-descent parser over the token list. It stops at the first error: `fail` records
// it, and from then on the parser sees only the end of input, so every loop ends and every
// function returns at once with a placeholder that is thrown away. Callers therefore need not
// check for failure after each step.
//
// There is no backtracking. Where Cypher needs more than one token of lookahead (is this `(`
// a pattern or a parenthesized expression? is this `[` a list or a comprehension?) the parser
// scans ahead over tokens without building anything.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/cypher/parse/ast.h"
#include "query/cypher/parse/lexer.h"
#include "query/cypher/parse/parser.h"

namespace casegraph::cypher {

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens);

  // The whole statement.
  Query parseStatement();
  const std::optional<SyntaxError>& error() const { return error_; }

 private:
  // Counts nesting for the duration of a scope; past MAX_NESTING the parse fails.
  class Nesting {
   public:
    explicit Nesting(Parser& parser, uint32_t levels = 1);
    ~Nesting();
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    // One more level, until the scope ends (a chained operator deepens the tree by one).
    void deeper();

   private:
    Parser& parser_;
    uint32_t levels_ = 0;
  };

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t next_ = 0;       // index of the next token
  uint32_t prevEnd_ = 0;  // byte offset just past the last consumed token
  uint32_t nesting_ = 0;
  std::optional<SyntaxError> error_;
  Token end_;                // what the parser sees once it has failed
  uintptr_t stackBase_ = 0;  // the frame address where parsing started

  // --- tokens (parser.cpp) ---
  bool failed() const { return error_.has_value(); }
  const Token& peek(size_t ahead = 0) const;
  // The token at an absolute index, for lookahead scans (clamped to the last token).
  const Token& tokenAt(size_t index) const;
  const Token& advance();
  bool at(TokenKind kind, size_t ahead = 0) const { return peek(ahead).kind == kind; }
  bool atKeyword(std::string_view upper, size_t ahead = 0) const {
    return peek(ahead).isKeyword(upper);
  }
  bool accept(TokenKind kind);
  bool acceptKeyword(std::string_view upper);
  // Consumes the token or fails with "expected <what> ...".
  void expect(TokenKind kind, std::string_view what);
  void expectKeyword(std::string_view upper);
  // Fails at the next token: "expected <what>, but found <token>".
  void fail(std::string_view what, std::string code = "UnexpectedSyntax");
  // Fails at `pos` with the message as given.
  void failAt(SourcePos pos, std::string message, std::string code = "UnexpectedSyntax");
  void checkNesting();

  // Identifiers. A variable may not be a reserved word unless quoted; a name (label, type,
  // property key, map key, function or procedure name) may be any identifier.
  bool atVariable(size_t ahead = 0) const;
  std::string parseVariable(std::string_view what = "a variable name");
  std::string parseName(std::string_view what);
  bool atClauseStart() const;

  // --- query and clauses (parser-clause.cpp) ---
  Query parseQuery(bool nested);
  SingleQuery parseSingleQuery(bool nested);
  Clause parseClause();
  Match parseMatch();
  Foreach parseForeach();
  CallSubquery parseCallSubquery();
  bool nestedMayUpdate_ = false;  // inside CALL { ... } (not EXISTS { ... }): updates allowed
  Unwind parseUnwind();
  Projection parseProjection();
  ProjectionItem parseProjectionItem();
  Merge parseMerge();
  std::vector<SetItem> parseSetItems();
  Remove parseRemove();
  Delete parseDelete();
  Call parseCall();
  void checkComposition(const SingleQuery& query, bool nested);
  void checkStandaloneCalls(const Query& query, bool nested);

  // --- expressions (parser-expr.cpp) ---
  // Each returns the expression already on the heap, so that the frames of this recursion
  // stay small (the nesting limit is reached long before the stack runs out).
  Box<Expr> parseExpression();
  Box<Expr> parseBinary(int minLevel);
  Box<Expr> parseUnary();
  Box<Expr> parsePostfix(Box<Expr> subject);
  Box<Expr> parseAtom();
  Box<Expr> parseNumber(SourcePos pos, bool negative);
  Box<Expr> parseIdentifierAtom();
  Box<Expr> parseFunctionCall();
  Box<Expr> parseCase();
  Box<Expr> parseQuantifier(Quantifier quantifier);
  Box<Expr> parseReduce();
  Box<Expr> parseMapProjection(Box<Expr> subject);
  Box<Expr> parseExists();
  Box<Expr> parseBracketed();
  Box<Expr> parseListComprehension(SourcePos pos);
  Box<Expr> parsePatternComprehension(SourcePos pos);
  Box<Expr> parseMapLiteral();
  Box<Expr> parseParenthesized();
  Box<Expr> parseComparisonChain(Box<Expr> left, BinaryOp first, SourcePos pos, Nesting& nesting);

  // --- patterns (parser-pattern.cpp) ---
  Pattern parsePattern();
  PatternPart parsePatternPart();
  PatternElement parsePatternElement();
  NodePattern parseNodePattern();
  RelationshipPattern parseRelationshipPattern();
  Box<Expr> parseProperties();
  std::optional<uint64_t> parseRangeBound();
  // Lookahead: whether a relationship pattern `(a)-...` starts at token `index` (a node pattern
  // followed by the start of a relationship), without consuming anything.
  bool relationshipsPatternAt(size_t index) const;
  bool relationshipStartsAt(size_t index) const;
  size_t scanNodePattern(size_t index) const;  // index after the node pattern, or 0
};

}  // namespace casegraph::cypher
