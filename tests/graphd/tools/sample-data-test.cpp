#include "graphd/tools/sample-data.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "schema/model/catalogue.h"
#include "schema/csv/csv.h"
#include "graphd/import/bulk-import.h"
#include "graphd/store/store.h"
#include "test-util.h"

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

const std::vector<std::string> LABELS = {"Person",   "Vehicle", "Case",        "Event",
                                         "Location", "Phone",   "Organization"};
const std::vector<std::string> TYPES = {
    "KNOWS",       "FAMILY_OF", "ASSOCIATE_OF", "OWNS",        "DROVE",    "SEEN_AT",
    "SUSPECT_IN",  "VICTIM_IN", "WITNESS_IN",   "ARRESTED_IN", "PARTY_TO", "INVOLVED_IN",
    "OCCURRED_AT", "LIVES_AT",  "HAS_PHONE",    "CALLED",      "MEMBER_OF"};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// File name -> contents, for every file in `dir`.
std::map<std::string, std::string> filesIn(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    files[e.path().filename().string()] = slurp(e.path().string());
  }
  return files;
}

SampleSummary generate(const std::string& dir, uint64_t target, uint64_t seed) {
  SampleSummary s = generateSampleData(dir, target, seed);
  INFO("target ", target, ", seed ", seed);
  REQUIRE(s.error.empty());
  return s;
}

// What reading a generated dataset back with the CSV layer finds.
struct ReadBack {
  uint64_t nodes = 0;
  uint64_t relationships = 0;
  std::map<std::string, uint64_t> labels;  // rows carrying each label
  std::map<std::string, uint64_t> types;   // rows of each relationship type
  std::map<std::string, uint64_t> rowsPerFile;
  std::vector<std::string> problems;  // the first few, "file:line: what"
};

ReadBack readBack(const SampleSummary& s) {
  ReadBack out;
  auto problem = [&out](const CsvReader& r, const std::string& what) {
    if (out.problems.size() < 5) {
      out.problems.push_back(r.path() + ":" + std::to_string(r.line()) + ": " + what);
    }
  };
  std::map<std::string, std::unordered_set<std::string>> ids;  // per id space
  std::vector<std::string_view> f;
  std::vector<std::string_view> labels;
  std::string err;
  Value v;
  const CsvOptions options;

  // Reads one file: checks the header and the field count and converts every property.
  // `row` sees each record with its columns.
  auto readFile = [&](const std::string& path, auto&& row) {
    CsvReader r;
    if (auto e = r.open(path, options)) {
      out.problems.push_back(*e);
      return;
    }
    if (!r.next(f)) {
      out.problems.push_back(path + ": no header");
      return;
    }
    const HeaderResult h = parseHeader(f);
    if (!h.error.empty()) {
      out.problems.push_back(path + ": " + h.error);
      return;
    }
    uint64_t& rows = out.rowsPerFile[std::filesystem::path(path).filename().string()];
    while (r.next(f)) {
      ++rows;
      if (f.size() != h.columns.size()) {
        problem(r, std::to_string(f.size()) + " fields");
        continue;
      }
      for (size_t i = 0; i < f.size(); ++i) {
        const Column& c = h.columns[i];
        if (c.kind == ColumnKind::PROPERTY && !convertField(f[i], c, options, v, err)) {
          problem(r, err);
        }
      }
      row(r, h.columns);
    }
    if (r.failed()) out.problems.push_back(r.error());
  };

  for (const std::string& path : s.nodeFiles) {
    readFile(path, [&](const CsvReader& r, const std::vector<Column>& columns) {
      ++out.nodes;
      for (size_t i = 0; i < f.size(); ++i) {
        if (columns[i].kind == ColumnKind::ID) {
          if (f[i].empty()) problem(r, "empty id");
          if (!ids[columns[i].idSpace].emplace(f[i]).second) {
            problem(r, "duplicate id " + std::string(f[i]));
          }
        } else if (columns[i].kind == ColumnKind::LABEL) {
          splitLabels(f[i], options.arrayDelimiter, labels);
          for (std::string_view l : labels) ++out.labels[std::string(l)];
        }
      }
    });
  }
  for (const std::string& path : s.relationshipFiles) {
    readFile(path, [&](const CsvReader& r, const std::vector<Column>& columns) {
      ++out.relationships;
      for (size_t i = 0; i < f.size(); ++i) {
        const Column& c = columns[i];
        if (c.kind == ColumnKind::START_ID || c.kind == ColumnKind::END_ID) {
          const auto space = ids.find(c.idSpace);
          if (c.idSpace.empty() || space == ids.end()) {
            problem(r, "unknown id space '" + c.idSpace + "'");
          } else if (space->second.count(std::string(f[i])) == 0) {
            problem(r, "unknown " + c.idSpace + " id " + std::string(f[i]));
          }
        } else if (c.kind == ColumnKind::TYPE) {
          ++out.types[std::string(f[i])];
        }
      }
    });
  }
  return out;
}

