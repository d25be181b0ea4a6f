// Shared pieces of the end-to-end tests: a served scratch store, and small value helpers.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "client/client.h"
#include "graphd-process.h"
#include "test-util.h"

namespace casegraph::test {

inline std::string graphdPath() { return binaryDir() + "/graphd/graphd"; }

// A fresh data directory served by a graphd child on 127.0.0.1:<free port> and
// unix:<dir>/g.sock. The server is stopped (SIGKILL when still running) on destruction.
struct ServedStore {
  TempDir dir;
  GraphdProcess server;

  explicit ServedStore(std::vector<std::string> extraArgs = {})
      : server(
            GraphdOptions{graphdPath(), dir.sub("data"), dir.path(), true, std::move(extraArgs)}) {}

  std::string dataDir() const { return dir.sub("data"); }
};

// Property `key` of `n` as an integer, or -1 when missing or not an integer.
inline int64_t intProp(const Node& n, const std::string& key) {
  auto it = n.properties.find(key);
  return it == n.properties.end() || it->second.type() != ValueType::INT ? -1 : it->second.asInt();
}

// All nodes with `label` whose `key` equals `value` (or all with the label when key is "").
inline std::vector<Node> findAll(GraphClient& c, const std::string& label, const std::string& key,
                                 const std::optional<Value>& value, uint64_t limit = 1'000'000) {
  std::vector<Node> out;
  c.findNodes(label, key, value, false, limit, [&](const std::vector<Node>& batch) {
    out.insert(out.end(), batch.begin(), batch.end());
  });
  return out;
}

}  // namespace casegraph::test
