// Session.query end to end: a real graphd and GraphClient. Results come back as full records
// with their columns and counters, parameters reach the query, errors in the query come back
// typed with their position while the connection keeps serving, and a call the client drops
// stops on the server.
#include <kj/async.h>

#include <chrono>
#include <thread>

#include "e2e-util.h"

using namespace casegraph;
using namespace casegraph::test;

namespace {

constexpr auto WAIT_LIMIT = 60 * kj::SECONDS;  // safety net for a stuck server only

const QueryValue& cell(const QueryResult& r, size_t row, size_t column) {
  REQUIRE(row < r.rows.size());
  REQUIRE(column < r.rows[row].size());
  return r.rows[row][column];
}

std::string stringOf(const QueryValue& v) {
  REQUIRE(v.kind() == QueryValue::Kind::SCALAR);
  REQUIRE(v.asScalar().type() == ValueType::STRING);
  return v.asScalar().asString();
}

int64_t intOf(const QueryValue& v) {
  REQUIRE(v.kind() == QueryValue::Kind::SCALAR);
  REQUIRE(v.asScalar().type() == ValueType::INT);
  return v.asScalar().asInt();
}

// Runs `call`, which must fail with `category`; returns the error's message.
template <typename Fn>
std::string expectError(const std::string& category, Fn&& call) {
  try {
    call();
  } catch (const ClientError& e) {
    CHECK(e.category() == category);
    return e.what();
  }
  FAIL_CHECK("the call succeeded; expected " << category);
  return "";
}

// The server keeps serving this connection after an error.
void checkStillServes(GraphClient& c) {
  const QueryResult r = c.query("RETURN 40 + 2 AS answer");
  CHECK(r.columns == std::vector<std::string>{"answer"});
  CHECK(intOf(cell(r, 0, 0)) == 42);
  CHECK(c.stats().version.size() > 0);
}

size_t countOf(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("Session.query: writes, reads and parameters with full records") {
  ServedStore served;
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());

  const QueryResult made =
      c->query("CREATE (a:Person {name: 'Ann'})-[:KNOWS]->(b:Person {name: 'Bob'}) RETURN a, b");
  CHECK(made.columns == std::vector<std::string>{"a", "b"});
  REQUIRE(made.rows.size() == 1);
  REQUIRE(cell(made, 0, 0).kind() == QueryValue::Kind::NODE);
  const Node ann = cell(made, 0, 0).asNode();
  const Node bob = cell(made, 0, 1).asNode();
  CHECK(ann.labels == std::vector<std::string>{"Person"});
  CHECK(ann.properties.at("name") == Value("Ann"));
  CHECK(bob.properties.at("name") == Value("Bob"));
  CHECK(made.summary.wrote);
  CHECK(made.summary.stats.nodesCreated == 2);
  CHECK(made.summary.stats.relationshipsCreated == 1);
  CHECK(made.summary.rows == 1);
  CHECK(made.summary.mode == rpc::QueryMode::NORMAL);
  CHECK(c->stats().nodes == 2);

  SUBCASE("a match returns values, types and nodes as the store has them") {
    const QueryResult r = c->query("MATCH (a)-[r:KNOWS]->(b) RETURN a.name, type(r), b");
    CHECK(r.columns == std::vector<std::string>{"a.name", "type(r)", "b"});
    REQUIRE(r.rows.size() == 1);
    CHECK(stringOf(cell(r, 0, 0)) == "Ann");
    CHECK(stringOf(cell(r, 0, 1)) == "KNOWS");
    REQUIRE(cell(r, 0, 2).kind() == QueryValue::Kind::NODE);
    CHECK(cell(r, 0, 2).asNode() == c->getNodes({bob.id}).at(0));
    CHECK_FALSE(r.summary.wrote);
    CHECK_FALSE(r.summary.stats.any());
  }
  SUBCASE("relationships, paths, lists, maps and durations") {
    const QueryResult r = c->query(
        "MATCH p = (a:Person)-[r:KNOWS]->(b:Person) "
        "RETURN r, p, [a.name, b.name] AS names, {who: a, n: 1} AS m, "
        "duration({days: 1, hours: 2}) AS d");
    REQUIRE(r.rows.size() == 1);
    REQUIRE(cell(r, 0, 0).kind() == QueryValue::Kind::RELATIONSHIP);
    const Edge knows = cell(r, 0, 0).asEdge();
    CHECK(knows.type == "KNOWS");
    CHECK(knows.start == ann.id);
    CHECK(knows.end == bob.id);
    REQUIRE(cell(r, 0, 1).kind() == QueryValue::Kind::PATH);
    const PathValue& p = cell(r, 0, 1).asPath();
    REQUIRE(p.nodes.size() == 2);
    CHECK(p.nodes[0].id == ann.id);
    CHECK(p.nodes[1].properties.at("name") == Value("Bob"));
    REQUIRE(p.relationships.size() == 1);
    CHECK(p.relationships[0] == knows);
    REQUIRE(cell(r, 0, 2).kind() == QueryValue::Kind::LIST);
    CHECK(cell(r, 0, 2) == QueryValue(Value(List{Value("Ann"), Value("Bob")})));
    REQUIRE(cell(r, 0, 3).kind() == QueryValue::Kind::MAP);
    const auto& m = cell(r, 0, 3).asMap();
    CHECK(m.at("who").asNode().id == ann.id);
    CHECK(intOf(m.at("n")) == 1);
    REQUIRE(cell(r, 0, 4).kind() == QueryValue::Kind::DURATION);
    CHECK(cell(r, 0, 4).asDuration().days == 1);
    CHECK(formatDuration(cell(r, 0, 4).asDuration()) == "P1DT2H");
  }
  SUBCASE("a duration stored as a property reads back by id and by query") {
    c->query(
        "MATCH (a:Person {name: 'Ann'}) SET a.gap = duration('PT1H30M'), "
        "a.gaps = [duration('P1D'), duration('PT-0.5S')]");
    const Node back = c->getNodes({ann.id}).at(0);
    CHECK(back.properties.at("gap") == Value(Duration{0, 0, 5400, 0}));
    CHECK(back.properties.at("gaps") ==
          Value(List{Value(Duration{0, 1, 0, 0}), Value(Duration{0, 0, -1, 500'000'000})}));
    // A parameter's nanoseconds arrive carried into its seconds.
    const QueryResult r =
        c->query("MATCH (a:Person {name: 'Ann'}) RETURN a.gap + $d, a.gap = duration('PT90M')",
                 QueryParams{{"d", QueryDuration{0, 0, 1, -250'000'000}}});
    REQUIRE(r.rows.size() == 1);
    CHECK(formatDuration(cell(r, 0, 0).asDuration()) == "PT1H30M0.75S");
    CHECK(cell(r, 0, 1) == QueryValue(Value(true)));
  }
  SUBCASE("parameters of every kind reach the query") {
    QueryParams params{{"name", Value("Ann")},
                       {"ids", QueryValue::List{Value(int64_t(ann.id)), Value(int64_t(bob.id))}},
                       {"opts", QueryValue::Map{{"limit", Value(5)}, {"flag", Value(true)}}},
                       {"nothing", QueryValue()}};
    const QueryResult r = c->query(
        "MATCH (p:Person {name: $name}) "
        "RETURN p.name, size($ids), $opts.limit, $opts.flag, $nothing IS NULL",
        params);
    REQUIRE(r.rows.size() == 1);
    CHECK(stringOf(cell(r, 0, 0)) == "Ann");
    CHECK(intOf(cell(r, 0, 1)) == 2);
    CHECK(intOf(cell(r, 0, 2)) == 5);
    CHECK(cell(r, 0, 3) == QueryValue(Value(true)));
    CHECK(cell(r, 0, 4) == QueryValue(Value(true)));
    const QueryResult byId = c->query("MATCH (n) WHERE id(n) IN $ids RETURN n.name ORDER BY n.name",
                                      {{"ids", QueryValue::List{Value(int64_t(bob.id))}}});
    REQUIRE(byId.rows.size() == 1);
    CHECK(stringOf(cell(byId, 0, 0)) == "Bob");
  }
  SUBCASE("updates and deletes report their counters") {
    const QueryResult set =
        c->query("MATCH (p:Person {name: $name}) SET p.age = 41, p:Suspect RETURN p.age",
                 {{"name", Value("Bob")}});
    CHECK(intOf(cell(set, 0, 0)) == 41);
    CHECK(set.summary.stats.propertiesSet == 1);
    CHECK(set.summary.stats.labelsAdded == 1);
    const QueryResult gone = c->query("MATCH (p:Person {name: 'Bob'}) DETACH DELETE p");
    CHECK(gone.columns.empty());
    CHECK(gone.rows.empty());
    CHECK(gone.summary.stats.nodesDeleted == 1);
    CHECK(gone.summary.stats.relationshipsDeleted == 1);
    CHECK(c->stats().nodes == 1);
  }
  SUBCASE("EXPLAIN plans without running; PROFILE runs and plans") {
    const QueryResult explain = c->query("EXPLAIN CREATE (:Ghost)");
    CHECK(explain.summary.mode == rpc::QueryMode::EXPLAIN);
    CHECK_FALSE(explain.summary.plan.empty());
    CHECK(explain.rows.empty());
    CHECK(c->query("MATCH (g:Ghost) RETURN count(g)").rows.at(0).at(0) == QueryValue(Value(0)));
    // No rows, and still the columns (they travel with the first batch, or alone at the end).
    const QueryResult none = c->query("MATCH (g:Ghost) RETURN g.name AS name, g");
    CHECK(none.columns == std::vector<std::string>{"name", "g"});
    CHECK(none.rows.empty());
    const QueryResult profile = c->query("PROFILE MATCH (p:Person) RETURN p.name");
    CHECK(profile.summary.mode == rpc::QueryMode::PROFILE);
    CHECK_FALSE(profile.summary.plan.empty());
    CHECK(profile.rows.size() == 2);
  }
  SUBCASE("a large result streams in order, in batches") {
    uint64_t rows = 0, batches = 0;
    bool inOrder = true;
    std::vector<std::string> columns;
    const QuerySummary s = c->query(
        "UNWIND range(1, 100000) AS x RETURN x", {},
        [&](const std::vector<std::string>& names) {
          CHECK(rows == 0);  // the columns come first
          columns = names;
        },
        [&](const std::vector<QueryRow>& batch) {
          ++batches;
          for (const auto& row : batch) {
            if (intOf(row.at(0)) != static_cast<int64_t>(rows + 1)) inOrder = false;
            ++rows;
          }
        });
    CHECK(columns == std::vector<std::string>{"x"});
    CHECK(rows == 100000);
    CHECK(s.rows == 100000);
    CHECK(batches > 1);
    CHECK(inOrder);
  }
  c.reset();
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE("Session.query: errors come back typed, with their position, and nothing stays") {
  ServedStore served;
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());
  c->query("CREATE (:Person {name: 'Ann'})");

  SUBCASE("an undefined variable: SyntaxError with line and column") {
    const std::string what =
        expectError("invalid_argument", [&] { c->query("MATCH (n:Person)\nRETURN x"); });
    const auto info = parseQueryError(what);
    REQUIRE_MESSAGE(info.has_value(), what);
    CHECK(info->kind == "SyntaxError");
    CHECK(info->code == "UndefinedVariable");
    CHECK(info->line == 2);
    CHECK(info->column == 8);
    CHECK(info->message.find('x') != std::string::npos);
    checkStillServes(*c);
  }
  SUBCASE("text that does not parse: one line, without the caret (the client draws it)") {
    const std::string what =
        expectError("invalid_argument", [&] { c->query("MATCH (n) WHERE n.x = RETURN n"); });
    const auto info = parseQueryError(what);
    REQUIRE_MESSAGE(info.has_value(), what);
    CHECK(info->kind == "SyntaxError");
    CHECK(info->line == 1);
    CHECK(info->column == 23);
    CHECK(what.find('\n') == std::string::npos);
    checkStillServes(*c);
  }
  SUBCASE("a failing write query leaves nothing behind") {
    const std::string what = expectError(
        "invalid_argument", [&] { c->query("CREATE (t:Temp {n: 1}) WITH t RETURN t.n / 0"); });
    const auto info = parseQueryError(what);
    REQUIRE_MESSAGE(info.has_value(), what);
    CHECK(info->kind == "ArithmeticError");
    CHECK(c->query("MATCH (t:Temp) RETURN count(t)").rows.at(0).at(0) == QueryValue(Value(0)));
    checkStillServes(*c);
  }
  SUBCASE("a missing parameter, and a type error") {
    auto info =
        parseQueryError(expectError("invalid_argument", [&] { c->query("RETURN $absent AS a"); }));
    REQUIRE(info.has_value());
    CHECK(info->code == "MissingParameter");
    info = parseQueryError(expectError("invalid_argument", [&] {
      c->query("RETURN $n + 1 AS a", {{"n", QueryValue::Map{{"k", Value(1)}}}});
    }));
    REQUIRE(info.has_value());
    CHECK(info->kind == "TypeError");
    checkStillServes(*c);
  }
  SUBCASE("parameters the server refuses: a node, lists nested too deeply") {
    const std::string node = expectError("invalid_argument", [&] {
      c->query("RETURN $n AS n", {{"n", QueryValue(Node{})}});
    });
    CHECK(node.find("$n") != std::string::npos);
    QueryValue deep = Value(1);
    for (int i = 0; i < 24; ++i) deep = QueryValue::List{deep};
    CHECK(intOf(c->query("RETURN size($d) AS s", {{"d", deep}}).rows.at(0).at(0)) == 1);
    deep = QueryValue::List{deep};
    const std::string tooDeep = expectError("invalid_argument", [&] {
      c->query("RETURN size($d) AS s", {{"d", deep}});
    });
    CHECK(tooDeep.find("too deeply") != std::string::npos);
    checkStillServes(*c);
  }
  SUBCASE("many errors in a row on one connection") {
    for (int i = 0; i < 30; ++i) {
      expectError("invalid_argument", [&] { c->query("RETURN nope" + std::to_string(i)); });
    }
    checkStillServes(*c);
  }
  c.reset();
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE("Session.query: the server's deadline stops a long query") {
  ServedStore served({"--query-timeout-ms", "300"});
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());
  c->query("UNWIND range(1, 200) AS i CREATE (:N {i: i})");
  const std::string what = expectError(
      "limit_exceeded", [&] { c->query("MATCH (a:N), (b:N), (c:N), (d:N) RETURN count(*) AS n"); });
  const auto info = parseQueryError(what);
  REQUIRE_MESSAGE(info.has_value(), what);
  CHECK(info->code == "DeadlineExceeded");
  checkStillServes(*c);
  c.reset();
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE("Session.query: a call the client drops stops on the server") {
  // One read thread and a deadline far away: the query that follows can only run once the
  // dropped one has let go of the thread, which it does only by noticing the cancellation.
  ServedStore served({"--threads", "1", "--log-level", "debug", "--query-timeout-ms", "600000"});
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());
  c->query("UNWIND range(1, 200) AS i CREATE (:N {i: i})");
  auto& timer = c->io().provider->getTimer();
  auto& ws = c->waitScope();

  auto nextRunsSoon = [&] {
    auto next = c->queryAsync("MATCH (n:N) RETURN count(n) AS n", {}, nullptr, nullptr);
    const QuerySummary s = timer.timeoutAfter(WAIT_LIMIT, kj::mv(next)).wait(ws);
    CHECK(s.rows == 1);
  };
  auto awaitLoggedStops = [&](size_t count) {
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (countOf(served.server.log(), "query stopped") < count) {
      REQUIRE_MESSAGE(std::chrono::steady_clock::now() < giveUp, served.server.log());
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };

  SUBCASE("while it computes, before any row") {
    {
      // 200^4 combinations: hours of work unless the cancellation stops it.
      auto call = c->queryAsync("MATCH (a:N), (b:N), (c:N), (d:N) RETURN count(*) AS n", {},
                                nullptr, nullptr);
      timer.afterDelay(200 * kj::MILLISECONDS).wait(ws);
    }  // dropped
    nextRunsSoon();
    awaitLoggedStops(1);
  }
  SUBCASE("while its rows stream, with more to come than flow control lets through") {
    auto firstRows = kj::newPromiseAndFulfiller<void>();
    uint64_t rows = 0;
    {
      // 8 million rows, produced as they are sent.
      auto call = c->queryAsync("MATCH (a:N), (b:N), (c:N) RETURN a.i, b.i, c.i", {}, nullptr,
                                [&](const std::vector<QueryRow>& batch) {
                                  rows += batch.size();
                                  firstRows.fulfiller->fulfill();
                                });
      timer.timeoutAfter(WAIT_LIMIT, kj::mv(firstRows.promise)).wait(ws);
    }  // dropped
    CHECK(rows > 0);
    CHECK(rows < 8'000'000);
    nextRunsSoon();
    awaitLoggedStops(1);
  }
  REQUIRE(served.server.running());
  checkStillServes(*c);
  c.reset();
  CHECK(exitCode(served.server.terminate()) == 0);
}

namespace {

// Runs `text` on a client of its own thread (a thread holds one client at a time), which
// must get through while the test's own client reads nothing.
void runElsewhere(const std::string& address, const std::string& text) {
  std::string error;
  std::thread([&] {
    try {
      GraphClient::connect(address)->query(text);
    } catch (const std::exception& e) {
      error = e.what();
    }
  }).join();
  CHECK_MESSAGE(error.empty(), error);
}

}  // namespace

TEST_CASE("Session.query: a client that stops reading holds a read query back to its deadline") {
  ServedStore served({"--query-timeout-ms", "1000"});
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());
  c->query("UNWIND range(1, 200) AS i CREATE (:N {i: i})");
  uint64_t rows = 0;
  auto call = c->queryAsync("MATCH (a:N), (b:N), (c:N) RETURN a.i, b.i, c.i", {}, nullptr,
                            [&](const std::vector<QueryRow>& batch) { rows += batch.size(); });
  c->poll();
  // Nothing reads the socket now: the stream stalls on flow control and the query with it.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  runElsewhere(served.server.tcpAddress(), "MATCH (n:N) RETURN count(n)");
  const std::string what = expectError("limit_exceeded", [&] { c->wait(kj::mv(call)); });
  CHECK(rows < 8'000'000);
  MESSAGE(rows << " rows arrived before the deadline: " << what);
  checkStillServes(*c);
  c.reset();
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE("Session.query: a write query's rows wait on the server while other writes go on") {
  ServedStore served;
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());
  uint64_t rows = 0;
  auto call =
      c->queryAsync("UNWIND range(1, 100000) AS i CREATE (w:W {i: i}) RETURN w", {}, nullptr,
                    [&](const std::vector<QueryRow>& batch) { rows += batch.size(); });
  c->poll();
  // Long enough for the query to finish and its rows to fill every buffer to this client.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  runElsewhere(served.server.tcpAddress(), "CREATE (:Meanwhile)");
  const QuerySummary s = c->wait(kj::mv(call));
  CHECK(s.rows == 100000);
  CHECK(rows == 100000);
  CHECK(s.stats.nodesCreated == 100000);
  CHECK(intOf(c->query("MATCH (m:Meanwhile) RETURN count(m)").rows.at(0).at(0)) == 1);
  c.reset();
  CHECK(exitCode(served.server.terminate()) == 0);
}

namespace {

// A QuerySink that counts what reaches it.
struct SinkCounts {
  int columnsCalls = 0, writeCalls = 0, doneCalls = 0;
  std::vector<int64_t> values;  // the first column of every row
};

class CountingSink final : public rpc::QuerySink::Server {
 public:
  explicit CountingSink(SinkCounts& counts) : counts_(counts) {}

