// Step 4 benchmark, end to end through RPC: the Step 3 questions written as Cypher
// (Session.query) beside the same questions asked through Step 3's direct Session methods
// (paths, reach), and a filtered pattern query, against a running graphd. Answers are written
// beside the data (rpc_cypher_*.txt) and compared with Kùzu's (kuzu_*.txt, written by
// tests/bench/kuzu-cypher.js) when present.
//
//   rpc-cypher-bench ADDRESS CSV_DIR [PAIRS] [--only sp|hop2|hop3|trivial|filtered]...
//                    [--passes N]
// --only runs just those questions and --passes N makes N passes (the last is reported): a
// way to profile one question.
// ADDRESS is graphd's (host:port or unix:PATH) serving the graph imported from CSV_DIR (the
// shared benchmark graph, whose persons have name "P<csv id>").
#include <fstream>
#include <iostream>

#include "bench-util.h"
#include "client/lib/client.h"

using namespace casegraph;
using namespace casegraph::bench;

namespace {

int64_t scalar(const QueryResult& r) {
  if (r.rows.empty() || r.rows[0].empty() || r.rows[0][0].isNull()) return -1;
  return r.rows[0][0].asScalar().asInt();
}

}  // namespace

int main(int argc, char** argv) {
  const QuestionArgs args = parseQuestionArgs(argc, argv);
  if (!args.error.empty()) {
    std::cerr << "rpc-cypher-bench: " << args.error
              << "\nusage: rpc-cypher-bench ADDRESS CSV_DIR [PAIRS] [--only "
                 "sp|hop2|hop3|trivial|filtered]... [--passes N]\n";
    return 2;
  }
  const std::string csv = args.positional[1];
  const size_t npairs = args.positional.size() > 2 ? std::stoul(args.positional[2]) : 200;
  auto client = GraphClient::connect(args.positional[0]);
  auto idOf = [&](const std::string& name) -> uint64_t {
    uint64_t id = 0;
    client->findNodes("Person", "name", Value(name), false, 1, [&](const std::vector<Node>& nodes) {
      if (!nodes.empty()) id = nodes[0].id;
    });
    if (id == 0) throw std::runtime_error("no Person named " + name);
    return id;
  };
  std::ifstream in(csv + "/pairs.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::pair<std::string, std::string>> names;
  std::vector<std::pair<uint64_t, uint64_t>> ids;
  while (names.size() < npairs && std::getline(in, line)) {
    const auto comma = line.find(',');
    names.emplace_back("P" + line.substr(0, comma), "P" + line.substr(comma + 1));
    ids.emplace_back(idOf(names.back().first), idOf(names.back().second));
  }
  const ServerStats stats = client->stats();
  std::printf("machine: %s\n", machine().c_str());
  std::printf("dataset: %llu nodes, %llu relationships; through RPC at %s\n",
              static_cast<unsigned long long>(stats.nodes),
              static_cast<unsigned long long>(stats.edges), argv[1]);
  LinkLimitsSpec limits;
  limits.maxHops = 8;
  limits.maxVisited = 50'000'000;
  const std::string sp =
      "MATCH (a:Person {name: $s}), (b:Person {name: $d}) "
      "MATCH p = shortestPath((a)-[*..8]-(b)) RETURN length(p)";
  const std::string filtered =
      "MATCH (a:Person {name: $s})-[:KNOWS]-(f:Person)-[:KNOWS]-(ff:Person) "
      "WHERE ff <> a AND ff.name STARTS WITH 'P1' RETURN count(*)";
  auto str = [](const std::string& s) { return QueryValue(Value(s)); };

  for (int pass = 0; pass < args.passes; ++pass) {  // the first pass maps the pages in
    const bool report = pass == args.passes - 1;
    if (args.wants("sp")) {
      Series cy, direct;
      std::ofstream out(csv + "/rpc_cypher_sp_lengths.txt");
      for (size_t i = 0; i < names.size(); ++i) {
        auto viaQuery = [&] {
          const double t0 = nowSeconds();
          auto r = client->query(sp, {{"s", str(names[i].first)}, {"d", str(names[i].second)}});
          cy.ms.push_back((nowSeconds() - t0) * 1e3);
          out << (names[i].first == names[i].second ? 0 : scalar(r)) << "\n";
        };
        auto direct1 = [&] {
          const double t0 = nowSeconds();
          PathRequestSpec req;
          req.from = ids[i].first;
          req.to = ids[i].second;
          client->paths(req, {}, limits);
          direct.ms.push_back((nowSeconds() - t0) * 1e3);
        };
        inTurn(i, viaQuery, direct1);
      }
      out.close();
      if (report) {
        cy.print("shortest path, Cypher (Session.query)");
        direct.print("shortest path, Session.paths");
        compareAnswers(csv, "rpc_cypher_sp_lengths.txt", "kuzu_sp_lengths.txt", "Kùzu");
      }
    }
    for (uint32_t k : {2u, 3u}) {
      if (!args.wants(k == 2 ? "hop2" : "hop3")) continue;
      Series c2, d2;
      const std::string q = "MATCH (a:Person {name: $s})-[*1.." + std::to_string(k) +
                            "]-(b) WHERE b <> a RETURN count(DISTINCT b)";
      std::ofstream counts(csv + "/rpc_cypher_hop" + std::to_string(k) + "_counts.txt");
      for (size_t i = 0; i < std::min<size_t>(100, names.size()); ++i) {
        auto viaQuery = [&] {
          const double t0 = nowSeconds();
          auto r = client->query(q, {{"s", str(names[i].first)}});
          c2.ms.push_back((nowSeconds() - t0) * 1e3);
          counts << scalar(r) << "\n";
        };
        auto direct1 = [&] {
          const double t0 = nowSeconds();
          client->reach(ids[i].first, k, {}, limits);
          d2.ms.push_back((nowSeconds() - t0) * 1e3);
        };
        inTurn(i, viaQuery, direct1);
      }
      counts.close();
      if (!report) continue;
      c2.print((std::to_string(k) + "-hop reach, Cypher (Session.query)").c_str());
      d2.print((std::to_string(k) + "-hop reach, Session.reach").c_str());
      compareAnswers(csv, "rpc_cypher_hop" + std::to_string(k) + "_counts.txt",
                     "kuzu_hop" + std::to_string(k) + "_counts.txt", "Kùzu");
    }
    if (args.wants("trivial")) {
      // The fixed cost of a call: a query that reads nothing, beside a one-id getNodes.
      Series trivial, get1;
      for (size_t i = 0; i < 200; ++i) {
        inTurn(
            i,
            [&] {
              const double t0 = nowSeconds();
              client->query("RETURN 1 AS one", {});
              trivial.ms.push_back((nowSeconds() - t0) * 1e3);
            },
            [&] {
              const double t0 = nowSeconds();
              client->getNodes({ids[i % ids.size()].first});
              get1.ms.push_back((nowSeconds() - t0) * 1e3);
            });
      }
      if (report) {
        trivial.print("RETURN 1, Cypher (Session.query)");
        get1.print("one node by id, Session.getNodes");
      }
    }
    if (args.wants("filtered")) {
      Series f;
      std::ofstream fout(csv + "/rpc_cypher_filtered_counts.txt");
      for (size_t i = 0; i < std::min<size_t>(100, names.size()); ++i) {
        const double t0 = nowSeconds();
        auto r = client->query(filtered, {{"s", str(names[i].first)}});
        f.ms.push_back((nowSeconds() - t0) * 1e3);
        fout << scalar(r) << "\n";
      }
      fout.close();
      if (report) {
        f.print("filtered pattern, Cypher (Session.query)");
        compareAnswers(csv, "rpc_cypher_filtered_counts.txt", "kuzu_filtered_counts.txt", "Kùzu");
      }
    }
  }
  return 0;
}