uint64_t countOf(const std::vector<std::pair<std::string, uint64_t>>& list,
                 const std::string& name) {
  for (const auto& [n, k] : list) {
    if (n == name) return k;
  }
  return 0;
}

}  // namespace

TEST_CASE("sample data: the same target and seed give byte-identical files") {
  TempDir a;
  TempDir b;
  TempDir c;
  const SampleSummary sa = generate(a.path(), 5000, 7);
  const SampleSummary sb = generate(b.sub("nested/out"), 5000, 7);  // directories are created
  const SampleSummary sc = generate(c.path(), 5000, 8);

  CHECK(sa.nodes == sb.nodes);
  CHECK(sa.relationships == sb.relationships);
  CHECK(sa.nodeFiles.size() == LABELS.size());
  CHECK(sa.relationshipFiles.size() == TYPES.size());
  const auto filesA = filesIn(a.path());
  const auto filesB = filesIn(b.sub("nested/out"));
  CHECK(filesA.size() == LABELS.size() + TYPES.size() + 1);  // and README.txt
  REQUIRE(filesA.count("README.txt") == 1);
  CHECK(filesA.at("README.txt").find(std::to_string(sa.nodes) + " nodes") != std::string::npos);
  REQUIRE(filesA.size() == filesB.size());
  for (const auto& [name, text] : filesA) {
    CAPTURE(name);
    REQUIRE(filesB.count(name) == 1);
    CHECK(text.size() > 0);
    CHECK(text == filesB.at(name));
  }

  // Another seed: different data of about the same shape.
  const auto filesC = filesIn(c.path());
  CHECK(filesC.size() == filesA.size());
  size_t differing = 0;
  for (const auto& [name, text] : filesA) {
    if (name.ends_with(".csv") && filesC.count(name) == 1 && filesC.at(name) != text) ++differing;
  }
  CHECK(differing >= LABELS.size() + TYPES.size() - 2);
  CHECK(sc.relationships == sa.relationships);

  // Regenerating into a used directory replaces the files.
  const SampleSummary again = generate(c.path(), 5000, 7);
  CHECK(again.nodes == sa.nodes);
  CHECK(filesIn(c.path()) == filesA);
}

TEST_CASE("sample data: files read back cleanly and every endpoint exists") {
  TempDir dir;
  const SampleSummary s = generate(dir.path(), 20000, 42);
  const ReadBack rb = readBack(s);
  for (const std::string& p : rb.problems) FAIL_CHECK(p);
  CHECK(rb.problems.empty());
  CHECK(rb.nodes == s.nodes);
  CHECK(rb.relationships == s.relationships);

  // Node counts scale with the target (about target / 5).
  CHECK(s.nodes > 2000);
  CHECK(s.nodes < 8000);

  for (const std::string& label : LABELS) {
    CAPTURE(label);
    CHECK(rb.labels.count(label) == 1);
  }
  CHECK(rb.labels.count("GangMember") == 1);
  CHECK(rb.labels.at("Person") > rb.labels.at("GangMember"));
  CHECK(rb.labels.count("Gang") == 1);
  CHECK(rb.labels.at("Organization") > rb.labels.at("Gang"));
  // Every row of a node file carries its file's label; the only others are GangMember and Gang.
  CHECK(rb.labels.at("Person") == rb.rowsPerFile.at("persons.csv"));
  CHECK(rb.labels.at("Vehicle") == rb.rowsPerFile.at("vehicles.csv"));
  CHECK(rb.labels.at("Phone") == rb.rowsPerFile.at("phones.csv"));
  CHECK(rb.labels.at("Location") == rb.rowsPerFile.at("locations.csv"));
  CHECK(rb.labels.at("Event") == rb.rowsPerFile.at("events.csv"));
  CHECK(rb.labels.at("Case") == rb.rowsPerFile.at("cases.csv"));
  CHECK(rb.labels.at("Organization") == rb.rowsPerFile.at("organizations.csv"));
  CHECK(rb.labels.size() == LABELS.size() + 2);

  // Each relationship file holds one type, and each type has rows.
  CHECK(rb.types.size() == TYPES.size());
  for (const std::string& type : TYPES) {
    CAPTURE(type);
    REQUIRE(rb.types.count(type) == 1);
    CHECK(rb.types.at(type) > 0);
    CHECK(rb.types.at(type) == rb.rowsPerFile.at("rel-" + type + ".csv"));
  }
}

