#include "client/lib/json.h"

#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <set>
#include <system_error>

namespace casegraph {

const JsonValue* JsonValue::find(std::string_view key) const {
  if (kind() != Kind::OBJECT) return nullptr;
  for (const auto& [k, v] : asObject()) {
    if (k == key) return &v;
  }
  return nullptr;
}

const char* jsonKindName(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::NUL:
      return "null";
    case JsonValue::Kind::BOOL:
      return "boolean";
    case JsonValue::Kind::INT:
    case JsonValue::Kind::FLOAT:
      return "number";
    case JsonValue::Kind::STRING:
      return "string";
    case JsonValue::Kind::ARRAY:
      return "array";
    case JsonValue::Kind::OBJECT:
      return "object";
  }
  return "?";
}

// --- the parser --------------------------------------------------------------------------------

namespace {

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  bool parse(JsonValue& out, std::string& error) {
    skipSpace();
    bool ok = parseValue(out, 0);
    if (ok) {
      skipSpace();
      if (pos_ < text_.size()) ok = fail("unexpected text after the JSON value");
    }
    if (!ok)
      error = "line " + std::to_string(errLine_) + ", column " + std::to_string(errColumn_) + ": " +
              error_;
    return ok;
  }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }

  // Records an error at the current position (or at `at`).
  bool fail(const std::string& what) { return failAt(pos_, what); }
  bool failAt(size_t at, const std::string& what) {
    errLine_ = 1;
    size_t lineStart = 0;
    for (size_t i = 0; i < at && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++errLine_;
        lineStart = i + 1;
      }
    }
    errColumn_ = at - lineStart + 1;
    error_ = what;
    return false;
  }

  bool failUnexpected(const char* expected) {
    if (atEnd()) return fail(std::string("unexpected end of input; expected ") + expected);
    return fail("unexpected " + describe(peek()) + "; expected " + expected);
  }

  static std::string describe(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "byte 0x%02x", u);
      return buf;
    }
    return std::string("'") + c + "'";
  }

  void skipSpace() {
    while (!atEnd()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return failUnexpected("a JSON value");
    pos_ += word.size();
    return true;
  }

  bool parseValue(JsonValue& out, int depth) {
    switch (peek()) {
      case '{':
        return parseObject(out, depth);
      case '[':
        return parseArray(out, depth);
      case '"': {
        std::string s;
        if (!parseString(s)) return false;
        out = JsonValue(std::move(s));
        return true;
      }
      case 't':
        out = JsonValue(true);
        return literal("true");
      case 'f':
        out = JsonValue(false);
        return literal("false");
      case 'n':
        out = JsonValue();
        return literal("null");
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return parseNumber(out);
        return failUnexpected("a JSON value");
    }
  }

  bool enter(int depth) {
    if (depth >= MAX_JSON_DEPTH) {
      return fail("nesting deeper than " + std::to_string(MAX_JSON_DEPTH) + " levels");
    }
    return true;
  }

  bool parseObject(JsonValue& out, int depth) {
    if (!enter(depth)) return false;
    ++pos_;  // '{'
    JsonValue::Object members;
    skipSpace();
    if (peek() == '}') {
      ++pos_;
      out = JsonValue(std::move(members));
      return true;
    }
    std::set<std::string, std::less<>> seen;
    while (true) {
      skipSpace();
      if (peek() != '"') return failUnexpected("a string (an object key)");
      const size_t keyPos = pos_;
      std::string key;
      if (!parseString(key)) return false;
      if (!seen.insert(key).second) return failAt(keyPos, "duplicate key \"" + key + "\"");
      skipSpace();
      if (peek() != ':') return failUnexpected("':'");
      ++pos_;
      skipSpace();
      JsonValue v;
      if (!parseValue(v, depth + 1)) return false;
      members.emplace_back(std::move(key), std::move(v));
      skipSpace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        out = JsonValue(std::move(members));
        return true;
      }
      return failUnexpected("',' or '}'");
    }
  }

  bool parseArray(JsonValue& out, int depth) {
    if (!enter(depth)) return false;
    ++pos_;  // '['
    JsonValue::Array items;
    skipSpace();
    if (peek() == ']') {
      ++pos_;
      out = JsonValue(std::move(items));
      return true;
    }
    while (true) {
      skipSpace();
      JsonValue v;
      if (!parseValue(v, depth + 1)) return false;
      items.push_back(std::move(v));
      skipSpace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        out = JsonValue(std::move(items));
        return true;
      }
      return failUnexpected("',' or ']'");
    }
  }

  static void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }

  // Reads the four hex digits after "\u" at pos_ (which points at the backslash).
  bool hex4(uint32_t& out) {
    if (text_.size() - pos_ < 6) {
      return fail("incomplete \\u escape; expected four hex digits");
    }
    out = 0;
    for (size_t i = pos_ + 2; i < pos_ + 6; ++i) {
      const char c = text_[i];
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        d = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        d = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return failAt(i, "invalid \\u escape; expected four hex digits");
      }
      out = out * 16 + d;
    }
    return true;
  }

  bool parseString(std::string& out) {
    const size_t start = pos_;
    ++pos_;  // '"'
    while (true) {
      if (atEnd()) return failAt(start, "unterminated string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return fail(c == '\n' ? "line break inside a string (write it as \\n)"
                              : "control character " + describe(c) + " inside a string");
      }
      if (c != '\\') {
        out.push_back(c);
        ++pos_;
        continue;
      }
      if (pos_ + 1 >= text_.size()) return failAt(start, "unterminated string");
      const char e = text_[pos_ + 1];
      switch (e) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xdc00 && cp <= 0xdfff) {
            return fail("unpaired low surrogate \\u" + hexText(cp));
          }
          if (cp >= 0xd800 && cp <= 0xdbff) {
            const size_t high = pos_;
            pos_ += 6;
            uint32_t low = 0;
            if (text_.substr(pos_, 2) != "\\u" || !hex4(low) || low < 0xdc00 || low > 0xdfff) {
              return failAt(
                  high, "high surrogate \\u" + hexText(cp) + " is not followed by a low surrogate");
            }
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          }
          appendUtf8(out, cp);
          pos_ += 6;
          continue;
        }
        default:
          return fail("invalid escape \\" + std::string(1, e));
      }
      pos_ += 2;
    }
  }

  static std::string hexText(uint32_t cp) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04X", cp);
    return buf;
  }

  bool parseNumber(JsonValue& out) {
    const size_t start = pos_;
    bool integral = true;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
      if (peek() >= '0' && peek() <= '9') return fail("leading zeros are not allowed in numbers");
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') ++pos_;
    } else {
      return failUnexpected("a digit");
    }
    if (peek() == '.') {
      integral = false;
      ++pos_;
      if (!(peek() >= '0' && peek() <= '9')) return failUnexpected("a digit after '.'");
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!(peek() >= '0' && peek() <= '9')) return failUnexpected("a digit in the exponent");
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    if (integral) {
      int64_t i = 0;
      const auto r = std::from_chars(first, last, i);
      if (r.ec == std::errc() && r.ptr == last) {
        out = JsonValue(i);
        return true;
      }
    }
    double d = 0;
    const auto r = std::from_chars(first, last, d);
    if (r.ec != std::errc()) {
      return failAt(start, "number " + std::string(first, last) + " is out of range");
    }
    out = JsonValue(d);
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t errLine_ = 0;
  size_t errColumn_ = 0;
  std::string error_;
};

}  // namespace

