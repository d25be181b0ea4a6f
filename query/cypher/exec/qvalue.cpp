#include "query/cypher/exec/qvalue.h"

#include <cmath>
#include <functional>
#include <stdexcept>

#include "schema/model/temporal-text.h"
#include "query/cypher/functions/temporal.h"

namespace casegraph::cypher {

const char* qtypeName(QType t) {
  switch (t) {
    case QType::NUL:
      return "Null";
    case QType::BOOL:
      return "Boolean";
    case QType::INT:
      return "Integer";
    case QType::FLOAT:
      return "Float";
    case QType::STRING:
      return "String";
    case QType::BYTES:
      return "Bytes";
    case QType::DATE:
      return "Date";
    case QType::DATETIME:
      return "DateTime";
    case QType::DURATION:
      return "Duration";
    case QType::LIST:
      return "List";
    case QType::MAP:
      return "Map";
    case QType::NODE:
      return "Node";
    case QType::RELATIONSHIP:
      return "Relationship";
    case QType::PATH:
      return "Path";
    case QType::LOCALTIME:
      return "LocalTime";
    case QType::TIME:
      return "Time";
    case QType::LOCALDATETIME:
      return "LocalDateTime";
    case QType::POINT:
      return "Point";
  }
  return "?";
}

const char* crsName(const Point& p) { return p.srid == Point::WGS84 ? "wgs-84" : "cartesian"; }

QMap pointMap(const Point& p) {
  QMap m{{"srid", int64_t{p.srid}}, {"crs", crsName(p)}, {"x", p.x}, {"y", p.y}};
  if (p.srid == Point::WGS84) {
    m["longitude"] = p.x;
    m["latitude"] = p.y;
  }
  return m;
}

DateTime QValue::asDateTime() const {
  auto split = [](int64_t seconds, int64_t nanos, int32_t offset, TemporalKind kind) {
    return DateTime{
        seconds * 1'000'000 + nanos / 1000, static_cast<int32_t>(nanos % 1000), offset, kind, {}};
  };
  switch (type()) {
    case QType::DATETIME: {
      const auto& z = asZonedDateTime();
      DateTime t = split(z.seconds, z.nanos, z.offset, TemporalKind::DATETIME);
      if (z.zone >= 0) t.zone = iso::zoneName(z.zone);
      return t;
    }
    case QType::LOCALDATETIME:
      return split(asLocalDateTime().seconds, asLocalDateTime().nanos, 0,
                   TemporalKind::LOCAL_DATETIME);
    case QType::TIME:
      return split(0, asTime().nanos, asTime().offset, TemporalKind::TIME);
    case QType::LOCALTIME:
      return split(0, asLocalTime().nanos, 0, TemporalKind::LOCAL_TIME);
    default:
      throw std::bad_variant_access();
  }
}

QValue QValue::fromDateTime(const DateTime& t) {
  const int64_t seconds = floorDiv(t.micros, 1'000'000);
  const int64_t nanos = floorMod(t.micros, 1'000'000) * 1000 + t.nanos;
  switch (t.kind) {
    case TemporalKind::LOCAL_DATETIME:
      return LocalDateTime{seconds, static_cast<int32_t>(nanos)};
    case TemporalKind::TIME:
      return ZonedTime{t.micros * 1000 + t.nanos, t.offset};
    case TemporalKind::LOCAL_TIME:
      return LocalTime{t.micros * 1000 + t.nanos};
    case TemporalKind::DATETIME:
      break;
  }
  // A zone this machine does not know (another build's tz database) keeps the offset alone.
  return ZonedDateTime{seconds, static_cast<int32_t>(nanos), t.offset,
                       t.zone.empty() ? -1 : iso::zoneId(t.zone)};
}

QValue fromStore(const Value& v) {
  switch (v.type()) {
    case ValueType::NUL:
      return {};
    case ValueType::BOOL:
      return v.asBool();
    case ValueType::INT:
      return v.asInt();
    case ValueType::FLOAT:
      return v.asFloat();
    case ValueType::STRING:
      return v.asString();
    case ValueType::BYTES:
      return v.asBytes();
    case ValueType::DATE:
      return v.asDate();
    case ValueType::DATETIME:
      return v.asDateTime();
    case ValueType::LIST: {
      QList out;
      out.reserve(v.asList().size());
      for (const auto& item : v.asList()) out.push_back(fromStore(item));
      return out;
    }
    case ValueType::DURATION:
      return v.asDuration();
  }
  return {};
}

Value toStore(const QValue& v) {
  switch (v.type()) {
    case QType::NUL:
      return {};
    case QType::BOOL:
      return v.asBool();
    case QType::INT:
      return v.asInt();
    case QType::FLOAT:
      return v.asFloat();
    case QType::STRING:
      return v.asString();
    case QType::BYTES:
      return v.asBytes();
    case QType::DATE:
      return v.asDate();
    case QType::DATETIME:
    case QType::LOCALTIME:
    case QType::TIME:
    case QType::LOCALDATETIME:
      return v.asDateTime();
    case QType::LIST: {
      List out;
      out.reserve(v.asList().size());
      for (const auto& item : v.asList()) out.push_back(toStore(item));
      return out;
    }
    case QType::DURATION:
      return v.asDuration();
    default:
      throw std::invalid_argument(std::string("a ") + qtypeName(v.type()) +
                                  " cannot be stored as a property value");
  }
}

std::optional<bool> cypherEquals(const QValue& a, const QValue& b) {
  if (a.isNull() || b.isNull()) return std::nullopt;
  if (a.isNumber() && b.isNumber()) {
    if (a.type() == QType::INT && b.type() == QType::INT) return a.asInt() == b.asInt();
    return a.asNumber() == b.asNumber();
  }
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case QType::LIST: {
      const auto& x = a.asList();
      const auto& y = b.asList();
      if (x.size() != y.size()) return false;
      bool unknown = false;
      for (size_t i = 0; i < x.size(); ++i) {
        auto e = cypherEquals(x[i], y[i]);
        if (!e) {
          unknown = true;
        } else if (!*e) {
          return false;
        }
      }
      if (unknown) return std::nullopt;
      return true;
    }
    case QType::MAP: {
      const auto& x = a.asMap();
      const auto& y = b.asMap();
      if (x.size() != y.size()) return false;
      bool unknown = false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first) return false;
      }
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        auto e = cypherEquals(i->second, j->second);
        if (!e) {
          unknown = true;
        } else if (!*e) {
          return false;
        }
      }
      if (unknown) return std::nullopt;
      return true;
    }
    default:
      return a == b;
  }
}

