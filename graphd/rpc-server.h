// Cap'n Proto implementations of schema/graph.capnp: the bootstrap GraphService and the
// per-user Session. Reads run on the read pool with their own LMDB snapshots; writes run on the
// single-thread write pool, so one writer at a time (LMDB's rule) without blocking readers.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "graphd/store.h"
#include "graphd/worker-pool.h"
#include "schema/graph.capnp.h"

namespace casegraph {

struct ServerLimits {
  uint64_t defaultResultLimit = 10000;
  uint64_t maxResultLimit = 10000000;
  uint64_t streamBatch = 512;  // rows per streamed batch
  // How long a Cypher query may run, including the time its client takes to read the rows
  // (serve option query-timeout-ms).
  std::chrono::milliseconds queryDeadline{30'000};
};

// What the RPC objects share: owned by main, outlives every connection.
struct ServerContext {
  GraphStore& store;
  WorkerPool& readPool;
  WorkerPool& writePool;
  ServerLimits limits;
  bool logRequests = false;
};

// The bootstrap capability.
kj::Own<rpc::GraphService::Server> newGraphService(ServerContext& context);

// Conversions between store values and RPC structs.
void fillNode(rpc::Node::Builder out, const Node& n);
void fillEdge(rpc::Edge::Builder out, const Edge& e);
// About how many words fillNode and fillEdge write, for the size hints of replies.
size_t nodeWords(const Node& n);
size_t edgeWords(const Edge& e);

}  // namespace casegraph
