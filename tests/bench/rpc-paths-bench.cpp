// Step 3 benchmark, end to end through RPC: shortest path for the benchmark's person pairs and
// 2/3-hop reach, each as one Session call from a GraphClient, against a running graphd.
//
//   rpc-paths-bench ADDRESS CSV_DIR [PAIRS]
// ADDRESS is graphd's (host:port or unix:PATH) serving the graph imported from CSV_DIR (the
// shared benchmark graph, whose nodes have name "P<csv id>").
#include <fstream>
#include <iostream>

#include "bench-util.h"
#include "client/lib/client.h"

using namespace casegraph;
using namespace casegraph::bench;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: rpc-paths-bench ADDRESS CSV_DIR [PAIRS]\n";
    return 2;
  }
  const size_t npairs = argc > 3 ? std::stoul(argv[3]) : 200;
  auto client = GraphClient::connect(argv[1]);
  auto idOf = [&](const std::string& csvId) -> uint64_t {
    uint64_t id = 0;
    client->findNodes("Person", "name", Value("P" + csvId), false, 1,
                      [&](const std::vector<Node>& nodes) {
                        if (!nodes.empty()) id = nodes[0].id;
                      });
    if (id == 0) throw std::runtime_error("no Person named P" + csvId);
    return id;
  };
  std::ifstream in(std::string(argv[2]) + "/pairs.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::pair<uint64_t, uint64_t>> pairs;
  while (pairs.size() < npairs && std::getline(in, line)) {
    const auto comma = line.find(',');
    pairs.emplace_back(idOf(line.substr(0, comma)), idOf(line.substr(comma + 1)));
  }
  const ServerStats stats = client->stats();
  std::printf("machine: %s\n", machine().c_str());
  std::printf("dataset: %llu nodes, %llu relationships; through RPC at %s\n",
              static_cast<unsigned long long>(stats.nodes),
              static_cast<unsigned long long>(stats.edges), argv[1]);
  LinkLimitsSpec limits;
  limits.maxHops = 8;
  limits.maxVisited = 50'000'000;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<double> ms;
    for (const auto& [a, b] : pairs) {
      const double t0 = nowSeconds();
      PathRequestSpec req;
      req.from = a;
      req.to = b;
      const LinkResult r = client->paths(req, {}, limits);
      ms.push_back((nowSeconds() - t0) * 1e3);
    }
    if (pass == 1) {
      std::printf(
          "shortest path (nodes and relationships returned), %zu pairs: p50 %.3f ms, "
          "p99 %.3f ms\n",
          ms.size(), quantile(ms, 0.5), quantile(ms, 0.99));
    }
  }
  for (uint32_t k : {2u, 3u}) {
    std::vector<double> ms;
    for (int pass = 0; pass < 2; ++pass) {  // the first pass maps the pages in
      ms.clear();
      for (size_t i = 0; i < std::min<size_t>(100, pairs.size()); ++i) {
        const double t0 = nowSeconds();
        client->reach(pairs[i].first, k, {}, limits);
        ms.push_back((nowSeconds() - t0) * 1e3);
      }
    }
    std::printf("%u-hop reach, %zu seeds: p50 %.3f ms, p99 %.3f ms\n", k, ms.size(),
                quantile(ms, 0.5), quantile(ms, 0.99));
  }
  return 0;
}
