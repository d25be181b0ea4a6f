// The client side of Cypher queries without a server: splitting scripts on `;`, --param
// arguments, query error messages, durations and change summaries, and printing query values.
#include "client/graphctl/query-text.h"

#include <capnp/message.h>
#include <doctest/doctest.h>

#include <sstream>

#include "client/lib/convert.h"
#include "client/graphctl/output.h"

using namespace casegraph;

namespace {

std::vector<std::string> texts(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& s : splitStatements(script)) out.push_back(s.text);
  return out;
}

QueryValue param(std::string_view arg, std::string* nameOut = nullptr) {
  std::string name, error;
  QueryValue value;
  REQUIRE_MESSAGE(parseQueryParam(arg, name, value, error), error);
  if (nameOut) *nameOut = name;
  return value;
}

std::string paramError(std::string_view arg) {
  std::string name, error;
  QueryValue value;
  CHECK_FALSE(parseQueryParam(arg, name, value, error));
  return error;
}

std::string print(OutputFormat format, std::vector<std::string> columns,
                  const std::vector<QueryRow>& rows) {
  std::ostringstream out;
  ResultPrinter p(out, format, std::move(columns));
  for (const auto& row : rows) {
    std::vector<Cell> cells;
    for (const auto& v : row) cells.push_back(queryCell(v));
    p.addRow(std::move(cells));
  }
  p.finish();
  return out.str();
}

Node ann() {
  Node n;
  n.id = 5;
  n.labels = {"Person"};
  n.properties = {{"name", Value("Ann")}};
  return n;
}

}  // namespace

