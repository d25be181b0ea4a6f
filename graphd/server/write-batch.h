// Session.write: applies one batch of write operations (schema/graph.capnp WriteOp) in the
// caller's write transaction, op by op, with the server's policy for what clients send:
// temporal values checked, a zero ingest time stamped with the time of arrival, node
// references of the batch resolved, and each failure named by its op's index.
#pragma once

#include <cstdint>
#include <vector>

#include "graphd/store/store.h"
#include "schema/graph.capnp.h"

namespace casegraph {

struct WriteOutcome {
  std::vector<uint64_t> ids;     // per op: the node or relationship it wrote
  std::vector<bool> created;     // per op: whether it created (a merge may find instead)
};

// Throws the categorised RPC error of the first op that fails; the caller's transaction then
// rolls back, so a batch is written whole or not at all.
WriteOutcome applyWriteBatch(WriteTxn& w, capnp::List<rpc::WriteOp>::Reader ops);

}  // namespace casegraph
