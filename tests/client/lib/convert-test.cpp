#include "client/lib/convert.h"

#include <capnp/message.h>
#include <doctest/doctest.h>

using namespace casegraph;

TEST_CASE("nodes and edges round-trip through their RPC form") {
  Node n;
  n.id = 42;
  n.labels = {"Person"};
  n.properties = {{"name", Value("Ann")}, {"tags", Value(List{"a", int64_t{2}})}};
  n.provenance = Provenance{"citypd", "R-1", DateTime{123}};
  n.handling = "restricted";
  capnp::MallocMessageBuilder message;
  auto nb = message.initRoot<rpc::Node>();
  toRpc(n, nb);
  CHECK(fromRpc(nb.asReader()) == n);

  Edge e;
  e.id = 7;
  e.type = "KNOWS";
  e.start = 1;
  e.end = 2;
  e.validFrom = 1000;
  e.properties = {{"since", Value(*parseDate("2020-01-01"))}};
  capnp::MallocMessageBuilder message2;
  auto eb = message2.initRoot<rpc::Edge>();
  toRpc(e, eb);
  CHECK(fromRpc(eb.asReader()) == e);
}

TEST_CASE("write ops round-trip through their RPC form") {
  CreateEdgeOp edge;
  edge.type = "OWNS";
  edge.start = NodeRef(std::string("a"));
  edge.end = NodeRef(uint64_t{17});
  edge.validTo = 99;
  MergeNodeOp merge;
  merge.ref = "v";
  merge.labels = {"Vehicle"};
  merge.keys = {"plate"};
  merge.properties = {{"plate", Value("AB1")}};
  UpdateNodeOp update;
  update.id = NodeRef(uint64_t{5});
  update.set = {{"gone", Value()}};
  update.removeLabels = {"Suspect"};
  const std::vector<WriteOp> ops = {CreateNodeOp{"a", {"Person"}, {}, {}, ""},
                                    merge,
                                    edge,
                                    update,
                                    UpdateEdgeOp{9, {{"x", Value(1.5)}}},
                                    DeleteNodeOp{NodeRef(std::string("a")), true},
                                    DeleteEdgeOp{9}};
  for (const auto& op : ops) {
    capnp::MallocMessageBuilder message;
    auto b = message.initRoot<rpc::WriteOp>();
    toRpc(op, b);
    CHECK_MESSAGE(fromRpc(b.asReader()) == op, writeOpName(op));
  }
}

TEST_CASE("link requests reach their RPC form and results come back") {
  capnp::MallocMessageBuilder message;
  auto filter = message.initRoot<rpc::LinkFilter>();
  // The defaults of the spec are the defaults of the schema.
  toRpc(LinkFilterSpec{}, filter);
  CHECK(filter.getDirection() == rpc::Direction::BOTH);
  CHECK(filter.getWindowFrom() == TIME_MIN);
  CHECK(filter.getWindowTo() == TIME_MAX);
  toRpc(LinkFilterSpec{rpc::Direction::IN, {"KNOWS"}, {"Person", "Vehicle"}, 10, 20, 500}, filter);
  CHECK(filter.getDirection() == rpc::Direction::IN);
  CHECK(fromRpc(filter.asReader().getTypes()) == std::vector<std::string>{"KNOWS"});
  CHECK(filter.getLabels().size() == 2);
  CHECK(filter.getWindowFrom() == 10);
  CHECK(filter.getWindowTo() == 20);
  CHECK(filter.getMaxDegree() == 500);

  capnp::MallocMessageBuilder message2;
  auto request = message2.initRoot<rpc::PathRequest>();
  PathRequestSpec spec;
  spec.kind = rpc::PathKind::WEIGHTED;
  spec.from = 1;
  spec.to = 2;
  spec.typeCosts = {{"KNOWS", 0.5}, {"OWNS", 2}};
  spec.defaultCost = 3;
  toRpc(spec, request);
  CHECK(request.getKind() == rpc::PathKind::WEIGHTED);
  CHECK(request.getTo() == 2);
  REQUIRE(request.getTypeCosts().size() == 2);
  CHECK(request.getTypeCosts()[1].getType() == "OWNS");
  CHECK(request.getTypeCosts()[1].getCost() == 2.0);
  CHECK(request.getDefaultCost() == 3.0);

  capnp::MallocMessageBuilder message3;
  auto result = message3.initRoot<rpc::LinkResult>();
  auto path = result.initPaths(1)[0];
  path.initNodes(2)[1].setId(6);
  path.initRelationships(1)[0].setType("KNOWS");
  path.setCost(1.5);
  auto facts = result.initFacts(1);
  facts[0].setNode(6);
  facts[0].setRole("connector");
  facts[0].setBetweenness(0.25);
  result.setTruncated(true);
  result.setNote("result limit reached");
  result.setTotalPaths(4);
  const LinkResult r = fromRpc(result.asReader());
  REQUIRE(r.paths.size() == 1);
  CHECK(r.paths[0].nodes[1].id == 6);
  CHECK(r.paths[0].relationships[0].type == "KNOWS");
  CHECK(r.paths[0].cost == 1.5);
  const auto byNode = r.factsByNode();
  REQUIRE(byNode.count(6) == 1);
  CHECK(byNode.at(6)->role == "connector");
  CHECK(byNode.at(6)->betweenness == 0.25);
  CHECK(byNode.count(7) == 0);
  CHECK(r.truncated);
  CHECK(r.note == "result limit reached");
  CHECK(r.totalPaths == 4);
}
