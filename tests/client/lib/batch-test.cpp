#include <doctest/doctest.h>

#include "client/lib/json.h"

using namespace casegraph;

namespace {

std::string batchError(std::string_view text) {
  std::vector<WriteOp> ops;
  std::string error;
  CHECK_FALSE(parseWriteBatch(text, ops, error));
  return error;
}

}  // namespace

TEST_CASE("the documented example batch parses") {
  const std::string_view text = R"([
    {"op":"createNode","ref":"a","labels":["Person"],"properties":{"name":"Ann"},
     "provenance":{"agency":"citypd","recordId":"R-1"},"handling":"open"},
    {"op":"mergeNode","ref":"v","labels":["Vehicle"],"keys":["plate","state"],
     "properties":{"plate":"AB1","state":"NY"}},
    {"op":"createEdge","type":"OWNS","start":"a","end":"v","properties":{},
     "validFrom":"2026-01-01T00:00:00Z"},
    {"op":"createEdge","type":"KNOWS","start":17,"end":"a"},
    {"op":"updateNode","id":5,"set":{"x":1,"y":null},"addLabels":["Suspect"],"removeLabels":[]},
    {"op":"updateEdge","id":9,"set":{"note":"x"}},
    {"op":"deleteNode","id":5,"detach":true},
    {"op":"deleteEdge","id":9}])";
  std::vector<WriteOp> ops;
  std::string error;
  REQUIRE_MESSAGE(parseWriteBatch(text, ops, error), error);
  REQUIRE(ops.size() == 8);

  const auto& create = std::get<CreateNodeOp>(ops[0]);
  CHECK(create.ref == "a");
  CHECK(create.labels == std::vector<std::string>{"Person"});
  CHECK(create.properties.at("name") == Value("Ann"));
  CHECK(create.provenance.agency == "citypd");
  CHECK(create.provenance.recordId == "R-1");
  CHECK(create.handling == "open");

  const auto& merge = std::get<MergeNodeOp>(ops[1]);
  CHECK(merge.keys == std::vector<std::string>{"plate", "state"});

  const auto& owns = std::get<CreateEdgeOp>(ops[2]);
  CHECK(owns.type == "OWNS");
  CHECK(owns.start == NodeRef(std::string("a")));
  CHECK(owns.end == NodeRef(std::string("v")));
  CHECK(owns.validFrom == parseDateTime("2026-01-01T00:00:00Z")->micros);
  CHECK(owns.validTo == TIME_MAX);

  const auto& knows = std::get<CreateEdgeOp>(ops[3]);
  CHECK(knows.start == NodeRef(uint64_t{17}));
  CHECK(knows.validFrom == TIME_MIN);

  const auto& update = std::get<UpdateNodeOp>(ops[4]);
  CHECK(update.id == NodeRef(uint64_t{5}));
  CHECK(update.set.at("x") == Value(int64_t{1}));
  CHECK(update.set.at("y").isNull());
  CHECK(update.addLabels == std::vector<std::string>{"Suspect"});

  CHECK(std::get<UpdateEdgeOp>(ops[5]).id == 9);
  CHECK(std::get<DeleteNodeOp>(ops[6]).detach);
  CHECK(std::get<DeleteEdgeOp>(ops[7]).id == 9);
  CHECK(std::string(writeOpName(ops[7])) == "deleteEdge");
}

TEST_CASE("batch errors name the op and the field") {
  CHECK(batchError("{}") == "a write batch is a JSON array of ops, not an object");
  CHECK(batchError("[1]") ==
        "op 0: must be an object such as {\"op\": \"createNode\", ...}, not a number");
  CHECK(batchError(R"([{"labels":[]}])") ==
        "op 0: 'op' (a string such as \"createNode\") is required");
  CHECK(batchError(R"([{"op":"createNode"},{"op":"createNode"},
                       {"op":"createEdge","start":1,"end":2}])") ==
        "op 2 (createEdge): 'type' is required");
  CHECK(batchError(R"([{"op":"dropTable"}])").starts_with("op 0 (dropTable): unknown op;"));
  CHECK(batchError(R"([{"op":"createNode","lables":["X"]}])") ==
        "op 0 (createNode): unknown field 'lables'");
  CHECK(batchError(R"([{"op":"createNode","labels":"Person"}])") ==
        "op 0 (createNode): 'labels' must be an array of strings, not a string");
  CHECK(batchError(R"([{"op":"createNode","properties":{"o":{"a":1}}}])")
            .starts_with("op 0 (createNode): 'properties.o': objects other than"));
  CHECK(batchError(R"([{"op":"createEdge","type":"T","start":"x","end":1}])") ==
        "op 0 (createEdge): 'start' refers to \"x\", which no earlier op of the batch defines "
        "as its ref");
  CHECK(batchError(R"([{"op":"createNode","ref":"a"},{"op":"createNode","ref":"a"}])") ==
        "op 1 (createNode): ref \"a\" is already defined by an earlier op");
  CHECK(batchError(R"([{"op":"createEdge","type":"T","start":1,"end":0}])") ==
        "op 0 (createEdge): 'end' must be a node id (a positive integer) or the ref of an "
        "earlier op (a string)");
  CHECK(batchError(R"([{"op":"createEdge","type":"T","start":1,"end":2,"validFrom":"soon"}])")
            .starts_with("op 0 (createEdge): 'validFrom' must be a datetime"));
  CHECK(batchError(R"([{"op":"createEdge","type":"T","start":1,"end":2,
                        "validFrom":"2026-02-01","validTo":"2026-01-01"}])") ==
        "op 0 (createEdge): 'validFrom' is after 'validTo'");
  CHECK(batchError(R"([{"op":"mergeNode","labels":["V"],"keys":["plate"],"properties":{}}])") ==
        "op 0 (mergeNode): key 'plate' has no value in 'properties'");
  CHECK(batchError(R"([{"op":"mergeNode","labels":[],"keys":["p"],"properties":{"p":1}}])") ==
        "op 0 (mergeNode): 'labels' must not be empty");
  CHECK(batchError(R"([{"op":"deleteEdge","id":"e1"}])") ==
        "op 0 (deleteEdge): 'id' must be a positive integer (a relationship id)");
  CHECK(batchError(R"([{"op":"deleteNode","id":3,"detach":"yes"}])") ==
        "op 0 (deleteNode): 'detach' must be true or false, not a string");
  CHECK(batchError(R"([{"op":"createNode","provenance":{"agency":"a","who":"b"}}])") ==
        "op 0 (createNode): unknown field 'provenance.who' (expected agency and recordId)");
  CHECK(batchError("[{\"op\":\"createNode\",}]") ==
        "line 1, column 21: unexpected '}'; expected a string (an object key)");
}