TEST_CASE("sample data: the relationship count follows the target") {
  for (const uint64_t target : {1000, 3000, 12345}) {
    CAPTURE(target);
    TempDir dir;
    const SampleSummary s = generate(dir.path(), target, 3);
    CHECK(s.relationships == target);
    CHECK(readBack(s).relationships == s.relationships);
  }
  // Tiny targets still give a complete, consistent dataset near the target.
  TempDir dir;
  const SampleSummary s = generate(dir.path(), 300, 1);
  const ReadBack rb = readBack(s);
  CHECK(rb.problems.empty());
  CHECK(rb.relationships == s.relationships);
  CHECK(s.relationships >= 240);
  CHECK(s.relationships <= 360);
}

TEST_CASE("sample data: a generated dataset imports with the summary's counts") {
  TempDir dir;
  const SampleSummary s = generate(dir.sub("csv"), 20000, 42);
  REQUIRE(s.relationships == 20000);

  ImportOptions o;
  o.source = "sample";
  o.catalogue = &Catalogue::builtIn();
  for (const std::string& p : s.nodeFiles) o.nodeFiles.push_back({p, {}});
  for (const std::string& p : s.relationshipFiles) o.relationshipFiles.push_back({p, {}});
  StoreOptions so;
  so.path = dir.sub("data");
  so.noSync = true;
  auto store = GraphStore::open(so);
  const ImportSummary is = bulkImport(*store, o);
  CHECK(is.nodes == s.nodes);
  CHECK(is.relationships == s.relationships);
  // The generated properties fit the built-in catalogue.
  CHECK(is.warnings == 0);
  for (const std::string& w : is.warningSamples) MESSAGE(w);

  auto snap = store->snapshot();
  const Counts c = snap->counts();
  CHECK(c.nodes == s.nodes);
  CHECK(c.edges == s.relationships);
  const ReadBack rb = readBack(s);
  for (const std::string& label : LABELS) {
    CAPTURE(label);
    CHECK(countOf(c.labels, label) == rb.labels.at(label));
  }
  CHECK(countOf(c.labels, "GangMember") == rb.labels.at("GangMember"));
  CHECK(countOf(c.labels, "Gang") == rb.labels.at("Gang"));
  for (const std::string& type : TYPES) {
    CAPTURE(type);
    CHECK(countOf(c.types, type) == rb.types.at(type));
  }

  // Ids stay searchable as "Space:id"; location 0 is the nightclub, organization 0 the gang.
  const auto club = snap->nodeBySource("sample", "Location:L0");
  REQUIRE(club);
  const auto node = snap->node(*club);
  REQUIRE(node);
  CHECK(node->labels == std::vector<std::string>{"Location"});
  CHECK(node->properties.at("name") == Value("The Velvet Room"));
  const auto gang = snap->nodeBySource("sample", "Organization:O0");
  REQUIRE(gang);
  uint64_t members = 0;
  snap->forEachNeighbor(*gang, Direction::IN, std::nullopt, [&](const AdjEntry& a) {
    if (snap->edge(a.edge)->type == "MEMBER_OF") ++members;
    return true;
  });
  CHECK(members > 0);
}
