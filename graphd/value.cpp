#include "graphd/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

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
// Reads exactly `n` digits at `pos`; advances pos.
bool digits(std::string_view s, size_t& pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<Date> makeDate(int64_t y, int64_t m, int64_t d) {
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > daysInMonth(y, static_cast<unsigned>(m))) return std::nullopt;
  return Date{
      static_cast<int32_t>(daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)))};
}

// Parses the date part at the start of `s`; pos is left after it.
std::optional<Date> parseDatePrefix(std::string_view s, size_t& pos) {
  int64_t y, m, d;
  size_t p = pos;
  if (digits(s, p, 4, y) && expect(s, p, '-') && digits(s, p, 2, m) && expect(s, p, '-') &&
      digits(s, p, 2, d)) {
    pos = p;
    return makeDate(y, m, d);
  }
  p = pos;
  if (digits(s, p, 2, d) && expect(s, p, '/') && digits(s, p, 2, m) && expect(s, p, '/') &&
      digits(s, p, 4, y)) {
    pos = p;
    return makeDate(y, m, d);
  }
  return std::nullopt;
}
}  // namespace

std::optional<Date> parseDate(std::string_view text) {
  size_t pos = 0;
  auto d = parseDatePrefix(text, pos);
  if (!d || pos != text.size()) return std::nullopt;
  return d;
}

namespace {

// The digits of a decimal fraction at `pos` (after its point) as nanoseconds; digits past the
// ninth are dropped. False when there is no digit.
bool fraction(std::string_view s, size_t& pos, int64_t& nanos) {
  nanos = 0;
  int64_t scale = 100'000'000;
  size_t n = 0;
  for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++n) {
    if (n < 9) nanos += (s[pos] - '0') * scale;
    scale /= 10;
  }
  return n > 0;
}

// HH:MM[:SS[.fraction]] at `pos` as microseconds since midnight and the nanoseconds beyond
// them (fraction digits past the ninth are dropped). `leapSecond` lets SS be 60.
bool parseClock(std::string_view s, size_t& pos, bool leapSecond, int64_t& micros, int32_t& nanos) {
  int64_t hh, mm, ss = 0, fracNanos = 0;
  if (!digits(s, pos, 2, hh) || !expect(s, pos, ':') || !digits(s, pos, 2, mm)) return false;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!digits(s, pos, 2, ss)) return false;
    if (pos < s.size() && s[pos] == '.' && !fraction(s, ++pos, fracNanos)) return false;
  }
  if (hh > 23 || mm > 59 || ss > (leapSecond ? 60 : 59)) return false;
  micros = (hh * 3600 + mm * 60 + ss) * 1'000'000 + fracNanos / 1000;
  nanos = static_cast<int32_t>(fracNanos % 1000);
  return true;
}

// Z, or +HH[:MM] / -HH[:MM] (also +HHMM), at `pos`: seconds east of UTC, within ±18 hours.
bool parseOffset(std::string_view s, size_t& pos, int32_t& offset) {
  if (s[pos] == 'Z') {
    ++pos;
    offset = 0;
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  const int sign = s[pos] == '+' ? 1 : -1;
  ++pos;
  int64_t oh, om = 0;
  if (!digits(s, pos, 2, oh)) return false;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!digits(s, pos, 2, om)) return false;
  } else if (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && !digits(s, pos, 2, om)) {
    return false;
  }
  if (om > 59 || oh * 3600 + om * 60 > 18 * 3600) return false;
  offset = static_cast<int32_t>(sign * (oh * 3600 + om * 60));
  return true;
}

bool zoneChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
         c == '_' || c == '-' || c == '+';
}

}  // namespace

