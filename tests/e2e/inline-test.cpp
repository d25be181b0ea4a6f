// Reads answered from the RPC thread (docs/rpc.md, "Where it runs"): findNodes and neighbors
// results of one batch come in the reply to a client that accepts them, anything larger or
// slower streams through the sink, a client that does not ask gets the sink as before, and a
// read that outruns the inline budget starts again on a worker with the same answer.
#include <kj/async.h>

#include "e2e-util.h"

using namespace casegraph;
using namespace casegraph::test;

namespace {

constexpr auto WAIT_LIMIT = 60 * kj::SECONDS;  // safety net for a stuck server only
constexpr int POINTS = 700;                    // more than one streamed batch (512)

struct SinkSeen {
  int writeCalls = 0, doneCalls = 0;
  size_t nodes = 0, edges = 0;
};

class SeenSink final : public rpc::ResultSink::Server {
 public:
  explicit SeenSink(SinkSeen& seen) : seen_(seen) {}

 protected:
  kj::Promise<void> write(WriteContext context) override {
    ++seen_.writeCalls;
    seen_.nodes += context.getParams().getBatch().getNodes().size();
    seen_.edges += context.getParams().getBatch().getEdges().size();
    return kj::READY_NOW;
  }
  kj::Promise<void> done(DoneContext) override {
    ++seen_.doneCalls;
    return kj::READY_NOW;
  }

 private:
  SinkSeen& seen_;
};

struct Raw {
  bool inlined = false;
  size_t replyNodes = 0, replyEdges = 0;
  uint64_t count = 0;  // the summary's
  SinkSeen sink;
};

template <typename Request>
Raw send(GraphClient& c, Request& req, Raw& out) {
  auto reply = c.io().provider->getTimer().timeoutAfter(WAIT_LIMIT, req.send()).wait(c.waitScope());
  out.inlined = reply.getRowsInline();
  out.replyNodes = reply.getBatch().getNodes().size();
  out.replyEdges = reply.getBatch().getEdges().size();
  out.count = reply.getSummary().getCount();
  c.stats();  // sink calls still on their way arrive before this round trip's answer
  return out;
}

Raw rawNeighbors(GraphClient& c, uint64_t id, uint64_t limit, bool inlineRows) {
  Raw out;
  auto req = c.session().neighborsRequest();
  req.setId(id);
  req.setDirection(rpc::Direction::BOTH);
  req.setLimit(limit);
  req.setSink(kj::heap<SeenSink>(out.sink));
  req.setInlineRows(inlineRows);
  return send(c, req, out);
}

Raw rawFindNodes(GraphClient& c, const std::string& key, std::optional<int64_t> value,
                 bool inlineRows) {
  Raw out;
  auto req = c.session().findNodesRequest();
  req.setLabel("P");
  req.setKey(key);
  if (value) req.initValue().setInt(*value);
  req.setSink(kj::heap<SeenSink>(out.sink));
  req.setInlineRows(inlineRows);
  return send(c, req, out);
}

// A hub with POINTS neighbours; returns the hub's id.
uint64_t makeStar(GraphClient& c) {
  const QueryResult r = c.query("CREATE (h:Hub) WITH h UNWIND range(1, " + std::to_string(POINTS) +
                                ") AS i CREATE (h)-[:K]->(:P {i: i}) RETURN DISTINCT id(h)");
  return static_cast<uint64_t>(r.rows.at(0).at(0).asScalar().asInt());
}

// What GraphClient gets, whichever way the rows came.
struct Seen {
  size_t nodes = 0, edges = 0;
  ResultSummary summary;
};

Seen clientNeighbors(GraphClient& c, uint64_t id, uint64_t limit) {
  Seen s;
  s.summary = c.neighbors(id, rpc::Direction::BOTH, {}, {}, limit,
                          [&](const std::vector<Edge>& edges, const std::vector<Node>& nodes) {
                            s.nodes += nodes.size();
                            s.edges += edges.size();
                          });
  return s;
}

Seen clientFind(GraphClient& c, const std::string& key, std::optional<Value> value) {
  Seen s;
  s.summary = c.findNodes("P", key, value, false, 0,
                          [&](const std::vector<Node>& nodes) { s.nodes += nodes.size(); });
  return s;
}

}  // namespace

