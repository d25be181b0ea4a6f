#include "schema/csv/csv.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <system_error>
#include <utility>

namespace casegraph {

namespace {

std::string errnoText(int err) { return std::generic_category().message(err); }

// Number of '\n' bytes in [begin, end).
uint64_t countNewlines(const char* begin, const char* end) {
  uint64_t n = 0;
  while (begin < end) {
    const void* hit = std::memchr(begin, '\n', static_cast<size_t>(end - begin));
    if (hit == nullptr) break;
    ++n;
    begin = static_cast<const char*>(hit) + 1;
  }
  return n;
}

}  // namespace

// --- CsvReader -------------------------------------------------------------------------------

CsvReader::~CsvReader() { close(); }

CsvReader::CsvReader(CsvReader&& other) noexcept { *this = std::move(other); }

CsvReader& CsvReader::operator=(CsvReader&& other) noexcept {
  if (this == &other) return *this;
  close();
  data_ = std::exchange(other.data_, nullptr);
  size_ = std::exchange(other.size_, 0);
  pos_ = std::exchange(other.pos_, 0);
  map_ = std::exchange(other.map_, nullptr);
  mapSize_ = std::exchange(other.mapSize_, 0);
  options_ = other.options_;
  lineNo_ = std::exchange(other.lineNo_, 1);
  recordLine_ = std::exchange(other.recordLine_, 0);
  path_ = std::move(other.path_);
  error_ = std::move(other.error_);
  scratch_ = std::move(other.scratch_);
  scratchFields_ = std::move(other.scratchFields_);
  return *this;
}

void CsvReader::close() {
  if (map_ != nullptr) ::munmap(map_, mapSize_);
  map_ = nullptr;
  mapSize_ = 0;
  data_ = nullptr;
  size_ = 0;
}

void CsvReader::reset(const CsvOptions& options) {
  close();
  options_ = options;
  pos_ = 0;
  lineNo_ = 1;
  recordLine_ = 0;
  path_.clear();
  error_.clear();
  scratch_.clear();
  scratchFields_.clear();
}

std::optional<std::string> CsvReader::open(const std::string& path, const CsvOptions& options) {
  reset(options);
  path_ = path;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "cannot open " + path + ": " + errnoText(errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return "cannot open " + path + ": " + errnoText(err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return "cannot open " + path + ": not a regular file";
  }
  if (st.st_size > 0) {
    size_t length = static_cast<size_t>(st.st_size);
    void* map = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      return "cannot open " + path + ": " + errnoText(err);
    }
    ::madvise(map, length, MADV_SEQUENTIAL);
    map_ = map;
    mapSize_ = length;
    data_ = static_cast<const char*>(map);
    size_ = length;
  }
  ::close(fd);
  if (size_ >= 3 && std::memcmp(data_, "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
  return std::nullopt;
}

void CsvReader::openText(std::string_view text, const CsvOptions& options) {
  reset(options);
  data_ = text.data();
  size_ = text.size();
  if (size_ >= 3 && std::memcmp(data_, "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
}

bool CsvReader::fail(const std::string& what) {
  error_ = (path_.empty() ? "line " : path_ + ":") + std::to_string(recordLine_) + ": " + what;
  return false;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  scratch_.clear();
  scratchFields_.clear();
  if (!error_.empty()) return false;

  const char* const end = data_ + size_;
  const char* p = data_ + pos_;
  // Blank lines are not records.
  for (;;) {
    if (p == end) {
      pos_ = size_;
      return false;
    }
    if (*p == '\n') {
      ++p;
      ++lineNo_;
    } else if (*p == '\r' && p + 1 == end) {
      ++p;
    } else if (*p == '\r' && p[1] == '\n') {
      p += 2;
      ++lineNo_;
    } else {
      break;
    }
  }
  recordLine_ = lineNo_;

  const char delim = options_.delimiter;
  const char quote = options_.quote;
  auto findLineEnd = [end](const char* from) {
    const void* hit = std::memchr(from, '\n', static_cast<size_t>(end - from));
    return hit == nullptr ? end : static_cast<const char*>(hit);
  };
  const char* lineEnd = findLineEnd(p);

  for (;;) {
    if (p < end && *p == quote) {
      // Quoted field: runs to the next quote that is not doubled, across line breaks.
      const char* segment = p + 1;
      bool unescaped = false;
      size_t scratchStart = scratch_.size();
      const char* q = segment;
      const char* close = nullptr;
      while (close == nullptr) {
        const void* hit = std::memchr(q, quote, static_cast<size_t>(end - q));
        if (hit == nullptr) {
          pos_ = size_;
          return fail("unterminated quoted field");
        }
        const char* r = static_cast<const char*>(hit);
        if (r + 1 < end && r[1] == quote) {
          scratch_.append(segment, static_cast<size_t>(r + 1 - segment));
          unescaped = true;
          q = segment = r + 2;
        } else {
          close = r;
        }
      }
      lineNo_ += countNewlines(p + 1, close);
      if (unescaped) {
        scratch_.append(segment, static_cast<size_t>(close - segment));
        scratchFields_.push_back({fields.size(), scratchStart, scratch_.size() - scratchStart});
        fields.emplace_back();
      } else {
        fields.emplace_back(p + 1, static_cast<size_t>(close - (p + 1)));
      }
      p = close + 1;
      if (p == end) break;
      if (*p == delim) {
        ++p;
        if (lineEnd < p) lineEnd = findLineEnd(p);
        continue;
      }
      if (*p == '\n') {
        ++p;
        ++lineNo_;
        break;
      }
      if (*p == '\r' && p + 1 == end) {
        p = end;
        break;
      }
      if (*p == '\r' && p[1] == '\n') {
        p += 2;
        ++lineNo_;
        break;
      }
      pos_ = static_cast<uint64_t>(p - data_);
      return fail(std::string("unexpected character '") + *p + "' after closing quote");
    }

    // Unquoted field: runs to the next delimiter on this line or to the end of the line.
    const void* hit = std::memchr(p, delim, static_cast<size_t>(lineEnd - p));
    if (hit != nullptr) {
      const char* d = static_cast<const char*>(hit);
      fields.emplace_back(p, static_cast<size_t>(d - p));
      p = d + 1;
      continue;
    }
    const char* fieldEnd = lineEnd;
    if (fieldEnd > p && fieldEnd[-1] == '\r') --fieldEnd;
    fields.emplace_back(p, static_cast<size_t>(fieldEnd - p));
    if (lineEnd == end) {
      p = end;
    } else {
      p = lineEnd + 1;
      ++lineNo_;
    }
    break;
  }

  pos_ = static_cast<uint64_t>(p - data_);
  for (const ScratchField& f : scratchFields_) {
    fields[f.index] = std::string_view(scratch_.data() + f.offset, f.length);
  }
  return true;
}

// --- headers ---------------------------------------------------------------------------------

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

struct TypeEntry {
  std::string_view name;
  ValueType type;
  TemporalKind temporal = TemporalKind::DATETIME;
};

// The neo4j-admin column types (other than point), by name.
constexpr TypeEntry TYPES[] = {
    {"int", ValueType::INT},
    {"long", ValueType::INT},
    {"short", ValueType::INT},
    {"byte", ValueType::INT},
    {"float", ValueType::FLOAT},
    {"double", ValueType::FLOAT},
    {"boolean", ValueType::BOOL},
    {"string", ValueType::STRING},
    {"char", ValueType::STRING},
    {"date", ValueType::DATE},
    {"datetime", ValueType::DATETIME, TemporalKind::DATETIME},
    {"localdatetime", ValueType::DATETIME, TemporalKind::LOCAL_DATETIME},
    {"time", ValueType::DATETIME, TemporalKind::TIME},
    {"localtime", ValueType::DATETIME, TemporalKind::LOCAL_TIME},
    {"duration", ValueType::DURATION},
};

const TypeEntry* typeFromName(std::string_view name) {
  for (const TypeEntry& e : TYPES) {
    if (equalsIgnoreCase(name, e.name)) return &e;
  }
  return nullptr;
}

std::optional<ColumnKind> keywordKind(std::string_view name) {
  struct Entry {
    std::string_view name;
    ColumnKind kind;
  };
  static constexpr Entry KEYWORDS[] = {
      {"ID", ColumnKind::ID},
      {"LABEL", ColumnKind::LABEL},
      {"START_ID", ColumnKind::START_ID},
      {"END_ID", ColumnKind::END_ID},
      {"TYPE", ColumnKind::TYPE},
      {"IGNORE", ColumnKind::IGNORE},
  };
  for (const Entry& e : KEYWORDS) {
    if (equalsIgnoreCase(name, e.name)) return e.kind;
  }
  return std::nullopt;
}

const char* kindKeyword(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::ID:
      return ":ID";
    case ColumnKind::LABEL:
      return ":LABEL";
    case ColumnKind::START_ID:
      return ":START_ID";
    case ColumnKind::END_ID:
      return ":END_ID";
    case ColumnKind::TYPE:
      return ":TYPE";
    case ColumnKind::PROPERTY:
      return "property";
    case ColumnKind::IGNORE:
      return ":IGNORE";
  }
  return "?";
}

// Parses one header field; returns an error message (without position) or nullopt.
std::optional<std::string> parseHeaderField(std::string_view field, Column& col) {
  col = Column{ColumnKind::PROPERTY, {}, ValueType::STRING, false, {}};
  if (field.empty()) {
    col.kind = ColumnKind::IGNORE;
    return std::nullopt;
  }
  // The type starts at the last ':' before any '(' or '{' (which may contain colons).
  size_t cut = field.find_first_of("({");
  size_t colon = field.rfind(':', cut);
  if (colon == std::string_view::npos || (cut != std::string_view::npos && colon > cut)) {
    if (cut != std::string_view::npos) return "unexpected '" + std::string(1, field[cut]) + "'";
    col.name = std::string(field);
    return std::nullopt;
  }
  col.name = std::string(trim(field.substr(0, colon)));
  std::string_view spec = trim(field.substr(colon + 1));

  // Peel off a trailing "{...}" option block.
  size_t brace = spec.find('{');
  if (brace != std::string_view::npos) {
    if (spec.back() != '}') return "unterminated '{' in '" + std::string(spec) + "'";
    spec = trim(spec.substr(0, brace));
  }
  // "(Space)" after a keyword.
  std::string_view space;
  bool hasSpace = false;
  size_t paren = spec.find('(');
  if (paren != std::string_view::npos) {
    if (spec.back() != ')') return "unterminated '(' in '" + std::string(spec) + "'";
    space = trim(spec.substr(paren + 1, spec.size() - paren - 2));
    spec = trim(spec.substr(0, paren));
    hasSpace = true;
    if (space.empty()) return "empty id space '()'";
  }
  // "[]" after a type.
  if (spec.size() >= 2 && spec.substr(spec.size() - 2) == "[]") {
    col.isArray = true;
    spec = trim(spec.substr(0, spec.size() - 2));
  }
  if (spec.empty()) return "missing type after ':'";

  if (std::optional<ColumnKind> kind = keywordKind(spec)) {
    col.kind = *kind;
    if (col.isArray) return "'[]' is not allowed after " + std::string(kindKeyword(*kind));
    bool isId =
        *kind == ColumnKind::ID || *kind == ColumnKind::START_ID || *kind == ColumnKind::END_ID;
    if (hasSpace && !isId) {
      return "an id space is only allowed after :ID, :START_ID or :END_ID";
    }
    col.idSpace = std::string(space);
    return std::nullopt;
  }
  if (hasSpace) return "an id space is only allowed after :ID, :START_ID or :END_ID";
  const TypeEntry* type = typeFromName(spec);
  if (!type) return "unknown type '" + std::string(spec) + "'";
  if (col.name.empty()) return "a property column needs a name before ':'";
  col.type = type->type;
  col.temporal = type->temporal;
  return std::nullopt;
}

}  // namespace

HeaderResult parseHeader(const std::vector<std::string_view>& fields) {
  HeaderResult result;
  auto fail = [&result](size_t index, std::string_view field, const std::string& what) {
    result.columns.clear();
    result.error =
        "header column " + std::to_string(index + 1) + " '" + std::string(field) + "': " + what;
    return result;
  };
  bool seen[static_cast<int>(ColumnKind::IGNORE) + 1] = {};
  auto isProperty = [](const Column& c) {
    return c.kind == ColumnKind::PROPERTY || (c.kind == ColumnKind::ID && !c.name.empty());
  };
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string_view field = trim(fields[i]);
    Column col;
    if (std::optional<std::string> err = parseHeaderField(field, col)) {
      return fail(i, field, *err);
    }
    bool unique = col.kind == ColumnKind::ID || col.kind == ColumnKind::START_ID ||
                  col.kind == ColumnKind::END_ID || col.kind == ColumnKind::TYPE;
    if (unique) {
      if (seen[static_cast<int>(col.kind)]) {
        return fail(i, field, std::string("more than one ") + kindKeyword(col.kind) + " column");
      }
      seen[static_cast<int>(col.kind)] = true;
    }
    if (isProperty(col)) {
      for (const Column& earlier : result.columns) {
        if (isProperty(earlier) && earlier.name == col.name) {
          return fail(i, field, "duplicate property '" + col.name + "'");
        }
      }
    }
    result.columns.push_back(std::move(col));
  }
  return result;
}

std::string columnTypeName(const Column& col) {
  std::string name = "string";
  for (const TypeEntry& e : TYPES) {
    if (e.type == col.type && (e.type != ValueType::DATETIME || e.temporal == col.temporal)) {
      name = e.name;
      break;
    }
  }
  if (col.isArray) name += "[]";
  return name;
}

// --- fields ----------------------------------------------------------------------------------

namespace {

constexpr size_t MAX_QUOTED_TEXT = 60;

std::string quoteForMessage(std::string_view text) {
  if (text.size() <= MAX_QUOTED_TEXT) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, MAX_QUOTED_TEXT)) + "...'";
}

// Converts one non-array element; `text` is not empty. Returns the problem ("is not an
// integer") or an empty string.
std::string convertScalar(std::string_view text, const Column& col, Value& out) {
  const ValueType type = col.type;
  if (type == ValueType::STRING) {
    out = Value(text);
    return {};
  }
  std::string_view t = trim(text);
  switch (type) {
    case ValueType::INT: {
      std::string_view digits = t;
      // from_chars takes no '+'; drop one, but not in front of a '-'.
      if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-') digits.remove_prefix(1);
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec == std::errc::result_out_of_range) return "is out of range for an integer";
      if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty()) {
        return "is not an integer";
      }
      out = Value(v);
      return {};
    }
    case ValueType::FLOAT: {
      std::string_view digits = t;
      // from_chars takes no '+'; drop one, but not in front of a '-'.
      if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-') digits.remove_prefix(1);
      double v = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec == std::errc::result_out_of_range) return "is out of range for a float";
      if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty()) {
        return "is not a number";
      }
      out = Value(v);
      return {};
    }
    case ValueType::BOOL:
      if (equalsIgnoreCase(t, "true")) {
        out = Value(true);
        return {};
      }
      if (equalsIgnoreCase(t, "false")) {
        out = Value(false);
        return {};
      }
      return "is not true or false";
    case ValueType::DATE:
    case ValueType::DATETIME:
    case ValueType::DURATION: {
      std::string problem;
      if (auto v = parseTemporalValue(t, type, col.temporal, problem)) {
        out = std::move(*v);
        return {};
      }
      return problem;
    }
    default:
      out = Value(text);
      return {};
  }
}

}  // namespace

