// The Cypher parser: valid queries round-trip through the printer to a canonical form,
// operators group as openCypher says, each kind of mistake is reported where it is, and no
// input (random bytes, mangled queries, absurd nesting) crashes or hangs it.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "query/cypher/parse/ast-print.h"
#include "query/cypher/parse/lexer.h"
#include "query/cypher/parse/parser.h"

using namespace casegraph::cypher;

namespace {

// The canonical text of a query, clauses separated by spaces instead of line breaks.
std::string canon(const std::string& text, Parens parens = Parens::MINIMAL) {
  const ParseResult result = parse(text);
  if (!result.ok()) return "ERROR " + result.error().format(text);
  std::string out = print(result.query(), parens);
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

// How `expr` groups, every operator application in parentheses.
std::string grouping(const std::string& expr) {
  const std::string text = "RETURN " + expr;
  const ParseResult result = parse(text);
  if (!result.ok()) return "ERROR " + result.error().format(text);
  const auto& ret = std::get<Return>(result.query().parts[0].clauses[0].node);
  return print(ret.projection.items[0].expr, Parens::ALL);
}

const Query& parsed(const ParseResult& result) {
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
  return result.query();
}

const Expr& returnedExpr(const ParseResult& result, size_t item = 0) {
  const auto& ret = std::get<Return>(parsed(result).parts[0].clauses.back().node);
  return ret.projection.items.at(item).expr;
}

struct RoundTrip {
  const char* input;
  const char* canonical;  // nullptr: the input is already canonical
};

void checkRoundTrip(const RoundTrip& c) {
  const std::string input = c.input;
  CAPTURE(input);
  const std::string expected = c.canonical ? c.canonical : c.input;
  const std::string first = canon(c.input);
  CHECK(first == expected);
  // The canonical form is a fixed point, with minimal and with full parentheses.
  CHECK(canon(first) == first);
  const std::string full = canon(c.input, Parens::ALL);
  CHECK(canon(full, Parens::ALL) == full);
  CHECK(canon(full) == first);
}

}  // namespace

TEST_CASE("clauses round-trip to their canonical form") {
  const RoundTrip cases[] = {
      {"MATCH (n) RETURN n", nullptr},
      {"match (n) return n", "MATCH (n) RETURN n"},
      {"MATCH (n:Person:Employee {name: 'Ann', age: 42}) RETURN n.name", nullptr},
      {"OPTIONAL MATCH (n)-[r]->(m) WHERE r.since > 2000 RETURN m", nullptr},
      {"MATCH (a), (b) WHERE a.x = b.x RETURN a, b", nullptr},
      {"MATCH (a) MATCH (b) RETURN *", nullptr},
      {"MATCH (n) RETURN DISTINCT n.city AS city ORDER BY city DESC, n.x SKIP 10 LIMIT 5", nullptr},
      {"MATCH (n) RETURN n ORDER BY n.a ASC, n.b ASCENDING, n.c DESCENDING",
       "MATCH (n) RETURN n ORDER BY n.a, n.b, n.c DESC"},
      {"MATCH (n) RETURN *, n.x AS x", nullptr},
      {"MATCH (n) WITH n, count(*) AS c WHERE c > 1 RETURN n", nullptr},
      {"MATCH (n) WITH DISTINCT n.a AS a ORDER BY a LIMIT 3 WHERE a <> 1 RETURN a", nullptr},
      {"MATCH (n) WITH * RETURN n", nullptr},
      {"UNWIND [1, 2, 3] AS x RETURN x", nullptr},
      {"UNWIND $list AS item CREATE (:Item {value: item})", nullptr},
      {"CREATE (a:A {k: 1})-[:R {w: 2.5}]->(b:B), (c)", nullptr},
      {"CREATE (n $props) RETURN n", nullptr},
      {"MERGE (n:Person {id: 1}) ON CREATE SET n.created = timestamp() ON MATCH SET n.seen = "
       "n.seen + 1 RETURN n",
       nullptr},
      {"MERGE (a)-[r:KNOWS]->(b)", nullptr},
      {"MATCH (n) SET n.a = 1, n = {b: 2}, n += {c: 3}, n:Tag:Other", nullptr},
      {"MATCH (n) SET n.a.b = 1", nullptr},
      {"MATCH (n) REMOVE n.a, n:Tag:Other", nullptr},
      {"MATCH (n) DELETE n", nullptr},
      {"MATCH (n)-[r]-() DETACH DELETE n, r", nullptr},
      {"CALL db.labels()", nullptr},
      {"CALL db.labels", nullptr},
      {"CALL db.labels() YIELD *", nullptr},
      {"CALL db.labels() YIELD label", nullptr},
      {"CALL test.my.proc('a', 1) YIELD city, code AS c WHERE c > 1 RETURN city", nullptr},
      {"MATCH (n) CALL db.labels() YIELD label RETURN n, label", nullptr},
      {"MATCH (n) CALL custom.void(n)", nullptr},
      {"RETURN 1 AS a UNION RETURN 2 AS a", nullptr},
      {"RETURN 1 AS a UNION ALL RETURN 2 AS a UNION ALL RETURN 3 AS a", nullptr},
      {"EXPLAIN MATCH (n) RETURN n", nullptr},
      {"profile MATCH (n) RETURN n", "PROFILE MATCH (n) RETURN n"},
      {"MATCH (n) RETURN n;", "MATCH (n) RETURN n"},
      {"CREATE (a) WITH a MATCH (b) RETURN b", nullptr},
      {"MATCH (a) CREATE (b) SET b.x = 1 DELETE a RETURN b", nullptr},
  };
  for (const auto& c : cases) checkRoundTrip(c);
}

TEST_CASE("patterns round-trip") {
  const RoundTrip cases[] = {
      {"MATCH (a)-->(b)<--(c)--(d) RETURN a", nullptr},
      {"MATCH (a)<-->(b) RETURN a", "MATCH (a)--(b) RETURN a"},
      {"MATCH (a)-[]->(b) RETURN a", "MATCH (a)-->(b) RETURN a"},
      {"MATCH (a)-[r:KNOWS|LIKES]->(b) RETURN r", nullptr},
      {"MATCH (a)-[r:KNOWS|:LIKES]->(b) RETURN r", "MATCH (a)-[r:KNOWS|LIKES]->(b) RETURN r"},
      {"MATCH (a)-[*]->(b) RETURN a", nullptr},
      {"MATCH (a)-[*2]->(b) RETURN a", nullptr},
      {"MATCH (a)-[*2..2]->(b) RETURN a", "MATCH (a)-[*2]->(b) RETURN a"},
      {"MATCH (a)-[*1..3]->(b) RETURN a", nullptr},
      {"MATCH (a)-[*..3]->(b) RETURN a", nullptr},
      {"MATCH (a)-[*2..]->(b) RETURN a", nullptr},
      {"MATCH (a)-[*..]->(b) RETURN a", "MATCH (a)-[*]->(b) RETURN a"},
      {"MATCH (a)-[r:T*0..5 {w: 1}]-(b) RETURN r", nullptr},
      {"MATCH (a)-[r $p]->(b) RETURN r", nullptr},
      {"MATCH (a)-[{w: 1}]->(b) RETURN a", nullptr},
      {"MATCH ({k: 1}) RETURN 1", nullptr},
      {"MATCH (:Label) RETURN 1", nullptr},
      {"MATCH () RETURN 1", nullptr},
      {"MATCH p = (a)-->(b) RETURN p", nullptr},
      {"MATCH p = shortestPath((a)-[*]-(b)) RETURN p", nullptr},
      {"MATCH p = allShortestPaths((a)-[:R*..5]->(b)) RETURN p", nullptr},
      {"MATCH SHORTESTPATH((a)-[*]-(b)) RETURN a", "MATCH shortestPath((a)-[*]-(b)) RETURN a"},
      {"MATCH ((a)-->(b)) RETURN a", "MATCH (a)-->(b) RETURN a"},
      {"MATCH (a)-->(b), q = (c)<-[:T]-(d) RETURN a", nullptr},
  };
  for (const auto& c : cases) checkRoundTrip(c);
}

TEST_CASE("expressions round-trip") {
  const RoundTrip cases[] = {
      {"RETURN null, true, false, TRUE, NULL", "RETURN null, true, false, true, null"},
      {"RETURN 1, -1, 0, 9223372036854775807, -9223372036854775808", nullptr},
      {"RETURN 0x1F, 0XFF, 0o17, -0x10", "RETURN 31, 255, 15, -16"},
      {"RETURN 1.5, .5, 1e3, 1.5e-3, 2E10, -0.25", "RETURN 1.5, 0.5, 1000.0, 0.0015, 2e10, -0.25"},
      {"RETURN 1e300, 1e-300", nullptr},
      {"RETURN 'a', \"b\", 'it\\'s', \"say \\\"hi\\\"\"",
       "RETURN 'a', 'b', 'it\\'s', 'say \"hi\"'"},
      {"RETURN 'tab\\there', 'nl\\n', 'back\\\\slash', '\\u00e9\\U0001F600'",
       "RETURN 'tab\\there', 'nl\\n', 'back\\\\slash', 'é😀'"},
      {"RETURN $param, $0, $`odd name`", nullptr},
      {"MATCH (n) RETURN n.name, n.`odd key`, n.return, n.count", nullptr},
      {"MATCH (n) RETURN n:Person, n:A:B", nullptr},
      {"RETURN [1, 2, 3], [], [[1], [2, [3]]]", nullptr},
      {"RETURN {a: 1, `b c`: 'x', return: [1]}, {}", nullptr},
      {"RETURN list[0], list[1..2], list[..2], list[1..], list[-1]", nullptr},
      {"RETURN f(x), f(), ns.f(1, 2), date.truncate('day', d), count(*), COUNT(*)",
       "RETURN f(x), f(), ns.f(1, 2), date.truncate('day', d), count(*), count(*)"},
      {"RETURN count(DISTINCT x), collect(distinct x.name)",
       "RETURN count(DISTINCT x), collect(DISTINCT x.name)"},
      {"RETURN CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END", nullptr},
      {"RETURN CASE WHEN x < 0 THEN -1 WHEN x > 0 THEN 1 END", nullptr},
      {"RETURN [x IN list WHERE x > 1 | x * 2], [x IN list WHERE x > 1], [x IN list | x], [x IN "
       "list]",
       nullptr},
      {"RETURN all(x IN l WHERE x > 0), any(x IN l WHERE x), none(x IN l WHERE x), single(x IN l "
       "WHERE x)",
       nullptr},
      {"RETURN ANY(x IN l WHERE x)", "RETURN any(x IN l WHERE x)"},
      {"MATCH (a) RETURN [(a)-->(b) | b.name], [p = (a)-[:R]->() WHERE a.x | p]", nullptr},
      {"MATCH (a) WHERE (a)-[:R]->() AND NOT (a)<--(:B) RETURN a", nullptr},
      {"MATCH (a) WHERE exists((a)-->()) AND exists(a.name) RETURN a", nullptr},
      {"MATCH (a) WHERE EXISTS { (a)-->(b) WHERE b.x = 1 } RETURN a", nullptr},
      {"MATCH (a) WHERE exists { MATCH (a)-->(b) RETURN b } RETURN a",
       "MATCH (a) WHERE EXISTS { MATCH (a)-->(b) RETURN b } RETURN a"},
      {"MATCH (a) WHERE EXISTS { MATCH (a)-->(b) } RETURN a", nullptr},
      {"RETURN a STARTS WITH 'x', a ENDS WITH 'y', a CONTAINS 'z', a =~ 'r.*', a IN [1]", nullptr},
      {"RETURN a IS NULL, a IS NOT NULL, a.b IS NULL", nullptr},
      {"RETURN 1+2*3", "RETURN 1 + 2 * 3"},
      {"RETURN (1 + 2) * 3", nullptr},
      {"RETURN 1 - (2 - 3), (1 - 2) - 3", "RETURN 1 - (2 - 3), 1 - 2 - 3"},
      {"RETURN 2 ^ 3 ^ 2, 2 ^ (3 ^ 2)", nullptr},
      {"RETURN -x, - -x, -(-1), -(1), +x", "RETURN -x, - -x, -(-1), -(1), +x"},
      {"RETURN a < b <= c, (a = b) = c, a = (b = c)", nullptr},
      {"RETURN NOT a, NOT NOT a, NOT (a AND b), NOT a AND b", nullptr},
      {"RETURN a OR b XOR c AND d", nullptr},
      {"RETURN (a OR b) AND c", nullptr},
      {"RETURN (a + b).c, (a)[0], (-1)[0]", "RETURN (a + b).c, a[0], -1[0]"},
      {"RETURN `weird var`, `a``b`", nullptr},
      {"RETURN `return`", nullptr},
      {"MATCH (n:``) RETURN {``: 1}, n.``", nullptr},
      {"RETURN `plain`", "RETURN plain"},
  };
  for (const auto& c : cases) checkRoundTrip(c);
}

TEST_CASE("operators group as openCypher specifies") {
  CHECK(grouping("a OR b AND c") == "a OR (b AND c)");
  CHECK(grouping("a AND b OR c") == "(a AND b) OR c");
  CHECK(grouping("a XOR b OR c") == "(a XOR b) OR c");
  CHECK(grouping("a OR b XOR c") == "a OR (b XOR c)");
  CHECK(grouping("a XOR b AND c") == "a XOR (b AND c)");
  CHECK(grouping("NOT a AND b") == "(NOT a) AND b");
  CHECK(grouping("NOT a = b") == "NOT (a = b)");
  CHECK(grouping("NOT NOT a") == "NOT (NOT a)");
  CHECK(grouping("a = b AND c <> d") == "(a = b) AND (c <> d)");
  CHECK(grouping("a < b < c") == "a < b < c");
  CHECK(grouping("a + 1 < b * 2") == "(a + 1) < (b * 2)");
  CHECK(grouping("a = b IS NULL") == "a = (b IS NULL)");
  CHECK(grouping("a + b IS NULL") == "(a + b) IS NULL");
  CHECK(grouping("a IN b IN c") == "(a IN b) IN c");
  CHECK(grouping("a + b IN c") == "(a + b) IN c");
  CHECK(grouping("x STARTS WITH a + b") == "x STARTS WITH (a + b)");
  CHECK(grouping("x =~ a + b") == "x =~ (a + b)");
  CHECK(grouping("a = b STARTS WITH c") == "a = (b STARTS WITH c)");
  CHECK(grouping("a IS NULL = b") == "(a IS NULL) = b");
  CHECK(grouping("a IS NOT NULL AND b") == "(a IS NOT NULL) AND b");
  CHECK(grouping("1 + 2 * 3") == "1 + (2 * 3)");
  CHECK(grouping("1 * 2 + 3") == "(1 * 2) + 3");
  CHECK(grouping("1 - 2 - 3") == "(1 - 2) - 3");
  CHECK(grouping("8 / 4 / 2") == "(8 / 4) / 2");
  CHECK(grouping("7 % 3 * 2") == "(7 % 3) * 2");
  CHECK(grouping("2 * 3 ^ 2") == "2 * (3 ^ 2)");
  // openCypher: ^ is left-associative, and a prefix minus binds tighter than ^.
  CHECK(grouping("2 ^ 3 ^ 2") == "(2 ^ 3) ^ 2");
  CHECK(grouping("-3 ^ 2") == "-3 ^ 2");  // the literal -3
  CHECK(grouping("-x ^ 2") == "(-x) ^ 2");
  CHECK(grouping("2 ^ -x") == "2 ^ (-x)");
  CHECK(grouping("-x * y") == "(-x) * y");
  CHECK(grouping("- x.y") == "-x.y");
  CHECK(grouping("-x[0]") == "-x[0]");
  CHECK(grouping("a.b.c") == "a.b.c");
  CHECK(grouping("a.b[0].c") == "a.b[0].c");
  CHECK(grouping("n:A AND m:B") == "n:A AND m:B");
  CHECK(grouping("NOT n:A") == "NOT n:A");
  CHECK(grouping("a OR b OR c") == "(a OR b) OR c");
  CHECK(grouping("(a OR b) AND (c OR d)") == "(a OR b) AND (c OR d)");
}

TEST_CASE("the tree has the expected shape") {
  SUBCASE("comparison chains") {
    const ParseResult r = parse("RETURN 1 < x <= 3");
    const auto* chain = returnedExpr(r).as<ComparisonChain>();
    REQUIRE(chain);
    CHECK(chain->ops == std::vector<BinaryOp>{BinaryOp::LT, BinaryOp::LE});
    CHECK(chain->operands.size() == 3);
    CHECK(returnedExpr(parse("RETURN 1 < x")).as<Binary>());
  }
  SUBCASE("negative literals fold") {
    const ParseResult r = parse("RETURN -9223372036854775808, -1.5, - 2");
    CHECK(std::get<int64_t>(returnedExpr(r, 0).as<Literal>()->value) == INT64_MIN);
    CHECK(std::get<double>(returnedExpr(r, 1).as<Literal>()->value) == -1.5);
    CHECK(std::get<int64_t>(returnedExpr(r, 2).as<Literal>()->value) == -2);
  }
  SUBCASE("relationship patterns") {
    const ParseResult r = parse("MATCH (a:A)<-[r:X|Y*2..]-(b)-[*..4]-(c)-->(d) RETURN a");
    const auto& match = std::get<Match>(parsed(r).parts[0].clauses[0].node);
    const PatternElement& e = match.pattern[0].element;
    REQUIRE(e.nodes.size() == 4);
    REQUIRE(e.relationships.size() == 3);
    CHECK(e.nodes[0].labels == std::vector<std::string>{"A"});
    CHECK(e.relationships[0].direction == RelDirection::INCOMING);
    CHECK(e.relationships[0].variable == "r");
    CHECK(e.relationships[0].types == std::vector<std::string>{"X", "Y"});
    CHECK(e.relationships[0].length->min == 2u);
    CHECK(!e.relationships[0].length->max);
    CHECK(e.relationships[1].direction == RelDirection::UNDIRECTED);
    CHECK(!e.relationships[1].length->min);
    CHECK(e.relationships[1].length->max == 4u);
    CHECK(e.relationships[2].direction == RelDirection::OUTGOING);
    CHECK(!e.relationships[2].length);
  }
  SUBCASE("set items") {
    const ParseResult r = parse("MATCH (n) SET n.a = 1, n = {}, n += {}, n:L");
    const auto& set = std::get<Set>(parsed(r).parts[0].clauses[1].node);
    REQUIRE(set.items.size() == 4);
    CHECK(set.items[0].kind == SetKind::PROPERTY);
    CHECK(set.items[0].target->as<PropertyAccess>()->key == "a");
    CHECK(set.items[1].kind == SetKind::REPLACE_PROPERTIES);
    CHECK(set.items[2].kind == SetKind::MERGE_PROPERTIES);
    CHECK(set.items[3].kind == SetKind::LABELS);
    CHECK(set.items[3].variable == "n");
    CHECK(set.items[3].labels == std::vector<std::string>{"L"});
  }
  SUBCASE("projection items keep their source text for column names") {
    const ParseResult r = parse("RETURN n.x+1 ,  count( * ) AS c, 'a'");
    const auto& items = std::get<Return>(parsed(r).parts[0].clauses[0].node).projection.items;
    CHECK(items[0].text == "n.x+1");
    CHECK(items[0].alias.empty());
    CHECK(items[1].text == "count( * )");
    CHECK(items[1].alias == "c");
    CHECK(items[2].text == "'a'");
  }
  SUBCASE("positions are 1-based lines and columns, in characters") {
    const ParseResult r = parse("MATCH (n)\n  WHERE n.é = 'ü' AND x\nRETURN n");
    const auto& match = std::get<Match>(parsed(r).parts[0].clauses[0].node);
    const Binary* andOp = match.where->as<Binary>();
    REQUIRE(andOp);
    CHECK(match.where->pos.line == 2);
    CHECK(match.where->pos.column == 19);  // the AND
    CHECK(andOp->right->pos.column == 23);
    CHECK(parsed(r).parts[0].clauses[1].pos.line == 3);
    CHECK(parsed(r).parts[0].clauses[1].pos.column == 1);
  }
  SUBCASE("union flags") {
    const ParseResult r = parse("RETURN 1 AS x UNION ALL RETURN 2 AS x");
    CHECK(parsed(r).parts.size() == 2);
    CHECK(parsed(r).unionAll == std::vector<bool>{true});
  }
  SUBCASE("forEachChild visits sub-expressions in source order") {
    const ParseResult r = parse("RETURN f(a, b + c, [d, (e)-[{k: g}]->(h {k: i})])");
    std::vector<std::string> names;
    std::function<void(const Expr&)> walk = [&](const Expr& e) {
      if (const auto* v = e.as<Variable>()) names.push_back(v->name);
      forEachChild(e, walk);
    };
    walk(returnedExpr(r));
    CHECK(names == std::vector<std::string>{"a", "b", "c", "d", "g", "i"});
  }
}

TEST_CASE("the lexer") {
  SUBCASE("keywords are identifiers compared without case") {
    const auto tokens = tokenize("mAtCh `MATCH`");
    CHECK(tokens[0].isKeyword("MATCH"));
    CHECK(!tokens[1].isKeyword("MATCH"));
    CHECK(tokens[1].text == "MATCH");
  }
  SUBCASE("operators") {
    const auto tokens = tokenize("=~ <> <= >= .. += --> <-[ | ^");
    std::vector<TokenKind> kinds;
    for (const auto& t : tokens) kinds.push_back(t.kind);
    CHECK(kinds == std::vector<TokenKind>{TokenKind::REGEX_MATCH, TokenKind::NE, TokenKind::LE,
                                          TokenKind::GE, TokenKind::DOTDOT, TokenKind::PLUS_EQ,
                                          TokenKind::MINUS, TokenKind::MINUS, TokenKind::GT,
                                          TokenKind::LT, TokenKind::MINUS, TokenKind::LBRACKET,
                                          TokenKind::PIPE, TokenKind::CARET, TokenKind::END});
  }
  SUBCASE("ranges are not floats") {
    const auto tokens = tokenize("*1..3");
    CHECK(tokens[1].kind == TokenKind::INTEGER);
    CHECK(tokens[2].kind == TokenKind::DOTDOT);
    CHECK(tokens[3].integer == 3);
  }
  SUBCASE("positions count characters and lines") {
    const auto tokens = tokenize("é\r\n  x /* c\n */ y // z\n\tw");
    CHECK(tokens[0].pos.line == 1);
    CHECK(tokens[1].pos.line == 2);
    CHECK(tokens[1].pos.column == 3);
    CHECK(tokens[2].pos.line == 3);
    CHECK(tokens[2].pos.column == 5);
    CHECK(tokens[3].pos.line == 4);
    CHECK(tokens[3].pos.column == 2);
  }
  SUBCASE("unicode letters make names, unicode spaces separate") {
    const auto tokens = tokenize("naïve\u00a0日本");
    CHECK(tokens[0].text == "naïve");
    CHECK(tokens[1].text == "日本");
  }
}

namespace {

struct ErrorCase {
  const char* input;
  uint32_t line;
  uint32_t column;
  const char* message;  // a part of the message
};

}  // namespace

TEST_CASE("syntax errors say what and where") {
  const ErrorCase cases[] = {
      {"", 1, 1, "expected a clause (MATCH, RETURN, CREATE, ...), but found end of input"},
      {"MATCH (n", 1, 9,
       "expected a label, a property map or ')' in the node pattern, but found "
       "end of input"},
      {"MATCH (n:) RETURN n", 1, 10, "expected a label name after ':', but found ')'"},
      {"MATCH (n) RETRUN n", 1, 11,
       "expected a clause, UNION or the end of the query, but found "
       "'RETRUN'"},
      {"MATCH (n)\nWHERE n.x =\nRETURN n", 3, 1, "expected an expression, but found 'RETURN'"},
      {"RETURN 1 +", 1, 11, "expected an expression, but found end of input"},
      {"RETURN (1 + 2", 1, 14, "expected ')', but found end of input"},
      {"RETURN [1, 2", 1, 13, "expected ',' or ']' in the list"},
      {"RETURN {a 1}", 1, 11, "expected ':' after the map key, but found number 1"},
      {"RETURN {1: 2}", 1, 9, "expected a key name in the map, but found number 1"},
      {"RETURN {, }", 1, 9, "expected a key name in the map, but found ','"},
      {"RETURN [, ]", 1, 9, "expected an expression, but found ','"},
      {"RETURN f(1 2)", 1, 12, "expected ',' or ')' after an argument of f()"},
      {"RETURN CASE WHEN 1 THEN 2", 1, 26, "expected WHEN, ELSE or END"},
      {"RETURN CASE END", 1, 13, "expected an expression or WHEN after CASE"},
      {"RETURN a IS 1", 1, 13, "expected NULL or NOT NULL after IS"},
      {"RETURN a STARTS 'x'", 1, 17, "expected WITH, but found string 'x'"},
      {"MATCH (a)-[r:]->(b) RETURN a", 1, 14, "expected a relationship type after ':'"},
      {"MATCH (a)-[*-2]->(b) RETURN a", 1, 13, "in the relationship pattern, but found '-'"},
      {"MATCH (a)-[:R..]->(b) RETURN a", 1, 14, "but found '..'"},
      {"MATCH (a)-[r]>(b) RETURN a", 1, 14, "expected '-' to end the relationship pattern"},
      {"MATCH (n) RETURN n MATCH (m)", 1, 20, "RETURN must be the last clause"},
      {"MATCH (n)", 1, 10, "a query cannot end with MATCH"},
      {"MATCH (n) WITH n", 1, 17, "a query cannot end with WITH"},
      {"CREATE (n) MATCH (m) RETURN m", 1, 12, "MATCH cannot follow CREATE without a WITH"},
      {"MATCH (n) SET n RETURN n", 1, 15, "expected a property (n.key), a variable or a label"},
      {"MATCH (n) SET n[0] = 1", 1, 15, "expected a property (n.key), a variable or a label"},
      {"MATCH (n) REMOVE n", 1, 18, "expected a property (n.key) or a label (n:Label)"},
      {"MATCH (n) RETURN n AS WHERE", 1, 23, "a reserved word must be written in backticks"},
      {"MATCH (n) RETURN WHERE", 1, 18, "expected an expression, but found 'WHERE'"},
      {"UNWIND [1] AS RETURN x", 1, 15, "expected a variable name after AS"},
      {"RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a", 1, 35,
       "UNION and UNION ALL cannot be mixed"},
      {"CALL p.q YIELD x RETURN x", 1, 1, "needs an argument list"},
      {"CALL p.q() YIELD * RETURN x", 1, 1, "YIELD * is only allowed"},
      {"MATCH (n) WHERE EXISTS { MATCH (n) SET n.x = 1 } RETURN n", 1, 36,
       "an EXISTS subquery cannot update"},
      {"RETURN 9223372036854775808", 1, 8, "the integer 9223372036854775808 is too large"},
      {"RETURN -9223372036854775809", 1, 9, "is too large"},
      {"RETURN 0x8000000000000000", 1, 8, "is too large"},
      {"RETURN 1.34E999", 1, 8, "the number 1.34E999 is too large"},
      {"RETURN 0x", 1, 8, "invalid number literal '0x'"},
      {"RETURN 0x1A2b3j4D5E6f7", 1, 8, "invalid number literal '0x1A2b3j4D5E6f7'"},
      {"RETURN 9223372h54775808", 1, 8, "invalid number literal '9223372h54775808'"},
      {"RETURN 0o8", 1, 8, "invalid number literal"},
      {"RETURN 0123", 1, 8, "write octal numbers as 0o123"},
      {"RETURN 'abc", 1, 8, "the string starting here is not closed"},
      {"RETURN 'a\\qb'", 1, 10, "unknown escape sequence '\\q'"},
      {"RETURN '\\uH'", 1, 9, "invalid Unicode escape"},
      {"RETURN '\\uD800'", 1, 9, "invalid Unicode escape"},
      {"RETURN `abc", 1, 8, "the name in backticks starting here is not closed"},
      {"MATCH (``) RETURN 1", 1, 8, "expected a variable, a label, a property map or ')'"},
      {"RETURN 1 /* never closed", 1, 10, "the comment starting here is not closed"},
      {"RETURN 42 — 41", 1, 11, "unexpected character '—' (U+2014)"},
      {"RETURN a != b", 1, 10, "'!=' is not Cypher: write '<>'"},
      {"RETURN $", 1, 8, "expected a parameter name after '$'"},
      {"RETURN 1 RETURN 2", 1, 10, "RETURN must be the last clause"},
      {"RETURN \xff", 1, 8, "not valid UTF-8"},
      {"MATCH (n) RETURN n;;", 1, 20, "expected the end of the query, but found ';'"},
      {"RETURN [x IN l, 1]", 1, 15, "expected WHERE, '|' or ']' in the list comprehension"},
      {"MATCH (a) RETURN [(a)-->(b)]", 1, 28, "expected WHERE or '|' in the pattern comprehension"},
      {"MERGE (n) ON DELETE SET n.x = 1", 1, 14, "expected CREATE or MATCH after ON"},
  };
  for (const auto& c : cases) {
    const std::string input = c.input;
    CAPTURE(input);
    const ParseResult r = parse(c.input);
    REQUIRE(!r.ok());
    CHECK(r.error().line == c.line);
    CHECK(r.error().column == c.column);
    CHECK_MESSAGE(r.error().message.find(c.message) != std::string::npos, r.error().message);
  }
}

TEST_CASE("syntax errors carry the TCK's detail code") {
  const struct {
    const char* input;
    const char* code;
  } cases[] = {
      {"RETURN 9223372036854775808", "IntegerOverflow"},
      {"RETURN 0x8000000000000000", "IntegerOverflow"},
      {"RETURN 12abc", "InvalidNumberLiteral"},
      {"RETURN 0x1G", "InvalidNumberLiteral"},
      {"RETURN 1e999", "FloatingPointOverflow"},
      {"RETURN '\\u12'", "InvalidUnicodeLiteral"},
      {"RETURN 1 \u2212 2", "InvalidUnicodeCharacter"},
      {"RETURN 1 UNION RETURN 1 UNION ALL RETURN 1", "InvalidClauseComposition"},
      {"CREATE (n) MATCH (m) RETURN m", "InvalidClauseComposition"},
      {"MATCH (a)-[:T 1..2]->(b) RETURN b", "InvalidRelationshipPattern"},
      {"MATCH (n) CALL db.labels YIELD label RETURN label", "InvalidArgumentPassingMode"},
      {"MATCH (n) CALL db.labels() YIELD * RETURN 1", "UnexpectedSyntax"},
      {"RETURN (", "UnexpectedSyntax"},
  };
  for (const auto& c : cases) {
    const std::string input = c.input;
    CAPTURE(input);
    const ParseResult r = parse(c.input);
    REQUIRE(!r.ok());
    CHECK(r.error().code == c.code);
  }
}

TEST_CASE("errors are rendered with the source line and a caret") {
  const std::string text = "MATCH (n)\n\tWHERE n.x = = 1\nRETURN n";
  const ParseResult r = parse(text);
  REQUIRE(!r.ok());
  CHECK(r.error().line == 2);
  CHECK(r.error().column == 14);
  CHECK(r.error().caretLine() == std::string(13, ' ') + "^");
  CHECK(r.error().format(text) ==
        "line 2, column 14: expected an expression, but found '='\n"
        "\tWHERE n.x = = 1\n"
        "\t            ^");
  const std::string crlf = "RETURN 1,\r\n  )";
  const ParseResult r2 = parse(crlf);
  REQUIRE(!r2.ok());
  CHECK(r2.error().format(crlf) ==
        "line 2, column 3: expected an expression, but found ')'\n"
        "  )\n"
        "  ^");
}

TEST_CASE("nesting is limited, not a crash") {
  const auto nested = [](const std::string& open, const std::string& core, const std::string& close,
                         size_t depth) {
    std::string text = "RETURN ";
    for (size_t i = 0; i < depth; ++i) text += open;
    text += core;
    for (size_t i = 0; i < depth; ++i) text += close;
    return text;
  };
  // Well within the limit.
  CHECK(parse(nested("(", "1", ")", 100)).ok());
  CHECK(parse(nested("[", "1", "]", 100)).ok());
  CHECK(parse(nested("{a: ", "1", "}", 100)).ok());
  CHECK(parse(nested("f(", "1", ")", 100)).ok());
  // Far past it: refused with a message, whatever the construct.
  const std::string deep[] = {
      nested("(", "1", ")", 100000),
      nested("[", "1", "]", 100000),
      nested("{a: ", "1", "}", 100000),
      nested("f(", "1", ")", 100000),
      nested("CASE WHEN ", "1", " THEN 1 END", 100000),
      nested("[x IN ", "1", "]", 100000),
      nested("- ", "x", "", 100000),
      nested("NOT ", "x", "", 100000),
      nested("", "x", ".a", 100000),
      nested("", "x", "[0]", 100000),
      nested("", "1", " + 1", 100000),
      nested("", "1", " ^ 1", 100000),
      nested("", "a", " OR b", 100000),
      nested("", "a", " IS NULL", 100000),
      nested("EXISTS { MATCH (n) WHERE ", "true", " }", 100000),
      nested("(", "", "", 100000),
      "MATCH " + nested("(", "(a)", ")", 100000).substr(7) + " RETURN a",
  };
  for (const auto& text : deep) {
    CAPTURE(text.substr(0, 40));
    const ParseResult r = parse(text);
    REQUIRE(!r.ok());
    CHECK(r.error().message.find("nests too deeply") != std::string::npos);
  }
  // Long flat constructs are not nesting.
  std::string list = "RETURN [0";
  for (int i = 1; i < 100000; ++i) list += ", " + std::to_string(i);
  CHECK(parse(list + "]").ok());
  std::string chain = "MATCH (n0)";
  for (int i = 1; i < 10000; ++i) chain += "-->(n" + std::to_string(i) + ")";
  CHECK(parse(chain + " RETURN n0").ok());
}

namespace {

// Valid queries to mangle in the fuzz test.
const char* const SEEDS[] = {
    "MATCH (n:Person {name: 'Ann'})-[r:KNOWS*1..3]->(m) WHERE n.age > 30 AND m.x IS NOT NULL "
    "RETURN n.name AS name, count(DISTINCT m) ORDER BY name DESC SKIP 1 LIMIT 10",
    "UNWIND [1, 2.5, 'x', null, true, {a: [1, 2]}] AS v WITH v WHERE v IS NOT NULL RETURN v",
    "MERGE (a:A {id: $id}) ON CREATE SET a.c = 1 ON MATCH SET a += {m: 2}, a:B REMOVE a.z",
    "MATCH p = shortestPath((a)-[*..5]-(b)) RETURN [x IN nodes(p) WHERE x:Hub | x.name]",
    "MATCH (a) WHERE EXISTS { (a)<--(b) WHERE b.k =~ 'x.*' } RETURN CASE a.k WHEN 1 THEN 'a' "
    "ELSE 'b' END",
    "CALL db.labels() YIELD label WHERE label STARTS WITH 'A' RETURN label UNION ALL RETURN 'z' "
    "AS label",
    "MATCH (a)-->(b) DETACH DELETE a WITH b RETURN all(x IN [1, 2] WHERE x > 0), -2 ^ 3 % 4",
    "RETURN [(a)-[:R|:S {w: 1}]->(c) | c.v][0..2], {k: date.truncate('day', $d)}.k, 0x1F, .5e3",
};

std::string mutate(std::string text, std::mt19937& rng) {
  static const std::string PIECES[] = {
      "(",    ")",        "[",     "]",   "{",      "}",       "-",
      "->",   "<-",       "*",     "..",  ":",      ",",       ".",
      "'",    "\"",       "`",     "$",   "|",      "=",       " ",
      "\n",   "/*",       "//",    "\\",  "MATCH ", "RETURN ", "WHERE ",
      "NOT ", "EXISTS {", "CASE ", "END", "0x",     "1e",      "9999999999999999999",
      "\xc3", "\xff",     "—"};
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits && !text.empty(); ++e) {
    const size_t at = rng() % text.size();
    switch (rng() % 4) {
      case 0:
        text.erase(at, 1 + rng() % 8);
        break;
      case 1:
        text.insert(at, PIECES[rng() % std::size(PIECES)]);
        break;
      case 2:
        text[at] = static_cast<char>(rng() % 256);
        break;
      default: {  // duplicate a slice
        const size_t from = rng() % text.size();
        text.insert(at, text.substr(from, 1 + rng() % 20));
      }
    }
  }
  return text;
}

// Whatever parses must print to text that parses to the same canonical form.
void checkStable(const std::string& text) {
  const ParseResult r = parse(text);
  if (!r.ok()) {
    CHECK(r.error().line >= 1);
    CHECK(r.error().column >= 1);
    CHECK(!r.error().message.empty());
    (void)r.error().format(text);
    return;
  }
  const std::string printed = print(r.query());
  const ParseResult again = parse(printed);
  REQUIRE_MESSAGE(again.ok(), text << "\nprinted as\n" << printed);
  CHECK(print(again.query()) == printed);
}

}  // namespace

