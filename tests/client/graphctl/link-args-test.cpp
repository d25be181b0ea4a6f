#include "client/graphctl/link-args.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace casegraph;

namespace {

// The words after the command name, read as a link command reads them.
CommandArgs linkArgs(std::vector<std::string> words,
                     const std::vector<std::string_view>& extra = {},
                     const std::vector<std::string_view>& flags = {}) {
  words.insert(words.begin(), "cmd");
  return CommandArgs(words, 1, linkOptions(extra), flags);
}

CommandArgs pathArgs(std::vector<std::string> words) {
  return linkArgs(std::move(words), PATH_OPTIONS, PATH_FLAGS);
}

PathRequestSpec pathRequest(std::vector<std::string> words) {
  return parsePathRequest(pathArgs(std::move(words)), 17, 4242);
}

constexpr int64_t SECOND = 1'000'000;

}  // namespace

TEST_CASE("command arguments: options anywhere, short options only when listed") {
  const std::vector<std::string> words = {"export",  "5", "--hops=3", "-o",
                                          "net.svg", "6", "--",       "-o"};
  const CommandArgs a(words, 1, {"--hops", "-o"}, {});
  CHECK(a.positional() == std::vector<std::string>{"5", "6", "-o"});
  CHECK(a.last("--hops") == "3");
  CHECK(a.last("-o") == "net.svg");
  // An unlisted short word is positional; an unlisted long one is an error.
  CHECK(CommandArgs({"x", "-7"}, 1, {}, {}).positional() == std::vector<std::string>{"-7"});
  CHECK_THROWS_WITH_AS(CommandArgs({"x", "--nope"}, 1, {}, {}), "unknown option --nope",
                       UsageError);
  CHECK_THROWS_WITH_AS(CommandArgs({"x", "-o"}, 1, {"-o"}, {}), "-o needs a value", UsageError);
  CHECK_THROWS_WITH_AS(CommandArgs({"x", "--all=1"}, 1, {}, {"--all"}), "--all takes no value",
                       UsageError);
}

TEST_CASE("link filter options") {
  CHECK(parseLinkFilter(linkArgs({})) == LinkFilterSpec{});

  const LinkFilterSpec f = parseLinkFilter(
      linkArgs({"--direction", "out", "--type", "KNOWS", "--type=OWNS", "--label", "Person",
                "--from", "2026-03-01", "--to", "2026-03-31", "--max-degree", "500"}));
  CHECK(f.direction == rpc::Direction::OUT);
  CHECK(f.types == std::vector<std::string>{"KNOWS", "OWNS"});
  CHECK(f.labels == std::vector<std::string>{"Person"});
  CHECK(f.windowFrom == parseDateTime("2026-03-01T00:00:00Z")->micros);
  // A date in --to runs to the end of that day.
  CHECK(f.windowTo == parseDateTime("2026-04-01T00:00:00Z")->micros - 1);
  CHECK(f.maxDegree == 500);

  const LinkFilterSpec t = parseLinkFilter(linkArgs(
      {"--direction=in", "--from", "2026-03-01T10:00:00Z", "--to", "2026-03-01T12:30:00+01:00"}));
  CHECK(t.direction == rpc::Direction::IN);
  CHECK(t.windowFrom == parseDateTime("2026-03-01T10:00:00Z")->micros);
  CHECK(t.windowTo == parseDateTime("2026-03-01T11:30:00Z")->micros);
  CHECK(parseLinkFilter(linkArgs({"--to", "2026-01-01"})).windowFrom == TIME_MIN);

  CHECK_THROWS_WITH_AS(parseLinkFilter(linkArgs({"--direction", "up"})),
                       "--direction is out, in or both, not 'up'", UsageError);
  CHECK_THROWS_AS(parseLinkFilter(linkArgs({"--from", "yesterday"})), UsageError);
  CHECK_THROWS_WITH_AS(parseLinkFilter(linkArgs({"--from", "2026-02-01", "--to", "2026-01-01"})),
                       "--from is after --to", UsageError);
  CHECK_THROWS_AS(parseLinkFilter(linkArgs({"--max-degree", "0"})), UsageError);
  CHECK_THROWS_AS(parseLinkFilter(linkArgs({"--type", ""})), UsageError);
}

TEST_CASE("link limit options") {
  CHECK(parseLinkLimits(linkArgs({})) == LinkLimitsSpec{});
  const LinkLimitsSpec l = parseLinkLimits(linkArgs(
      {"--max-hops", "8", "--max-visited", "100000", "--limit", "50", "--timeout-ms", "2500"}));
  CHECK(l == LinkLimitsSpec{8, 100000, 50, 2500});
  CHECK_THROWS_WITH_AS(parseLinkLimits(linkArgs({"--limit", "0"})),
                       "'0' is not a limit (a positive integer)", UsageError);
  CHECK_THROWS_AS(parseLinkLimits(linkArgs({"--max-hops", "-1"})), UsageError);
  CHECK_THROWS_AS(parseLinkLimits(linkArgs({"--timeout-ms", "99999999999"})), UsageError);
  CHECK_THROWS_AS(linkArgs({"--hops", "2"}), UsageError);  // only where a command adds it
  CHECK(parseHops(linkArgs({"--hops", "4"}, {"--hops"}), 2) == 4);
  CHECK(parseHops(linkArgs({}, {"--hops"}), 2) == 2);
  CHECK_THROWS_AS(parseHops(linkArgs({"--hops", "0"}, {"--hops"}), 2), UsageError);
}