bool parseJson(std::string_view text, JsonValue& out, std::string& error) {
  return JsonParser(text).parse(out, error);
}

// --- JSON to values ----------------------------------------------------------------------------

bool jsonToValue(const JsonValue& json, Value& out, std::string& error) {
  switch (json.kind()) {
    case JsonValue::Kind::NUL:
      out = Value();
      return true;
    case JsonValue::Kind::BOOL:
      out = Value(json.asBool());
      return true;
    case JsonValue::Kind::INT:
      out = Value(json.asInt());
      return true;
    case JsonValue::Kind::FLOAT:
      out = Value(json.asFloat());
      return true;
    case JsonValue::Kind::STRING:
      out = Value(json.asString());
      return true;
    case JsonValue::Kind::ARRAY: {
      List list;
      list.reserve(json.asArray().size());
      for (const auto& item : json.asArray()) {
        Value v;
        if (!jsonToValue(item, v, error)) return false;
        list.push_back(std::move(v));
      }
      out = Value(std::move(list));
      return true;
    }
    case JsonValue::Kind::OBJECT: {
      const auto& members = json.asObject();
      if (members.size() == 1 && members[0].second.kind() == JsonValue::Kind::STRING) {
        const auto& [key, text] = members[0];
        struct Typed {
          const char* key;
          ValueType type;
          TemporalKind kind;
        };
        static constexpr Typed TYPED[] = {
            {"date", ValueType::DATE, TemporalKind::DATETIME},
            {"datetime", ValueType::DATETIME, TemporalKind::DATETIME},
            {"localdatetime", ValueType::DATETIME, TemporalKind::LOCAL_DATETIME},
            {"time", ValueType::DATETIME, TemporalKind::TIME},
            {"localtime", ValueType::DATETIME, TemporalKind::LOCAL_TIME},
            {"duration", ValueType::DURATION, TemporalKind::DATETIME},
        };
        for (const Typed& typed : TYPED) {
          if (key != typed.key) continue;
          std::string problem;
          if (auto v = parseTemporalValue(text.asString(), typed.type, typed.kind, problem)) {
            out = std::move(*v);
            return true;
          }
          error = "'" + text.asString() + "' " + problem;
          return false;
        }
      }
      error =
          "objects other than {\"date\": \"...\"}, {\"datetime\": \"...\"}, "
          "{\"localdatetime\": \"...\"}, {\"time\": \"...\"}, {\"localtime\": \"...\"} and "
          "{\"duration\": \"...\"} are not property values";
      return false;
    }
  }
  error = "unknown JSON value";
  return false;
}

