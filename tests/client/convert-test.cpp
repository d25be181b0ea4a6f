#include "client/convert.h"

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