TEST_CASE("findNodes and neighbors: one batch in the reply, more through the sink") {
  // A budget no read here can run out of, so that what is answered inline does not depend on
  // the machine's speed (a sanitizer build is many times slower).
  ServedStore served({"--inline-budget-us", "10000000"});
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());
  const uint64_t hub = makeStar(*c);

  SUBCASE("a small result comes in the reply, with its relationships") {
    const Raw r = rawNeighbors(*c, hub, 10, true);
    CHECK(r.inlined);
    CHECK(r.replyNodes == 10);
    CHECK(r.replyEdges == 10);
    CHECK(r.count == 10);
    CHECK(r.sink.writeCalls + r.sink.doneCalls == 0);
    const Raw f = rawFindNodes(*c, "i", 7, true);
    CHECK(f.inlined);
    CHECK(f.replyNodes == 1);
    CHECK(f.sink.writeCalls + f.sink.doneCalls == 0);
  }
  SUBCASE("without inlineRows the rows go to the sink") {
    const Raw r = rawNeighbors(*c, hub, 10, false);
    CHECK_FALSE(r.inlined);
    CHECK(r.replyNodes == 0);
    CHECK(r.sink.nodes == 10);
    CHECK(r.sink.edges == 10);
    CHECK(r.sink.doneCalls == 1);
    const Raw f = rawFindNodes(*c, "i", 7, false);
    CHECK_FALSE(f.inlined);
    CHECK(f.sink.nodes == 1);
  }
  SUBCASE("more than one batch streams") {
    const Raw r = rawNeighbors(*c, hub, 0, true);
    CHECK_FALSE(r.inlined);
    CHECK(r.sink.writeCalls > 1);
    CHECK(r.sink.nodes == POINTS);
    CHECK(r.sink.edges == POINTS);
    CHECK(r.count == POINTS);
    const Raw f = rawFindNodes(*c, "", std::nullopt, true);
    CHECK_FALSE(f.inlined);
    CHECK(f.sink.nodes == POINTS);
  }
  SUBCASE("GraphClient sees the same either way") {
    const Seen small = clientNeighbors(*c, hub, 10);
    CHECK(small.nodes == 10);
    CHECK(small.edges == 10);
    const Seen all = clientNeighbors(*c, hub, 0);
    CHECK(all.nodes == POINTS);
    CHECK(all.summary.count == POINTS);
    CHECK(clientFind(*c, "i", Value(int64_t{7})).nodes == 1);
    CHECK(clientFind(*c, "", std::nullopt).nodes == POINTS);
    CHECK(clientFind(*c, "i", Value(int64_t{POINTS + 1})).nodes == 0);
  }
  SUBCASE("errors found on the RPC thread come back typed") {
    try {
      rawNeighbors(*c, hub + 100000, 10, true);
      FAIL("neighbors of a missing node succeeded");
    } catch (const kj::Exception& e) {
      CHECK(std::string(e.getDescription().cStr()).find("not_found") != std::string::npos);
    }
    CHECK(clientNeighbors(*c, hub, 3).nodes == 3);
  }
  c.reset();
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE("reads that outrun the inline budget, or with none, answer the same on a worker") {
  for (const char* budget : {"1", "0"}) {
    CAPTURE(budget);
    ServedStore served({"--inline-budget-us", budget});
    served.server.start();
    auto c = GraphClient::connect(served.server.tcpAddress());
    const uint64_t hub = makeStar(*c);
    // With a 1 µs budget the first attempts run out (the gate then sends most of them to the
    // workers directly); with 0 none is made. Nothing comes in the reply either way.
    const Raw r = rawNeighbors(*c, hub, 0, true);
    CHECK_FALSE(r.inlined);
    CHECK(r.sink.nodes == POINTS);
    const Seen small = clientNeighbors(*c, hub, 10);
    CHECK(small.nodes == 10);
    CHECK(small.edges == 10);
    CHECK(clientFind(*c, "", std::nullopt).nodes == POINTS);
    CHECK(c->reach(hub, 2, {}, {}).count == POINTS);
    c.reset();
    CHECK(exitCode(served.server.terminate()) == 0);
  }
}

TEST_CASE("findNodes compares numbers by value and checks a long prefix against the record") {
  ServedStore served;
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());
  const std::string head(250, 'p');
  c->query("UNWIND [0, 0.0, -0.0, 1.5] AS v CREATE (:P {z: v})");
  c->query("CREATE (:P {s: '" + head + "abc'}), (:P {s: '" + head + "xyz'})");
  CHECK(clientFind(*c, "z", Value(int64_t{0})).nodes == 3);  // graphctl find P z 0
  CHECK(clientFind(*c, "z", Value(-0.0)).nodes == 3);
  CHECK(clientFind(*c, "z", Value(1.5)).nodes == 1);
  size_t found = 0;
  c->findNodes("P", "s", Value(head + "ab"), true, 0,
               [&](const std::vector<Node>& nodes) { found += nodes.size(); });
  CHECK(found == 1);  // graphctl find P s ppp...ab --prefix
}