 protected:
  kj::Promise<void> columns(ColumnsContext) override {
    ++counts_.columnsCalls;
    return kj::READY_NOW;
  }
  kj::Promise<void> write(WriteContext context) override {
    ++counts_.writeCalls;
    for (auto row : context.getParams().getRows()) {
      counts_.values.push_back(row.getValues()[0].getInt());
    }
    return kj::READY_NOW;
  }
  kj::Promise<void> done(DoneContext) override {
    ++counts_.doneCalls;
    return kj::READY_NOW;
  }

 private:
  SinkCounts& counts_;
};

struct RawAnswer {
  bool inlined = false;
  std::vector<int64_t> inlineValues;  // the first column of the rows in the reply
  uint64_t summaryRows = 0;
  std::vector<std::string> columns;
  SinkCounts sink;
};

// Session.query as a client of the raw interface sends it, with or without `inlineRows`.
RawAnswer rawQuery(GraphClient& c, const std::string& text, bool inlineRows) {
  RawAnswer out;
  auto req = c.session().queryRequest();
  req.setText(text);
  req.setSink(kj::heap<CountingSink>(out.sink));
  req.setInlineRows(inlineRows);
  auto reply = c.io().provider->getTimer().timeoutAfter(WAIT_LIMIT, req.send()).wait(c.waitScope());
  out.inlined = reply.getRowsInline();
  for (auto row : reply.getRows()) out.inlineValues.push_back(row.getValues()[0].getInt());
  out.summaryRows = reply.getSummary().getRows();
  for (auto name : reply.getSummary().getColumns()) out.columns.emplace_back(name.cStr());
  // Sink calls still on their way arrive before a round trip of ours does.
  c.stats();
  return out;
}

std::vector<int64_t> upTo(int64_t n) {
  std::vector<int64_t> v;
  for (int64_t i = 1; i <= n; ++i) v.push_back(i);
  return v;
}

}  // namespace

TEST_CASE("Session.query: a small read answered in the reply, anything else through the sink") {
  // A budget no read here can run out of, so that what is answered inline does not depend on
  // the machine's speed (a sanitizer build is many times slower).
  ServedStore served({"--inline-budget-us", "10000000"});
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());

