#include "client/graphctl/link-args.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace casegraph {

namespace {

constexpr int64_t MICROS_PER_SECOND = 1'000'000;
constexpr int64_t MICROS_PER_DAY = 86'400 * MICROS_PER_SECOND;

uint32_t parseSmall(const std::string& text, const std::string& what) {
  const uint64_t n = parseNumber(text, what, 1);
  if (n > std::numeric_limits<uint32_t>::max()) throw UsageError("'" + text + "' is too large");
  return static_cast<uint32_t>(n);
}

// A cost: a finite number of at least zero.
double parseCost(std::string_view text, const std::string& context) {
  double cost = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), cost);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() ||
      !std::isfinite(cost) || cost < 0) {
    throw UsageError(context + ": '" + std::string(text) + "' is not a cost (a number >= 0)");
  }
  return cost;
}

}  // namespace

std::vector<std::string_view> linkOptions(const std::vector<std::string_view>& extra) {
  std::vector<std::string_view> all = {"--direction", "--type",       "--label",    "--from",
                                       "--to",        "--max-degree", "--max-hops", "--max-visited",
                                       "--limit",     "--timeout-ms"};
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

const std::vector<std::string_view> PATH_OPTIONS = {"--k", "--cost-property", "--type-cost",
                                                    "--default-cost", "--max-gap"};
const std::vector<std::string_view> PATH_FLAGS = {"--all", "--weighted", "--time-forward",
                                                  "--time-backward"};

int64_t parseDuration(std::string_view text, std::string_view option) {
  struct Unit {
    std::string_view suffix;
    int64_t micros;
  };
  static constexpr Unit UNITS[] = {{"ms", 1000},
                                   {"s", MICROS_PER_SECOND},
                                   {"m", 60 * MICROS_PER_SECOND},
                                   {"h", 3600 * MICROS_PER_SECOND},
                                   {"d", MICROS_PER_DAY}};
  const auto bad = [&] {
    return UsageError(std::string(option) + " takes a duration such as 90s, 15m, 2h, 1d or " +
                      "plain seconds, not '" + std::string(text) + "'");
  };
  std::string_view digits = text;
  int64_t unit = MICROS_PER_SECOND;
  for (const Unit& u : UNITS) {
    if (text.ends_with(u.suffix)) {
      digits = text.substr(0, text.size() - u.suffix.size());
      unit = u.micros;
      break;
    }
  }
  int64_t n = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || r.ec != std::errc() || r.ptr != digits.data() + digits.size() || n <= 0) {
    throw bad();
  }
  if (n > std::numeric_limits<int64_t>::max() / unit) {
    throw UsageError(std::string(option) + " " + std::string(text) + " is too long");
  }
  return n * unit;
}

int64_t parseWindowBound(std::string_view text, std::string_view option, bool endOfDay) {
  if (const auto date = parseDate(text)) {
    const int64_t start = static_cast<int64_t>(date->days) * MICROS_PER_DAY;
    return endOfDay ? start + MICROS_PER_DAY - 1 : start;
  }
  if (const auto t = parseDateTime(text)) return t->micros;
  throw UsageError(std::string(option) + " takes a date or datetime (2026-03-01 or " +
                   "2026-03-01T10:00:00Z), not '" + std::string(text) + "'");
}

LinkFilterSpec parseLinkFilter(const CommandArgs& args) {
  LinkFilterSpec f;
  if (const auto d = args.last("--direction")) {
    if (*d == "out") {
      f.direction = rpc::Direction::OUT;
    } else if (*d == "in") {
      f.direction = rpc::Direction::IN;
    } else if (*d != "both") {
      throw UsageError("--direction is out, in or both, not '" + *d + "'");
    }
  }
  f.types = args.all("--type");
  f.labels = args.all("--label");
  for (const auto* list : {&f.types, &f.labels}) {
    for (const auto& name : *list) {
      if (name.empty()) throw UsageError("--type and --label need a name");
    }
  }
  if (const auto from = args.last("--from"))
    f.windowFrom = parseWindowBound(*from, "--from", false);
  if (const auto to = args.last("--to")) f.windowTo = parseWindowBound(*to, "--to", true);
  if (f.windowFrom > f.windowTo) throw UsageError("--from is after --to");
  if (const auto m = args.last("--max-degree")) {
    f.maxDegree = parseNumber(*m, "a degree (a positive integer)", 1);
  }
  return f;
}

