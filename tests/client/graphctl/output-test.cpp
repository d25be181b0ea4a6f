#include "client/graphctl/output.h"

#include <doctest/doctest.h>

#include <limits>
#include <sstream>

using namespace casegraph;

namespace {

Node ann() {
  Node n;
  n.id = 5;
  n.labels = {"Person", "Suspect"};
  n.properties = {{"name", Value("Ann")}, {"born", Value(*parseDate("1990-02-03"))}};
  return n;
}

Edge knows() {
  Edge e;
  e.id = 9;
  e.type = "KNOWS";
  e.start = 5;
  e.end = 6;
  e.properties = {{"since", Value(int64_t{2020})}};
  return e;
}

std::string print(OutputFormat format, std::vector<std::string> columns,
                  std::vector<std::vector<Cell>> rows, const std::string& note = {}) {
  std::ostringstream out;
  ResultPrinter p(out, format, std::move(columns));
  for (auto& r : rows) p.addRow(std::move(r));
  p.finish(note);
  return out.str();
}

}  // namespace

TEST_CASE("compact node and relationship forms") {
  CHECK(compactNode(ann()) == "(5:Person:Suspect {born: 1990-02-03, name: \"Ann\"})");
  Node bare;
  bare.id = 7;
  CHECK(compactNode(bare) == "(7)");
  CHECK(compactEdge(knows()) == "[9:KNOWS 5->6 {since: 2020}]");
  Edge odd = knows();
  odd.type = "HAS PART";
  odd.properties = {{"first name", Value(List{int64_t{1}, "x"})}};
  CHECK(compactEdge(odd) == "[9:`HAS PART` 5->6 {`first name`: [1, \"x\"]}]");
}

TEST_CASE("table output") {
  const std::string table =
      print(OutputFormat::TABLE, {"relationship", "node"}, {{knows(), ann()}}, "truncated");
  CHECK(table ==
        std::string("relationship                  node\n") + "----------------------------  " +
            std::string(50, '-') +
            "\n"
            "[9:KNOWS 5->6 {since: 2020}]  (5:Person:Suspect {born: 1990-02-03, name: \"Ann\"})\n"
            "1 row (truncated)\n");

  // Numbers align right; strings show their text; null is "null".
  const std::string stats = print(OutputFormat::TABLE, {"kind", "name", "count"},
                                  {{Value("nodes"), Value(""), Value(int64_t{123})},
                                   {Value("label"), Value("Person"), Value(int64_t{5})}});
  CHECK(stats ==
        "kind   name    count\n"
        "-----  ------  -----\n"
        "nodes            123\n"
        "label  Person      5\n"
        "2 rows\n");
  CHECK(print(OutputFormat::TABLE, {"node"}, {}) == "node\n----\n0 rows\n");
  CHECK(tableCell(Cell(Value("a\nb"))) == "a\\nb");
  CHECK(tableCell(Cell(Value())) == "null");
}

TEST_CASE("JSON output is the result-set contract") {
  CHECK(print(OutputFormat::JSON, {"relationship", "node"}, {{knows(), ann()}}) ==
        "{\"columns\":[\"relationship\",\"node\"],\"rows\":[\n"
        "[{\"id\":9,\"type\":\"KNOWS\",\"start\":5,\"end\":6,\"properties\":{\"since\":2020}},"
        "{\"id\":5,\"labels\":[\"Person\",\"Suspect\"],\"properties\":{\"born\":\"1990-02-03\","
        "\"name\":\"Ann\"}}]\n"
        "]}\n");
  CHECK(print(OutputFormat::JSON, {"id", "created"},
              {{Value(int64_t{1}), Value(true)}, {Value(int64_t{2}), Value(false)}}) ==
        "{\"columns\":[\"id\",\"created\"],\"rows\":[\n[1,true],\n[2,false]\n]}\n");
  CHECK(print(OutputFormat::JSON, {"node"}, {}) == "{\"columns\":[\"node\"],\"rows\":[]}\n");
}

TEST_CASE("CSV output quotes as RFC 4180") {
  CHECK(print(OutputFormat::CSV, {"kind", "name", "count"},
              {{Value("label"), Value("a,b"), Value(int64_t{3})},
               {Value("x"), Value(), Value(1.5)}}) ==
        "kind,name,count\r\nlabel,\"a,b\",3\r\nx,,1.5\r\n");
  CHECK(print(OutputFormat::CSV, {"relationship"}, {{knows()}}) ==
        "relationship\r\n"
        "\"{\"\"id\"\":9,\"\"type\"\":\"\"KNOWS\"\",\"\"start\"\":5,\"\"end\"\":6,"
        "\"\"properties\"\":{\"\"since\"\":2020}}\"\r\n");
  CHECK(csvQuote("plain") == "plain");
  CHECK(csvQuote("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csvQuote("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("format names") {
  CHECK(parseOutputFormat("json") == OutputFormat::JSON);
  CHECK_FALSE(parseOutputFormat("yaml"));
  CHECK(displayWidth("caf\xc3\xa9") == 4);
}

TEST_CASE("NaN and the infinities print as such, in JSON as strings") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<Cell>> rows{{Value(nan), Value(inf), Value(-inf), Value(List{inf})}};
  CHECK(print(OutputFormat::TABLE, {"a", "b", "c", "d"}, rows) ==
        "  a         b          c  d\n"
        "---  --------  ---------  ----------\n"
        "NaN  Infinity  -Infinity  [Infinity]\n"
        "1 row\n");
  CHECK(print(OutputFormat::CSV, {"a", "b", "c"}, {{Value(nan), Value(inf), Value(-inf)}}) ==
        "a,b,c\r\nNaN,Infinity,-Infinity\r\n");
  CHECK(print(OutputFormat::JSON, {"a", "b", "c", "d"}, rows) ==
        "{\"columns\":[\"a\",\"b\",\"c\",\"d\"],\"rows\":[\n"
        "[\"NaN\",\"Infinity\",\"-Infinity\",[\"Infinity\"]]\n"
        "]}\n");
}
