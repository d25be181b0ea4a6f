// The reference's value semantics, written from the openCypher specification and independent
// of the engine's qvalue.cpp: `=` and `<` (three-valued), orderability (ORDER BY, min, max) and
// equivalence (DISTINCT, grouping keys, UNION). Values are held in the engine's QValue type,
// which is only a container here: none of its comparison functions are used.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "query/cypher/exec/qvalue.h"

namespace casegraph::randomq {

using cypher::QList;
using cypher::QType;
using cypher::QValue;

// Cypher `=`: nullopt for unknown (a null operand, or a list holding one where it matters).
std::optional<bool> refEquals(const QValue& a, const QValue& b);
// Cypher `<`, `<=`, ...: -1, 0 or 1; UNORDERED when a NaN takes part (every one of `<`, `<=`,
// `>`, `>=` is false); nullopt when unknown (null, or values of different types).
constexpr int UNORDERED = 2;
std::optional<int> refCompare(const QValue& a, const QValue& b);
// Orderability, a total order: lists < paths < strings < booleans < numbers (NaN last among
// them) < null, nodes and relationships by id. -0.0 and 0.0, 1 and 1.0 are equal here.
int refOrder(const QValue& a, const QValue& b);
// Equivalence: like orderability's equality (1 ≡ 1.0, NaN ≡ NaN, -0.0 ≡ 0.0, null ≡ null).
inline bool refEquivalent(const QValue& a, const QValue& b) { return refOrder(a, b) == 0; }
bool equivalentRows(const QList& a, const QList& b);

// The tester's own text for a value in reports: 1, 1.0, -0.0, NaN, 'text' (long strings cut),
// [1, 2], (#3), [#7], <#1-#7-#2>.
std::string show(const QValue& v);
std::string showRow(const QList& row);

// A value as a Cypher literal (floats keep their kind: 1.0, -0.0; NaN as 0.0 / 0.0).
std::string literal(const QValue& v);

}  // namespace casegraph::randomq
