// Typed property values, nodes and edges as plain values (copyable, no virtuals).
//
// This is the vocabulary shared by the store, the importer, the query layer and the RPC
// layer. A Value is one of: null, bool, int64, float64, string, bytes, date (days since
// 1970-01-01), datetime (microseconds since 1970-01-01T00:00:00Z), or a list of values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace casegraph {

struct Date {
  int32_t days = 0;
  auto operator<=>(const Date&) const = default;
};

// What a DateTime value is: an instant (the default), a wall-clock reading without a zone, or a
// time of day with or without a UTC offset (openCypher's datetime, localdatetime, time,
// localtime).
enum class TemporalKind : uint8_t { DATETIME, LOCAL_DATETIME, TIME, LOCAL_TIME };

struct DateTime {
  // DATETIME: microseconds since 1970-01-01T00:00:00Z. LOCAL_DATETIME: the wall-clock reading
  // counted the same way. TIME, LOCAL_TIME: microseconds since midnight (local).
  int64_t micros = 0;
  int32_t nanos = 0;   // nanoseconds beyond `micros` (0..999)
  int32_t offset = 0;  // seconds east of UTC it was written in (DATETIME, TIME)
  TemporalKind kind = TemporalKind::DATETIME;
  std::string zone{};  // DATETIME: the named zone it was written in ("Europe/Stockholm"), or empty
  // A UTC instant to the microsecond: what the compact `datetime` forms (records, RPC) hold.
  bool plainInstant() const {
    return kind == TemporalKind::DATETIME && nanos == 0 && offset == 0 && zone.empty();
  }
  auto operator<=>(const DateTime&) const = default;
};

// An amount of time as openCypher keeps it: calendar months, days, and exact seconds and
// nanoseconds, apart (a month or a day has no fixed length in seconds).
struct Duration {
  int64_t months = 0;
  int64_t days = 0;
  int64_t seconds = 0;
  int64_t nanos = 0;  // 0..999,999,999 once normalised
  bool operator==(const Duration&) const = default;
  auto operator<=>(const Duration&) const = default;
};

struct Bytes {
  std::string data;
  auto operator<=>(const Bytes&) const = default;
};

enum class ValueType : uint8_t {
  NUL,
  BOOL,
  INT,
  FLOAT,
  STRING,
  BYTES,
  DATE,
  DATETIME,
  LIST,
  DURATION
};

class Value;
using List = std::vector<Value>;

class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int v) : v_(int64_t{v}) {}
  Value(int64_t v) : v_(v) {}
  Value(double v) : v_(v) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(Bytes b) : v_(std::move(b)) {}
  Value(Date d) : v_(d) {}
  Value(DateTime t) : v_(t) {}
  Value(List l) : v_(std::move(l)) {}
  Value(Duration d) : v_(d) {}

  ValueType type() const { return static_cast<ValueType>(v_.index()); }
  bool isNull() const { return v_.index() == 0; }

  bool asBool() const { return std::get<bool>(v_); }
  int64_t asInt() const { return std::get<int64_t>(v_); }
  double asFloat() const { return std::get<double>(v_); }
  const std::string& asString() const { return std::get<std::string>(v_); }
  const Bytes& asBytes() const { return std::get<Bytes>(v_); }
  Date asDate() const { return std::get<Date>(v_); }
  DateTime asDateTime() const { return std::get<DateTime>(v_); }
  const List& asList() const { return std::get<List>(v_); }
  const Duration& asDuration() const { return std::get<Duration>(v_); }

  // Structural equality (same type and same contents); 1 and 1.0 are different values here.
  bool operator==(const Value& other) const { return v_ == other.v_; }

  // Total order used for index keys and sorting: by type first, then by contents.
  bool operator<(const Value& other) const;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Bytes, Date, DateTime, List,
               Duration>
      v_;
};

const char* valueTypeName(ValueType t);

// A datetime that names an instant (not a local datetime or a time of day): what a
// relationship's valid time (validFrom, validTo) must be.
inline bool isInstant(const Value& v) {
  return v.type() == ValueType::DATETIME && v.asDateTime().kind == TemporalKind::DATETIME;
}

using PropertyMap = std::map<std::string, Value>;

struct Provenance {
  std::string agency;    // source agency; empty = unknown
  std::string recordId;  // id of the record in the source system
  DateTime ingestTime;
  bool operator==(const Provenance&) const = default;
};

inline constexpr std::string_view HANDLING_OPEN = "open";

struct Node {
  uint64_t id = 0;
  std::vector<std::string> labels;  // sorted, unique
  PropertyMap properties;
  Provenance provenance;
  std::string handling{HANDLING_OPEN};
  bool operator==(const Node&) const = default;
};

inline constexpr int64_t TIME_MIN = INT64_MIN;
inline constexpr int64_t TIME_MAX = INT64_MAX;

struct Edge {
  uint64_t id = 0;
  std::string type;
  uint64_t start = 0;
  uint64_t end = 0;
  PropertyMap properties;
  Provenance provenance;
  std::string handling{HANDLING_OPEN};
  int64_t validFrom = TIME_MIN;  // microseconds; TIME_MIN = unbounded
  int64_t validTo = TIME_MAX;    // microseconds; TIME_MAX = unbounded
  bool operator==(const Edge&) const = default;
};

