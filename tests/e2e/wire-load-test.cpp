// The benchmarks' wire-level load generator (tests/bench/wire-load.h) against a real graphd:
// it logs in, keeps its calls answered over TCP and a unix socket, and fails loudly on an
// answer it did not expect.
#include "bench/wire-load.h"

#include "e2e-util.h"

using namespace casegraph;
using namespace casegraph::test;

TEST_CASE("wire-level load: getNodes calls answered over TCP and a unix socket") {
  ServedStore served;
  served.server.start();
  std::vector<uint64_t> ids;
  {
    auto c = GraphClient::connect(served.server.tcpAddress());
    std::vector<WriteOp> ops;
    for (int i = 0; i < 20; ++i) {
      ops.push_back(CreateNodeOp{
          "n" + std::to_string(i), {"Person"}, PropertyMap{{"seq", Value(int64_t{i})}}, {}, {}});
    }
    ids = c->write(ops).ids;
  }
  REQUIRE(ids.size() == 20);
  for (const std::string& address : {served.server.tcpAddress(), served.server.unixAddress()}) {
    CAPTURE(address);
    const auto r = bench::wireLoad(address, ids, 4, 0.3);
    CHECK(r.calls > 100);
    CHECK(r.rate > 0);
    CHECK(r.clientCpuUs > 0);
  }
  // The server keeps serving a normal client afterwards (the sessions closed with the sockets).
  auto c = GraphClient::connect(served.server.tcpAddress());
  CHECK(c->getNodes({ids[0]}).size() == 1);
}

TEST_CASE("wire-level load: an answer without the node fails the run") {
  ServedStore served;
  served.server.start();
  CHECK_THROWS_WITH_AS(bench::wireLoad(served.server.tcpAddress(), {424242}, 1, 0.1),
                       "wire load: getNodes: not exactly one node", std::runtime_error);
  CHECK_THROWS_AS(bench::wireLoad("127.0.0.1:1", {1}, 1, 0.1), std::runtime_error);
}
