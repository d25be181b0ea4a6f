#include "schema/model/catalogue.h"

#include <doctest/doctest.h>

using namespace casegraph;

TEST_CASE("the built-in catalogue knows the crime-center entities") {
  const Catalogue& c = Catalogue::builtIn();
  for (const char* l :
       {"Person", "Vehicle", "Case", "Event", "Location", "Phone", "Organization"}) {
    CHECK_MESSAGE(c.label(l) != nullptr, l);
  }
  for (const char* t :
       {"KNOWS", "FAMILY_OF", "ASSOCIATE_OF", "OWNS", "DROVE", "SEEN_AT", "SUSPECT_IN", "VICTIM_IN",
        "WITNESS_IN", "ARRESTED_IN", "PARTY_TO", "INVOLVED_IN", "OCCURRED_AT", "LIVES_AT",
        "HAS_PHONE", "CALLED", "MEMBER_OF", "LINKED_TO"}) {
    CHECK_MESSAGE(c.type(t) != nullptr, t);
  }
  const LabelSpec* v = c.label("Vehicle");
  REQUIRE(v);
  CHECK(v->keys.front() == std::vector<std::string>{"plate", "state"});
  CHECK(v->properties.at("year").type == ValueType::INT);
}

TEST_CASE("node checks report the first type mismatch") {
  const Catalogue& c = Catalogue::builtIn();
  CHECK_FALSE(c.checkNode({"Vehicle"}, {{"year", int64_t{2004}}, {"extra", "ok"}}));
  CHECK(c.checkNode({"Vehicle"}, {{"year", "2004"}}) ==
        std::optional<std::string>("Vehicle.year: expected int, got string"));
  CHECK_FALSE(c.checkNode({"Unknown"}, {{"year", "2004"}}));
  CHECK(c.checkNode({"Person"}, {{"aliases", List{"x", 3}}}).has_value());
}

TEST_CASE("catalogue parse errors name the line") {
  std::string error;
  CHECK_FALSE(Catalogue::parse("label A\nproperty x whatever\n", error));
  CHECK(error == "line 2: unknown property type 'whatever'");
  CHECK_FALSE(Catalogue::parse("property x int\n", error));
  CHECK(error.find("line 1") == 0);
  auto c = Catalogue::parse("# comment\nlabel A\nproperty n int[]\nkey n\ntype R A *\n", error);
  REQUIRE(c);
  CHECK(c->label("A")->properties.at("n").isList);
  CHECK(c->type("R")->to == "*");
}