// --- dates and times -------------------------------------------------------------------------

// Temporal text is ISO 8601 as openCypher reads it (schema/model/temporal-text.h: extended and
// basic forms, calendar, week and ordinal dates, fractions to the nanosecond, offsets within
// ±18 hours, zone names from the system's tz database); import also takes DD/MM/YYYY dates (as
// in UK police exports) and a space between date and time. Each parser returns nullopt on
// text it cannot take and then, when `why` is given, says why ("expected ...", an unknown
// zone, a year out of range).
std::optional<Date> parseDate(std::string_view text, std::string* why = nullptr);
// A temporal value of `kind`, keeping what it says:
//   DATETIME        a date, optionally T and a time, then optionally Z or an offset, then
//                   optionally a [Zone/Name]; no offset means UTC, a bare date midnight UTC;
//                   a zone name decides the offset from the wall clock and is kept with it
//   LOCAL_DATETIME  a date, optionally T and a time (no offset)
//   TIME            a time, optionally Z or an offset (none means UTC)
//   LOCAL_TIME      a time
std::optional<DateTime> parseTemporal(std::string_view text, TemporalKind kind,
                                      std::string* why = nullptr);
// What parseTemporal expects of `kind`, for error messages.
const char* temporalForm(TemporalKind kind);
// Text of a DATE, of a DATETIME of `kind`, or of a DURATION as that value: what CSV columns and
// JSON's {"date": ...} forms hold. nullopt with `problem` saying, after the text, what is
// wrong: "is not a local datetime (expected ...)".
std::optional<Value> parseTemporalValue(std::string_view text, ValueType type, TemporalKind kind,
                                        std::string& problem);
// parseTemporal(text, DATETIME) reduced to the UTC instant to the microsecond it names.
std::optional<DateTime> parseDateTime(std::string_view text);
// An ISO-8601 duration: P[nY][nM][nW][nD][T[nH][nM][nS]], each number with an optional sign
// and fraction (P1Y2M, P14DT16H12M, PT-0.4S, P0.5D, P2W), or P<date>T<time>; fractions carry
// into the smaller parts as openCypher's duration() does.
std::optional<Duration> parseDuration(std::string_view text, std::string* why = nullptr);
std::string formatDate(Date d);
// A duration with its nanoseconds carried into its seconds (0 <= nanos < 1e9).
Duration normalDuration(int64_t months, int64_t days, int64_t seconds, int64_t nanos);
// ISO-8601 text of a duration, each part with its own sign: P1Y2M3DT4H5M6.5S, PT-0.4S, PT0S.
std::string formatDuration(const Duration& d);
// How a time of day is written: FULL always has seconds (HH:MM:SS); SHORT, openCypher's form,
// has them only when they or a fraction are not zero (HH:MM).
enum class ClockStyle { FULL, SHORT };
// A datetime as ISO-8601 (UTC microseconds as ...Z; with nanoseconds or an offset, the wall
// clock where it was written and the offset); local datetimes, times and local times likewise.
std::string formatDateTime(DateTime t, ClockStyle style = ClockStyle::FULL);
// What is wrong with a DateTime from outside (a client's message), or nullopt: nanoseconds
// beyond the microsecond 0..999, an offset within ±18 hours, a time of day within the day, a
// zone name of at most 64 characters on a datetime only, known to the tz database and agreeing
// with the offset.
std::optional<std::string> temporalProblem(const DateTime& t);
// Days since 1970-01-01 of a proleptic Gregorian date (any year; a Date holds 32 bits of it).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d);
void civilFromDays(int64_t days, int64_t& y, unsigned& m, unsigned& d);
unsigned daysInMonth(int64_t y, unsigned m);
bool isLeapYear(int64_t y);

// Division and remainder rounding towards negative infinity: splits an instant before 1970
// into a day and a time of day the same way as one after.
inline int64_t floorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
inline int64_t floorMod(int64_t a, int64_t b) { return a - floorDiv(a, b) * b; }

// --- JSON ------------------------------------------------------------------------------------

// Appends `s` as a JSON string literal (quoted, escaped) to `out`.
void appendJsonString(std::string& out, std::string_view s);
// Appends the JSON form of a value: null, true/false, numbers, strings; bytes as base64
// strings, dates and datetimes as ISO-8601 strings, lists as arrays; the floats JSON has no
// number for as the strings "NaN", "Infinity" and "-Infinity" (nonFiniteText).
void appendJson(std::string& out, const Value& v);
// "NaN", "Infinity" or "-Infinity" for a float that is not finite.
const char* nonFiniteText(double d);
void appendJson(std::string& out, const PropertyMap& props);
// The JSON shapes of docs/rpc.md: {"id","labels","properties"} and
// {"id","type","start","end","properties"}.
void appendJson(std::string& out, const Node& n);
void appendJson(std::string& out, const Edge& e);
std::string toJson(const Value& v);

}  // namespace casegraph
