// The operations of one write batch (`Session.write` in schema/graph.capnp) as plain C++
// values, so that callers can build, inspect and test batches without Cap'n Proto builders.
// schema/codec/graph-codec.h turns them into their RPC form and back; the server applies them
// (graphd/server/rpc-server.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "schema/model/value.h"

namespace casegraph {

// A node in a write batch: an existing node by id (uint64_t), or a node created or merged by
// an earlier op of the same batch, by that op's `ref` name (std::string).
using NodeRef = std::variant<uint64_t, std::string>;

// Empty `ref` = the op has no batch-local name. Empty `handling` = the server's default
// ("open"). A zero provenance.ingestTime leaves the time stamp to the server.
struct CreateNodeOp {
  std::string ref;
  std::vector<std::string> labels;
  PropertyMap properties;
  Provenance provenance;
  std::string handling;
  bool operator==(const CreateNodeOp&) const = default;
};

// Finds the node with all `labels` whose `keys` properties equal those in `properties`,
// updating it, or creates it when there is none.
struct MergeNodeOp {
  std::string ref;
  std::vector<std::string> labels;
  std::vector<std::string> keys;
  PropertyMap properties;
  Provenance provenance;
  std::string handling;
  bool operator==(const MergeNodeOp&) const = default;
};

struct CreateEdgeOp {
  std::string type;
  NodeRef start;
  NodeRef end;
  PropertyMap properties;
  Provenance provenance;
  std::string handling;
  int64_t validFrom = TIME_MIN;  // microseconds; TIME_MIN = unbounded
  int64_t validTo = TIME_MAX;    // microseconds; TIME_MAX = unbounded
  bool operator==(const CreateEdgeOp&) const = default;
};

// `set` entries with a null value remove the property.
struct UpdateNodeOp {
  NodeRef id;
  PropertyMap set;
  std::vector<std::string> addLabels;
  std::vector<std::string> removeLabels;
  bool operator==(const UpdateNodeOp&) const = default;
};

struct UpdateEdgeOp {
  uint64_t id = 0;
  PropertyMap set;
  bool operator==(const UpdateEdgeOp&) const = default;
};

// With `detach`, the node's relationships are deleted too; without it the server refuses to
// delete a node that still has relationships.
struct DeleteNodeOp {
  NodeRef id;
  bool detach = false;
  bool operator==(const DeleteNodeOp&) const = default;
};

struct DeleteEdgeOp {
  uint64_t id = 0;
  bool operator==(const DeleteEdgeOp&) const = default;
};

using WriteOp = std::variant<CreateNodeOp, MergeNodeOp, CreateEdgeOp, UpdateNodeOp, UpdateEdgeOp,
                             DeleteNodeOp, DeleteEdgeOp>;

// The op's name as used in the JSON batch format and in messages: "createNode", ...
inline const char* writeOpName(const WriteOp& op) {
  static_assert(std::variant_size_v<WriteOp> == 7, "one name per op kind");
  static constexpr const char* NAMES[] = {"createNode", "mergeNode",  "createEdge", "updateNode",
                                          "updateEdge", "deleteNode", "deleteEdge"};
  return NAMES[op.index()];
}

// The outcome of a batch: one entry per op, in order.
struct WriteResult {
  std::vector<uint64_t> ids;  // the id created, merged, updated or deleted
  std::vector<bool> created;  // mergeNode: true when it created the node; other ops: false
};

}  // namespace casegraph
