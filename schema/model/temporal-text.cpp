#include "schema/model/temporal-text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace casegraph::iso {

namespace {

constexpr int64_t NANOS_PER_SECOND = 1'000'000'000;

// --- named zones ---------------------------------------------------------------------------------

struct Zone {
  std::string name;
  std::vector<int64_t> at;       // transition instants (UTC seconds), ascending
  std::vector<int32_t> offsets;  // the offset from at[i] on
  int32_t initial = 0;           // before the first transition
};

class ZoneDb {
 public:
  int32_t find(std::string_view name) {
    std::lock_guard lock(mutex_);
    auto it = ids_.find(std::string(name));
    if (it != ids_.end()) return it->second;
    Zone z;
    const int32_t id = load(name, z) ? static_cast<int32_t>(zones_.size()) : -1;
    if (id >= 0) {
      zones_.push_back(std::make_unique<Zone>(std::move(z)));
    } else if (misses_ >= MAX_MISSES) {
      return id;  // names come from queries, clients and files: remember only so many unknown
    } else {
      ++misses_;
    }
    ids_.emplace(std::string(name), id);
    return id;
  }
  const Zone& zone(int32_t id) {
    std::lock_guard lock(mutex_);
    return *zones_.at(static_cast<size_t>(id));
  }

 private:
  static bool validName(std::string_view n) {
    if (n.empty() || n.size() > 64 || n.front() == '/' || n.find("..") != n.npos) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
             c == '+';
    });
  }
  static int64_t be(const unsigned char* p, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = v << 8 | p[i];
    return n == 4 ? static_cast<int32_t>(static_cast<uint32_t>(v)) : static_cast<int64_t>(v);
  }
  // TZif (RFC 8536): the version 2+ block with 64-bit times when present.
  static bool load(std::string_view name, Zone& z) {
    if (!validName(name)) return false;
    const char* dir = std::getenv("TZDIR");
    const std::string path =
        std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + std::string(name);
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    size_t off = 0;
    auto header = [&](size_t at, int64_t counts[6]) {
      if (at + 44 > data.size() || std::memcmp(p + at, "TZif", 4) != 0) return false;
      for (int i = 0; i < 6; ++i) counts[i] = be(p + at + 20 + 4 * i, 4);
      return true;
    };
    int64_t c[6];
    if (!header(0, c)) return false;
    int timeSize = 4;
    if (data[4] >= '2') {  // skip the 32-bit block
      off = 44 + static_cast<size_t>(c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
      if (!header(off, c)) return false;
      timeSize = 8;
    }
    off += 44;
    const int64_t times = c[3], types = c[4];  // then isut, isstd, leaps: not needed
    const size_t need = static_cast<size_t>(times * timeSize + times + types * 6);
    if (types < 1 || off + need > data.size()) return false;
    const unsigned char* t = p + off;
    const unsigned char* idx = t + times * timeSize;
    const unsigned char* info = idx + times;
    auto offsetOf = [&](int64_t type) { return static_cast<int32_t>(be(info + type * 6, 4)); };
    z.name = std::string(name);
    z.initial = offsetOf(0);
    for (int64_t i = 0; i < times; ++i) {
      if (idx[i] >= types) return false;
      z.at.push_back(be(t + i * timeSize, timeSize));
      z.offsets.push_back(offsetOf(idx[i]));
    }
    return true;
  }

  static constexpr size_t MAX_MISSES = 1024;
  std::mutex mutex_;
  std::map<std::string, int32_t> ids_;
  std::vector<std::unique_ptr<Zone>> zones_;  // stable addresses
  size_t misses_ = 0;                         // unknown names in ids_
};

ZoneDb& zoneDb() {
  static ZoneDb db;
  return db;
}

// --- text ----------------------------------------------------------------------------------------

// The next field of an ISO form, written with a separator (`sep`, in the extended form) or
// without (the basic form): when `n` digits follow, skips the separator and says so.
bool nextField(std::string_view s, size_t& i, bool extended, char sep, size_t n) {
  if (!extended) return digitsAt(s, i, n);
  if (i >= s.size() || s[i] != sep || !digitsAt(s, i + 1, n)) return false;
  ++i;
  return true;
}

// HH, HH:MM, HHMM, HH:MM:SS or HHMMSS at s[i] (minutes and seconds 0 when absent); sets
// `seconds` when they were there, so that a fraction may follow.
bool readClock(std::string_view s, size_t& i, int64_t& h, int64_t& m, int64_t& sec, bool& seconds) {
  m = sec = 0;
  seconds = false;
  if (!digitsAt(s, i, 2)) return false;
  h = number(s, i, 2);
  const bool colon = i < s.size() && s[i] == ':';
  if (nextField(s, i, colon, ':', 2)) {
    m = number(s, i, 2);
    if (nextField(s, i, colon, ':', 2)) {
      sec = number(s, i, 2);
      seconds = true;
    }
  }
  return true;
}

