// The Cypher engine end to end on a scratch store: reading, writing, aggregation, paths,
// procedures and errors. The openCypher TCK (tests/tck) covers the language broadly; these
// cases pin down CaseGraph's own behaviour and the plan choices.
#include <doctest/doctest.h>

#include "query/cypher/exec/execute.h"
#include "test-util.h"

using namespace casegraph;
using namespace casegraph::cypher;

namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& rows) {
    std::string s = "{";
    for (const auto& r : rows) s += "\n  " + r;
    return (s + "}").c_str();
  }
};
}  // namespace doctest

namespace {

struct Db {
  test::TempDir dir;
  std::unique_ptr<GraphStore> store = GraphStore::open({.path = dir.path(), .noSync = true});

  QueryResult run(const std::string& q, const QMap& params = {}) {
    return runQuery(*store, q, params);
  }
  // Rows formatted as the TCK writes values, one string per row: "1 | 'a'".
  std::vector<std::string> rows(const std::string& q, const QMap& params = {}) {
    std::vector<std::string> out;
    runQuery(*store, q, params, {}, {}, [&](const QList& row, const Reader& r) {
      std::string s;
      for (size_t i = 0; i < row.size(); ++i) s += (i ? " | " : "") + formatTck(row[i], r);
      out.push_back(s);
      return true;
    });
    return out;
  }
  // The error with its phase: "compile SyntaxError/X", "runtime TypeError/Y" or "no error".
  std::string phasedError(const std::string& q, const QMap& params = {}) {
    try {
      run(q, params);
    } catch (const QueryError& e) {
      return std::string(e.phase() == ErrorPhase::COMPILE ? "compile " : "runtime ") + e.kind() +
             "/" + e.code();
    }
    return "no error";
  }
  // As phasedError() without the phase: "SyntaxError/X".
  std::string error(const std::string& q, const QMap& params = {}) {
    const std::string e = phasedError(q, params);
    return e == "no error" ? e : e.substr(e.find(' ') + 1);
  }
};

using Rows = std::vector<std::string>;

}  // namespace

TEST_CASE("create, match and return") {
  Db db;
  auto r = db.run(
      "CREATE (a:Person {name: 'Ann', age: 31})-[:KNOWS {since: 2019}]->"
      "(b:Person {name: 'Bob'}) RETURN a.name, b.name");
  CHECK(r.columns == std::vector<std::string>{"a.name", "b.name"});
  CHECK(r.stats.nodesCreated == 2);
  CHECK(r.stats.relationshipsCreated == 1);
  CHECK(db.rows("MATCH (a)-[r:KNOWS]->(b) RETURN a.name, r.since, b.name") ==
        Rows{"'Ann' | 2019 | 'Bob'"});
  CHECK(db.rows("MATCH (a)<-[:KNOWS]-(b) RETURN a.name, b.name") == Rows{"'Bob' | 'Ann'"});
  CHECK(db.rows("MATCH (a)-[:KNOWS]-(b) RETURN a.name ORDER BY a.name") == Rows{"'Ann'", "'Bob'"});
  CHECK(db.rows("MATCH (p:Person {name: 'Ann'}) RETURN p") ==
        Rows{"(:Person {age: 31, name: 'Ann'})"});
  CHECK(db.rows("MATCH (p:Person) WHERE p.age > 30 RETURN count(*)") == Rows{"1"});
  CHECK(db.rows("MATCH p = (:Person {name: 'Bob'})<-[:KNOWS]-() RETURN p") ==
        Rows{"<(:Person {name: 'Bob'})<-[:KNOWS {since: 2019}]-(:Person {age: 31, name: 'Ann'})>"});
}

TEST_CASE("expressions") {
  Db db;
  CHECK(db.rows("RETURN 1 + 2 * 3, 7 / 2, 7.0 / 2, 2 ^ 3, -5 % 3") ==
        Rows{"7 | 3 | 3.5 | 8.0 | -2"});
  CHECK(db.rows("RETURN null = 1, null OR true, null AND false, NOT null") ==
        Rows{"null | true | false | null"});
  CHECK(db.rows("RETURN 'abc' STARTS WITH 'a', 'abc' =~ 'a.c', 'abc' CONTAINS 'd'") ==
        Rows{"true | true | false"});
  CHECK(db.rows("RETURN [x IN range(1, 5) WHERE x % 2 = 1 | x * 10], [1, 2, 3][1..], "
                "[1, 2, 3][-1]") == Rows{"[10, 30, 50] | [2, 3] | 3"});
  CHECK(db.rows("RETURN CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END, coalesce(null, 3), "
                "toUpper('x'), split('a,b', ',')") == Rows{"'b' | 3 | 'X' | ['a', 'b']"});
  CHECK(db.rows("RETURN all(x IN [1, 2] WHERE x > 0), any(x IN [] WHERE x > 0), 1 < 2 < 3") ==
        Rows{"true | false | true"});
  CHECK(db.rows("RETURN $p + 1", {{"p", QValue(int64_t{41})}}) == Rows{"42"});
  CHECK(db.rows("RETURN {a: 1, b: [true]}.b") == Rows{"[true]"});
}

TEST_CASE("reduce() folds a list; its variables live inside it") {
  Db db;
  CHECK(db.rows("RETURN reduce(s = 0, x IN range(1, 10) | s + x), "
                "reduce(w = '', c IN ['a', 'b', 'c'] | w + c), reduce(s = 0, x IN null | s + x), "
                "reduce(s = 1, x IN [] | s * x)") == Rows{"55 | 'abc' | null | 1"});
  // Nested, shadowing an outer name, and over an aggregate's result.
  CHECK(db.rows("WITH 100 AS x RETURN x, reduce(s = 0, x IN [[1, 2], [3]] | "
                "s + reduce(t = 0, y IN x | t + y))") == Rows{"100 | 6"});
  db.run("UNWIND [1, 2, 3] AS i CREATE (:R {v: i})");
  CHECK(db.rows("MATCH (r:R) RETURN reduce(s = 0, v IN collect(r.v) | s + v) = sum(r.v)") ==
        Rows{"true"});
  CHECK(db.error("RETURN reduce(s = 0, x IN [1] | s + y)") == "SyntaxError/UndefinedVariable");
  CHECK(db.error("RETURN reduce(s = 0, x IN [1] | count(x))") == "SyntaxError/InvalidAggregation");
  CHECK(db.error("RETURN reduce(s = 0, x IN 5 | s + x)") == "TypeError/InvalidArgumentType");
  CHECK(db.error("RETURN s") == "SyntaxError/UndefinedVariable");
}