namespace {

template <typename T>
int cmp3(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// openCypher's orderability ranks, ascending: maps, nodes, relationships, lists, paths,
// datetimes, local datetimes, dates, times, local times, durations, strings, booleans,
// numbers, null.
int orderRank(QType t) {
  switch (t) {
    case QType::MAP:
      return 0;
    case QType::NODE:
      return 1;
    case QType::RELATIONSHIP:
      return 2;
    case QType::LIST:
      return 3;
    case QType::PATH:
      return 4;
    case QType::DATETIME:
      return 5;
    case QType::LOCALDATETIME:
      return 6;
    case QType::DATE:
      return 7;
    case QType::TIME:
      return 8;
    case QType::LOCALTIME:
      return 9;
    case QType::DURATION:
      return 10;
    case QType::BYTES:
      return 11;
    case QType::STRING:
      return 12;
    case QType::BOOL:
      return 13;
    case QType::INT:
    case QType::FLOAT:
      return 14;
    case QType::POINT:  // not in openCypher's list: beside the numbers
      return 15;
    case QType::NUL:
      return 16;
  }
  return 17;
}

// Times with offsets order by the instant they name (UTC), then by offset.
int compareTemporal(const QValue& a, const QValue& b) {
  switch (a.type()) {
    case QType::DATE:
      return cmp3(a.asDate().days, b.asDate().days);
    case QType::DATETIME: {
      const auto& x = a.asZonedDateTime();
      const auto& y = b.asZonedDateTime();
      if (int c = cmp3(x.seconds, y.seconds)) return c;
      if (int c = cmp3(x.nanos, y.nanos)) return c;
      if (int c = cmp3(x.offset, y.offset)) return c;
      return cmp3(x.zone, y.zone);
    }
    case QType::LOCALDATETIME: {
      const auto x = a.asLocalDateTime();
      const auto y = b.asLocalDateTime();
      if (int c = cmp3(x.seconds, y.seconds)) return c;
      return cmp3(x.nanos, y.nanos);
    }
    case QType::LOCALTIME:
      return cmp3(a.asLocalTime().nanos, b.asLocalTime().nanos);
    case QType::TIME: {
      const auto x = a.asTime();
      const auto y = b.asTime();
      const int64_t ux = x.nanos - int64_t{x.offset} * 1'000'000'000;
      const int64_t uy = y.nanos - int64_t{y.offset} * 1'000'000'000;
      if (int c = cmp3(ux, uy)) return c;
      return cmp3(x.offset, y.offset);
    }
    default:
      return 0;
  }
}

int compareNumbers(const QValue& a, const QValue& b) {
  if (a.type() == QType::INT && b.type() == QType::INT) return cmp3(a.asInt(), b.asInt());
  const double x = a.asNumber();
  const double y = b.asNumber();
  const bool xn = std::isnan(x);
  const bool yn = std::isnan(y);
  if (xn || yn) return xn && yn ? 0 : (xn ? 1 : -1);  // NaN after every number
  if (x < y) return -1;
  if (x > y) return 1;
  // Equal as doubles; an int beyond 2^53 may still differ from the float.
  if (a.type() == QType::INT && b.type() == QType::FLOAT) {
    return cmp3(static_cast<long double>(a.asInt()), static_cast<long double>(y));
  }
  if (a.type() == QType::FLOAT && b.type() == QType::INT) {
    return cmp3(static_cast<long double>(x), static_cast<long double>(b.asInt()));
  }
  return 0;
}

}  // namespace

int orderCompare(const QValue& a, const QValue& b) {
  const int ra = orderRank(a.type());
  const int rb = orderRank(b.type());
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.type()) {
    case QType::NUL:
      return 0;
    case QType::INT:
    case QType::FLOAT:
      return compareNumbers(a, b);
    case QType::BOOL:
      return cmp3(a.asBool(), b.asBool());
    case QType::STRING:
      return cmp3(a.asString(), b.asString());
    case QType::BYTES:
      return cmp3(a.asBytes().data, b.asBytes().data);
    case QType::DATE:
    case QType::DATETIME:
    case QType::LOCALDATETIME:
    case QType::TIME:
    case QType::LOCALTIME:
      return compareTemporal(a, b);
    case QType::DURATION:
      return cmp3(a.asDuration(), b.asDuration());
    case QType::POINT: {
      const Point& x = a.asPoint();
      const Point& y = b.asPoint();
      if (x.srid != y.srid) return cmp3(x.srid, y.srid);
      if (int c = cmp3(x.x, y.x)) return c;
      return cmp3(x.y, y.y);
    }
    case QType::NODE:
      return cmp3(a.asNode().id, b.asNode().id);
    case QType::RELATIONSHIP:
      return cmp3(a.asRel().id, b.asRel().id);
    case QType::PATH: {
      const auto& x = a.asPath();
      const auto& y = b.asPath();
      for (size_t i = 0; i < x.nodes.size() && i < y.nodes.size(); ++i) {
        if (int c = cmp3(x.nodes[i], y.nodes[i])) return c;
        if (i < x.rels.size() && i < y.rels.size()) {
          if (int c = cmp3(x.rels[i], y.rels[i])) return c;
        }
      }
      return cmp3(x.nodes.size(), y.nodes.size());
    }
    case QType::LIST: {
      const auto& x = a.asList();
      const auto& y = b.asList();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = orderCompare(x[i], y[i])) return c;
      }
      return cmp3(x.size(), y.size());
    }
    case QType::MAP: {
      const auto& x = a.asMap();
      const auto& y = b.asMap();
      auto i = x.begin();
      auto j = y.begin();
      for (; i != x.end() && j != y.end(); ++i, ++j) {
        if (int c = cmp3(i->first, j->first)) return c;
        if (int c = orderCompare(i->second, j->second)) return c;
      }
      return cmp3(x.size(), y.size());
    }
  }
  return 0;
}

