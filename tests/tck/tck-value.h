// Values as the openCypher TCK writes them in expected results and parameters:
//
//   null  true  42  -1.5  NaN  -Inf  'text'  [1, 'a']  {k: 1, `odd key`: 2}
//   (:A:B {k: 1})      a node: its labels and properties
//   [:T {k: 1}]        a relationship: its type and properties
//   <(:A)-[:T]->(:B)<-[:U]-(:C)>   a path
//
// Expected cells are parsed into this tree and each actual query value is converted into the
// same tree (actual-value.h), so that results are compared structurally: label sets and map
// keys in any order, floats with a small relative tolerance, lists optionally as multisets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "query/cypher/exec/qvalue.h"

namespace casegraph::tck {

struct TckValue;
using TckList = std::vector<TckValue>;
// Kept sorted by key (a vector, not a std::map: the standard allows incomplete element types
// only for vector, and TckValue is incomplete here).
using TckMap = std::vector<std::pair<std::string, TckValue>>;

struct TckNode {
  std::vector<std::string> labels;  // sorted
  TckMap properties;
};

struct TckRelationship {
  std::string type;
  TckMap properties;
};

struct TckPath {
  std::vector<TckNode> nodes;                  // nodes.size() == relationships.size() + 1
  std::vector<TckRelationship> relationships;  // relationships[i] joins nodes[i] and nodes[i+1]
  std::vector<bool> forward;  // relationships[i] points from nodes[i] to nodes[i+1]
};

// An actual value the TCK syntax has no form for (a duration, bytes, a node the reader no
// longer finds) in the text the TCK writes it as, a quoted string where the TCK has one.
struct TckOther {
  std::string text;
};

struct TckValue {
  std::variant<std::monostate, bool, int64_t, double, std::string, TckList, TckMap, TckNode,
               TckRelationship, TckPath, TckOther>
      v;
};

// Adds `value` under `key`, keeping the map sorted; a repeated key replaces the earlier value.
void mapPut(TckMap& map, std::string key, TckValue value);

struct TckParseResult {
  std::optional<TckValue> value;
  std::string error;  // when !value: what was wrong and at which character
};

// Parses one value in the TCK syntax; the whole text must be one value (spaces around it are
// allowed).
TckParseResult parseTckValue(std::string_view text);

// The value in the TCK syntax (for messages: a failing scenario shows expected and actual rows
// in the same notation).
std::string formatTck(const TckValue& value);

struct CompareOptions {
  bool ignoreListOrder = false;  // every list, however deep, compared as a multiset
};

// Structural equality: integers and floats never equal each other (1 is not 1.0), floats
// within a relative 1e-9 (NaN equals NaN), strings exactly, maps by key set, nodes by label
// set and properties, paths element by element. A TckOther equals a string with its text.
bool tckEquals(const TckValue& expected, const TckValue& actual, const CompareOptions& options);

// Whether two sequences of `count` elements hold the same elements in some order, given an
// equality that need not be transitive (floats within a tolerance): a perfect matching between
// expected element i and actual element j exists.
bool sameMultiset(size_t count, const std::function<bool(size_t expected, size_t actual)>& equal);

// A parameter value for runQuery. Nodes, relationships and paths have no literal form in a
// query, so the TCK never passes them; they come back as an error message instead.
struct ToQueryResult {
  std::optional<cypher::QValue> value;
  std::string error;
};
ToQueryResult toQueryValue(const TckValue& value);

}  // namespace casegraph::tck
