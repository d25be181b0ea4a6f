// Expressions. Binary operators are parsed by precedence climbing; the levels, loosest first,
// follow openCypher's grammar:
//
//   1 OR   2 XOR   3 AND   4 NOT (prefix)   5 = <> < > <= >= (chainable)
//   6 STARTS WITH, ENDS WITH, CONTAINS, IN, =~, IS [NOT] NULL   7 + -   8 * / %   9 ^
//
// then prefix + and -, then postfix .key, [i], [a..b], :Label on an atom. All binary operators
// are left-associative, ^ included (2 ^ 3 ^ 2 is (2 ^ 3) ^ 2), and a prefix minus binds
// tighter than ^ (-3 ^ 2 is 9), as openCypher specifies.
#include <limits>

#include "query/cypher/parse/parser-impl.h"

namespace casegraph::cypher {

namespace {

constexpr int NOT_LEVEL = 4;
constexpr int COMPARISON_LEVEL = 5;
constexpr int PREDICATE_LEVEL = 6;
constexpr uint64_t INTEGER_LIMIT = uint64_t{1} << 63;

// A new expression node, on the heap.
template <typename Node>
Box<Expr> make(SourcePos pos, Node node) {
  auto e = std::make_unique<Expr>();
  e->pos = pos;
  e->node.template emplace<Node>(std::move(node));
  return Box<Expr>(std::move(e));
}

struct OperatorAt {
  int level = 0;  // 0: no binary operator here
  BinaryOp op = BinaryOp::OR;
};

std::optional<BinaryOp> comparisonOp(TokenKind kind) {
  switch (kind) {
    case TokenKind::EQ:
      return BinaryOp::EQ;
    case TokenKind::NE:
      return BinaryOp::NE;
    case TokenKind::LT:
      return BinaryOp::LT;
    case TokenKind::GT:
      return BinaryOp::GT;
    case TokenKind::LE:
      return BinaryOp::LE;
    case TokenKind::GE:
      return BinaryOp::GE;
    default:
      return std::nullopt;
  }
}

// The binary operator starting at `t` (IS [NOT] NULL counts, at the predicate level).
OperatorAt operatorAt(const Token& t) {
  if (const auto cmp = comparisonOp(t.kind)) return {COMPARISON_LEVEL, *cmp};
  switch (t.kind) {
    case TokenKind::REGEX_MATCH:
      return {PREDICATE_LEVEL, BinaryOp::REGEX_MATCH};
    case TokenKind::PLUS:
      return {7, BinaryOp::ADD};
    case TokenKind::MINUS:
      return {7, BinaryOp::SUBTRACT};
    case TokenKind::STAR:
      return {8, BinaryOp::MULTIPLY};
    case TokenKind::SLASH:
      return {8, BinaryOp::DIVIDE};
    case TokenKind::PERCENT:
      return {8, BinaryOp::MODULO};
    case TokenKind::CARET:
      return {9, BinaryOp::POWER};
    case TokenKind::IDENTIFIER:
      break;
    default:
      return {};
  }
  if (t.isKeyword("OR")) return {1, BinaryOp::OR};
  if (t.isKeyword("XOR")) return {2, BinaryOp::XOR};
  if (t.isKeyword("AND")) return {3, BinaryOp::AND};
  if (t.isKeyword("STARTS")) return {PREDICATE_LEVEL, BinaryOp::STARTS_WITH};
  if (t.isKeyword("ENDS")) return {PREDICATE_LEVEL, BinaryOp::ENDS_WITH};
  if (t.isKeyword("CONTAINS")) return {PREDICATE_LEVEL, BinaryOp::CONTAINS};
  if (t.isKeyword("IN")) return {PREDICATE_LEVEL, BinaryOp::IN};
  if (t.isKeyword("IS")) return {PREDICATE_LEVEL, BinaryOp::EQ};  // IS [NOT] NULL, see below
  return {};
}

}  // namespace

Box<Expr> Parser::parseExpression() { return parseBinary(1); }

Box<Expr> Parser::parseBinary(int minLevel) {
  Nesting nesting(*this);
  Box<Expr> left;
  if (minLevel <= NOT_LEVEL && atKeyword("NOT")) {
    const SourcePos pos = advance().pos;
    left = make(pos, Unary{UnaryOp::NOT, parseBinary(NOT_LEVEL)});
  } else {
    left = parseUnary();
  }
  while (true) {
    const Token& t = peek();
    const OperatorAt op = operatorAt(t);
    if (op.level == 0 || op.level < minLevel) return left;
    const SourcePos pos = t.pos;
    nesting.deeper();
    if (t.isKeyword("IS")) {
      advance();
      const bool negated = acceptKeyword("NOT");
      if (!acceptKeyword("NULL")) fail(negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
      left = make(pos, Unary{negated ? UnaryOp::IS_NOT_NULL : UnaryOp::IS_NULL, std::move(left)});
      continue;
    }
    const bool twoWords = t.isKeyword("STARTS") || t.isKeyword("ENDS");
    advance();
    if (twoWords) expectKeyword("WITH");
    if (op.level == COMPARISON_LEVEL) {
      left = parseComparisonChain(std::move(left), op.op, pos, nesting);
      continue;
    }
    Box<Expr> right = parseBinary(op.level + 1);
    left = make(pos, Binary{op.op, std::move(left), std::move(right)});
  }
}

// a < b <= c: one chain, each operand parsed once. The first operator is consumed.
Box<Expr> Parser::parseComparisonChain(Box<Expr> left, BinaryOp first, SourcePos pos,
                                       Nesting& nesting) {
  Box<Expr> right = parseBinary(COMPARISON_LEVEL + 1);
  if (!comparisonOp(peek().kind))
    return make(pos, Binary{first, std::move(left), std::move(right)});
  ComparisonChain chain;
  chain.ops.push_back(first);
  chain.operands.push_back(std::move(*left));
  chain.operands.push_back(std::move(*right));
  while (const auto next = comparisonOp(peek().kind)) {
    advance();
    nesting.deeper();
    chain.ops.push_back(*next);
    chain.operands.push_back(std::move(*parseBinary(COMPARISON_LEVEL + 1)));
  }
  return make(pos, std::move(chain));
}

Box<Expr> Parser::parseUnary() {
  std::vector<std::pair<SourcePos, UnaryOp>> prefix;
  Nesting chain(*this, 0);
  Box<Expr> operand;
  while (true) {
    const Token& t = peek();
    const bool minus = t.kind == TokenKind::MINUS;
    if (minus && (at(TokenKind::INTEGER, 1) || at(TokenKind::FLOAT, 1))) {
      // A negative number is one literal, so that -9223372036854775808 can be written.
      const SourcePos pos = advance().pos;
      operand = parsePostfix(parseNumber(pos, true));
      break;
    }
    if (minus || t.kind == TokenKind::PLUS) {
      prefix.emplace_back(t.pos, minus ? UnaryOp::MINUS : UnaryOp::PLUS);
      advance();
      chain.deeper();
      continue;
    }
    operand = parsePostfix(parseAtom());
    break;
  }
  for (auto it = prefix.rbegin(); it != prefix.rend(); ++it) {
    operand = make(it->first, Unary{it->second, std::move(operand)});
  }
  return operand;
}

Box<Expr> Parser::parsePostfix(Box<Expr> subject) {
  Nesting chain(*this, 0);
  while (true) {
    const SourcePos pos = peek().pos;
    if (accept(TokenKind::DOT)) {
      chain.deeper();
      std::string key = parseName("a property name after '.'");
      subject = make(pos, PropertyAccess{std::move(subject), std::move(key)});
    } else if (accept(TokenKind::LBRACKET)) {
      chain.deeper();
      Box<Expr> index;
      if (!at(TokenKind::DOTDOT)) index = parseExpression();
      if (accept(TokenKind::DOTDOT)) {
        Box<Expr> to;
        if (!at(TokenKind::RBRACKET)) to = parseExpression();
        subject = make(pos, Slice{std::move(subject), std::move(index), std::move(to)});
        expect(TokenKind::RBRACKET, "']' to end the slice");
      } else {
        subject = make(pos, Subscript{std::move(subject), std::move(index)});
        expect(TokenKind::RBRACKET, "']' or '..' after the index");
      }
    } else if (at(TokenKind::COLON)) {
      chain.deeper();
      HasLabels labels{std::move(subject), {}};
      while (accept(TokenKind::COLON)) labels.labels.push_back(parseName("a label name after ':'"));
      subject = make(pos, std::move(labels));
    } else {
      return subject;
    }
  }
}

Box<Expr> Parser::parseNumber(SourcePos pos, bool negative) {
  const Token& t = advance();
  Literal literal;
  if (t.kind == TokenKind::FLOAT) {
    literal.value = negative ? -t.real : t.real;
  } else if (t.integer == INTEGER_LIMIT) {
    // Only valid as the magnitude of the smallest integer.
    if (negative) {
      literal.value = std::numeric_limits<int64_t>::min();
    } else {
      failAt(t.pos,
             "the integer " + t.text + " is too large (the largest is " +
                 std::to_string(std::numeric_limits<int64_t>::max()) + ")",
             "IntegerOverflow");
    }
  } else {
    const auto value = static_cast<int64_t>(t.integer);
    literal.value = negative ? -value : value;
  }
  return make(pos, std::move(literal));
}

Box<Expr> Parser::parseAtom() {
  const Token& t = peek();
  const SourcePos pos = t.pos;
  switch (t.kind) {
    case TokenKind::INTEGER:
    case TokenKind::FLOAT:
      return parseNumber(pos, false);
    case TokenKind::STRING:
      return make(pos, Literal{advance().text});
    case TokenKind::PARAMETER:
      return make(pos, Parameter{advance().text});
    case TokenKind::LBRACKET:
      return parseBracketed();
    case TokenKind::LBRACE:
      return parseMapLiteral();
    case TokenKind::LPAREN:
      return parseParenthesized();
    case TokenKind::IDENTIFIER:
      return parseIdentifierAtom();
    default:
      fail("an expression");
      return make(pos, Literal{});
  }
}

Box<Expr> Parser::parseIdentifierAtom() {
  const Token& t = peek();
  const SourcePos pos = t.pos;
  if (!t.quoted) {
    if (t.isKeyword("TRUE") || t.isKeyword("FALSE")) {
      const bool value = t.isKeyword("TRUE");
      advance();
      return make(pos, Literal{value});
    }
    if (t.isKeyword("NULL")) {
      advance();
      return make(pos, Literal{});
    }
    if (t.isKeyword("CASE")) return parseCase();
    if (t.isKeyword("COUNT") && at(TokenKind::LPAREN, 1) && at(TokenKind::STAR, 2) &&
        at(TokenKind::RPAREN, 3)) {
      for (int i = 0; i < 4; ++i) advance();
      return make(pos, CountStar{});
    }
    if (at(TokenKind::LPAREN, 1) && atVariable(2) && atKeyword("IN", 3)) {
      if (t.isKeyword("ALL")) return parseQuantifier(Quantifier::ALL);
      if (t.isKeyword("ANY")) return parseQuantifier(Quantifier::ANY);
      if (t.isKeyword("NONE")) return parseQuantifier(Quantifier::NONE);
      if (t.isKeyword("SINGLE")) return parseQuantifier(Quantifier::SINGLE);
    }
    if (t.isKeyword("EXISTS") && at(TokenKind::LBRACE, 1)) return parseExists();
    if (t.isKeyword("REDUCE") && at(TokenKind::LPAREN, 1) && atVariable(2) &&
        at(TokenKind::EQ, 3)) {
      return parseReduce();
    }
  }
  // A function call: name(...) or ns.name(...).
  size_t k = 1;
  while (at(TokenKind::DOT, k) && at(TokenKind::IDENTIFIER, k + 1)) k += 2;
  if (at(TokenKind::LPAREN, k)) return parseFunctionCall();
  if (!atVariable()) {
    fail("an expression");
    return make(pos, Literal{});
  }
  Box<Expr> variable = make(pos, Variable{advance().text});
  if (at(TokenKind::LBRACE)) return parseMapProjection(std::move(variable));
  return variable;
}

// variable {.key, key: value, otherVariable, .*}
Box<Expr> Parser::parseMapProjection(Box<Expr> subject) {
  const SourcePos pos = subject->pos;
  advance();  // {
  MapProjection m;
  m.subject = std::move(subject);
  if (!at(TokenKind::RBRACE)) {
    do {
      using Item = MapProjection::Item;
      const SourcePos itemPos = peek().pos;
      if (accept(TokenKind::DOT)) {
        if (accept(TokenKind::STAR)) {
          m.items.push_back(Item{Item::ALL_PROPERTIES, "", {}});
        } else {
          m.items.push_back(
              Item{Item::PROPERTY, parseName("a property name or '*' after '.'"), {}});
        }
      } else if (atVariable() && at(TokenKind::COLON, 1)) {
        std::string key = advance().text;
        advance();  // :
        m.items.push_back(Item{Item::ENTRY, std::move(key), parseExpression()});
      } else if (atVariable()) {
        std::string name = peek().text;
        Box<Expr> v = make(itemPos, Variable{advance().text});
        m.items.push_back(Item{Item::VARIABLE, std::move(name), std::move(v)});
      } else {
        fail("'.key', '.*', 'key: value' or a variable in the map projection");
      }
    } while (accept(TokenKind::COMMA));
  }
  expect(TokenKind::RBRACE, "',' or '}' in the map projection");
  return make(pos, std::move(m));
}

Box<Expr> Parser::parseFunctionCall() {
  const SourcePos pos = peek().pos;
  FunctionCall call;
  call.name = advance().text;
  while (at(TokenKind::DOT) && at(TokenKind::IDENTIFIER, 1)) {
    advance();
    call.name += '.';
    call.name += advance().text;
  }
  advance();  // (
  call.distinct = acceptKeyword("DISTINCT");
  if (!at(TokenKind::RPAREN)) {
    do {
      call.args.push_back(std::move(*parseExpression()));
    } while (accept(TokenKind::COMMA));
  }
  expect(TokenKind::RPAREN, "',' or ')' after an argument of " + call.name + "()");
  return make(pos, std::move(call));
}

Box<Expr> Parser::parseCase() {
  const SourcePos pos = advance().pos;
  Case c;
  if (atKeyword("END") || atKeyword("ELSE") || atKeyword("THEN")) {
    fail("an expression or WHEN after CASE");
  } else if (!atKeyword("WHEN")) {
    c.test = parseExpression();
  }
  if (!atKeyword("WHEN")) fail(c.test ? "WHEN" : "an expression or WHEN after CASE");
  while (acceptKeyword("WHEN")) {
    c.whens.push_back(std::move(*parseExpression()));
    expectKeyword("THEN");
    c.thens.push_back(std::move(*parseExpression()));
  }
  if (acceptKeyword("ELSE")) c.otherwise = parseExpression();
  if (!acceptKeyword("END")) fail(c.otherwise ? "END" : "WHEN, ELSE or END");
  return make(pos, std::move(c));
}

Box<Expr> Parser::parseReduce() {
  const SourcePos pos = advance().pos;
  advance();  // (
  Reduce r;
  r.accumulator = advance().text;
  advance();  // =
  r.init = parseExpression();
  expect(TokenKind::COMMA, "',' after the accumulator's initial value in reduce()");
  if (!atVariable() || !atKeyword("IN", 1)) fail("a variable and IN in reduce()");
  r.variable = advance().text;
  advance();  // IN
  r.list = parseExpression();
  expect(TokenKind::PIPE, "'|' before the expression of reduce()");
  r.expression = parseExpression();
  expect(TokenKind::RPAREN, "')' to end reduce()");
  return make(pos, std::move(r));
}

Box<Expr> Parser::parseQuantifier(Quantifier quantifier) {
  const SourcePos pos = advance().pos;
  advance();  // (
  QuantifierExpr q;
  q.quantifier = quantifier;
  q.variable = advance().text;
  advance();  // IN
  q.list = parseExpression();
  if (acceptKeyword("WHERE")) q.where = parseExpression();
  expect(TokenKind::RPAREN, q.where ? "')'" : "WHERE or ')'");
  return make(pos, std::move(q));
}

Box<Expr> Parser::parseExists() {
  const SourcePos pos = advance().pos;
  advance();  // {
  ExistsSubquery e;
  if (atClauseStart()) {
    const bool saved = nestedMayUpdate_;
    nestedMayUpdate_ = false;
    e.query = parseQuery(true);
    nestedMayUpdate_ = saved;
  } else {
    e.pattern = parsePattern();
    if (acceptKeyword("WHERE")) e.where = parseExpression();
  }
  expect(TokenKind::RBRACE, "'}' to end EXISTS { ... }");
  return make(pos, std::move(e));
}

// [ starts a list, a list comprehension [x IN list WHERE p | e], or a pattern comprehension
// [p = (a)-->(b) WHERE p | e].
Box<Expr> Parser::parseBracketed() {
  const SourcePos pos = advance().pos;
  if (accept(TokenKind::RBRACKET)) return make(pos, ListLiteral{});
  if (atVariable() && atKeyword("IN", 1)) return parseListComprehension(pos);
  const bool named = atVariable() && at(TokenKind::EQ, 1);
  if (relationshipsPatternAt(next_ + (named ? 2 : 0))) return parsePatternComprehension(pos);
  ListLiteral list;
  do {
    list.items.push_back(std::move(*parseExpression()));
  } while (accept(TokenKind::COMMA));
  expect(TokenKind::RBRACKET, "',' or ']' in the list");
  return make(pos, std::move(list));
}

Box<Expr> Parser::parseListComprehension(SourcePos pos) {
  ListComprehension c;
  c.variable = advance().text;
  advance();  // IN
  c.list = parseExpression();
  if (acceptKeyword("WHERE")) c.where = parseExpression();
  if (accept(TokenKind::PIPE)) c.projection = parseExpression();
  expect(TokenKind::RBRACKET, c.projection ? "']' to end the list comprehension"
                              : c.where    ? "'|' or ']' in the list comprehension"
                                           : "WHERE, '|' or ']' in the list comprehension");
  return make(pos, std::move(c));
}

Box<Expr> Parser::parsePatternComprehension(SourcePos pos) {
  PatternComprehension c;
  if (atVariable() && at(TokenKind::EQ, 1)) {
    c.pathVariable = advance().text;
    advance();  // =
  }
  c.element = parsePatternElement();
  if (acceptKeyword("WHERE")) c.where = parseExpression();
  expect(TokenKind::PIPE, c.where ? "'|' in the pattern comprehension"
                                  : "WHERE or '|' in the pattern comprehension");
  c.projection = parseExpression();
  expect(TokenKind::RBRACKET, "']' to end the pattern comprehension");
  return make(pos, std::move(c));
}

Box<Expr> Parser::parseMapLiteral() {
  const SourcePos pos = advance().pos;
  MapLiteral map;
  if (!at(TokenKind::RBRACE)) {
    do {
      // A key such as 1B2c3e67 lexes as a malformed number; here it is a malformed key.
      if (at(TokenKind::ERROR) && peek().code == "InvalidNumberLiteral") {
        failAt(peek().pos, "expected a key name in the map, but found " + peek().text,
               "UnexpectedSyntax");
      }
      map.keys.push_back(parseName("a key name in the map"));
      expect(TokenKind::COLON, "':' after the map key");
      map.values.push_back(std::move(*parseExpression()));
    } while (accept(TokenKind::COMMA));
  }
  expect(TokenKind::RBRACE, "',' or '}' in the map");
  return make(pos, std::move(map));
}

// ( starts a relationship pattern used as a predicate, or a parenthesized expression.
Box<Expr> Parser::parseParenthesized() {
  const SourcePos pos = peek().pos;
  if (relationshipsPatternAt(next_)) return make(pos, PatternPredicate{parsePatternElement()});
  advance();
  Box<Expr> inner = parseExpression();
  expect(TokenKind::RPAREN, "')'");
  return inner;
}

}  // namespace casegraph::cypher