TEST_CASE("points: construction, fields, distance, equality; not stored") {
  Db db;
  CHECK(
      db.rows(
          "RETURN toString(point({x: 3, y: 4})), point({x: 1, y: 2}).y, "
          "point({longitude: 1.5, latitude: 2}).srid, point({longitude: 1.5, latitude: 2}).crs") ==
      Rows{"'point({srid:7203, x:3.0, y:4.0})' | 2.0 | 4326 | 'wgs-84'"});
  CHECK(db.rows("RETURN point.distance(point({x: 0, y: 0}), point({x: 3, y: 4})), "
                "distance(point({x: 0, y: 0}), point({x: 3, y: 4}))") == Rows{"5.0 | 5.0"});
  // One degree along a meridian: the earth's radius (6,378,140 m, as Neo4j) times pi / 180.
  CHECK(db.rows("RETURN round(point.distance(point({latitude: 0, longitude: 0}), "
                "point({latitude: 1, longitude: 0})) * 10) / 10") == Rows{"111319.5"});
  // Across the antimeridian the short way round; different systems or null: null.
  CHECK(db.rows("RETURN round(point.distance(point({latitude: 0, longitude: 179.5}), "
                "point({latitude: 0, longitude: -179.5})) / 1000), "
                "point.distance(point({x: 0, y: 0}), point({latitude: 0, longitude: 0})), "
                "point({x: null, y: 1})") == Rows{"111.0 | null | null"});
  CHECK(db.rows("RETURN point({x: 1, y: 2}) = point({x: 1.0, y: 2}), "
                "point({x: 1, y: 2}) = point({longitude: 1, latitude: 2}), "
                "size(collect(DISTINCT point({x: 1, y: 2})))") == Rows{"true | false | 1"});
  // Nearby: locations within a radius, as an investigator asks it.
  db.run(
      "CREATE (:L {n: 'a', lat: 41.8781, lon: -87.6298}), (:L {n: 'b', lat: 41.88, lon: -87.63}),"
      " (:L {n: 'c', lat: 42.0, lon: -87.0})");
  CHECK(db.rows("WITH point({latitude: 41.8781, longitude: -87.6298}) AS here MATCH (l:L) "
                "WHERE point.distance(point({latitude: l.lat, longitude: l.lon}), here) < 500 "
                "RETURN l.n ORDER BY l.n") == Rows{"'a'", "'b'"});
  CHECK(db.error("RETURN point({latitude: 95, longitude: 0})") ==
        "ArgumentError/InvalidArgumentValue");
  CHECK(db.error("RETURN point({x: 1, y: 2, z: 3})") == "ArgumentError/InvalidArgumentValue");
  CHECK(db.error("RETURN point({x: 1})") == "ArgumentError/InvalidArgumentValue");
  CHECK(db.error("RETURN point({x: 'a', y: 1})") == "TypeError/InvalidArgumentType");
  CHECK(db.error("RETURN point({x: 1, y: 2}).latitude") == "ArgumentError/InvalidArgumentValue");
  CHECK(db.error("RETURN point.distance(1, 2)") == "TypeError/InvalidArgumentType");
  CHECK(db.error("CREATE ({p: point({x: 1, y: 2})})") == "TypeError/InvalidPropertyType");
}

TEST_CASE("label alternatives (n:A|B) match nodes with any of the labels, each once") {
  Db db;
  db.run(
      "CREATE (p:Person {name: 'p'})-[:OWNS]->(:Vehicle {name: 'v'}), "
      "(p)-[:MEMBER_OF]->(:Organization {name: 'o'}), (:Person:Organization {name: 'both'}), "
      "(:Phone {name: 'x'})");
  CHECK(db.rows("MATCH (n:Person|Organization) RETURN n.name ORDER BY n.name") ==
        Rows{"'both'", "'o'", "'p'"});
  CHECK(db.rows("MATCH (n:Vehicle|:Phone) RETURN count(*)") == Rows{"2"});
  // Through the (label, key) index, at either end of a relationship, and as the distinct ends
  // of a variable-length pattern.
  CHECK(db.rows("MATCH (n:Organization|Person {name: 'both'}) RETURN count(*)") == Rows{"1"});
  CHECK(db.rows("MATCH (:Person {name: 'p'})-->(x:Vehicle|Organization) RETURN x.name "
                "ORDER BY x.name") == Rows{"'o'", "'v'"});
  CHECK(db.rows("MATCH (a:Person {name: 'p'})-[*1..2]-(b:Vehicle|Phone) "
                "RETURN count(DISTINCT b)") == Rows{"1"});
  CHECK(db.rows("MATCH (n) WHERE (n)-->(:Vehicle|Phone) RETURN n.name") == Rows{"'p'"});
  CHECK(db.rows("MATCH (n:Nope|Person {name: 'p'}) RETURN n.name") == Rows{"'p'"});
  CHECK(db.error("CREATE (:A|B)") == "SyntaxError/UnexpectedSyntax");
  CHECK(db.error("MERGE (n:A|B {k: 1})") == "SyntaxError/UnexpectedSyntax");
  CHECK(db.error("MATCH (n:A:B|C) RETURN n") == "SyntaxError/UnexpectedSyntax");
}

TEST_CASE("CALL { subquery } runs per row with the variables it imports") {
  Db db;
  db.run(
      "CREATE (a:P {name: 'a'})-[:K]->(:P {name: 'b'}), (a)-[:K]->(:P {name: 'c'}), "
      "(a)-[:K]->(:P {name: 'd'}), (:P {name: 'e'})");
  // Per row: the top two of each person's contacts; a row whose subquery returns nothing
  // is dropped, as with MATCH.
  CHECK(db.rows("MATCH (p:P) CALL { WITH p MATCH (p)-[:K]->(f) RETURN f.name AS friend "
                "ORDER BY friend DESC LIMIT 2 } RETURN p.name, friend ORDER BY friend") ==
        Rows{"'a' | 'c'", "'a' | 'd'"});
  // Aggregating inside counts per row; uncorrelated subqueries and UNION inside.
  CHECK(db.rows("MATCH (p:P) CALL { WITH p OPTIONAL MATCH (p)-[:K]->(f) RETURN count(f) AS n } "
                "RETURN p.name, n ORDER BY p.name LIMIT 2") == Rows{"'a' | 3", "'b' | 0"});
  CHECK(db.rows("CALL { RETURN 1 AS x UNION RETURN 2 AS x UNION RETURN 1 AS x } "
                "RETURN x ORDER BY x") == Rows{"1", "2"});
  CHECK(db.rows("CALL { RETURN 1 AS x UNION ALL RETURN 1 AS x } RETURN count(*)") == Rows{"2"});
  CHECK(db.rows("UNWIND [1, 2] AS i CALL { WITH * RETURN i * 10 AS j } RETURN i, j") ==
        Rows{"1 | 10", "2 | 20"});
  // A unit subquery (no RETURN) writes once per row and passes the row on.
  CHECK(db.rows("UNWIND [1, 2, 3] AS i CALL { WITH i CREATE (:U {i: i}) } RETURN sum(i)") ==
        Rows{"6"});
  db.run("UNWIND [4, 5] AS i CALL { WITH i MERGE (:U {i: i}) }");
  CHECK(db.rows("MATCH (u:U) RETURN count(*)") == Rows{"5"});
  // Errors: a returned name already bound, a name of the row bound anew without importing it,
  // a subquery that neither returns nor updates, mismatched UNION columns.
  CHECK(db.error("WITH 1 AS x CALL { RETURN 2 AS x } RETURN x") ==
        "SyntaxError/VariableAlreadyBound");
  CHECK(db.error("MATCH (p:P) CALL { MATCH (p) RETURN count(p) AS c } RETURN c") ==
        "SyntaxError/VariableShadowing");
  CHECK(db.error("CALL { MATCH (n) WITH n } RETURN 1") == "SyntaxError/InvalidClauseComposition");
  CHECK(db.error("CALL { RETURN 1 AS x UNION RETURN 2 AS y } RETURN 1") ==
        "SyntaxError/DifferentColumnsInUnion");
  CHECK(db.error("WITH 1 AS x CALL { RETURN y AS z } RETURN z") == "SyntaxError/UndefinedVariable");
}

