#include "values.h"

#include <cmath>
#include <cstdio>

namespace casegraph::randomq {

namespace {

bool isNumber(const QValue& v) { return v.type() == QType::INT || v.type() == QType::FLOAT; }

// Numbers by value: -1, 0, 1, or UNORDERED for NaN.
int compareNumbers(const QValue& a, const QValue& b) {
  if (a.type() == QType::INT && b.type() == QType::INT) {
    return a.asInt() < b.asInt() ? -1 : a.asInt() > b.asInt() ? 1 : 0;
  }
  const long double x = a.type() == QType::INT ? static_cast<long double>(a.asInt()) : a.asFloat();
  const long double y = b.type() == QType::INT ? static_cast<long double>(b.asInt()) : b.asFloat();
  if (std::isnan(x) || std::isnan(y)) return UNORDERED;
  return x < y ? -1 : x > y ? 1 : 0;
}

int rank(const QValue& v) {
  switch (v.type()) {
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
    case QType::STRING:
      return 5;
    case QType::BOOL:
      return 6;
    case QType::INT:
    case QType::FLOAT:
      return 7;
    case QType::NUL:
      return 9;
    default:
      return 8;
  }
}

template <typename T>
int three(const T& a, const T& b) {
  return a < b ? -1 : b < a ? 1 : 0;
}

std::string showFloat(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  std::string s = buf;
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::optional<bool> refEquals(const QValue& a, const QValue& b) {
  if (a.isNull() || b.isNull()) return std::nullopt;
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case QType::LIST: {
      const QList& x = a.asList();
      const QList& y = b.asList();
      if (x.size() != y.size()) return false;
      bool unknown = false;
      for (size_t i = 0; i < x.size(); ++i) {
        const auto e = refEquals(x[i], y[i]);
        if (!e) {
          unknown = true;
        } else if (!*e) {
          return false;
        }
      }
      if (unknown) return std::nullopt;
      return true;
    }
    case QType::BOOL:
      return a.asBool() == b.asBool();
    case QType::STRING:
      return a.asString() == b.asString();
    case QType::NODE:
      return a.asNode().id == b.asNode().id;
    case QType::RELATIONSHIP:
      return a.asRel().id == b.asRel().id;
    case QType::PATH:
      return a.asPath() == b.asPath();
    default:
      return false;  // not generated
  }
}

std::optional<int> refCompare(const QValue& a, const QValue& b) {
  if (a.isNull() || b.isNull()) return std::nullopt;
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case QType::STRING:
      return three(a.asString(), b.asString());
    case QType::BOOL:
      return three(a.asBool(), b.asBool());
    default:
      return std::nullopt;  // lists and entities are not compared by the generator
  }
}

int refOrder(const QValue& a, const QValue& b) {
  const int ra = rank(a);
  const int rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.type()) {
    case QType::INT:
    case QType::FLOAT: {
      const bool an = a.type() == QType::FLOAT && std::isnan(a.asFloat());
      const bool bn = b.type() == QType::FLOAT && std::isnan(b.asFloat());
      if (an || bn) return an && bn ? 0 : an ? 1 : -1;
      return compareNumbers(a, b);
    }
    case QType::STRING:
      return three(a.asString(), b.asString());
    case QType::BOOL:
      return three(a.asBool(), b.asBool());
    case QType::NODE:
      return three(a.asNode().id, b.asNode().id);
    case QType::RELATIONSHIP:
      return three(a.asRel().id, b.asRel().id);
    case QType::PATH: {
      const auto& x = a.asPath();
      const auto& y = b.asPath();
      if (int c = three(x.nodes, y.nodes)) return c;
      return three(x.rels, y.rels);
    }
    case QType::LIST: {
      const QList& x = a.asList();
      const QList& y = b.asList();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = refOrder(x[i], y[i])) return c;
      }
      return three(x.size(), y.size());
    }
    default:
      return 0;
  }
}

bool equivalentRows(const QList& a, const QList& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!refEquivalent(a[i], b[i])) return false;
  }
  return true;
}

std::string show(const QValue& v) {
  switch (v.type()) {
    case QType::NUL:
      return "null";
    case QType::BOOL:
      return v.asBool() ? "true" : "false";
    case QType::INT:
      return std::to_string(v.asInt());
    case QType::FLOAT:
      return showFloat(v.asFloat());
    case QType::STRING: {
      const std::string& s = v.asString();
      if (s.size() <= 40) return quote(s);
      return quote(s.substr(0, 24) + "..." + s.substr(s.size() - 8)) + "(" +
             std::to_string(s.size()) + " bytes)";
    }
    case QType::LIST: {
      std::string out = "[";
      for (size_t i = 0; i < v.asList().size(); ++i) out += (i ? ", " : "") + show(v.asList()[i]);
      return out + "]";
    }
    case QType::NODE:
      return "(#" + std::to_string(v.asNode().id) + ")";
    case QType::RELATIONSHIP:
      return "[#" + std::to_string(v.asRel().id) + "]";
    case QType::PATH: {
      const auto& p = v.asPath();
      std::string out = "<#" + std::to_string(p.nodes.at(0));
      for (size_t i = 0; i < p.rels.size(); ++i) {
        out += "-[#" + std::to_string(p.rels[i]) + "]-#" + std::to_string(p.nodes[i + 1]);
      }
      return out + ">";
    }
    case QType::MAP: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, e] : v.asMap()) {
        out += (first ? "" : ", ") + k + ": " + show(e);
        first = false;
      }
      return out + "}";
    }
    default:
      return "<" + std::string(cypher::qtypeName(v.type())) + ">";
  }
}

std::string showRow(const QList& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) out += (i ? " | " : "") + show(row[i]);
  return out;
}

std::string literal(const QValue& v) {
  switch (v.type()) {
    case QType::FLOAT: {
      const double d = v.asFloat();
      if (std::isnan(d)) return "(0.0 / 0.0)";
      if (d == 0 && std::signbit(d)) return "-0.0";
      return showFloat(d);
    }
    case QType::STRING:
      return quote(v.asString());
    case QType::LIST: {
      std::string out = "[";
      for (size_t i = 0; i < v.asList().size(); ++i) {
        out += (i ? ", " : "") + literal(v.asList()[i]);
      }
      return out + "]";
    }
    default:
      return show(v);
  }
}

}  // namespace casegraph::randomq
