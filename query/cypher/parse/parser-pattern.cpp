// Patterns: (a:Label {k: v})-[r:TYPE*1..3]->(b), named paths and shortestPath().
#include <limits>

#include "query/cypher/parse/parser-impl.h"

namespace casegraph::cypher {

Pattern Parser::parsePattern() {
  Pattern pattern;
  do {
    pattern.push_back(parsePatternPart());
  } while (accept(TokenKind::COMMA));
  return pattern;
}

PatternPart Parser::parsePatternPart() {
  PatternPart part;
  part.pos = peek().pos;
  if (atVariable() && at(TokenKind::EQ, 1)) {
    part.pathVariable = advance().text;
    advance();  // =
  }
  const Token& t = peek();
  const bool shortest = t.isKeyword("SHORTESTPATH");
  const bool allShortest = t.isKeyword("ALLSHORTESTPATHS");
  if ((shortest || allShortest) && at(TokenKind::LPAREN, 1)) {
    part.search = shortest ? PathSearch::SHORTEST : PathSearch::ALL_SHORTEST;
    advance();
    advance();  // (
    part.element = parsePatternElement();
    expect(TokenKind::RPAREN, "')' to end " + t.text + "(...)");
    return part;
  }
  part.element = parsePatternElement();
  return part;
}

PatternElement Parser::parsePatternElement() {
  if (at(TokenKind::LPAREN) && at(TokenKind::LPAREN, 1)) {
    // A parenthesized pattern: ((a)-->(b)).
    Nesting nesting(*this);
    advance();
    PatternElement inner = parsePatternElement();
    expect(TokenKind::RPAREN, "')' to end the parenthesized pattern");
    return inner;
  }
  PatternElement element;
  element.nodes.push_back(parseNodePattern());
  while (!failed() && relationshipStartsAt(next_)) {
    element.relationships.push_back(parseRelationshipPattern());
    element.nodes.push_back(parseNodePattern());
  }
  return element;
}

NodePattern Parser::parseNodePattern() {
  NodePattern node;
  node.pos = peek().pos;
  expect(TokenKind::LPAREN, "'(' to start a node pattern");
  if (atVariable()) node.variable = advance().text;
  while (accept(TokenKind::COLON)) node.labels.push_back(parseName("a label name after ':'"));
  if (at(TokenKind::PIPE)) {  // (n:A|B|:C): any of the labels
    if (node.labels.size() != 1) fail("one label before '|' (write (n:A|B), not (n:A:B|C))");
    node.anyLabels = std::move(node.labels);
    node.labels.clear();
    while (accept(TokenKind::PIPE)) {
      accept(TokenKind::COLON);
      node.anyLabels.push_back(parseName("a label name after '|'"));
    }
  }
  node.properties = parseProperties();
  if (!accept(TokenKind::RPAREN)) {
    if (node.properties) {
      fail("')' to end the node pattern");
    } else if (!node.labels.empty()) {
      fail("':', a property map or ')' in the node pattern");
    } else if (!node.variable.empty()) {
      fail("a label, a property map or ')' in the node pattern");
    } else {
      fail("a variable, a label, a property map or ')' in the node pattern");
    }
  }
  return node;
}

Box<Expr> Parser::parseProperties() {
  if (at(TokenKind::LBRACE)) return parseMapLiteral();
  if (at(TokenKind::PARAMETER)) {
    auto e = std::make_unique<Expr>();
    e->pos = peek().pos;
    e->node = Parameter{advance().text};
    return Box<Expr>(std::move(e));
  }
  return {};
}

std::optional<uint64_t> Parser::parseRangeBound() {
  if (!at(TokenKind::INTEGER)) return std::nullopt;
  const Token& t = advance();
  if (t.integer > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    failAt(t.pos, "the path length " + t.text + " is too large");
  }
  return t.integer;
}

// <-[...]-, -[...]->, -[...]-, and the short forms <--, -->, --.
RelationshipPattern Parser::parseRelationshipPattern() {
  RelationshipPattern rel;
  rel.pos = peek().pos;
  const bool left = accept(TokenKind::LT);
  expect(TokenKind::MINUS, "'-' in the relationship pattern");
  if (accept(TokenKind::LBRACKET)) {
    if (atVariable()) rel.variable = advance().text;
    if (accept(TokenKind::COLON)) {
      rel.types.push_back(parseName("a relationship type after ':'"));
      while (accept(TokenKind::PIPE)) {
        accept(TokenKind::COLON);
        rel.types.push_back(parseName("a relationship type after '|'"));
      }
    }
    if (accept(TokenKind::STAR)) {
      VarLength length;
      length.min = parseRangeBound();
      if (accept(TokenKind::DOTDOT)) {
        length.max = parseRangeBound();
      } else {
        length.max = length.min;
      }
      rel.length = length;
    }
    rel.properties = parseProperties();
    if (!accept(TokenKind::RBRACKET)) {
      fail(rel.properties       ? "']' to end the relationship pattern"
           : rel.length         ? "a property map or ']' in the relationship pattern"
           : !rel.types.empty() ? "'|', '*', a property map or ']' in the relationship pattern"
                                : "a variable, ':TYPE', '*', a property map or ']' in the "
                                  "relationship pattern",
           "InvalidRelationshipPattern");
    }
  }
  expect(TokenKind::MINUS, "'-' to end the relationship pattern");
  const bool right = accept(TokenKind::GT);
  rel.direction = left == right ? RelDirection::UNDIRECTED
                  : left        ? RelDirection::INCOMING
                                : RelDirection::OUTGOING;
  return rel;
}

// --- lookahead -----------------------------------------------------------------------------

bool Parser::relationshipStartsAt(size_t index) const {
  const TokenKind k0 = tokenAt(index).kind;
  const TokenKind k1 = tokenAt(index + 1).kind;
  if (k0 == TokenKind::MINUS) return k1 == TokenKind::LBRACKET || k1 == TokenKind::MINUS;
  if (k0 != TokenKind::LT || k1 != TokenKind::MINUS) return false;
  const TokenKind k2 = tokenAt(index + 2).kind;
  return k2 == TokenKind::LBRACKET || k2 == TokenKind::MINUS;
}

size_t Parser::scanNodePattern(size_t index) const {
  if (tokenAt(index).kind != TokenKind::LPAREN) return 0;
  size_t i = index + 1;
  if (tokenAt(i).kind == TokenKind::IDENTIFIER) ++i;
  while (tokenAt(i).kind == TokenKind::COLON && tokenAt(i + 1).kind == TokenKind::IDENTIFIER) {
    i += 2;
  }
  if (tokenAt(i).kind == TokenKind::PARAMETER) {
    ++i;
  } else if (tokenAt(i).kind == TokenKind::LBRACE) {
    // Skip the property map by counting braces; every bracket inside it is a token.
    size_t depth = 0;
    do {
      const TokenKind k = tokenAt(i).kind;
      if (k == TokenKind::END || k == TokenKind::ERROR) return 0;
      if (k == TokenKind::LBRACE) ++depth;
      if (k == TokenKind::RBRACE) --depth;
      ++i;
    } while (depth > 0);
  }
  return tokenAt(i).kind == TokenKind::RPAREN ? i + 1 : 0;
}

bool Parser::relationshipsPatternAt(size_t index) const {
  if (failed()) return false;
  const size_t after = scanNodePattern(index);
  return after != 0 && relationshipStartsAt(after);
}

}  // namespace casegraph::cypher
