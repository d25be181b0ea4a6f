#include "schema/model/value.h"

#include <doctest/doctest.h>

#include <random>

#include "graphd/store/store.h"
#include "test-util.h"

using namespace casegraph;

TEST_CASE("dates parse in ISO and UK forms and round-trip") {
  CHECK(parseDate("1970-01-01")->days == 0);
  CHECK(parseDate("2017-08-24")->days == parseDate("24/08/2017")->days);
  CHECK(formatDate(*parseDate("2024-02-29")) == "2024-02-29");
  CHECK(formatDate(*parseDate("1969-12-31")) == "1969-12-31");
  CHECK_FALSE(parseDate("2023-02-29"));
  CHECK_FALSE(parseDate("2023-13-01"));
  CHECK_FALSE(parseDate("2023-1-01"));
  CHECK_FALSE(parseDate("yesterday"));
}

TEST_CASE("datetimes parse with offsets and fractions") {
  CHECK(parseDateTime("1970-01-01T00:00:01Z")->micros == 1000000);
  CHECK(parseDateTime("1970-01-01T01:00:00+01:00")->micros == 0);
  CHECK(parseDateTime("1970-01-01T00:00:00.5")->micros == 500000);
  CHECK(parseDateTime("2026-03-04")->micros ==
        int64_t{parseDate("2026-03-04")->days} * 86400000000);
  CHECK(formatDateTime(*parseDateTime("2026-03-04T05:06:07Z")) == "2026-03-04T05:06:07Z");
  CHECK(formatDateTime(DateTime{-1}) == "1969-12-31T23:59:59.999999Z");
  CHECK_FALSE(parseDateTime("2026-03-04T25:00"));
  CHECK_FALSE(parseDateTime("2026-03-04T10:00junk"));
  // What a zoned datetime prints reads back as its instant; a zone name alone takes its
  // offset from the tz database.
  CHECK(parseDateTime("2015-07-21T21:40:32.142+02:00[Europe/Stockholm]")->micros ==
        1'437'507'632'142'000);
  CHECK(parseDateTime("1970-01-01T00:00:00Z[UTC]")->micros == 0);
  CHECK(parseDateTime("2015-07-21T21:40:32.142[Europe/Stockholm]")->micros ==
        1'437'507'632'142'000);
  CHECK_FALSE(parseDateTime("2015-07-21T21:40:32+02:00[]"));
  CHECK_FALSE(parseDateTime("2015-07-21T21:40:32+02:00[Europe/Stockholm"));
}

TEST_CASE("temporal text is read as openCypher reads it") {
  // The forms Cypher's datetime() takes: week and ordinal dates, the basic form.
  const int64_t want = parseDateTime("2015-07-21T21:40:32Z")->micros;
  CHECK(parseDateTime("2015-W30-2T21:40:32Z")->micros == want);
  CHECK(parseDateTime("2015-202T21:40:32Z")->micros == want);
  CHECK(parseDateTime("20150721T214032Z")->micros == want);
  CHECK(parseDate("2015-W30-2")->days == parseDate("2015-07-21")->days);
  CHECK(parseDate("2015")->days == parseDate("2015-01-01")->days);
  // A zone name decides the offset from the wall clock: winter and summer in Stockholm, and an
  // offset that disagrees with the zone gives way to it.
  auto winter = parseTemporal("2015-01-21T12:00[Europe/Stockholm]", TemporalKind::DATETIME);
  REQUIRE(winter);
  CHECK(winter->offset == 3600);
  CHECK(winter->zone == "Europe/Stockholm");
  auto summer = parseTemporal("2015-07-21T12:00+05:00[Europe/Stockholm]", TemporalKind::DATETIME);
  REQUIRE(summer);
  CHECK(summer->offset == 7200);
  CHECK(formatDateTime(*summer) == "2015-07-21T12:00:00+02:00[Europe/Stockholm]");
  // In the spring gap the clock moves forward by the gap, as java.time does.
  auto gap = parseTemporal("2015-03-29T02:30[Europe/Stockholm]", TemporalKind::DATETIME);
  REQUIRE(gap);
  CHECK(formatDateTime(*gap) == "2015-03-29T03:30:00+02:00[Europe/Stockholm]");
  // In the autumn overlap the earlier offset, unless the text names the other (so that what
  // formatDateTime prints reads back as the same instant).
  auto early = parseTemporal("2015-10-25T02:30[Europe/Stockholm]", TemporalKind::DATETIME);
  auto late = parseTemporal("2015-10-25T02:30+01:00[Europe/Stockholm]", TemporalKind::DATETIME);
  REQUIRE(early);
  REQUIRE(late);
  CHECK(early->offset == 7200);
  CHECK(late->offset == 3600);
  CHECK(late->micros - early->micros == int64_t{3600} * 1'000'000);
  // Why a text is refused.
  std::string why;
  CHECK_FALSE(parseTemporal("2015-07-21T12:00[Mars/Olympus_Mons]", TemporalKind::DATETIME, &why));
  CHECK(why == "unknown time zone 'Mars/Olympus_Mons'");
  CHECK_FALSE(parseTemporal("12:00[Europe/Stockholm]", TemporalKind::TIME, &why));
  CHECK(why == "a time takes an offset, not a zone name");
  CHECK_FALSE(parseTemporal("+999999999-01-01T00:00Z", TemporalKind::DATETIME, &why));
  CHECK(why == "the year is out of range");
  CHECK_FALSE(parseTemporal("noon", TemporalKind::LOCAL_TIME, &why));
  CHECK(why == std::string("expected ") + temporalForm(TemporalKind::LOCAL_TIME));
  CHECK_FALSE(parseDate("+999999999-01-01", &why));
  CHECK(why == "the year is out of range");
  CHECK_FALSE(parseDuration("P99999999999999999999Y", &why));
  CHECK(why == "out of range");
}

TEST_CASE("temporal text: what is accepted prints and reads back as the same value") {
  // Valid texts of every kind, mutated at random (a character replaced, dropped or doubled):
  // nothing may crash, and whatever a parser accepts must survive formatDateTime and a second
  // parse unchanged.
  const std::vector<std::string> seeds = {"2015-07-21T21:40:32.142000001+02:00[Europe/Stockholm]",
                                          "2015-10-25T02:30+01:00[Europe/Oslo]",
                                          "2015-W30-2T21:40Z",
                                          "20150721T214032,5-0530",
                                          "1969-12-31T23:59:59.999999Z",
                                          "21/07/2015 21:40",
                                          "2015-202",
                                          "+2015-07-21T00:00",
                                          "12:00:00.5+18:00",
                                          "23:59:59.999999999",
                                          "2015-07-21T21:40[America/New_York]",
                                          "P1Y2M3DT4H5M6.5S",
                                          "PT-0.4S",
                                          "P2012-02-02T14:37:21"};
  const std::string alphabet = "0123456789-+:.,TZW/[] PYMDHS";
  std::mt19937 rng(20261129);
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = seeds[rng() % seeds.size()];
    for (int edits = static_cast<int>(rng() % 3); edits > 0 && !text.empty(); --edits) {
      const size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[at] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          text.erase(at, 1);
          break;
        default:
          text.insert(at, 1, text[at]);
          break;
      }
    }
    CAPTURE(text);
    for (const TemporalKind kind : {TemporalKind::DATETIME, TemporalKind::LOCAL_DATETIME,
                                    TemporalKind::TIME, TemporalKind::LOCAL_TIME}) {
      auto v = parseTemporal(text, kind);
      if (!v) continue;
      ++accepted;
      const std::string printed = formatDateTime(*v);
      CAPTURE(printed);
      auto again = parseTemporal(printed, kind);
      REQUIRE(again);
      CHECK(*again == *v);
      CHECK_FALSE(temporalProblem(*v));
    }
    if (auto d = parseDuration(text)) {
      ++accepted;
      CHECK(parseDuration(formatDuration(*d)) == d);
    }
    if (auto d = parseDate(text)) CHECK(parseDate(formatDate(*d)) == d);
  }
  CHECK(accepted > 2000);
}

