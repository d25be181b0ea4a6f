// Buffered writing of CSV files in the form csv.h reads (and neo4j-admin imports).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace casegraph {

// Writes one CSV file through a large buffer. Fields are separated automatically; text()
// quotes a field when it contains the delimiter, a quote or a line break. (A row made of a
// single empty field comes out as a blank line, which CsvReader skips.) Write errors are
// remembered and reported by finish(). Not copyable; one writer per file.
class CsvWriter {
 public:
  explicit CsvWriter(const std::string& path, char delimiter = ',', char quote = '"');
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  // Appends `row` (which must end in '\n') verbatim, e.g. a header; not counted in rows().
  void raw(std::string_view row) { buf_.append(row); }

  void text(std::string_view s);   // quoted when needed
  void plain(std::string_view s);  // the caller guarantees nothing needs quoting
  void empty();                    // an empty field (an absent property)
  void integer(int64_t v);
  void prefixed(char prefix, uint64_t v);  // e.g. "P123"
  void padded(uint64_t v, int width);      // zero-padded to at least `width` digits
  void real(double v);                     // fixed, 6 decimals
  void boolean(bool v);
  void date(int64_t days);         // YYYY-MM-DD, days since 1970-01-01
  void dateTime(int64_t seconds);  // YYYY-MM-DDTHH:MM:SSZ, seconds since the epoch (UTC)
  // Appends to the field last started, without a delimiter: after plain("+1"), append("312").
  void append(std::string_view s) { buf_.append(s); }
  void appendChar(char c) { buf_.push_back(c); }
  void appendPadded(uint64_t v, int width);
  void endRow();

  uint64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }
  // Flushes and closes the file. Returns "" or the first error ("cannot write PATH: why").
  std::string finish();

 private:
  static constexpr size_t FLUSH_AT = size_t{1} << 20;

  void separate() {
    if (!first_) buf_.push_back(delimiter_);
    first_ = false;
  }
  void appendDate(int64_t days);
  void append2(unsigned v);
  void flush();

  std::string path_;
  char delimiter_;
  char quote_;
  char special_[5];  // the characters that force quoting, NUL-terminated
  std::FILE* file_ = nullptr;
  std::string buf_;
  std::string error_;
  bool first_ = true;
  uint64_t rows_ = 0;
};

}  // namespace casegraph
