// Offline bulk import of neo4j-admin CSV files into an empty store (`graphd import`).
//
// The whole import is one LMDB transaction: after a failure nothing of it is visible. Node ids
// are assigned in file order starting at 1; each node keeps its CSV id (with its id space, as
// "Space:id") as provenance record id, so the original ids stay searchable.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "schema/csv/csv.h"

namespace casegraph {

class GraphStore;
class Catalogue;

// A bad input file: what() is "file:line: what is wrong" (several lines for unknown ids).
class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A --nodes / --relationships argument: names are the labels (nodes) or the type (rels).
using ImportFile = CsvFileArg;
inline ImportFile parseImportFileArg(const std::string& arg) { return parseCsvFileArg(arg); }

struct ImportOptions {
  std::vector<ImportFile> nodeFiles;
  std::vector<ImportFile> relationshipFiles;
  std::string source = "import";  // agency recorded as provenance
  CsvOptions csv;
  const Catalogue* catalogue = nullptr;  // type checks; mismatches are counted as warnings
  // Called about twice a second with a one-line status; and once per finished phase.
  std::function<void(const std::string&)> progress;
};

struct ImportSummary {
  uint64_t nodes = 0;
  uint64_t relationships = 0;
  uint64_t bytes = 0;  // CSV bytes read
  double seconds = 0;
  uint64_t warnings = 0;
  std::vector<std::string> warningSamples;  // the first few, "file:line: what"
};

// Imports into `store`, which must be empty. Throws ImportError for bad input, StoreError for
// storage failures; in both cases nothing is written.
ImportSummary bulkImport(GraphStore& store, const ImportOptions& options);

}  // namespace casegraph
