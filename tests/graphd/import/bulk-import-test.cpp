#include "graphd/import/bulk-import.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "graphd/import/key-sort.h"
#include "graphd/store/store.h"
#include "pole-data.h"
#include "test-util.h"

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

std::unique_ptr<GraphStore> openStore(const TempDir& dir) {
  StoreOptions o;
  o.path = dir.sub("data");
  o.noSync = true;
  return GraphStore::open(o);
}

uint64_t only(const Reader& r, const std::string& label, const std::string& key, const Value& v) {
  std::vector<uint64_t> ids;
  r.findEqual(label, key, v, [&](uint64_t id) {
    ids.push_back(id);
    return true;
  });
  REQUIRE(ids.size() == 1);
  return ids[0];
}

}  // namespace

TEST_CASE("import: typed columns, id spaces, labels, arrays, valid time") {
  TempDir dir;
  ImportOptions o;
  o.source = "citypd";
  o.nodeFiles.push_back({dir.write("people.csv",
                                   "pid:ID(Person),name,age:int,score:double,alive:boolean,"
                                   "dob:date,aliases:string[],:LABEL\n"
                                   "1,Ann,34,1.5,true,1990-02-03,A;Annie,Person;Suspect\n"
                                   "2,\"Bob, Jr.\",,2,false,,,Person\n"),
                         {}});
  o.nodeFiles.push_back({dir.write("cars.csv", ":ID(Vehicle),plate\n1,AB12\n"), {"Vehicle"}});
  o.relationshipFiles.push_back(
      {dir.write("owns.csv",
                 ":START_ID(Person),:END_ID(Vehicle),:TYPE,validFrom:datetime,note\n"
                 "1,1,OWNS,2026-01-02T03:04:05Z,\"said \"\"mine\"\"\"\n"
                 "2,1,DROVE,,\n"),
       {}});
  auto store = openStore(dir);
  ImportSummary s = bulkImport(*store, o);
  CHECK(s.nodes == 3);
  CHECK(s.relationships == 2);
  auto snap = store->snapshot();
  const uint64_t ann = only(*snap, "Person", "name", Value("Ann"));
  auto n = snap->node(ann);
  CHECK(n->labels == std::vector<std::string>{"Person", "Suspect"});
  CHECK(n->properties.at("pid") == Value("1"));
  CHECK(n->properties.at("age") == Value(int64_t{34}));
  CHECK(n->properties.at("score") == Value(1.5));
  CHECK(n->properties.at("alive") == Value(true));
  CHECK(n->properties.at("dob") == Value(*parseDate("1990-02-03")));
  CHECK(n->properties.at("aliases") == Value(List{"A", "Annie"}));
  CHECK(n->provenance.agency == "citypd");
  CHECK(n->provenance.recordId == "Person:1");
  CHECK(snap->nodeBySource("citypd", "Person:1") == ann);
  const uint64_t bob = only(*snap, "Person", "name", Value("Bob, Jr."));
  CHECK(snap->node(bob)->properties.count("age") == 0);  // empty field: no property
  const uint64_t car = only(*snap, "Vehicle", "plate", Value("AB12"));
  std::vector<Edge> owns;
  snap->forEachNeighbor(ann, Direction::OUT, std::nullopt, [&](const AdjEntry& a) {
    owns.push_back(*snap->edge(a.edge));
    return true;
  });
  REQUIRE(owns.size() == 1);
  CHECK(owns[0].type == "OWNS");
  CHECK(owns[0].end == car);
  CHECK(owns[0].validFrom == parseDateTime("2026-01-02T03:04:05Z")->micros);
  CHECK(owns[0].properties.at("note") == Value("said \"mine\""));
  CHECK(snap->degree(car, Direction::IN) == 2);
  const Counts c = snap->counts();
  CHECK(c.types == std::vector<std::pair<std::string, uint64_t>>{{"DROVE", 1}, {"OWNS", 1}});
}

TEST_CASE("import: temporal columns keep what they say through the store") {
  TempDir dir;
  ImportOptions o;
  o.nodeFiles.push_back(
      {dir.write(
           "events.csv",
           ":ID,:LABEL,at:datetime,seen:localdatetime,shift:time,opens:localtime,took:duration,"
           "stints:duration[]\n"
           "e1,Event,2015-07-21T21:40:32.142000001+02:00[Europe/Stockholm],2024-03-01T22:15,"
           "22:15:00-05:00,08:30,P14DT16H12M,PT1H;PT30M\n"),
       {}});
  auto store = openStore(dir);
  bulkImport(*store, o);
  auto snap = store->snapshot();
  const auto e = snap->node(*snap->nodeBySource("import", "e1"));
  REQUIRE(e);
  const auto& p = e->properties;
  CHECK(formatDateTime(p.at("at").asDateTime()) ==
        "2015-07-21T21:40:32.142000001+02:00[Europe/Stockholm]");
  CHECK(p.at("seen").asDateTime().kind == TemporalKind::LOCAL_DATETIME);
  CHECK(formatDateTime(p.at("seen").asDateTime()) == "2024-03-01T22:15:00");
  CHECK(formatDateTime(p.at("shift").asDateTime()) == "22:15:00-05:00");
  CHECK(formatDateTime(p.at("opens").asDateTime()) == "08:30:00");
  CHECK(formatDuration(p.at("took").asDuration()) == "P14DT16H12M");
  CHECK(p.at("stints") ==
        Value(List{Value(Duration{0, 0, 3600, 0}), Value(Duration{0, 0, 1800, 0})}));
}

