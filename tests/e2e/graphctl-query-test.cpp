// `graphctl query` and Cypher in `graphctl shell` against a real graphd: the JSON shapes of
// docs/rpc.md, parameters from the command line, scripts split on `;`, the summary and error
// lines, and exit codes.
#include <fstream>

#include "client/lib/json.h"
#include "e2e-util.h"

using namespace casegraph;
using namespace casegraph::test;

namespace {

// Runs graphctl with `args`, `input` on its standard input; waits for it to exit.
Run graphctl(const TempDir& dir, const std::vector<std::string>& args,
             const std::string& input = "") {
  return runProgram(binaryDir() + "/client/graphctl", dir, args, input);
}

JsonValue parsed(const std::string& text) {
  JsonValue v;
  std::string error;
  REQUIRE_MESSAGE(parseJson(text, v, error), error << "\n" << text);
  return v;
}

const JsonValue& member(const JsonValue& object, std::string_view key) {
  const JsonValue* v = object.find(key);
  REQUIRE_MESSAGE(v != nullptr, "no member " << key);
  return *v;
}

std::vector<std::string> keysOf(const JsonValue& object) {
  REQUIRE(object.kind() == JsonValue::Kind::OBJECT);
  std::vector<std::string> keys;
  for (const auto& [k, v] : object.asObject()) keys.push_back(k);
  return keys;
}

JsonValue strings(std::vector<std::string> items) {
  JsonValue::Array out;
  for (auto& s : items) out.emplace_back(std::move(s));
  return JsonValue(std::move(out));
}

struct QueryServer {
  ServedStore served;
  std::string address;
  QueryServer() {
    served.server.start();
    address = served.server.tcpAddress();
  }
  Run run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"--connect", address});
    return graphctl(served.dir, args, input);
  }
};

}  // namespace