bool convertField(std::string_view text, const Column& col, const CsvOptions& options, Value& out,
                  std::string& error) {
  if (text.empty()) {
    out = Value();
    return true;
  }
  auto fail = [&](std::string_view bad, const std::string& problem) {
    error = "column '" + (col.name.empty() ? std::string(kindKeyword(col.kind)) : col.name) +
            "' (" + columnTypeName(col) + "): " + quoteForMessage(bad) + " " + problem;
    return false;
  };
  if (!col.isArray) {
    if (col.type != ValueType::STRING && trim(text).empty()) {
      out = Value();
      return true;
    }
    std::string problem = convertScalar(text, col, out);
    if (!problem.empty()) return fail(text, problem);
    return true;
  }
  List items;
  size_t start = 0;
  for (;;) {
    size_t stop = text.find(options.arrayDelimiter, start);
    std::string_view part =
        text.substr(start, stop == std::string_view::npos ? std::string_view::npos : stop - start);
    if (col.type == ValueType::STRING) {
      items.emplace_back(part);
    } else if (!trim(part).empty()) {
      Value v;
      std::string problem = convertScalar(part, col, v);
      if (!problem.empty()) return fail(part, problem);
      items.push_back(std::move(v));
    }
    if (stop == std::string_view::npos) break;
    start = stop + 1;
  }
  out = Value(std::move(items));
  return true;
}

