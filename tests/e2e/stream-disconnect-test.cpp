// A client that goes away in the middle of a large streamed result. The client asks for 200k
// nodes, takes the first batches into a sink that never answers (so the server's stream stalls
// on flow control with the rest of the result in memory) and then drops the socket without a
// word, as a crashed client would. The server must drop that work and keep serving, and its
// memory must not grow with each abandoned stream.
#include <capnp/message.h>
#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>
#include <sys/socket.h>

#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "e2e-util.h"

using namespace casegraph;
using namespace casegraph::test;

namespace {

constexpr uint64_t BULK_NODES = 200'000;
constexpr auto WAIT_LIMIT = 60 * kj::SECONDS;  // safety net for a stuck server only

// Counts the batches it gets and answers none of them.
class StallingSink final : public rpc::ResultSink::Server {
 public:
  StallingSink(kj::Own<kj::PromiseFulfiller<void>> firstBatch, uint64_t& rows)
      : firstBatch_(kj::mv(firstBatch)), rows_(rows) {}

 protected:
  kj::Promise<void> write(WriteContext context) override {
    rows_ += context.getParams().getBatch().getNodes().size();
    firstBatch_->fulfill();
    return kj::NEVER_DONE;
  }
  kj::Promise<void> done(DoneContext) override { return kj::READY_NOW; }

 private:
  kj::Own<kj::PromiseFulfiller<void>> firstBatch_;
  uint64_t& rows_;
};

// A bare Cap'n Proto connection whose socket the test can cut at any moment.
class RawSession {
 public:
  explicit RawSession(const std::string& address) : io_(kj::setupAsyncIo()) {
    auto target = io_.provider->getNetwork().parseAddress(address).wait(io_.waitScope);
    stream_ = target->connect().wait(io_.waitScope);
    network_ = kj::heap<capnp::TwoPartyVatNetwork>(*stream_, capnp::rpc::twoparty::Side::CLIENT);
    rpc_ = kj::heap<capnp::RpcSystem<capnp::rpc::twoparty::VatId>>(capnp::makeRpcClient(*network_));
    capnp::MallocMessageBuilder vat;
    auto vatId = vat.getRoot<capnp::rpc::twoparty::VatId>();
    vatId.setSide(capnp::rpc::twoparty::Side::SERVER);
    auto service = rpc_->bootstrap(vatId).castAs<rpc::GraphService>();
    auto login = service.loginRequest();
    login.setUser("local");
    session_ = login.send().wait(io_.waitScope).getSession();
  }

  rpc::Session::Client& session() { return session_; }
  kj::WaitScope& waitScope() { return io_.waitScope; }
  kj::Timer& timer() { return io_.provider->getTimer(); }

  // Shuts the socket down under the RPC system: the server sees the connection end with no
  // Finish or Abort message before it.
  void sever() {
    KJ_IF_MAYBE (fd, stream_->getFd()) {
      ::shutdown(*fd, SHUT_RDWR);
    } else {
      FAIL("the client stream has no file descriptor");
    }
  }

