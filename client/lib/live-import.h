// Importing neo4j-admin CSV files into a running server (`graphctl import`), as a series of
// write batches.
//
// Two passes: the first reads every file and checks headers, field counts, field types,
// duplicate node ids and relationship endpoints without sending anything, so that most
// mistakes are reported before anything is committed. The second sends the rows in batches of
// `batchSize`, each one atomic; batches are committed one by one, so a failure in the second
// pass (the server refusing a batch, or the files changing in between) leaves the earlier
// batches in the graph, and the error says how many rows that is.
//
// Node files are imported before relationship files. Each node's CSV id (with its id space,
// as "Space:id", or just "id" in the global space) becomes its provenance record id, with
// `source` as the agency; the client keeps the CSV id to server id map for the relationships.
// Every row gets the time the import began as its provenance ingest time. Relationship
// properties named validFrom / validTo (datetimes) also set the relationship's valid time.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "schema/csv/csv.h"

namespace casegraph {

class GraphClient;

// A bad input file or a refused batch: what() is "file:line: what is wrong", followed by what
// was committed ("; 5000 rows before line 5002 were committed").
class CsvImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CsvImportProgress {
  const char* phase;  // "checking" or "importing"
  uint64_t rows;      // rows read so far in this phase
  uint64_t bytes;     // CSV bytes read so far in this phase
  uint64_t totalBytes;
  double seconds;  // since the phase began
};

struct CsvImportOptions {
  std::vector<CsvFileArg> nodeFiles;
  std::vector<CsvFileArg> relationshipFiles;
  std::string source = "graphctl";  // provenance agency
  size_t batchSize = 5000;          // rows per write batch
  CsvOptions csv;
  // Called about twice a second during each pass.
  std::function<void(const CsvImportProgress&)> progress;
};

struct CsvImportSummary {
  uint64_t nodes = 0;
  uint64_t relationships = 0;
  uint64_t bytes = 0;
  double seconds = 0;
};

// Throws CsvImportError for bad files and refused batches, ClientError when the connection
// fails.
CsvImportSummary importCsv(GraphClient& client, const CsvImportOptions& options);

}  // namespace casegraph
