// Paths in the three output formats, and the link-chart helpers.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "client/graphctl/graphviz.h"
#include "client/graphctl/output.h"
#include "test-util.h"

using namespace casegraph;

namespace {

Node node(uint64_t id, std::string label, PropertyMap props = {}) {
  Node n;
  n.id = id;
  n.labels = {std::move(label)};
  n.properties = std::move(props);
  return n;
}

Edge edge(uint64_t id, std::string type, uint64_t start, uint64_t end, PropertyMap props = {}) {
  Edge e;
  e.id = id;
  e.type = std::move(type);
  e.start = start;
  e.end = end;
  e.properties = std::move(props);
  return e;
}

// Ann knows a person who is linked to a car by an OWNS relationship that starts at the car:
// (1)-[7:KNOWS]->(2)<-[9:OWNS]-(3).
PathValue annBobCar() {
  PathValue p;
  p.nodes = {node(1, "Person", {{"name", Value("Ann")}}), node(2, "Person"),
             node(3, "Vehicle", {{"plate", Value("AB1")}})};
  p.relationships = {edge(7, "KNOWS", 1, 2, {{"since", Value(int64_t{2020})}}),
                     edge(9, "OWNS", 3, 2)};
  p.cost = 2;
  return p;
}

std::string print(OutputFormat format, const PathValue& p) {
  std::ostringstream out;
  ResultPrinter printer(out, format, {"path", "length", "cost"});
  printer.addRow({p, Value(static_cast<int64_t>(p.relationships.size())), Value(p.cost)});
  printer.finish();
  return out.str();
}

}  // namespace

TEST_CASE("a path in a table shows each arrow from its relationship's start to its end") {
  const std::string text = "(1:Person {..})-[7:KNOWS]->(2:Person)<-[9:OWNS]-(3:Vehicle {..})";
  CHECK(compactPath(annBobCar()) == text);
  // Numbers align right under their headers.
  CHECK(print(OutputFormat::TABLE, annBobCar()) ==
        "path" + std::string(text.size() - 4, ' ') + "  length  cost\n" +
            std::string(text.size(), '-') + "  ------  ----\n" + text + "       2   2.0\n1 row\n");

  PathValue single;
  single.nodes = {node(4, "Case")};
  CHECK(compactPath(single) == "(4:Case)");

  // A self-loop points forward; odd names are quoted as elsewhere.
  PathValue loop;
  loop.nodes = {node(5, "Has Space"), node(5, "Has Space")};
  loop.relationships = {edge(11, "SEEN AT", 5, 5)};
  CHECK(compactPath(loop) == "(5:`Has Space`)-[11:`SEEN AT`]->(5:`Has Space`)");

  // Relationships that do not join their neighbours, or a node missing: no arrows.
  PathValue broken = annBobCar();
  broken.relationships[0].end = 99;
  CHECK(compactPath(broken) == "(1:Person {..})-[7:KNOWS]-(2:Person)<-[9:OWNS]-(3:Vehicle {..})");
  broken.nodes.pop_back();
  CHECK(compactPath(broken) == "(1:Person {..})-[7:KNOWS]-(2:Person)-[9:OWNS]-");
}

TEST_CASE("a path in JSON and CSV is {nodes, relationships}") {
  const std::string pathJson =
      "{\"nodes\":[{\"id\":1,\"labels\":[\"Person\"],\"properties\":{\"name\":\"Ann\"}},"
      "{\"id\":2,\"labels\":[\"Person\"],\"properties\":{}},"
      "{\"id\":3,\"labels\":[\"Vehicle\"],\"properties\":{\"plate\":\"AB1\"}}],"
      "\"relationships\":[{\"id\":7,\"type\":\"KNOWS\",\"start\":1,\"end\":2,"
      "\"properties\":{\"since\":2020}},"
      "{\"id\":9,\"type\":\"OWNS\",\"start\":3,\"end\":2,\"properties\":{}}]}";
  CHECK(print(OutputFormat::JSON, annBobCar()) ==
        "{\"columns\":[\"path\",\"length\",\"cost\"],\"rows\":[\n[" + pathJson + ",2,2.0]\n]}\n");
  CHECK(print(OutputFormat::CSV, annBobCar()) ==
        "path,length,cost\r\n" + csvQuote(pathJson) + ",2,2.0\r\n");
  CHECK(csvText(Cell(PathValue{})) == "{\"nodes\":[],\"relationships\":[]}");
}

TEST_CASE("chart image types and finding dot") {
  CHECK(imageTypeOf("chart.svg") == ImageType::SVG);
  CHECK(imageTypeOf("out/Chart.PNG") == ImageType::PNG);
  CHECK_FALSE(imageTypeOf("chart.pdf"));
  CHECK_FALSE(imageTypeOf(".svg"));
  CHECK_FALSE(imageTypeOf("svg"));

  test::TempDir dir;
  const std::string tool = dir.sub("fake-dot");
  std::ofstream(tool) << "#!/bin/sh\n";
  CHECK_FALSE(findOnPath("fake-dot", "/nonexistent:" + dir.path()));  // not executable yet
  std::filesystem::permissions(tool, std::filesystem::perms::owner_all);
  CHECK(findOnPath("fake-dot", "/nonexistent:" + dir.path()) == tool);
  CHECK_FALSE(findOnPath("fake-dot", "/nonexistent"));
  CHECK_FALSE(findOnPath("fake-dot", ""));
  CHECK(findOnPath(tool, "") == tool);
}