 private:
  kj::AsyncIoContext io_;
  kj::Own<kj::AsyncIoStream> stream_;
  kj::Own<capnp::TwoPartyVatNetwork> network_;
  kj::Own<capnp::RpcSystem<capnp::rpc::twoparty::VatId>> rpc_;
  rpc::Session::Client session_{nullptr};
};

size_t countOf(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// Waits until the server has logged `count` closed connections.
void awaitClosedConnections(GraphdProcess& server, size_t count) {
  const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (countOf(server.log(), " closed") < count) {
    REQUIRE_MESSAGE(std::chrono::steady_clock::now() < giveUp,
                    "graphd never logged the end of the connection:\n"
                        << server.log());
    REQUIRE(server.running());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Starts findNodes over every Bulk node and cuts the connection: `midStream`, once the first
// batches arrived; otherwise right after the request went out, while the server is still
// collecting the result.
void abandonStream(const std::string& address, bool midStream) {
  RawSession raw(address);
  auto first = kj::newPromiseAndFulfiller<void>();
  uint64_t rows = 0;
  auto request = raw.session().findNodesRequest();
  request.setLabel("Bulk");
  request.setLimit(BULK_NODES * 2);
  request.setSink(kj::heap<StallingSink>(kj::mv(first.fulfiller), rows));
  auto call = request.send();
  if (midStream) {
    raw.timer().timeoutAfter(WAIT_LIMIT, kj::mv(first.promise)).wait(raw.waitScope());
    // Let the server send whatever its flow-control window allows.
    raw.timer().afterDelay(200 * kj::MILLISECONDS).wait(raw.waitScope());
    CHECK(rows >= 1);
    CHECK(rows < BULK_NODES);  // the stream stalled on the unanswered sink
  } else {
    raw.waitScope().poll();
  }
  raw.sever();
}

void checkServesCorrectly(const std::string& address) {
  auto c = GraphClient::connect(address);
  uint64_t rows = 0, lastSeq = 0;
  bool inOrder = true;
  const ResultSummary s = c->findNodes(
      "Bulk", "", std::nullopt, false, BULK_NODES * 2, [&](const std::vector<Node>& batch) {
        for (const Node& n : batch) {
          const auto seq = std::stoull(n.properties.at("name").asString().substr(1));
          if (rows > 0 && seq != lastSeq + 1) inOrder = false;
          lastSeq = seq;
          ++rows;
        }
      });
  CHECK(rows == BULK_NODES);
  CHECK(s.count == BULK_NODES);
  CHECK_FALSE(s.truncated);
  CHECK(inOrder);
  const auto hit = findAll(*c, "Bulk", "name", Value("b123456"));
  REQUIRE(hit.size() == 1);
  CHECK(c->stats().nodes == BULK_NODES);
}

}  // namespace

TEST_CASE("a client that disconnects in the middle of a large stream does not hurt the server") {
  ServedStore served({"--log-level", "debug", "--threads", "2"});
  {
    std::ofstream csv(served.dir.sub("bulk.csv"));
    csv << ":ID,name\n";
    for (uint64_t i = 0; i < BULK_NODES; ++i) csv << i << ",b" << i << "\n";
  }
  const int imported = runProgram({graphdPath(), "import", "--data", served.dataDir(), "--nodes",
                                   "Bulk=" + served.dir.sub("bulk.csv")},
                                  served.dir.sub("import.log"));
  REQUIRE_MESSAGE(exitCode(imported) == 0, readFile(served.dir.sub("import.log")));
  served.server.start();
  GraphdProcess& server = served.server;
  size_t closed = 0;

  // Warm up: one complete stream, so that the allocator has reached its working size.
  checkServesCorrectly(server.tcpAddress());
  awaitClosedConnections(server, ++closed);

  // The heap settles after a few rounds (allocator arenas of each read thread); from then on
  // abandoned streams, each of which held the whole result, must not add up.
  constexpr int ROUNDS = 8, SETTLED = 3;
  std::vector<long> heapMb;
  for (int round = 0; round < ROUNDS; ++round) {
    CAPTURE(round);
    abandonStream(round % 2 == 0 ? server.tcpAddress() : server.unixAddress(), true);
    awaitClosedConnections(server, ++closed);
    REQUIRE(server.running());
    heapMb.push_back(server.anonymousRssKb() / 1024);
  }
  std::string trace;
  for (const long mb : heapMb) trace += " " + std::to_string(mb);
  MESSAGE("graphd anonymous RSS (MiB) after each abandoned stream:" << trace);
  CHECK(heapMb.back() < heapMb[SETTLED] + 16);

  // Gone before the first batch: the server is still collecting the rows when it notices.
  abandonStream(server.tcpAddress(), false);
  awaitClosedConnections(server, ++closed);

  REQUIRE_MESSAGE(server.running(), "graphd died (wait status " << server.exitStatus().value_or(-1)
                                                                << "):\n"
                                                                << server.log());
  checkServesCorrectly(server.tcpAddress());
  checkServesCorrectly(server.unixAddress());
  CHECK(exitCode(server.terminate()) == 0);
}

TEST_CASE("a client that disconnects right after sending a write: the write is applied whole") {
  ServedStore served({"--log-level", "debug"});
  served.server.start();
  GraphdProcess& server = served.server;
  constexpr int BATCHES = 20, OPS = 300;
  for (int b = 0; b < BATCHES; ++b) {
    RawSession raw(b % 2 == 0 ? server.tcpAddress() : server.unixAddress());
    auto request = raw.session().writeRequest();
    auto ops = request.initOps(OPS);
    for (unsigned i = 0; i < OPS; ++i) {
      auto create = ops[i].initCreateNode();
      create.initLabels(1).set(0, "Sent");
      auto props = create.initProperties(2);
      props[0].setKey("batch");
      props[0].initValue().setInt(b);
      props[1].setKey("pad");
      props[1].initValue().setString("some text to make the batch take a while to apply");
    }
    auto call = request.send();
    raw.waitScope().poll();
    raw.sever();
  }
  awaitClosedConnections(server, BATCHES);
  REQUIRE(server.running());
  auto c = GraphClient::connect(server.tcpAddress());
  // Writes run one at a time in arrival order: once this one is acknowledged, every batch
  // received before it has been committed.
  c->write({CreateNodeOp{"", {"Barrier"}, {}, {}, {}}});
  // A batch cut off in transit never reached the server; every one it received (and logged,
  // at debug level) is applied, whole, although its client was gone.
  const size_t received = countOf(server.log(), "request local write") - 1;
  std::map<int64_t, size_t> perBatch;
  for (const Node& n : findAll(*c, "Sent", "", std::nullopt)) ++perBatch[intProp(n, "batch")];
  for (const auto& [b, count] : perBatch) {
    CAPTURE(b);
    CHECK(count == OPS);
  }
  CHECK(perBatch.size() == received);
  MESSAGE(received << " of " << BATCHES << " batches reached the server before the disconnect");
  c.reset();
  CHECK(exitCode(server.terminate()) == 0);
}