void splitLabels(std::string_view text, char delim, std::vector<std::string_view>& out) {
  out.clear();
  size_t start = 0;
  for (;;) {
    size_t stop = text.find(delim, start);
    std::string_view part = trim(
        text.substr(start, stop == std::string_view::npos ? std::string_view::npos : stop - start));
    if (!part.empty()) out.push_back(part);
    if (stop == std::string_view::npos) return;
    start = stop + 1;
  }
}

CsvFileArg parseCsvFileArg(const std::string& arg) {
  CsvFileArg f;
  const auto eq = arg.find('=');
  if (eq == std::string::npos) {
    f.path = arg;
    return f;
  }
  f.path = arg.substr(eq + 1);
  std::string_view names(arg.data(), eq);
  while (!names.empty()) {
    const auto colon = names.find(':');
    const auto part = names.substr(0, colon);
    if (!part.empty()) f.names.emplace_back(part);
    if (colon == std::string_view::npos) break;
    names.remove_prefix(colon + 1);
  }
  return f;
}

std::optional<std::string> openWithHeader(CsvReader& reader, const std::string& path,
                                          const CsvOptions& options, std::vector<Column>& columns) {
  if (auto err = reader.open(path, options)) return err;
  std::vector<std::string_view> fields;
  if (!reader.next(fields)) {
    if (reader.failed()) return reader.error();
    return path + ":1: the file is empty (a header line was expected)";
  }
  HeaderResult h = parseHeader(fields);
  if (!h.error.empty()) return path + ":1: " + h.error;
  columns = std::move(h.columns);
  return std::nullopt;
}

}  // namespace casegraph