TEST_CASE("node ids") {
  CHECK(parseNodeIds(linkArgs({"5", "6"}), 2, 2, "u") == std::vector<uint64_t>{5, 6});
  CHECK_THROWS_WITH_AS(parseNodeIds(linkArgs({"5"}), 2, 2, "path FROM TO"), "path FROM TO",
                       UsageError);
  CHECK_THROWS_AS(parseNodeIds(linkArgs({"5", "6", "7"}), 2, 2, "u"), UsageError);
  CHECK_THROWS_AS(parseNodeIds(linkArgs({"0"}), 1, 1, "u"), UsageError);
  CHECK_THROWS_AS(parseNodeIds(linkArgs({"ann"}), 1, 1, "u"), UsageError);
}

TEST_CASE("path kinds") {
  const PathRequestSpec shortest = pathRequest({});
  CHECK(shortest.kind == rpc::PathKind::SHORTEST);
  CHECK(shortest.from == 17);
  CHECK(shortest.to == 4242);
  CHECK(pathRequest({"--all"}).kind == rpc::PathKind::ALL_SHORTEST);

  const PathRequestSpec k = pathRequest({"--k", "5"});
  CHECK(k.kind == rpc::PathKind::K_SHORTEST);
  CHECK(k.k == 5);
  CHECK_THROWS_AS(pathRequest({"--k", "0"}), UsageError);

  const PathRequestSpec w =
      pathRequest({"--weighted", "--type-cost", "FAMILY_OF=0.5", "--type-cost", "SEEN_AT=3",
                   "--default-cost", "2", "--cost-property", "distance"});
  CHECK(w.kind == rpc::PathKind::WEIGHTED);
  CHECK(w.typeCosts == std::map<std::string, double>{{"FAMILY_OF", 0.5}, {"SEEN_AT", 3.0}});
  CHECK(w.defaultCost == 2.0);
  CHECK(w.costProperty == "distance");
  // A cost option alone asks for the cheapest path.
  CHECK(pathRequest({"--cost-property", "distance"}).kind == rpc::PathKind::WEIGHTED);
  CHECK(pathRequest({"--weighted"}).defaultCost == 1.0);
  CHECK_THROWS_AS(pathRequest({"--type-cost", "KNOWS"}), UsageError);
  CHECK_THROWS_AS(pathRequest({"--type-cost", "=2"}), UsageError);
  CHECK_THROWS_AS(pathRequest({"--type-cost", "KNOWS=-1"}), UsageError);
  CHECK_THROWS_AS(pathRequest({"--type-cost", "KNOWS=cheap"}), UsageError);
  CHECK_THROWS_AS(pathRequest({"--default-cost", "nan"}), UsageError);

  const PathRequestSpec forward = pathRequest({"--time-forward", "--max-gap", "2h"});
  CHECK(forward.kind == rpc::PathKind::TIME_RESPECTING);
  CHECK_FALSE(forward.timeBackward);
  CHECK(forward.maxGapMicros == 2 * 3600 * SECOND);
  const PathRequestSpec backward = pathRequest({"--time-backward"});
  CHECK(backward.timeBackward);
  CHECK(backward.maxGapMicros == 0);
}

TEST_CASE("path options that do not go together") {
  const char* const ONE_KIND =
      "choose one of --all, --k, --weighted and --time-forward/--time-backward";
  CHECK_THROWS_WITH_AS(pathRequest({"--all", "--k", "3"}), ONE_KIND, UsageError);
  CHECK_THROWS_WITH_AS(pathRequest({"--weighted", "--time-forward"}), ONE_KIND, UsageError);
  CHECK_THROWS_WITH_AS(pathRequest({"--all", "--type-cost", "A=1"}), ONE_KIND, UsageError);
  CHECK_THROWS_AS(pathRequest({"--time-forward", "--time-backward"}), UsageError);
  CHECK_THROWS_WITH_AS(pathRequest({"--max-gap", "2h"}),
                       "--max-gap goes with --time-forward or --time-backward", UsageError);
}

TEST_CASE("durations") {
  CHECK(parseDuration("90s", "--max-gap") == 90 * SECOND);
  CHECK(parseDuration("15m", "--max-gap") == 15 * 60 * SECOND);
  CHECK(parseDuration("2h", "--max-gap") == 2 * 3600 * SECOND);
  CHECK(parseDuration("1d", "--max-gap") == 86400 * SECOND);
  CHECK(parseDuration("300", "--max-gap") == 300 * SECOND);
  CHECK(parseDuration("250ms", "--max-gap") == 250'000);
  for (const char* bad : {"", "h", "0", "0s", "-5m", "1.5h", "2 h", "2w", "3hh", "m5"}) {
    CHECK_THROWS_AS_MESSAGE(parseDuration(bad, "--max-gap"), UsageError, bad);
  }
  CHECK_THROWS_WITH_AS(parseDuration("2x", "--max-gap"),
                       "--max-gap takes a duration such as 90s, 15m, 2h, 1d or plain seconds, "
                       "not '2x'",
                       UsageError);
  CHECK_THROWS_WITH_AS(parseDuration("999999999999999d", "--max-gap"),
                       "--max-gap 999999999999999d is too long", UsageError);
}

TEST_CASE("window bounds") {
  CHECK(parseWindowBound("1970-01-02", "--from", false) == 86400 * SECOND);
  CHECK(parseWindowBound("1970-01-02", "--to", true) == 2 * 86400 * SECOND - 1);
  // A datetime is taken as it is, whichever end it bounds.
  CHECK(parseWindowBound("1970-01-01T00:01:00Z", "--to", true) == 60 * SECOND);
  CHECK_THROWS_WITH_AS(parseWindowBound("2026-13-01", "--to", true),
                       "--to takes a date or datetime (2026-03-01 or 2026-03-01T10:00:00Z), "
                       "not '2026-13-01'",
                       UsageError);
}
