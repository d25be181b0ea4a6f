// openCypher's temporal values: construction from strings and maps, selection from other
// temporal values, truncation, component access, arithmetic with durations, durations between
// two values, and named time zones from the system's tz database. Not a public interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/cypher/parse/ast.h"
#include "query/cypher/exec/qvalue.h"

namespace casegraph::cypher::detail {

// date(), datetime(), localdatetime(), time(), localtime() with no argument (now: the
// statement's clock, `statementNanos` since the epoch, the same for the whole query) or one.
QValue makeTemporal(const std::string& fn, const QValue* arg, int64_t statementNanos,
                    SourcePos pos);
// duration(map | string).
QValue makeDuration(const QValue& arg, SourcePos pos);
// The namespaced temporal functions (`date.truncate`, `datetime.fromepoch`,
// `duration.between`, `duration.inMonths`, ...). `name` lower case; nullopt if not one of them.
std::optional<QValue> callTemporalFunction(const std::string& name, std::vector<QValue>& args,
                                           int64_t statementNanos, SourcePos pos);
bool isTemporalFunction(std::string_view lowerName);
// `v.key` of a temporal value or duration.
QValue temporalField(const QValue& v, const std::string& key, SourcePos pos);
// temporal ± duration, duration ± duration, duration * or / number; nullopt when the operands
// are not one of these.
std::optional<QValue> temporalArithmetic(BinaryOp op, const QValue& a, const QValue& b,
                                         SourcePos pos);

}  // namespace casegraph::cypher::detail