  SUBCASE("a small read-only result comes in the reply when the client accepts it") {
    const RawAnswer a = rawQuery(*c, "UNWIND range(1, 3) AS i RETURN i", true);
    CHECK(a.inlined);
    CHECK(a.inlineValues == upTo(3));
    CHECK(a.columns == std::vector<std::string>{"i"});
    CHECK(a.summaryRows == 3);
    CHECK(a.sink.columnsCalls + a.sink.writeCalls + a.sink.doneCalls == 0);
  }
  SUBCASE("a client that does not ask for it gets every row through its sink") {
    const RawAnswer a = rawQuery(*c, "UNWIND range(1, 3) AS i RETURN i", false);
    CHECK_FALSE(a.inlined);
    CHECK(a.inlineValues.empty());
    CHECK(a.sink.columnsCalls == 1);
    CHECK(a.sink.values == upTo(3));
    CHECK(a.sink.doneCalls == 1);
  }
  SUBCASE("more rows than one batch stream through the sink") {
    const RawAnswer a = rawQuery(*c, "UNWIND range(1, 3000) AS i RETURN i", true);
    CHECK_FALSE(a.inlined);
    CHECK(a.sink.writeCalls > 1);
    CHECK(a.sink.values == upTo(3000));
    CHECK(a.summaryRows == 3000);
  }
  SUBCASE("a query that writes runs on the writer and answers through the sink") {
    const RawAnswer a = rawQuery(*c, "CREATE (n:N {i: 1}) RETURN n.i", true);
    CHECK_FALSE(a.inlined);
    CHECK(a.sink.values == std::vector<int64_t>{1});
    CHECK(c->stats().nodes == 1);
  }
  SUBCASE("an empty result") {
    const RawAnswer a = rawQuery(*c, "UNWIND [] AS i RETURN i", true);
    CHECK(a.inlined);
    CHECK(a.inlineValues.empty());
    CHECK(a.columns == std::vector<std::string>{"i"});
  }
  c.reset();
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE("Session.query: a read that outruns the inline budget starts again on a worker") {
  // A budget of 1 µs: every first attempt runs out and the query runs again on the read pool;
  // with 0 nothing runs inline. Either way the answers are whole and the same.
  for (const char* budget : {"1", "0"}) {
    CAPTURE(budget);
    ServedStore served({"--inline-budget-us", budget});
    served.server.start();
    auto c = GraphClient::connect(served.server.tcpAddress());
    c->query("UNWIND range(1, 500) AS i CREATE (:N {i: i})");
    const RawAnswer a =
        rawQuery(*c, "MATCH (n:N) WITH n.i AS i WHERE i % 100 = 0 RETURN i ORDER BY i", true);
    CHECK_FALSE(a.inlined);
    CHECK(a.sink.values == std::vector<int64_t>{100, 200, 300, 400, 500});
    const QueryResult r = c->query("MATCH (n:N) RETURN count(n) AS n, sum(n.i) AS s");
    REQUIRE(r.rows.size() == 1);
    CHECK(intOf(cell(r, 0, 0)) == 500);
    CHECK(intOf(cell(r, 0, 1)) == 125250);
    checkStillServes(*c);
    c.reset();
    CHECK(exitCode(served.server.terminate()) == 0);
  }
}

TEST_CASE("Session.query: temporal values travel whole, stored zones included") {
  // A budget no read here runs out of, so that the raw call's rows come in its reply however
  // slow the build (a sanitizer build is many times slower).
  ServedStore served({"--inline-budget-us", "10000000"});
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());
  c->query(
      "CREATE (:Ev {at: datetime('2015-07-21T21:40:32.142000001+02:00[Europe/Stockholm]'), "
      "local: localdatetime('2015-07-21T21:40:32'), t: time('12:31:14+01:00'), "
      "lt: localtime('12:31:14.5')})");
  const std::string read = "MATCH (e:Ev) RETURN e.at, e.local, e.t, e.lt";

