// `graphctl import` (client/lib/live-import.h) against a real graphd: neo4j-admin CSV files sent as
// write batches, typed values (temporal ones included) intact, CSV ids resolved to server
// ids, provenance and valid time set; bad input reported as file:line before anything is sent.
#include <fstream>

#include "client/lib/client.h"
#include "client/lib/live-import.h"
#include "e2e-util.h"

using namespace casegraph;
using namespace casegraph::test;

TEST_CASE("graphctl import: CSV rows arrive in batches with their types, ids and valid time") {
  ServedStore served;
  served.server.start();
  auto c = GraphClient::connect(served.server.unixAddress());
  TempDir files;
  CsvImportOptions o;
  o.source = "townpd";
  o.batchSize = 2;  // several batches for five nodes and three relationships
  o.csv.arrayDelimiter = ';';
  o.nodeFiles.push_back(parseCsvFileArg(
      files.write("people.csv",
                  "pid:ID(Person),name,age:int,aliases:string[],seen:localdatetime,:LABEL\n"
                  "1,Ann,34,A;Annie,2024-03-01T22:15,Person;Suspect\n"
                  "2,Bob,,,,Person\n"
                  "3,Cy,51,,,Person\n")));
  o.nodeFiles.push_back(
      parseCsvFileArg("Event=" + files.write("events.csv",
                                             ":ID(Event),kind,at:datetime,took:duration\n"
                                             "1,gunshot_alert,2024-03-01T22:15:00-05:00,PT0.5S\n"
                                             "2,arrest,2024-03-02T01:00:00Z,\n")));
  o.relationshipFiles.push_back(
      parseCsvFileArg(files.write("rels.csv",
                                  ":START_ID(Person),:END_ID(Event),:TYPE,validFrom:datetime\n"
                                  "1,1,SUSPECT_IN,2024-03-01T22:00:00Z\n"
                                  "2,1,WITNESS_IN,\n"
                                  "3,2,ARRESTED_IN,\n")));
  const CsvImportSummary s = importCsv(*c, o);
  CHECK(s.nodes == 5);
  CHECK(s.relationships == 3);

  const auto ann = findAll(*c, "Person", "name", Value("Ann"));
  REQUIRE(ann.size() == 1);
  CHECK(ann[0].labels == std::vector<std::string>{"Person", "Suspect"});
  CHECK(ann[0].properties.at("age") == Value(int64_t{34}));
  CHECK(ann[0].properties.at("aliases") == Value(List{"A", "Annie"}));
  CHECK(ann[0].properties.at("seen").asDateTime().kind == TemporalKind::LOCAL_DATETIME);
  CHECK(ann[0].provenance.agency == "townpd");
  CHECK(ann[0].provenance.recordId == "Person:1");
  const auto alert = findAll(*c, "Event", "kind", Value("gunshot_alert"));
  REQUIRE(alert.size() == 1);
  CHECK(formatDateTime(alert[0].properties.at("at").asDateTime()) == "2024-03-01T22:15:00-05:00");
  CHECK(alert[0].properties.at("took") == Value(Duration{0, 0, 0, 500'000'000}));

  std::vector<Edge> edges;
  c->neighbors(ann[0].id, rpc::Direction::OUT, {}, {}, 10,
               [&](const std::vector<Edge>& batch, const std::vector<Node>&) {
                 edges.insert(edges.end(), batch.begin(), batch.end());
               });
  REQUIRE(edges.size() == 1);
  CHECK(edges[0].type == "SUSPECT_IN");
  CHECK(edges[0].end == alert[0].id);
  CHECK(edges[0].validFrom == parseDateTime("2024-03-01T22:00:00Z")->micros);
  CHECK(c->stats().edges == 3);
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE(
    "graphctl import: a bad field or an unknown endpoint is reported before anything is sent") {
  ServedStore served;
  served.server.start();
  auto c = GraphClient::connect(served.server.unixAddress());
  TempDir files;
  {
    CsvImportOptions o;
    o.nodeFiles.push_back(parseCsvFileArg(files.write(
        "bad.csv", ":ID,name,took:duration,:LABEL\n1,Ann,PT1H,Person\n2,Bob,soon,Person\n")));
    CHECK_THROWS_WITH_AS(
        importCsv(*c, o),
        doctest::Contains((files.sub("bad.csv") + ":3: column 'took' (duration)").c_str()),
        CsvImportError);
  }
  {
    CsvImportOptions o;
    o.nodeFiles.push_back(parseCsvFileArg(files.write("n.csv", ":ID,:LABEL\na,Person\n")));
    o.relationshipFiles.push_back(
        parseCsvFileArg(files.write("r.csv", ":START_ID,:END_ID,:TYPE\na,zz,KNOWS\n")));
    CHECK_THROWS_WITH_AS(importCsv(*c, o), doctest::Contains((files.sub("r.csv") + ":2:").c_str()),
                         CsvImportError);
  }
  {
    // A valid time must name an instant, not a wall-clock reading.
    CsvImportOptions o;
    o.nodeFiles.push_back(
        parseCsvFileArg(files.write("n.csv", ":ID,:LABEL\na,Person\nb,Person\n")));
    o.relationshipFiles.push_back(parseCsvFileArg(files.write(
        "v.csv", ":START_ID,:END_ID,:TYPE,validFrom:localdatetime\na,b,KNOWS,2024-03-01T10:00\n")));
    CHECK_THROWS_WITH_AS(
        importCsv(*c, o),
        doctest::Contains((files.sub("v.csv") + ":2: column 'validFrom' holds the relationship's "
                                                "valid time and must be a datetime")
                              .c_str()),
        CsvImportError);
  }
  CHECK(c->stats().nodes == 0);  // the checking pass refused each before any batch went out
  CHECK(exitCode(served.server.terminate()) == 0);
}
