#include "tck/tck-value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>

namespace casegraph::tck {

namespace {

// Recursive descent over the text; each parse* function consumes one construct or records
// the first error (parsing then unwinds with nullopt).
class TckParser {
 public:
  explicit TckParser(std::string_view text) : text_(text) {}

  TckParseResult parseAll() {
    TckParseResult out;
    skipSpace();
    auto v = parseValue();
    skipSpace();
    if (v && pos_ != text_.size()) {
      v.reset();
      setError("unexpected text after the value");
    }
    if (v) {
      out.value = std::move(*v);
    } else {
      out.error = error_;
    }
    return out;
  }

 private:
  std::optional<TckValue> parseValue() {
    skipSpace();
    if (atEnd()) return fail("a value is missing");
    const char c = peek();
    if (c == '\'' || c == '"') return wrap(parseString());
    if (c == '[') return parseListOrRelationship();
    if (c == '{') return wrap(parseMap());
    if (c == '(') return wrap(parseNode());
    if (c == '<') return wrap(parsePath());
    if (c == '-' || c == '+' || c == '.' || isDigit(c)) return parseNumber();
    return parseWord();
  }

  template <typename T>
  static std::optional<TckValue> wrap(std::optional<T> v) {
    if (!v) return std::nullopt;
    return TckValue{std::move(*v)};
  }

  // null, true, false, NaN, Inf, Infinity.
  std::optional<TckValue> parseWord() {
    const size_t start = pos_;
    while (!atEnd() && isNameChar(peek())) ++pos_;
    const std::string_view word = text_.substr(start, pos_ - start);
    if (word == "null") return TckValue{};
    if (word == "true") return TckValue{true};
    if (word == "false") return TckValue{false};
    if (word == "NaN") return TckValue{std::numeric_limits<double>::quiet_NaN()};
    if (word == "Inf" || word == "Infinity")
      return TckValue{std::numeric_limits<double>::infinity()};
    pos_ = start;
    return fail("not a value");
  }

