#include "schema/csv/csv-writer.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <system_error>

namespace casegraph {

namespace {

constexpr int64_t DAY_SECONDS = 86400;

std::string errnoText(int err) { return std::generic_category().message(err); }

// Proleptic Gregorian calendar: year, month and day of a day number (0 = 1970-01-01).
void civilDate(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

}  // namespace

CsvWriter::CsvWriter(const std::string& path, char delimiter, char quote)
    : path_(path), delimiter_(delimiter), quote_(quote), special_{delimiter, quote, '\r', '\n', 0} {
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) error_ = "cannot create " + path + ": " + errnoText(errno);
  buf_.reserve(FLUSH_AT + 4096);
}

CsvWriter::~CsvWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void CsvWriter::text(std::string_view s) {
  separate();
  if (s.find_first_of(std::string_view(special_, 4)) == std::string_view::npos) {
    buf_.append(s);
    return;
  }
  buf_.push_back(quote_);
  for (char c : s) {
    if (c == quote_) buf_.push_back(quote_);
    buf_.push_back(c);
  }
  buf_.push_back(quote_);
}

void CsvWriter::plain(std::string_view s) {
  separate();
  buf_.append(s);
}

void CsvWriter::empty() { separate(); }

void CsvWriter::integer(int64_t v) {
  separate();
  char tmp[24];
  auto res = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf_.append(tmp, res.ptr);
}

void CsvWriter::prefixed(char prefix, uint64_t v) {
  separate();
  buf_.push_back(prefix);
  appendPadded(v, 1);
}

void CsvWriter::padded(uint64_t v, int width) {
  separate();
  appendPadded(v, width);
}

void CsvWriter::appendPadded(uint64_t v, int width) {
  char tmp[24];
  auto res = std::to_chars(tmp, tmp + sizeof tmp, v);
  for (ptrdiff_t pad = width - (res.ptr - tmp); pad > 0; --pad) buf_.push_back('0');
  buf_.append(tmp, res.ptr);
}

void CsvWriter::real(double v) {
  separate();
  char tmp[64];
  auto res = std::to_chars(tmp, tmp + sizeof tmp, v, std::chars_format::fixed, 6);
  buf_.append(tmp, res.ptr);
}

void CsvWriter::boolean(bool v) { plain(v ? "true" : "false"); }

void CsvWriter::date(int64_t days) {
  separate();
  appendDate(days);
}

void CsvWriter::dateTime(int64_t seconds) {
  separate();
  int64_t days = seconds / DAY_SECONDS;
  if (seconds % DAY_SECONDS < 0) --days;
  const int64_t rest = seconds - days * DAY_SECONDS;
  appendDate(days);
  buf_.push_back('T');
  append2(static_cast<unsigned>(rest / 3600));
  buf_.push_back(':');
  append2(static_cast<unsigned>(rest / 60 % 60));
  buf_.push_back(':');
  append2(static_cast<unsigned>(rest % 60));
  buf_.push_back('Z');
}

void CsvWriter::endRow() {
  buf_.push_back('\n');
  first_ = true;
  ++rows_;
  if (buf_.size() >= FLUSH_AT) flush();
}

std::string CsvWriter::finish() {
  flush();
  if (file_ != nullptr && std::fclose(file_) != 0 && error_.empty()) {
    error_ = "cannot write " + path_ + ": " + errnoText(errno);
  }
  file_ = nullptr;
  return error_;
}

void CsvWriter::append2(unsigned v) {
  buf_.push_back(static_cast<char>('0' + v / 10));
  buf_.push_back(static_cast<char>('0' + v % 10));
}

void CsvWriter::appendDate(int64_t days) {
  int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civilDate(days, y, m, d);
  if (y < 0) {
    buf_.push_back('-');
    y = -y;
  }
  appendPadded(static_cast<uint64_t>(y), 4);
  buf_.push_back('-');
  append2(m);
  buf_.push_back('-');
  append2(d);
}

void CsvWriter::flush() {
  if (file_ != nullptr && !buf_.empty() && error_.empty()) {
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
      error_ = "cannot write " + path_ + ": " + errnoText(errno);
    }
  }
  buf_.clear();
}

}  // namespace casegraph