TEST_CASE("graphctl query: the result set in JSON, table and CSV") {
  QueryServer s;
  const Run created = s.run({"query",
                             "CREATE (a:Person {name: 'Ann'})-[:KNOWS {since: 2020}]->"
                             "(b:Person {name: 'Bob'}) RETURN a, b"});
  REQUIRE_MESSAGE(created.code == 0, created.err);
  CHECK(created.out.find("(1:Person {name: \"Ann\"})") != std::string::npos);
  CHECK(created.out.find("1 row") != std::string::npos);
  // What a write changed goes to stderr in table format.
  CHECK(created.err.find("2 nodes created, 1 relationship created") != std::string::npos);

  SUBCASE("values, a relationship type and a node") {
    const Run r =
        s.run({"--format", "json", "query", "MATCH (a)-[r:KNOWS]->(b) RETURN a.name, type(r), b"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.err.empty());
    const JsonValue doc = parsed(r.out);
    CHECK(keysOf(doc) == std::vector<std::string>{"columns", "rows"});
    CHECK(member(doc, "columns") == strings({"a.name", "type(r)", "b"}));
    const auto& rows = member(doc, "rows").asArray();
    REQUIRE(rows.size() == 1);
    const auto& row = rows[0].asArray();
    REQUIRE(row.size() == 3);
    CHECK(row[0] == JsonValue(std::string("Ann")));
    CHECK(row[1] == JsonValue(std::string("KNOWS")));
    CHECK(keysOf(row[2]) == std::vector<std::string>{"id", "labels", "properties"});
    CHECK(member(row[2], "labels") == strings({"Person"}));
    CHECK(member(member(row[2], "properties"), "name") == JsonValue(std::string("Bob")));
  }
  SUBCASE("relationships, paths, lists and maps") {
    const Run r = s.run({"--format", "json", "query",
                         "MATCH p = (a)-[r:KNOWS]->(b) RETURN r, p, [a.name, 1] AS l, "
                         "{n: a.name, b: b} AS m"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const JsonValue doc = parsed(r.out);
    const auto& row = member(doc, "rows").asArray().at(0).asArray();
    CHECK(keysOf(row[0]) == std::vector<std::string>{"id", "type", "start", "end", "properties"});
    CHECK(member(row[0], "type") == JsonValue(std::string("KNOWS")));
    CHECK(member(member(row[0], "properties"), "since") == JsonValue(int64_t{2020}));
    CHECK(keysOf(row[1]) == std::vector<std::string>{"nodes", "relationships"});
    CHECK(member(row[1], "nodes").asArray().size() == 2);
    CHECK(member(row[1], "relationships").asArray().at(0) == row[0]);
    CHECK(row[2] ==
          JsonValue(JsonValue::Array{JsonValue(std::string("Ann")), JsonValue(int64_t{1})}));
    CHECK(member(row[3], "n") == JsonValue(std::string("Ann")));
    CHECK(keysOf(member(row[3], "b")) == std::vector<std::string>{"id", "labels", "properties"});
  }
  SUBCASE("parameters from the command line: JSON, or a bare word as a string") {
    Run r =
        s.run({"--format", "json", "query",
               "MATCH (p:Person {name: $name}) RETURN p.name, $n + 1, size($ids), $word", "--param",
               "name=\"Ann\"", "--param", "n=3", "--param", "ids=[1,2]", "--param", "word=Smith"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const JsonValue doc = parsed(r.out);
    const auto& row = member(doc, "rows").asArray().at(0);
    CHECK(row ==
          JsonValue(JsonValue::Array{JsonValue(std::string("Ann")), JsonValue(int64_t{4}),
                                     JsonValue(int64_t{2}), JsonValue(std::string("Smith"))}));
    r = s.run({"query", "RETURN $x", "--param", "x=[1,"});
    CHECK(r.code == 2);
    CHECK(r.err.find("looks like JSON") != std::string::npos);
  }
  SUBCASE("table and CSV") {
    Run r = s.run({"query", "MATCH (p:Person) RETURN p.name AS name ORDER BY name"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out == "name\n----\nAnn\nBob\n2 rows\n");
    CHECK(r.err.empty());
    r = s.run({"--format", "csv", "query",
               "MATCH (p:Person) RETURN p.name AS name, [1, 2] AS l ORDER BY name"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out == "name,l\r\nAnn,\"[1,2]\"\r\nBob,\"[1,2]\"\r\n");
  }
  SUBCASE("EXPLAIN prints the plan") {
    const Run r = s.run({"query", "EXPLAIN MATCH (p:Person) RETURN p"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK_FALSE(r.out.empty());
    CHECK(r.out.find("rows") == std::string::npos);  // a plan, not a table
  }
}

TEST_CASE("graphctl query: scripts of ;-separated statements") {
  QueryServer s;
  const std::string script =
      "// people; and their links\n"
      "CREATE (:Person {name: 'Ann; the first'});\n"
      "CREATE (:Person {name: \"Bob \\\"B;\\\" Jones\"}) /* a ; in a comment */ ;\n"
      "\n"
      "MATCH (p:Person)\n"
      "RETURN p.name AS name\n"
      "ORDER BY name;\n";

  SUBCASE("from a file") {
    std::ofstream(s.served.dir.sub("people.cypher")) << script;
    const Run r = s.run({"--format", "json", "query", "-f", s.served.dir.sub("people.cypher")});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    // Three JSON documents, one per statement.
    const auto last = r.out.rfind("{\"columns\"");
    REQUIRE(last != std::string::npos);
    const JsonValue doc = parsed(r.out.substr(last));
    CHECK(member(doc, "rows") ==
          JsonValue(JsonValue::Array{
              JsonValue(JsonValue::Array{JsonValue(std::string("Ann; the first"))}),
              JsonValue(JsonValue::Array{JsonValue(std::string("Bob \"B;\" Jones"))})}));
  }
  SUBCASE("from standard input; a failing statement stops the rest and names its line") {
    const Run r = s.run({"query"}, script + "MATCH (p)\nRETURN q;\nCREATE (:Never);\n");
    CHECK(r.code == 1);
    CHECK(r.out.find("Ann; the first") != std::string::npos);
    CHECK(r.err.find("stdin: statement 4: SyntaxError (UndefinedVariable) at line 9, column 8") !=
          std::string::npos);
    CHECK(r.err.find("\n  RETURN q\n         ^") != std::string::npos);
    const Run never = s.run({"query", "MATCH (n:Never) RETURN count(n) AS n"});
    CHECK(never.out.find("0") != std::string::npos);
  }
}

TEST_CASE("graphctl query: errors and exit codes") {
  QueryServer s;
  Run r = s.run({"query", "RETURN x"});
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "graphctl: SyntaxError (UndefinedVariable) at line 1, column 8: variable `x` is not "
        "defined\n  RETURN x\n         ^\n");
  r = s.run({"query", "MATCH (n) WHERE n.x = RETURN n"});
  CHECK(r.code == 1);
  CHECK(r.err.find("SyntaxError (UnexpectedSyntax) at line 1, column 23: ") != std::string::npos);
  CHECK(r.err.find("\n                        ^\n") != std::string::npos);
  r = s.run({"query", "RETURN 1", "--param", "=1"});
  CHECK(r.code == 2);
  r = graphctl(s.served.dir, {"--connect", "127.0.0.1:1", "query", "RETURN 1"});
  CHECK(r.code == 1);
  CHECK(r.err.find("cannot connect to 127.0.0.1:1") != std::string::npos);
}

TEST_CASE("graphctl shell: Cypher statements, :param and the query command") {
  QueryServer s;
  const Run r = s.run({"shell"},
                      "CREATE (:Person {name: 'Ann'}),\n"
                      "       (:Person {name: 'Bob'});\n"
                      ":param who=Bob\n"
                      "MATCH (p:Person) WHERE p.name = $who RETURN p.name AS found;\n"
                      "query 'RETURN $n * 2 AS twice' --param n=21\n"
                      "RETURN nothing;\n"
                      "stats\n"
                      "RETURN 1 AS a; RETURN 2 AS b;\n");
  CHECK(r.code == 1);  // one statement failed
  CHECK(r.err.find("2 nodes created") != std::string::npos);
  CHECK(r.out.find("found\n-----\nBob\n1 row\n") != std::string::npos);
  CHECK(r.out.find("twice\n-----\n   42\n1 row\n") != std::string::npos);
  CHECK(r.err.find("error: SyntaxError (UndefinedVariable) at line 1, column 8") !=
        std::string::npos);
  CHECK(r.out.find("label          Person      2") != std::string::npos);
  CHECK(r.out.find("a\n-\n1\n1 row\n\nb\n-\n2\n1 row\n") != std::string::npos);
}
