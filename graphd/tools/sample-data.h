// A deterministic synthetic crime-center dataset in neo4j-admin import CSV form: people,
// vehicles, phones, locations, events, cases and organizations, linked by relationships with
// skewed degrees (power-law associates, a busy nightclub, a large gang), for demos, tests and
// benchmarks of the importer and the query engine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace casegraph {

struct SampleSummary {
  uint64_t nodes = 0;
  uint64_t relationships = 0;
  std::vector<std::string> nodeFiles;          // paths, one file per label
  std::vector<std::string> relationshipFiles;  // paths, one file per relationship type
  std::string error;                           // empty on success; else what failed, and where
};

// Writes the dataset into `outDir` (created if missing; existing files of the same names are
// replaced) together with a README.txt describing it. Node counts scale with the target
// (about targetRelationships / 5 nodes); the relationship count equals the target for
// targets of about 1,000 and more. The output depends only on (targetRelationships, seed):
// the random numbers and distributions are implemented here, not taken from the standard
// library, so files are byte-identical across platforms and library versions. Intended for
// targets from 10 thousand to a few hundred million.
SampleSummary generateSampleData(const std::string& outDir, uint64_t targetRelationships,
                                 uint64_t seed = 42);

}  // namespace casegraph
