#include "graphd/server/write-batch.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>

#include "graphd/server/rpc-errors.h"
#include "schema/codec/graph-codec.h"

namespace casegraph {

namespace {

// Rejects a client's temporal value that no query could handle (see temporalProblem),
// anywhere in `v`.
void checkTemporals(const Value& v, const std::string& key) {
  if (v.type() == ValueType::DATETIME) {
    if (auto problem = temporalProblem(v.asDateTime())) {
      rpcFail("invalid_argument", "property '" + key + "': " + *problem);
    }
  } else if (v.type() == ValueType::LIST) {
    for (const auto& item : v.asList()) checkTemporals(item, key);
  }
}

// Server policy over the shared codec (schema/codec/graph-codec.h) for what clients send.

// Properties from a client, with their temporal values checked (returned as they are).
const PropertyMap& clientProperties(const PropertyMap& props) {
  for (const auto& [key, value] : props) checkTemporals(value, key);
  return props;
}

// A zero ingest time means "now": the server stamps facts it receives without one.
Provenance stamped(Provenance p) {
  if (p.ingestTime.micros == 0) {
    p.ingestTime.micros = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  }
  return p;
}

// Applies one write batch, decoded by the shared codec, op by op in one write transaction.
class WriteApplier {
 public:
  WriteApplier(WriteTxn& w, capnp::List<rpc::WriteOp>::Reader ops) : w_(w), ops_(ops) {}

  WriteOutcome run() {
    WriteOutcome out;
    for (unsigned i = 0; i < ops_.size(); ++i) {
      index_ = i;
      created_ = false;
      // An op of a newer schema than this server's: named by its index, as any failed op.
      if (ops_[i].which() > rpc::WriteOp::DELETE_EDGE) bad("invalid_argument", "unknown operation");
      out.ids.push_back(std::visit(*this, fromRpc(ops_[i])));
      out.created.push_back(created_);
    }
    return out;
  }

  uint64_t operator()(CreateNodeOp&& op) {
    const uint64_t id = w_.createNode(op.labels, clientProperties(op.properties),
                                      stamped(std::move(op.provenance)), op.handling);
    remember(op.ref, id);
    created_ = true;
    return id;
  }

  uint64_t operator()(MergeNodeOp&& op) {
    const PropertyMap& props = clientProperties(op.properties);
    if (op.labels.empty()) bad("invalid_argument", "mergeNode needs at least one label");
    if (op.keys.empty()) bad("invalid_argument", "mergeNode needs at least one key property");
    for (const auto& k : op.keys) {
      auto it = props.find(k);
      if (it == props.end() || it->second.isNull()) {
        bad("invalid_argument", "mergeNode key property '" + k + "' has no value");
      }
    }
    std::optional<uint64_t> match;
    w_.findEqual(op.labels[0], op.keys[0], props.at(op.keys[0]), [&](uint64_t id) {
      auto n = w_.node(id);
      if (!n) return true;
      for (const auto& l : op.labels) {
        if (!std::binary_search(n->labels.begin(), n->labels.end(), l)) return true;
      }
      for (const auto& k : op.keys) {
        auto it = n->properties.find(k);
        if (it == n->properties.end() || !(it->second == props.at(k))) return true;
      }
      match = id;
      return false;
    });
    uint64_t id;
    if (match) {
      id = *match;
      w_.updateNode(id, props, op.labels);
    } else {
      id = w_.createNode(op.labels, props, stamped(std::move(op.provenance)), op.handling);
      created_ = true;
    }
    remember(op.ref, id);
    return id;
  }

  uint64_t operator()(CreateEdgeOp&& op) {
    created_ = true;
    return w_.createEdge(op.type, resolve(op.start), resolve(op.end),
                         clientProperties(op.properties), stamped(std::move(op.provenance)), op.handling,
                         op.validFrom, op.validTo);
  }

  uint64_t operator()(const UpdateNodeOp& op) {
    const uint64_t id = resolve(op.id);
    if (!w_.updateNode(id, clientProperties(op.set), op.addLabels, op.removeLabels)) {
      bad("not_found", "node " + std::to_string(id) + " does not exist");
    }
    return id;
  }

  uint64_t operator()(const UpdateEdgeOp& op) {
    if (!w_.updateEdge(op.id, clientProperties(op.set))) {
      bad("not_found", "relationship " + std::to_string(op.id) + " does not exist");
    }
    return op.id;
  }

  uint64_t operator()(const DeleteNodeOp& op) {
    const uint64_t id = resolve(op.id);
    switch (w_.deleteNode(id, op.detach)) {
      case WriteTxn::DeleteResult::DELETED:
        return id;
      case WriteTxn::DeleteResult::NOT_FOUND:
        bad("not_found", "node " + std::to_string(id) + " does not exist");
      case WriteTxn::DeleteResult::HAS_RELATIONSHIPS:
        bad("invalid_argument", "node " + std::to_string(id) +
                                    " still has relationships; delete them first or detach");
    }
    return id;
  }

  uint64_t operator()(const DeleteEdgeOp& op) {
    if (!w_.deleteEdge(op.id)) {
      bad("not_found", "relationship " + std::to_string(op.id) + " does not exist");
    }
    return op.id;
  }

 private:
  [[noreturn]] void bad(const char* category, const std::string& what) {
    rpcFail(category, "op " + std::to_string(index_) + ": " + what);
  }

  uint64_t resolve(const NodeRef& r) {
    if (const auto* id = std::get_if<uint64_t>(&r)) return *id;
    const auto& ref = std::get<std::string>(r);
    auto it = refs_.find(ref);
    if (it == refs_.end()) bad("invalid_argument", "unknown node reference '" + ref + "'");
    return it->second;
  }

  void remember(const std::string& ref, uint64_t id) {
    if (!ref.empty()) refs_[ref] = id;
  }

  WriteTxn& w_;
  capnp::List<rpc::WriteOp>::Reader ops_;
  std::unordered_map<std::string, uint64_t> refs_;
  unsigned index_ = 0;
  bool created_ = false;
};

}  // namespace

WriteOutcome applyWriteBatch(WriteTxn& w, capnp::List<rpc::WriteOp>::Reader ops) {
  return WriteApplier(w, ops).run();
}

}  // namespace casegraph