std::optional<int> compareValues(const QValue& a, const QValue& b) {
  if (a.isNull() || b.isNull()) return std::nullopt;
  if (a.isNumber() && b.isNumber()) {
    if ((a.type() == QType::FLOAT && std::isnan(a.asFloat())) ||
        (b.type() == QType::FLOAT && std::isnan(b.asFloat()))) {
      return std::nullopt;
    }
    return compareNumbers(a, b);
  }
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case QType::BOOL:
    case QType::STRING:
    case QType::BYTES:
    case QType::DATE:
    case QType::DATETIME:
    case QType::LOCALDATETIME:
    case QType::TIME:
    case QType::LOCALTIME:
      return orderCompare(a, b);
    case QType::LIST: {
      const auto& x = a.asList();
      const auto& y = b.asList();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        auto c = compareValues(x[i], y[i]);
        if (!c) return std::nullopt;
        if (*c != 0) return c;
      }
      return cmp3(x.size(), y.size());
    }
    default:
      return std::nullopt;
  }
}

namespace {

// A float that is an int64 exactly (so equivalent to that integer).
std::optional<int64_t> integralFloat(double d) {
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || std::trunc(d) != d) {
    return std::nullopt;
  }
  return static_cast<int64_t>(d);
}

bool equivalentNumbers(const QValue& a, const QValue& b) {
  if (a.type() == QType::INT && b.type() == QType::INT) return a.asInt() == b.asInt();
  if (a.type() == QType::FLOAT && b.type() == QType::FLOAT) {
    const double x = a.asFloat();
    const double y = b.asFloat();
    return x == y || (std::isnan(x) && std::isnan(y));
  }
  const int64_t i = a.type() == QType::INT ? a.asInt() : b.asInt();
  const double f = a.type() == QType::FLOAT ? a.asFloat() : b.asFloat();
  const auto whole = integralFloat(f);
  return whole && *whole == i;
}

