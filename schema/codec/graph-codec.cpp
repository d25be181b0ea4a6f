#include "schema/codec/graph-codec.h"

namespace casegraph {

PropertyMap fromRpc(capnp::List<rpc::Property>::Reader in) {
  PropertyMap props;
  for (auto p : in) props.insert_or_assign(toString(p.getKey()), fromCapnp(p.getValue()));
  return props;
}

void toRpc(const PropertyMap& props, capnp::List<rpc::Property>::Builder out) {
  KJ_REQUIRE(out.size() == props.size(), "property list sized wrongly");
  unsigned i = 0;
  for (const auto& [key, value] : props) {
    auto p = out[i++];
    p.setKey(textReader(key));
    toCapnp(value, p.initValue());
  }
}

std::vector<std::string> fromRpc(capnp::List<capnp::Text>::Reader in) {
  std::vector<std::string> out;
  out.reserve(in.size());
  for (auto t : in) out.push_back(toString(t));
  return out;
}

void toRpc(const std::vector<std::string>& strings, capnp::List<capnp::Text>::Builder out) {
  KJ_REQUIRE(out.size() == strings.size(), "text list sized wrongly");
  for (unsigned i = 0; i < strings.size(); ++i) out.set(i, textReader(strings[i]));
}

std::vector<uint64_t> fromRpc(capnp::List<uint64_t>::Reader in) {
  std::vector<uint64_t> out;
  out.reserve(in.size());
  for (auto id : in) out.push_back(id);
  return out;
}

void toRpc(const std::vector<uint64_t>& ids, capnp::List<uint64_t>::Builder out) {
  KJ_REQUIRE(out.size() == ids.size(), "id list sized wrongly");
  for (unsigned i = 0; i < ids.size(); ++i) out.set(i, ids[i]);
}

Provenance fromRpc(rpc::Provenance::Reader in) {
  return Provenance{toString(in.getAgency()), toString(in.getRecordId()),
                    DateTime{in.getIngestTime()}};
}

void toRpc(const Provenance& p, rpc::Provenance::Builder out) {
  out.setAgency(textReader(p.agency));
  out.setRecordId(textReader(p.recordId));
  out.setIngestTime(p.ingestTime.micros);
}

Node fromRpc(rpc::Node::Reader in) {
  Node n;
  n.id = in.getId();
  n.labels = fromRpc(in.getLabels());
  n.properties = fromRpc(in.getProperties());
  n.provenance = fromRpc(in.getProvenance());
  n.handling = toString(in.getHandling());
  return n;
}

void toRpc(const Node& n, rpc::Node::Builder out) {
  out.setId(n.id);
  toRpc(n.labels, out.initLabels(static_cast<unsigned>(n.labels.size())));
  toRpc(n.properties, out.initProperties(static_cast<unsigned>(n.properties.size())));
  toRpc(n.provenance, out.initProvenance());
  out.setHandling(textReader(n.handling));
}

Edge fromRpc(rpc::Edge::Reader in) {
  Edge e;
  e.id = in.getId();
  e.type = toString(in.getType());
  e.start = in.getStart();
  e.end = in.getEnd();
  e.properties = fromRpc(in.getProperties());
  e.provenance = fromRpc(in.getProvenance());
  e.handling = toString(in.getHandling());
  e.validFrom = in.getValidFrom();
  e.validTo = in.getValidTo();
  return e;
}

void toRpc(const Edge& e, rpc::Edge::Builder out) {
  out.setId(e.id);
  out.setType(textReader(e.type));
  out.setStart(e.start);
  out.setEnd(e.end);
  toRpc(e.properties, out.initProperties(static_cast<unsigned>(e.properties.size())));
  toRpc(e.provenance, out.initProvenance());
  out.setHandling(textReader(e.handling));
  out.setValidFrom(e.validFrom);
  out.setValidTo(e.validTo);
}

NodeRef fromRpc(rpc::NodeRef::Reader in) {
  if (in.isRef()) return NodeRef(toString(in.getRef()));
  return NodeRef(in.getId());
}

void toRpc(const NodeRef& ref, rpc::NodeRef::Builder out) {
  if (const auto* name = std::get_if<std::string>(&ref)) {
    out.setRef(textReader(*name));
  } else {
    out.setId(std::get<uint64_t>(ref));
  }
}

namespace {

struct OpToRpc {
  rpc::WriteOp::Builder out;

