// The TCK runner's own parts: the Gherkin reader, the TCK value syntax and comparison, the
// conversion of stored values, side effects, the known-failing list and process isolation.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "tck/actual-value.h"
#include "tck/baseline.h"
#include "tck/gherkin.h"
#include "tck/isolate.h"
#include "tck/scenario.h"
#include "tck/side-effects.h"
#include "tck/tck-value.h"
#include "test-util.h"

using namespace casegraph;
using namespace casegraph::tck;

namespace {

TckValue parsed(const std::string& text) {
  const auto r = parseTckValue(text);
  INFO(text << ": " << r.error);
  REQUIRE(r.value);
  return *r.value;
}

bool same(const std::string& expected, const std::string& actual, bool ignoreListOrder = false) {
  return tckEquals(parsed(expected), parsed(actual), {.ignoreListOrder = ignoreListOrder});
}

std::string roundTrip(const std::string& text) { return formatTck(parsed(text)); }

}  // namespace

TEST_CASE("TCK values: scalars") {
  CHECK(std::get<int64_t>(parsed("42").v) == 42);
  CHECK(std::get<int64_t>(parsed("-9223372036854775808").v) == INT64_MIN);
  CHECK(std::get<double>(parsed("1.5").v) == 1.5);
  CHECK(std::get<double>(parsed("-.5").v) == -0.5);
  CHECK(std::get<double>(parsed("1.23456789e308").v) == 1.23456789e308);
  CHECK(std::signbit(std::get<double>(parsed("-0.0").v)));
  CHECK(std::isnan(std::get<double>(parsed("NaN").v)));
  CHECK(std::get<double>(parsed("-Inf").v) == -INFINITY);
  CHECK(std::get<double>(parsed("Infinity").v) == INFINITY);
  CHECK(std::get<bool>(parsed("true").v));
  CHECK(std::holds_alternative<std::monostate>(parsed(" null ").v));
  CHECK(std::get<std::string>(parsed("'\\''").v) == "'");
  CHECK(std::get<std::string>(parsed(R"('a\\bcn5t\'"\\//\\"\'')").v) == R"(a\bcn5t'"\//\"')");
  CHECK(std::get<std::string>(parsed("'tab\\there'").v) == "tab\there");
  CHECK(std::get<std::string>(parsed("''").v).empty());
}

TEST_CASE("TCK values: structures") {
  const TckValue map = parsed("{b: 1, a: [1, 'x', null], `odd key`: {}}");
  const auto& m = std::get<TckMap>(map.v);
  REQUIRE(m.size() == 3);
  CHECK(m[0].first == "a");
  CHECK(m[2].first == "odd key");

  const auto node = std::get<TckNode>(parsed("(:B:A {name: 'n'})").v);
  CHECK(node.labels == std::vector<std::string>{"A", "B"});
  CHECK(std::get<std::string>(node.properties.at(0).second.v) == "n");
  CHECK(std::get<TckNode>(parsed("()").v).labels.empty());

  const auto rel = std::get<TckRelationship>(parsed("[:KNOWS {since: 2}]").v);
  CHECK(rel.type == "KNOWS");
  CHECK(std::get<TckList>(parsed("[]").v).empty());

  const auto path = std::get<TckPath>(parsed("<(:A)-[:T]->(:B)<-[:U {k: 1}]-({time: 3})>").v);
  REQUIRE(path.nodes.size() == 3);
  CHECK(path.forward == std::vector<bool>{true, false});
  CHECK(path.relationships[1].type == "U");
  CHECK(std::get<TckPath>(parsed("<()>").v).relationships.empty());

  const auto nested = std::get<TckList>(parsed("[<(:A)-[:T]->(:B)>, [:R], (:N)]").v);
  CHECK(nested.size() == 3);
}

TEST_CASE("TCK values: malformed text is an error with a position") {
  for (const char* bad : {"", "[1, 2", "'open", "(:A", "{a 1}", "1 2", "<(:A)-[:T]-(:B)>",
                          "<(:A)<-[:T]->(:B)>", "foo", "99999999999999999999", "[:]"}) {
    const auto r = parseTckValue(bad);
    INFO(bad);
    CHECK_FALSE(r.value);
    CHECK(r.error.find("at character") != std::string::npos);
  }
}

TEST_CASE("TCK values: formatting round-trips the TCK's own notation") {
  for (const char* text :
       {"1", "-1", "1.5", "1.0", "-0.0", "NaN", "-Inf", "'it\\'s'", "null", "[1, [2, 'a']]",
        "{a: 1, b: 'x'}", "(:A:B {name: 'n'})", "()", "({k: 1})", "[:T {k: 1}]",
        "<(:A)-[:T]->(:B)<-[:U]-(:C)>", "{`a b`: 1}"}) {
    CHECK(roundTrip(text) == text);
  }
  CHECK(roundTrip("(:B:A)") == "(:A:B)");
  CHECK(roundTrip("{b: 1, a: 2}") == "{a: 2, b: 1}");
}

TEST_CASE("TCK values: comparison") {
  CHECK(same("1", "1"));
  CHECK_FALSE(same("1", "1.0"));  // an integer is not a float
  CHECK(same("0.1", "0.10000000000000002"));
  CHECK_FALSE(same("0.1", "0.1001"));
  CHECK(same("NaN", "NaN"));
  CHECK(same("Inf", "Inf"));
  CHECK_FALSE(same("Inf", "-Inf"));
  CHECK(same("0.0", "-0.0"));
  CHECK_FALSE(same("'a'", "'A'"));
  CHECK_FALSE(same("null", "false"));
  CHECK(same("{a: 1, b: 2}", "{b: 2, a: 1}"));
  CHECK_FALSE(same("{a: 1}", "{a: 1, b: null}"));
  CHECK(same("(:A:B {k: 1})", "(:B:A {k: 1})"));
  CHECK_FALSE(same("(:A)", "(:A {k: 1})"));
  CHECK_FALSE(same("[:T]", "[:U]"));
  CHECK_FALSE(same("<(:A)-[:T]->(:B)>", "<(:A)<-[:T]-(:B)>"));
  CHECK(same("<(:A)-[:T]->(:B)>", "<(:A)-[:T]->(:B)>"));
  CHECK_FALSE(same("[1, 2, 3]", "[3, 2, 1]"));
  CHECK(same("[1, 2, 3]", "[3, 2, 1]", true));
  CHECK(same("[[1, 2], [3]]", "[[3], [2, 1]]", true));
  CHECK_FALSE(same("[1, 1, 2]", "[1, 2, 2]", true));
  CHECK_FALSE(same("[1]", "[1, 1]", true));
}

TEST_CASE("TCK values: multiset matching does not depend on the greedy order") {
  // Expected 0 equals actual 0 and 1; expected 1 only actual 0: a matching exists, but taking
  // the first fit for expected 0 leaves expected 1 without one.
  const bool eq[2][2] = {{true, true}, {true, false}};
  CHECK(sameMultiset(2, [&](size_t i, size_t j) { return eq[i][j]; }));
  const bool none[2][2] = {{true, false}, {true, false}};
  CHECK_FALSE(sameMultiset(2, [&](size_t i, size_t j) { return none[i][j]; }));
  CHECK(sameMultiset(0, [](size_t, size_t) { return false; }));
}

TEST_CASE("TCK values: parameters become query values") {
  const auto q = toQueryValue(parsed("{list: [1, 2.5, 'x', null, true]}"));
  REQUIRE(q.value);
  const auto& list = q.value->asMap().at("list").asList();
  CHECK(list[0].asInt() == 1);
  CHECK(list[1].asFloat() == 2.5);
  CHECK(list[2].asString() == "x");
  CHECK(list[3].isNull());
  CHECK(list[4].asBool());
  CHECK_FALSE(toQueryValue(parsed("[(:A)]")).value);
}

TEST_CASE("actual values: stored values, dates, datetimes and durations") {
  CHECK(formatTck(fromStoreValue(Value(List{Value(1), Value(2.0), Value("s")}))) ==
        "[1, 2.0, 's']");
  CHECK(formatTck(fromStoreValue(Value(Date{0}))) == "'1970-01-01'");
  // A stored datetime reads back as a query would read the property: a string in UTC.
  const auto dt = parseDateTime("2015-07-21T21:40:32.142+01:00");
  REQUIRE(dt);
  CHECK(tckEquals(parsed("'2015-07-21T20:40:32.142Z'"), fromStoreValue(Value(*dt)), {}));
  // A stored duration reads back in the TCK's text.
  CHECK(tckEquals(parsed("'P1DT1H'"), fromStoreValue(Value(Duration{0, 1, 3600, 0})), {}));
}

TEST_CASE("Gherkin: scenarios, outlines, background, doc strings and tables") {
  const Feature f = parseFeature(R"(#encoding: utf-8
Feature: F1 - A feature
  Some description.

  Background:
    Given an empty graph

  @tagged
  Scenario: [1] Plain
    When executing query:
      """
      MATCH (n)
        RETURN n
      """
    Then the result should be, in any order:
      | n        |
      | 'a\|b'   |
      | 'x\\y'   |
      | '\n'     |
      | '\''     |
    # a comment
    And no side effects

  Scenario Outline: [2] Outline <what>
    When executing query:
      """
      RETURN <value> AS v
      """
    Then the result should be, in any order:
      | v       |
      | <value> |

    Examples:
      | what | value |
      | one  | 1     |
      | two  | 'two' |
)");
  CHECK(f.name == "F1 - A feature");
  REQUIRE(f.scenarios.size() == 3);
  const Scenario& plain = f.scenarios[0];
  CHECK(plain.name == "[1] Plain");
  CHECK(plain.example == 0);
  CHECK(plain.tags == std::vector<std::string>{"@tagged"});
  REQUIRE(plain.steps.size() == 4);  // the Background's step first
  CHECK(plain.steps[0].text == "an empty graph");
  CHECK(plain.steps[1].keyword == "When");
  CHECK(*plain.steps[1].docString == "MATCH (n)\n  RETURN n");
  const Table& t = plain.steps[2].table;
  REQUIRE(t.size() == 5);
  CHECK(t[1][0] == "'a|b'");
  CHECK(t[2][0] == "'x\\y'");
  CHECK(t[3][0] == "'\n'");
  CHECK(t[4][0] == "'\\''");  // not a Gherkin escape: left for the value syntax
  CHECK(plain.steps[3].text == "no side effects");

  const Scenario& two = f.scenarios[2];
  CHECK(two.name == "[2] Outline <what>");
  CHECK(two.example == 2);
  CHECK(*two.steps[1].docString == "RETURN 'two' AS v");
  CHECK(two.steps[2].table[1][0] == "'two'");
  CHECK(f.scenarios[1].tags.empty());
}

TEST_CASE("Gherkin: malformed files are errors with a line") {
  CHECK_THROWS_WITH_AS(parseFeature("Feature: F\n  Scenario: S\n    When executing query:\n"
                                    "      \"\"\"\n      RETURN 1\n"),
                       "line 4: a doc string that is never closed", GherkinError);
  CHECK_THROWS_AS(parseFeature("Feature: F\n  | a |\n"), GherkinError);
  CHECK(tableCells("| a | b\\|c | \\\\ |") == std::vector<std::string>{"a", "b|c", "\\"});
}

TEST_CASE("side effects: from the graph before and after") {
  test::TempDir dir;
  auto store = GraphStore::open({.path = dir.path(), .noSync = true});
  const GraphState empty = captureState(*store->snapshot());
  uint64_t a = 0;
  store->write([&](WriteTxn& w) {
    a = w.createNode({"A"}, {{"name", Value("x")}});
    const uint64_t b = w.createNode({"A", "B"}, {});
    w.createEdge("T", a, b, {{"w", Value(1.5)}});
  });
  const GraphState one = captureState(*store->snapshot());
  SideEffects effects = sideEffects(empty, one);
  CHECK(effects["+nodes"] == 2);
  CHECK(effects["+relationships"] == 1);
  CHECK(effects["+labels"] == 2);  // A and B, however many nodes carry them
  CHECK(effects["+properties"] == 2);
  CHECK(effects["-nodes"] == 0);

  store->write([&](WriteTxn& w) { w.updateNode(a, {{"name", Value("y")}}, {}, {"A"}); });
  effects = sideEffects(one, captureState(*store->snapshot()));
  CHECK(effects["+properties"] == 1);  // a changed value: one added, one removed
  CHECK(effects["-properties"] == 1);
  CHECK(effects["-labels"] == 0);  // the other node still has A
  CHECK(formatSideEffects(effects) == "+properties 1, -properties 1");

  std::string error;
  const auto expected = expectedSideEffects({{"+nodes", "2"}, {"-labels", "1"}}, error);
  REQUIRE(expected);
  CHECK(expected->at("+nodes") == 2);
  CHECK(expected->at("+properties") == 0);
  CHECK_FALSE(expectedSideEffects({{"+widgets", "1"}}, error));
  CHECK(error.find("+widgets") != std::string::npos);
}

TEST_CASE("known-failing list: check and update") {
  const std::set<std::string> known{"a: x", "b: y", "c: z"};
  const std::map<std::string, bool> results{{"a: x", false}, {"b: y", true}, {"d: new", false}};
  const BaselineCheck check = checkAgainst(known, results);
  CHECK(check.regressions == std::vector<std::string>{"d: new"});
  CHECK(check.nowPassing == std::vector<std::string>{"b: y"});
  // c did not run (filtered out): it stays listed.
  CHECK(updatedList(known, results) == std::set<std::string>{"a: x", "c: z", "d: new"});

  test::TempDir dir;
  const std::string file = dir.sub("failing.txt");
  CHECK_FALSE(readFailingList(file));
  writeFailingList(file, known);
  CHECK(readFailingList(file) == known);
  std::ofstream(file, std::ios::app) << "\n# comment\nz: last  \n";
  CHECK(readFailingList(file)->count("z: last") == 1);
}

TEST_CASE("isolation: a crash or a result comes back from the child") {
  Outcome o;
  o.verdict = Verdict::FAILED;
  o.reason = "multi\nline: with | and 12:colons";
  o.codeMismatch = "expected A, got B";
  const auto back = decodeOutcome(encodeOutcome(o));
  REQUIRE(back);
  CHECK(back->verdict == Verdict::FAILED);
  CHECK(back->reason == o.reason);
  CHECK(back->codeMismatch == o.codeMismatch);
  CHECK_FALSE(decodeOutcome("1:0garbage"));

  const Outcome ok = runIsolated([] { return Outcome{}; }, std::chrono::seconds(30));
  CHECK(ok.verdict == Verdict::PASSED);
  const Outcome crashed = runIsolated(
      []() -> Outcome {
        std::signal(SIGSEGV, SIG_DFL);  // past doctest's handler, which would report a crash
        std::raise(SIGSEGV);
        return {};
      },
      std::chrono::seconds(30));
  CHECK(crashed.verdict == Verdict::FAILED);
  CHECK(crashed.reason.find("crashed: Segmentation fault") != std::string::npos);
  const Outcome exited = runIsolated([]() -> Outcome { ::_exit(7); }, std::chrono::seconds(30));
  CHECK(exited.reason.find("exited with status 7") != std::string::npos);
}

TEST_CASE("scenarios: unsupported steps are reported, not run") {
  const Feature f = parseFeature(
      "Feature: F\n  Scenario: S\n    Given an empty graph\n"
      "    And the database has a constraint on :A(x)\n"
      "    When executing query:\n      \"\"\"\n      MATCH (n) RETURN n\n      \"\"\"\n"
      "  Scenario: T\n    Given an empty graph\n    And no side effects\n");
  const Outcome unsupported = runScenario(f.scenarios[0], {});
  CHECK(unsupported.verdict == Verdict::UNSUPPORTED);
  CHECK(unsupported.reason.find("has a constraint") != std::string::npos);
  const Outcome noQuery = runScenario(f.scenarios[1], {});
  CHECK(noQuery.verdict == Verdict::FAILED);
  CHECK(noQuery.category == "bad scenario");
}

TEST_CASE("scenarios: a named graph is loaded from the graphs directory") {
  casegraph::test::TempDir dir;
  std::filesystem::create_directories(dir.sub("graphs/tiny"));
  std::ofstream(dir.sub("graphs/tiny/tiny.cypher")) << "CREATE (:A)-[:R]->(:B)\n";
  const Feature f = parseFeature(
      "Feature: F\n  Scenario: S\n    Given the tiny graph\n"
      "    When executing query:\n      \"\"\"\n      MATCH (a)-->(b) RETURN count(*) AS n\n"
      "      \"\"\"\n    Then the result should be, in any order:\n      | n |\n      | 1 |\n"
      "    And no side effects\n"
      "  Scenario: M\n    Given the missing graph\n");
  RunOptions options;
  options.graphsDir = dir.sub("graphs");
  options.scratchDir = dir.path();
  CHECK(runScenario(f.scenarios[0], options).verdict == Verdict::PASSED);
  const Outcome missing = runScenario(f.scenarios[1], options);
  CHECK(missing.verdict != Verdict::PASSED);
  CHECK(missing.reason.find("missing") != std::string::npos);
}

TEST_CASE("scenarios: a procedure given by a table answers CALLs with its matching rows") {
  const Feature f = parseFeature(
      "Feature: F\n"
      "  Scenario: S\n    Given an empty graph\n"
      "    And there exists a procedure test.my.proc(name :: STRING?, id :: INTEGER?) :: "
      "(city :: STRING?):\n"
      "      | name | id | city |\n"
      "      | 'Stefan' | 1 | 'Berlin' |\n"
      "      | 'Stefan' | 2 | 'Munich' |\n"
      "      | 'Petra' | 1 | 'London' |\n"
      "    When executing query:\n      \"\"\"\n      CALL test.my.proc('Stefan', 2)\n"
      "      \"\"\"\n"
      "    Then the result should be, in order:\n      | city |\n      | 'Munich' |\n"
      "  Scenario: W\n    Given an empty graph\n"
      "    And there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):\n"
      "      | in | out |\n"
      "    When executing query:\n      \"\"\"\n      CALL test.my.proc('x')\n      \"\"\"\n"
      "    Then a SyntaxError should be raised at compile time: InvalidArgumentType\n"
      "  Scenario: B\n    Given an empty graph\n"
      "    And there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):\n"
      "      | in | out | extra |\n      | 1 | 'a' | 2 |\n");
  CHECK(runScenario(f.scenarios[0], {}).verdict == Verdict::PASSED);
  CHECK(runScenario(f.scenarios[1], {}).verdict == Verdict::PASSED);
  const Outcome bad = runScenario(f.scenarios[2], {});
  CHECK(bad.verdict == Verdict::FAILED);
  CHECK(bad.category == "bad procedure table");
}
