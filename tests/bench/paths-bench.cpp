// Step 3 benchmark, server side (in process): shortest path for person pairs and 2/3-hop reach
// on the shared benchmark graph, relationships taken as undirected.
//
//   paths-bench DATA_DIR CSV_DIR [PAIRS]
// DATA_DIR is the graph imported from CSV_DIR (store-bench leaves one in WORK_DIR/data) with
// source "import". Writes casegraph_sp_lengths.txt and casegraph_hop{2,3}_counts.txt into
// CSV_DIR and compares them with the answers of csr_limit and kuzu_peer.js found there.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench-util.h"
#include "query/link/paths.h"

using namespace casegraph;
using namespace casegraph::bench;

namespace {
std::vector<std::string> readLines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

void compare(const std::string& dir, const std::string& ours, const std::string& theirs,
             const char* who) {
  const auto a = readLines(dir + "/" + ours), b = readLines(dir + "/" + theirs);
  if (b.empty()) {
    std::printf("  (no %s answers in %s to compare)\n", who, theirs.c_str());
    return;
  }
  size_t same = 0, n = std::min(a.size(), b.size());
  std::vector<size_t> diff;
  for (size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) {
      ++same;
    } else if (diff.size() < 5) {
      diff.push_back(i);
    }
  }
  std::printf("  answers equal to %s: %zu of %zu", who, same, n);
  for (size_t i : diff) std::printf(" [#%zu ours %s, %s %s]", i, a[i].c_str(), who, b[i].c_str());
  std::printf("\n");
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: paths-bench DATA_DIR CSV_DIR [PAIRS]\n";
    return 2;
  }
  const std::string data = argv[1], csv = argv[2];
  const size_t npairs = argc > 3 ? std::stoul(argv[3]) : 200;
  StoreOptions so;
  so.path = data;
  so.readOnly = true;
  auto store = GraphStore::open(so);
  auto snap = store->snapshot();
  std::vector<std::pair<uint64_t, uint64_t>> pairs;
  auto lines = readLines(csv + "/pairs.csv");
  for (size_t i = 1; i < lines.size() && pairs.size() < npairs; ++i) {
    const auto comma = lines[i].find(',');
    auto a = snap->nodeBySource("import", lines[i].substr(0, comma));
    auto b = snap->nodeBySource("import", lines[i].substr(comma + 1));
    if (!a || !b) {
      std::cerr << "pair " << lines[i] << " is not in the store (imported with --source import?)\n";
      return 1;
    }
    pairs.emplace_back(*a, *b);
  }
  const Counts c = snap->counts();
  std::printf("machine: %s\n", machine().c_str());
  std::printf("dataset: %llu nodes, %llu relationships (undirected)\n",
              static_cast<unsigned long long>(c.nodes), static_cast<unsigned long long>(c.edges));

  SearchLimits limits;
  limits.maxHops = 8;
  limits.maxVisited = UINT64_MAX;
  // Warm-up pass over the pairs (page cache), then the measured pass.
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<double> ms;
    std::ofstream lens(csv + "/casegraph_sp_lengths.txt");
    for (const auto& [a, b] : pairs) {
      auto s = store->snapshot();
      const double t0 = nowSeconds();
      GraphView view(*s, TraversalFilter{}, limits);
      const PathResult r = shortestPath(view, a, b);
      ms.push_back((nowSeconds() - t0) * 1e3);
      lens << (r.paths.empty() ? -1 : static_cast<long>(r.paths[0].edges.size())) << "\n";
    }
    if (pass == 1) {
      std::printf("shortest path, %zu pairs: p50 %.3f ms, p99 %.3f ms\n", ms.size(),
                  quantile(ms, 0.5), quantile(ms, 0.99));
    }
  }
  compare(csv, "casegraph_sp_lengths.txt", "csr_sp_lengths.txt", "csr_limit");
  compare(csv, "casegraph_sp_lengths.txt", "kuzu_sp_lengths.txt", "kuzu");
  for (uint32_t k : {2u, 3u}) {
    std::vector<double> ms, counts;
    std::ofstream out(csv + "/casegraph_hop" + std::to_string(k) + "_counts.txt");
    for (size_t i = 0; i < std::min<size_t>(100, pairs.size()); ++i) {
      auto s = store->snapshot();
      const double t0 = nowSeconds();
      GraphView view(*s, TraversalFilter{}, limits);
      const ReachResult r = reach(view, pairs[i].first, k);
      ms.push_back((nowSeconds() - t0) * 1e3);
      counts.push_back(static_cast<double>(r.count));
      out << r.count << "\n";
    }
    out.close();
    std::printf("%u-hop reach, %zu seeds: p50 %.3f ms, p99 %.3f ms, reach p50 %.0f nodes\n", k,
                ms.size(), quantile(ms, 0.5), quantile(ms, 0.99), quantile(counts, 0.5));
    const std::string name = "hop" + std::to_string(k) + "_counts.txt";
    compare(csv, "casegraph_" + name, "csr_" + name, "csr_limit");
    compare(csv, "casegraph_" + name, "kuzu_" + name, "kuzu");
  }
  return 0;
}