TEST_CASE("random input never crashes or hangs the parser") {
  std::mt19937 rng(20240611);
  SUBCASE("random bytes") {
    for (int i = 0; i < 20000; ++i) {
      std::string text(rng() % 120, ' ');
      for (char& c : text) c = static_cast<char>(rng() % 256);
      checkStable(text);
    }
  }
  SUBCASE("random strings of Cypher's characters") {
    const std::string alphabet = "()[]{}<>-=~+*/%^.,:;|$'\"`\\ \n\tnaMRTE01x";
    for (int i = 0; i < 20000; ++i) {
      std::string text(rng() % 80, ' ');
      for (char& c : text) c = alphabet[rng() % alphabet.size()];
      checkStable(text);
    }
  }
  SUBCASE("mutated valid queries") {
    for (const char* seed : SEEDS) {
      CAPTURE(seed);
      REQUIRE(parse(seed).ok());
      checkStable(seed);
      for (int i = 0; i < 3000; ++i) checkStable(mutate(seed, rng));
    }
  }
}

TEST_CASE("reduce() and map projections print as they parse") {
  CHECK(canon("RETURN REDUCE(s=0,x IN [1,2]|s+x)") == "RETURN reduce(s = 0, x IN [1, 2] | s + x)");
  CHECK(canon("MATCH (n) RETURN n{.name,.*,k:1+2,m}") ==
        "MATCH (n) RETURN n {.name, .*, k: 1 + 2, m}");
  CHECK(canon("RETURN n {}") == "RETURN n {}");
  // A reduce() without its accumulator is a function call (refused later as unknown).
  CHECK(canon("RETURN reduce(1, 2)") == "RETURN reduce(1, 2)");
  for (const char* bad : {"RETURN reduce(s = 0, x IN [1])", "RETURN reduce(s = 0 x IN [1] | s)",
                          "RETURN n {.}", "RETURN n {1: 2}", "RETURN n {.a,}"}) {
    CAPTURE(bad);
    CHECK(canon(bad).rfind("ERROR", 0) == 0);
  }
  checkStable("WITH {a: 1} AS m RETURN m {.a, b: reduce(t = 0, y IN [m.a] | t + y)}");
}