TEST_CASE("FOREACH runs its updating clauses once per element") {
  Db db;
  db.run("FOREACH (n IN ['a', 'b', 'c'] | CREATE (:Tag {name: n}))");
  CHECK(db.rows("MATCH (t:Tag) RETURN t.name ORDER BY t.name") == Rows{"'a'", "'b'", "'c'"});
  // Rows pass on unchanged, once each; SET inside sees the element.
  CHECK(db.rows("MATCH (t:Tag) WITH collect(t) AS ts FOREACH (t IN ts | SET t.seen = true) "
                "RETURN size(ts)") == Rows{"3"});
  CHECK(db.rows("MATCH (t:Tag) WHERE t.seen RETURN count(*)") == Rows{"3"});
  // Nested, with MERGE: 1*10, 1*20, 2*10 (= 20, merged), 2*20.
  db.run("FOREACH (x IN [1, 2] | FOREACH (y IN [10, 20] | MERGE (:P {v: x * y})))");
  CHECK(db.rows("MATCH (p:P) RETURN p.v ORDER BY p.v") == Rows{"10", "20", "40"});
  // The conditional-write idiom, REMOVE and DETACH DELETE; null runs nothing.
  db.run(
      "MATCH (t:Tag) FOREACH (_ IN CASE WHEN t.name = 'b' THEN [1] ELSE [] END | "
      "REMOVE t.seen SET t:Picked)");
  CHECK(db.rows("MATCH (t:Picked) RETURN t.name, t.seen") == Rows{"'b' | null"});
  db.run("MATCH (t:Tag {name: 'c'}) FOREACH (x IN [t] | DETACH DELETE x)");
  db.run("FOREACH (x IN null | CREATE (:Never))");
  CHECK(db.rows("MATCH (t:Tag) RETURN count(*)") == Rows{"2"});
  CHECK(db.rows("MATCH (n:Never) RETURN count(*)") == Rows{"0"});
  // Errors: not a list, a bound name, what FOREACH binds is not seen after it, a reading
  // clause inside.
  CHECK(db.error("FOREACH (x IN 5 | CREATE (:Z))") == "TypeError/InvalidArgumentType");
  CHECK(db.error("WITH 1 AS x FOREACH (x IN [1] | CREATE (:Z))") ==
        "SyntaxError/VariableAlreadyBound");
  CHECK(db.error("FOREACH (x IN [1] | CREATE (z:Z)) RETURN z") == "SyntaxError/UndefinedVariable");
  CHECK(db.error("FOREACH (x IN [1] | MATCH (n) DELETE n)") == "SyntaxError/UnexpectedSyntax");
  CHECK(db.error("FOREACH (x IN [1] | )") == "SyntaxError/UnexpectedSyntax");
  CHECK(db.rows("MATCH (z:Z) RETURN count(*)") == Rows{"0"});
}

TEST_CASE("map projections select and add properties; the projected variable groups") {
  Db db;
  db.run(
      "CREATE (a:P {name: 'a', age: 30})-[:K {since: 2001}]->(b:P {name: 'b'}), "
      "(a)-[:K {since: 2005}]->(:P {name: 'c'})");
  CHECK(db.rows("MATCH (p:P {name: 'a'}) RETURN p {.name, .missing, tag: 'x', n: 1 + 1}") ==
        Rows{"{missing: null, n: 2, name: 'a', tag: 'x'}"});
  CHECK(db.rows("MATCH (p:P {name: 'a'})-[k:K]->(:P {name: 'b'}) WITH p, k, 7 AS extra "
                "RETURN p {.*, extra}, k {.*, t: type(k)}") ==
        Rows{"{age: 30, extra: 7, name: 'a'} | {since: 2001, t: 'K'}"});
  // A later key replaces an earlier one; a map subject works; null stays null.
  CHECK(db.rows("WITH {a: 1, b: 2} AS m, null AS z RETURN m {.*, a: 10}, z {.a}") ==
        Rows{"{a: 10, b: 2} | null"});
  // With an aggregate inside, the projected node is a grouping key.
  CHECK(db.rows("MATCH (p:P)-[:K]->(f) RETURN p {.name, friends: count(f)} AS m") ==
        Rows{"{friends: 2, name: 'a'}"});
  CHECK(db.rows("MATCH (p:P)-[:K]->(f) RETURN count(*) AS n, p {.name} ORDER BY n") ==
        Rows{"2 | {name: 'a'}"});
  CHECK(db.error("WITH 5 AS x RETURN x {.a}") == "TypeError/InvalidArgumentType");
  CHECK(db.error("MATCH (p:P) RETURN p {.name, q}") == "SyntaxError/UndefinedVariable");
  CHECK(db.error("MATCH (p:P) RETURN p {name}") == "SyntaxError/UndefinedVariable");
  CHECK(db.error("MATCH (p:P) RETURN p {.name") == "SyntaxError/UnexpectedSyntax");
}

TEST_CASE("set, remove, merge, delete") {
  Db db;
  db.run("CREATE (:P {name: 'a'})-[:R]->(:P {name: 'b'})");
  auto r = db.run("MATCH (p:P {name: 'a'}) SET p.x = 1, p:Q REMOVE p.name RETURN p");
  CHECK(r.stats.propertiesSet == 2);
  CHECK(r.stats.labelsAdded == 1);
  CHECK(db.rows("MATCH (p:Q) RETURN p") == Rows{"(:P:Q {x: 1})"});
  r = db.run("MERGE (p:P {name: 'b'}) ON MATCH SET p.seen = true");
  CHECK(r.stats.nodesCreated == 0);
  r = db.run("MERGE (p:P {name: 'c'}) ON CREATE SET p.new = true");
  CHECK(r.stats.nodesCreated == 1);
  CHECK(db.rows("MATCH (p:P) WHERE p.seen OR p.new RETURN p.name ORDER BY p.name") ==
        Rows{"'b'", "'c'"});
  CHECK(db.error("MATCH (p:P {name: 'b'}) DELETE p") ==
        "ConstraintVerificationFailed/DeleteConnectedNode");
  r = db.run("MATCH (p:P {name: 'b'}) DETACH DELETE p");
  CHECK(r.stats.nodesDeleted == 1);
  CHECK(r.stats.relationshipsDeleted == 1);
  CHECK(db.rows("MATCH (n) RETURN count(n)") == Rows{"2"});
  // A failed query leaves nothing behind.
  CHECK(db.error("CREATE (:Z) WITH 1 AS x RETURN 1 / 0") == "ArithmeticError/DivisionByZero");
  CHECK(db.rows("MATCH (z:Z) RETURN count(z)") == Rows{"0"});
}

