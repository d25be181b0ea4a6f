#include "schema/model/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "schema/model/temporal-text.h"

namespace casegraph {

bool Value::operator<(const Value& other) const {
  if (v_.index() != other.v_.index()) return v_.index() < other.v_.index();
  return std::visit(
      [&](const auto& a) -> bool {
        using T = std::decay_t<decltype(a)>;
        const auto& b = std::get<T>(other.v_);
        if constexpr (std::is_same_v<T, std::monostate>) {
          return false;
        } else if constexpr (std::is_same_v<T, List>) {
          return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
        } else {
          return a < b;
        }
      },
      v_);
}

const char* valueTypeName(ValueType t) {
  switch (t) {
    case ValueType::NUL:
      return "null";
    case ValueType::BOOL:
      return "boolean";
    case ValueType::INT:
      return "integer";
    case ValueType::FLOAT:
      return "float";
    case ValueType::STRING:
      return "string";
    case ValueType::BYTES:
      return "bytes";
    case ValueType::DATE:
      return "date";
    case ValueType::DATETIME:
      return "datetime";
    case ValueType::LIST:
      return "list";
    case ValueType::DURATION:
      return "duration";
  }
  return "?";
}

// --- durations -----------------------------------------------------------------------------

Duration normalDuration(int64_t months, int64_t days, int64_t seconds, int64_t nanos) {
  constexpr int64_t NANOS = 1'000'000'000;
  return Duration{months, days, seconds + floorDiv(nanos, NANOS), floorMod(nanos, NANOS)};
}

std::string formatDuration(const Duration& d) {
  constexpr int64_t NANOS = 1'000'000'000;
  // Normalised first, then the nanoseconds are written with the seconds' sign: -1.5 s is
  // PT-1.5S.
  const Duration n = normalDuration(d.months, d.days, d.seconds, d.nanos);
  std::string s = "P";
  auto put = [&](int64_t v, char unit) {
    if (v != 0) s += std::to_string(v) + unit;
  };
  put(n.months / 12, 'Y');
  put(n.months % 12, 'M');
  put(n.days, 'D');
  if (n.seconds != 0 || n.nanos != 0) {
    int64_t secs = n.seconds, nanos = n.nanos;
    if (secs < 0 && nanos != 0) {
      ++secs;
      nanos -= NANOS;
    }
    s += 'T';
    put(secs / 3600, 'H');
    secs %= 3600;
    put(secs / 60, 'M');
    secs %= 60;
    auto fraction = [&] {
      std::string f = std::to_string(NANOS + std::abs(nanos)).substr(1);
      while (!f.empty() && f.back() == '0') f.pop_back();
      s += "." + f;
    };
    if (secs != 0) {
      s += std::to_string(secs);
      if (nanos != 0) fraction();
      s += 'S';
    } else if (nanos != 0) {
      s += nanos < 0 ? "-0" : "0";
      fraction();
      s += 'S';
    }
  }
  return s == "P" ? "PT0S" : s;
}

// --- dates -----------------------------------------------------------------------------------
// Civil-calendar conversions (proleptic Gregorian), the well-known era-based arithmetic.

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool isLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned daysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeapYear(y) ? 29 : DAYS[m - 1];
}

namespace {

// DD/MM/YYYY at s[pos] (as in UK police exports): days since 1970-01-01; pos moves past it.
bool readDayMonthYear(std::string_view s, size_t& pos, int64_t& days) {
  size_t i = pos;
  if (!iso::digitsAt(s, i, 2) || !iso::digitsAt(s, i + 3, 2) || !iso::digitsAt(s, i + 6, 4) ||
      s[i + 2] != '/' || s[i + 5] != '/') {
    return false;
  }
  const int64_t d = iso::number(s, i, 2);
  ++i;
  const int64_t m = iso::number(s, i, 2);
  ++i;
  const int64_t y = iso::number(s, i, 4);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, static_cast<unsigned>(m))) return false;
  days = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  pos = i;
  return true;
}

// Days a datetime's 64-bit microseconds hold with room to spare (about ±270,000 years).
constexpr int64_t MAX_DATETIME_DAYS = 100'000'000;

template <typename T>
std::optional<T> failWith(std::string* why, std::string reason) {
  if (why) *why = std::move(reason);
  return std::nullopt;
}

}  // namespace

std::optional<Date> parseDate(std::string_view text, std::string* why) {
  size_t pos = 0;
  int64_t days = 0;
  if ((!readDayMonthYear(text, pos, days) && !iso::readDate(text, pos, days)) ||
      pos != text.size()) {
    return failWith<Date>(why, "expected YYYY-MM-DD or DD/MM/YYYY");
  }
  if (days < INT32_MIN || days > INT32_MAX) return failWith<Date>(why, "the year is out of range");
  return Date{static_cast<int32_t>(days)};
}

