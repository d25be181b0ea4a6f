// openCypher temporal values (see temporal.h). The rules follow the openCypher TCK
// (features/expressions/temporal): ISO-8601 text, calendar, week and ordinal dates, selection
// of fields from other values, truncation, durations split into months, days, seconds and
// nanoseconds, and named zones resolved as java.time does (a gap moves the clock forward, an
// overlap takes the earlier offset).
// Over 800 lines: the openCypher temporal rules (construction, selection, truncation, duration
// arithmetic) are one closely knit set; its text parsing already lives in schema/model.
#include "query/cypher/functions/temporal.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "schema/model/temporal-text.h"
#include "query/cypher/exec/engine.h"

namespace casegraph::cypher::detail {

namespace {

constexpr int64_t NANOS_PER_SECOND = 1'000'000'000;
constexpr int64_t NANOS_PER_DAY = 86'400 * NANOS_PER_SECOND;

[[noreturn]] void bad(const std::string& what, SourcePos pos) {
  runtimeError("ArgumentError", "InvalidArgumentValue", what, pos);
}

[[noreturn]] void wrongType(const std::string& fn, const QValue& got, SourcePos pos) {
  runtimeError("TypeError", "InvalidArgumentType",
               fn + "() does not accept a " + std::string(qtypeName(got.type())), pos);
}

// --- calendar: schema/model/value.h's proleptic Gregorian arithmetic, on signed fields -------------

int64_t civilDays(int64_t y, int64_t m, int64_t d) {
  return daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

struct Civil {
  int64_t year;
  int64_t month;
  int64_t day;
};

Civil civil(int64_t days) {
  Civil c{};
  unsigned m = 0, d = 0;
  civilFromDays(days, c.year, m, d);
  c.month = m;
  c.day = d;
  return c;
}

int64_t monthLength(int64_t y, int64_t m) { return daysInMonth(y, static_cast<unsigned>(m)); }

// `days` moved by whole calendar months, the day of the month clamped to the new month's
// length (31 January + 1 month = 28 or 29 February).
int64_t addMonths(int64_t days, int64_t months) {
  const Civil c = civil(days);
  const int64_t total = c.year * 12 + (c.month - 1) + months;
  const int64_t y = floorDiv(total, 12), m = floorMod(total, 12) + 1;
  return civilDays(y, m, std::min(c.day, monthLength(y, m)));
}

using iso::dayOfWeek;
using iso::weekYearStart;
using iso::zoneName;
using iso::zoneOffsetAt;
using iso::zoneOffsetForLocal;

void isoWeek(int64_t days, int64_t& weekYear, int64_t& week) {
  weekYear = civil(days).year + 1;
  while (days < weekYearStart(weekYear)) --weekYear;
  week = (days - weekYearStart(weekYear)) / 7 + 1;
}

int64_t quarterStart(int64_t y, int64_t quarter) { return civilDays(y, (quarter - 1) * 3 + 1, 1); }

// --- the parts of a temporal value ------------------------------------------------------------

struct Parts {
  bool hasDate = false, hasTime = false, hasZone = false;
  int64_t days = 0;        // local date
  int64_t nanosOfDay = 0;  // local time
  int32_t offset = 0;
  int32_t zone = -1;         // a named zone, or -1
  bool offsetKnown = false;  // `offset` was written or comes from a value: preferred in an overlap
};

Parts partsOf(const QValue& v) {
  Parts t;
  auto local = [&](int64_t seconds, int64_t nanos) {
    t.hasDate = t.hasTime = true;
    t.days = floorDiv(seconds, 86400);
    t.nanosOfDay = (seconds - t.days * 86400) * NANOS_PER_SECOND + nanos;
  };
  switch (v.type()) {
    case QType::DATE:
      t.hasDate = true;
      t.days = v.asDate().days;
      break;
    case QType::LOCALTIME:
      t.hasTime = true;
      t.nanosOfDay = v.asLocalTime().nanos;
      break;
    case QType::TIME:
      t.hasTime = t.hasZone = true;
      t.nanosOfDay = v.asTime().nanos;
      t.offset = v.asTime().offset;
      break;
    case QType::LOCALDATETIME:
      local(v.asLocalDateTime().seconds, v.asLocalDateTime().nanos);
      break;
    case QType::DATETIME: {
      const auto& z = v.asZonedDateTime();
      local(z.seconds + z.offset, z.nanos);
      t.hasZone = t.offsetKnown = true;
      t.offset = z.offset;
      t.zone = z.zone;
      break;
    }
    default:
      break;
  }
  return t;
}

bool checkedDays(int64_t days) { return days >= INT32_MIN && days <= INT32_MAX; }

// Builds a value of `type` from parts; a named zone decides the offset from the local time.
QValue build(QType type, Parts t, SourcePos pos) {
  t.days += floorDiv(t.nanosOfDay, NANOS_PER_DAY);
  t.nanosOfDay = floorMod(t.nanosOfDay, NANOS_PER_DAY);
  if (!checkedDays(t.days)) bad("the date is out of range", pos);
  const int64_t nanos = t.nanosOfDay % NANOS_PER_SECOND;
  int64_t local = t.days * 86400 + t.nanosOfDay / NANOS_PER_SECOND;
  switch (type) {
    case QType::DATE:
      return Date{static_cast<int32_t>(t.days)};
    case QType::LOCALTIME:
      return LocalTime{t.nanosOfDay};
    case QType::TIME:
      if (t.zone >= 0) t.offset = zoneOffsetAt(t.zone, local - t.offset);
      return ZonedTime{t.nanosOfDay, t.offset};
    case QType::LOCALDATETIME:
      return LocalDateTime{local, static_cast<int32_t>(nanos)};
    default: {
      if (t.zone >= 0) {
        t.offset = zoneOffsetForLocal(t.zone, local,
                                      t.offsetKnown ? std::optional(t.offset) : std::nullopt);
      }
      return ZonedDateTime{local - t.offset, static_cast<int32_t>(nanos), t.offset, t.zone};
    }
  }
}

QType typeOf(std::string_view fn) {
  if (fn.starts_with("date") && !fn.starts_with("datetime")) return QType::DATE;
  if (fn.starts_with("localtime")) return QType::LOCALTIME;
  if (fn.starts_with("time")) return QType::TIME;
  if (fn.starts_with("localdatetime")) return QType::LOCALDATETIME;
  return QType::DATETIME;
}

bool typeHasDate(QType t) {
  return t == QType::DATE || t == QType::LOCALDATETIME || t == QType::DATETIME;
}
bool typeHasTime(QType t) { return t != QType::DATE; }
bool typeHasZone(QType t) { return t == QType::TIME || t == QType::DATETIME; }

// --- time zones given as text -----------------------------------------------------------------

struct ZoneSpec {
  int32_t offset = 0;
  int32_t zone = -1;
};

ZoneSpec zoneFromText(const std::string& fn, const std::string& text, SourcePos pos) {
  ZoneSpec z;
  size_t i = 0;
  if (iso::readOffset(text, i, z.offset) && i == text.size()) return z;
  z.zone = iso::zoneId(text);
  if (z.zone < 0) bad(fn + "(): unknown time zone '" + text + "'", pos);
  return z;
}

ZoneSpec zoneArg(const std::string& fn, const QValue& v, SourcePos pos) {
  if (v.type() != QType::STRING) bad(fn + "(): timezone must be a string", pos);
  return zoneFromText(fn, v.asString(), pos);
}

// --- text -------------------------------------------------------------------------------------

QValue fromText(const std::string& fn, const std::string& s, SourcePos pos) {
  const QType type = typeOf(fn);
  iso::TemporalText text;
  switch (iso::readTemporal(s, typeHasDate(type), typeHasTime(type), typeHasZone(type), text)) {
    case iso::TemporalTextError::NONE:
      break;
    case iso::TemporalTextError::UNKNOWN_ZONE:
      bad(fn + "(): unknown time zone '" + std::string(text.zone.zoneName) + "'", pos);
    case iso::TemporalTextError::MALFORMED:
      bad(fn + "(): cannot read '" + s + "'", pos);
  }
  Parts t;
  t.days = text.days;
  t.nanosOfDay = text.nanosOfDay;
  // An offset written beside a zone name gives way to the zone's own rules (build()).
  t.offset = text.zone.offset;
  t.offsetKnown = text.zone.hasOffset;
  t.zone = text.zone.zone;
  return build(type, t, pos);
}

// --- maps: construction and selection ---------------------------------------------------------

const QValue* field(const QMap& m, const char* key) {
  auto it = m.find(key);
  return it == m.end() || it->second.isNull() ? nullptr : &it->second;
}

int64_t intField(const std::string& fn, const QMap& m, const char* key, int64_t dflt,
                 SourcePos pos) {
  const QValue* v = field(m, key);
  if (!v) return dflt;
  if (v->type() != QType::INT) bad(fn + "(): " + key + " must be an integer", pos);
  return v->asInt();
}

void checkRange(const std::string& fn, const char* key, int64_t v, int64_t lo, int64_t hi,
                SourcePos pos) {
  if (v < lo || v > hi) {
    bad(fn + "(): " + key + " " + std::to_string(v) + " is out of range " + std::to_string(lo) +
            ".." + std::to_string(hi),
        pos);
  }
}

// Applies the date fields of `m` (year, month, day, week, dayOfWeek, quarter, dayOfQuarter,
// ordinalDay) over `base` (a date, or none: the fields then start from 1 January).
int64_t applyDateFields(const std::string& fn, const QMap& m, std::optional<int64_t> base,
                        SourcePos pos) {
  const Civil b = civil(base.value_or(0));
  const bool anyField = field(m, "year") || field(m, "month") || field(m, "day") ||
                        field(m, "week") || field(m, "dayOfWeek") || field(m, "quarter") ||
                        field(m, "dayOfQuarter") || field(m, "ordinalDay");
  if (!anyField) {
    if (base) return *base;
    return civilDays(1970, 1, 1);
  }
  if (!base && !field(m, "year")) bad(fn + "(): a date needs a year", pos);
  if (field(m, "week") ||
      (base && field(m, "dayOfWeek") && !field(m, "month") && !field(m, "day"))) {
    int64_t baseWeekYear = 0, baseWeek = 1;
    if (base) isoWeek(*base, baseWeekYear, baseWeek);
    const int64_t y = intField(fn, m, "year", base ? baseWeekYear : 0, pos);
    const int64_t week = intField(fn, m, "week", base ? baseWeek : 1, pos);
    const int64_t dow = intField(fn, m, "dayOfWeek", base ? dayOfWeek(*base) : 1, pos);
    checkRange(fn, "week", week, 1, 53, pos);
    checkRange(fn, "dayOfWeek", dow, 1, 7, pos);
    const int64_t days = weekYearStart(y) + (week - 1) * 7 + dow - 1;
    if (week == 53 && days >= weekYearStart(y + 1))
      bad(fn + "(): " + std::to_string(y) + " has no week 53", pos);
    return days;
  }
  const int64_t y = intField(fn, m, "year", b.year, pos);
  if (field(m, "ordinalDay")) {
    const int64_t ordinal = intField(fn, m, "ordinalDay", 1, pos);
    checkRange(fn, "ordinalDay", ordinal, 1, isLeapYear(y) ? 366 : 365, pos);
    return civilDays(y, 1, 1) + ordinal - 1;
  }
  if (field(m, "quarter") || field(m, "dayOfQuarter")) {
    const int64_t bq = (b.month - 1) / 3 + 1;
    const int64_t q = intField(fn, m, "quarter", base ? bq : 1, pos);
    checkRange(fn, "quarter", q, 1, 4, pos);
    const int64_t bdq = base ? *base - quarterStart(b.year, bq) + 1 : 1;
    const int64_t dq = intField(fn, m, "dayOfQuarter", bdq, pos);
    const int64_t length =
        quarterStart(q == 4 ? y + 1 : y, q == 4 ? 1 : q + 1) - quarterStart(y, q);
    checkRange(fn, "dayOfQuarter", dq, 1, length, pos);
    return quarterStart(y, q) + dq - 1;
  }
  const int64_t month = intField(fn, m, "month", base ? b.month : 1, pos);
  checkRange(fn, "month", month, 1, 12, pos);
  const int64_t day = intField(fn, m, "day", base ? b.day : 1, pos);
  checkRange(fn, "day", day, 1, monthLength(y, month), pos);
  return civilDays(y, month, day);
}

int64_t applyTimeFields(const std::string& fn, const QMap& m, std::optional<int64_t> base,
                        SourcePos pos) {
  const int64_t b = base.value_or(0);
  const int64_t h = intField(fn, m, "hour", b / 3'600'000'000'000, pos);
  const int64_t mi = intField(fn, m, "minute", base ? b / 60'000'000'000 % 60 : 0, pos);
  const int64_t s = intField(fn, m, "second", base ? b / NANOS_PER_SECOND % 60 : 0, pos);
  checkRange(fn, "hour", h, 0, 23, pos);
  checkRange(fn, "minute", mi, 0, 59, pos);
  checkRange(fn, "second", s, 0, 59, pos);
  int64_t sub = base ? b % NANOS_PER_SECOND : 0;
  if (field(m, "millisecond") || field(m, "microsecond") || field(m, "nanosecond")) {
    const int64_t ms = intField(fn, m, "millisecond", 0, pos);
    const int64_t us = intField(fn, m, "microsecond", 0, pos);
    const int64_t ns = intField(fn, m, "nanosecond", 0, pos);
    checkRange(fn, "millisecond", ms, 0, 999, pos);
    checkRange(fn, "microsecond", us, 0, field(m, "millisecond") ? 999 : 999'999, pos);
    checkRange(fn, "nanosecond", ns, 0,
               field(m, "microsecond")   ? 999
               : field(m, "millisecond") ? 999'999
                                         : 999'999'999,
               pos);
    sub = ms * 1'000'000 + us * 1000 + ns;
  }
  return ((h * 60 + mi) * 60 + s) * NANOS_PER_SECOND + sub;
}

bool hasTimeFields(const QMap& m) {
  for (const char* k : {"hour", "minute", "second", "millisecond", "microsecond", "nanosecond"}) {
    if (field(m, k)) return true;
  }
  return false;
}

// Moves a zoned time of day to another zone: the same instant, another clock.
int64_t convertClock(int64_t nanosOfDay, int32_t from, int32_t to) {
  return floorMod(nanosOfDay + int64_t{to - from} * NANOS_PER_SECOND, NANOS_PER_DAY);
}

int32_t offsetOfZone(const ZoneSpec& z, int64_t utcSeconds) {
  return z.zone >= 0 ? zoneOffsetAt(z.zone, utcSeconds) : z.offset;
}

QValue fromMap(const std::string& fn, const QMap& m, SourcePos pos) {
  const QType type = typeOf(fn);
  for (const auto& [k, v] : m) {
    static const char* const KNOWN[] = {
        "date",        "time",       "datetime",  "year",         "month",
        "day",         "week",       "dayOfWeek", "quarter",      "dayOfQuarter",
        "ordinalDay",  "hour",       "minute",    "second",       "millisecond",
        "microsecond", "nanosecond", "timezone",  "epochSeconds", "epochMillis"};
    if (std::none_of(std::begin(KNOWN), std::end(KNOWN), [&](const char* n) { return k == n; })) {
      bad(fn + "(): no such field " + k, pos);
    }
  }
  std::optional<ZoneSpec> tz;
  if (const QValue* z = field(m, "timezone")) {
    if (!typeHasZone(type)) bad(fn + "(): a local value has no timezone", pos);
    tz = zoneArg(fn, *z, pos);
  }
  // Seconds since the epoch.
  if (field(m, "epochSeconds") || field(m, "epochMillis")) {
    if (type != QType::DATETIME) bad(fn + "(): epochSeconds and epochMillis make datetimes", pos);
    const int64_t total = intField(fn, m, "epochSeconds", 0, pos) * NANOS_PER_SECOND +
                          intField(fn, m, "epochMillis", 0, pos) * 1'000'000 +
                          intField(fn, m, "nanosecond", 0, pos);
    const int64_t utc = floorDiv(total, NANOS_PER_SECOND);
    const ZoneSpec z = tz.value_or(ZoneSpec{});
    const int32_t offset = offsetOfZone(z, utc);
    return ZonedDateTime{utc, static_cast<int32_t>(floorMod(total, NANOS_PER_SECOND)), offset,
                         z.zone};
  }
  // What the value starts from: {datetime: x}, {date: x}, {time: x}.
  std::optional<int64_t> baseDate, baseTime;
  std::optional<ZoneSpec> baseZone;
  auto takeBase = [&](const char* key, bool date, bool time) {
    const QValue* v = field(m, key);
    if (!v) return;
    if (!v->isTemporal()) wrongType(fn + "." + key, *v, pos);
    const Parts p = partsOf(*v);
    if (date) {
      if (!p.hasDate) bad(fn + "(): " + key + " has no date", pos);
      baseDate = p.days;
    }
    if (time && p.hasTime) {
      baseTime = p.nanosOfDay;
      if (p.hasZone) baseZone = ZoneSpec{p.offset, p.zone};
    }
  };
  takeBase("datetime", true, true);
  if (field(m, "date")) takeBase("date", true, false);
  if (field(m, "time")) {
    baseZone.reset();
    takeBase("time", false, true);
  }
  Parts t;
  if (typeHasDate(type)) t.days = applyDateFields(fn, m, baseDate, pos);
  if (typeHasTime(type)) {
    // A zoned time moved to another zone keeps its instant; then the fields apply.
    std::optional<int64_t> clock = baseTime;
    if (clock && baseZone && tz) {
      int64_t localSeconds = t.days * 86400 + *clock / NANOS_PER_SECOND;
      // A named zone's offset is the one it has on the new date.
      if (baseZone->zone >= 0) baseZone->offset = zoneOffsetForLocal(baseZone->zone, localSeconds);
      const int32_t to = offsetOfZone(*tz, localSeconds - baseZone->offset);
      clock = convertClock(*clock, baseZone->offset, to);
    }
    t.nanosOfDay = applyTimeFields(fn, m, clock, pos);
  } else if (hasTimeFields(m)) {
    bad(fn + "(): a date has no time fields", pos);
  }
  const ZoneSpec z = tz ? *tz : baseZone.value_or(ZoneSpec{});
  t.offset = z.offset;
  t.zone = z.zone;
  return build(type, t, pos);
}

QValue fromTemporal(const std::string& fn, const QValue& v, SourcePos pos) {
  const QType type = typeOf(fn);
  if (v.type() == type) return v;
  const Parts p = partsOf(v);
  if (typeHasDate(type) && !p.hasDate)
    bad(fn + "(): a " + qtypeName(v.type()) + " has no date", pos);
  Parts t = p;
  if (!p.hasZone) t.offset = 0, t.zone = -1;
  if (!p.hasTime) t.nanosOfDay = 0;
  return build(type, t, pos);
}

int64_t realtime() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The current instant (`nanos` since the epoch) as a value of fn's type, in the given zone
// (UTC by default).
QValue now(const std::string& fn, const QValue* tzArg, int64_t nanos, SourcePos pos) {
  const int64_t utc = floorDiv(nanos, NANOS_PER_SECOND);
  ZoneSpec z;
  if (tzArg) z = zoneArg(fn, *tzArg, pos);
  const int32_t offset = offsetOfZone(z, utc);
  Parts t;
  const int64_t local = utc + offset;
  t.days = floorDiv(local, 86400);
  t.nanosOfDay = (local - t.days * 86400) * NANOS_PER_SECOND + floorMod(nanos, NANOS_PER_SECOND);
  t.offset = offset;
  t.zone = z.zone;
  if (typeOf(fn) == QType::DATETIME) {
    return ZonedDateTime{utc, static_cast<int32_t>(floorMod(nanos, NANOS_PER_SECOND)), offset,
                         z.zone};
  }
  return build(typeOf(fn), t, pos);
}

// --- truncation -------------------------------------------------------------------------------

QValue truncate(const std::string& fn, const std::vector<QValue>& args, SourcePos pos) {
  if (args.size() < 2 || args.size() > 3) {
    compileError("SyntaxError", "InvalidNumberOfArguments", fn + "() takes 2 or 3 arguments", pos);
  }
  if (args[1].isNull()) return {};
  if (args[0].type() != QType::STRING) wrongType(fn, args[0], pos);
  if (!args[1].isTemporal()) wrongType(fn, args[1], pos);
  const QType type = typeOf(fn);
  const std::string& unit = args[0].asString();
  Parts p = partsOf(args[1]);
  static const char* const DATE_UNITS[] = {"millennium", "century", "decade", "year", "weekYear",
                                           "quarter",    "month",   "week",   "day"};
  const bool dateUnit = std::any_of(std::begin(DATE_UNITS), std::end(DATE_UNITS),
                                    [&](const char* u) { return unit == u; });
  if (dateUnit && !p.hasDate)
    bad(fn + "(): a " + qtypeName(args[1].type()) + " has no " + unit, pos);
  if (typeHasDate(type) && !p.hasDate)
    bad(fn + "(): a " + qtypeName(args[1].type()) + " has no date", pos);
  if (dateUnit) {
    const Civil c = civil(p.days);
    if (unit == "millennium") {
      p.days = civilDays(floorDiv(c.year, 1000) * 1000, 1, 1);
    } else if (unit == "century") {
      p.days = civilDays(floorDiv(c.year, 100) * 100, 1, 1);
    } else if (unit == "decade") {
      p.days = civilDays(floorDiv(c.year, 10) * 10, 1, 1);
    } else if (unit == "year") {
      p.days = civilDays(c.year, 1, 1);
    } else if (unit == "weekYear") {
      int64_t wy = 0, w = 0;
      isoWeek(p.days, wy, w);
      p.days = weekYearStart(wy);
    } else if (unit == "quarter") {
      p.days = quarterStart(c.year, (c.month - 1) / 3 + 1);
    } else if (unit == "month") {
      p.days = civilDays(c.year, c.month, 1);
    } else if (unit == "week") {
      p.days -= dayOfWeek(p.days) - 1;
    }
    p.nanosOfDay = 0;
  } else {
    int64_t step = 0;
    if (unit == "hour") {
      step = 3'600'000'000'000;
    } else if (unit == "minute") {
      step = 60'000'000'000;
    } else if (unit == "second") {
      step = NANOS_PER_SECOND;
    } else if (unit == "millisecond") {
      step = 1'000'000;
    } else if (unit == "microsecond") {
      step = 1000;
    } else {
      bad(fn + "(): unknown unit '" + unit + "'", pos);
    }
    p.nanosOfDay -= p.nanosOfDay % step;
  }
  // The map's fields replace the truncated value's; its timezone replaces the zone, keeping
  // the clock.
  QMap over;
  if (args.size() == 3 && !args[2].isNull()) {
    if (args[2].type() != QType::MAP) wrongType(fn, args[2], pos);
    over = args[2].asMap();
  }
  if (!p.hasZone) p.offset = 0, p.zone = -1;
  if (const QValue* z = field(over, "timezone")) {
    if (!typeHasZone(type)) bad(fn + "(): a local value has no timezone", pos);
    const ZoneSpec spec = zoneArg(fn, *z, pos);
    p.offset = spec.offset;
    p.zone = spec.zone;
  }
  if (typeHasDate(type)) p.days = applyDateFields(fn, over, p.days, pos);
  if (typeHasTime(type)) {
    // Sub-second fields add to what the unit kept (.645 with {nanosecond: 2}: .645000002).
    const int64_t kept = p.nanosOfDay % NANOS_PER_SECOND;
    const bool sub =
        field(over, "millisecond") || field(over, "microsecond") || field(over, "nanosecond");
    p.nanosOfDay = applyTimeFields(fn, over, p.nanosOfDay, pos);
    if (sub) p.nanosOfDay += kept;
  }
  return build(type, p, pos);
}

// --- durations --------------------------------------------------------------------------------

// Whole months, days and seconds; a fraction of one carries into the next (a month is
// 365.2425 / 12 days).
Duration approximate(long double months, long double days, long double seconds, long double nanos,
                     SourcePos pos) {
  for (long double x : {months, days, seconds, nanos}) {
    if (!std::isfinite(static_cast<double>(x)) || std::fabs(static_cast<double>(x)) > 9.2e18) {
      runtimeError("ArgumentError", "NumberOutOfRange", "the duration is out of range", pos);
    }
  }
  constexpr long double SECONDS_PER_MONTH = 2'629'746;  // 365.2425 / 12 days
  const auto m = static_cast<int64_t>(months);
  const long double monthSeconds = (months - static_cast<long double>(m)) * SECONDS_PER_MONTH;
  const auto fromMonthsDays = static_cast<int64_t>(monthSeconds / 86400);
  days += static_cast<long double>(fromMonthsDays);
  seconds += monthSeconds - static_cast<long double>(fromMonthsDays) * 86400;
  const auto d = static_cast<int64_t>(days);
  seconds += (days - static_cast<long double>(d)) * 86400;
  const auto s = static_cast<int64_t>(seconds);
  nanos += (seconds - static_cast<long double>(s)) * NANOS_PER_SECOND;
  // Whole nanoseconds, a fraction of one dropped (as Neo4j does); the nudge keeps a value that
  // floating point left just below a whole number from losing it.
  const long double n = nanos + (nanos < 0 ? -1e-6L : 1e-6L);
  return normalDuration(m, d, s, static_cast<int64_t>(n));
}

Duration durationFromMap(const QMap& m, SourcePos pos) {
  long double months = 0, days = 0, seconds = 0, nanos = 0;
  struct Unit {
    std::string_view name;
    long double* into;
    long double factor;
  };
  const Unit units[] = {
      {"years", &months, 12},
      {"quarters", &months, 3},
      {"months", &months, 1},
      {"weeks", &days, 7},
      {"days", &days, 1},
      {"hours", &seconds, 3600},
      {"minutes", &seconds, 60},
      {"seconds", &seconds, 1},
      {"milliseconds", &nanos, 1e6},
      {"microseconds", &nanos, 1000},
      {"nanoseconds", &nanos, 1},
  };
  for (const auto& [k, v] : m) {
    if (v.isNull()) continue;
    if (!v.isNumber()) wrongType("duration", v, pos);
    const long double x =
        v.type() == QType::INT ? static_cast<long double>(v.asInt()) : v.asFloat();
    const auto* unit = std::find_if(std::begin(units), std::end(units),
                                    [&](const Unit& u) { return u.name == k; });
    if (unit == std::end(units)) bad("duration(): no such field " + k, pos);
    *unit->into += x * unit->factor;
  }
  return approximate(months, days, seconds, nanos, pos);
}

// ISO-8601, read exactly (iso::readDuration).
std::optional<Duration> durationFromText(std::string_view s, SourcePos pos) {
  Duration d;
  switch (iso::readDuration(s, d)) {
    case iso::DurationTextError::NONE:
      return d;
    case iso::DurationTextError::OUT_OF_RANGE:
      runtimeError("ArgumentError", "NumberOutOfRange", "the duration is out of range", pos);
    case iso::DurationTextError::MALFORMED:
      break;
  }
  return std::nullopt;
}

// Adds a duration to a temporal value: months (on the calendar, the day clamped to the
// month's length), then days, then the clock. A date moves by whole days of the clock part
// only; a time of day wraps.
QValue plus(const QValue& v, const Duration& d, SourcePos pos) {
  Parts p = partsOf(v);
  if (p.hasDate) p.days = addMonths(p.days, d.months) + d.days;
  if (v.type() == QType::DATETIME) {
    // The calendar part moves the local date-time in its zone; the rest moves the instant.
    auto m = (d.months != 0 || d.days != 0 ? build(QType::DATETIME, p, pos) : v).asZonedDateTime();
    const int64_t total = int64_t{m.nanos} + d.nanos;
    int64_t utc = m.seconds + d.seconds + floorDiv(total, NANOS_PER_SECOND);
    m.nanos = static_cast<int32_t>(floorMod(total, NANOS_PER_SECOND));
    if (m.zone >= 0) m.offset = zoneOffsetAt(m.zone, utc);
    m.seconds = utc;
    if (!checkedDays(floorDiv(utc, 86400))) bad("the datetime is out of range", pos);
    return m;
  }
  if (v.type() == QType::DATE) {
    p.days += (d.seconds + (d.nanos != 0 && d.seconds < 0 ? 1 : 0)) / 86400;
    return build(QType::DATE, p, pos);
  }
  const int64_t clock = p.nanosOfDay + floorMod(d.seconds, 86400) * NANOS_PER_SECOND + d.nanos;
  if (p.hasDate) p.days += floorDiv(d.seconds, 86400);
  p.nanosOfDay = clock;
  if (!p.hasDate) p.nanosOfDay = floorMod(clock, NANOS_PER_DAY);
  return build(v.type(), p, pos);
}

Duration negate(const Duration& d) {
  return normalDuration(-d.months, -d.days, -d.seconds, -d.nanos);
}

// --- durations between two values (java.time's `until`, as Neo4j applies it) -----------------

// A local date-time in a named zone takes the zone's offset for it (a time in a gap moves
// forward by the gap).
void resolveZone(Parts& x) {
  if (x.zone < 0 || !x.hasDate) return;
  int64_t local = x.days * 86400 + x.nanosOfDay / NANOS_PER_SECOND;
  const int64_t before = local;
  x.offset = zoneOffsetForLocal(x.zone, local);
  x.nanosOfDay += (local - before) * NANOS_PER_SECOND;
}

// Gives each side what the other has: a time of day (midnight), a date (the other's), a zone
// (the other's).
void align(Parts& a, Parts& b, bool timeBased) {
  auto attachTime = [](Parts& x) {
    if (!x.hasTime) {
      x.hasTime = true;
      x.nanosOfDay = 0;
    }
  };
  if (timeBased) {
    attachTime(a);
    attachTime(b);
  } else if (a.hasTime && !b.hasTime) {
    attachTime(b);
  } else if (b.hasTime && !a.hasTime) {
    attachTime(a);
  }
  if (a.hasDate && !b.hasDate) {
    b.hasDate = true;
    b.days = a.days;
  } else if (b.hasDate && !a.hasDate) {
    a.hasDate = true;
    a.days = b.days;
  }
  auto attachZone = [](Parts& x, const Parts& from) {
    x.hasZone = true;
    x.zone = from.zone;
    x.offset = from.offset;
    resolveZone(x);
  };
  if (a.hasZone && !b.hasZone) {
    attachZone(b, a);
  } else if (b.hasZone && !a.hasZone) {
    attachZone(a, b);
  }
}

// Nanoseconds from a to b (both aligned): instants when zoned, clocks otherwise.
long double nanosBetween(const Parts& a, const Parts& b) {
  auto at = [](const Parts& x) {
    return static_cast<long double>(x.days) * NANOS_PER_DAY + x.nanosOfDay -
           (x.hasZone ? static_cast<long double>(x.offset) * NANOS_PER_SECOND : 0);
  };
  return at(b) - at(a);
}

// The last day on a's calendar (b read in a's zone) that is a whole number of days from a,
// as LocalDateTime.until counts days and months: b's day, less one when b's clock has not yet
// reached a's.
int64_t endDay(const Parts& a, Parts b) {
  if (a.hasZone && b.hasZone) {
    const int64_t n =
        b.days * NANOS_PER_DAY + b.nanosOfDay + int64_t{a.offset - b.offset} * NANOS_PER_SECOND;
    b.days = floorDiv(n, NANOS_PER_DAY);
    b.nanosOfDay = n - b.days * NANOS_PER_DAY;
  }
  int64_t end = b.days;
  if (end > a.days && b.nanosOfDay < a.nanosOfDay) --end;
  if (end < a.days && b.nanosOfDay > a.nanosOfDay) ++end;
  return end;
}

// Whole months from a to b on the calendar.
int64_t monthsBetween(const Parts& a, const Parts& b) {
  const Civil x = civil(a.days), y = civil(endDay(a, b));
  const int64_t packed1 = (x.year * 12 + x.month - 1) * 32 + x.day;
  const int64_t packed2 = (y.year * 12 + y.month - 1) * 32 + y.day;
  return (packed2 - packed1) / 32;
}

int64_t daysBetween(const Parts& a, const Parts& b) { return endDay(a, b) - a.days; }

// Moves a by months and days on its calendar (its zone deciding the offset again).
void addCalendar(Parts& x, int64_t months, int64_t days) {
  x.days = addMonths(x.days, months) + days;
  resolveZone(x);
}

QValue between(const std::string& fn, const std::vector<QValue>& args, SourcePos pos) {
  if (args.size() != 2) {
    compileError("SyntaxError", "InvalidNumberOfArguments", fn + "() takes 2 arguments", pos);
  }
  if (args[0].isNull() || args[1].isNull()) return {};
  for (const auto& a : args) {
    if (!a.isTemporal()) wrongType(fn, a, pos);
  }
  Parts a = partsOf(args[0]), b = partsOf(args[1]);
  const bool bothDates = a.hasDate && b.hasDate;
  if (fn == "duration.inseconds") {
    align(a, b, true);
    const auto n = static_cast<int64_t>(nanosBetween(a, b));
    return normalDuration(0, 0, n / NANOS_PER_SECOND, n % NANOS_PER_SECOND);
  }
  align(a, b, false);
  if (fn == "duration.inmonths") {
    if (!bothDates) return normalDuration(0, 0, 0, 0);
    return normalDuration(monthsBetween(a, b), 0, 0, 0);
  }
  if (fn == "duration.indays") {
    if (!bothDates) return normalDuration(0, 0, 0, 0);
    return normalDuration(0, daysBetween(a, b), 0, 0);
  }
  int64_t months = 0, days = 0;
  if (bothDates) {
    months = monthsBetween(a, b);
    addCalendar(a, months, 0);
    days = daysBetween(a, b);
    addCalendar(a, 0, days);
  }
  Parts at = a, bt = b;
  align(at, bt, true);
  const auto n = static_cast<int64_t>(nanosBetween(at, bt));
  return normalDuration(months, days, n / NANOS_PER_SECOND, n % NANOS_PER_SECOND);
}

QValue fromEpoch(const std::string& fn, const std::vector<QValue>& args, SourcePos pos) {
  const bool millis = fn == "datetime.fromepochmillis";
  if (args.size() != (millis ? 1u : 2u)) {
    compileError("SyntaxError", "InvalidNumberOfArguments",
                 fn + "() takes " + (millis ? "1 argument" : "2 arguments"), pos);
  }
  for (const auto& a : args) {
    if (a.isNull()) return {};
    if (a.type() != QType::INT) wrongType(fn, a, pos);
  }
  const int64_t total =
      millis ? args[0].asInt() * 1'000'000 : args[0].asInt() * NANOS_PER_SECOND + args[1].asInt();
  return ZonedDateTime{floorDiv(total, NANOS_PER_SECOND),
                       static_cast<int32_t>(floorMod(total, NANOS_PER_SECOND)), 0, -1};
}

}  // namespace

QValue makeTemporal(const std::string& fn, const QValue* arg, int64_t statementNanos,
                    SourcePos pos) {
  if (!arg) return now(fn, nullptr, statementNanos, pos);
  if (arg->isNull()) return {};
  switch (arg->type()) {
    case QType::STRING:
      return fromText(fn, arg->asString(), pos);
    case QType::MAP: {
      const QMap& m = arg->asMap();
      // {timezone: 'Europe/Stockholm'} alone: now in that zone.
      if (m.size() == 1 && m.count("timezone") && typeHasZone(typeOf(fn))) {
        return now(fn, &m.at("timezone"), statementNanos, pos);
      }
      return fromMap(fn, m, pos);
    }
    default:
      if (arg->isTemporal()) return fromTemporal(fn, *arg, pos);
      wrongType(fn, *arg, pos);
  }
}

QValue makeDuration(const QValue& arg, SourcePos pos) {
  if (arg.isNull()) return {};
  if (arg.type() == QType::MAP) return durationFromMap(arg.asMap(), pos);
  if (arg.type() == QType::STRING) {
    if (auto d = durationFromText(arg.asString(), pos)) return *d;
    bad("duration(): cannot read '" + arg.asString() + "'", pos);
  }
  if (arg.type() == QType::DURATION) return arg;
  wrongType("duration", arg, pos);
}

bool isTemporalFunction(std::string_view n) {
  static const char* const NAMES[] = {"date.truncate",
                                      "datetime.truncate",
                                      "localdatetime.truncate",
                                      "time.truncate",
                                      "localtime.truncate",
                                      "datetime.fromepoch",
                                      "datetime.fromepochmillis",
                                      "duration.between",
                                      "duration.inmonths",
                                      "duration.indays",
                                      "duration.inseconds",
                                      "date.transaction",
                                      "date.statement",
                                      "date.realtime",
                                      "datetime.transaction",
                                      "datetime.statement",
                                      "datetime.realtime",
                                      "localdatetime.transaction",
                                      "localdatetime.statement",
                                      "localdatetime.realtime",
                                      "time.transaction",
                                      "time.statement",
                                      "time.realtime",
                                      "localtime.transaction",
                                      "localtime.statement",
                                      "localtime.realtime"};
  return std::any_of(std::begin(NAMES), std::end(NAMES), [&](const char* x) { return n == x; });
}

std::optional<QValue> callTemporalFunction(const std::string& name, std::vector<QValue>& args,
                                           int64_t statementNanos, SourcePos pos) {
  if (!isTemporalFunction(name)) return std::nullopt;
  if (name.ends_with(".truncate")) return truncate(name, args, pos);
  if (name.starts_with("duration.")) return between(name, args, pos);
  if (name.starts_with("datetime.fromepoch")) return fromEpoch(name, args, pos);
  // x.transaction(), x.statement(), x.realtime(): the clock now, optionally in a zone.
  if (args.size() > 1) {
    compileError("SyntaxError", "InvalidNumberOfArguments", name + "() takes 0 or 1 arguments",
                 pos);
  }
  const std::string fn = name.substr(0, name.find('.'));
  if (!args.empty() && args[0].isNull()) return QValue();
  const int64_t at = name.ends_with(".realtime") ? realtime() : statementNanos;
  return now(fn, args.empty() ? nullptr : &args[0], at, pos);
}

QValue temporalField(const QValue& v, const std::string& key, SourcePos pos) {
  if (v.type() == QType::DURATION) {
    const auto& d = v.asDuration();
    if (key == "years") return d.months / 12;
    if (key == "quarters") return d.months / 3;
    if (key == "months") return d.months;
    if (key == "weeks") return d.days / 7;
    if (key == "days") return d.days;
    if (key == "hours") return d.seconds / 3600;
    if (key == "minutes") return d.seconds / 60;
    if (key == "seconds") return d.seconds;
    if (key == "milliseconds") return d.seconds * 1000 + d.nanos / 1'000'000;
    if (key == "microseconds") return d.seconds * 1'000'000 + d.nanos / 1000;
    if (key == "nanoseconds") return d.seconds * NANOS_PER_SECOND + d.nanos;
    if (key == "quartersOfYear") return d.months / 3 % 4;
    if (key == "monthsOfQuarter") return d.months % 3;
    if (key == "monthsOfYear") return d.months % 12;
    if (key == "daysOfWeek") return d.days % 7;
    if (key == "minutesOfHour") return d.seconds / 60 % 60;
    if (key == "secondsOfMinute") return d.seconds % 60;
    if (key == "millisecondsOfSecond") return d.nanos / 1'000'000;
    if (key == "microsecondsOfSecond") return d.nanos / 1000;
    if (key == "nanosecondsOfSecond") return d.nanos;
    bad("durations have no field " + key, pos);
  }
  const Parts t = partsOf(v);
  if (t.hasDate) {
    const Civil c = civil(t.days);
    if (key == "year") return c.year;
    if (key == "month") return c.month;
    if (key == "day") return c.day;
    if (key == "quarter") return (c.month - 1) / 3 + 1;
    if (key == "dayOfQuarter") return t.days - quarterStart(c.year, (c.month - 1) / 3 + 1) + 1;
    if (key == "dayOfWeek" || key == "weekDay") return dayOfWeek(t.days);
    if (key == "ordinalDay") return t.days - civilDays(c.year, 1, 1) + 1;
    if (key == "week" || key == "weekYear") {
      int64_t wy = 0, w = 0;
      isoWeek(t.days, wy, w);
      return key == "week" ? w : wy;
    }
  }
  if (t.hasTime) {
    const int64_t n = t.nanosOfDay;
    if (key == "hour") return n / 3'600'000'000'000;
    if (key == "minute") return n / 60'000'000'000 % 60;
    if (key == "second") return n / NANOS_PER_SECOND % 60;
    if (key == "millisecond") return n / 1'000'000 % 1000;
    if (key == "microsecond") return n / 1000 % 1'000'000;
    if (key == "nanosecond") return n % NANOS_PER_SECOND;
  }
  if (t.hasZone) {
    if (key == "offsetSeconds") return int64_t{t.offset};
    if (key == "offsetMinutes") return int64_t{t.offset / 60};
    if (key == "offset" || (key == "timezone" && t.zone < 0)) {
      const std::string text = temporalText(QValue(ZonedTime{0, t.offset}));
      return text.substr(text.find_first_of("Z+-"));
    }
    if (key == "timezone") return zoneName(t.zone);
  }
  if (v.type() == QType::DATETIME) {
    const auto& z = v.asZonedDateTime();
    if (key == "epochSeconds") return z.seconds;
    if (key == "epochMillis") return z.seconds * 1000 + z.nanos / 1'000'000;
  }
  bad(std::string(qtypeName(v.type())) + " values have no field " + key, pos);
}

std::optional<QValue> temporalArithmetic(BinaryOp op, const QValue& a, const QValue& b,
                                         SourcePos pos) {
  const bool aDur = a.type() == QType::DURATION, bDur = b.type() == QType::DURATION;
  if (op == BinaryOp::ADD || op == BinaryOp::SUBTRACT) {
    const bool minus = op == BinaryOp::SUBTRACT;
    if (aDur && bDur) {
      const Duration& x = a.asDuration();
      const Duration y = minus ? negate(b.asDuration()) : b.asDuration();
      return QValue(normalDuration(x.months + y.months, x.days + y.days, x.seconds + y.seconds,
                                   x.nanos + y.nanos));
    }
    if (a.isTemporal() && bDur)
      return plus(a, minus ? negate(b.asDuration()) : b.asDuration(), pos);
    if (aDur && b.isTemporal() && !minus) return plus(b, a.asDuration(), pos);
    return std::nullopt;
  }
  const bool scale =
      (op == BinaryOp::MULTIPLY && ((aDur && b.isNumber()) || (bDur && a.isNumber()))) ||
      (op == BinaryOp::DIVIDE && aDur && b.isNumber());
  if (!scale) return std::nullopt;
  const Duration& d = aDur ? a.asDuration() : b.asDuration();
  const QValue& n = aDur ? b : a;
  if (op == BinaryOp::MULTIPLY && n.type() == QType::INT) {
    const int64_t k = n.asInt();
    return QValue(normalDuration(d.months * k, d.days * k, d.seconds * k, d.nanos * k));
  }
  const long double f = n.type() == QType::INT ? static_cast<long double>(n.asInt()) : n.asFloat();
  if (op == BinaryOp::MULTIPLY) {
    return QValue(approximate(d.months * f, d.days * f, d.seconds * f, d.nanos * f, pos));
  }
  if (f == 0)
    runtimeError("ArithmeticError", "DivisionByZero", "division of a duration by zero", pos);
  return QValue(approximate(d.months / f, d.days / f, d.seconds / f, d.nanos / f, pos));
}

}  // namespace casegraph::cypher::detail