bool equivalentLists(const QList& x, const QList& y) {
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!equivalent(x[i], y[i])) return false;
  }
  return true;
}

}  // namespace

bool equivalent(const QValue& a, const QValue& b) {
  if (a.isNumber() && b.isNumber()) return equivalentNumbers(a, b);
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case QType::LIST:
      return equivalentLists(a.asList(), b.asList());
    case QType::MAP: {
      const auto& x = a.asMap();
      const auto& y = b.asMap();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first || !equivalent(i->second, j->second)) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

bool QRowEquivalent::operator()(const QList& a, const QList& b) const {
  return equivalentLists(a, b);
}

size_t hashValue(const QValue& v) {
  // Integers and floats share a tag: an integral float hashes as its integer.
  const QType tag = v.type() == QType::FLOAT ? QType::INT : v.type();
  size_t h = static_cast<size_t>(tag) * 0x9e3779b97f4a7c15ULL;
  auto mix = [&](size_t x) { h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  switch (v.type()) {
    case QType::NUL:
      break;
    case QType::BOOL:
      mix(v.asBool());
      break;
    case QType::INT:
      mix(std::hash<int64_t>{}(v.asInt()));
      break;
    case QType::FLOAT: {
      const double d = v.asFloat();
      if (const auto whole = integralFloat(d)) {
        mix(std::hash<int64_t>{}(*whole));  // also 0.0 and -0.0 alike
      } else if (std::isnan(d)) {
        mix(0x7ff8);  // every NaN alike
      } else {
        mix(std::hash<double>{}(d));
      }
      break;
    }
    case QType::STRING:
      mix(std::hash<std::string>{}(v.asString()));
      break;
    case QType::BYTES:
      mix(std::hash<std::string>{}(v.asBytes().data));
      break;
    case QType::DATE:
      mix(std::hash<int32_t>{}(v.asDate().days));
      break;
    case QType::DATETIME:
      mix(std::hash<int64_t>{}(v.asZonedDateTime().seconds));
      mix(std::hash<int64_t>{}(v.asZonedDateTime().nanos));
      mix(std::hash<int64_t>{}(v.asZonedDateTime().offset));
      mix(std::hash<int64_t>{}(v.asZonedDateTime().zone));
      break;
    case QType::LOCALDATETIME:
      mix(std::hash<int64_t>{}(v.asLocalDateTime().seconds));
      mix(std::hash<int64_t>{}(v.asLocalDateTime().nanos));
      break;
    case QType::LOCALTIME:
      mix(std::hash<int64_t>{}(v.asLocalTime().nanos));
      break;
    case QType::TIME:
      mix(std::hash<int64_t>{}(v.asTime().nanos));
      mix(std::hash<int64_t>{}(v.asTime().offset));
      break;
    case QType::DURATION: {
      const auto& d = v.asDuration();
      mix(std::hash<int64_t>{}(d.months));
      mix(std::hash<int64_t>{}(d.days));
      mix(std::hash<int64_t>{}(d.seconds));
      mix(std::hash<int64_t>{}(d.nanos));
      break;
    }
    case QType::LIST:
      for (const auto& item : v.asList()) mix(hashValue(item));
      break;
    case QType::MAP:
      for (const auto& [k, item] : v.asMap()) {
        mix(std::hash<std::string>{}(k));
        mix(hashValue(item));
      }
      break;
    case QType::NODE:
      mix(std::hash<uint64_t>{}(v.asNode().id));
      break;
    case QType::RELATIONSHIP:
      mix(std::hash<uint64_t>{}(v.asRel().id));
      break;
    case QType::PATH:
      for (auto n : v.asPath().nodes) mix(std::hash<uint64_t>{}(n));
      for (auto r : v.asPath().rels) mix(std::hash<uint64_t>{}(r));
      break;
    case QType::POINT:
      mix(std::hash<int32_t>{}(v.asPoint().srid));
      mix(std::hash<double>{}(v.asPoint().x));
      mix(std::hash<double>{}(v.asPoint().y));
      break;
  }
  return h;
}

size_t QRowHash::operator()(const QList& row) const {
  size_t h = row.size();
  for (const auto& v : row) h ^= hashValue(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

}  // namespace casegraph::cypher

namespace casegraph::cypher {

std::string temporalText(const QValue& v) {
  if (v.type() == QType::DATE) return formatDate(v.asDate());
  if (!v.isTemporal()) return {};
  return formatDateTime(v.asDateTime(), ClockStyle::SHORT);  // with a datetime's zone name
}

}  // namespace casegraph::cypher
