// The text side of graphctl's Cypher support: splitting a script into statements on `;`, and
// reading `--param NAME=VALUE` arguments. Nothing here talks to a server.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/lib/json.h"
#include "client/lib/query-types.h"

namespace casegraph {

// One statement of a script.
struct Statement {
  std::string text;     // from its first non-blank character up to (not including) its `;`
  uint32_t line = 1;    // where `text` starts in the script, 1-based
  uint32_t column = 1;  // 1-based, in characters (as the server counts query columns)
};

// Splits `script` at each `;` that is not inside a string ('...' or "..." with backslash
// escapes), a quoted name (`...`) or a comment (// to the end of the line, /* ... */). A
// statement that holds only blanks and comments is left out; the last statement need not end
// in `;`.
std::vector<Statement> splitStatements(std::string_view script);

// Whether `script` has nothing unfinished at its end: every statement in it ends in `;` (only
// blanks and comments follow the last one) and no string, quoted name or block comment is
// open. The shell reads more lines until it is.
bool statementsComplete(std::string_view script);

// Maps a position the server reported in `statement` (line and column within its text) to
// the position in the script it came from.
void scriptPosition(const Statement& statement, uint32_t& line, uint32_t& column);

// Reads NAME=VALUE (a leading `$` on NAME is allowed). VALUE is read as JSON when it parses:
// 42, 1.5, true, null, "text", [1, 2], {"k": "v"} (an object is a map); otherwise it is the text
// itself, as a string, so name=Smith is the string Smith and name='"42"' the string 42. Text
// that starts like JSON ([, { or ") but does not parse is an error, not a string. Returns false
// with `error` set when the argument is malformed.
bool parseQueryParam(std::string_view arg, std::string& name, QueryValue& value,
                     std::string& error);

// A JSON document as a query value: arrays are lists, objects maps.
QueryValue jsonToQueryValue(const JsonValue& json);

}  // namespace casegraph
