// Randomized test: thousands of random operations applied to the store and to a plain
// in-memory model; after every few batches the two must agree on everything a reader can see.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

#include "graphd/store/store.h"
#include "test-util.h"

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

struct Model {
  std::map<uint64_t, Node> nodes;
  std::map<uint64_t, Edge> edges;
};

const std::vector<std::string> LABELS = {"Person", "Vehicle", "Case", "Location"};
const std::vector<std::string> TYPES = {"KNOWS", "OWNS", "SEEN_AT"};
const std::vector<std::string> KEYS = {"name", "age", "when"};

Value randomValue(std::mt19937_64& rng, const std::string& key) {
  if (key == "name") return Value("n" + std::to_string(rng() % 20));
  if (key == "age") return Value(static_cast<int64_t>(rng() % 10) - 3);
  return Value(Date{static_cast<int32_t>(rng() % 5)});
}

PropertyMap randomProps(std::mt19937_64& rng) {
  PropertyMap p;
  for (const auto& k : KEYS) {
    if (rng() % 2) p[k] = randomValue(rng, k);
  }
  return p;
}

template <typename M>
uint64_t pick(std::mt19937_64& rng, const M& m) {
  auto it = m.begin();
  std::advance(it, static_cast<long>(rng() % m.size()));
  return it->first;
}

void compare(GraphStore& store, const Model& m) {
  auto snap = store.snapshot();
  std::vector<uint64_t> ids;
  snap->scanNodes([&](uint64_t id) {
    ids.push_back(id);
    return true;
  });
  REQUIRE(ids.size() == m.nodes.size());
  for (const auto& [id, n] : m.nodes) {
    auto got = snap->node(id);
    REQUIRE(got);
    CHECK(got->labels == n.labels);
    CHECK(got->properties == n.properties);
  }
  std::map<uint64_t, std::multiset<std::tuple<int, std::string, uint64_t, uint64_t>>> adj;
  for (const auto& [id, e] : m.edges) {
    auto got = snap->edge(id);
    REQUIRE(got);
    CHECK(got->type == e.type);
    CHECK(got->start == e.start);
    CHECK(got->end == e.end);
    CHECK(got->properties == e.properties);
    adj[e.start].emplace(0, e.type, e.end, id);
    adj[e.end].emplace(1, e.type, e.start, id);
  }
  for (const auto& [id, n] : m.nodes) {
    std::multiset<std::tuple<int, std::string, uint64_t, uint64_t>> got;
    snap->forEachNeighbor(id, Direction::BOTH, std::nullopt, [&](const AdjEntry& a) {
      got.emplace(static_cast<int>(a.direction), snap->tokens().name(a.type), a.neighbour, a.edge);
      return true;
    });
    CHECK(got == adj[id]);
    CHECK(snap->degree(id, Direction::BOTH) == adj[id].size());
  }
  const Counts counts = snap->counts();
  CHECK(counts.nodes == m.nodes.size());
  CHECK(counts.edges == m.edges.size());
  for (const auto& label : LABELS) {
    std::vector<uint64_t> want, got;
    for (const auto& [id, n] : m.nodes) {
      if (std::count(n.labels.begin(), n.labels.end(), label)) want.push_back(id);
    }
    snap->scanLabel(label, [&](uint64_t id) {
      got.push_back(id);
      return true;
    });
    CHECK(got == want);
    for (int v = 0; v < 20; v += 7) {
      const Value value("n" + std::to_string(v));
      std::vector<uint64_t> wantEq, gotEq;
      for (uint64_t id : want) {
        auto it = m.nodes.at(id).properties.find("name");
        if (it != m.nodes.at(id).properties.end() && it->second == value) wantEq.push_back(id);
      }
      snap->findEqual(label, "name", value, [&](uint64_t id) {
        gotEq.push_back(id);
        return true;
      });
      CHECK(gotEq == wantEq);
    }
  }
}

}  // namespace

TEST_CASE("random operations: the store agrees with an in-memory model") {
  TempDir dir;
  StoreOptions o;
  o.path = dir.sub("data");
  o.noSync = true;
  o.mapSize = size_t{1} << 22;  // small, so the map also grows during the run
  auto store = GraphStore::open(o);
  Model model;
  std::mt19937_64 rng(7);
  int operations = 0;
  for (int batch = 0; batch < 400; ++batch) {
    Model next = model;
    const bool failBatch = rng() % 10 == 0;
    try {
      store->write([&](WriteTxn& w) {
        next = model;  // the batch may be retried after the map grows
        const int ops = 1 + static_cast<int>(rng() % 12);
        for (int i = 0; i < ops; ++i, ++operations) {
          const int op = static_cast<int>(rng() % 10);
          if (op < 3 || next.nodes.empty()) {
            std::vector<std::string> labels{LABELS[rng() % LABELS.size()]};
            if (rng() % 4 == 0) labels.push_back(LABELS[rng() % LABELS.size()]);
            const PropertyMap props = randomProps(rng);
            Node n;
            n.id = w.createNode(labels, props);
            std::sort(labels.begin(), labels.end());
            labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
            n.labels = labels;
            n.properties = props;
            next.nodes[n.id] = n;
          } else if (op < 6) {
            Edge e;
            e.start = pick(rng, next.nodes);
            e.end = pick(rng, next.nodes);
            e.type = TYPES[rng() % TYPES.size()];
            e.properties = randomProps(rng);
            e.id = w.createEdge(e.type, e.start, e.end, e.properties);
            next.edges[e.id] = e;
          } else if (op < 8) {
            const uint64_t id = pick(rng, next.nodes);
            const std::string key = KEYS[rng() % KEYS.size()];
            const Value v = rng() % 3 == 0 ? Value() : randomValue(rng, key);
            REQUIRE(w.updateNode(id, {{key, v}}));
            if (v.isNull()) {
              next.nodes[id].properties.erase(key);
            } else {
              next.nodes[id].properties[key] = v;
            }
          } else if (op == 8 && !next.edges.empty()) {
            const uint64_t id = pick(rng, next.edges);
            REQUIRE(w.deleteEdge(id));
            next.edges.erase(id);
          } else {
            const uint64_t id = pick(rng, next.nodes);
            const bool detach = rng() % 2;
            bool hasEdges = false;
            for (const auto& [eid, e] : next.edges) hasEdges |= e.start == id || e.end == id;
            const auto result = w.deleteNode(id, detach);
            if (hasEdges && !detach) {
              REQUIRE(result == WriteTxn::DeleteResult::HAS_RELATIONSHIPS);
              continue;
            }
            REQUIRE(result == WriteTxn::DeleteResult::DELETED);
            next.nodes.erase(id);
            std::erase_if(next.edges, [&](const auto& kv) {
              return kv.second.start == id || kv.second.end == id;
            });
          }
        }
        if (failBatch) throw std::runtime_error("abandoned batch");
      });
      model = std::move(next);
    } catch (const std::runtime_error& e) {
      REQUIRE(std::string(e.what()) == "abandoned batch");
    }
    if (batch % 25 == 0) compare(*store, model);
  }
  compare(*store, model);
  CHECK(operations > 2000);
}
