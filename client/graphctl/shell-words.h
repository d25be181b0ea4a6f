// Splitting a command line into words the way a POSIX shell does, without any expansion; used
// by `graphctl shell`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace casegraph {

// Splits `line` on unquoted spaces, tabs and line breaks. '...' keeps everything up to the
// next single quote literally; inside "..." a backslash escapes only " \ $ ` and a line break
// (which it removes); elsewhere a backslash escapes any character (a backslash before a line
// break removes both). Adjacent parts join into one word ('a'"b"c is abc); '' is an empty
// word. An unquoted # at the start of a word comments out the rest of the line.
// Returns false with `error` set for an unterminated quote or a trailing backslash.
bool splitShellWords(std::string_view line, std::vector<std::string>& words, std::string& error);

}  // namespace casegraph
