// Reading neo4j-admin import CSV files: a fast record reader over a memory-mapped file, the
// typed header syntax (`name:type`, `:ID(Space)`, `:START_ID(Space)`, ...) and conversion of
// field text to typed values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/model/value.h"

namespace casegraph {

struct CsvOptions {
  char delimiter = ',';
  char arrayDelimiter = ';';
  char quote = '"';
};

// Reads RFC-4180 records: fields may be quoted; inside quotes a doubled quote stands for one
// quote and delimiters and line breaks are literal. Lines end in LF or CRLF. Blank lines
// (including a trailing one) are not records. A UTF-8 byte order mark at the start is skipped.
// A quote is special only as the first character of a field; a closing quote must be followed
// by a delimiter or the end of the line (as in neo4j-admin).
//
// Not thread-safe; one reader per file per thread.
class CsvReader {
 public:
  CsvReader() = default;
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;
  CsvReader(CsvReader&& other) noexcept;
  CsvReader& operator=(CsvReader&& other) noexcept;

  // Maps `path` read-only (closing whatever was open). Returns nullopt on success, or an
  // error such as "cannot open people.csv: No such file or directory".
  std::optional<std::string> open(const std::string& path, const CsvOptions& options = {});
  // Reads records from `text` instead of a file. The caller keeps `text` alive and unchanged
  // for as long as the reader and the views it returns are used.
  void openText(std::string_view text, const CsvOptions& options = {});

  // Replaces `fields` with the fields of the next record and returns true; returns false at
  // the end of the input or on a malformed record (then failed() is true and error() says
  // what and where; later calls keep returning false).
  //
  // Lifetime: the views point into the mapped file or into the reader's scratch buffer (for
  // quoted fields containing doubled quotes). They stay valid until the next call to next(),
  // open(), openText() or the reader's destruction, whichever comes first.
  bool next(std::vector<std::string_view>& fields);

  // 1-based line on which the current record (the one last returned by next()) started; after
  // a failed next(), the line on which the malformed record started.
  uint64_t line() const { return recordLine_; }
  // Bytes consumed so far and the total input size, for progress reporting.
  uint64_t bytesRead() const { return pos_; }
  uint64_t size() const { return size_; }

  bool failed() const { return !error_.empty(); }
  // Empty unless failed(); e.g. "people.csv:17: unterminated quoted field".
  const std::string& error() const { return error_; }
  // The path given to open() ("" after openText()).
  const std::string& path() const { return path_; }

 private:
  struct ScratchField {
    size_t index;   // position in the fields vector
    size_t offset;  // into scratch_
    size_t length;
  };

  void close();
  void reset(const CsvOptions& options);
  bool fail(const std::string& what);

  const char* data_ = nullptr;
  uint64_t size_ = 0;
  uint64_t pos_ = 0;
  void* map_ = nullptr;  // owned mapping (null for openText or an empty file)
  size_t mapSize_ = 0;
  CsvOptions options_;
  uint64_t lineNo_ = 1;      // line of data_[pos_]
  uint64_t recordLine_ = 0;  // line where the last record started
  std::string path_;
  std::string error_;
  std::string scratch_;
  std::vector<ScratchField> scratchFields_;
};

// --- file arguments --------------------------------------------------------------------------

// A CSV file named on a command line, as neo4j-admin takes it: "path", or "A:B=path" giving
// labels (node files) or the relationship type (relationship files) for every row.
struct CsvFileArg {
  std::string path;
  std::vector<std::string> names;
};
CsvFileArg parseCsvFileArg(const std::string& arg);

// --- headers ---------------------------------------------------------------------------------

enum class ColumnKind { ID, LABEL, START_ID, END_ID, TYPE, PROPERTY, IGNORE };

struct Column {
  ColumnKind kind;
  // Property name. For ID columns the name given before ":ID" (empty for a bare ":ID"); a
  // named ID column is also stored as a string property under that name.
  std::string name;
  ValueType type = ValueType::STRING;  // element type when isArray
  bool isArray = false;
  std::string idSpace;  // for ID, START_ID and END_ID; empty = the global id space
  // With type DATETIME: which temporal type (datetime, localdatetime, time, localtime).
  TemporalKind temporal = TemporalKind::DATETIME;
};

struct HeaderResult {
  std::vector<Column> columns;  // one per header field; empty when error is set
  std::string error;            // empty on success
};

// Parses a header record. Field forms: `name` (string property), `name:type`,
// `name:type[]` (array), `:ID`, `name:ID`, `:ID(Space)`, `name:ID(Space)`, `:LABEL`,
// `:START_ID`, `:START_ID(Space)`, `:END_ID`, `:END_ID(Space)`, `:TYPE`, `:IGNORE`; an empty
// field is ignored. Keywords and types are case-insensitive. Types: int, long, short, byte
// (INT); float, double (FLOAT); boolean (BOOL); string, char (STRING); date (DATE); datetime,
// localdatetime, time, localtime (DATETIME of that temporal kind); duration (DURATION). A
// trailing `{...}` option block (e.g. a timezone) is accepted and ignored. Errors: unknown
// types and keywords, malformed fields, a repeated ID, START_ID, END_ID or TYPE column, and
// repeated property names.
HeaderResult parseHeader(const std::vector<std::string_view>& fields);

// Opens `path` and parses its header record into `columns`. Returns nullopt, or the error as
// "path:line: what" (also for a file that cannot be opened or has no header).
std::optional<std::string> openWithHeader(CsvReader& reader, const std::string& path,
                                          const CsvOptions& options, std::vector<Column>& columns);

// Short name of a column type for messages: "int", "float", "boolean", "string", "date",
// "datetime", with "[]" appended for arrays.
std::string columnTypeName(const Column& col);

// --- fields ----------------------------------------------------------------------------------

// Converts one field of a PROPERTY (or named ID) column to a value in `out`. Empty text gives
// null (the property is absent). Numbers, booleans, dates and datetimes may be surrounded by
// spaces or tabs (so blank text is null for them too); strings are kept exactly. Arrays are split
// on options.arrayDelimiter into a List; string arrays keep empty elements, other arrays skip them.
// Returns false and sets `error` (e.g. "column 'age' (int): 'abc' is not an integer") when the text
// does not fit.
bool convertField(std::string_view text, const Column& col, const CsvOptions& options, Value& out,
                  std::string& error);

// Replaces `out` with the non-empty parts of a :LABEL field split on `delim`, each trimmed of
// surrounding spaces. The views point into `text`.
void splitLabels(std::string_view text, char delim, std::vector<std::string_view>& out);

}  // namespace casegraph