TEST_CASE("import: a relationship's valid time must be a datetime, not a local one") {
  TempDir dir;
  ImportOptions o;
  o.nodeFiles.push_back({dir.write("n.csv", ":ID,:LABEL\na,P\nb,P\n"), {}});
  const std::string rels = dir.write("r.csv",
                                     ":START_ID,:END_ID,:TYPE,validFrom:localdatetime\n"
                                     "a,b,KNOWS,2024-03-01T10:00\n");
  o.relationshipFiles.push_back({rels, {}});
  auto store = openStore(dir);
  CHECK_THROWS_WITH_AS(bulkImport(*store, o),
                       doctest::Contains((rels + ":2: column 'validFrom' holds the relationship's "
                                                 "valid time and must be a datetime")
                                             .c_str()),
                       ImportError);
  CHECK(store->snapshot()->counts().nodes == 0);
}

TEST_CASE("import: a bad row stops the import with file:line and nothing is visible") {
  TempDir dir;
  ImportOptions o;
  const std::string people =
      dir.write("people.csv", ":ID,name,age:int,:LABEL\n1,Ann,34,Person\n2,Bob,old,Person\n");
  o.nodeFiles.push_back({people, {}});
  auto store = openStore(dir);
  CHECK_THROWS_WITH_AS(bulkImport(*store, o),
                       doctest::Contains((people + ":3: column 'age'").c_str()), ImportError);
  CHECK(store->snapshot()->counts().nodes == 0);
  CHECK_FALSE(store->snapshot()->node(1));
}

TEST_CASE("import: relationships to unknown ids are reported with their lines") {
  TempDir dir;
  ImportOptions o;
  o.nodeFiles.push_back({dir.write("n.csv", ":ID,:LABEL\na,P\nb,P\n"), {}});
  const std::string rels =
      dir.write("r.csv", ":START_ID,:END_ID,:TYPE\na,b,KNOWS\na,zz,KNOWS\nyy,b,KNOWS\n");
  o.relationshipFiles.push_back({rels, {}});
  auto store = openStore(dir);
  try {
    bulkImport(*store, o);
    FAIL("the import should have failed");
  } catch (const ImportError& e) {
    const std::string msg = e.what();
    CHECK(msg.find(rels + ":3: end node id 'zz'") != std::string::npos);
    CHECK(msg.find(rels + ":4: start node id 'yy'") != std::string::npos);
    CHECK(msg.find("2 relationship endpoint(s)") != std::string::npos);
  }
  CHECK(store->snapshot()->counts().nodes == 0);
}

TEST_CASE("import: malformed files") {
  TempDir dir;
  auto store = openStore(dir);
  auto fails = [&](const std::string& nodes, const std::string& expect) {
    ImportOptions o;
    o.nodeFiles.push_back({dir.write("bad.csv", nodes), {}});
    CHECK_THROWS_WITH_AS(bulkImport(*store, o), doctest::Contains(expect.c_str()), ImportError);
  };
  fails(":ID,name\n1,a,extra\n", "bad.csv:2: expected 2 fields");
  fails(":ID,name\n1,a\n1,b\n", "bad.csv:3: duplicate node id '1'");
  fails(":ID,n:whatever\n", "bad.csv:1:");
  fails("", "empty");
  fails(":ID,name\n1,\"unterminated\n", "bad.csv:2");
  ImportOptions missing;
  missing.nodeFiles.push_back({dir.sub("nope.csv"), {}});
  CHECK_THROWS_WITH_AS(bulkImport(*store, missing), doctest::Contains("nope.csv"), ImportError);
  CHECK(store->snapshot()->counts().nodes == 0);
}

TEST_CASE("import: refuses a data directory that already holds a graph") {
  TempDir dir;
  auto store = openStore(dir);
  store->write([](WriteTxn& w) { w.createNode({"P"}, {}); });
  ImportOptions o;
  o.nodeFiles.push_back({dir.write("n.csv", ":ID\n1\n"), {}});
  CHECK_THROWS_WITH_AS(bulkImport(*store, o), doctest::Contains("already holds a graph"),
                       ImportError);
  CHECK(store->snapshot()->counts().nodes == 1);
}

TEST_CASE("import: 'Label=file' and 'TYPE=file' arguments") {
  const ImportFile f = parseImportFileArg("Person:Suspect=data/p.csv");
  CHECK(f.path == "data/p.csv");
  CHECK(f.names == std::vector<std::string>{"Person", "Suspect"});
  CHECK(parseImportFileArg("p.csv").names.empty());
  TempDir dir;
  ImportOptions o;
  o.nodeFiles.push_back(parseImportFileArg("P=" + dir.write("n.csv", ":ID\n1\n2\n")));
  o.relationshipFiles.push_back(
      parseImportFileArg("KNOWS=" + dir.write("r.csv", ":START_ID,:END_ID\n1,2\n")));
  auto store = openStore(dir);
  bulkImport(*store, o);
  const Counts c = store->snapshot()->counts();
  CHECK(c.labels == std::vector<std::pair<std::string, uint64_t>>{{"P", 2}});
  CHECK(c.types == std::vector<std::pair<std::string, uint64_t>>{{"KNOWS", 1}});
}

