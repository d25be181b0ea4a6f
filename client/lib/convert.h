// Conversions between the RPC structs of schema/graph.capnp and the plain values of
// graphd/value.h and client/write-op.h. Shared by the client and the server; nothing here
// depends on a connection.
//
// Builders: the `toRpc` functions fill a builder the caller has obtained (from init* or a
// list element); they init the builder's own lists. Readers: the `fromRpc` functions copy,
// so the result outlives the message.
#pragma once

#include <string>
#include <string_view>

#include "client/lib/link-types.h"
#include "client/lib/query-types.h"
#include "client/lib/write-op.h"
#include "schema/codec/records.h"
#include "schema/model/value.h"
#include "schema/graph.capnp.h"

namespace casegraph {

// Text without a copy; the reader points into `s`, which must outlive it.
inline capnp::Text::Reader textReader(std::string_view s) {
  return capnp::Text::Reader(s.data(), s.size());
}
inline std::string toString(capnp::Text::Reader t) { return std::string(t.cStr(), t.size()); }

inline void toRpc(const Value& v, schema::Value::Builder out) { toCapnp(v, out); }
inline Value fromRpc(schema::Value::Reader in) { return fromCapnp(in); }

// Lists: the caller sizes the builder, e.g. `toRpc(props, b.initProperties(props.size()))`.
PropertyMap fromRpc(capnp::List<rpc::Property>::Reader in);
void toRpc(const PropertyMap& props, capnp::List<rpc::Property>::Builder out);

std::vector<std::string> fromRpc(capnp::List<capnp::Text>::Reader in);
void toRpc(const std::vector<std::string>& strings, capnp::List<capnp::Text>::Builder out);

Provenance fromRpc(rpc::Provenance::Reader in);
void toRpc(const Provenance& p, rpc::Provenance::Builder out);

// Labels keep the order sent (the server sends them sorted).
Node fromRpc(rpc::Node::Reader in);
void toRpc(const Node& n, rpc::Node::Builder out);

Edge fromRpc(rpc::Edge::Reader in);
void toRpc(const Edge& e, rpc::Edge::Builder out);

NodeRef fromRpc(rpc::NodeRef::Reader in);
void toRpc(const NodeRef& ref, rpc::NodeRef::Builder out);

WriteOp fromRpc(rpc::WriteOp::Reader in);
void toRpc(const WriteOp& op, rpc::WriteOp::Builder out);

WriteResult fromRpc(rpc::WriteResult::Reader in);
void toRpc(const WriteResult& r, rpc::WriteResult::Builder out);

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
