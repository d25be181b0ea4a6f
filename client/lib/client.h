// GraphClient: a blocking client for the CaseGraph RPC interface (schema/graph.capnp).
//
//   auto client = GraphClient::connect("127.0.0.1:7600");   // or "unix:/run/graphd.sock"
//   std::vector<uint64_t> missing;
//   for (const Node& n : client->getNodes({1, 2, 3}, &missing)) ...;
//   client->findNodes("Person", "lastName", Value("Smith"), false, 100,
//                     [](const std::vector<Node>& batch) { ... });
//   LinkResult r = client->paths(PathRequestSpec{.from = 17, .to = 4242});
//
// Every blocking method runs the connection's event loop until its call completes and throws
// ClientError when the call fails. Callers that want promises instead (to pipeline calls or
// to overlap work with a call in flight) use session(), waitScope() and io() directly and
// turn kj exceptions into ClientError with wait() or toClientError().
//
// Threads: a GraphClient, its session and its event loop belong to the thread that called
// connect(); use them from that thread only. kj allows one event loop per thread, so a thread
// holds at most one GraphClient at a time.
#pragma once

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "client/lib/link-types.h"
#include "client/lib/query-types.h"
#include "schema/model/write-op.h"
#include "schema/wire/buffered-stream.h"
#include "schema/wire/spin-wait.h"
#include "schema/model/value.h"
#include "schema/graph.capnp.h"

namespace casegraph {

// A failed call or connection. category() is the server's error category ("not_found",
// "invalid_argument", "limit_exceeded", "overloaded", "unauthenticated", "internal"), or
// "unavailable" (could not connect) or "disconnected" (the connection was lost); what() is
// the message without the category.
class ClientError : public std::runtime_error {
 public:
  ClientError(std::string category, const std::string& message)
      : std::runtime_error(message), category_(std::move(category)) {}
  const std::string& category() const { return category_; }

 private:
  std::string category_;
};

// Maps a kj exception from a call to a ClientError: strips the "remote exception: " and
// "std::exception: " prefixes and splits "category: message"; without a category the
// exception type decides (OVERLOADED: "overloaded", DISCONNECTED: "disconnected", otherwise
// "internal").
ClientError toClientError(const kj::Exception& e);

// Called inside a catch block: the ClientError that the exception being handled stands for
// when it is a kj exception, nullopt for any other. Lets callers report failures without
// naming kj.
std::optional<ClientError> currentKjError();

// What a streamed call reports at its end.
struct ResultSummary {
  uint64_t count = 0;      // rows sent
  bool truncated = false;  // a limit cut the result short
  std::string note;        // which limit, when truncated
};

struct NameCount {
  std::string name;
  uint64_t count = 0;
};

struct ServerStats {
  uint64_t nodes = 0;
  uint64_t edges = 0;
  std::vector<NameCount> labels;
  std::vector<NameCount> types;
  uint64_t dataBytes = 0;
  std::string version;
};

// A Cypher query's column names, before its first rows.
using QueryColumnsFn = std::function<void(const std::vector<std::string>&)>;
// A batch of a Cypher query's rows, in order.
using QueryRowsFn = std::function<void(const std::vector<QueryRow>&)>;

using NodeBatchFn = std::function<void(const std::vector<Node>&)>;
// edges[i] leads to nodes[i].
using NeighborBatchFn = std::function<void(const std::vector<Edge>&, const std::vector<Node>&)>;

class GraphClient {
  struct Passkey {};

 public:
  // Largest incoming message, in words: 256 MiB.
  static constexpr uint64_t TRAVERSAL_LIMIT_WORDS = 32 * 1024 * 1024;

  // Connects to `address` ("host:port" or "unix:PATH") and logs in as `user`. Throws
  // ClientError: "unavailable" when the server cannot be reached, or the login's error.
  static std::unique_ptr<GraphClient> connect(const std::string& address,
                                              const std::string& user = "local");

