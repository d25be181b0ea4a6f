// The parse cache (query/cypher/parse-cache.h) and the inline gate kept with each entry.
#include "query/cypher/parse/parse-cache.h"

#include <doctest/doctest.h>

using namespace casegraph::cypher;

TEST_CASE("the parse cache returns one shared tree per text and drops the least recently used") {
  ParseCache cache(2);
  auto a = cache.get("RETURN 1 AS a");
  REQUIRE(a->parsed.ok());
  CHECK(cache.get("RETURN 1 AS a") == a);  // the same tree, not a new parse
  CHECK(cache.hits() == 1);
  auto b = cache.get("RETURN 2 AS b");
  CHECK(b != a);
  CHECK(cache.size() == 2);
  CHECK(cache.get("RETURN 1 AS a") == a);  // a is now the most recently used
  cache.get("RETURN 3 AS c");              // pushes out b
  CHECK(cache.size() == 2);
  CHECK(cache.get("RETURN 1 AS a") == a);
  const uint64_t hits = cache.hits();
  CHECK(cache.get("RETURN 2 AS b") != b);  // parsed again
  CHECK(cache.hits() == hits);
  // A tree handed out stays valid after its entry is gone.
  CHECK(b->parsed.ok());
  CHECK(b->parsed.query().parts.size() == 1);
}

TEST_CASE("the parse cache keeps syntax errors and leaves long texts out") {
  ParseCache cache(8, 32);
  auto bad = cache.get("RETURN (");
  REQUIRE_FALSE(bad->parsed.ok());
  CHECK(bad->parsed.error().line == 1);
  CHECK(cache.get("RETURN (") == bad);
  const std::string longText = "RETURN 1 AS " + std::string(40, 'x');
  auto l1 = cache.get(longText);
  CHECK(l1->parsed.ok());
  CHECK(cache.get(longText) != l1);
  CHECK(cache.size() == 1);
}

TEST_CASE("the inline gate stops first attempts that mostly overrun and probes again") {
  InlineGate gate;
  for (int i = 0; i < 100; ++i) REQUIRE(gate.shouldTry());  // no history: always try
  for (int i = 0; i < 40; ++i) gate.record(true);
  CHECK(gate.overrunRate() > InlineGate::RATE_LIMIT);
  int tries = 0;
  for (int i = 0; i < 160; ++i) tries += gate.shouldTry() ? 1 : 0;
  CHECK(tries == 10);  // every 16th call
  // Successes bring it back.
  for (int i = 0; i < 40; ++i) gate.record(false);
  CHECK(gate.overrunRate() < InlineGate::RATE_LIMIT);
  CHECK(gate.shouldTry());
  // An occasional overrun among successes keeps it open.
  for (int i = 0; i < 100; ++i) gate.record(i % 10 == 0);
  CHECK(gate.overrunRate() < InlineGate::RATE_LIMIT);
}