TEST_CASE("variable length, shortest paths and link procedures") {
  Db db;
  db.run(
      "CREATE (a:P {n: 1})-[:K]->(b:P {n: 2})-[:K]->(c:P {n: 3})-[:K]->(d:P {n: 4}), "
      "(a)-[:K]->(c)");
  CHECK(db.rows("MATCH (a:P {n: 1})-[:K*2]->(x) RETURN x.n ORDER BY x.n") == Rows{"3", "4"});
  CHECK(db.rows("MATCH (a:P {n: 1})-[:K*1..3]->(x) RETURN count(DISTINCT x)") == Rows{"3"});
  CHECK(db.rows("MATCH (a:P {n: 1}), (d:P {n: 4}), p = shortestPath((a)-[:K*]->(d)) "
                "RETURN length(p)") == Rows{"2"});
  CHECK(db.rows("MATCH (a:P {n: 1}), (d:P {n: 4}) "
                "MATCH p = allShortestPaths((a)-[*]-(d)) RETURN count(p)") == Rows{"1"});
  CHECK(db.rows("MATCH (a:P {n: 1}), (d:P {n: 4}) CALL link.shortestPath(a, d) YIELD length "
                "RETURN length") == Rows{"2"});
  CHECK(db.rows("MATCH (a:P {n: 1}) CALL link.reach(a, 2) YIELD count RETURN count") == Rows{"3"});
  CHECK(db.rows("MATCH (a:P {n: 1}), (d:P {n: 4}) CALL link.whoLinks(a, d) YIELD node "
                "RETURN node.n") == Rows{"3"});
  CHECK(db.rows("MATCH (a:P {n: 1}), (d:P {n: 4}) "
                "CALL link.kShortestPaths(a, d, {k: 2, direction: 'out'}) YIELD length "
                "RETURN collect(length)") == Rows{"[2, 3]"});
  CHECK(db.rows("MATCH (a:P {n: 1}) CALL link.expand([a], 1) YIELD node, depth "
                "RETURN node.n, depth ORDER BY node.n") == Rows{"1 | 0", "2 | 1", "3 | 1"});
  CHECK(db.rows("MATCH (a:P {n: 1}), (c:P {n: 3}) CALL link.commonNeighbours([a, c]) "
                "YIELD node RETURN node.n") == Rows{"2"});
  CHECK(db.rows("MATCH (p:P) WITH collect(p) AS ps CALL link.analyse(ps) "
                "YIELD node, component, degree RETURN node.n, component, degree ORDER BY node.n") ==
        Rows{"1 | 0 | 2", "2 | 0 | 2", "3 | 0 | 3", "4 | 0 | 1"});
  const auto text = db.rows(
      "MATCH (p:P) WITH collect(p) AS ps MATCH ()-[r]->() "
      "WITH ps, collect(r) AS rs CALL link.export(ps, rs, 'dot') YIELD text "
      "RETURN text");
  REQUIRE(text.size() == 1);
  CHECK(text[0].rfind("'graph", 0) == 0);  // a DOT graph (TCK format: quoted)
  CHECK(text[0].find("--") != std::string::npos);
  CHECK(db.error("MATCH (a:P {n: 1}) CALL link.reach(a, 0) YIELD count RETURN count") ==
        "ArgumentError/InvalidArgumentValue");
  CHECK(db.rows("CALL db.labels() YIELD label, count RETURN label, count") == Rows{"'P' | 4"});
}

TEST_CASE("errors are typed") {
  Db db;
  CHECK(db.error("MATCH (n) RETURN m") == "SyntaxError/UndefinedVariable");
  CHECK(db.error("MATCH (n RETURN n") == "SyntaxError/UnexpectedSyntax");
  CHECK(db.error("RETURN foo(1)") == "SyntaxError/UnknownFunction");
  CHECK(db.error("MATCH (n) WHERE count(n) > 1 RETURN n") == "SyntaxError/InvalidAggregation");
  CHECK(db.error("RETURN 1 AS a, 2 AS a") == "SyntaxError/ColumnNameConflict");
  CHECK(db.error("WITH 1 + 1 RETURN 1") == "SyntaxError/NoExpressionAlias");
  CHECK(db.error("RETURN 1 LIMIT -1") == "SyntaxError/NegativeIntegerArgument");
  CHECK(db.error("RETURN 'a' - 1") == "TypeError/InvalidArgumentType");
  CHECK(db.error("MATCH (n)-[n]->() RETURN n") == "SyntaxError/VariableTypeConflict");
  CHECK(db.error("CALL nope.nothing()") == "ProcedureError/ProcedureNotFound");
  CHECK(db.error("RETURN $missing") == "ParameterMissing/MissingParameter");
  // Arithmetic on the elements of a literal list of strings is refused before running.
  CHECK(db.error("RETURN any(x IN ['a', 'b'] WHERE x % 2 = 0)") ==
        "SyntaxError/InvalidArgumentType");
  CHECK(db.rows("RETURN any(x IN [1, 2] WHERE x % 2 = 0)") == Rows{"true"});
  CHECK(db.error("RETURN count(rand())") == "SyntaxError/NonConstantExpression");
}