TEST_CASE("values order by type, then contents") {
  CHECK(Value() < Value(false));
  CHECK(Value(int64_t{-3}) < Value(int64_t{2}));
  CHECK(Value("a") < Value("b"));
  CHECK(Value(List{1, 2}) < Value(List{1, 3}));
  CHECK_FALSE(Value(int64_t{1}) == Value(1.0));
}

TEST_CASE("JSON output") {
  CHECK(toJson(Value()) == "null");
  CHECK(toJson(Value(true)) == "true");
  CHECK(toJson(Value(int64_t{-7})) == "-7");
  CHECK(toJson(Value(2.0)) == "2.0");
  CHECK(toJson(Value(0.25)) == "0.25");
  CHECK(toJson(Value("a\"b\\c\n\x01")) == R"("a\"b\\c\n\u0001")");
  CHECK(toJson(Value(Bytes{"hi!"})) == R"("aGkh")");
  CHECK(toJson(Value(Date{0})) == R"("1970-01-01")");
  CHECK(toJson(Value(List{1, "x", Value()})) == R"([1,"x",null])");
  Node n;
  n.id = 5;
  n.labels = {"Person"};
  n.properties = {{"name", "Ann"}};
  std::string out;
  appendJson(out, n);
  CHECK(out == R"({"id":5,"labels":["Person"],"properties":{"name":"Ann"}})");
  Edge e;
  e.id = 9;
  e.type = "KNOWS";
  e.start = 5;
  e.end = 6;
  out.clear();
  appendJson(out, e);
  CHECK(out == R"({"id":9,"type":"KNOWS","start":5,"end":6,"properties":{}})");
}