  std::optional<TckValue> parseNumber() {
    const size_t start = pos_;
    bool negative = false;
    if (peek() == '-' || peek() == '+') {
      negative = peek() == '-';
      ++pos_;
    }
    if (!atEnd() && std::isalpha(static_cast<unsigned char>(peek()))) {
      auto word = parseWord();
      if (!word || !std::holds_alternative<double>(word->v)) return fail("not a number");
      if (negative) word->v = -std::get<double>(word->v);
      return word;
    }
    bool isFloat = false;
    while (!atEnd() && (isDigit(peek()) || peek() == '.' || peek() == 'e' || peek() == 'E' ||
                        ((peek() == '-' || peek() == '+') &&
                         (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E')))) {
      if (!isDigit(peek())) isFloat = true;
      ++pos_;
    }
    // from_chars takes neither a leading '+' nor a number starting with '.': "+.5" -> "0.5".
    std::string digits(text_.substr(start, pos_ - start));
    if (!digits.empty() && digits[0] == '+') digits.erase(0, 1);
    const size_t firstDigit = digits[0] == '-' ? 1 : 0;
    if (firstDigit < digits.size() && digits[firstDigit] == '.') digits.insert(firstDigit, "0");
    const char* begin = digits.data();
    const char* end = digits.data() + digits.size();
    if (isFloat) {
      double d = 0;
      const auto r = std::from_chars(begin, end, d);
      if (r.ec != std::errc() || r.ptr != end) return failAt(start, "not a number");
      return TckValue{d};
    }
    int64_t i = 0;
    const auto r = std::from_chars(begin, end, i);
    if (r.ec != std::errc() || r.ptr != end)
      return failAt(start, "not an integer (or out of range)");
    return TckValue{i};
  }

  std::optional<std::string> parseString() {
    const char quote = peek();
    ++pos_;
    std::string out;
    while (!atEnd() && peek() != quote) {
      char c = text_[pos_++];
      if (c == '\\' && !atEnd()) c = unescape(text_[pos_++]);
      out += c;
    }
    if (atEnd()) return fail("a string that is never closed");
    ++pos_;
    return out;
  }

  static char unescape(char c) {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      default:
        return c;  // \\ \' \" and anything else: the character itself
    }
  }

  std::optional<TckValue> parseListOrRelationship() {
    const size_t start = pos_;
    ++pos_;
    skipSpace();
    if (!atEnd() && peek() == ':') {
      pos_ = start;
      return wrap(parseRelationship());
    }
    TckList items;
    if (consume(']')) return TckValue{std::move(items)};
    for (;;) {
      auto item = parseValue();
      if (!item) return std::nullopt;
      items.push_back(std::move(*item));
      skipSpace();
      if (consume(']')) return TckValue{std::move(items)};
      if (!consume(',')) return fail("expected , or ] in a list");
    }
  }

  std::optional<TckMap> parseMap() {
    ++pos_;  // {
    TckMap map;
    skipSpace();
    if (consume('}')) return map;
    for (;;) {
      skipSpace();
      auto key = parseName();
      if (!key) return std::nullopt;
      skipSpace();
      if (!consume(':')) return fail("expected : after a map key");
      auto value = parseValue();
      if (!value) return std::nullopt;
      mapPut(map, std::move(*key), std::move(*value));
      skipSpace();
      if (consume('}')) return map;
      if (!consume(',')) return fail("expected , or } in a map");
    }
  }

  // (:A:B {k: v}) — labels and properties both optional.
  std::optional<TckNode> parseNode() {
    ++pos_;  // (
    TckNode node;
    skipSpace();
    while (consume(':')) {
      auto label = parseName();
      if (!label) return std::nullopt;
      node.labels.push_back(std::move(*label));
      skipSpace();
    }
    std::sort(node.labels.begin(), node.labels.end());
    if (!atEnd() && peek() == '{') {
      auto props = parseMap();
      if (!props) return std::nullopt;
      node.properties = std::move(*props);
      skipSpace();
    }
    if (!consume(')')) return fail("expected ) to close a node");
    return node;
  }

  // [:T {k: v}]
  std::optional<TckRelationship> parseRelationship() {
    ++pos_;  // [
    skipSpace();
    if (!consume(':')) return fail("expected :TYPE in a relationship");
    TckRelationship rel;
    auto type = parseName();
    if (!type) return std::nullopt;
    rel.type = std::move(*type);
    skipSpace();
    if (!atEnd() && peek() == '{') {
      auto props = parseMap();
      if (!props) return std::nullopt;
      rel.properties = std::move(*props);
      skipSpace();
    }
    if (!consume(']')) return fail("expected ] to close a relationship");
    return rel;
  }

  // <(:A)-[:T]->(:B)<-[:U]-(:C)>
  std::optional<TckPath> parsePath() {
    ++pos_;  // <
    TckPath path;
    skipSpace();
    if (atEnd() || peek() != '(') return fail("a path starts with a node");
    auto first = parseNode();
    if (!first) return std::nullopt;
    path.nodes.push_back(std::move(*first));
    for (;;) {
      skipSpace();
      if (consume('>')) return path;
      const bool incoming = consume('<');
      if (!consume('-')) return fail("expected -[ or <-[ or > in a path");
      skipSpace();
      if (atEnd() || peek() != '[') return fail("expected [:TYPE] in a path");
      auto rel = parseRelationship();
      if (!rel) return std::nullopt;
      skipSpace();
      if (!consume('-')) return fail("expected - after a path's relationship");
      const bool outgoing = consume('>');
      if (incoming == outgoing) return fail("a path's relationship needs exactly one direction");
      skipSpace();
      if (atEnd() || peek() != '(') return fail("expected a node in a path");
      auto node = parseNode();
      if (!node) return std::nullopt;
      path.relationships.push_back(std::move(*rel));
      path.forward.push_back(outgoing);
      path.nodes.push_back(std::move(*node));
    }
  }

  // A label, type or map key: plain, or in backticks (`` for a backtick inside).
  std::optional<std::string> parseName() {
    if (consume('`')) {
      std::string out;
      while (!atEnd()) {
        const char c = text_[pos_++];
        if (c != '`') {
          out += c;
        } else if (consume('`')) {
          out += '`';
        } else {
          return out;
        }
      }
      return fail("a `name` that is never closed");
    }
    const size_t start = pos_;
    while (!atEnd() && isNameChar(peek())) ++pos_;
    if (pos_ == start) return fail("expected a name");
    return std::string(text_.substr(start, pos_ - start));
  }

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }
  static bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  }
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  bool consume(char c) {
    if (atEnd() || peek() != c) return false;
    ++pos_;
    return true;
  }
  void skipSpace() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      ++pos_;
    }
  }
  void setError(const std::string& message) {
    if (error_.empty()) error_ = message + " at character " + std::to_string(pos_ + 1);
  }
  std::nullopt_t fail(const std::string& message) {
    setError(message);
    return std::nullopt;
  }
  std::nullopt_t failAt(size_t at, const std::string& message) {
    pos_ = at;
    return fail(message);
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

bool isPlainName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

void appendName(std::string& out, const std::string& name) {
  if (isPlainName(name)) {
    out += name;
    return;
  }
  out += '`';
  for (const char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
  out += '`';
}

void appendQuoted(std::string& out, const std::string& s) {
  out += '\'';
  for (const char c : s) {
    switch (c) {
      case '\'':
        out += "\\'";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  out += '\'';
}

void appendFloat(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-Inf" : "Inf";
    return;
  }
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  std::string text(buf, r.ptr);
  // The TCK writes every float with a fraction or an exponent: 1.0, not 1.
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  out += text;
}

void append(std::string& out, const TckValue& v);

void appendMap(std::string& out, const TckMap& map) {
  out += '{';
  bool first = true;
  for (const auto& [key, value] : map) {
    if (!first) out += ", ";
    first = false;
    appendName(out, key);
    out += ": ";
    append(out, value);
  }
  out += '}';
}

void appendNode(std::string& out, const TckNode& node) {
  out += '(';
  for (const auto& label : node.labels) {
    out += ':';
    appendName(out, label);
  }
  if (!node.properties.empty()) {
    if (!node.labels.empty()) out += ' ';
    appendMap(out, node.properties);
  }
  out += ')';
}

void appendRelationship(std::string& out, const TckRelationship& rel) {
  out += "[:";
  appendName(out, rel.type);
  if (!rel.properties.empty()) {
    out += ' ';
    appendMap(out, rel.properties);
  }
  out += ']';
}

void appendPath(std::string& out, const TckPath& path) {
  out += '<';
  for (size_t i = 0; i < path.nodes.size(); ++i) {
    if (i > 0) {
      const bool forward = path.forward[i - 1];
      out += forward ? "-" : "<-";
      appendRelationship(out, path.relationships[i - 1]);
      out += forward ? "->" : "-";
    }
    appendNode(out, path.nodes[i]);
  }
  out += '>';
}

void append(std::string& out, const TckValue& v) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, int64_t>) {
          out += std::to_string(x);
        } else if constexpr (std::is_same_v<T, double>) {
          appendFloat(out, x);
        } else if constexpr (std::is_same_v<T, std::string>) {
          appendQuoted(out, x);
        } else if constexpr (std::is_same_v<T, TckList>) {
          out += '[';
          for (size_t i = 0; i < x.size(); ++i) {
            if (i > 0) out += ", ";
            append(out, x[i]);
          }
          out += ']';
        } else if constexpr (std::is_same_v<T, TckMap>) {
          appendMap(out, x);
        } else if constexpr (std::is_same_v<T, TckNode>) {
          appendNode(out, x);
        } else if constexpr (std::is_same_v<T, TckRelationship>) {
          appendRelationship(out, x);
        } else if constexpr (std::is_same_v<T, TckPath>) {
          appendPath(out, x);
        } else {
          static_assert(std::is_same_v<T, TckOther>);
          appendQuoted(out, x.text);
        }
      },
      v.v);
}