const char* temporalForm(TemporalKind kind) {
  switch (kind) {
    case TemporalKind::DATETIME:
      return "YYYY-MM-DDTHH:MM[:SS[.fraction]], then optionally Z or an offset such as +01:00, "
             "then optionally a zone name in brackets";
    case TemporalKind::LOCAL_DATETIME:
      return "YYYY-MM-DDTHH:MM[:SS[.fraction]] without an offset";
    case TemporalKind::TIME:
      return "HH:MM[:SS[.fraction]], then optionally Z or an offset such as +01:00";
    case TemporalKind::LOCAL_TIME:
      return "HH:MM[:SS[.fraction]] without an offset";
  }
  return "ISO 8601";
}

std::optional<DateTime> parseTemporal(std::string_view s, TemporalKind kind, std::string* why) {
  const bool hasDate = kind == TemporalKind::DATETIME || kind == TemporalKind::LOCAL_DATETIME;
  const bool hasZone = kind == TemporalKind::DATETIME || kind == TemporalKind::TIME;
  iso::TemporalText t;
  iso::TemporalTextError error = iso::TemporalTextError::NONE;
  size_t pos = 0;
  if (hasDate && readDayMonthYear(s, pos, t.days)) {
    if (pos < s.size()) {
      const bool separated = s[pos] == 'T' || s[pos] == ' ';
      error = separated ? iso::readTemporal(s.substr(pos + 1), false, true, hasZone, t)
                        : iso::TemporalTextError::MALFORMED;
    }
  } else {
    error = iso::readTemporal(s, hasDate, true, hasZone, t, true);
  }
  if (error == iso::TemporalTextError::UNKNOWN_ZONE) {
    return failWith<DateTime>(why, "unknown time zone '" + std::string(t.zone.zoneName) + "'");
  }
  if (error != iso::TemporalTextError::NONE) {
    return failWith<DateTime>(why, std::string("expected ") + temporalForm(kind));
  }
  if (kind == TemporalKind::TIME && t.zone.zone >= 0) {
    return failWith<DateTime>(why, "a time takes an offset, not a zone name");
  }
  if (t.days < -MAX_DATETIME_DAYS || t.days > MAX_DATETIME_DAYS) {
    return failWith<DateTime>(why, "the year is out of range");
  }
  DateTime out;
  out.kind = kind;
  out.nanos = static_cast<int32_t>(t.nanosOfDay % 1000);
  const int64_t micros = t.nanosOfDay / 1000;
  switch (kind) {
    case TemporalKind::DATETIME: {
      int64_t local = t.days * 86'400 + micros / 1'000'000;
      // A zone name decides the offset from the wall clock, as in openCypher.
      if (t.zone.zone >= 0) {
        const auto written = t.zone.hasOffset ? std::optional(t.zone.offset) : std::nullopt;
        out.offset = iso::zoneOffsetForLocal(t.zone.zone, local, written);
      } else {
        out.offset = t.zone.offset;
      }
      if (t.zone.zone >= 0) out.zone = iso::zoneName(t.zone.zone);
      out.micros = (local - out.offset) * 1'000'000 + micros % 1'000'000;
      break;
    }
    case TemporalKind::LOCAL_DATETIME:
      out.micros = t.days * 86'400'000'000 + micros;
      break;
    case TemporalKind::TIME:
      out.offset = t.zone.offset;
      out.micros = micros;
      break;
    case TemporalKind::LOCAL_TIME:
      out.micros = micros;
      break;
  }
  return out;
}

std::optional<DateTime> parseDateTime(std::string_view s) {
  auto t = parseTemporal(s, TemporalKind::DATETIME);
  if (!t) return std::nullopt;
  return DateTime{t->micros};
}

namespace {
const char* temporalKindName(TemporalKind kind) {
  switch (kind) {
    case TemporalKind::DATETIME:
      return "datetime";
    case TemporalKind::LOCAL_DATETIME:
      return "local datetime";
    case TemporalKind::TIME:
      return "time";
    case TemporalKind::LOCAL_TIME:
      return "local time";
  }
  return "temporal value";
}
}  // namespace

std::optional<Value> parseTemporalValue(std::string_view text, ValueType type, TemporalKind kind,
                                        std::string& problem) {
  std::string why;
  std::string what;
  if (type == ValueType::DATE) {
    if (auto d = parseDate(text, &why)) return Value(*d);
    what = "date";
  } else if (type == ValueType::DURATION) {
    if (auto d = parseDuration(text, &why)) return Value(*d);
    what = "duration";
  } else {
    if (auto t = parseTemporal(text, kind, &why)) return Value(std::move(*t));
    what = temporalKindName(kind);
  }
  problem = "is not a " + what + " (" + why + ")";
  return std::nullopt;
}

