#include "random-graph.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "values.h"

namespace casegraph::randomq {

namespace {

// Long strings share their first 200 bytes, so that only their tails tell them apart.
std::string longString(Rng& rng) {
  std::string s(200, 'p');
  s += rng.pick(std::vector<std::string>{"", "a", "b", "ab", "tail-b"});
  return s;
}

std::string shortString(Rng& rng) {
  return rng.pick(std::vector<std::string>{"", "a", "b", "ab", "B", "1", "x y"});
}

QValue anyValue(Rng& rng) {
  switch (rng.range(0, 10)) {
    case 0:
      return QValue(rng.range(-2, 3));
    case 1:
      return QValue(static_cast<double>(rng.range(-2, 3)));
    case 2:
      return QValue(-0.0);
    case 3:
      return QValue(0.0);
    case 4:
      return QValue(std::numeric_limits<double>::quiet_NaN());
    case 5:
      return QValue(static_cast<double>(rng.range(-4, 6)) / 2);
    case 6:
      return QValue(shortString(rng));
    case 7:
      return QValue(longString(rng));
    case 8:
      return QValue(rng.chance(0.5));
    case 9:
      return QValue(int64_t{1});
    default:
      return QValue();
  }
}

}  // namespace

QValue randomValue(Rng& rng, const std::string& key) {
  if (rng.chance(0.15)) return QValue();
  if (key == "k") return anyValue(rng);
  if (key == "f") {
    switch (rng.range(0, 6)) {
      case 0:
        return QValue(int64_t{0});
      case 1:
        return QValue(0.0);
      case 2:
        return QValue(-0.0);
      case 3:
        return QValue(int64_t{1});
      case 4:
        return QValue(1.0);
      case 5:
        return QValue(std::numeric_limits<double>::quiet_NaN());
      default:
        return QValue(2.5);
    }
  }
  if (key == "i") return QValue(rng.range(0, 4));
  if (key == "s") return rng.chance(0.4) ? QValue(longString(rng)) : QValue(shortString(rng));
  if (key == "w") return rng.chance(0.1) ? QValue(4.5) : QValue(rng.range(0, 6));
  throw std::invalid_argument("no such generated property: " + key);
}

const GNode& Graph::node(uint64_t id) const {
  for (const auto& n : nodes) {
    if (n.id == id) return n;
  }
  throw std::out_of_range("no node " + std::to_string(id));
}

const GRel& Graph::rel(uint64_t id) const {
  for (const auto& r : rels) {
    if (r.id == id) return r;
  }
  throw std::out_of_range("no relationship " + std::to_string(id));
}

std::string Graph::describe() const {
  auto props = [](const std::map<std::string, QValue>& m) {
    std::string out = "{";
    for (const auto& [k, v] : m) out += (out.size() > 1 ? ", " : "") + k + ": " + show(v);
    return out + "}";
  };
  std::string out;
  for (const auto& n : nodes) {
    out += "  (#" + std::to_string(n.id);
    for (const auto& l : n.labels) out += ":" + l;
    out += " " + props(n.props) + ")\n";
  }
  for (const auto& r : rels) {
    out += "  (#" + std::to_string(r.start) + ")-[#" + std::to_string(r.id) + ":" + r.type + " " +
           props(r.props) + "]->(#" + std::to_string(r.end) + ")\n";
  }
  return out;
}

Graph generateGraph(Rng& rng, int maxNodes) {
  Graph g;
  const int n = static_cast<int>(rng.range(2, maxNodes));
  for (int i = 0; i < n; ++i) {
    GNode node;
    node.id = static_cast<uint64_t>(i);
    for (const auto& l : LABELS) {
      if (rng.chance(0.4)) node.labels.push_back(l);
    }
    for (const auto& k : NODE_KEYS) {
      QValue v = randomValue(rng, k);
      if (!v.isNull()) node.props[k] = std::move(v);
    }
    g.nodes.push_back(std::move(node));
  }
  const int hub = static_cast<int>(rng.range(0, n - 1));
  const int m = static_cast<int>(rng.range(0, 2 * n + 4));
  auto addRel = [&](int a, int b) {
    GRel r;
    r.id = g.rels.size();
    r.type = rng.pick(TYPES);
    r.start = static_cast<uint64_t>(a);
    r.end = static_cast<uint64_t>(b);
    QValue w = randomValue(rng, "w");
    if (!w.isNull()) r.props["w"] = std::move(w);
    if (rng.chance(0.3)) {
      QValue k = randomValue(rng, "k");
      if (!k.isNull()) r.props["k"] = std::move(k);
    }
    g.rels.push_back(std::move(r));
  };
  for (int i = 0; i < m; ++i) {
    int a = static_cast<int>(rng.range(0, n - 1));
    int b = static_cast<int>(rng.range(0, n - 1));
    if (rng.chance(0.3)) (rng.chance(0.5) ? a : b) = hub;
    addRel(a, b);
    if (rng.chance(0.1)) addRel(a, b);   // a parallel relationship
    if (rng.chance(0.07)) addRel(a, a);  // a self-loop
  }
  return g;
}

void loadGraph(Graph& graph, GraphStore& store) {
  std::map<uint64_t, uint64_t> ids;
  auto toStore = [](const std::map<std::string, QValue>& m) {
    PropertyMap out;
    for (const auto& [k, v] : m) out[k] = cypher::toStore(v);
    return out;
  };
  store.write([&](WriteTxn& w) {
    for (auto& n : graph.nodes) {
      const uint64_t id = w.createNode(n.labels, toStore(n.props));
      ids[n.id] = id;
      n.id = id;
    }
    for (auto& r : graph.rels) {
      r.start = ids.at(r.start);
      r.end = ids.at(r.end);
      r.id = w.createEdge(r.type, r.start, r.end, toStore(r.props));
    }
  });
}

}  // namespace casegraph::randomq