TEST_CASE("import: the POLE crime-investigation dataset imports unchanged") {
  const std::string pole = casegraph::test::sharedData("pole");
  if (pole.empty()) {
    MESSAGE("skipped: ../shared/data/pole is not present");
    return;
  }
  TempDir dir;
  const ImportOptions o = casegraph::test::poleImportOptions(pole);
  auto store = openStore(dir);
  const ImportSummary s = bulkImport(*store, o);
  CHECK(s.nodes == 61521);
  CHECK(s.relationships == 105840);
  auto snap = store->snapshot();
  const Counts c = snap->counts();
  CHECK(c.nodes == 61521);
  CHECK(c.edges == 105840);
  auto count = [&](const auto& list, const std::string& name) -> uint64_t {
    for (const auto& [n, k] : list) {
      if (n == name) return k;
    }
    return 0;
  };
  CHECK(count(c.labels, "Person") == 369);
  CHECK(count(c.labels, "Crime") == 28762);
  CHECK(count(c.labels, "Location") == 14904);
  CHECK(count(c.types, "PARTY_TO") == 55);
  CHECK(count(c.types, "KNOWS") == 586);
  // Person 0 of the CSV: "0,Hamilton,117-66-8129,Todd,,Person".
  const auto todd = snap->nodeBySource("pole", "0");
  REQUIRE(todd);
  auto n = snap->node(*todd);
  CHECK(n->labels == std::vector<std::string>{"Person"});
  CHECK(n->properties.at("name") == Value("Todd"));
  CHECK(n->properties.at("surname") == Value("Hamilton"));
  CHECK(n->properties.at("nhs_no") == Value("117-66-8129"));
  CHECK(n->properties.count("age") == 0);
  // Location 1: "1,53.530988,WN3 4NL,-2.61741,178 Polding Street,Location" (typed doubles).
  auto loc = snap->node(*snap->nodeBySource("pole", "1"));
  CHECK(loc->properties.at("latitude") == Value(53.530988));
  CHECK(loc->properties.at("longitude") == Value(-2.61741));
  CHECK(loc->properties.at("address") == Value("178 Polding Street"));
  // Todd (0) CURRENT_ADDRESS 178 Polding Street (1), and FAMILY_REL SIBLING with 2.
  bool livesThere = false, sibling = false;
  snap->forEachNeighbor(*todd, Direction::OUT, std::nullopt, [&](const AdjEntry& a) {
    const auto e = snap->edge(a.edge);
    if (e->type == "CURRENT_ADDRESS" && a.neighbour == loc->id) livesThere = true;
    if (e->type == "FAMILY_REL" && a.neighbour == *snap->nodeBySource("pole", "2")) {
      sibling = e->properties.at("rel_type") == Value("SIBLING");
    }
    return true;
  });
  CHECK(livesThere);
  CHECK(sibling);
}

TEST_CASE("index keys sort in the byte order of std::sort, shared prefixes or not") {
  std::mt19937_64 rng(7);
  for (const size_t common : {size_t{0}, size_t{3}, size_t{9}, size_t{20}}) {
    CAPTURE(common);
    std::vector<std::string> keys;
    const std::string prefix(common, '\x05');
    for (int i = 0; i < 5000; ++i) {
      std::string k = prefix;
      const size_t extra = rng() % 24;  // some keys end inside the compared bytes
      for (size_t j = 0; j < extra; ++j) k.push_back(static_cast<char>(rng() % 4));  // many ties
      keys.push_back(k);
    }
    keys.push_back(prefix);               // the prefix alone
    keys.push_back(prefix + '\0');        // a zero byte after it sorts after it
    keys.push_back(prefix + "\xff\xff");  // high bytes compare unsigned
    auto expected = keys;
    std::sort(expected.begin(), expected.end());
    sortKeys(keys);
    CHECK(keys == expected);
  }
  std::vector<std::pair<std::string, uint64_t>> pairs{{"b", 1}, {"a", 2}, {"ab", 3}, {"", 4}};
  sortByKey(pairs, [](const auto& p) { return std::string_view(p.first); });
  CHECK(pairs ==
        std::vector<std::pair<std::string, uint64_t>>{{"", 4}, {"a", 2}, {"ab", 3}, {"b", 1}});
  // Equal keys: the pairs' own order.
  std::vector<std::pair<std::string, uint64_t>> ties{{"k", 9}, {"j", 5}, {"k", 3}, {"k", 7}};
  sortByKey(ties, [](const auto& p) { return std::string_view(p.first); });
  CHECK(ties ==
        std::vector<std::pair<std::string, uint64_t>>{{"j", 5}, {"k", 3}, {"k", 7}, {"k", 9}});
}