TEST_CASE("distinct variable-length ends: the breadth-first plan equals trail enumeration") {
  // Random small multigraphs with self-loops and parallel relationships; the second query
  // defeats the plan (count(*) needs every trail), so it enumerates trails.
  uint64_t seed = 12345;
  auto rnd = [&](uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  };
  for (int round = 0; round < 40; ++round) {
    Db db;
    const uint64_t nodes = 2 + rnd(7);
    db.run("UNWIND range(0, " + std::to_string(nodes - 1) + ") AS i CREATE (:V {i: i})");
    const uint64_t rels = rnd(nodes * 2 + 2);
    for (uint64_t r = 0; r < rels; ++r) {
      const std::string type = rnd(3) == 0 ? "B" : "A";
      db.run("MATCH (x:V {i: " + std::to_string(rnd(nodes)) +
             "}), (y:V {i: " + std::to_string(rnd(nodes)) + "}) CREATE (x)-[:" + type + "]->(y)");
    }
    for (const std::string arrow : {"-[%]-", "-[%]->", "<-[%]-"}) {
      for (const std::string len : {"*", "*1..2", "*..3", "*0..2", "*1", ":A*1..3"}) {
        std::string pattern = arrow;
        pattern.replace(pattern.find('%'), 1, len);
        const std::string match = "MATCH (a:V {i: 0})" + pattern + "(b) ";
        auto fast = db.rows(match + "RETURN count(DISTINCT b) AS n, collect(DISTINCT b.i) AS s");
        auto slow = db.rows(match +
                            "WITH a, b, count(*) AS trails "
                            "RETURN count(DISTINCT b) AS n, collect(DISTINCT b.i) AS s");
        INFO("round " << round << ": " << match);
        REQUIRE(fast.size() == 1);
        REQUIRE(slow.size() == 1);
        // The collected lists may be in different orders: compare the counts here and the
        // members, sorted, below.
        CHECK(fast[0].substr(0, fast[0].find(' ')) == slow[0].substr(0, slow[0].find(' ')));
        // Fused with the count (one operator, no rows in between), and with b <> a folded in.
        CHECK(db.rows(match + "RETURN count(DISTINCT b)") ==
              db.rows(match + "WITH b, count(*) AS c RETURN count(DISTINCT b)"));
        CHECK(db.rows(match + "WHERE b <> a RETURN count(DISTINCT b)") ==
              db.rows(match + "WHERE b <> a WITH b, count(*) AS c RETURN count(DISTINCT b)"));
        CHECK(db.rows(match + "RETURN DISTINCT b.i AS i ORDER BY i") ==
              db.rows(match + "WITH b, count(*) AS c RETURN b.i AS i ORDER BY i"));
        // Every node a seed: later searches reach nodes the first one counted.
        const std::string seeds = "MATCH (a:V) WITH a MATCH (a)" + pattern + "(b) ";
        CHECK(db.rows(seeds + "RETURN count(DISTINCT b)") ==
              db.rows(seeds + "WITH b, count(*) AS c RETURN count(DISTINCT b)"));
        CHECK(db.rows(seeds + "WHERE b <> a RETURN count(DISTINCT b)") ==
              db.rows(seeds + "WHERE b <> a WITH b, count(*) AS c RETURN count(DISTINCT b)"));
        // With a label to check on b, every search's nodes go through the set.
        const std::string labelled = "MATCH (a:V) WITH a MATCH (a)" + pattern + "(b:V) ";
        CHECK(db.rows(labelled + "RETURN count(DISTINCT b)") ==
              db.rows(labelled + "WITH b, count(*) AS c RETURN count(DISTINCT b)"));
      }
    }
  }
}

TEST_CASE("distinct variable-length ends: nodes deleted earlier in the query are not counted") {
  Db db;
  db.run("CREATE (a:V {i: 0})-[:A]->(:V {i: 1})-[:A]->(:V {i: 2}), (a)-[:A]->(:V {i: 3})");
  // The count of the first seed comes from the engine's own count unless a node was deleted.
  CHECK(db.rows("MATCH (a:V {i: 0})-[*1..2]-(b) WHERE b <> a RETURN count(DISTINCT b)") ==
        Rows{"3"});
  CHECK(db.rows("MATCH (a:V {i: 0})-[*0..2]-(b) RETURN count(DISTINCT b)") == Rows{"4"});
  CHECK(db.rows("MATCH (x:V {i: 3}) DETACH DELETE x WITH count(*) AS gone "
                "MATCH (a:V {i: 0})-[*1..2]-(b) WHERE b <> a RETURN count(DISTINCT b)") ==
        Rows{"2"});
}

TEST_CASE("EXPLAIN shows the plan without running; PROFILE counts rows") {
  Db db;
  db.run("CREATE (:P)-[:K]->(:P)");
  auto e = db.run("EXPLAIN MATCH (a:P {n: 1})-[*1..2]-(b) RETURN count(DISTINCT b)");
  CHECK(e.rows.empty());
  CHECK(e.plan.find("DistinctReach") != std::string::npos);
  auto p = db.run("PROFILE MATCH (a:P)-[:K]->(b) RETURN b");
  CHECK(p.rows.size() == 1);
  CHECK(p.plan.find("Match") != std::string::npos);
  CHECK(p.plan.find("rows in") != std::string::npos);
}

TEST_CASE("temporal values: construction, text, fields, ordering, arithmetic") {
  Db db;
  CHECK(db.rows("RETURN localtime({hour: 12, minute: 31, second: 14, nanosecond: 645876123}), "
                "time('10:35+01:00'), localdatetime('1984-10-11T12:31:14.000000012'), "
                "datetime({year: 1984, month: 10, day: 11, hour: 12, timezone: '-11:59'})") ==
        Rows{"'12:31:14.645876123' | '10:35+01:00' | '1984-10-11T12:31:14.000000012' | "
             "'1984-10-11T12:00-11:59'"});
  CHECK(db.rows("WITH datetime('2024-02-29T23:30:00+02:00') AS t "
                "RETURN t.year, t.month, t.day, t.hour, t.offset, t.epochSeconds") ==
        Rows{"2024 | 2 | 29 | 23 | '+02:00' | 1709242200"});
  // Times with offsets order by the instant: 12:00+05:00 is 07:00 UTC.
  CHECK(db.rows("UNWIND [time('12:00+05:00'), time('08:00Z'), time('06:00-02:00')] AS t "
                "RETURN t ORDER BY t") == Rows{"'12:00+05:00'", "'06:00-02:00'", "'08:00Z'"});
  CHECK(db.rows("RETURN date('2024-01-31') + duration({months: 1}), "
                "localdatetime('2024-12-31T23:00') + duration('PT2H')") ==
        Rows{"'2024-02-29' | '2025-01-01T01:00'"});
  // Stored as properties they keep their kind, nanoseconds and offset.
  db.run(
      "CREATE (:T {v: time('12:00:00.000000001+05:00')}), (:T {v: time('08:00Z')}), "
      "(:T {v: localdatetime('2020-01-02T03:04:05.123456789')}), "
      "(:T {v: datetime('2020-01-02T03:04:05.5-08:00')}), (:T {v: localtime('23:59')})");
  CHECK(db.rows("MATCH (t:T) RETURN t.v ORDER BY t.v") ==
        Rows{"'2020-01-02T03:04:05.5-08:00'", "'2020-01-02T03:04:05.123456789'",
             "'12:00:00.000000001+05:00'", "'08:00Z'", "'23:59'"});
  CHECK(db.rows("MATCH (t:T) WHERE t.v = localtime('23:59') RETURN t.v + duration('PT2M')") ==
        Rows{"'00:01'"});
  CHECK(db.error("RETURN datetime('2024-13-01')") == "ArgumentError/InvalidArgumentValue");
  CHECK(db.error("RETURN datetime({year: 2024, timezone: 'Mars/Olympus_Mons'})") ==
        "ArgumentError/InvalidArgumentValue");
  CHECK(db.error("RETURN datetime({year: 2024, timezone: '../../etc/passwd'})") ==
        "ArgumentError/InvalidArgumentValue");
}