std::optional<DateTime> parseTemporal(std::string_view s, TemporalKind kind) {
  DateTime out;
  out.kind = kind;
  size_t pos = 0;
  int64_t dayMicros = 0;
  const bool hasDate = kind == TemporalKind::DATETIME || kind == TemporalKind::LOCAL_DATETIME;
  const bool hasOffset = kind == TemporalKind::DATETIME || kind == TemporalKind::TIME;
  if (hasDate) {
    auto d = parseDatePrefix(s, pos);
    if (!d) return std::nullopt;
    dayMicros = int64_t{d->days} * 86'400'000'000;
    if (pos == s.size()) {  // a bare date: midnight (UTC for a datetime)
      out.micros = dayMicros;
      return out;
    }
    if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
    ++pos;
  }
  int64_t clock = 0;
  if (!parseClock(s, pos, hasDate, clock, out.nanos)) return std::nullopt;
  bool offsetGiven = false;
  if (pos < s.size() && hasOffset) {
    if (!parseOffset(s, pos, out.offset)) return std::nullopt;
    offsetGiven = true;
  }
  // A zone name after the offset, as datetimes print: ...+02:00[Europe/Stockholm]. The offset
  // fixes the instant, so no time-zone database is needed; the name is kept.
  if (pos < s.size() && s[pos] == '[' && kind == TemporalKind::DATETIME && offsetGiven) {
    const size_t close = s.size() - 1;
    if (s[close] != ']' || close - pos - 1 == 0 || close - pos - 1 > 64) return std::nullopt;
    for (size_t i = pos + 1; i < close; ++i) {
      if (!zoneChar(s[i])) return std::nullopt;
    }
    out.zone = std::string(s.substr(pos + 1, close - pos - 1));
    pos = s.size();
  }
  if (pos != s.size()) return std::nullopt;
  out.micros =
      dayMicros + clock - (kind == TemporalKind::DATETIME ? int64_t{out.offset} * 1'000'000 : 0);
  return out;
}

std::optional<DateTime> parseDateTime(std::string_view s) {
  auto t = parseTemporal(s, TemporalKind::DATETIME);
  if (!t) return std::nullopt;
  return DateTime{t->micros};
}

std::optional<Duration> parseDuration(std::string_view s) {
  // P [nY] [nM] [nW] [nD] [T [nH] [nM] [n[.f]S]], each number with an optional sign.
  size_t pos = 0;
  if (!expect(s, pos, 'P')) return std::nullopt;
  static constexpr std::string_view DATE_UNITS = "YMWD", TIME_UNITS = "HMS";
  int64_t months = 0, days = 0, seconds = 0, nanos = 0;
  bool inTime = false, any = false, anyInTime = false;
  size_t lastUnit = 0;  // index + 1 of the last unit read in the current part: units in order
  while (pos < s.size()) {
    if (s[pos] == 'T') {
      if (inTime) return std::nullopt;
      inTime = true;
      lastUnit = 0;
      ++pos;
      continue;
    }
    int sign = 1;
    if (s[pos] == '-' || s[pos] == '+') sign = s[pos++] == '-' ? -1 : 1;
    int64_t whole = 0;
    size_t n = 0;
    for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++n) {
      if (n == 15) return std::nullopt;  // beyond any duration worth keeping
      whole = whole * 10 + (s[pos] - '0');
    }
    int64_t fracNanos = 0;
    const bool fractional = pos < s.size() && (s[pos] == '.' || s[pos] == ',');
    if (fractional && !fraction(s, ++pos, fracNanos)) return std::nullopt;
    if (n == 0 || pos >= s.size()) return std::nullopt;
    const std::string_view units = inTime ? TIME_UNITS : DATE_UNITS;
    const size_t unit = units.find(s[pos]);
    if (unit == std::string_view::npos || unit + 1 <= lastUnit) return std::nullopt;
    const char u = s[pos++];
    lastUnit = unit + 1;
    if (fractional && !(inTime && u == 'S')) return std::nullopt;  // only seconds have fractions
    const int64_t v = sign * whole;
    if (!inTime) {
      if (u == 'Y') months += v * 12;
      if (u == 'M') months += v;
      if (u == 'W') days += v * 7;
      if (u == 'D') days += v;
    } else {
      if (u == 'H') seconds += v * 3600;
      if (u == 'M') seconds += v * 60;
      if (u == 'S') {
        seconds += v;
        nanos += sign * fracNanos;
      }
      anyInTime = true;
    }
    any = true;
  }
  if (!any || (inTime && !anyInTime)) return std::nullopt;
  return normalDuration(months, days, seconds, nanos);
}

std::string formatDate(Date d) {
  int64_t y;
  unsigned m, day;
  civilFromDays(d.days, y, m, day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, day);
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
        out += "null";
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