// --- the write batch format ----------------------------------------------------------------------

namespace {

// "a string", "an object", "null", for messages.
std::string describeKind(const JsonValue& v) {
  if (v.isNull()) return "null";
  const JsonValue::Kind k = v.kind();
  const bool vowel = k == JsonValue::Kind::ARRAY || k == JsonValue::Kind::OBJECT;
  return std::string(vowel ? "an " : "a ") + jsonKindName(k);
}

// Reads the fields of one op; the first problem is kept in `error` with the op's name.
class OpReader {
 public:
  OpReader(const JsonValue& op, size_t number, const std::string& name, std::set<std::string>& refs)
      : op_(op), prefix_("op " + std::to_string(number) + " (" + name + "): "), refs_(refs) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Fails when the op has fields not in `known` (plus "op").
  void checkFields(std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : op_.asObject()) {
      if (key == "op") continue;
      bool found = false;
      for (auto k : known) found = found || k == key;
      if (!found) return fail("unknown field '" + key + "'");
    }
  }

  std::string string(std::string_view field, bool required = false) {
    const JsonValue* v = get(field, required);
    if (!v) return {};
    if (v->kind() != JsonValue::Kind::STRING) {
      wrongKind(field, "a string", *v);
      return {};
    }
    return v->asString();
  }

  bool boolean(std::string_view field) {
    const JsonValue* v = get(field, false);
    if (!v) return false;
    if (v->kind() != JsonValue::Kind::BOOL) {
      wrongKind(field, "true or false", *v);
      return false;
    }
    return v->asBool();
  }

  std::vector<std::string> strings(std::string_view field, bool required = false) {
    std::vector<std::string> out;
    const JsonValue* v = get(field, required);
    if (!v) return out;
    if (v->kind() != JsonValue::Kind::ARRAY) {
      wrongKind(field, "an array of strings", *v);
      return out;
    }
    for (const auto& item : v->asArray()) {
      if (item.kind() != JsonValue::Kind::STRING || item.asString().empty()) {
        fail("'" + std::string(field) + "' must be an array of non-empty strings");
        return out;
      }
      out.push_back(item.asString());
    }
    if (required && out.empty()) fail("'" + std::string(field) + "' must not be empty");
    return out;
  }

