// The little Unicode the Cypher lexer and printer need: UTF-8 decoding and encoding, and which
// characters may appear in names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace casegraph::cypher {

struct Utf8Char {
  uint32_t codePoint = 0;
  uint32_t bytes = 0;  // 0: not valid UTF-8 (truncated, overlong, a surrogate, past U+10FFFF)
};

// Decodes the character at the start of `text` (which must not be empty).
Utf8Char decodeUtf8(std::string_view text);
void appendUtf8(std::string& out, uint32_t codePoint);

// Whether a character beyond ASCII may be part of a name. An approximation of Unicode's
// identifier classes that needs no tables: everything except spaces, controls, and the blocks
// of punctuation, symbols, arrows, dashes and emoji.
bool isIdentifierCodePoint(uint32_t codePoint);
// Unicode spaces beyond ASCII that separate tokens (no-break space, em space, BOM, ...).
bool isUnicodeSpace(uint32_t codePoint);

// "'—' (U+2014)" for an error message.
std::string describeCodePoint(uint32_t codePoint);

}  // namespace casegraph::cypher
