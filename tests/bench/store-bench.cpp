// Step 1 benchmark: bulk import of the shared benchmark graph and warm adjacency scans.
//
//   store-bench CSV_DIR WORK_DIR
// CSV_DIR holds nodes.csv and rels.csv from ../shared/bench/gen_graph.py. WORK_DIR/data is
// replaced. Prints import time, relationships/s, data size against CSV size, peak RSS, and the
// adjacency scan rate (median and p99 over passes), with the dataset size and machine.
#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "bench-util.h"
#include "graphd/import/bulk-import.h"
#include "graphd/store/store.h"

using namespace casegraph;
using namespace casegraph::bench;

static uint64_t diskBytes(const std::string& path) {
  uint64_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(path)) {
    struct stat st {};
    if (::stat(e.path().c_str(), &st) == 0) total += static_cast<uint64_t>(st.st_blocks) * 512;
  }
  return total;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: store-bench CSV_DIR WORK_DIR\n";
    return 2;
  }
  const std::string csv = argv[1], work = argv[2], data = work + "/data";
  std::filesystem::remove_all(data);
  std::filesystem::create_directories(work);
  ImportOptions o;
  o.nodeFiles.push_back({csv + "/nodes.csv", {}});
  o.relationshipFiles.push_back({csv + "/rels.csv", {}});
  const uint64_t csvBytes = std::filesystem::file_size(csv + "/nodes.csv") +
                            std::filesystem::file_size(csv + "/rels.csv");
  ImportSummary s;
  double importSeconds;
  {
    StoreOptions so;
    so.path = data;
    so.noSync = true;
    so.writeMap = true;
    auto store = GraphStore::open(so);
    const double t0 = nowSeconds();
    s = bulkImport(*store, o);
    importSeconds = nowSeconds() - t0;
  }
  const uint64_t dataBytes = diskBytes(data);
  std::printf("machine: %s\n", machine().c_str());
  std::printf("dataset: %llu nodes, %llu relationships, CSV %.1f MB\n",
              static_cast<unsigned long long>(s.nodes),
              static_cast<unsigned long long>(s.relationships), csvBytes / 1e6);
  std::printf("import: %.2f s, %.0f relationships/s, peak RSS %ld MB\n", importSeconds,
              s.relationships / importSeconds, peakRssMb());
  std::printf("data directory: %.1f MB on disk (%.2fx the CSV)\n", dataBytes / 1e6,
              double(dataBytes) / double(csvBytes));

  StoreOptions so;
  so.path = data;
  so.readOnly = true;
  auto store = GraphStore::open(so);
  std::vector<uint64_t> nodes;
  store->snapshot()->scanNodes([&](uint64_t id) {
    nodes.push_back(id);
    return true;
  });
  std::vector<double> rates;
  uint64_t entries = 0;
  for (int pass = 0; pass < 6; ++pass) {
    auto snap = store->snapshot();
    uint64_t seen = 0, checksum = 0;
    const double t0 = nowSeconds();
    for (const uint64_t id : nodes) {
      snap->forEachAdjPage(id, Direction::BOTH, [&](const char* p, size_t n, Direction) {
        seen += n;
        for (size_t i = 0; i < n; ++i) checksum += lmdb::getU64(p + i * ADJ_ENTRY_SIZE + 4);
      });
    }
    const double secs = nowSeconds() - t0;
    if (pass > 0) rates.push_back(seen / secs);  // pass 0 warms the page cache
    entries = seen;
    if (checksum == 42) std::printf(" ");
  }
  std::vector<double> seqRates;
  for (int pass = 0; pass < 6; ++pass) {
    auto snap = store->snapshot();
    uint64_t seen = 0, checksum = 0;
    const double t0 = nowSeconds();
    snap->scanAdjacency([&](uint64_t, Direction, const char* p, size_t n) {
      seen += n;
      for (size_t i = 0; i < n; ++i) checksum += lmdb::getU64(p + i * ADJ_ENTRY_SIZE + 4);
    });
    const double secs = nowSeconds() - t0;
    if (pass > 0) seqRates.push_back(seen / secs);
    if (checksum == 42) std::printf(" ");
  }
  std::printf(
      "adjacency scan, sequential over the table (warm): median %.1f M entries/s, "
      "slowest pass %.1f M entries/s\n",
      quantile(seqRates, 0.5) / 1e6, quantile(seqRates, 0.0) / 1e6);
  std::printf(
      "adjacency lookups (warm, node by node, both directions, %llu entries per pass): "
      "median %.1f M entries/s, slowest pass %.1f M entries/s\n",
      static_cast<unsigned long long>(entries), quantile(rates, 0.5) / 1e6,
      quantile(rates, 0.0) / 1e6);
  return 0;
}