TEST_CASE("temporal values of every kind survive a record round trip and print as written") {
  using casegraph::DateTime;
  using casegraph::TemporalKind;
  const std::vector<std::pair<DateTime, std::string>> cases = {
      {DateTime{1'000'000, 0, 0, TemporalKind::DATETIME}, "1970-01-01T00:00:01Z"},
      {DateTime{0, 5, 3600, TemporalKind::DATETIME}, "1970-01-01T01:00:00.000000005+01:00"},
      {DateTime{86'400'000'000 + 1, 0, 0, TemporalKind::LOCAL_DATETIME},
       "1970-01-02T00:00:00.000001"},
      {DateTime{3'600'000'000, 0, -1800, TemporalKind::TIME}, "01:00:00-00:30"},
      {DateTime{61'000'000, 120, 0, TemporalKind::LOCAL_TIME}, "00:01:01.00000012"},
      // A named zone is kept by name beside the offset it had at that instant.
      {DateTime{1'437'507'632'142'000, 0, 7200, TemporalKind::DATETIME, "Europe/Stockholm"},
       "2015-07-21T21:40:32.142+02:00[Europe/Stockholm]"},
  };
  casegraph::test::TempDir dir;
  auto store = casegraph::GraphStore::open({.path = dir.path(), .noSync = true});
  for (const auto& [t, text] : cases) {
    CHECK(casegraph::formatDateTime(t) == text);
    const uint64_t id = store->write([&](casegraph::WriteTxn& w) {
      return w.createNode({"L"}, {{"t", casegraph::Value(t)}});
    });
    const auto back = store->snapshot()->node(id);
    REQUIRE(back);
    CHECK(back->properties.at("t") == casegraph::Value(t));
  }
}

TEST_CASE("temporal values from clients are checked: nanoseconds, offsets, times of day, zones") {
  using casegraph::DateTime;
  using casegraph::TemporalKind;
  using casegraph::temporalProblem;
  CHECK_FALSE(temporalProblem(DateTime{5, 999, 3600, TemporalKind::DATETIME, "Europe/Oslo"}));
  CHECK_FALSE(temporalProblem(DateTime{86'399'999'999, 0, -64800, TemporalKind::TIME}));
  CHECK(temporalProblem(DateTime{0, 1000, 0, TemporalKind::DATETIME})->starts_with("nanoseconds"));
  CHECK(temporalProblem(DateTime{0, -1, 0, TemporalKind::DATETIME}));
  CHECK(temporalProblem(DateTime{0, 0, 64801, TemporalKind::DATETIME})->find("18 hours") !=
        std::string::npos);
  CHECK(temporalProblem(DateTime{86'400'000'000, 0, 0, TemporalKind::LOCAL_TIME}));
  CHECK(temporalProblem(DateTime{-1, 0, 0, TemporalKind::TIME}));
  CHECK(temporalProblem(DateTime{0, 0, 0, TemporalKind::LOCAL_DATETIME, "Europe/Oslo"}));
  CHECK(temporalProblem(DateTime{0, 0, 0, TemporalKind::DATETIME, std::string(65, 'a')}));
  CHECK(*temporalProblem(DateTime{0, 0, 0, TemporalKind::DATETIME, "Mars/Olympus_Mons"}) ==
        "unknown time zone 'Mars/Olympus_Mons'");
  // Oslo was at +01:00 in January 1970, not +02:00.
  CHECK(*temporalProblem(DateTime{0, 0, 7200, TemporalKind::DATETIME, "Europe/Oslo"}) ==
        "offset +02:00 is not Europe/Oslo's at that instant (+01:00)");
}

TEST_CASE("durations survive a record round trip and print in ISO-8601 with each part's sign") {
  using casegraph::Duration;
  using casegraph::formatDuration;
  CHECK(formatDuration(Duration{}) == "PT0S");
  CHECK(formatDuration(Duration{14, 0, 0, 0}) == "P1Y2M");
  CHECK(formatDuration(Duration{0, 14, 16 * 3600 + 12 * 60, 0}) == "P14DT16H12M");
  CHECK(formatDuration(Duration{0, 0, -1, 999'000'000}) == "PT-0.001S");
  CHECK(formatDuration(Duration{0, 0, 0, -1}) == "PT-0.000000001S");
  CHECK(formatDuration(Duration{0, 0, -1, -500'000'000}) == "PT-1.5S");
  CHECK(formatDuration(Duration{0, 0, 1, -500'000'000}) == "PT0.5S");
  CHECK(formatDuration(Duration{-154, -43, -(18 * 3600 + 9 * 60 + 3), -500'000'003}) ==
        "P-12Y-10M-43DT-18H-9M-3.500000003S");
  CHECK(formatDuration(Duration{149, -14, 16 * 3600, 0}) == "P12Y5M-14DT16H");
  casegraph::test::TempDir dir;
  auto store = casegraph::GraphStore::open({.path = dir.path(), .noSync = true});
  const casegraph::Value d(Duration{-3, 40, -7200, 5});
  const casegraph::Value list(casegraph::List{d, casegraph::Value(Duration{0, 0, 1, 0})});
  const uint64_t id = store->write([&](casegraph::WriteTxn& w) {
    return w.createNode({"L"}, {{"d", d}, {"l", list}});
  });
  const auto back = store->snapshot()->node(id);
  REQUIRE(back);
  CHECK(back->properties.at("d") == d);
  CHECK(back->properties.at("l") == list);
  std::string json;
  casegraph::appendJson(json, d);
  CHECK(json == "\"P-3M40DT-1H-59M-59.999999995S\"");
}

TEST_CASE("an index lookup by a temporal value matches its kind and offset, not only its micros") {
  using casegraph::DateTime;
  using casegraph::TemporalKind;
  casegraph::test::TempDir dir;
  auto store = casegraph::GraphStore::open({.path = dir.path(), .noSync = true});
  const DateTime instant{3'600'000'000, 0, 0, TemporalKind::DATETIME};
  const DateTime timeOfDay{3'600'000'000, 0, 0, TemporalKind::LOCAL_TIME};
  const uint64_t a = store->write([&](casegraph::WriteTxn& w) {
    return w.createNode({"E"}, {{"t", casegraph::Value(instant)}});
  });
  store->write([&](casegraph::WriteTxn& w) {
    return w.createNode({"E"}, {{"t", casegraph::Value(timeOfDay)}});
  });
  std::vector<uint64_t> found;
  store->snapshot()->findEqual("E", "t", casegraph::Value(instant), [&](uint64_t id) {
    found.push_back(id);
    return true;
  });
  CHECK(found == std::vector<uint64_t>{a});
}
