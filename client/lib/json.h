// A small JSON reader, the conversion of JSON to property values, and the JSON batch format of
// `graphctl write`.
//
// Batch format (a JSON array of ops, committed atomically as one Session.write):
//
//   [{"op":"createNode","ref":"a","labels":["Person"],"properties":{"name":"Ann"},
//     "provenance":{"agency":"citypd","recordId":"R-1"},"handling":"open"},
//    {"op":"mergeNode","ref":"v","labels":["Vehicle"],"keys":["plate","state"],
//     "properties":{"plate":"AB1","state":"NY"}},
//    {"op":"createEdge","type":"OWNS","start":"a","end":"v","properties":{},
//     "validFrom":"2026-01-01T00:00:00Z"},
//    {"op":"createEdge","type":"KNOWS","start":17,"end":"a"},
//    {"op":"updateNode","id":5,"set":{"x":1,"y":null},"addLabels":["Suspect"],"removeLabels":[]},
//    {"op":"updateEdge","id":9,"set":{"note":"x"}},
//    {"op":"deleteNode","id":5,"detach":true},
//    {"op":"deleteEdge","id":9}]
//
// Fields per op ("op" is always required; everything not marked required may be left out):
//   createNode  ref, labels, properties, provenance, handling
//   mergeNode   ref, labels (required, non-empty), keys (required, non-empty, each also in
//               properties), properties, provenance, handling
//   createEdge  type (required), start (required), end (required), properties, provenance,
//               handling, validFrom, validTo
//   updateNode  id (required), set, addLabels, removeLabels
//   updateEdge  id (required), set
//   deleteNode  id (required), detach (default false)
//   deleteEdge  id (required)
// A node reference (start, end, and the id of updateNode/deleteNode) is either a number, the
// id of an existing node, or a string, the `ref` of a node created or merged by an earlier op
// of the same batch. Refs are unique within a batch. Relationship ids are numbers.
// `provenance` is {"agency": string, "recordId": string}. `handling` is a string (default
// "open"). validFrom / validTo are datetimes ("2026-01-01T00:00:00Z", or a date for midnight
// UTC) or null for unbounded. In `set`, a null value removes the property.
//
// Property values: strings, numbers (integers when integral and within int64, otherwise
// floats), true/false, null, arrays of values (lists), and the typed objects
// {"date": "2026-01-02"} and {"datetime": "2026-01-02T10:00:00Z"}.
//
// Unknown fields are errors. Errors name the op (numbered from 0, as in the server's messages
// and in the order of the result ids) and the field, e.g. "op 3 (createEdge): 'type' is
// required".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "schema/model/write-op.h"
#include "schema/model/value.h"

namespace casegraph {

// A parsed JSON document. Object members keep their order; keys are unique.
class JsonValue {
 public:
  enum class Kind { NUL, BOOL, INT, FLOAT, STRING, ARRAY, OBJECT };
  using Array = std::vector<JsonValue>;
  using Object = std::vector<std::pair<std::string, JsonValue>>;

  JsonValue() = default;
  JsonValue(std::nullptr_t) {}
  explicit JsonValue(bool b) : v_(b) {}
  explicit JsonValue(int64_t i) : v_(i) {}
  explicit JsonValue(double d) : v_(d) {}
  explicit JsonValue(std::string s) : v_(std::move(s)) {}
  explicit JsonValue(Array a) : v_(std::move(a)) {}
  explicit JsonValue(Object o) : v_(std::move(o)) {}

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool isNull() const { return kind() == Kind::NUL; }
  bool isNumber() const { return kind() == Kind::INT || kind() == Kind::FLOAT; }

  bool asBool() const { return std::get<bool>(v_); }
  int64_t asInt() const { return std::get<int64_t>(v_); }
  double asFloat() const { return std::get<double>(v_); }
  const std::string& asString() const { return std::get<std::string>(v_); }
  const Array& asArray() const { return std::get<Array>(v_); }
  const Object& asObject() const { return std::get<Object>(v_); }

  // The member `key` of an object; nullptr when absent or when this is not an object.
  const JsonValue* find(std::string_view key) const;

  bool operator==(const JsonValue&) const = default;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object> v_;
};

// "string", "number", "object", ... for messages.
const char* jsonKindName(JsonValue::Kind kind);

// Parses one JSON document (surrounding whitespace allowed). On failure returns false and sets
// `error` to "line L, column C: what" (1-based; columns count bytes). Nesting is limited to
// MAX_JSON_DEPTH levels.
inline constexpr int MAX_JSON_DEPTH = 256;
bool parseJson(std::string_view text, JsonValue& out, std::string& error);

// Converts a JSON value to a property value (see the top of this file). On failure returns
// false and sets `error`, e.g. "objects other than {\"date\": ...} and {\"datetime\": ...} are
// not property values".
bool jsonToValue(const JsonValue& json, Value& out, std::string& error);

// Converts a parsed batch (see the top of this file). On failure returns false and sets
// `error`, e.g. "op 3 (createEdge): 'type' is required".
bool parseWriteBatch(const JsonValue& batch, std::vector<WriteOp>& out, std::string& error);
// Parses the JSON text of a batch; JSON syntax errors read "line L, column C: what".
bool parseWriteBatch(std::string_view text, std::vector<WriteOp>& out, std::string& error);

}  // namespace casegraph