  void operator()(const CreateNodeOp& op) {
    auto b = out.initCreateNode();
    b.setRef(textReader(op.ref));
    toRpc(op.labels, b.initLabels(sizeOf(op.labels)));
    toRpc(op.properties, b.initProperties(sizeOf(op.properties)));
    toRpc(op.provenance, b.initProvenance());
    b.setHandling(textReader(op.handling));
  }
  void operator()(const MergeNodeOp& op) {
    auto b = out.initMergeNode();
    b.setRef(textReader(op.ref));
    toRpc(op.labels, b.initLabels(sizeOf(op.labels)));
    toRpc(op.keys, b.initKeys(sizeOf(op.keys)));
    toRpc(op.properties, b.initProperties(sizeOf(op.properties)));
    toRpc(op.provenance, b.initProvenance());
    b.setHandling(textReader(op.handling));
  }
  void operator()(const CreateEdgeOp& op) {
    auto b = out.initCreateEdge();
    b.setType(textReader(op.type));
    toRpc(op.start, b.initStart());
    toRpc(op.end, b.initEnd());
    toRpc(op.properties, b.initProperties(sizeOf(op.properties)));
    toRpc(op.provenance, b.initProvenance());
    b.setHandling(textReader(op.handling));
    b.setValidFrom(op.validFrom);
    b.setValidTo(op.validTo);
  }
  void operator()(const UpdateNodeOp& op) {
    auto b = out.initUpdateNode();
    toRpc(op.id, b.initId());
    toRpc(op.set, b.initSet(sizeOf(op.set)));
    toRpc(op.addLabels, b.initAddLabels(sizeOf(op.addLabels)));
    toRpc(op.removeLabels, b.initRemoveLabels(sizeOf(op.removeLabels)));
  }
  void operator()(const UpdateEdgeOp& op) {
    auto b = out.initUpdateEdge();
    b.setId(op.id);
    toRpc(op.set, b.initSet(sizeOf(op.set)));
  }
  void operator()(const DeleteNodeOp& op) {
    auto b = out.initDeleteNode();
    toRpc(op.id, b.initId());
    b.setDetach(op.detach);
  }
  void operator()(const DeleteEdgeOp& op) { out.initDeleteEdge().setId(op.id); }
};

}  // namespace

WriteOp fromRpc(rpc::WriteOp::Reader in) {
  switch (in.which()) {
    case rpc::WriteOp::CREATE_NODE: {
      auto r = in.getCreateNode();
      return CreateNodeOp{toString(r.getRef()), fromRpc(r.getLabels()), fromRpc(r.getProperties()),
                          fromRpc(r.getProvenance()), toString(r.getHandling())};
    }
    case rpc::WriteOp::MERGE_NODE: {
      auto r = in.getMergeNode();
      return MergeNodeOp{toString(r.getRef()),       fromRpc(r.getLabels()),
                         fromRpc(r.getKeys()),       fromRpc(r.getProperties()),
                         fromRpc(r.getProvenance()), toString(r.getHandling())};
    }
    case rpc::WriteOp::CREATE_EDGE: {
      auto r = in.getCreateEdge();
      return CreateEdgeOp{toString(r.getType()),      fromRpc(r.getStart()),
                          fromRpc(r.getEnd()),        fromRpc(r.getProperties()),
                          fromRpc(r.getProvenance()), toString(r.getHandling()),
                          r.getValidFrom(),           r.getValidTo()};
    }
    case rpc::WriteOp::UPDATE_NODE: {
      auto r = in.getUpdateNode();
      return UpdateNodeOp{fromRpc(r.getId()), fromRpc(r.getSet()), fromRpc(r.getAddLabels()),
                          fromRpc(r.getRemoveLabels())};
    }
    case rpc::WriteOp::UPDATE_EDGE: {
      auto r = in.getUpdateEdge();
      return UpdateEdgeOp{r.getId(), fromRpc(r.getSet())};
    }
    case rpc::WriteOp::DELETE_NODE: {
      auto r = in.getDeleteNode();
      return DeleteNodeOp{fromRpc(r.getId()), r.getDetach()};
    }
    case rpc::WriteOp::DELETE_EDGE:
      return DeleteEdgeOp{in.getDeleteEdge().getId()};
  }
  KJ_FAIL_REQUIRE("invalid_argument: unknown write op kind", static_cast<unsigned>(in.which()));
}

void toRpc(const WriteOp& op, rpc::WriteOp::Builder out) { std::visit(OpToRpc{out}, op); }

WriteResult fromRpc(rpc::WriteResult::Reader in) {
  WriteResult r;
  for (auto id : in.getIds()) r.ids.push_back(id);
  for (auto created : in.getCreated()) r.created.push_back(created);
  return r;
}

void toRpc(const WriteResult& r, rpc::WriteResult::Builder out) {
  auto ids = out.initIds(sizeOf(r.ids));
  for (unsigned i = 0; i < r.ids.size(); ++i) ids.set(i, r.ids[i]);
  auto created = out.initCreated(sizeOf(r.created));
  for (unsigned i = 0; i < r.created.size(); ++i) created.set(i, r.created[i]);
}

}  // namespace casegraph
