// The values a Cypher query computes with: the store's property values (null, booleans,
// integers, floats, strings, bytes, dates, datetimes, lists) plus what only queries have —
// maps, durations, and references to nodes, relationships and paths of the graph.
//
// Nodes and relationships are held by id; their labels and properties are read through the
// query's Reader when an expression asks for them (so a value stays small and a row of
// nodes costs a few words each).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "schema/model/value.h"

namespace casegraph::cypher {

struct NodeRef {
  uint64_t id = 0;
  bool operator==(const NodeRef&) const = default;
  auto operator<=>(const NodeRef&) const = default;
};
struct RelRef {
  uint64_t id = 0;
  bool operator==(const RelRef&) const = default;
  auto operator<=>(const RelRef&) const = default;
};
// A path: nodes[i] and nodes[i + 1] are joined by rels[i]; nodes.size() == rels.size() + 1.
struct PathRef {
  std::vector<uint64_t> nodes;
  std::vector<uint64_t> rels;
  bool operator==(const PathRef&) const = default;
  auto operator<=>(const PathRef&) const = default;
};
// A duration in months, days, seconds and nanoseconds (kept apart, as openCypher does); the
// store keeps the same value.
using Duration = casegraph::Duration;

// Times of day and datetimes, to the nanosecond. A DATETIME is an instant — UTC seconds and
// nanoseconds since 1970-01-01 — with the UTC offset it was written in; a LOCALDATETIME is a
// wall-clock reading with no zone (seconds counted as if UTC); a TIME is a time of day with an
// offset, a LOCALTIME one without. Offsets are in seconds east of UTC.
struct LocalTime {
  int64_t nanos = 0;  // since midnight
  bool operator==(const LocalTime&) const = default;
};
struct ZonedTime {
  int64_t nanos = 0;  // local time of day, since midnight
  int32_t offset = 0;
  bool operator==(const ZonedTime&) const = default;
};
struct LocalDateTime {
  int64_t seconds = 0;
  int32_t nanos = 0;
  bool operator==(const LocalDateTime&) const = default;
};
struct ZonedDateTime {
  int64_t seconds = 0;  // UTC
  int32_t nanos = 0;
  int32_t offset = 0;
  int32_t zone =
      -1;  // a named zone (schema/model/temporal-text.h: iso::zoneName), or -1 for a fixed offset
  bool operator==(const ZonedDateTime&) const = default;
};

// A 2-D spatial point: WGS-84 (srid 4326: x = longitude, y = latitude, in degrees) or
// Cartesian (srid 7203). Query values only (not stored as properties yet).
struct Point {
  static constexpr int32_t WGS84 = 4326;
  static constexpr int32_t CARTESIAN = 7203;
  int32_t srid = CARTESIAN;
  double x = 0;
  double y = 0;
  bool operator==(const Point&) const = default;
};

class QValue;
using QList = std::vector<QValue>;
using QMap = std::map<std::string, QValue>;

enum class QType : uint8_t {
  NUL,
  BOOL,
  INT,
  FLOAT,
  STRING,
  BYTES,
  DATE,
  DATETIME,
  DURATION,
  LIST,
  MAP,
  NODE,
  RELATIONSHIP,
  PATH,
  LOCALTIME,
  TIME,
  LOCALDATETIME,
  POINT,
};

class QValue {
 public:
  QValue() = default;
  QValue(std::nullptr_t) {}
  QValue(bool b) : v_(b) {}
  QValue(int v) : v_(int64_t{v}) {}
  QValue(int64_t v) : v_(v) {}
  QValue(double v) : v_(v) {}
  QValue(std::string s) : v_(std::move(s)) {}
  QValue(const char* s) : v_(std::string(s)) {}
  QValue(Bytes b) : v_(std::move(b)) {}
  QValue(Date d) : v_(d) {}
  QValue(DateTime t) { *this = fromDateTime(t); }
  QValue(ZonedDateTime t) : v_(t) {}
  QValue(LocalTime t) : v_(t) {}
  QValue(ZonedTime t) : v_(t) {}
  QValue(LocalDateTime t) : v_(t) {}
  QValue(Duration d) : v_(d) {}
  QValue(QList l) : v_(std::move(l)) {}
  QValue(QMap m) : v_(std::move(m)) {}
  QValue(NodeRef n) : v_(n) {}
  QValue(RelRef r) : v_(r) {}
  QValue(PathRef p) : v_(std::move(p)) {}
  QValue(Point p) : v_(p) {}

  QType type() const { return static_cast<QType>(v_.index()); }
  bool isNull() const { return v_.index() == 0; }
  bool isNumber() const { return type() == QType::INT || type() == QType::FLOAT; }

