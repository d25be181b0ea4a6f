// Many clients at once, over loopback TCP and over the unix socket: each of 32 threads holds
// its own connection and mixes writes (creates, edges, updates, deletes) with reads of what it
// wrote. Every client only touches its own nodes, so each one knows exactly what the graph must
// hold for it; afterwards the graph is the sum of every acknowledged write, nothing more.
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "e2e-util.h"

using namespace casegraph;
using namespace casegraph::test;

namespace {

constexpr int CLIENTS = 32;
constexpr int STEPS = 60;
const std::string LABEL = "E2E";

struct EdgeFacts {
  uint64_t start = 0, end = 0;
  int64_t seq = 0;
};

// What one client's acknowledged writes add up to.
struct Ledger {
  std::map<uint64_t, std::pair<int64_t, int64_t>> nodes;  // id -> (seq, v)
  std::map<uint64_t, EdgeFacts> edges;
  std::vector<uint64_t> deletedNodes, deletedEdges;
  std::vector<std::string> errors;  // checks that failed on the client's thread
};

class Worker {
 public:
  Worker(int client, Ledger& ledger) : client_(client), ledger_(ledger), rng_(1000 + client) {}

  void run(const std::string& address) {
    try {
      auto c = GraphClient::connect(address);
      for (int step = 0; step < STEPS; ++step) this->step(*c, step);
    } catch (const ClientError& e) {
      fail("call failed: " + e.category() + ": " + e.what());
    } catch (const std::exception& e) {
      fail(std::string("unexpected exception: ") + e.what());
    }
  }

 private:
  void fail(const std::string& what) {
    ledger_.errors.push_back("client " + std::to_string(client_) + ": " + what);
  }

  uint64_t pickNode() {
    auto it = ledger_.nodes.begin();
    std::advance(it, static_cast<long>(rng_() % ledger_.nodes.size()));
    return it->first;
  }

  PropertyMap props(int64_t seq) const {
    return {{"client", int64_t{client_}},
            {"seq", seq},
            {"tag", "c" + std::to_string(client_) + "-" + std::to_string(seq)}};
  }

  void step(GraphClient& c, int step) {
    const unsigned dice = rng_() % 100;
    if (ledger_.nodes.empty() || dice < 30) return createNodes(c);
    if (dice < 45 && ledger_.nodes.size() >= 2) return createEdge(c);
    if (dice < 58) return updateNode(c, step);
    if (dice < 64) return deleteNode(c);
    if (dice < 69 && !ledger_.edges.empty()) return deleteEdge(c);
    if (dice < 80) return readNodes(c);
    if (dice < 90) return readNeighbors(c);
    return readByProperty(c);
  }

  void createNodes(GraphClient& c) {
    std::vector<WriteOp> ops;
    const int count = 1 + static_cast<int>(rng_() % 3);
    std::vector<int64_t> seqs;
    for (int i = 0; i < count; ++i) {
      seqs.push_back(seq_++);
      PropertyMap p = props(seqs.back());
      p["v"] = int64_t{0};
      ops.push_back(CreateNodeOp{"n" + std::to_string(i), {LABEL}, p, {}, {}});
    }
    // The new node links to one of the client's older nodes within the same batch.
    std::optional<uint64_t> older;
    int64_t edgeSeq = 0;
    if (!ledger_.nodes.empty()) {
      older = pickNode();
      edgeSeq = seq_++;
      ops.push_back(CreateEdgeOp{"LINKS", std::string("n0"), *older, props(edgeSeq), {}, {}});
    }
    const WriteResult r = c.write(ops);
    if (r.ids.size() != ops.size()) {
      return fail("write answered " + std::to_string(r.ids.size()) + " ids for " +
                  std::to_string(ops.size()) + " ops");
    }
    for (size_t i = 0; i < seqs.size(); ++i) ledger_.nodes[r.ids[i]] = {seqs[i], 0};
    if (older) ledger_.edges[r.ids.back()] = {r.ids[0], *older, edgeSeq};
  }

  void createEdge(GraphClient& c) {
    const uint64_t a = pickNode(), b = pickNode();
    const int64_t seq = seq_++;
    const WriteResult r = c.write({CreateEdgeOp{"LINKS", a, b, props(seq), {}, {}}});
    ledger_.edges[r.ids.at(0)] = {a, b, seq};
  }

  void updateNode(GraphClient& c, int step) {
    const uint64_t id = pickNode();
    c.write({UpdateNodeOp{id, {{"v", int64_t{step}}}, {"Touched"}, {}}});
    ledger_.nodes[id].second = step;
  }

  void deleteNode(GraphClient& c) {
    const uint64_t id = pickNode();
    c.write({DeleteNodeOp{id, true}});
    ledger_.nodes.erase(id);
    ledger_.deletedNodes.push_back(id);
    for (auto it = ledger_.edges.begin(); it != ledger_.edges.end();) {
      if (it->second.start == id || it->second.end == id) {
        ledger_.deletedEdges.push_back(it->first);
        it = ledger_.edges.erase(it);
      } else {
        ++it;
      }
    }
  }

  void deleteEdge(GraphClient& c) {
    auto it = ledger_.edges.begin();
    std::advance(it, static_cast<long>(rng_() % ledger_.edges.size()));
    c.write({DeleteEdgeOp{it->first}});
    ledger_.deletedEdges.push_back(it->first);
    ledger_.edges.erase(it);
  }

