// The client's conversions for link analysis and Cypher results (schema/graph.capnp), beside
// the graph values' codec shared with the server (schema/codec/graph-codec.h). Nothing here
// depends on a connection.
#pragma once

#include <string>
#include <string_view>

#include "client/lib/link-types.h"
#include "client/lib/query-types.h"
#include "schema/codec/graph-codec.h"

namespace casegraph {

// Link analysis: requests one way, results the other.
void toRpc(const LinkFilterSpec& f, rpc::LinkFilter::Builder out);
void toRpc(const LinkLimitsSpec& l, rpc::LinkLimits::Builder out);
void toRpc(const PathRequestSpec& r, rpc::PathRequest::Builder out);
PathValue fromRpc(rpc::PathValue::Reader in);
NodeFacts fromRpc(rpc::NodeFacts::Reader in);
LinkResult fromRpc(rpc::LinkResult::Reader in);

// Cypher queries: values both ways (a node, relationship or path is sent as its full record),
// the summary from the server.
QueryValue fromRpc(rpc::QueryValue::Reader in);
void toRpc(const QueryValue& v, rpc::QueryValue::Builder out);
QueryRow fromRpc(rpc::QueryRow::Reader in);
QueryStats fromRpc(rpc::QueryStats::Reader in);
QuerySummary fromRpc(rpc::QuerySummary::Reader in);

}  // namespace casegraph