TEST_CASE("statements split on ; outside strings, quoted names and comments") {
  using V = std::vector<std::string>;
  CHECK(texts("RETURN 1; RETURN 2") == V{"RETURN 1", "RETURN 2"});
  CHECK(texts("RETURN 1;\n\n  RETURN 2 ;  \n") == V{"RETURN 1", "RETURN 2"});
  CHECK(texts("RETURN 'a;b' AS x; RETURN \"c;d\"") == V{"RETURN 'a;b' AS x", "RETURN \"c;d\""});
  CHECK(texts(R"(RETURN 'it\'s; here'; RETURN "say \"x;\"")") ==
        V{R"(RETURN 'it\'s; here')", R"(RETURN "say \"x;\"")"});
  CHECK(texts("MATCH (`a;b`) RETURN `a;b`; RETURN 1") ==
        V{"MATCH (`a;b`) RETURN `a;b`", "RETURN 1"});
  CHECK(texts("RETURN 1 // one; two\n; RETURN 2") == V{"RETURN 1 // one; two", "RETURN 2"});
  CHECK(texts("RETURN /* ; */ 1; /* only a comment; */ ; // and this;\n") == V{"RETURN /* ; */ 1"});
  CHECK(texts(";;  ;\n").empty());
  CHECK(texts("").empty());
  CHECK(texts("RETURN 'open; string") == V{"RETURN 'open; string"});
  CHECK(texts("RETURN 1 /* open comment; ") == V{"RETURN 1 /* open comment;"});
  CHECK(texts("RETURN 'ü;'; RETURN 2") == V{"RETURN 'ü;'", "RETURN 2"});
}

TEST_CASE("statements remember where they start, in lines and characters") {
  const auto s =
      splitStatements("RETURN 1;  RETURN 'é'; RETURN 3;\n// c\n\n  MATCH (n)\n  RETURN n");
  REQUIRE(s.size() == 4);
  CHECK(s[1].line == 1);
  CHECK(s[1].column == 12);
  CHECK(s[2].column == 24);  // é is one character
  CHECK(s[3].line == 4);
  CHECK(s[3].column == 3);
  CHECK(s[3].text == "MATCH (n)\n  RETURN n");
  uint32_t line = 1, column = 5;
  scriptPosition(s[1], line, column);
  CHECK(line == 1);
  CHECK(column == 16);
  line = 2;
  column = 10;
  scriptPosition(s[3], line, column);
  CHECK(line == 5);
  CHECK(column == 10);
}

TEST_CASE("a script is complete when nothing is left open at its end") {
  CHECK(statementsComplete("RETURN 1;"));
  CHECK(statementsComplete("RETURN 1;  // done\n"));
  CHECK(statementsComplete("RETURN 1; RETURN 2;"));
  CHECK(statementsComplete("// just a comment"));
  CHECK(statementsComplete(""));
  CHECK_FALSE(statementsComplete("MATCH (n)"));
  CHECK_FALSE(statementsComplete("MATCH (n)\nRETURN n"));
  CHECK_FALSE(statementsComplete("RETURN 1; RETURN 2"));
  CHECK_FALSE(statementsComplete("RETURN 'a;"));
  CHECK_FALSE(statementsComplete("RETURN 1; /* ;"));
  CHECK_FALSE(statementsComplete("RETURN `a;"));
}

TEST_CASE("--param NAME=VALUE: JSON when it parses, otherwise a string") {
  std::string name;
  CHECK(param("name=\"Smith\"", &name) == QueryValue(Value("Smith")));
  CHECK(name == "name");
  CHECK(param("name=Smith") == QueryValue(Value("Smith")));
  CHECK(param("name=John Smith") == QueryValue(Value("John Smith")));
  CHECK(param("n=3") == QueryValue(Value(3)));
  CHECK(param("x=1.5") == QueryValue(Value(1.5)));
  CHECK(param("b=true") == QueryValue(Value(true)));
  CHECK(param("z=null").isNull());
  CHECK(param("zip=\"01234\"") == QueryValue(Value("01234")));
  CHECK(param("zip=01234") == QueryValue(Value("01234")));  // not JSON: a string
  CHECK(param("empty=") == QueryValue(Value("")));
  CHECK(param("eq=a=b") == QueryValue(Value("a=b")));
  CHECK(param("ids=[1,2]") == QueryValue(QueryValue::List{Value(1), Value(2)}));
  CHECK(param("m={\"k\": [1, \"a\"], \"n\": null}") ==
        QueryValue(QueryValue::Map{{"k", QueryValue::List{Value(1), Value("a")}}, {"n", {}}}));
  CHECK(param("$dollar=1", &name) == QueryValue(Value(1)));
  CHECK(name == "dollar");
  CHECK(param("0=x", &name) == QueryValue(Value("x")));

  CHECK(paramError("novalue") == "'novalue' is not NAME=VALUE");
  CHECK(paramError("=1") == "'=1' has no parameter name before '='");
  CHECK(paramError("a b=1").find("letters, digits and _") != std::string::npos);
  CHECK(paramError("ids=[1,").find("looks like JSON") != std::string::npos);
  CHECK(paramError("s=\"open").find("looks like JSON") != std::string::npos);
}

TEST_CASE("query error messages split into kind, code, position and text") {
  auto e =
      parseQueryError("SyntaxError (UndefinedVariable) at line 2, column 8: `x` is not defined");
  REQUIRE(e.has_value());
  CHECK(e->kind == "SyntaxError");
  CHECK(e->code == "UndefinedVariable");
  CHECK(e->line == 2);
  CHECK(e->column == 8);
  CHECK(e->message == "`x` is not defined");
  e = parseQueryError("TypeError (InvalidArgumentType): expected a number: got 'a'");
  REQUIRE(e.has_value());
  CHECK(e->code == "InvalidArgumentType");
  CHECK(e->line == 0);
  CHECK(e->message == "expected a number: got 'a'");
  e = parseQueryError("EntityNotFound: gone");
  REQUIRE(e.has_value());
  CHECK(e->code.empty());
  CHECK_FALSE(parseQueryError("op 3: unknown node reference 'a'").has_value());
  CHECK_FALSE(parseQueryError("the query ran past its deadline").has_value());
  CHECK_FALSE(parseQueryError("SyntaxError (X) at line two: no").has_value());
  CHECK_FALSE(parseQueryError("").has_value());
}

TEST_CASE("durations and change summaries") {
  CHECK(formatDuration({}) == "PT0S");
  CHECK(formatDuration({14, 3, 0, 0}) == "P1Y2M3D");
  CHECK(formatDuration({0, 1, 7200, 0}) == "P1DT2H");
  CHECK(formatDuration({0, 0, 3725, 500'000'000}) == "PT1H2M5.5S");
  CHECK(formatDuration({0, 0, 0, 1000}) == "PT0.000001S");
  CHECK(formatDuration({0, 0, -1, -500'000'000}) == "PT-1.5S");
  CHECK(formatDuration({0, 0, 0, -500'000'000}) == "PT-0.5S");
  CHECK(formatDuration({0, 0, 1, -500'000'000}) == "PT0.5S");

  QueryStats s;
  CHECK(describeStats(s).empty());
  CHECK_FALSE(s.any());
  s.nodesCreated = 3;
  s.relationshipsCreated = 1;
  s.propertiesSet = 2;
  s.labelsRemoved = 1;
  CHECK(s.any());
  CHECK(describeStats(s) ==
        "3 nodes created, 1 relationship created, 2 properties set, 1 label removed");
}

TEST_CASE("query values print like the other commands' values") {
  const QueryValue node = ann();
  const QueryValue list = QueryValue::List{Value(1), Value("a")};
  const QueryValue map =
      QueryValue::Map{{"who", node}, {"n", Value(2)}, {"d", QueryDuration{0, 1, 0, 0}}};
  const QueryValue nodes = QueryValue::List{node, {}};

  // Scalars and lists of scalars become plain values; the rest stays a query value.
  CHECK(std::holds_alternative<Value>(queryCell(list)));
  CHECK(std::holds_alternative<Node>(queryCell(node)));
  CHECK(std::holds_alternative<QueryValue>(queryCell(map)));
  CHECK(std::holds_alternative<QueryValue>(queryCell(nodes)));

  CHECK(print(OutputFormat::JSON, {"l", "m", "ns"}, {{list, map, nodes}}) ==
        "{\"columns\":[\"l\",\"m\",\"ns\"],\"rows\":[\n"
        "[[1,\"a\"],{\"d\":\"P1D\",\"n\":2,\"who\":{\"id\":5,\"labels\":[\"Person\"],"
        "\"properties\":{\"name\":\"Ann\"}}},[{\"id\":5,\"labels\":[\"Person\"],\"properties\":"
        "{\"name\":\"Ann\"}},null]]\n]}\n");
  CHECK(print(OutputFormat::TABLE, {"m", "ns"}, {{map, nodes}}) ==
        "m                                              ns\n"
        "---------------------------------------------  --------------------------------\n"
        "{d: P1D, n: 2, who: (5:Person {name: \"Ann\"})}  [(5:Person {name: \"Ann\"}), null]\n"
        "1 row\n");
  CHECK(print(OutputFormat::CSV, {"m", "d"},
              {{QueryValue::Map{{"k", Value("v")}}, QueryDuration{0, 0, 90, 0}}}) ==
        "m,d\r\n\"{\"\"k\"\":\"\"v\"\"}\",PT1M30S\r\n");
}

TEST_CASE("query values survive the trip through the RPC structs") {
  Edge e;
  e.id = 9;
  e.type = "KNOWS";
  e.start = 5;
  e.end = 6;
  PathValue p;
  p.nodes = {ann(), ann()};
  p.relationships = {e};
  const QueryValue v = QueryValue::List{Value(),
                                        Value(true),
                                        Value(int64_t{-3}),
                                        Value(2.5),
                                        Value("s"),
                                        Value(Bytes{"\x01\x02"}),
                                        Value(Date{3}),
                                        Value(DateTime{4}),
                                        QueryDuration{1, 2, 3, 4},
                                        QueryValue::Map{{"a", Value(1)}, {"b", QueryValue::List{}}},
                                        ann(),
                                        e,
                                        p};
  capnp::MallocMessageBuilder message;
  auto builder = message.initRoot<rpc::QueryValue>();
  toRpc(v, builder);
  CHECK(fromRpc(builder.asReader()) == v);
}
