// The POLE crime-investigation dataset (../shared/data/pole) as import options, for the tests
// that load it.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>

#include "graphd/import/bulk-import.h"

namespace casegraph::test {

// Every node and relationship file of the POLE directory `dir`, in name order, with source
// "pole".
inline ImportOptions poleImportOptions(const std::string& dir) {
  ImportOptions o;
  o.source = "pole";
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find(".nodes.") != std::string::npos) o.nodeFiles.push_back({e.path().string(), {}});
    if (name.find(".relationships.") != std::string::npos) {
      o.relationshipFiles.push_back({e.path().string(), {}});
    }
  }
  const auto byPath = [](const ImportFile& a, const ImportFile& b) { return a.path < b.path; };
  std::sort(o.nodeFiles.begin(), o.nodeFiles.end(), byPath);
  std::sort(o.relationshipFiles.begin(), o.relationshipFiles.end(), byPath);
  return o;
}

}  // namespace casegraph::test