TEST_CASE("FOREACH prints as it parses and is an updating clause") {
  CHECK(canon("foreach(x in [1,2]|create (:A {v:x}) set x.y=1)") ==
        "FOREACH (x IN [1, 2] | CREATE (:A {v: x}) SET x.y = 1)");
  CHECK(canon("MATCH (n) FOREACH (x IN [n] | FOREACH (y IN [1] | DELETE x))") ==
        "MATCH (n) FOREACH (x IN [n] | FOREACH (y IN [1] | DELETE x))");
  // Updating, so a reading clause may not follow it without WITH, and EXISTS may not hold it.
  CHECK(canon("FOREACH (x IN [1] | CREATE ()) MATCH (n) RETURN n").rfind("ERROR", 0) == 0);
  CHECK(canon("MATCH (n) WHERE EXISTS { FOREACH (x IN [1] | CREATE ()) } RETURN n")
            .rfind("ERROR", 0) == 0);
  checkStable("UNWIND [1] AS i FOREACH (x IN range(1, i) | MERGE (:B {i: x}))");
}

TEST_CASE("CALL { subquery } prints as it parses") {
  CHECK(canon("MATCH (p) CALL {WITH p MATCH (p)-->(f) RETURN f} RETURN f") ==
        "MATCH (p) CALL { WITH p MATCH (p)-->(f) RETURN f } RETURN f");
  CHECK(canon("CALL { RETURN 1 AS x UNION RETURN 2 AS x } RETURN x") ==
        "CALL { RETURN 1 AS x UNION RETURN 2 AS x } RETURN x");
  CHECK(canon("UNWIND [1] AS i CALL { WITH i CREATE () }") ==
        "UNWIND [1] AS i CALL { WITH i CREATE () }");
  // An EXISTS subquery inside CALL { } still may not update.
  CHECK(
      canon("CALL { MATCH (n) WHERE EXISTS { CREATE () } RETURN n } RETURN n").rfind("ERROR", 0) ==
      0);
  CHECK(canon("CALL { RETURN 1 AS x RETURN 1").rfind("ERROR", 0) == 0);
  checkStable("MATCH (a) CALL { WITH a MATCH (a)--(b) RETURN count(b) AS n } RETURN a, n");
}

TEST_CASE("label alternatives on nodes print as they parse") {
  CHECK(canon("MATCH (n:A|:B|C) RETURN n") == "MATCH (n:A|B|C) RETURN n");
  CHECK(canon("MATCH (n:`a b`|B {k: 1})-[:R|S]->() RETURN n") ==
        "MATCH (n:`a b`|B {k: 1})-[:R|S]->() RETURN n");
  CHECK(canon("MATCH (n:A:B|C) RETURN n").rfind("ERROR", 0) == 0);
  checkStable("MATCH (n:A|B) WHERE (n)-->(:C|D) RETURN [(n)-->(m:E|F) | m] AS ms");
}