std::optional<Duration> parseDuration(std::string_view s, std::string* why) {
  Duration d;
  switch (iso::readDuration(s, d)) {
    case iso::DurationTextError::NONE:
      return d;
    case iso::DurationTextError::OUT_OF_RANGE:
      return failWith<Duration>(why, "out of range");
    case iso::DurationTextError::MALFORMED:
      break;
  }
  return failWith<Duration>(why, "expected ISO 8601, such as P1Y2M, P14DT16H12M or PT0.5S");
}

std::string formatDate(Date d) {
  int64_t y;
  unsigned m, day;
  civilFromDays(d.days, y, m, day);
  // ISO 8601's expanded years, as java.time prints them: a sign beyond 9999 and before year 0,
  // four digits at least.
  const char* sign = y > 9999 ? "+" : y < 0 ? "-" : "";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%04lld-%02u-%02u", sign, static_cast<long long>(y < 0 ? -y : y),
                m, day);
  return buf;
}

namespace {
// HH:MM[:SS][.fraction without trailing zeros] of `micros` since midnight plus `nanos`.
std::string clockText(int64_t micros, int32_t nanos, ClockStyle style) {
  const int64_t secs = micros / 1'000'000;
  const int64_t frac = (micros % 1'000'000) * 1000 + nanos;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60));
  std::string out = buf;
  if (style == ClockStyle::FULL || secs % 60 != 0 || frac != 0) {
    std::snprintf(buf, sizeof buf, ":%02lld", static_cast<long long>(secs % 60));
    out += buf;
  }
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(frac));
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out;
}

std::string offsetText(int32_t offset) {
  if (offset == 0) return "Z";
  const int32_t a = offset < 0 ? -offset : offset;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
  std::string out = buf;
  if (a % 60 != 0) {
    std::snprintf(buf, sizeof buf, ":%02d", a % 60);
    out += buf;
  }
  return out;
}
}  // namespace

std::optional<std::string> temporalProblem(const DateTime& t) {
  constexpr int32_t MAX_OFFSET = 18 * 3600;
  constexpr int64_t DAY_MICROS = 86'400'000'000;
  if (t.nanos < 0 || t.nanos > 999) {
    return "nanoseconds beyond the microsecond must be 0 to 999, not " + std::to_string(t.nanos);
  }
  if (t.offset < -MAX_OFFSET || t.offset > MAX_OFFSET) {
    return "a UTC offset must be within 18 hours, not " + std::to_string(t.offset) + " seconds";
  }
  const bool timeOfDay = t.kind == TemporalKind::TIME || t.kind == TemporalKind::LOCAL_TIME;
  if (timeOfDay && (t.micros < 0 || t.micros >= DAY_MICROS)) {
    return "a time of day must be within the day, not " + std::to_string(t.micros) +
           " microseconds after midnight";
  }
  if (!t.zone.empty() && (t.kind != TemporalKind::DATETIME || t.zone.size() > 64)) {
    return "a zone name goes only with a datetime and has at most 64 characters";
  }
  if (!t.zone.empty()) {
    const int32_t zone = iso::zoneId(t.zone);
    if (zone < 0) return "unknown time zone '" + t.zone + "'";
    const int32_t want = iso::zoneOffsetAt(zone, floorDiv(t.micros, 1'000'000));
    if (want != t.offset) {
      return "offset " + offsetText(t.offset) + " is not " + t.zone + "'s at that instant (" +
             offsetText(want) + ")";
    }
  }
  return std::nullopt;
}