LinkLimitsSpec parseLinkLimits(const CommandArgs& args) {
  LinkLimitsSpec l;
  if (const auto v = args.last("--max-hops")) {
    l.maxHops = parseSmall(*v, "a hop count (a positive integer)");
  }
  if (const auto v = args.last("--max-visited")) {
    l.maxVisited = parseNumber(*v, "a node count (a positive integer)", 1);
  }
  if (const auto v = args.last("--limit")) {
    l.maxResults = parseNumber(*v, "a limit (a positive integer)", 1);
  }
  if (const auto v = args.last("--timeout-ms")) {
    l.deadlineMs = parseSmall(*v, "a timeout in milliseconds (a positive integer)");
  }
  return l;
}

PathRequestSpec parsePathRequest(const CommandArgs& args, uint64_t from, uint64_t to) {
  PathRequestSpec r;
  r.from = from;
  r.to = to;
  const bool weighted = args.has("--weighted") || args.has("--cost-property") ||
                        args.has("--type-cost") || args.has("--default-cost");
  const bool timed = args.has("--time-forward") || args.has("--time-backward");
  const int kinds = int{args.has("--all")} + int{args.has("--k")} + int{weighted} + int{timed};
  if (kinds > 1) {
    throw UsageError("choose one of --all, --k, --weighted and --time-forward/--time-backward");
  }
  if (args.has("--time-forward") && args.has("--time-backward")) {
    throw UsageError("choose one of --time-forward and --time-backward");
  }
  if (args.has("--max-gap") && !timed) {
    throw UsageError("--max-gap goes with --time-forward or --time-backward");
  }
  if (args.has("--all")) r.kind = rpc::PathKind::ALL_SHORTEST;
  if (const auto k = args.last("--k")) {
    r.kind = rpc::PathKind::K_SHORTEST;
    r.k = parseSmall(*k, "a number of paths (a positive integer)");
  }
  if (weighted) {
    r.kind = rpc::PathKind::WEIGHTED;
    if (const auto p = args.last("--cost-property")) {
      if (p->empty()) throw UsageError("--cost-property needs a property name");
      r.costProperty = *p;
    }
    for (const auto& tc : args.all("--type-cost")) {
      const auto eq = tc.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw UsageError("--type-cost takes TYPE=COST, not '" + tc + "'");
      }
      r.typeCosts[tc.substr(0, eq)] =
          parseCost(std::string_view(tc).substr(eq + 1), "--type-cost " + tc);
    }
    if (const auto c = args.last("--default-cost")) r.defaultCost = parseCost(*c, "--default-cost");
  }
  if (timed) {
    r.kind = rpc::PathKind::TIME_RESPECTING;
    r.timeBackward = args.has("--time-backward");
    if (const auto g = args.last("--max-gap")) r.maxGapMicros = parseDuration(*g, "--max-gap");
  }
  return r;
}

uint32_t parseHops(const CommandArgs& args, uint32_t fallback) {
  const auto h = args.last("--hops");
  return h ? parseSmall(*h, "a hop count (a positive integer)") : fallback;
}

std::vector<uint64_t> parseNodeIds(const CommandArgs& args, size_t min, size_t max,
                                   const std::string& usage) {
  const auto& words = args.positional();
  if (words.size() < min || words.size() > max) throw UsageError(usage);
  std::vector<uint64_t> ids;
  ids.reserve(words.size());
  for (const auto& w : words) ids.push_back(parseId(w, "node"));
  return ids;
}

}  // namespace casegraph