// Year: four digits, or a sign and up to nine.
bool readYear(std::string_view s, size_t& i, int64_t& y) {
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    size_t n = 0;
    while (n < 9 && digitsAt(s, i + 1 + n, 1)) ++n;
    if (n == 0) return false;
    ++i;
    y = sign * number(s, i, n);
    return true;
  }
  if (!digitsAt(s, i, 4)) return false;
  y = number(s, i, 4);
  return true;
}

int64_t civilDays(int64_t y, int64_t m, int64_t d) {
  return daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

}  // namespace

int32_t zoneId(std::string_view name) { return zoneDb().find(name); }

const std::string& zoneName(int32_t id) { return zoneDb().zone(id).name; }

int32_t zoneOffsetAt(int32_t zone, int64_t utcSeconds) {
  const Zone& z = zoneDb().zone(zone);
  auto it = std::upper_bound(z.at.begin(), z.at.end(), utcSeconds);
  if (it == z.at.begin()) return z.initial;
  return z.offsets[static_cast<size_t>(it - z.at.begin() - 1)];
}

int32_t zoneOffsetForLocal(int32_t zone, int64_t& localSeconds, std::optional<int32_t> preferred) {
  const Zone& z = zoneDb().zone(zone);
  int32_t before = z.initial;
  for (size_t i = 0; i < z.at.size(); ++i) {
    const int32_t after = z.offsets[i];
    if (localSeconds < z.at[i] + std::min(before, after)) return before;
    if (localSeconds < z.at[i] + std::max(before, after)) {
      if (after > before) {  // a gap
        localSeconds += after - before;
        return after;
      }
      return preferred == after ? after : before;  // an overlap
    }
    before = after;
  }
  return before;
}

int64_t weekYearStart(int64_t y) {
  const int64_t jan4 = civilDays(y, 1, 4);
  return jan4 - (dayOfWeek(jan4) - 1);
}

bool digitsAt(std::string_view s, size_t i, size_t n) {
  if (i + n > s.size()) return false;
  for (size_t k = 0; k < n; ++k) {
    if (s[i + k] < '0' || s[i + k] > '9') return false;
  }
  return true;
}

int64_t number(std::string_view s, size_t& i, size_t n) {
  int64_t v = 0;
  for (size_t k = 0; k < n; ++k) v = v * 10 + (s[i + k] - '0');
  i += n;
  return v;
}

bool readDate(std::string_view s, size_t& i, int64_t& days) {
  int64_t y = 0;
  size_t at = i;
  if (!readYear(s, at, y)) return false;
  const bool dash = at < s.size() && s[at] == '-';
  size_t j = at + dash;
  size_t digits = 0;
  while (digitsAt(s, j + digits, 1)) ++digits;
  if (j < s.size() && s[j] == 'W') {
    ++j;
    if (!digitsAt(s, j, 2)) return false;
    const int64_t week = number(s, j, 2);
    const int64_t dow = nextField(s, j, dash, '-', 1) ? number(s, j, 1) : 1;
    if (week < 1 || week > 53 || dow < 1 || dow > 7) return false;
    days = weekYearStart(y) + (week - 1) * 7 + dow - 1;
    if (week == 53 && weekYearStart(y + 1) <= days) return false;
    i = j;
    return true;
  }
  if (at == s.size() || s[at] == 'T' || s[at] == ' ') {
    days = civilDays(y, 1, 1);
    i = at;
    return true;
  }
  if (digits == 3) {  // ordinal day
    const int64_t ordinal = number(s, j, 3);
    if (ordinal < 1 || ordinal > (isLeapYear(y) ? 366 : 365)) return false;
    days = civilDays(y, 1, 1) + ordinal - 1;
    i = j;
    return true;
  }
  if (!digitsAt(s, j, 2)) return false;
  const int64_t m = number(s, j, 2);
  const int64_t d = nextField(s, j, dash, '-', 2) ? number(s, j, 2) : 1;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, static_cast<unsigned>(m))) return false;
  days = civilDays(y, m, d);
  i = j;
  return true;
}

bool readTime(std::string_view s, size_t& i, int64_t& nanosOfDay) {
  int64_t h = 0, m = 0, sec = 0, frac = 0;
  bool seconds = false;
  size_t at = i;
  if (!readClock(s, at, h, m, sec, seconds)) return false;
  if (seconds && at < s.size() && (s[at] == '.' || s[at] == ',')) {
    ++at;
    size_t n = 0;
    for (; digitsAt(s, at, 1); ++at, ++n) {
      if (n < 9) frac = frac * 10 + (s[at] - '0');
    }
    if (n == 0) return false;
    for (; n < 9; ++n) frac *= 10;
  }
  if (h > 23 || m > 59 || sec > 59) return false;
  nanosOfDay = ((h * 60 + m) * 60 + sec) * NANOS_PER_SECOND + frac;
  i = at;
  return true;
}