TEST_CASE("temporal values: named zones, week dates, truncation, durations between") {
  Db db;
  // Named zones from the tz database: the offset follows the date (summer time in Stockholm).
  CHECK(db.rows("RETURN datetime({year: 2024, month: 1, day: 15, hour: 12, timezone: "
                "'Europe/Stockholm'}), datetime('2024-07-15T12:00[Europe/Stockholm]')") ==
        Rows{"'2024-01-15T12:00+01:00[Europe/Stockholm]' | "
             "'2024-07-15T12:00+02:00[Europe/Stockholm]'"});
  // A wall-clock time in the spring gap moves forward by the gap.
  CHECK(db.rows("RETURN datetime('2024-03-31T02:30[Europe/Stockholm]')") ==
        Rows{"'2024-03-31T03:30+02:00[Europe/Stockholm]'"});
  // In the autumn overlap the earlier offset, unless the text names the other; an hour after
  // the earlier 02:30 is the later 02:30, and it prints so that it reads back the same.
  CHECK(db.rows("WITH datetime('2024-10-27T02:30[Europe/Stockholm]') AS a, "
                "datetime('2024-10-27T02:30+01:00[Europe/Stockholm]') AS b "
                "RETURN a, b, a + duration('PT1H') = b, "
                "datetime(toString(a + duration('PT1H'))) = b") ==
        Rows{"'2024-10-27T02:30+02:00[Europe/Stockholm]' | "
             "'2024-10-27T02:30+01:00[Europe/Stockholm]' | true | true"});
  // ISO week and ordinal dates, as maps and as text.
  CHECK(db.rows("RETURN date({year: 2015, week: 30, dayOfWeek: 2}), date('2015W302'), "
                "date('2015-202'), date({year: 1984, quarter: 3, dayOfQuarter: 45})") ==
        Rows{"'2015-07-21' | '2015-07-21' | '2015-07-21' | '1984-08-14'"});
  CHECK(db.rows("WITH date('1984-01-01') AS d RETURN d.week, d.weekYear, d.dayOfWeek") ==
        Rows{"52 | 1983 | 7"});
  // Truncation, with fields that adjust the result.
  CHECK(db.rows("RETURN date.truncate('week', date('2024-05-16')), "
                "date.truncate('quarter', date('2024-05-16'), {day: 2}), "
                "datetime.truncate('hour', datetime('2024-05-16T13:45:10+02:00')), "
                "localtime.truncate('millisecond', localtime('12:31:14.645876123'), "
                "{nanosecond: 2})") ==
        Rows{"'2024-05-13' | '2024-04-02' | '2024-05-16T13:00+02:00' | '12:31:14.645000002'"});
  // Durations between values: calendar months and days, then the clock; across a DST change
  // the hours count the real elapsed time.
  CHECK(db.rows("RETURN duration.between(date('1984-10-11'), date('2015-06-24')), "
                "duration.inSeconds(datetime('2017-10-28T23:00[Europe/Stockholm]'), "
                "datetime('2017-10-29T04:00[Europe/Stockholm]')), "
                "duration.inDays(localdatetime('2015-07-21T21:40'), date('2015-06-24'))") ==
        Rows{"'P30Y8M13D' | 'PT6H' | 'P-27D'"});
  // Duration text and arithmetic keep each part's sign; fractions carry downwards.
  CHECK(db.rows("RETURN duration('P0.75M'), duration({weeks: 2.5}), "
                "duration.inSeconds(localtime('12:34:54.7'), localtime('12:34:54.3')), "
                "duration('P1Y') / 2, duration('PT1H') * 3") ==
        Rows{"'P22DT19H51M49.5S' | 'P17DT12H' | 'PT-0.4S' | 'P6M' | 'PT3H'"});
  // One statement sees one clock.
  CHECK(db.rows("RETURN datetime() = datetime(), duration.inSeconds(localtime(), localtime())") ==
        Rows{"true | 'PT0S'"});
}

TEST_CASE("EXISTS subqueries see the enclosing row") {
  Db db;
  db.run("CREATE (a:P {n: 1})-[:K]->(:P {n: 2}), (:P {n: 3})");
  CHECK(db.rows("MATCH (p:P) WHERE EXISTS { MATCH (p)-[:K]->(q) WHERE q.n > p.n RETURN q } "
                "RETURN p.n") == Rows{"1"});
  CHECK(db.rows("MATCH (p:P) WHERE NOT EXISTS { (p)--() } RETURN p.n") == Rows{"3"});
  // A subquery that writes is refused (by the parser, before planning).
  CHECK(db.error("MATCH (p:P) WHERE EXISTS { MATCH (p) SET p.x = 1 RETURN p } RETURN p")
            .rfind("SyntaxError/", 0) == 0);
}

TEST_CASE("every query stops at its deadline and on cancellation") {
  Db db;
  QueryOptions o;
  o.deadline = std::chrono::milliseconds(200);
  auto kind = [&](const std::string& q, const QueryOptions& opts) {
    try {
      runQuery(*db.store, q, {}, opts);
    } catch (const QueryError& e) {
      return e.kind() + "/" + e.code();
    }
    return std::string("finished");
  };
  // Each would run for hours: rows from UNWIND, and work inside one expression.
  CHECK(kind("UNWIND range(1, 1000000) AS x UNWIND range(1, 1000000) AS y RETURN count(*)", o) ==
        "TransientError/DeadlineExceeded");
  CHECK(kind("RETURN size([x IN range(1, 5000) | size([y IN range(1, 5000) WHERE y > x])])", o) ==
        "TransientError/DeadlineExceeded");
  db.run("UNWIND range(1, 60) AS i CREATE (:N {i: i})");
  db.run("MATCH (a:N), (b:N) WHERE a.i < b.i CREATE (a)-[:R]->(b)");
  CHECK(kind("MATCH p = (:N)-[*]->(:N) RETURN count(p)", o) == "TransientError/DeadlineExceeded");
  std::atomic<bool> cancelled{true};
  QueryOptions c;
  c.cancelled = &cancelled;
  CHECK(kind("UNWIND range(1, 1000000) AS x UNWIND range(1, 1000000) AS y RETURN count(*)", c) ==
        "TransientError/Cancelled");
  // A shortest-path search that stopped early has not shown that there is no path: an error,
  // not an empty answer. (Its search notices the flag at once; the query's own check comes
  // later.)
  CHECK(kind("MATCH (a:N {i: 1}), (b:N {i: 60}) MATCH p = shortestPath((a)-[*]-(b)) "
             "RETURN length(p)",
             c) == "TransientError/DeadlineExceeded");
  CHECK(kind("MATCH (a:N {i: 1}), (b:N {i: 60}) MATCH p = allShortestPaths((a)-[*]-(b)) "
             "RETURN length(p)",
             c) == "TransientError/DeadlineExceeded");
  // Likewise a count of distinct ends, counted by the engine or node by node.
  CHECK(kind("MATCH (a:N {i: 1})-[*]-(b) WHERE b <> a RETURN count(DISTINCT b)", c) ==
        "TransientError/DeadlineExceeded");
  CHECK(kind("MATCH (a:N)-[*]-(b) RETURN count(DISTINCT b)", c) ==
        "TransientError/DeadlineExceeded");
}