  // Use connect(); public only so that connect() can use std::make_unique.
  GraphClient(Passkey, std::string address, kj::AsyncIoContext io);
  ~GraphClient();
  GraphClient(const GraphClient&) = delete;
  GraphClient& operator=(const GraphClient&) = delete;

  const std::string& address() const { return address_; }

  // Nodes (edges) in the order of `ids`, skipping ids that do not exist; those are appended
  // to `*missing` when it is given.
  std::vector<Node> getNodes(const std::vector<uint64_t>& ids,
                             std::vector<uint64_t>* missing = nullptr);
  std::vector<Edge> getEdges(const std::vector<uint64_t>& ids,
                             std::vector<uint64_t>* missing = nullptr);

  // Nodes with `label`; with a non-empty `key`, those whose property `key` equals `value` (with
  // `prefix`: whose string value starts with value). limit 0 = the server's default. `onBatch`
  // runs once per batch as results stream in; an exception from it cancels the call and is
  // rethrown here.
  ResultSummary findNodes(const std::string& label, const std::string& key,
                          const std::optional<Value>& value, bool prefix, uint64_t limit,
                          const NodeBatchFn& onBatch);

  // Relationships and nodes next to node `id`; empty `types` / `labels` = any.
  ResultSummary neighbors(uint64_t id, rpc::Direction direction,
                          const std::vector<std::string>& types,
                          const std::vector<std::string>& labels, uint64_t limit,
                          const NeighborBatchFn& onBatch);

  // One atomic batch.
  WriteResult write(const std::vector<WriteOp>& ops);

  ServerStats stats();

  // --- link analysis (docs/rpc.md) -------------------------------------------------------------
  // Each call runs one bounded search under `filter` and `limits` and answers a LinkResult;
  // when a limit cut the search short, `truncated` is set and `note` names the limit. A node
  // that does not exist fails the call with "not_found".

  // Paths from request.from to request.to of the kind asked: `paths`, shortest first.
  LinkResult paths(const PathRequestSpec& request, const LinkFilterSpec& filter = {},
                   const LinkLimitsSpec& limits = {});
  // Everything within `hops` of the seeds: `nodes`, `relationships`, and facts with each
  // node's depth (0 for a seed).
  LinkResult expand(const std::vector<uint64_t>& seeds, uint32_t hops,
                    const LinkFilterSpec& filter = {}, const LinkLimitsSpec& limits = {});
  // The network of paths of at most `hops` between any two of the entities (at least two);
  // facts give each node's role ("entity" or "connector") and score (pairs it joins).
  LinkResult connectors(const std::vector<uint64_t>& entities, uint32_t hops,
                        const LinkFilterSpec& filter = {}, const LinkLimitsSpec& limits = {});
  // Nodes next to every one of the entities (at least two), with the relationships to them.
  LinkResult commonNeighbours(const std::vector<uint64_t>& entities,
                              const LinkFilterSpec& filter = {}, const LinkLimitsSpec& limits = {});
  // The nodes on shortest a-b paths, most paths through first (`nodes`, facts' score), with
  // `distance` and `totalPaths`; distance 0 when a and b are not connected within the limits.
  LinkResult whoLinks(uint64_t a, uint64_t b, const LinkFilterSpec& filter = {},
                      const LinkLimitsSpec& limits = {});
  // Component, community, degree, betweenness and PageRank of each of `nodes`, in the network
  // of those nodes (and only `relationships`, when not empty).
  LinkResult analyse(const std::vector<uint64_t>& nodes, const std::vector<uint64_t>& relationships,
                     const LinkFilterSpec& filter = {});
  // The subgraph of `nodes` and `relationships` as GraphML, DOT or JSON text.
  std::string exportGraph(const std::vector<uint64_t>& nodes,
                          const std::vector<uint64_t>& relationships, rpc::ExportFormat format,
                          const LinkFilterSpec& filter = {});
  // How many distinct nodes lie within 1..hops of `seed`: `count`.
  LinkResult reach(uint64_t seed, uint32_t hops, const LinkFilterSpec& filter = {},
                   const LinkLimitsSpec& limits = {});

