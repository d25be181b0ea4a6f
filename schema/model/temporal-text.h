// ISO 8601 text of dates, times and durations, and named time zones from the system's tz
// database: the one reader behind CSV and JSON import (schema/model/value.h: parseTemporal,
// parseDuration) and openCypher's temporal functions (query/cypher/temporal.cpp), so that a
// value means the same whichever way it arrives.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "schema/model/value.h"

namespace casegraph::iso {

// --- named zones -------------------------------------------------------------------------------

// A zone ("Europe/Stockholm") from $TZDIR or /usr/share/zoneinfo, loaded once and kept: its id,
// or -1 when the name is not in the database.
int32_t zoneId(std::string_view name);
const std::string& zoneName(int32_t id);
// Seconds east of UTC in `zone` at the instant `utcSeconds`.
int32_t zoneOffsetAt(int32_t zone, int64_t utcSeconds);
// The offset of `zone` for a wall-clock reading `localSeconds` (seconds as if UTC), as
// java.time resolves it: in a gap the clock moves forward by the gap (`localSeconds` is
// adjusted); in an overlap the `preferred` offset when it is one of the two (a datetime written
// with its offset reads back as the same instant), else the earlier.
int32_t zoneOffsetForLocal(int32_t zone, int64_t& localSeconds,
                           std::optional<int32_t> preferred = std::nullopt);

// --- the calendar's weeks ------------------------------------------------------------------------

inline int64_t dayOfWeek(int64_t days) { return floorMod(days + 3, 7) + 1; }  // Monday 1 .. 7
// Days since 1970-01-01 of the Monday of ISO week 1 of week-based year `y` (the week holding
// 4 January).
int64_t weekYearStart(int64_t y);

// --- text readers: each reads at s[i] and, when it succeeds, leaves i after what it read -------

bool digitsAt(std::string_view s, size_t i, size_t n);
// The `n` digits at s[i] as a number (digitsAt(s, i, n) must hold); i moves past them.
int64_t number(std::string_view s, size_t& i, size_t n);
// A date in the extended or basic form, calendar, week or ordinal: YYYY, YYYY-MM, YYYYMM,
// YYYY-MM-DD, YYYYMMDD, YYYY-Www[-D], YYYYWww[D], YYYY-DDD, YYYYDDD, the year also as a sign
// and up to nine digits: days since 1970-01-01.
bool readDate(std::string_view s, size_t& i, int64_t& days);
// HH, HH:MM, HHMM, HH:MM:SS[.f], HHMMSS[.f] (the fraction after '.' or ',', digits past the
// ninth dropped): nanoseconds since midnight.
bool readTime(std::string_view s, size_t& i, int64_t& nanosOfDay);
// Z, ±HH, ±HHMM, ±HH:MM, ±HH:MM:SS, ±HHMMSS: seconds east of UTC, within ±18 hours.
bool readOffset(std::string_view s, size_t& i, int32_t& offset);

// The zone after a time: an offset, a bracketed zone name, or the offset then the name.
struct ZoneText {
  bool hasOffset = false;
  int32_t offset = 0;
  int32_t zone = -1;          // the named zone's id, or -1
  std::string_view zoneName;  // as written, also when unknown to the tz database
};
// False on malformed text, and on a zone name unknown to the tz database (zoneName then says
// which).
bool readZone(std::string_view s, size_t& i, ZoneText& z);

// A whole text of date, time and zone parts; which of them the value has decides what may
// be written. Dates and times are separated by 'T' (or, with `spaceSeparator`, a space).
struct TemporalText {
  int64_t days = 0;        // the local date
  int64_t nanosOfDay = 0;  // the local time
  ZoneText zone;
};
enum class TemporalTextError { NONE, MALFORMED, UNKNOWN_ZONE };
TemporalTextError readTemporal(std::string_view s, bool hasDate, bool hasTime, bool hasZone,
                               TemporalText& out, bool spaceSeparator = false);

// --- durations -----------------------------------------------------------------------------------

// An ISO 8601 duration, read exactly: P[nY][nM][nW][nD][T[nH][nM][nS]] (components in this
// order, each at most once), each number with an optional sign, the last with an optional
// fraction after '.' or ',' (P1Y2M, P14DT16H12M, PT-0.4S, P0.5D, P2W), or the alternative
// P<date>T<time> (P2012-02-02T14:37:21.545). A fraction carries into the smaller parts as
// openCypher's duration() does: of a year or month into days and seconds at 365.2425 / 12 days
// a month, of a week or day into days and seconds, of an hour or minute into seconds; digits
// past the nanosecond are dropped. OUT_OF_RANGE when a part is beyond 64 bits.
enum class DurationTextError { NONE, MALFORMED, OUT_OF_RANGE };
DurationTextError readDuration(std::string_view s, Duration& out);

}  // namespace casegraph::iso
