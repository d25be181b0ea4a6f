// graphctl's link-analysis options, read into the specs of client/lib/link-types.h.
//
// Every link command takes the filter options (--direction out|in|both, --type T...,
// --label L..., --from DATETIME, --to DATETIME, --max-degree N) and the limit options
// (--max-hops N, --max-visited N, --limit N, --timeout-ms N); `path` adds the choice of
// search (--all, --k N, --weighted with --cost-property P, --type-cost TYPE=COST...,
// --default-cost C, or --time-forward / --time-backward with --max-gap DURATION).
// Every parser throws UsageError naming the option and the text it could not read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/graphctl/command-line.h"
#include "client/lib/link-types.h"

namespace casegraph {

// The value-taking options of every link command, followed by `extra`.
std::vector<std::string_view> linkOptions(const std::vector<std::string_view>& extra = {});
// The value-taking options and the flags that `path` adds to linkOptions().
extern const std::vector<std::string_view> PATH_OPTIONS;
extern const std::vector<std::string_view> PATH_FLAGS;

LinkFilterSpec parseLinkFilter(const CommandArgs& args);
LinkLimitsSpec parseLinkLimits(const CommandArgs& args);
// The search asked for between `from` and `to`: shortest unless an option says otherwise;
// options of two kinds of search, or options for a kind not chosen, are a UsageError.
PathRequestSpec parsePathRequest(const CommandArgs& args, uint64_t from, uint64_t to);

// A duration in microseconds: a whole number with a unit (ms, s, m, h, d: "90s", "15m",
// "2h", "1d") or plain seconds ("300"). Zero, negative, fractional and overflowing durations
// are refused.
int64_t parseDuration(std::string_view text, std::string_view option);
// A window bound in microseconds: an ISO-8601 datetime (2026-03-01T10:00:00Z, offsets
// allowed) or a date. A date starts the window at its first microsecond (`endOfDay` false)
// or ends it at its last (`endOfDay` true), so `--from D --to D` covers the whole day D.
int64_t parseWindowBound(std::string_view text, std::string_view option, bool endOfDay);

// --hops N (at least 1), or `fallback` without it.
uint32_t parseHops(const CommandArgs& args, uint32_t fallback);
// The positional words as node ids; UsageError `usage` when there are fewer than `min` or
// more than `max`.
std::vector<uint64_t> parseNodeIds(const CommandArgs& args, size_t min, size_t max,
                                   const std::string& usage);

}  // namespace casegraph
