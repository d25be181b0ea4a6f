// Step 4 benchmark, in process: the Step 3 questions written as Cypher (shortest path between
// two persons, 2- and 3-hop reach) and a filtered pattern query, on the shared benchmark graph
// imported with --source import; beside each, the same question asked of the link-analysis
// engine directly. Answers are written beside the data (cypher_*.txt) and compared with the
// engine's and, when present, Kùzu's (kuzu_*.txt from cypher_peer.js / kuzu_peer.js).
//
//   cypher-bench DATA_DIR CSV_DIR [PAIRS] [--only sp|hop2|hop3|filtered]... [--passes N]
// --only runs just those questions and --passes N makes N passes (the last is reported): a
// way to profile one question.
#include <fstream>
#include <iostream>

#include "bench-util.h"
#include "graphd/store/store.h"
#include "query/cypher/exec/execute.h"
#include "query/link/paths.h"

using namespace casegraph;
using namespace casegraph::bench;

namespace {

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

int64_t scalar(const cypher::QueryResult& r) {
  if (r.rows.empty() || r.rows[0].empty() || r.rows[0][0].isNull()) return -1;
  return r.rows[0][0].asInt();
}

}  // namespace

int main(int argc, char** argv) {
  const QuestionArgs args = parseQuestionArgs(argc, argv);
  if (!args.error.empty()) {
    std::cerr << "cypher-bench: " << args.error
              << "\nusage: cypher-bench DATA_DIR CSV_DIR [PAIRS] [--only "
                 "sp|hop2|hop3|filtered]... [--passes N]\n";
    return 2;
  }
  const std::string data = args.positional[0];
  const std::string csv = args.positional[1];
  const size_t npairs = args.positional.size() > 2 ? std::stoul(args.positional[2]) : 200;
  StoreOptions so;
  so.path = data;
  so.readOnly = true;
  auto store = GraphStore::open(so);
  std::vector<std::pair<std::string, std::string>> pairs;  // CSV ids
  std::vector<std::pair<uint64_t, uint64_t>> ids;          // node ids
  {
    auto snap = store->snapshot();
    auto lines = readLines(csv + "/pairs.csv");
    for (size_t i = 1; i < lines.size() && pairs.size() < npairs; ++i) {
      const auto comma = lines[i].find(',');
      pairs.emplace_back(lines[i].substr(0, comma), lines[i].substr(comma + 1));
      auto a = snap->nodeBySource("import", pairs.back().first);
      auto b = snap->nodeBySource("import", pairs.back().second);
      if (!a || !b) {
        std::cerr << "pair " << lines[i] << " is not in the store (import with --source import)\n";
        return 1;
      }
      ids.emplace_back(*a, *b);
    }
    const Counts c = snap->counts();
    std::printf("machine: %s\n", machine().c_str());
    std::printf("dataset: %llu nodes, %llu relationships; %zu pairs\n",
                static_cast<unsigned long long>(c.nodes), static_cast<unsigned long long>(c.edges),
                pairs.size());
  }
  // Persons are named P<csv id> in the generated graph; the Person.name index finds them.
  auto name = [](const std::string& id) { return cypher::QValue("P" + id); };
  const std::string spQuery =
      "MATCH (a:Person {name: $s}), (b:Person {name: $d}) "
      "MATCH p = shortestPath((a)-[*..8]-(b)) RETURN length(p)";
  auto reachQuery = [](int k) {
    return "MATCH (a:Person {name: $s})-[*1.." + std::to_string(k) +
           "]-(b) WHERE b <> a RETURN count(DISTINCT b)";
  };
  const std::string filtered =
      "MATCH (a:Person {name: $s})-[:KNOWS]-(f:Person)-[:KNOWS]-(ff:Person) "
      "WHERE ff <> a AND ff.name STARTS WITH 'P1' RETURN count(*)";

  SearchLimits limits;
  limits.maxHops = 8;
  limits.maxVisited = UINT64_MAX;
  for (int pass = 0; pass < args.passes; ++pass) {  // warm-up (page cache), then measured
    const bool report = pass == args.passes - 1;
    if (args.wants("sp")) {
      Series cy, direct;
      std::ofstream out(csv + "/cypher_sp_lengths.txt");
      for (size_t i = 0; i < pairs.size(); ++i) {
        auto viaCypher = [&] {
          const double t0 = nowSeconds();
          auto r = cypher::runQuery(*store, spQuery,
                                    {{"s", name(pairs[i].first)}, {"d", name(pairs[i].second)}});
          cy.ms.push_back((nowSeconds() - t0) * 1e3);
          out << (pairs[i].first == pairs[i].second ? 0 : scalar(r)) << "\n";
        };
        auto viaEngine = [&] {
          const double t0 = nowSeconds();
          auto snap = store->snapshot();
          GraphView view(*snap, TraversalFilter{}, limits);
          shortestPath(view, ids[i].first, ids[i].second);
          direct.ms.push_back((nowSeconds() - t0) * 1e3);
        };
        inTurn(i, viaCypher, viaEngine);
      }
      out.close();
      if (report) {
        cy.print("shortest path, Cypher");
        direct.print("shortest path, engine (by node id)");
        compareAnswers(csv, "cypher_sp_lengths.txt", "kuzu_sp_lengths.txt", "Kùzu");
        compareAnswers(csv, "cypher_sp_lengths.txt", "casegraph_sp_lengths.txt", "the engine");
      }
    }
    for (int k : {2, 3}) {
      if (!args.wants(k == 2 ? "hop2" : "hop3")) continue;
      Series c2, d2;
      std::ofstream counts(csv + "/cypher_hop" + std::to_string(k) + "_counts.txt");
      for (size_t i = 0; i < std::min<size_t>(100, pairs.size()); ++i) {
        auto viaCypher = [&] {
          const double t0 = nowSeconds();
          auto r = cypher::runQuery(*store, reachQuery(k), {{"s", name(pairs[i].first)}});
          c2.ms.push_back((nowSeconds() - t0) * 1e3);
          counts << scalar(r) << "\n";
        };
        auto viaEngine = [&] {
          const double t0 = nowSeconds();
          auto snap = store->snapshot();
          GraphView view(*snap, TraversalFilter{}, limits);
          reach(view, ids[i].first, static_cast<uint32_t>(k));
          d2.ms.push_back((nowSeconds() - t0) * 1e3);
        };
        inTurn(i, viaCypher, viaEngine);
      }
      counts.close();
      if (!report) continue;
      const std::string label = std::to_string(k) + "-hop reach";
      c2.print((label + ", Cypher").c_str());
      d2.print((label + ", engine").c_str());
      const std::string file = "hop" + std::to_string(k) + "_counts.txt";
      compareAnswers(csv, "cypher_" + file, "kuzu_" + file, "Kùzu");
      compareAnswers(csv, "cypher_" + file, "casegraph_" + file, "the engine");
    }
    if (args.wants("filtered")) {
      Series f;
      std::ofstream fout(csv + "/cypher_filtered_counts.txt");
      for (size_t i = 0; i < std::min<size_t>(100, pairs.size()); ++i) {
        const double t0 = nowSeconds();
        auto r = cypher::runQuery(*store, filtered, {{"s", name(pairs[i].first)}});
        f.ms.push_back((nowSeconds() - t0) * 1e3);
        fout << scalar(r) << "\n";
      }
      fout.close();
      if (report) {
        f.print("filtered pattern, Cypher");
        compareAnswers(csv, "cypher_filtered_counts.txt", "kuzu_filtered_counts.txt", "Kùzu");
      }
    }
  }
  std::printf("peak RSS %ld MB\n", peakRssMb());
  return 0;
}
