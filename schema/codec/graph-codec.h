// The one codec between the RPC structs of schema/graph.capnp and the plain values of the data
// model (schema/model/value.h, schema/model/write-op.h): properties, provenance, nodes,
// relationships, node references, write operations and their results. The server and the
// client both use it; server-only policy (time-stamping, limits, checks) stays in named server
// functions beside their callers.
//
// Builders: the `toRpc` functions fill a builder the caller has obtained (from init* or a
// list element); they init the builder's own lists. Readers: the `fromRpc` functions copy,
// so the result outlives the message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/codec/records.h"
#include "schema/graph.capnp.h"
#include "schema/model/value.h"
#include "schema/model/write-op.h"

namespace casegraph {

inline unsigned sizeOf(const auto& container) { return static_cast<unsigned>(container.size()); }

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

std::vector<uint64_t> fromRpc(capnp::List<uint64_t>::Reader in);
void toRpc(const std::vector<uint64_t>& ids, capnp::List<uint64_t>::Builder out);

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

}  // namespace casegraph