  // --- Cypher queries (docs/rpc.md, "Queries") -----------------------------------------------
  // Runs one openCypher statement with `params` as one transaction on the server. The columns
  // arrive first, then the rows in batches as the server produces them (a read-only query is
  // held back while the callbacks are slow). An error in the query is a ClientError with
  // category "invalid_argument" (or "not_found", "limit_exceeded") whose message
  // parseQueryError() splits into kind, code, line, column and text. An exception from a
  // callback cancels the call and is rethrown here.
  QuerySummary query(const std::string& text, const QueryParams& params,
                     const QueryColumnsFn& onColumns, const QueryRowsFn& onRows);
  // The whole result in memory.
  QueryResult query(const std::string& text, const QueryParams& params = {});
  // The promise form: the call is in flight until the promise resolves; dropping the promise
  // cancels it (the server stops the query). The callbacks run on this client's event loop; an
  // exception from one fails the promise.
  kj::Promise<QuerySummary> queryAsync(const std::string& text, const QueryParams& params,
                                       QueryColumnsFn onColumns, QueryRowsFn onRows);

  // --- the promise form ---------------------------------------------------------------------
  // The logged-in session, for building requests directly. Run them with wait() (or with
  // `promise.wait(waitScope())`, catching kj::Exception yourself). Promises must not outlive
  // the GraphClient.
  rpc::Session::Client session() { return session_; }
  kj::WaitScope& waitScope() { return io_.waitScope; }
  kj::AsyncIoContext& io() { return io_; }

  // Waits for `promise`, turning a kj exception into a ClientError.
  template <typename T>
  T wait(kj::Promise<T>&& promise);
  void wait(kj::Promise<void>&& promise);
  // Runs the event loop while there is work ready (lets queued messages go out) and returns.
  void poll() { io_.waitScope.poll(); }
  // How long a blocking call polls for its reply before the thread sleeps (CLIENT_SPIN by
  // default; zero sleeps at once). Polling saves the wake-up from sleep, tens of microseconds
  // per call on a virtual machine, for a little CPU time (schema/wire/spin-wait.h).
  void setPollWindow(std::chrono::microseconds window) { pollWindow_ = window; }

 private:
  using BatchFn = std::function<void(rpc::ResultBatch::Reader)>;
  // Sends the call with the sink; hands rows that come in the reply to the BatchFn.
  using SendFn = std::function<kj::Promise<ResultSummary>(rpc::ResultSink::Client, const BatchFn&)>;
  // Runs a streamed call: `send` issues the request with a sink that hands each batch to
  // `onBatch`.
  ResultSummary runStreamed(const BatchFn& onBatch, const SendFn& send);

  // Converts kj exceptions (and DISCONNECTED ones with this client's address) to ClientError.
  [[noreturn]] void rethrow(const kj::Exception& e) const;

  std::string address_;
  kj::AsyncIoContext io_;
  kj::Own<kj::AsyncIoStream> stream_;
  kj::Own<BatchingMessageStream> messages_;
  kj::Own<capnp::TwoPartyVatNetwork> network_;
  kj::Own<capnp::RpcSystem<capnp::rpc::twoparty::VatId>> rpc_;
  rpc::Session::Client session_{nullptr};
  std::chrono::microseconds pollWindow_ = CLIENT_SPIN;
};

template <typename T>
T GraphClient::wait(kj::Promise<T>&& promise) {
  try {
    return spinThenWait(kj::mv(promise), io_.waitScope, pollWindow_);
  } catch (const kj::Exception& e) {
    rethrow(e);
  }
}

inline void GraphClient::wait(kj::Promise<void>&& promise) {
  try {
    spinThenWait(kj::mv(promise), io_.waitScope, pollWindow_);
  } catch (const kj::Exception& e) {
    rethrow(e);
  }
}

}  // namespace casegraph