TEST_CASE("WHERE id(n) = ... starts from that node, with the same answers as a scan") {
  Db db;
  db.run("UNWIND range(1, 20) AS i CREATE (:V {i: i})");
  db.run("MATCH (a:V), (b:V) WHERE b.i = a.i + 1 CREATE (a)-[:K]->(b)");
  const int64_t id5 = db.run("MATCH (v:V {i: 5}) RETURN id(v)").rows.at(0).at(0).asInt();
  const int64_t id9 = db.run("MATCH (v:V {i: 9}) RETURN id(v)").rows.at(0).at(0).asInt();
  QMap p{{"id", QValue(id5)}};
  CHECK(db.rows("MATCH (a) WHERE id(a) = $id RETURN a.i", p) == Rows{"5"});
  CHECK(db.rows("MATCH (a) WHERE $id = id(a) RETURN a.i", p) == Rows{"5"});
  CHECK(db.rows("MATCH (a:V) WHERE id(a) = " + std::to_string(id5) + " RETURN a.i") == Rows{"5"});
  // A float that is a whole number equals the id; anything else matches nothing.
  CHECK(db.rows("MATCH (a) WHERE id(a) = " + std::to_string(id5) + ".0 RETURN a.i") == Rows{"5"});
  CHECK(db.rows("MATCH (a) WHERE id(a) = 'x' RETURN a.i").empty());
  CHECK(db.rows("MATCH (a) WHERE id(a) = $id RETURN a.i", {{"id", QValue()}}).empty());
  CHECK(db.rows("MATCH (a) WHERE id(a) = -3 RETURN a.i").empty());
  CHECK(db.rows("MATCH (a) WHERE id(a) = 999999 RETURN a.i").empty());
  // The rest of the WHERE and the pattern still apply.
  CHECK(db.rows("MATCH (a) WHERE id(a) = $id AND a.i > 5 RETURN a.i", p).empty());
  CHECK(db.rows("MATCH (a:Nope) WHERE id(a) = $id RETURN a.i", p).empty());
  CHECK(db.rows("MATCH (a) WHERE id(a) = $id OR a.i = 7 RETURN a.i ORDER BY a.i", p) ==
        Rows{"5", "7"});
  // The seek on the far end of a pattern; IN with repeats gives each node once.
  CHECK(db.rows("MATCH (a)-[:K]->(b) WHERE id(b) = $id RETURN a.i", p) == Rows{"4"});
  const std::string both = std::to_string(id5) + ", " + std::to_string(id9);
  CHECK(db.rows("MATCH (a) WHERE id(a) IN [" + both + ", " + std::to_string(id5) +
                "] RETURN a.i ORDER BY a.i") == Rows{"5", "9"});
  CHECK(db.rows("MATCH (a) WHERE id(a) IN $ids RETURN a.i ORDER BY a.i",
                {{"ids", QValue(QList{QValue(id9), QValue("x"), QValue(id5)})}}) == Rows{"5", "9"});
  CHECK(db.rows("MATCH (a) WHERE id(a) IN $ids RETURN a.i", {{"ids", QValue()}}).empty());
  // OPTIONAL MATCH keeps its null row when the id is not there.
  CHECK(db.rows("OPTIONAL MATCH (a) WHERE id(a) = 999999 RETURN a") == Rows{"null"});
  // A deleted node is not found by its id later in the query.
  CHECK(db.rows("MATCH (d:V {i: 20}) DETACH DELETE d WITH id(d) AS gone "
                "OPTIONAL MATCH (a) WHERE id(a) = gone RETURN a") == Rows{"null"});
}

TEST_CASE("table procedures: CALL yields the rows whose inputs equal the arguments") {
  Db db;
  db.run("UNWIND [1, 2] AS i CREATE (:N {i: i})");
  std::vector<TableProcedure> procs(3);
  procs[0].name = "ref.city";
  procs[0].inputs = {{"name", "STRING?"}, {"n", "NUMBER?"}};
  procs[0].outputs = {{"city", "STRING?"}, {"code", "INTEGER?"}};
  procs[0].rows = {{QValue("Ann"), QValue(int64_t{1}), QValue("Oslo"), QValue(int64_t{47})},
                   {QValue("Ann"), QValue(2.5), QValue("Bergen"), QValue(int64_t{47})},
                   {QValue(), QValue(int64_t{1}), QValue("nowhere"), QValue()}};
  procs[1].name = "ref.nothing";  // yields nothing
  procs[2].name = "ref.f";
  procs[2].inputs = {{"x", "FLOAT"}};
  procs[2].outputs = {{"y", "STRING"}};
  procs[2].rows = {{QValue(42.0), QValue("close enough")}};
  QueryOptions o;
  o.tableProcedures = &procs;
  auto rows = [&](const std::string& q, const QMap& params = {}) {
    std::vector<std::string> out;
    runQuery(*db.store, q, params, o, {}, [&](const QList& row, const Reader& r) {
      std::string s;
      for (size_t i = 0; i < row.size(); ++i) s += (i ? " | " : "") + formatTck(row[i], r);
      out.push_back(s);
      return true;
    });
    return out;
  };
  auto error = [&](const std::string& q, const QMap& params = {}) {
    try {
      rows(q, params);
    } catch (const QueryError& e) {
      return e.kind() + "/" + e.code();
    }
    return std::string("no error");
  };
  CHECK(rows("CALL ref.city('Ann', 1)") == Rows{"'Oslo' | 47"});
  CHECK(rows("CALL ref.city('Ann', 2.5) YIELD city RETURN city") == Rows{"'Bergen'"});
  CHECK(rows("CALL ref.city('Ann', 1.0) YIELD city RETURN city") == Rows{"'Oslo'"});  // 1 = 1.0
  CHECK(rows("CALL ref.city(null, 1) YIELD city, code RETURN city, code") ==
        Rows{"'nowhere' | null"});
  CHECK(rows("CALL ref.city('Bob', 1)").empty());
  CHECK(rows("CALL REF.CITY('Ann', 1) YIELD code AS c RETURN c") == Rows{"47"});
  CHECK(rows("CALL ref.city", {{"name", QValue("Ann")}, {"n", QValue(int64_t{1})}}) ==
        Rows{"'Oslo' | 47"});
  CHECK(rows("CALL ref.f(42)") == Rows{"'close enough'"});  // an integer for a FLOAT
  // A procedure without outputs leaves an in-query row stream as it is.
  CHECK(rows("MATCH (n:N) CALL ref.nothing() RETURN n.i ORDER BY n.i") == Rows{"1", "2"});
  CHECK(rows("CALL ref.nothing()").empty());
  // Errors, as the TCK classes them.
  CHECK(error("CALL ref.city(true, 1)") == "SyntaxError/InvalidArgumentType");
  CHECK(error("CALL ref.city($b, 1)", {{"b", QValue(true)}}) == "TypeError/InvalidArgumentType");
  CHECK(error("CALL ref.city('Ann')") == "SyntaxError/InvalidNumberOfArguments");
  CHECK(error("CALL ref.city", {{"name", QValue("Ann")}}) == "ParameterMissing/MissingParameter");
  CHECK(error("CALL ref.city('Ann', 1) RETURN 1") == "SyntaxError/UndefinedVariable");
  CHECK(error("MATCH (n) CALL ref.city YIELD city RETURN city") ==
        "SyntaxError/InvalidArgumentPassingMode");
  CHECK(error("MATCH (n) CALL ref.city(1, 2) YIELD * RETURN 1") == "SyntaxError/UnexpectedSyntax");
  CHECK(error("CALL ref.f(1) YIELD y AS y, y AS y RETURN y") == "SyntaxError/VariableAlreadyBound");
  CHECK(error("CALL ref.missing()") == "ProcedureError/ProcedureNotFound");
  // Without the option the table procedures do not exist.
  CHECK(db.error("CALL ref.city('Ann', 1)") == "ProcedureError/ProcedureNotFound");
}