  PropertyMap properties(std::string_view field) {
    PropertyMap out;
    const JsonValue* v = get(field, false);
    if (!v) return out;
    if (v->kind() != JsonValue::Kind::OBJECT) {
      wrongKind(field, "an object", *v);
      return out;
    }
    for (const auto& [key, json] : v->asObject()) {
      if (key.empty()) {
        fail("'" + std::string(field) + "' has an empty property name");
        return out;
      }
      Value value;
      std::string why;
      if (!jsonToValue(json, value, why)) {
        fail("'" + std::string(field) + "." + key + "': " + why);
        return out;
      }
      out.emplace(key, std::move(value));
    }
    return out;
  }

  Provenance provenance() {
    Provenance p;
    const JsonValue* v = get("provenance", false);
    if (!v) return p;
    if (v->kind() != JsonValue::Kind::OBJECT) {
      wrongKind("provenance", "an object", *v);
      return p;
    }
    for (const auto& [key, json] : v->asObject()) {
      if (key != "agency" && key != "recordId") {
        fail("unknown field 'provenance." + key + "' (expected agency and recordId)");
        return p;
      }
      if (json.kind() != JsonValue::Kind::STRING) {
        wrongKind("provenance." + key, "a string", json);
        return p;
      }
      (key == "agency" ? p.agency : p.recordId) = json.asString();
    }
    return p;
  }

  uint64_t id(std::string_view field) {
    const JsonValue* v = get(field, true);
    if (!v) return 0;
    if (v->kind() != JsonValue::Kind::INT || v->asInt() <= 0) {
      fail("'" + std::string(field) + "' must be a positive integer (a relationship id)");
      return 0;
    }
    return static_cast<uint64_t>(v->asInt());
  }

  NodeRef nodeRef(std::string_view field) {
    const JsonValue* v = get(field, true);
    if (!v) return NodeRef();
    if (v->kind() == JsonValue::Kind::INT && v->asInt() > 0) {
      return NodeRef(static_cast<uint64_t>(v->asInt()));
    }
    if (v->kind() == JsonValue::Kind::STRING) {
      if (!refs_.count(v->asString())) {
        fail("'" + std::string(field) + "' refers to \"" + v->asString() +
             "\", which no earlier op of the batch defines as its ref");
        return NodeRef();
      }
      return NodeRef(v->asString());
    }
    fail("'" + std::string(field) +
         "' must be a node id (a positive integer) or the ref of an earlier op (a string)");
    return NodeRef();
  }

  // A new batch-local ref name (empty when absent).
  std::string newRef() {
    std::string ref = string("ref");
    if (ok() && !ref.empty() && !refs_.insert(ref).second) {
      fail("ref \"" + ref + "\" is already defined by an earlier op");
    }
    return ref;
  }

  int64_t time(std::string_view field, int64_t unbounded) {
    const JsonValue* v = get(field, false);
    if (!v || v->isNull()) return unbounded;
    if (v->kind() == JsonValue::Kind::STRING) {
      if (auto t = parseDateTime(v->asString())) return t->micros;
    } else if (v->kind() == JsonValue::Kind::OBJECT) {
      Value value;
      std::string why;
      if (jsonToValue(*v, value, why) && value.type() == ValueType::DATETIME) {
        return value.asDateTime().micros;
      }
    }
    fail("'" + std::string(field) +
         "' must be a datetime such as \"2026-01-01T00:00:00Z\" (or null for unbounded)");
    return unbounded;
  }

  void fail(const std::string& what) {
    if (error_.empty()) error_ = prefix_ + what;
  }

 private:
  const JsonValue* get(std::string_view field, bool required) {
    if (!ok()) return nullptr;
    const JsonValue* v = op_.find(field);
    if (!v && required) fail("'" + std::string(field) + "' is required");
    return v;
  }

  void wrongKind(std::string_view field, const char* expected, const JsonValue& v) {
    fail("'" + std::string(field) + "' must be " + expected + ", not " + describeKind(v));
  }

  const JsonValue& op_;
  std::string prefix_;
  std::set<std::string>& refs_;
  std::string error_;
};