bool readOffset(std::string_view s, size_t& i, int32_t& offset) {
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
    offset = 0;
    return true;
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  const int sign = s[i] == '-' ? -1 : 1;
  size_t at = i + 1;
  int64_t h = 0, m = 0, sec = 0;
  bool seconds = false;
  if (!readClock(s, at, h, m, sec, seconds)) return false;
  if (h > 18 || m > 59 || sec > 59 || h * 3600 + m * 60 + sec > 18 * 3600) return false;
  offset = static_cast<int32_t>(sign * (h * 3600 + m * 60 + sec));
  i = at;
  return true;
}

bool readZone(std::string_view s, size_t& i, ZoneText& z) {
  size_t at = i;
  if (at < s.size() && s[at] != '[') {
    if (!readOffset(s, at, z.offset)) return false;
    z.hasOffset = true;
  }
  if (at < s.size() && s[at] == '[') {
    const size_t end = s.find(']', at);
    if (end == s.npos || end + 1 != s.size()) return false;
    z.zoneName = s.substr(at + 1, end - at - 1);
    z.zone = zoneId(z.zoneName);
    if (z.zone < 0) return false;
    at = end + 1;
  }
  i = at;
  return true;
}

TemporalTextError readTemporal(std::string_view s, bool hasDate, bool hasTime, bool hasZone,
                               TemporalText& out, bool spaceSeparator) {
  size_t i = 0;
  if (hasDate) {
    if (!readDate(s, i, out.days)) return TemporalTextError::MALFORMED;
    if (i < s.size()) {
      if (!hasTime || (s[i] != 'T' && !(spaceSeparator && s[i] == ' '))) {
        return TemporalTextError::MALFORMED;
      }
      ++i;
    }
  }
  if (hasTime && (i < s.size() || !hasDate) && !readTime(s, i, out.nanosOfDay)) {
    return TemporalTextError::MALFORMED;
  }
  if (i < s.size()) {
    if (!hasZone) return TemporalTextError::MALFORMED;
    if (!readZone(s, i, out.zone)) {
      return out.zone.zoneName.empty() ? TemporalTextError::MALFORMED
                                       : TemporalTextError::UNKNOWN_ZONE;
    }
  }
  return i == s.size() ? TemporalTextError::NONE : TemporalTextError::MALFORMED;
}

namespace {

// Months, days, seconds and nanoseconds summed with overflow checks.
struct DurationSum {
  int64_t months = 0, days = 0, seconds = 0, nanos = 0;
  bool overflow = false;

