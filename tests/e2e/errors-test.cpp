// Typed errors cross the wire: the client sees the server's category (not_found,
// invalid_argument, limit_exceeded, unauthenticated), a failed batch leaves nothing behind, and
// the connection keeps working after every error.
#include <thread>

#include "e2e-util.h"

using namespace casegraph;
using namespace casegraph::test;

namespace {

// Runs `call`, which must fail with `category`; returns the message.
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

}  // namespace

TEST_CASE("typed errors reach the client and the connection survives them") {
  ServedStore served;
  served.server.start();
  auto c = GraphClient::connect(served.server.tcpAddress());
  const WriteResult made =
      c->write({CreateNodeOp{"a", {"Person"}, {{"name", "Ann"}}, {}, {}},
                CreateNodeOp{"b", {"Person"}, {{"name", "Bob"}}, {}, {}},
                CreateEdgeOp{"KNOWS", std::string("a"), std::string("b"), {}, {}, {}}});
  const uint64_t ann = made.ids[0];
  const uint64_t missingId = made.ids[1] + 1000;
  auto stillWorks = [&] {
    const auto nodes = c->getNodes({ann});
    REQUIRE(nodes.size() == 1);
    CHECK(nodes[0].properties.at("name") == Value("Ann"));
    const ServerStats s = c->stats();
    CHECK(s.nodes == 2);
    CHECK(s.edges == 1);
  };

  SUBCASE("not_found: update of a missing node") {
    const auto what = expectError("not_found", [&] {
      c->write({UpdateNodeOp{missingId, {{"name", "Nobody"}}, {}, {}}});
    });
    CHECK(what.find(std::to_string(missingId)) != std::string::npos);
    stillWorks();
  }
  SUBCASE("not_found: neighbours of a missing node") {
    expectError("not_found", [&] {
      c->neighbors(missingId, rpc::Direction::BOTH, {}, {}, 0,
                   [](const std::vector<Edge>&, const std::vector<Node>&) {});
    });
    stillWorks();
  }
  SUBCASE("invalid_argument: an edge to an unknown batch reference; nothing of the batch stays") {
    const auto what = expectError("invalid_argument", [&] {
      c->write({CreateNodeOp{"new", {"Person"}, {{"name", "Cid"}}, {}, {}},
                CreateEdgeOp{"KNOWS", std::string("new"), std::string("nobody"), {}, {}, {}}});
    });
    CHECK(what.find("nobody") != std::string::npos);
    CHECK(findAll(*c, "Person", "name", Value("Cid")).empty());
    stillWorks();
  }
  SUBCASE("invalid_argument: an edge to a missing node id") {
    expectError("invalid_argument", [&] {
      c->write({CreateEdgeOp{"KNOWS", ann, missingId, {}, {}, {}}});
    });
    stillWorks();
  }
  SUBCASE("invalid_argument: deleting a linked node without detach") {
    expectError("invalid_argument", [&] { c->write({DeleteNodeOp{ann, false}}); });
    stillWorks();
  }
  SUBCASE("limit_exceeded: a result limit above the server maximum") {
    const auto what = expectError("limit_exceeded", [&] {
      c->findNodes("Person", "", std::nullopt, false, 10'000'001, [](const std::vector<Node>&) {});
    });
    CHECK(what.find("10000001") != std::string::npos);
    expectError("limit_exceeded", [&] {
      c->neighbors(ann, rpc::Direction::BOTH, {}, {}, 1'000'000'000,
                   [](const std::vector<Edge>&, const std::vector<Node>&) {});
    });
    stillWorks();
  }
  SUBCASE("unauthenticated: an unknown user") {
    // A thread holds one client at a time (one kj event loop), so the stranger gets its own.
    std::string category;
    std::thread([&] {
      try {
        GraphClient::connect(served.server.tcpAddress(), "mallory");
      } catch (const ClientError& e) {
        category = e.category();
      }
    }).join();
    CHECK(category == "unauthenticated");
    stillWorks();
  }
  SUBCASE("many errors in a row on one connection") {
    for (int i = 0; i < 50; ++i) {
      expectError("not_found",
                  [&] { c->write({DeleteEdgeOp{missingId + static_cast<uint64_t>(i)}}); });
    }
    stillWorks();
  }
  c.reset();
  CHECK(exitCode(served.server.terminate()) == 0);
}