std::string formatDateTime(DateTime t, ClockStyle style) {
  if (style == ClockStyle::SHORT || !t.plainInstant()) {
    if (t.kind == TemporalKind::LOCAL_TIME) return clockText(t.micros, t.nanos, style);
    if (t.kind == TemporalKind::TIME) {
      return clockText(t.micros, t.nanos, style) + offsetText(t.offset);
    }
    // A datetime shows the wall clock where it was written, then the offset.
    const int64_t local =
        t.micros + (t.kind == TemporalKind::DATETIME ? int64_t{t.offset} * 1'000'000 : 0);
    const int64_t days = floorDiv(local, 86'400'000'000);
    std::string out = formatDate(Date{static_cast<int32_t>(days)}) + "T" +
                      clockText(local - days * 86'400'000'000, t.nanos, style);
    if (t.kind != TemporalKind::DATETIME) return out;
    out += offsetText(t.offset);
    return t.zone.empty() ? out : out + "[" + t.zone + "]";
  }
  int64_t secs = t.micros / 1000000;
  int64_t frac = t.micros % 1000000;
  if (frac < 0) {
    frac += 1000000;
    --secs;
  }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  std::string out = formatDate(Date{static_cast<int32_t>(days)});
  char buf[48];
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, "T%02lld:%02lld:%02lld.%06lldZ",
                  static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                  static_cast<long long>(rem % 60), static_cast<long long>(frac));
  } else {
    std::snprintf(buf, sizeof buf, "T%02lld:%02lld:%02lldZ", static_cast<long long>(rem / 3600),
                  static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  }
  return out + buf;
}

// --- JSON ------------------------------------------------------------------------------------

void appendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

static void appendBase64(std::string& out, std::string_view data) {
  static constexpr char ALPHABET[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const uint32_t n =
        (uint8_t(data[i]) << 16) | (uint8_t(data[i + 1]) << 8) | uint8_t(data[i + 2]);
    out += ALPHABET[n >> 18];
    out += ALPHABET[(n >> 12) & 63];
    out += ALPHABET[(n >> 6) & 63];
    out += ALPHABET[n & 63];
  }
  if (i + 1 == data.size()) {
    const uint32_t n = uint8_t(data[i]) << 16;
    out += ALPHABET[n >> 18];
    out += ALPHABET[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == data.size()) {
    const uint32_t n = (uint8_t(data[i]) << 16) | (uint8_t(data[i + 1]) << 8);
    out += ALPHABET[n >> 18];
    out += ALPHABET[(n >> 12) & 63];
    out += ALPHABET[(n >> 6) & 63];
    out += '=';
  }
}

const char* nonFiniteText(double d) {
  if (std::isnan(d)) return "NaN";
  return d > 0 ? "Infinity" : "-Infinity";
}

void appendJson(std::string& out, const Value& v) {
  switch (v.type()) {
    case ValueType::NUL:
      out += "null";
      return;
    case ValueType::BOOL:
      out += v.asBool() ? "true" : "false";
      return;
    case ValueType::INT:
      out += std::to_string(v.asInt());
      return;
    case ValueType::FLOAT: {
      const double d = v.asFloat();
      if (!std::isfinite(d)) {
        appendJsonString(out, nonFiniteText(d));  // JSON has no number for them
        return;
      }
      char buf[64];
      auto res = std::to_chars(buf, buf + sizeof buf, d);
      std::string_view text(buf, static_cast<size_t>(res.ptr - buf));
      out += text;
      if (text.find_first_of(".eE") == std::string_view::npos) out += ".0";
      return;
    }
    case ValueType::STRING:
      appendJsonString(out, v.asString());
      return;
    case ValueType::BYTES:
      out.push_back('"');
      appendBase64(out, v.asBytes().data);
      out.push_back('"');
      return;
    case ValueType::DATE:
      appendJsonString(out, formatDate(v.asDate()));
      return;
    case ValueType::DATETIME:
      appendJsonString(out, formatDateTime(v.asDateTime()));
      return;
    case ValueType::DURATION:
      appendJsonString(out, formatDuration(v.asDuration()));
      return;
    case ValueType::LIST: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.asList()) {
        if (!first) out.push_back(',');
        first = false;
        appendJson(out, e);
      }
      out.push_back(']');
      return;
    }
  }
}

void appendJson(std::string& out, const PropertyMap& props) {
  out.push_back('{');
  bool first = true;
  for (const auto& [k, v] : props) {
    if (!first) out.push_back(',');
    first = false;
    appendJsonString(out, k);
    out.push_back(':');
    appendJson(out, v);
  }
  out.push_back('}');
}

void appendJson(std::string& out, const Node& n) {
  out += "{\"id\":";
  out += std::to_string(n.id);
  out += ",\"labels\":[";
  for (size_t i = 0; i < n.labels.size(); ++i) {
    if (i) out.push_back(',');
    appendJsonString(out, n.labels[i]);
  }
  out += "],\"properties\":";
  appendJson(out, n.properties);
  out.push_back('}');
}

void appendJson(std::string& out, const Edge& e) {
  out += "{\"id\":";
  out += std::to_string(e.id);
  out += ",\"type\":";
  appendJsonString(out, e.type);
  out += ",\"start\":";
  out += std::to_string(e.start);
  out += ",\"end\":";
  out += std::to_string(e.end);
  out += ",\"properties\":";
  appendJson(out, e.properties);
  out.push_back('}');
}

std::string toJson(const Value& v) {
  std::string out;
  appendJson(out, v);
  return out;
}

}  // namespace casegraph