  SUBCASE("GraphClient asks for them whole: kind, offset, zone and nanoseconds") {
    const QueryResult r = c->query(read);
    REQUIRE(r.rows.size() == 1);
    auto temporal = [&](size_t column) {
      const QueryValue& v = cell(r, 0, column);
      REQUIRE(v.kind() == QueryValue::Kind::SCALAR);
      REQUIRE(v.asScalar().type() == ValueType::DATETIME);
      return v.asScalar().asDateTime();
    };
    const DateTime at = temporal(0);
    CHECK(at.kind == TemporalKind::DATETIME);
    CHECK(at.offset == 7200);
    CHECK(at.zone == "Europe/Stockholm");
    CHECK(at.nanos == 1);
    CHECK(formatDateTime(at) == "2015-07-21T21:40:32.142000001+02:00[Europe/Stockholm]");
    CHECK(temporal(1).kind == TemporalKind::LOCAL_DATETIME);
    CHECK(formatDateTime(temporal(1)) == "2015-07-21T21:40:32");
    CHECK(temporal(2).kind == TemporalKind::TIME);
    CHECK(formatDateTime(temporal(2)) == "12:31:14+01:00");
    CHECK(temporal(3).kind == TemporalKind::LOCAL_TIME);
    CHECK(formatDateTime(temporal(3)) == "12:31:14.5");
    // As a parameter the value goes back whole: the zone and the nanosecond are compared too.
    const QueryResult same =
        c->query("MATCH (e:Ev) RETURN e.at = $at, e.at.timezone", {{"at", Value(at)}});
    REQUIRE(same.rows.size() == 1);
    CHECK(cell(same, 0, 0).asScalar() == Value(true));
    CHECK(stringOf(cell(same, 0, 1)) == "Europe/Stockholm");
  }
  SUBCASE("a malformed temporal value from a client is refused, naming where") {
    const DateTime bad{0, 5000, 0, TemporalKind::DATETIME};
    CHECK(expectError("invalid_argument", [&] {
            c->query("RETURN $t", {{"t", Value(bad)}});
          }).find("$t") != std::string::npos);
    const std::string why = expectError("invalid_argument", [&] {
      c->write({CreateNodeOp{
          "", {"Ev"}, {{"at", Value(DateTime{-1, 0, 0, TemporalKind::TIME})}}, {}, {}}});
    });
    CHECK(why.find("property 'at'") != std::string::npos);
    CHECK(intOf(cell(c->query("MATCH (e:Ev) RETURN count(e)"), 0, 0)) == 1);  // nothing written
    checkStillServes(*c);
  }
  SUBCASE("a client that does not ask gets UTC microseconds and ISO-8601 text, as before") {
    SinkCounts counts;
    auto req = c->session().queryRequest();
    req.setText(read);
    req.setSink(kj::heap<CountingSink>(counts));
    req.setInlineRows(true);
    auto reply =
        c->io().provider->getTimer().timeoutAfter(WAIT_LIMIT, req.send()).wait(c->waitScope());
    REQUIRE(reply.getRowsInline());
    REQUIRE(reply.getRows().size() == 1);
    auto values = reply.getRows()[0].getValues();
    REQUIRE(values[0].isDatetime());
    CHECK(values[0].getDatetime() == 1'437'507'632'142'000);
    REQUIRE(values[1].isString());
    CHECK(std::string(values[1].getString().cStr()) == "2015-07-21T21:40:32");
    REQUIRE(values[3].isString());
    CHECK(std::string(values[3].getString().cStr()) == "12:31:14.5");
  }
  c.reset();
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE("Session.query: a point travels as a map of its coordinates and system") {
  ServedStore served;
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());
  const QueryResult r =
      c->query("RETURN point({latitude: 41.88, longitude: -87.63}) AS here, point({x: 3, y: 4})");
  REQUIRE(r.rows.size() == 1);
  REQUIRE(cell(r, 0, 0).kind() == QueryValue::Kind::MAP);
  const auto& here = cell(r, 0, 0).asMap();
  CHECK(here.at("crs").asScalar().asString() == "wgs-84");
  CHECK(here.at("srid").asScalar().asInt() == 4326);
  CHECK(here.at("latitude").asScalar().asFloat() == 41.88);
  CHECK(here.at("longitude").asScalar().asFloat() == -87.63);
  const auto& flat = cell(r, 0, 1).asMap();
  CHECK(flat.at("crs").asScalar().asString() == "cartesian");
  CHECK(flat.at("x").asScalar().asFloat() == 3.0);
  CHECK(flat.count("latitude") == 0);
}