TEST_CASE("error codes follow the TCK's classification") {
  Db db;
  // A path variable must be a new name; another reuse is a conflict of kinds.
  CHECK(db.error("MATCH (p)-->(), p = ()-->() RETURN p") == "SyntaxError/VariableAlreadyBound");
  CHECK(db.error("MATCH r = ()-->(), (r) RETURN r") == "SyntaxError/VariableTypeConflict");
  CHECK(db.error("MATCH (r) MATCH ()-[r]-() RETURN r") == "SyntaxError/VariableTypeConflict");
  // Conversions and labels()/type() take a wrong type as an invalid value; others as a type.
  CHECK(db.error("RETURN toInteger([1])") == "TypeError/InvalidArgumentValue");
  CHECK(db.error("RETURN toBoolean([1])") == "TypeError/InvalidArgumentValue");
  CHECK(db.error("RETURN labels(1)") == "TypeError/InvalidArgumentValue");
  CHECK(db.error("RETURN type('x')") == "TypeError/InvalidArgumentValue");
  CHECK(db.error("RETURN abs('x')") == "TypeError/InvalidArgumentType");
}

TEST_CASE("semantic errors come with the TCK's code and in its phase") {
  Db db;
  // A bound relationship is reported before the missing type.
  CHECK(db.phasedError("MATCH ()-[r]->() CREATE ()-[r]->()") ==
        "compile SyntaxError/VariableAlreadyBound");
  CHECK(db.phasedError("MATCH ()-[r]->() MERGE ()-[r]->()") ==
        "compile SyntaxError/VariableAlreadyBound");
  // DELETE of a value is a wrong argument type; of a label, an invalid delete.
  CHECK(db.phasedError("MATCH () DELETE 1 + 1") == "compile SyntaxError/InvalidArgumentType");
  CHECK(db.phasedError("MATCH (n) DELETE n:Person") == "compile SyntaxError/InvalidDelete");
  // SKIP and LIMIT written out are checked before anything runs; parameters when they arrive.
  CHECK(db.phasedError("RETURN 1 SKIP -1") == "compile SyntaxError/NegativeIntegerArgument");
  CHECK(db.phasedError("RETURN 1 LIMIT 1.5") == "compile SyntaxError/InvalidArgumentType");
  CHECK(db.phasedError("RETURN 1 LIMIT $n", {{"n", QValue(int64_t{-1})}}) ==
        "runtime SyntaxError/NegativeIntegerArgument");
  CHECK(db.rows("UNWIND [1, 2, 3] AS x RETURN x SKIP 1 LIMIT 1") == Rows{"2"});
  // Property access on a value known to have no properties.
  CHECK(db.phasedError("WITH 123 AS x RETURN x.num") == "compile TypeError/InvalidArgumentType");
  CHECK(db.phasedError("WITH [1, true] AS x RETURN x.num") ==
        "compile TypeError/InvalidArgumentType");
  CHECK(db.rows("WITH {num: 1} AS m RETURN m.num") == Rows{"1"});
  // A map key that lexes as a malformed number.
  CHECK(db.phasedError("RETURN {1B2c3e67: 1} AS m") == "compile SyntaxError/UnexpectedSyntax");
  CHECK(db.phasedError("RETURN 1B2c3e67 AS m") == "compile SyntaxError/InvalidNumberLiteral");
  // ORDER BY beside an aggregate: a projected non-key expression reused is ambiguous, a
  // variable the projection dropped is undefined, also inside an unprojected aggregate.
  CHECK(db.phasedError("MATCH (me)--(you) RETURN me.age + you.age, count(*) AS cnt "
                       "ORDER BY me.age + you.age + count(*)") ==
        "compile SyntaxError/AmbiguousAggregationExpression");
  CHECK(db.phasedError("MATCH (me)--(you) WITH me.age + you.age, count(*) AS cnt "
                       "ORDER BY me.age + you.age + count(*) RETURN *") ==
        "compile SyntaxError/AmbiguousAggregationExpression");
  CHECK(db.phasedError("MATCH (me)--(you) RETURN count(you.age) AS agg "
                       "ORDER BY me.age + count(you.age)") ==
        "compile SyntaxError/UndefinedVariable");
  CHECK(db.phasedError("MATCH (a) WITH a.x AS k, min(a.y) AS m ORDER BY sum(a.y) RETURN k") ==
        "compile SyntaxError/UndefinedVariable");
  CHECK(db.phasedError("MATCH (a) WITH a, count(*) AS c ORDER BY sum(a.y) RETURN c") ==
        "compile SyntaxError/InvalidAggregation");
  // WITH still needs its aliases.
  CHECK(db.phasedError("MATCH (a) WITH a.x RETURN 1") == "compile SyntaxError/NoExpressionAlias");
}

TEST_CASE("a node found through the (label, key) index is the node the pattern asks for") {
  Db db;
  const std::string longName(300, 'n');
  db.run(
      "CREATE (:P {name: 'a', x: 1, f: 0.0 / 0.0}), (:P:Q {name: 'b'}), (:R {name: 'a'}), "
      "(:P {name: $long}), (:P {name: $longer})",
      {{"long", QValue(longName)}, {"longer", QValue(longName + "x")}});
  CHECK(db.rows("MATCH (p:P {name: 'a'}) RETURN count(p)") == Rows{"1"});
  CHECK(db.rows("MATCH (p:P:Q {name: 'a'}) RETURN count(p)") == Rows{"0"});  // a second label
  CHECK(db.rows("MATCH (p:P {name: 'a', x: 2}) RETURN count(p)") == Rows{"0"});
  CHECK(db.rows("MATCH (p:P {x: 1.0}) RETURN count(p)") == Rows{"1"});        // Cypher's 1 = 1.0
  CHECK(db.rows("MATCH (p:P {f: 0.0 / 0.0}) RETURN count(p)") == Rows{"0"});  // NaN <> NaN
  CHECK(db.rows("MATCH (p:P {name: $long}) RETURN count(p)", {{"long", QValue(longName)}}) ==
        Rows{"1"});  // a cut index key, checked against the record
  // Changes made earlier in the same query are what the index sees.
  CHECK(db.rows("MATCH (a:P {name: 'a'}) SET a.name = 'c' WITH a "
                "MATCH (b:P {name: 'a'}) RETURN count(b)") == Rows{"0"});
  CHECK(db.rows("MATCH (a:P {name: 'c'}) REMOVE a:P WITH a "
                "MATCH (b:P {name: 'c'}) RETURN count(b)") == Rows{"0"});
  CHECK(db.rows("MATCH (a {name: 'c'}) SET a:P, a.name = 'a' WITH a "
                "MATCH (b:P {name: 'a'}) RETURN count(b)") == Rows{"1"});
}
