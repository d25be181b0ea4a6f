#include "query/link/bgl-graph.h"

namespace casegraph {

BglGraph::BglGraph(const GraphView& view, std::vector<uint64_t> vertices,
                   const std::vector<uint64_t>* only)
    : view_(view), vertices_(std::move(vertices)) {
  if (vertices_.empty()) {
    view_.reader().scanNodes([&](uint64_t id) {
      vertices_.push_back(id);
      return true;
    });
  }
  index_ = NodeMap<size_t>(vertices_.size());
  for (size_t i = 0; i < vertices_.size(); ++i) index_.insert(vertices_[i], i);
  if (only) {
    only_ = std::make_unique<NodeMap<char>>(only->size());
    for (const uint64_t e : *only) only_->insert(e, 1);
  }
}

std::shared_ptr<const std::vector<BglEdge>> BglGraph::outEdges(uint64_t u) const {
  auto out = std::make_shared<std::vector<BglEdge>>();
  view_.forEachStep(u, Direction::BOTH, [&](const Step& s) {
    // A self-loop has an out- and an in-entry; list it once.
    if (s.node == u && s.direction == Direction::IN) return true;
    if (!index_.contains(s.node)) return true;
    if (only_ && !only_->contains(s.edge)) return true;
    out->push_back(BglEdge{u, s.node, s.edge, s.type});
    return true;
  });
  return out;
}

const std::vector<BglEdge>& BglGraph::edgeList() const {
  if (!edges_) {
    edges_ = std::make_shared<std::vector<BglEdge>>();
    for (const uint64_t u : vertices_) {
      const auto out = outEdges(u);  // keep the list alive through the loop
      for (const BglEdge& e : *out) {
        // Each undirected edge once: from the endpoint that is its stored start.
        const bool fromStart = e.source <= e.target;
        if (fromStart) edges_->push_back(e);
      }
    }
  }
  return *edges_;
}

}  // namespace casegraph