bool floatsEqual(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (a == b) return true;  // also equal infinities, and 0.0 with -0.0
  if (std::isinf(a) || std::isinf(b)) return false;
  return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

bool mapsEqual(const TckMap& a, const TckMap& b, const CompareOptions& options) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].first != b[i].first || !tckEquals(a[i].second, b[i].second, options)) return false;
  }
  return true;
}

bool nodesEqual(const TckNode& a, const TckNode& b, const CompareOptions& options) {
  return a.labels == b.labels && mapsEqual(a.properties, b.properties, options);
}

bool relationshipsEqual(const TckRelationship& a, const TckRelationship& b,
                        const CompareOptions& options) {
  return a.type == b.type && mapsEqual(a.properties, b.properties, options);
}

bool pathsEqual(const TckPath& a, const TckPath& b, const CompareOptions& options) {
  if (a.nodes.size() != b.nodes.size() || a.forward != b.forward) return false;
  for (size_t i = 0; i < a.nodes.size(); ++i) {
    if (!nodesEqual(a.nodes[i], b.nodes[i], options)) return false;
  }
  for (size_t i = 0; i < a.relationships.size(); ++i) {
    if (!relationshipsEqual(a.relationships[i], b.relationships[i], options)) return false;
  }
  return true;
}

bool listsEqual(const TckList& a, const TckList& b, const CompareOptions& options) {
  if (a.size() != b.size()) return false;
  if (options.ignoreListOrder) {
    return sameMultiset(a.size(),
                        [&](size_t i, size_t j) { return tckEquals(a[i], b[j], options); });
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (!tckEquals(a[i], b[i], options)) return false;
  }
  return true;
}

}  // namespace