  bool asBool() const { return std::get<bool>(v_); }
  int64_t asInt() const { return std::get<int64_t>(v_); }
  double asFloat() const { return std::get<double>(v_); }
  // An INT or FLOAT as a double.
  double asNumber() const { return type() == QType::INT ? double(asInt()) : asFloat(); }
  const std::string& asString() const { return std::get<std::string>(v_); }
  const Bytes& asBytes() const { return std::get<Bytes>(v_); }
  Date asDate() const { return std::get<Date>(v_); }
  // A DATETIME, LOCALDATETIME, TIME or LOCALTIME as the store keeps it (a DateTime of the
  // matching kind).
  DateTime asDateTime() const;
  static QValue fromDateTime(const DateTime& t);
  const ZonedDateTime& asZonedDateTime() const { return std::get<ZonedDateTime>(v_); }
  LocalTime asLocalTime() const { return std::get<LocalTime>(v_); }
  ZonedTime asTime() const { return std::get<ZonedTime>(v_); }
  LocalDateTime asLocalDateTime() const { return std::get<LocalDateTime>(v_); }
  bool isTemporal() const {
    const QType t = type();
    return t == QType::DATE || t == QType::DATETIME || t == QType::LOCALTIME || t == QType::TIME ||
           t == QType::LOCALDATETIME;
  }
  const Duration& asDuration() const { return std::get<Duration>(v_); }
  const QList& asList() const { return std::get<QList>(v_); }
  QList& asList() { return std::get<QList>(v_); }
  const QMap& asMap() const { return std::get<QMap>(v_); }
  QMap& asMap() { return std::get<QMap>(v_); }
  NodeRef asNode() const { return std::get<NodeRef>(v_); }
  RelRef asRel() const { return std::get<RelRef>(v_); }
  const PathRef& asPath() const { return std::get<PathRef>(v_); }
  const Point& asPoint() const { return std::get<Point>(v_); }

  // Structural identity (same type, same contents). 1 and 1.0 differ here, and NaN differs
  // from itself; Cypher's `=` is cypherEquals(), the equality of DISTINCT, grouping keys and
  // UNION is equivalent().
  bool operator==(const QValue& o) const { return v_ == o.v_; }

  const auto& variant() const { return v_; }

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Bytes, Date, ZonedDateTime,
               Duration, QList, QMap, NodeRef, RelRef, PathRef, LocalTime, ZonedTime, LocalDateTime,
               Point>
      v_;
};

// Dates, times and datetimes as openCypher writes them: 1984-10-11, 12:31:14.645876123,
// 12:31:14+01:00, 1984-10-11T12:31:14.645876123+01:00 (Z for UTC); durations as P1Y2M3DT4H.
// A datetime in a named zone adds the zone: 2015-07-21T20:40:32.142+01:00[Europe/London].
std::string temporalText(const QValue& v);

const char* qtypeName(QType t);

// A point's coordinate reference system by name: "wgs-84" or "cartesian".
const char* crsName(const Point& p);
// A point as a map (its wire form, docs/rpc.md): srid, crs, x, y, and for WGS-84 also
// longitude and latitude.
QMap pointMap(const Point& p);

// Store values to query values and back (a query value that has no store form — a map, a
// node — throws std::invalid_argument naming its type).
QValue fromStore(const Value& v);
Value toStore(const QValue& v);

// Cypher `=`: null when either side is or contains null where it matters; numbers compare
// across INT and FLOAT. Returns std::nullopt for null (unknown).
std::optional<bool> cypherEquals(const QValue& a, const QValue& b);

// The orderability of ORDER BY: a total order over all values (openCypher's: maps, nodes,
// relationships, lists, paths, datetimes, dates, durations, strings, booleans, numbers, null),
// so nulls come last in ascending order.
int orderCompare(const QValue& a, const QValue& b);

// Comparison for <, <=, >, >=: nullopt when incomparable (different types, or null).
std::optional<int> compareValues(const QValue& a, const QValue& b);

// openCypher's equivalence, which DISTINCT, grouping keys, UNION and aggregates' DISTINCT
// use: Cypher's `=` where that is true, and also null ≡ null and NaN ≡ NaN. Numbers compare by
// value (1 ≡ 1.0, 0.0 ≡ -0.0; an integer and a float only when they are the same number),
// inside lists and maps too; every other value by its contents.
bool equivalent(const QValue& a, const QValue& b);

// Hash consistent with equivalent().
size_t hashValue(const QValue& v);
struct QValueHash {
  size_t operator()(const QValue& v) const { return hashValue(v); }
};
struct QValueEquivalent {
  bool operator()(const QValue& a, const QValue& b) const { return equivalent(a, b); }
};
struct QRowHash {
  size_t operator()(const QList& row) const;
};
struct QRowEquivalent {
  bool operator()(const QList& a, const QList& b) const;
};

// Sets and maps keyed by equivalence: what DISTINCT, grouping and UNION keep.
using ValueSet = std::unordered_set<QValue, QValueHash, QValueEquivalent>;
using RowSet = std::unordered_set<QList, QRowHash, QRowEquivalent>;
template <typename T>
using RowMap = std::unordered_map<QList, T, QRowHash, QRowEquivalent>;

}  // namespace casegraph::cypher