  // Read-your-writes: every acknowledged write is visible to the next read.
  void readNodes(GraphClient& c) {
    std::vector<uint64_t> ids;
    for (int i = 0; i < 4; ++i) ids.push_back(pickNode());
    if (!ledger_.deletedNodes.empty()) ids.push_back(ledger_.deletedNodes.back());
    std::vector<uint64_t> missing;
    for (const Node& n : c.getNodes(ids, &missing)) {
      auto it = ledger_.nodes.find(n.id);
      if (it == ledger_.nodes.end()) {
        return fail("deleted node " + std::to_string(n.id) + " read back");
      }
      if (intProp(n, "client") != client_ || intProp(n, "seq") != it->second.first ||
          intProp(n, "v") != it->second.second) {
        return fail("node " + std::to_string(n.id) + " reads back different properties");
      }
    }
    const size_t expectMissing = ledger_.deletedNodes.empty() ? 0 : 1;
    if (missing.size() != expectMissing) return fail("getNodes: wrong missing ids");
  }

  void readNeighbors(GraphClient& c) {
    const uint64_t id = pickNode();
    std::multiset<uint64_t> got, want;
    c.neighbors(id, rpc::Direction::BOTH, {}, {}, 0,
                [&](const std::vector<Edge>& edges, const std::vector<Node>&) {
                  for (const Edge& e : edges) got.insert(e.id);
                });
    for (const auto& [eid, e] : ledger_.edges) {
      if (e.start == id) want.insert(eid);
      if (e.end == id) want.insert(eid);
    }
    if (got != want) {
      fail("neighbors of " + std::to_string(id) + ": " + std::to_string(got.size()) +
           " relationships, expected " + std::to_string(want.size()));
    }
  }

  void readByProperty(GraphClient& c) {
    std::set<uint64_t> got, want;
    for (const Node& n : findAll(c, LABEL, "client", Value(int64_t{client_}))) got.insert(n.id);
    for (const auto& [id, facts] : ledger_.nodes) want.insert(id);
    if (got != want) fail("findNodes by client property disagrees with the acknowledged writes");
  }

  int client_;
  Ledger& ledger_;
  std::mt19937 rng_;
  int64_t seq_ = 0;
};

void runClients(const std::string& address) {
  std::vector<Ledger> ledgers(CLIENTS);
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < CLIENTS; ++i) {
      threads.emplace_back(
          [i, &ledgers, &address] { Worker(i, ledgers[static_cast<size_t>(i)]).run(address); });
    }
    for (auto& t : threads) t.join();
  }
  size_t nodes = 0, edges = 0;
  for (const Ledger& l : ledgers) {
    for (const auto& e : l.errors) FAIL_CHECK(e);
    nodes += l.nodes.size();
    edges += l.edges.size();
  }
  MESSAGE(address << ": " << nodes << " nodes and " << edges << " relationships acknowledged");

  auto c = GraphClient::connect(address);
  const ServerStats s = c->stats();
  CHECK(s.nodes == nodes);
  CHECK(s.edges == edges);
  for (int i = 0; i < CLIENTS; ++i) {
    CAPTURE(i);
    const Ledger& l = ledgers[static_cast<size_t>(i)];
    // Every acknowledged node, found by its unique tag and read back by id.
    std::vector<uint64_t> ids;
    for (const auto& [id, facts] : l.nodes) {
      ids.push_back(id);
      const std::string tag = "c" + std::to_string(i) + "-" + std::to_string(facts.first);
      const auto found = findAll(*c, LABEL, "tag", Value(tag));
      REQUIRE(found.size() == 1);
      CHECK(found[0].id == id);
    }
    std::vector<uint64_t> missing;
    const auto read = c->getNodes(ids, &missing);
    CHECK(missing.empty());
    REQUIRE(read.size() == ids.size());
    for (const Node& n : read) {
      CHECK(intProp(n, "client") == i);
      CHECK(intProp(n, "seq") == l.nodes.at(n.id).first);
      CHECK(intProp(n, "v") == l.nodes.at(n.id).second);
    }
    missing.clear();
    CHECK(c->getNodes(l.deletedNodes, &missing).empty());
    CHECK(missing.size() == l.deletedNodes.size());

    // Every acknowledged relationship, with its ends; deleted ones are gone.
    std::vector<uint64_t> edgeIds;
    for (const auto& [id, e] : l.edges) edgeIds.push_back(id);
    missing.clear();
    const auto readEdges = c->getEdges(edgeIds, &missing);
    CHECK(missing.empty());
    for (const Edge& e : readEdges) {
      const EdgeFacts& want = l.edges.at(e.id);
      CHECK(e.start == want.start);
      CHECK(e.end == want.end);
      CHECK(e.properties.at("seq") == Value(want.seq));
    }
    missing.clear();
    CHECK(c->getEdges(l.deletedEdges, &missing).empty());
    CHECK(missing.size() == l.deletedEdges.size());
  }
}

}  // namespace

TEST_CASE("32 concurrent clients over loopback TCP: the graph is the sum of acknowledged writes") {
  // Three event loops: the connections are dealt out to all of them.
  ServedStore served({"--io-threads", "3"});
  served.server.start();
  CHECK(served.server.log().find("with 3 RPC threads") != std::string::npos);
  CHECK(served.server.log().find("idle loops poll 200 µs") != std::string::npos);
  runClients(served.server.tcpAddress());
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE(
    "32 concurrent clients over the unix socket: the graph is the sum of acknowledged writes") {
  // One event loop that sleeps as soon as it is idle (the TCP case above polls, the default).
  ServedStore served({"--io-threads", "1", "--poll-us", "0"});
  served.server.start();
  CHECK(served.server.log().find("idle loops poll 0 µs") != std::string::npos);
  REQUIRE(!served.server.unixAddress().empty());
  runClients(served.server.unixAddress());
  CHECK(exitCode(served.server.terminate()) == 0);
}