void mapPut(TckMap& map, std::string key, TckValue value) {
  const auto at =
      std::lower_bound(map.begin(), map.end(), key,
                       [](const auto& entry, const std::string& k) { return entry.first < k; });
  if (at != map.end() && at->first == key) {
    at->second = std::move(value);
    return;
  }
  map.emplace(at, std::move(key), std::move(value));
}

TckParseResult parseTckValue(std::string_view text) { return TckParser(text).parseAll(); }

std::string formatTck(const TckValue& value) {
  std::string out;
  append(out, value);
  return out;
}

bool tckEquals(const TckValue& expected, const TckValue& actual, const CompareOptions& options) {
  if (const auto* other = std::get_if<TckOther>(&actual.v)) {
    if (const auto* s = std::get_if<std::string>(&expected.v)) return other->text == *s;
  }
  if (const auto* other = std::get_if<TckOther>(&expected.v)) {
    if (const auto* s = std::get_if<std::string>(&actual.v)) return other->text == *s;
  }
  if (expected.v.index() != actual.v.index()) return false;
  return std::visit(
      [&](const auto& e) -> bool {
        using T = std::decay_t<decltype(e)>;
        const T& a = std::get<T>(actual.v);
        if constexpr (std::is_same_v<T, std::monostate>) {
          return true;
        } else if constexpr (std::is_same_v<T, double>) {
          return floatsEqual(e, a);
        } else if constexpr (std::is_same_v<T, TckList>) {
          return listsEqual(e, a, options);
        } else if constexpr (std::is_same_v<T, TckMap>) {
          return mapsEqual(e, a, options);
        } else if constexpr (std::is_same_v<T, TckNode>) {
          return nodesEqual(e, a, options);
        } else if constexpr (std::is_same_v<T, TckRelationship>) {
          return relationshipsEqual(e, a, options);
        } else if constexpr (std::is_same_v<T, TckPath>) {
          return pathsEqual(e, a, options);
        } else if constexpr (std::is_same_v<T, TckOther>) {
          return e.text == a.text;
        } else {
          return e == a;
        }
      },
      expected.v);
}

bool sameMultiset(size_t count, const std::function<bool(size_t, size_t)>& equal) {
  // First a greedy pass: it succeeds whenever equality is transitive, which is nearly always.
  std::vector<bool> used(count, false);
  bool greedyOk = true;
  for (size_t i = 0; i < count && greedyOk; ++i) {
    greedyOk = false;
    for (size_t j = 0; j < count; ++j) {
      if (!used[j] && equal(i, j)) {
        used[j] = true;
        greedyOk = true;
        break;
      }
    }
  }
  if (greedyOk) return true;
  // Greedy can fail where a matching exists (two floats each within tolerance of two others),
  // so settle it with augmenting paths over the whole equality matrix (Kuhn's algorithm).
  std::vector<std::vector<bool>> eq(count, std::vector<bool>(count));
  for (size_t i = 0; i < count; ++i) {
    for (size_t j = 0; j < count; ++j) eq[i][j] = equal(i, j);
  }
  constexpr size_t NONE = SIZE_MAX;
  std::vector<size_t> matchOfActual(count, NONE);
  std::function<bool(size_t, std::vector<bool>&)> augment = [&](size_t i, std::vector<bool>& seen) {
    for (size_t j = 0; j < count; ++j) {
      if (!eq[i][j] || seen[j]) continue;
      seen[j] = true;
      if (matchOfActual[j] == NONE || augment(matchOfActual[j], seen)) {
        matchOfActual[j] = i;
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < count; ++i) {
    std::vector<bool> seen(count, false);
    if (!augment(i, seen)) return false;
  }
  return true;
}

ToQueryResult toQueryValue(const TckValue& value) {
  ToQueryResult out;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out.value = cypher::QValue();
        } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, int64_t> ||
                             std::is_same_v<T, double> || std::is_same_v<T, std::string>) {
          out.value = cypher::QValue(x);
        } else if constexpr (std::is_same_v<T, TckList>) {
          cypher::QList list;
          for (const auto& item : x) {
            auto converted = toQueryValue(item);
            if (!converted.value) {
              out.error = converted.error;
              return;
            }
            list.push_back(std::move(*converted.value));
          }
          out.value = cypher::QValue(std::move(list));
        } else if constexpr (std::is_same_v<T, TckMap>) {
          cypher::QMap map;
          for (const auto& [key, item] : x) {
            auto converted = toQueryValue(item);
            if (!converted.value) {
              out.error = converted.error;
              return;
            }
            map[key] = std::move(*converted.value);
          }
          out.value = cypher::QValue(std::move(map));
        } else {
          out.error = "a parameter cannot be " + formatTck(value);
        }
      },
      value.v);
  return out;
}

}  // namespace casegraph::tck