bool readOp(OpReader& r, const std::string& name, WriteOp& out) {
  if (name == "createNode") {
    r.checkFields({"ref", "labels", "properties", "provenance", "handling"});
    CreateNodeOp op;
    op.ref = r.newRef();
    op.labels = r.strings("labels");
    op.properties = r.properties("properties");
    op.provenance = r.provenance();
    op.handling = r.string("handling");
    out = std::move(op);
  } else if (name == "mergeNode") {
    r.checkFields({"ref", "labels", "keys", "properties", "provenance", "handling"});
    MergeNodeOp op;
    op.ref = r.newRef();
    op.labels = r.strings("labels", true);
    op.keys = r.strings("keys", true);
    op.properties = r.properties("properties");
    op.provenance = r.provenance();
    op.handling = r.string("handling");
    for (const auto& key : op.keys) {
      if (r.ok() && !op.properties.count(key)) {
        r.fail("key '" + key + "' has no value in 'properties'");
      }
    }
    out = std::move(op);
  } else if (name == "createEdge") {
    r.checkFields(
        {"type", "start", "end", "properties", "provenance", "handling", "validFrom", "validTo"});
    CreateEdgeOp op;
    op.type = r.string("type", true);
    if (r.ok() && op.type.empty()) r.fail("'type' must not be empty");
    op.start = r.nodeRef("start");
    op.end = r.nodeRef("end");
    op.properties = r.properties("properties");
    op.provenance = r.provenance();
    op.handling = r.string("handling");
    op.validFrom = r.time("validFrom", TIME_MIN);
    op.validTo = r.time("validTo", TIME_MAX);
    if (r.ok() && op.validFrom > op.validTo) r.fail("'validFrom' is after 'validTo'");
    out = std::move(op);
  } else if (name == "updateNode") {
    r.checkFields({"id", "set", "addLabels", "removeLabels"});
    UpdateNodeOp op;
    op.id = r.nodeRef("id");
    op.set = r.properties("set");
    op.addLabels = r.strings("addLabels");
    op.removeLabels = r.strings("removeLabels");
    out = std::move(op);
  } else if (name == "updateEdge") {
    r.checkFields({"id", "set"});
    UpdateEdgeOp op;
    op.id = r.id("id");
    op.set = r.properties("set");
    out = std::move(op);
  } else if (name == "deleteNode") {
    r.checkFields({"id", "detach"});
    DeleteNodeOp op;
    op.id = r.nodeRef("id");
    op.detach = r.boolean("detach");
    out = std::move(op);
  } else if (name == "deleteEdge") {
    r.checkFields({"id"});
    out = DeleteEdgeOp{r.id("id")};
  } else {
    r.fail(
        "unknown op; expected createNode, mergeNode, createEdge, updateNode, updateEdge, "
        "deleteNode or deleteEdge");
  }
  return r.ok();
}

}  // namespace

bool parseWriteBatch(const JsonValue& batch, std::vector<WriteOp>& out, std::string& error) {
  if (batch.kind() != JsonValue::Kind::ARRAY) {
    error = "a write batch is a JSON array of ops, not " + describeKind(batch);
    return false;
  }
  std::set<std::string> refs;
  out.clear();
  out.reserve(batch.asArray().size());
  size_t number = 0;  // ops are numbered from 0, as in the server's messages
  for (const auto& item : batch.asArray()) {
    const std::string where = "op " + std::to_string(number);
    if (item.kind() != JsonValue::Kind::OBJECT) {
      error = where + ": must be an object such as {\"op\": \"createNode\", ...}, not " +
              describeKind(item);
      return false;
    }
    const JsonValue* name = item.find("op");
    if (!name || name->kind() != JsonValue::Kind::STRING) {
      error = where + ": 'op' (a string such as \"createNode\") is required";
      return false;
    }
    OpReader reader(item, number, name->asString(), refs);
    WriteOp op;
    if (!readOp(reader, name->asString(), op)) {
      error = reader.error();
      return false;
    }
    out.push_back(std::move(op));
    ++number;
  }
  return true;
}

bool parseWriteBatch(std::string_view text, std::vector<WriteOp>& out, std::string& error) {
  JsonValue json;
  return parseJson(text, json, error) && parseWriteBatch(json, out, error);
}

}  // namespace casegraph