  static bool add(int64_t& into, int64_t whole, int64_t factor, bool& overflow) {
    int64_t product = 0;
    if (__builtin_mul_overflow(whole, factor, &product) ||
        __builtin_add_overflow(into, product, &into)) {
      overflow = true;
    }
    return !overflow;
  }
  // `nanos` nanoseconds (|nanos| < 2^63) as days and nanoseconds.
  void addNanos(int64_t ns) {
    constexpr int64_t NANOS_PER_DAY = 86'400 * NANOS_PER_SECOND;
    add(days, ns / NANOS_PER_DAY, 1, overflow);
    nanos += ns % NANOS_PER_DAY;  // |nanos| stays below a few days' worth
  }
  // `whole` units and `fraction` billionths of one (same sign) of unit `u` (Y M W D H M S by
  // position in "YMWD" / "HMS").
  void addDateUnit(size_t u, int64_t whole, int64_t fraction) {
    constexpr int64_t MONTH_SECONDS = 2'629'746;  // 365.2425 / 12 days
    switch (u) {
      case 0: {  // years: twelve months each; a fraction of twelve months as months, then time
        if (!add(months, whole, 12, overflow)) return;
        const int64_t twelfths = fraction * 12;
        add(months, twelfths / NANOS_PER_SECOND, 1, overflow);
        addNanos(twelfths % NANOS_PER_SECOND * MONTH_SECONDS);
        return;
      }
      case 1:
        add(months, whole, 1, overflow);
        addNanos(fraction * MONTH_SECONDS);
        return;
      case 2: {
        if (!add(days, whole, 7, overflow)) return;
        const int64_t sevenths = fraction * 7;
        add(days, sevenths / NANOS_PER_SECOND, 1, overflow);
        addNanos(sevenths % NANOS_PER_SECOND * 86'400);
        return;
      }
      default:
        add(days, whole, 1, overflow);
        addNanos(fraction * 86'400);
        return;
    }
  }
  void addTimeUnit(size_t u, int64_t whole, int64_t fraction) {
    constexpr int64_t UNIT_SECONDS[] = {3600, 60, 1};
    add(seconds, whole, UNIT_SECONDS[u], overflow);
    nanos += fraction * UNIT_SECONDS[u];  // below 3600 s
  }
};

// [sign]digits[(.|,)digits] at s[i]: the whole part and the fraction in billionths, both
// signed. False when there is no digit, or the whole part is beyond 64 bits.
bool readDecimal(std::string_view s, size_t& i, int64_t& whole, int64_t& fraction,
                 bool& hasFraction) {
  size_t at = i;
  const bool negative = at < s.size() && s[at] == '-';
  if (at < s.size() && (s[at] == '-' || s[at] == '+')) ++at;
  whole = fraction = 0;
  size_t digits = 0;
  for (; digitsAt(s, at, 1); ++at, ++digits) {
    if (__builtin_mul_overflow(whole, 10, &whole) ||
        __builtin_add_overflow(whole, s[at] - '0', &whole)) {
      return false;
    }
  }
  hasFraction = at < s.size() && (s[at] == '.' || s[at] == ',');
  if (hasFraction) {
    ++at;
    int64_t scale = NANOS_PER_SECOND / 10;
    for (; digitsAt(s, at, 1); ++at, ++digits, scale /= 10) fraction += (s[at] - '0') * scale;
  }
  if (digits == 0) return false;
  if (negative) whole = -whole, fraction = -fraction;
  i = at;
  return true;
}

}  // namespace

DurationTextError readDuration(std::string_view s, Duration& out) {
  using E = DurationTextError;
  if (s.size() < 2 || (s[0] != 'P' && s[0] != 'p')) return E::MALFORMED;
  if (s.size() > 5 && digitsAt(s, 1, 4) && s[5] == '-') {  // the alternative form
    size_t i = 1;
    const int64_t y = number(s, i, 4);
    if (!(s[i] == '-' && digitsAt(s, i + 1, 2))) return E::MALFORMED;
    ++i;
    const int64_t mo = number(s, i, 2);
    if (!(i < s.size() && s[i] == '-' && digitsAt(s, i + 1, 2))) return E::MALFORMED;
    ++i;
    const int64_t d = number(s, i, 2);
    int64_t clock = 0;
    if (i < s.size()) {
      if (s[i] != 'T') return E::MALFORMED;
      ++i;
      if (!readTime(s, i, clock) || i != s.size()) return E::MALFORMED;
    }
    out = normalDuration(y * 12 + mo, d, clock / NANOS_PER_SECOND, clock % NANOS_PER_SECOND);
    return E::NONE;
  }
  // Components in order (Y M W D, then T and H M S), each once; a fraction on the last only.
  static constexpr std::string_view DATE_UNITS = "YMWD", TIME_UNITS = "HMS";
  DurationSum sum;
  bool time = false, any = false, anyInTime = false, fractionSeen = false;
  size_t nextUnit = 0;  // the first unit of the current part still allowed
  for (size_t i = 1; i < s.size();) {
    if (s[i] == 'T' || s[i] == 't') {
      if (time) return E::MALFORMED;
      time = true;
      nextUnit = 0;
      ++i;
      continue;
    }
    if (fractionSeen) return E::MALFORMED;
    int64_t whole = 0, fraction = 0;
    const size_t start = i;
    if (!readDecimal(s, i, whole, fraction, fractionSeen)) {
      // Digits beyond 64 bits are a number too large, not a malformed text.
      size_t j = start + (s[start] == '-' || s[start] == '+');
      return digitsAt(s, j, 1) ? E::OUT_OF_RANGE : E::MALFORMED;
    }
    if (i >= s.size()) return E::MALFORMED;
    const std::string_view units = time ? TIME_UNITS : DATE_UNITS;
    const size_t unit =
        units.find(static_cast<char>(std::toupper(static_cast<unsigned char>(s[i]))));
    if (unit == std::string_view::npos || unit < nextUnit) return E::MALFORMED;
    nextUnit = unit + 1;
    if (time) {
      sum.addTimeUnit(unit, whole, fraction);
      anyInTime = true;
    } else {
      sum.addDateUnit(unit, whole, fraction);
    }
    any = true;
    ++i;
  }
  if (!any || (time && !anyInTime)) return E::MALFORMED;
  if (sum.overflow) return E::OUT_OF_RANGE;
  out = normalDuration(sum.months, sum.days, sum.seconds, sum.nanos);
  return E::NONE;
}

}  // namespace casegraph::iso
