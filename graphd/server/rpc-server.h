// Cap'n Proto implementations of schema/graph.capnp: the bootstrap GraphService and the
// per-user Session. Reads run on the read pool with their own LMDB snapshots; writes run on the
// single-thread write pool, so one writer at a time (LMDB's rule) without blocking readers.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "schema/wire/spin-wait.h"
#include "graphd/store/store.h"
#include "graphd/server/worker-pool.h"
#include "query/cypher/parse/parse-cache.h"
#include "schema/graph.capnp.h"

namespace casegraph {

struct ServerLimits {
  uint64_t defaultResultLimit = 10000;
  uint64_t maxResultLimit = 10000000;
  uint64_t streamBatch = 512;  // rows per streamed batch
  // How long a Cypher query may run, including the time its client takes to read the rows
  // (serve option query-timeout-ms).
  std::chrono::milliseconds queryDeadline{30'000};
  // A read (query or link-analysis call) first runs on the RPC thread for at most this long;
  // one that needs longer starts again on the read pool (serve option inline-budget-us; 0
  // sends every such read to the pool). Most reads finish well within it and so skip two
  // thread hand-overs; the RPC thread never stalls for longer than this.
  std::chrono::microseconds inlineBudget{1000};
  // After reading or writing a message an RPC thread polls for the next one this long before
  // it sleeps (serve option poll-us; 0 sleeps at once): a wake-up from sleep costs a round
  // trip tens of microseconds on a virtual machine (schema/wire/spin-wait.h).
  std::chrono::microseconds pollWindow{SERVER_SPIN};
};

// For a first attempt started now with `budget`: every deadline of the run (the query's own,
// and its searches', cut to the microsecond) lies at or after this instant, so a run that ends
// before it was cut by none of them and its answer is whole.
inline std::chrono::steady_clock::time_point inlineCutoff(std::chrono::microseconds budget) {
  return std::chrono::steady_clock::now() + budget - std::chrono::microseconds(2);
}

// What the RPC objects share: owned by main, outlives every connection.
struct ServerContext {
  GraphStore& store;
  WorkerPool& readPool;
  WorkerPool& writePool;
  ServerLimits limits;
  bool logRequests = false;
  cypher::ParseCache parseCache{512};
  // How each call's short first attempts on the RPC thread went (queries keep theirs with
  // their parsed text).
  struct InlineGates {
    cypher::InlineGate findNodes, neighbors;
    cypher::InlineGate paths, expand, connectors, commonNeighbours, whoLinks, reach;
  } inlineGates{};
};

// The bootstrap capability.
kj::Own<rpc::GraphService::Server> newGraphService(ServerContext& context);

// About how many words toRpc(Node) and toRpc(Edge) (schema/codec/graph-codec.h) write, for
// the size hints of replies.
size_t nodeWords(const Node& n);
size_t edgeWords(const Edge& e);

}  // namespace casegraph
