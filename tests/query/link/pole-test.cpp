// Path and connector questions on the POLE crime-investigation dataset. The expected answers
// are computed here independently of the code under test: straight from the CSV files, with
// a plain breadth-first search over CSV ids.
#include <doctest/doctest.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "graphd/import/bulk-import.h"
#include "pole-data.h"
#include "query/link/paths.h"
#include "test-util.h"

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

// The relationships of the POLE files as (start, end, type) over CSV ids. The relationship
// files hold plain unquoted ids, so a split on commas reads them.
struct PoleRef {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> adj;  // id -> (nbr, type)
  std::set<std::string> persons;

  explicit PoleRef(const std::string& dir) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (name.find(".relationships.") != std::string::npos) {
        std::ifstream in(e.path());
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line)) {
          std::stringstream ss(line);
          std::string a, b, t;
          std::getline(ss, a, ',');
          std::getline(ss, b, ',');
          std::getline(ss, t, ',');
          adj[a].emplace_back(b, t);
          adj[b].emplace_back(a, t);
        }
      }
      if (name.find(".nodes.Person.") != std::string::npos) {
        std::ifstream in(e.path());
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line)) persons.insert(line.substr(0, line.find(',')));
      }
    }
  }

  std::map<std::string, int> bfs(const std::string& s, const std::set<std::string>& types = {},
                                 int maxHops = 100) const {
    std::map<std::string, int> d{{s, 0}};
    std::deque<std::string> q{s};
    while (!q.empty()) {
      const std::string u = q.front();
      q.pop_front();
      if (d[u] >= maxHops) continue;
      auto it = adj.find(u);
      if (it == adj.end()) continue;
      for (const auto& [v, t] : it->second) {
        if (!types.empty() && !types.count(t)) continue;
        if (!d.count(v)) {
          d[v] = d[u] + 1;
          q.push_back(v);
        }
      }
    }
    return d;
  }
};

}  // namespace

TEST_CASE("POLE: shortest paths, who-links and connectors match an independent reference") {
  const std::string pole = casegraph::test::sharedData("pole");
  if (pole.empty()) {
    MESSAGE("skipped: ../shared/data/pole is not present");
    return;
  }
  TempDir dir;
  const ImportOptions o = casegraph::test::poleImportOptions(pole);
  StoreOptions so;
  so.path = dir.sub("data");
  so.noSync = true;
  auto store = GraphStore::open(so);
  bulkImport(*store, o);
  auto snap = store->snapshot();
  const PoleRef ref(pole);
  auto idOf = [&](const std::string& csvId) { return *snap->nodeBySource("pole", csvId); };

  // Social links between persons: KNOWS, KNOWS_LW, KNOWS_SN, KNOWS_PHONE, FAMILY_REL.
  const std::set<std::string> social = {"KNOWS", "KNOWS_LW", "KNOWS_SN", "KNOWS_PHONE",
                                        "FAMILY_REL"};
  std::vector<std::string> persons(ref.persons.begin(), ref.persons.end());
  int connectedPairs = 0, checkedPairs = 0;
  for (size_t i = 0; i < persons.size(); i += 17) {
    const auto dist = ref.bfs(persons[i], social);
    for (size_t j = 5; j < persons.size(); j += 23) {
      ++checkedPairs;
      TraversalFilter f;
      f.types.assign(social.begin(), social.end());
      SearchLimits l;
      l.maxHops = 20;
      GraphView view(*snap, f, l);
      const PathResult r = shortestPath(view, idOf(persons[i]), idOf(persons[j]));
      CAPTURE(persons[i]);
      CAPTURE(persons[j]);
      auto it = dist.find(persons[j]);
      if (it == dist.end()) {
        CHECK(r.paths.empty());
        continue;
      }
      ++connectedPairs;
      REQUIRE(r.paths.size() == 1);
      CHECK(static_cast<int>(r.paths[0].edges.size()) == it->second);
      // Every step is a social relationship between the listed nodes.
      for (size_t k = 0; k < r.paths[0].edges.size(); ++k) {
        const auto e = snap->edge(r.paths[0].edges[k]);
        CHECK(social.count(e->type) == 1);
        const std::set<uint64_t> ends{e->start, e->end};
        CHECK(ends == std::set<uint64_t>{r.paths[0].nodes[k], r.paths[0].nodes[k + 1]});
      }
    }
  }
  CHECK(checkedPairs > 100);
  CHECK(connectedPairs > 10);

  // Over every relationship type: the distance between persons and crimes they are near.
  const auto fromTodd = ref.bfs("0");
  for (const auto& [target, d] : fromTodd) {
    if (d < 2 || d > 4 || std::hash<std::string>{}(target) % 40 != 0) continue;
    GraphView view(*snap, TraversalFilter{}, SearchLimits{});
    const PathResult r = shortestPath(view, idOf("0"), idOf(target));
    REQUIRE(r.paths.size() == 1);
    CHECK(static_cast<int>(r.paths[0].edges.size()) == d);
  }

  // who-links over social relationships: the number of shortest paths equals the reference
  // count of shortest paths, found by counting in BFS order.
  for (size_t i = 0; i < persons.size(); i += 41) {
    for (size_t j = 3; j < persons.size(); j += 59) {
      if (persons[i] == persons[j]) continue;
      const auto da = ref.bfs(persons[i], social);
      if (!da.count(persons[j])) continue;
      // Reference path counts from a.
      std::map<std::string, uint64_t> sigma{{persons[i], 1}};
      std::vector<std::pair<int, std::string>> order;
      for (const auto& [n, d] : da) order.emplace_back(d, n);
      std::sort(order.begin(), order.end());
      for (const auto& [d, n] : order) {
        for (const auto& [v, t] : ref.adj.at(n)) {
          if (social.count(t) && da.count(v) && da.at(v) == d + 1) sigma[v] += sigma[n];
        }
      }
      TraversalFilter f;
      f.types.assign(social.begin(), social.end());
      SearchLimits l;
      l.maxHops = 20;
      GraphView view(*snap, f, l);
      const WhoLinksResult w = whoLinks(view, idOf(persons[i]), idOf(persons[j]));
      CHECK(w.distance == static_cast<uint32_t>(da.at(persons[j])));
      CHECK(w.totalPaths == sigma[persons[j]]);
    }
  }

  // Connectors of three persons within 4 social hops: the node set by the distance rule.
  const std::vector<std::string> trio = {persons[1], persons[2], persons[40]};
  std::vector<std::map<std::string, int>> dist;
  for (const auto& p : trio) dist.push_back(ref.bfs(p, social));
  std::set<uint64_t> want;
  for (const auto& p : trio) want.insert(idOf(p));
  for (size_t a = 0; a < trio.size(); ++a) {
    for (size_t b = a + 1; b < trio.size(); ++b) {
      for (const auto& [x, dx] : dist[a]) {
        if (dist[b].count(x) && dx + dist[b].at(x) <= 4) want.insert(idOf(x));
      }
    }
  }
  TraversalFilter f;
  f.types.assign(social.begin(), social.end());
  GraphView view(*snap, f, SearchLimits{});
  const Subgraph g = connectors(view, {idOf(trio[0]), idOf(trio[1]), idOf(trio[2])}, 4);
  CHECK(std::set<uint64_t>(g.nodes.begin(), g.nodes.end()) == want);
  MESSAGE("POLE: " << checkedPairs << " person pairs checked, " << connectedPairs
                   << " socially connected; connectors of 3 persons: " << want.size() << " nodes");
}
