// Session.query: runs one openCypher statement (query/cypher/execute.h) for a client and
// streams its result to the client's QuerySink (schema/graph.capnp, docs/rpc.md "Queries").
//
// A read-only query runs on the read pool over its own snapshot and hands rows over as it finds
// them: they are converted to full records on the worker, a batch at a time, and sent with
// flow control, so a slow client holds back the query (within its deadline) rather than
// filling the server's memory. A query with write clauses runs on the single writer thread,
// which is never made to wait for a client: its rows are queued until sent.
#pragma once

#include <capnp/capability.h>

#include "graphd/server/rpc-server.h"

namespace casegraph {

using QueryCallContext = capnp::CallContext<rpc::Session::QueryParams, rpc::Session::QueryResults>;

// Serves one Session.query call. Invalid parameters fail at once; everything else happens on
// the workers. Dropping the returned promise (the client cancelled or went away) stops the
// query. `ctx` must outlive the promise (it outlives every connection).
kj::Promise<void> serveQuery(ServerContext& ctx, QueryCallContext context);

}  // namespace casegraph
