// Built-in functions: the scalar functions investigators and the TCK use, and the aggregates.
// Over 800 lines: every scalar function and aggregate; to be grouped by family behind one
// registry table (docs/architecture.md).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>
#include <set>

#include "query/cypher/exec/engine.h"
#include "query/cypher/functions/temporal.h"
#include "query/cypher/parse/unicode.h"
#include "query/link/node-map.h"

namespace casegraph::cypher::detail {

namespace {

[[noreturn]] void argType(const std::string& fn, const QValue& got, SourcePos pos) {
  // The TCK calls a value of the wrong type an invalid value for the conversion functions and
  // labels()/type() (whose argument must be an entity), an invalid type elsewhere.
  static const std::set<std::string> byValue = {"labels",    "type",    "toboolean",
                                                "tointeger", "tofloat", "tostring"};
  runtimeError("TypeError",
               byValue.count(lower(fn)) ? "InvalidArgumentValue" : "InvalidArgumentType",
               fn + "() does not accept a " + std::string(qtypeName(got.type())), pos);
}

void arity(const std::string& fn, const std::vector<QValue>& args, size_t lo, size_t hi,
           SourcePos pos) {
  if (args.size() < lo || args.size() > hi) {
    compileError("SyntaxError", "InvalidNumberOfArguments",
                 fn + "() takes " + std::to_string(lo) +
                     (hi != lo ? " to " + std::to_string(hi) : std::string()) + " arguments, got " +
                     std::to_string(args.size()),
                 pos);
  }
}

QValue labelsOf(const Node& n) {
  QList out;
  for (const auto& l : n.labels) out.emplace_back(l);
  return out;
}

QMap propsOf(const PropertyMap& props) {
  QMap out;
  for (const auto& [k, v] : props) out[k] = fromStore(v);
  return out;
}

std::optional<int64_t> parseInteger(const std::string& s) {
  std::string t = s;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  size_t start = 0;
  while (start < t.size() && std::isspace(static_cast<unsigned char>(t[start]))) ++start;
  t = t.substr(start);
  if (t.empty()) return std::nullopt;
  int64_t v = 0;
  const char* b = t.data() + (t[0] == '+' ? 1 : 0);
  auto [p, ec] = std::from_chars(b, t.data() + t.size(), v);
  if (ec == std::errc() && p == t.data() + t.size()) return v;
  // "1.9" converts by truncation, as toInteger(1.9) does.
  char* end = nullptr;
  const double d = std::strtod(t.c_str(), &end);
  if (end == t.c_str() + t.size() && std::isfinite(d) && std::abs(d) < 9.2e18) {
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

std::optional<double> parseFloat(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return d;
}

std::string upperLower(const std::string& s, bool upper) {
  std::string out = s;
  for (auto& c : out) {
    c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                : std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Strings are indexed by Unicode code point, not byte.
std::vector<std::string> codePoints(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0) {
      n = 4;
    } else if (c >= 0xE0) {
      n = 3;
    } else if (c >= 0xC0) {
      n = 2;
    }
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

int64_t intArg(const std::string& fn, const QValue& v, SourcePos pos) {
  if (v.type() != QType::INT) argType(fn, v, pos);
  return v.asInt();
}

}  // namespace

std::string floatToString(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, p);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

// point({longitude, latitude} | {x, y} [, crs | srid]): a 2-D point; null for a null
// coordinate.
QValue makePoint(const QValue& arg, SourcePos pos) {
  if (arg.isNull()) return {};
  if (arg.type() != QType::MAP) argType("point", arg, pos);
  const QMap& m = arg.asMap();
  auto bad = [&](const std::string& what) {
    runtimeError("ArgumentError", "InvalidArgumentValue", "point(): " + what, pos);
  };
  for (const auto& [key, value] : m) {
    static const std::set<std::string> KNOWN = {"x",   "y",    "longitude", "latitude",
                                                "crs", "srid", "z",         "height"};
    if (!KNOWN.count(key)) bad("no such field " + key);
  }
  if (m.count("z") || m.count("height")) bad("3-D points are not supported");
  const bool geographic = m.count("longitude") || m.count("latitude");
  const char* xKey = geographic ? "longitude" : "x";
  const char* yKey = geographic ? "latitude" : "y";
  if (geographic && (m.count("x") || m.count("y"))) bad("give x and y or longitude and latitude");
  auto it = m.find(xKey), jt = m.find(yKey);
  if (it == m.end() || jt == m.end()) {
    bad(std::string("needs both ") + xKey + " and " + yKey);
  }
  if (it->second.isNull() || jt->second.isNull()) return {};
  if (!it->second.isNumber()) argType("point", it->second, pos);
  if (!jt->second.isNumber()) argType("point", jt->second, pos);
  Point p;
  p.srid = geographic ? Point::WGS84 : Point::CARTESIAN;
  if (auto c = m.find("crs"); c != m.end() && !c->second.isNull()) {
    const std::string crs = c->second.type() == QType::STRING ? lower(c->second.asString()) : "";
    if (crs == "wgs-84") {
      p.srid = Point::WGS84;
    } else if (crs == "cartesian") {
      p.srid = Point::CARTESIAN;
    } else {
      bad("crs must be 'wgs-84' or 'cartesian' (2-D)");
    }
  }
  if (auto s = m.find("srid"); s != m.end() && !s->second.isNull()) {
    if (s->second.type() != QType::INT ||
        (s->second.asInt() != Point::WGS84 && s->second.asInt() != Point::CARTESIAN)) {
      bad("srid must be 4326 (WGS-84) or 7203 (Cartesian)");
    }
    p.srid = static_cast<int32_t>(s->second.asInt());
  }
  p.x = it->second.asNumber();
  p.y = jt->second.asNumber();
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) bad("coordinates must be finite");
  if (p.srid == Point::WGS84 && (p.y < -90 || p.y > 90)) {
    bad("latitude must be within -90 and 90, not " + floatToString(p.y));
  }
  return p;
}

// Metres along the earth's surface between two WGS-84 points (haversine, on the radius Neo4j
// uses), or the Euclidean distance of two Cartesian ones; null across systems.
QValue pointDistance(const QValue& a, const QValue& b, SourcePos pos) {
  if (a.isNull() || b.isNull()) return {};
  if (a.type() != QType::POINT) argType("point.distance", a, pos);
  if (b.type() != QType::POINT) argType("point.distance", b, pos);
  const Point& p = a.asPoint();
  const Point& q = b.asPoint();
  if (p.srid != q.srid) return {};
  if (p.srid == Point::CARTESIAN) return std::hypot(p.x - q.x, p.y - q.y);
  constexpr double EARTH_RADIUS_METRES = 6378140.0;
  constexpr double RADIANS = 3.14159265358979323846 / 180;
  const double lat1 = p.y * RADIANS, lat2 = q.y * RADIANS;
  const double dLat = lat2 - lat1, dLon = (q.x - p.x) * RADIANS;
  const double h = std::sin(dLat / 2) * std::sin(dLat / 2) +
                   std::cos(lat1) * std::cos(lat2) * std::sin(dLon / 2) * std::sin(dLon / 2);
  return 2 * EARTH_RADIUS_METRES * std::atan2(std::sqrt(h), std::sqrt(1 - h));
}

std::string pointText(const Point& p) {
  return "point({srid:" + std::to_string(p.srid) + ", x:" + floatToString(p.x) +
         ", y:" + floatToString(p.y) + "})";
}

std::string valueToString(const QValue& v) {
  switch (v.type()) {
    case QType::INT:
      return std::to_string(v.asInt());
    case QType::FLOAT:
      return floatToString(v.asFloat());
    case QType::STRING:
      return v.asString();
    case QType::BOOL:
      return v.asBool() ? "true" : "false";
    case QType::DATE:
    case QType::DATETIME:
    case QType::LOCALDATETIME:
    case QType::TIME:
    case QType::LOCALTIME:
      return temporalText(v);
    case QType::DURATION:
      return formatDuration(v.asDuration());
    case QType::POINT:
      return pointText(v.asPoint());
    default:
      return {};
  }
}

bool isKnownFunction(std::string_view n) {
  static const std::set<std::string_view> NAMES = {"size",
                                                   "length",
                                                   "nodes",
                                                   "relationships",
                                                   "id",
                                                   "labels",
                                                   "type",
                                                   "keys",
                                                   "properties",
                                                   "startnode",
                                                   "endnode",
                                                   "coalesce",
                                                   "tolower",
                                                   "toupper",
                                                   "trim",
                                                   "ltrim",
                                                   "rtrim",
                                                   "split",
                                                   "substring",
                                                   "left",
                                                   "right",
                                                   "replace",
                                                   "reverse",
                                                   "tostring",
                                                   "tointeger",
                                                   "tofloat",
                                                   "toboolean",
                                                   "range",
                                                   "head",
                                                   "last",
                                                   "tail",
                                                   "abs",
                                                   "ceil",
                                                   "floor",
                                                   "round",
                                                   "sign",
                                                   "sqrt",
                                                   "exp",
                                                   "log",
                                                   "log10",
                                                   "rand",
                                                   "pi",
                                                   "e",
                                                   "sin",
                                                   "cos",
                                                   "tan",
                                                   "asin",
                                                   "acos",
                                                   "atan",
                                                   "atan2",
                                                   "degrees",
                                                   "radians",
                                                   "date",
                                                   "datetime",
                                                   "localdatetime",
                                                   "time",
                                                   "localtime",
                                                   "duration",
                                                   "timestamp",
                                                   "exists",
                                                   "isempty",
                                                   "tointegerornull",
                                                   "tofloatornull",
                                                   "tostringornull",
                                                   "tobooleanornull",
                                                   "haversin",
                                                   "point",
                                                   "point.distance",
                                                   "distance",
                                                   "cot",
                                                   "elementid"};
  return NAMES.count(n) != 0 || isAggregateName(n) || isTemporalFunction(n);
}

QValue callFunction(const std::string& name, const FunctionCall& call, std::vector<QValue>& args,
                    const Env& env, SourcePos pos) {
  QueryContext& ctx = env.ctx;
  auto one = [&] { arity(call.name, args, 1, 1, pos); };
  // Most functions return null for a null argument.
  auto nullIn = [&] {
    return std::any_of(args.begin(), args.end(), [](const QValue& a) { return a.isNull(); });
  };

  if (name == "coalesce") {
    for (auto& a : args) {
      if (!a.isNull()) return a;
    }
    return {};
  }
  if (name == "pi") return M_PI;
  if (name == "e") return M_E;
  if (name == "rand") {
    static thread_local std::mt19937_64 gen{std::random_device{}()};
    return std::uniform_real_distribution<double>(0, 1)(gen);
  }
  if (name == "timestamp") {
    return floorDiv(ctx.statementNanos(), 1'000'000);
  }
  if (name == "range") {
    arity(call.name, args, 2, 3, pos);
    for (auto& a : args) {
      if (a.type() != QType::INT) {
        runtimeError("ArgumentError", "InvalidArgumentType",
                     std::string("range() needs integers, got ") + qtypeName(a.type()), pos);
      }
    }
    const int64_t from = args[0].asInt();
    const int64_t to = args[1].asInt();
    const int64_t step = args.size() == 3 ? args[2].asInt() : 1;
    if (step == 0) {
      runtimeError("ArgumentError", "NumberOutOfRange", "range() step must not be 0", pos);
    }
    QList out;
    for (int64_t i = from; step > 0 ? i <= to : i >= to; i += step) {
      ctx.checkpoint();
      if (out.size() >= ctx.options.maxRows) {
        runtimeError("ArgumentError", "NumberOutOfRange", "range() is too long", pos);
      }
      out.emplace_back(i);
    }
    return out;
  }
  if (name == "date" || name == "datetime" || name == "localdatetime" || name == "time" ||
      name == "localtime") {
    arity(call.name, args, 0, 1, pos);
    return makeTemporal(name, args.empty() ? nullptr : &args[0], ctx.statementNanos(), pos);
  }
  if (name == "duration") {
    one();
    return makeDuration(args[0], pos);
  }
  if (name == "point") {
    one();
    return makePoint(args[0], pos);
  }
  if (name == "point.distance" || name == "distance") {
    arity(call.name, args, 2, 2, pos);
    return pointDistance(args[0], args[1], pos);
  }
  if (name.find('.') != std::string::npos) {
    if (auto v = callTemporalFunction(name, args, ctx.statementNanos(), pos)) return *v;
  }

  if (name == "atan2") {
    arity(call.name, args, 2, 2, pos);
    if (nullIn()) return {};
    if (!args[0].isNumber()) argType(name, args[0], pos);
    if (!args[1].isNumber()) argType(name, args[1], pos);
    return std::atan2(args[0].asNumber(), args[1].asNumber());
  }
  if (name == "split") {
    arity(call.name, args, 2, 2, pos);
    if (nullIn()) return {};
    if (args[0].type() != QType::STRING) argType(name, args[0], pos);
    if (args[1].type() != QType::STRING) argType(name, args[1], pos);
    const auto& s = args[0].asString();
    const auto& sep = args[1].asString();
    QList out;
    if (sep.empty()) {
      for (auto& cp : codePoints(s)) out.emplace_back(cp);
      return out;
    }
    size_t start = 0;
    for (size_t at; (at = s.find(sep, start)) != std::string::npos; start = at + sep.size()) {
      out.emplace_back(s.substr(start, at - start));
    }
    out.emplace_back(s.substr(start));
    return out;
  }
  if (name == "substring") {
    arity(call.name, args, 2, 3, pos);
    if (args[0].isNull()) return {};
    if (args[0].type() != QType::STRING) argType(name, args[0], pos);
    const auto cps = codePoints(args[0].asString());
    const int64_t start = intArg(name, args[1], pos);
    int64_t len = args.size() == 3 ? intArg(name, args[2], pos) : static_cast<int64_t>(cps.size());
    if (start < 0 || len < 0) {
      runtimeError("ArgumentError", "NumberOutOfRange",
                   "substring() needs a non-negative start and length", pos);
    }
    std::string out;
    for (int64_t i = start; i < static_cast<int64_t>(cps.size()) && len > 0; ++i, --len) {
      out += cps[static_cast<size_t>(i)];
    }
    return out;
  }
  if (name == "left" || name == "right") {
    arity(call.name, args, 2, 2, pos);
    if (args[0].isNull()) return {};
    if (args[0].type() != QType::STRING) argType(name, args[0], pos);
    if (args[1].isNull()) {
      runtimeError("ArgumentError", "InvalidArgumentValue", name + "() needs a length", pos);
    }
    const int64_t n = intArg(name, args[1], pos);
    if (n < 0) runtimeError("ArgumentError", "NumberOutOfRange", name + "() length < 0", pos);
    const auto cps = codePoints(args[0].asString());
    const size_t take = std::min<size_t>(static_cast<size_t>(n), cps.size());
    std::string out;
    const size_t from = name == "left" ? 0 : cps.size() - take;
    for (size_t i = from; i < from + take; ++i) out += cps[i];
    return out;
  }
  if (name == "replace") {
    arity(call.name, args, 3, 3, pos);
    if (nullIn()) return {};
    for (auto& a : args) {
      if (a.type() != QType::STRING) argType(name, a, pos);
    }
    std::string s = args[0].asString();
    const auto& from = args[1].asString();
    const auto& to = args[2].asString();
    if (from.empty()) return s;
    std::string out;
    size_t start = 0;
    for (size_t at; (at = s.find(from, start)) != std::string::npos; start = at + from.size()) {
      out += s.substr(start, at - start) + to;
    }
    return out + s.substr(start);
  }

  // One-argument functions from here on.
  one();
  QValue& a = args[0];
  if (name == "exists") return !a.isNull();
  if (a.isNull()) return {};
  switch (a.type()) {
    case QType::NODE: {
      if (name == "labels" || name == "keys" || name == "properties") ctx.requireLive(a, pos);
      const Node& n = ctx.node(a.asNode().id);
      if (name == "id") return static_cast<int64_t>(n.id);
      if (name == "elementid") return std::to_string(n.id);
      if (name == "labels") return labelsOf(n);
      if (name == "keys") {
        QList out;
        for (const auto& [k, v] : n.properties) out.emplace_back(k);
        return out;
      }
      if (name == "properties") return propsOf(n.properties);
      break;
    }
    case QType::RELATIONSHIP: {
      if (name == "keys" || name == "properties") ctx.requireLive(a, pos);
      const Edge& e = ctx.edge(a.asRel().id);
      if (name == "id") return static_cast<int64_t>(e.id);
      if (name == "elementid") return std::to_string(e.id);
      if (name == "type") return e.type;
      if (name == "startnode") return NodeRef{e.start};
      if (name == "endnode") return NodeRef{e.end};
      if (name == "keys") {
        QList out;
        for (const auto& [k, v] : e.properties) out.emplace_back(k);
        return out;
      }
      if (name == "properties") return propsOf(e.properties);
      break;
    }
    case QType::PATH: {
      const auto& p = a.asPath();
      if (name == "length") return static_cast<int64_t>(p.rels.size());
      if (name == "nodes") {
        QList out;
        for (auto n : p.nodes) out.emplace_back(NodeRef{n});
        return out;
      }
      if (name == "relationships") {
        QList out;
        for (auto r : p.rels) out.emplace_back(RelRef{r});
        return out;
      }
      break;
    }
    case QType::MAP:
      if (name == "keys") {
        QList out;
        for (const auto& [k, v] : a.asMap()) out.emplace_back(k);
        return out;
      }
      if (name == "properties") return a;
      if (name == "size") break;
      break;
    case QType::LIST: {
      const auto& l = a.asList();
      if (name == "size") return static_cast<int64_t>(l.size());
      if (name == "head") return l.empty() ? QValue() : l.front();
      if (name == "last") return l.empty() ? QValue() : l.back();
      if (name == "tail") return l.empty() ? QList{} : QList(l.begin() + 1, l.end());
      if (name == "reverse") return QList(l.rbegin(), l.rend());
      if (name == "isempty") return l.empty();
      break;
    }
    case QType::STRING: {
      const auto& s = a.asString();
      if (name == "size" || name == "length") {
        return static_cast<int64_t>(codePoints(s).size());
      }
      if (name == "tolower") return upperLower(s, false);
      if (name == "toupper") return upperLower(s, true);
      if (name == "isempty") return s.empty();
      if (name == "trim" || name == "ltrim" || name == "rtrim") {
        size_t b = 0;
        size_t e = s.size();
        if (name != "rtrim") {
          while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
        }
        if (name != "ltrim") {
          while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
        }
        return s.substr(b, e - b);
      }
      if (name == "reverse") {
        auto cps = codePoints(s);
        std::string out;
        for (size_t i = cps.size(); i-- > 0;) out += cps[i];
        return out;
      }
      if (name == "tostring" || name == "tostringornull") return s;
      if (name == "tointeger" || name == "tointegerornull") {
        auto v = parseInteger(s);
        return v ? QValue(*v) : QValue();
      }
      if (name == "tofloat" || name == "tofloatornull") {
        auto v = parseFloat(s);
        return v ? QValue(*v) : QValue();
      }
      if (name == "toboolean" || name == "tobooleanornull") {
        const std::string l = lower(s);
        if (l == "true") return true;
        if (l == "false") return false;
        return {};
      }
      break;
    }
    case QType::INT:
    case QType::FLOAT: {
      const double x = a.asNumber();
      if (name == "tostring" || name == "tostringornull") return valueToString(a);
      if (name == "tointeger" || name == "tointegerornull") {
        if (a.type() == QType::INT) return a;
        if (!std::isfinite(x)) return {};
        return static_cast<int64_t>(x);
      }
      if (name == "tofloat" || name == "tofloatornull") return x;
      if (name == "abs") {
        if (a.type() == QType::INT) return a.asInt() < 0 ? -a.asInt() : a.asInt();
        return std::abs(x);
      }
      if (name == "sign") return static_cast<int64_t>((x > 0) - (x < 0));
      if (name == "ceil") return std::ceil(x);
      if (name == "floor") return std::floor(x);
      if (name == "round") return std::floor(x + 0.5);
      if (name == "sqrt") return std::sqrt(x);
      if (name == "exp") return std::exp(x);
      if (name == "log") return std::log(x);
      if (name == "log10") return std::log10(x);
      if (name == "sin") return std::sin(x);
      if (name == "cos") return std::cos(x);
      if (name == "tan") return std::tan(x);
      if (name == "cot") return 1.0 / std::tan(x);
      if (name == "asin") return std::asin(x);
      if (name == "acos") return std::acos(x);
      if (name == "atan") return std::atan(x);
      if (name == "degrees") return x * 180.0 / M_PI;
      if (name == "radians") return x * M_PI / 180.0;
      if (name == "haversin") return (1 - std::cos(x)) / 2;
      if (name == "toboolean" || name == "tobooleanornull") {
        if (a.type() == QType::INT) return a.asInt() != 0;
      }
      break;
    }
    case QType::BOOL:
      if (name == "tostring" || name == "tostringornull") return valueToString(a);
      if (name == "toboolean" || name == "tobooleanornull") return a;
      if (name == "tointeger" || name == "tointegerornull") return int64_t{a.asBool()};
      break;
    case QType::DATE:
    case QType::DATETIME:
    case QType::LOCALDATETIME:
    case QType::TIME:
    case QType::LOCALTIME:
    case QType::DURATION:
    case QType::POINT:
      if (name == "tostring" || name == "tostringornull") return valueToString(a);
      break;
    default:
      break;
  }
  if (name.size() > 6 && name.compare(name.size() - 6, 6, "ornull") == 0) return {};
  if (!isKnownFunction(name)) {
    compileError("SyntaxError", "UnknownFunction", "unknown function " + call.name + "()", pos);
  }
  argType(call.name, a, pos);
}

// --- aggregates ------------------------------------------------------------------------------

bool isAggregateName(std::string_view n) {
  return n == "count" || n == "collect" || n == "sum" || n == "avg" || n == "min" || n == "max" ||
         n == "stdev" || n == "stdevp" || n == "percentiledisc" || n == "percentilecont";
}

bool containsAggregate(const Expr& expr) {
  if (expr.as<CountStar>()) return true;
  if (const auto* f = expr.as<FunctionCall>(); f && isAggregateName(lower(f->name))) return true;
  // Comprehensions and patterns have their own scope; aggregates inside them are still
  // aggregates of the enclosing projection (and rejected there when nested).
  bool found = false;
  forEachChild(expr, [&](const Expr& child) { found = found || containsAggregate(child); });
  return found;
}

void collectAggregates(const Expr& expr, std::vector<const Expr*>& out) {
  if (expr.as<CountStar>()) {
    out.push_back(&expr);
    return;
  }
  if (const auto* f = expr.as<FunctionCall>(); f && isAggregateName(lower(f->name))) {
    for (const auto& arg : f->args) {
      if (containsAggregate(arg)) {
        compileError("SyntaxError", "NestedAggregation",
                     "an aggregate function cannot contain another", arg.pos);
      }
    }
    out.push_back(&expr);
    return;
  }
  forEachChild(expr, [&](const Expr& child) { collectAggregates(child, out); });
}

namespace {

// The values a DISTINCT aggregate has seen. Nodes and relationships — the common case,
// count(DISTINCT b) over a large neighbourhood — are kept by id in open-addressing sets; other
// values in a hash set of values.
class DistinctSet {
 public:
  bool insert(const QValue& v, const Reader& reader) {
    if (v.type() == QType::NODE) {
      // One set per group: a bitmap only for a group that grows large.
      if (!nodes_) nodes_ = std::make_unique<NodeSet>(reader.nodeIdBound(), NodeSet::SMALL_FIRST);
      return nodes_->insert(v.asNode().id);
    }
    if (v.type() == QType::RELATIONSHIP) return rels_.insert(v.asRel().id + 1, 1).second;
    return others_.insert(v).second;
  }

 private:
  std::unique_ptr<NodeSet> nodes_;  // a bitmap once it grows: one bit a node
  NodeMap<char> rels_;
  ValueSet others_;
};

class ArgAggregator : public Aggregator {
 public:
  ArgAggregator(const Expr& call, const FunctionCall& f) : call_(call), f_(f) {}
  void add(const Env& env) final {
    // A plain variable is read in place (count(DISTINCT b) over many rows).
    const QValue* direct = nullptr;
    if (const auto* var = f_.args.at(0).as<Variable>()) direct = env.lookup(var->name);
    QValue v = direct ? QValue() : evaluate(f_.args.at(0), env);
    const QValue& value = direct ? *direct : v;
    if (value.isNull()) return;
    if (f_.distinct) {
      if (!seen_.insert(value, env.ctx.reader)) return;
    }
    if (direct && !countOnly_) v = *direct;
    if (f_.args.size() > 1 && !haveParam_) {
      param_ = evaluate(f_.args[1], env);
      haveParam_ = true;
    }
    accept(std::move(v));
  }

 protected:
  bool countOnly_ = false;  // accept() ignores the value: no copy needed
  virtual void accept(QValue v) = 0;
  const Expr& call_;
  const FunctionCall& f_;
  QValue param_;
  bool haveParam_ = false;

 private:
  DistinctSet seen_;
};

class CountAgg final : public ArgAggregator {
 public:
  CountAgg(const Expr& call, const FunctionCall& f) : ArgAggregator(call, f) { countOnly_ = true; }
  QValue result() override { return n_; }

 private:
  void accept(QValue) override { ++n_; }
  int64_t n_ = 0;
};

class CountStarAgg final : public Aggregator {
 public:
  void add(const Env&) override { ++n_; }
  QValue result() override { return n_; }

 private:
  int64_t n_ = 0;
};

class CollectAgg final : public ArgAggregator {
 public:
  using ArgAggregator::ArgAggregator;
  QValue result() override { return std::move(items_); }

 private:
  void accept(QValue v) override { items_.push_back(std::move(v)); }
  QList items_;
};

class SumAvgAgg final : public ArgAggregator {
 public:
  SumAvgAgg(const Expr& call, const FunctionCall& f, bool avg)
      : ArgAggregator(call, f), avg_(avg) {}
  QValue result() override {
    if (avg_) {
      if (n_ == 0) return {};
      if (isDuration_) {
        return *temporalArithmetic(BinaryOp::DIVIDE, QValue(dur_), QValue(n_), call_.pos);
      }
      return (isFloat_ ? f_sum_ : double(i_sum_) + f_sum_) / double(n_);
    }
    if (isDuration_) return normalDuration(dur_.months, dur_.days, dur_.seconds, dur_.nanos);
    if (isFloat_) return f_sum_ + double(i_sum_);
    return i_sum_;
  }

 private:
  void accept(QValue v) override {
    ++n_;
    if (v.type() == QType::INT) {
      if (__builtin_add_overflow(i_sum_, v.asInt(), &i_sum_)) {
        runtimeError("ArithmeticError", "IntegerOverflow", "sum() overflowed", call_.pos);
      }
    } else if (v.type() == QType::FLOAT) {
      isFloat_ = true;
      f_sum_ += v.asFloat();
    } else if (v.type() == QType::DURATION) {
      isDuration_ = true;
      const auto& d = v.asDuration();
      dur_.months += d.months, dur_.days += d.days, dur_.seconds += d.seconds,
          dur_.nanos += d.nanos;
    } else {
      argType(f_.name, v, call_.pos);
    }
  }
  bool avg_;
  bool isFloat_ = false;
  bool isDuration_ = false;
  int64_t n_ = 0;
  int64_t i_sum_ = 0;
  double f_sum_ = 0;
  Duration dur_;
};

class MinMaxAgg final : public ArgAggregator {
 public:
  MinMaxAgg(const Expr& call, const FunctionCall& f, bool max)
      : ArgAggregator(call, f), max_(max) {}
  QValue result() override { return best_; }

 private:
  void accept(QValue v) override {
    if (best_.isNull()) {
      best_ = std::move(v);
      return;
    }
    const int c = orderCompare(v, best_);
    if (max_ ? c > 0 : c < 0) best_ = std::move(v);
  }
  bool max_;
  QValue best_;
};

class NumbersAgg final : public ArgAggregator {
 public:
  NumbersAgg(const Expr& call, const FunctionCall& f, std::string kind)
      : ArgAggregator(call, f), kind_(std::move(kind)) {}
  QValue result() override {
    if (kind_ == "stdev" || kind_ == "stdevp") {
      const size_t n = xs_.size();
      if (n < 2) return 0.0;
      double mean = 0;
      for (double x : xs_) mean += x;
      mean /= double(n);
      double ss = 0;
      for (double x : xs_) ss += (x - mean) * (x - mean);
      return std::sqrt(ss / double(kind_ == "stdev" ? n - 1 : n));
    }
    if (xs_.empty()) return {};
    if (!param_.isNumber() || param_.asNumber() < 0 || param_.asNumber() > 1) {
      runtimeError("ArgumentError", "NumberOutOfRange",
                   "the percentile must be a number between 0.0 and 1.0", call_.pos);
    }
    const double p = param_.asNumber();
    std::vector<size_t> order(xs_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return xs_[a] < xs_[b]; });
    if (kind_ == "percentiledisc") {
      size_t idx = p == 0 ? 0 : static_cast<size_t>(std::ceil(p * double(xs_.size()))) - 1;
      idx = std::min(idx, xs_.size() - 1);
      return originals_[order[idx]];
    }
    const double rank = p * double(xs_.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(rank));
    const auto hi = static_cast<size_t>(std::ceil(rank));
    const double a = xs_[order[lo]];
    const double b = xs_[order[hi]];
    return a + (b - a) * (rank - double(lo));
  }

 private:
  void accept(QValue v) override {
    if (!v.isNumber()) argType(f_.name, v, call_.pos);
    xs_.push_back(v.asNumber());
    originals_.push_back(std::move(v));
  }
  std::string kind_;
  std::vector<double> xs_;
  QList originals_;
};

}  // namespace

std::unique_ptr<Aggregator> makeAggregator(const Expr& call) {
  if (call.as<CountStar>()) return std::make_unique<CountStarAgg>();
  const auto& f = *call.as<FunctionCall>();
  const std::string n = lower(f.name);
  const size_t want = (n == "percentiledisc" || n == "percentilecont") ? 2 : 1;
  if (f.args.size() != want) {
    compileError("SyntaxError", "InvalidNumberOfArguments",
                 f.name + "() takes " + std::to_string(want) + " argument" + (want > 1 ? "s" : ""),
                 call.pos);
  }
  if (n == "count") return std::make_unique<CountAgg>(call, f);
  if (n == "collect") return std::make_unique<CollectAgg>(call, f);
  if (n == "sum") return std::make_unique<SumAvgAgg>(call, f, false);
  if (n == "avg") return std::make_unique<SumAvgAgg>(call, f, true);
  if (n == "min") return std::make_unique<MinMaxAgg>(call, f, false);
  if (n == "max") return std::make_unique<MinMaxAgg>(call, f, true);
  return std::make_unique<NumbersAgg>(call, f, n);
}

}  // namespace casegraph::cypher::detail
