// Over 800 lines: one suite for the CSV format, case by case (quoting, typed columns, errors
// with file:line); split by topic when it next grows.
#include "schema/csv/csv.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "schema/csv/csv-writer.h"
#include "test-util.h"

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

using Row = std::vector<std::string>;
using Rows = std::vector<Row>;

// Every record of `text`, and optionally the line each one started on. The reader keeps
// whatever state the input left it in (failed or at the end).
Rows readAll(CsvReader& r, std::string_view text, std::vector<uint64_t>* lines = nullptr,
             const CsvOptions& options = {}) {
  r.openText(text, options);
  Rows rows;
  std::vector<std::string_view> fields;
  while (r.next(fields)) {
    rows.emplace_back(fields.begin(), fields.end());
    if (lines != nullptr) lines->push_back(r.line());
  }
  return rows;
}

std::string writeFile(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.sub(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

Column property(const std::string& name, ValueType type, bool isArray = false) {
  return Column{ColumnKind::PROPERTY, name, type, isArray, {}};
}

// A small xorshift generator: the randomized tests must be reproducible.
class TestRng {
 public:
  explicit TestRng(uint64_t seed) : x_(seed) {}
  uint64_t next() {
    x_ ^= x_ << 13;
    x_ ^= x_ >> 7;
    x_ ^= x_ << 17;
    return x_;
  }
  uint64_t below(uint64_t n) { return next() % n; }

 private:
  uint64_t x_;
};

}  // namespace

// --- CsvReader -------------------------------------------------------------------------------

TEST_CASE("csv: records, fields, line numbers and progress") {
  CsvReader r;
  std::vector<uint64_t> lines;
  const Rows rows = readAll(r, "a,b,c\n1,2,3\n", &lines);
  CHECK(rows == Rows{{"a", "b", "c"}, {"1", "2", "3"}});
  CHECK(lines == std::vector<uint64_t>{1, 2});
  CHECK_FALSE(r.failed());
  CHECK(r.error().empty());
  CHECK(r.path().empty());
  CHECK(r.size() == 12);
  CHECK(r.bytesRead() == r.size());
}

TEST_CASE("csv: CRLF, a missing final line break and empty fields") {
  CsvReader r;
  std::vector<uint64_t> lines;
  CHECK(readAll(r, "a,,c\r\n,\r\nx", &lines) == Rows{{"a", "", "c"}, {"", ""}, {"x"}});
  CHECK(lines == std::vector<uint64_t>{1, 2, 3});
  // A lone CR inside a line is data; only the CR of a line end is dropped.
  CHECK(readAll(r, "a\rb,c\r\n") == Rows{{"a\rb", "c"}});
  CHECK(readAll(r, "x,y\r") == Rows{{"x", "y"}});
  CHECK(readAll(r, ",\n") == Rows{{"", ""}});
  CHECK_FALSE(r.failed());
}

TEST_CASE("csv: quoted fields hold doubled quotes, delimiters and line breaks") {
  CsvReader r;
  std::vector<uint64_t> lines;
  const Rows rows = readAll(r,
                            "id,text\n"
                            "1,\"he said \"\"hi\"\", ok\"\n"
                            "2,\"multi\nline\r\nfield\",\"\"\n"
                            "3,\"\"\"\"\r\n"
                            "4,x\"y\n"
                            "\"a\",\"b\"\r\n"
                            "\"c\"",
                            &lines);
  REQUIRE(rows.size() == 7);
  CHECK(rows[1] == Row{"1", "he said \"hi\", ok"});
  CHECK(rows[2] == Row{"2", "multi\nline\r\nfield", ""});
  CHECK(rows[3] == Row{"3", "\""});
  CHECK(rows[4] == Row{"4", "x\"y"});  // a quote inside an unquoted field is literal
  CHECK(rows[5] == Row{"a", "b"});
  CHECK(rows[6] == Row{"c"});
  // Record 2 spans lines 3 to 5, so record 3 starts on line 6.
  CHECK(lines == std::vector<uint64_t>{1, 2, 3, 6, 7, 8, 9});
  CHECK_FALSE(r.failed());
}

TEST_CASE("csv: several quoted fields with doubled quotes in one record are all intact") {
  // Unescaped fields live in a scratch buffer that grows while the record is read; the views
  // handed out must point into its final state.
  const std::string big(5000, 'z');
  const std::string text =
      "\"a\"\"b\",plain,\"" + big + "\"\"\",\"c\"\"\"\"d\",\"\"\"\"\"\",\"e\"\"\"\n";
  CsvReader r;
  const Rows rows = readAll(r, text);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == Row{"a\"b", "plain", big + "\"", "c\"\"d", "\"\"", "e\""});
}

TEST_CASE("csv: byte order mark and blank lines are skipped") {
  CsvReader r;
  std::vector<uint64_t> lines;
  CHECK(readAll(r, "\xEF\xBB\xBFh1,h2\n\n1,2\r\n\r\n\n3,4\n\n", &lines) ==
        Rows{{"h1", "h2"}, {"1", "2"}, {"3", "4"}});
  CHECK(lines == std::vector<uint64_t>{1, 3, 6});
  CHECK(r.bytesRead() == r.size());
  // A BOM followed by a quoted field; a BOM-like sequence later on is data.
  CHECK(readAll(r, "\xEF\xBB\xBF\"q\",x\n\xEF\xBB\xBFy\n") == Rows{{"q", "x"}, {"\xEF\xBB\xBFy"}});
  lines.clear();
  CHECK(readAll(r, "\n\n\na\n", &lines) == Rows{{"a"}});
  CHECK(lines == std::vector<uint64_t>{4});
}

TEST_CASE("csv: empty input has no records") {
  CsvReader r;
  for (std::string_view text : {"", "\n", "\r\n\r\n", "\xEF\xBB\xBF", "\r"}) {
    CAPTURE(text);
    CHECK(readAll(r, text).empty());
    CHECK_FALSE(r.failed());
  }
}

TEST_CASE("csv: an unterminated quoted field fails at the line its record started on") {
  CsvReader r;
  const Rows rows = readAll(r, "a,b\n1,2\n3,\"abc\n\ndef\n");
  CHECK(rows == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(r.failed());
  CHECK(r.error() == "line 3: unterminated quoted field");
  CHECK(r.line() == 3);
  // The failure is sticky.
  std::vector<std::string_view> fields{"stale"};
  CHECK_FALSE(r.next(fields));
  CHECK(fields.empty());
  CHECK(r.error() == "line 3: unterminated quoted field");
  // A lone quote at the very end, and a doubled quote that is not a closing one.
  readAll(r, "x\n\"");
  CHECK(r.error() == "line 2: unterminated quoted field");
  readAll(r, "\"ab\"\"");
  CHECK(r.error() == "line 1: unterminated quoted field");
}

TEST_CASE("csv: junk after a closing quote is an error") {
  CsvReader r;
  CHECK(readAll(r, "a\n\"x\"y,z\n") == Rows{{"a"}});
  CHECK(r.failed());
  CHECK(r.error() == "line 2: unexpected character 'y' after closing quote");
  CHECK(r.line() == 2);
  // The line is the one the record started on, not the one holding the junk.
  readAll(r, "h\n\n\"multi\nline\" ,x\n");
  CHECK(r.error() == "line 3: unexpected character ' ' after closing quote");
  readAll(r, "\"a\"\rb\n");
  CHECK(r.error() == "line 1: unexpected character '\r' after closing quote");
}

TEST_CASE("csv: other delimiter and quote characters") {
  CsvReader r;
  CsvOptions o;
  o.delimiter = '|';
  o.quote = '\'';
  CHECK(readAll(r, "a|'b|c'|'it''s'|\"d\"\n", nullptr, o) == Rows{{"a", "b|c", "it's", "\"d\""}});
  o.delimiter = '\t';
  CHECK(readAll(r, "a,b\tc\n", nullptr, o) == Rows{{"a,b", "c"}});
}

TEST_CASE("csv: files, open errors and errors naming the file") {
  TempDir dir;
  CsvReader r;
  std::optional<std::string> err = r.open(dir.sub("missing.csv"));
  REQUIRE(err);
  CHECK(*err == "cannot open " + dir.sub("missing.csv") + ": No such file or directory");
  err = r.open(dir.path());
  REQUIRE(err);
  CHECK(*err == "cannot open " + dir.path() + ": not a regular file");

  std::vector<std::string_view> fields;
  CHECK_FALSE(r.open(writeFile(dir, "empty.csv", "")));
  CHECK_FALSE(r.next(fields));
  CHECK_FALSE(r.failed());

  const std::string path = writeFile(dir, "t.csv",
                                     "\xEF\xBB\xBF"
                                     "a,b\n\"1\n2\",3\n4,\"5");
  CHECK_FALSE(r.open(path));
  CHECK(r.path() == path);
  REQUIRE(r.next(fields));
  CHECK(fields == std::vector<std::string_view>{"a", "b"});
  REQUIRE(r.next(fields));
  CHECK(fields == std::vector<std::string_view>{"1\n2", "3"});
  CHECK(r.line() == 2);
  CHECK_FALSE(r.next(fields));
  CHECK(r.error() == path + ":4: unterminated quoted field");

  const std::string junk = writeFile(dir, "junk.csv", "id\n1\n\"2\"x\n");
  CHECK_FALSE(r.open(junk));
  while (r.next(fields)) {
  }
  CHECK(r.error() == junk + ":3: unexpected character 'x' after closing quote");

  // Re-opening clears the failure; a moved-to reader carries on where the other one was.
  CHECK_FALSE(r.open(path));
  REQUIRE(r.next(fields));
  CsvReader moved = std::move(r);
  REQUIRE(moved.next(fields));
  CHECK(fields[0] == "1\n2");
  CHECK(moved.path() == path);
  CHECK_FALSE(r.next(fields));  // NOLINT(bugprone-use-after-move): a moved-from reader is empty
}

// --- headers ---------------------------------------------------------------------------------

TEST_CASE("csv header: every field form") {
  const std::vector<std::string_view> h = {"personId:ID(Person)",
                                           ":LABEL",
                                           "name",
                                           "age:int",
                                           "score:Double",
                                           "alive:boolean",
                                           "dob:date",
                                           "seen:datetime",
                                           "aliases:string[]",
                                           "nums:long[]",
                                           ":IGNORE",
                                           "t:datetime{timezone:UTC}",
                                           "",
                                           "c:char",
                                           "x:LocalDateTime",
                                           " n:short ",
                                           "b:byte",
                                           "f:float[]",
                                           "s:string",
                                           "first name:STRING"};
  const HeaderResult hr = parseHeader(h);
  CHECK(hr.error.empty());
  REQUIRE(hr.columns.size() == h.size());
  const auto& c = hr.columns;
  CHECK(c[0].kind == ColumnKind::ID);
  CHECK(c[0].name == "personId");
  CHECK(c[0].idSpace == "Person");
  CHECK(c[1].kind == ColumnKind::LABEL);
  CHECK(c[1].name.empty());
  CHECK(c[2].kind == ColumnKind::PROPERTY);
  CHECK(c[2].name == "name");
  CHECK(c[2].type == ValueType::STRING);
  CHECK_FALSE(c[2].isArray);
  CHECK(c[3].type == ValueType::INT);
  CHECK(c[4].type == ValueType::FLOAT);
  CHECK(c[5].type == ValueType::BOOL);
  CHECK(c[6].type == ValueType::DATE);
  CHECK(c[7].type == ValueType::DATETIME);
  CHECK((c[8].type == ValueType::STRING && c[8].isArray));
  CHECK((c[9].type == ValueType::INT && c[9].isArray));
  CHECK(c[10].kind == ColumnKind::IGNORE);
  CHECK((c[11].type == ValueType::DATETIME && c[11].name == "t"));
  CHECK(c[12].kind == ColumnKind::IGNORE);  // an empty header field
  CHECK(c[13].type == ValueType::STRING);
  CHECK(c[14].type == ValueType::DATETIME);
  CHECK((c[15].name == "n" && c[15].type == ValueType::INT));
  CHECK(c[16].type == ValueType::INT);
  CHECK((c[17].type == ValueType::FLOAT && c[17].isArray));
  CHECK(c[18].type == ValueType::STRING);
  CHECK((c[19].name == "first name" && c[19].kind == ColumnKind::PROPERTY));
  for (size_t i = 2; i < c.size(); ++i) {
    if (c[i].kind == ColumnKind::PROPERTY) CHECK(c[i].idSpace.empty());
  }
}

TEST_CASE("csv header: relationship files, bare ids and case-insensitive keywords") {
  HeaderResult hr = parseHeader({":START_ID(Person)", ":END_ID(Vehicle)", ":TYPE", "since:date"});
  REQUIRE(hr.error.empty());
  REQUIRE(hr.columns.size() == 4);
  CHECK(hr.columns[0].kind == ColumnKind::START_ID);
  CHECK(hr.columns[0].idSpace == "Person");
  CHECK(hr.columns[1].kind == ColumnKind::END_ID);
  CHECK(hr.columns[1].idSpace == "Vehicle");
  CHECK(hr.columns[2].kind == ColumnKind::TYPE);
  CHECK(hr.columns[3].type == ValueType::DATE);

  hr = parseHeader({":id", ":start_id", ":End_Id", ":type", ":label", ":ignore"});
  REQUIRE(hr.error.empty());
  REQUIRE(hr.columns.size() == 6);
  CHECK(hr.columns[0].kind == ColumnKind::ID);
  CHECK(hr.columns[0].name.empty());
  CHECK(hr.columns[0].idSpace.empty());
  CHECK(hr.columns[1].kind == ColumnKind::START_ID);
  CHECK(hr.columns[2].kind == ColumnKind::END_ID);
  CHECK(hr.columns[3].kind == ColumnKind::TYPE);
  CHECK(hr.columns[4].kind == ColumnKind::LABEL);
  CHECK(hr.columns[5].kind == ColumnKind::IGNORE);

  hr = parseHeader({"k:Id( Sp )"});
  REQUIRE(hr.error.empty());
  CHECK(hr.columns[0].kind == ColumnKind::ID);
  CHECK(hr.columns[0].name == "k");
  CHECK(hr.columns[0].idSpace == "Sp");
}

TEST_CASE("csv header: a name before :ID and several :LABEL columns are allowed") {
  const HeaderResult hr = parseHeader({"caseNo:ID(Case)", ":LABEL", ":LABEL", "title"});
  REQUIRE(hr.error.empty());
  CHECK(hr.columns[0].name == "caseNo");
  CHECK(hr.columns[1].kind == ColumnKind::LABEL);
  CHECK(hr.columns[2].kind == ColumnKind::LABEL);
}

TEST_CASE("csv header: errors name the column and what is wrong") {
  struct Case {
    std::vector<std::string_view> fields;
    std::string error;
  };
  const std::string SPACE_ONLY = "an id space is only allowed after :ID, :START_ID or :END_ID";
  const Case cases[] = {
      {{"age:integer"}, "header column 1 'age:integer': unknown type 'integer'"},
      {{":FOO"}, "header column 1 ':FOO': unknown type 'FOO'"},
      {{"a:int[]x"}, "header column 1 'a:int[]x': unknown type 'int[]x'"},
      {{":ID", "x", ":ID(P)"}, "header column 3 ':ID(P)': more than one :ID column"},
      {{":START_ID", ":START_ID(P)"},
       "header column 2 ':START_ID(P)': more than one :START_ID column"},
      {{":END_ID", ":END_ID"}, "header column 2 ':END_ID': more than one :END_ID column"},
      {{":TYPE", ":TYPE"}, "header column 2 ':TYPE': more than one :TYPE column"},
      {{"a", "a:int"}, "header column 2 'a:int': duplicate property 'a'"},
      {{"id:ID", "id"}, "header column 2 'id': duplicate property 'id'"},
      {{"x", "x:ID"}, "header column 2 'x:ID': duplicate property 'x'"},
      {{":LABEL(x)"}, "header column 1 ':LABEL(x)': " + SPACE_ONLY},
      {{":TYPE(x)"}, "header column 1 ':TYPE(x)': " + SPACE_ONLY},
      {{"age:int(x)"}, "header column 1 'age:int(x)': " + SPACE_ONLY},
      {{":int"}, "header column 1 ':int': a property column needs a name before ':'"},
      {{"a:"}, "header column 1 'a:': missing type after ':'"},
      {{"a:[]"}, "header column 1 'a:[]': missing type after ':'"},
      {{":ID(P"}, "header column 1 ':ID(P': unterminated '(' in 'ID(P'"},
      {{":ID()"}, "header column 1 ':ID()': empty id space '()'"},
      {{":ID[]"}, "header column 1 ':ID[]': '[]' is not allowed after :ID"},
      {{"t:datetime{tz"}, "header column 1 't:datetime{tz': unterminated '{' in 'datetime{tz'"},
      {{"a(b)"}, "header column 1 'a(b)': unexpected '('"},
      {{"ok", "a{b}"}, "header column 2 'a{b}': unexpected '{'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.error);
    const HeaderResult hr = parseHeader(c.fields);
    CHECK(hr.error == c.error);
    CHECK(hr.columns.empty());
  }
}

TEST_CASE("csv header: column type names") {
  CHECK(columnTypeName(property("a", ValueType::INT)) == "int");
  CHECK(columnTypeName(property("a", ValueType::FLOAT)) == "float");
  CHECK(columnTypeName(property("a", ValueType::BOOL)) == "boolean");
  CHECK(columnTypeName(property("a", ValueType::STRING)) == "string");
  CHECK(columnTypeName(property("a", ValueType::DATE)) == "date");
  CHECK(columnTypeName(property("a", ValueType::DATETIME)) == "datetime");
  CHECK(columnTypeName(property("a", ValueType::INT, true)) == "int[]");
  CHECK(columnTypeName(property("a", ValueType::STRING, true)) == "string[]");
}

// --- fields ----------------------------------------------------------------------------------

TEST_CASE("csv field: integers") {
  const CsvOptions o;
  const Column age = property("age", ValueType::INT);
  std::string err;
  Value v;
  CHECK(convertField("42", age, o, v, err));
  CHECK(v == Value(int64_t{42}));
  CHECK(convertField(" -7\t", age, o, v, err));
  CHECK(v == Value(int64_t{-7}));
  CHECK(convertField("+7", age, o, v, err));
  CHECK(v == Value(int64_t{7}));
  CHECK(convertField("007", age, o, v, err));
  CHECK(v == Value(int64_t{7}));
  CHECK(convertField("9223372036854775807", age, o, v, err));
  CHECK(v.asInt() == INT64_MAX);
  CHECK(convertField("-9223372036854775808", age, o, v, err));
  CHECK(v.asInt() == INT64_MIN);
  // Empty and blank text: no property.
  v = Value(1);
  CHECK(convertField("", age, o, v, err));
  CHECK(v.isNull());
  v = Value(1);
  CHECK(convertField(" \t ", age, o, v, err));
  CHECK(v.isNull());

  CHECK_FALSE(convertField("9223372036854775808", age, o, v, err));
  CHECK(err == "column 'age' (int): '9223372036854775808' is out of range for an integer");
  CHECK_FALSE(convertField("-9223372036854775809", age, o, v, err));
  CHECK(err == "column 'age' (int): '-9223372036854775809' is out of range for an integer");
  CHECK_FALSE(convertField("abc", age, o, v, err));
  CHECK(err == "column 'age' (int): 'abc' is not an integer");
  for (std::string_view bad : {"12x", "1.5", "+", "-", "1 2", "+-5", "++5", "-+5", "0x10"}) {
    CAPTURE(bad);
    err.clear();
    CHECK_FALSE(convertField(bad, age, o, v, err));
    CHECK(err == "column 'age' (int): '" + std::string(bad) + "' is not an integer");
  }
  // Long values are cut short in the message.
  CHECK_FALSE(convertField(std::string(200, '9'), age, o, v, err));
  CHECK(err ==
        "column 'age' (int): '" + std::string(60, '9') + "...' is out of range for an integer");
}

TEST_CASE("csv field: floats") {
  const CsvOptions o;
  const Column lat = property("lat", ValueType::FLOAT);
  std::string err;
  Value v;
  CHECK(convertField("41.8781", lat, o, v, err));
  CHECK(v == Value(41.8781));
  CHECK(convertField("-1e3", lat, o, v, err));
  CHECK(v == Value(-1000.0));
  CHECK(convertField(" +.5 ", lat, o, v, err));
  CHECK(v == Value(0.5));
  CHECK(convertField("3", lat, o, v, err));
  CHECK(v == Value(3.0));  // a float, not an int
  CHECK(convertField("", lat, o, v, err));
  CHECK(v.isNull());
  CHECK_FALSE(convertField("1e999", lat, o, v, err));
  CHECK(err == "column 'lat' (float): '1e999' is out of range for a float");
  CHECK_FALSE(convertField("4,5", lat, o, v, err));
  CHECK(err == "column 'lat' (float): '4,5' is not a number");
  for (std::string_view bad : {"+", ".", "1.2.3", "+-1", "e5", "1e"}) {
    CAPTURE(bad);
    err.clear();
    CHECK_FALSE(convertField(bad, lat, o, v, err));
    CHECK(err == "column 'lat' (float): '" + std::string(bad) + "' is not a number");
  }
}

TEST_CASE("csv field: booleans, dates, datetimes and strings") {
  const CsvOptions o;
  std::string err;
  Value v;
  const Column ok = property("ok", ValueType::BOOL);
  CHECK(convertField("TRUE", ok, o, v, err));
  CHECK(v == Value(true));
  CHECK(convertField(" false ", ok, o, v, err));
  CHECK(v == Value(false));
  CHECK_FALSE(convertField("yes", ok, o, v, err));
  CHECK(err == "column 'ok' (boolean): 'yes' is not true or false");
  CHECK_FALSE(convertField("1", ok, o, v, err));

  const Column dob = property("dob", ValueType::DATE);
  CHECK(convertField("1970-01-02", dob, o, v, err));
  CHECK(v == Value(Date{1}));
  CHECK(convertField(" 1969-12-31 ", dob, o, v, err));
  CHECK(v == Value(Date{-1}));
  CHECK(convertField("24/08/2017", dob, o, v, err));
  CHECK(v == Value(*parseDate("2017-08-24")));
  CHECK_FALSE(convertField("tomorrow", dob, o, v, err));
  CHECK(err == "column 'dob' (date): 'tomorrow' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
  CHECK_FALSE(convertField("2023-02-29", dob, o, v, err));

  const Column at = property("at", ValueType::DATETIME);
  CHECK(convertField("1970-01-01T00:00:01Z", at, o, v, err));
  CHECK(v == Value(DateTime{1000000}));
  CHECK(convertField("1970-01-01T01:00:00+01:00", at, o, v, err));
  CHECK(v.asDateTime().micros == 0);  // the instant; the offset is kept too (below)
  CHECK(convertField("1970-01-02", at, o, v, err));
  CHECK(v == Value(DateTime{int64_t{86400} * 1000000}));
  CHECK_FALSE(convertField("x", at, o, v, err));
  CHECK(err ==
        "column 'at' (datetime): 'x' is not a datetime (expected YYYY-MM-DDTHH:MM[:SS[.fraction]], "
        "then optionally Z or an offset such as +01:00, then optionally a zone name in brackets)");
  CHECK_FALSE(convertField("2026-01-01T25:00", at, o, v, err));

  const Column name = property("name", ValueType::STRING);
  CHECK(convertField(" a b ", name, o, v, err));
  CHECK(v == Value(" a b "));  // kept exactly
  CHECK(convertField(" ", name, o, v, err));
  CHECK(v == Value(" "));
  CHECK(convertField("a;b", name, o, v, err));
  CHECK(v == Value("a;b"));
  CHECK(convertField("", name, o, v, err));
  CHECK(v.isNull());
}

Column temporalColumn(const std::string& name, TemporalKind kind) {
  Column c = property(name, ValueType::DATETIME);
  c.temporal = kind;
  return c;
}

TEST_CASE("csv field: datetimes keep their offset, zone name and nanoseconds") {
  const CsvOptions o;
  std::string err;
  Value v;
  const Column at = property("at", ValueType::DATETIME);
  // 1970-01-01T01:00+01:00 is the epoch; the offset is kept beside the instant.
  REQUIRE(convertField("1970-01-01T01:00:00+01:00", at, o, v, err));
  CHECK(v.asDateTime().micros == 0);
  CHECK(v.asDateTime().offset == 3600);
  CHECK(v.asDateTime().kind == TemporalKind::DATETIME);
  CHECK(formatDateTime(v.asDateTime()) == "1970-01-01T01:00:00+01:00");
  REQUIRE(convertField("2015-07-21T21:40:32.142000001+02:00[Europe/Stockholm]", at, o, v, err));
  const DateTime& z = v.asDateTime();
  CHECK(z.zone == "Europe/Stockholm");
  CHECK(z.offset == 7200);
  CHECK(z.nanos == 1);
  CHECK(formatDateTime(z) == "2015-07-21T21:40:32.142000001+02:00[Europe/Stockholm]");
  // No offset, or Z: UTC, the compact instant.
  REQUIRE(convertField("2015-07-21 21:40:32", at, o, v, err));
  CHECK(v.asDateTime().plainInstant());
  REQUIRE(convertField("2015-07-21T21:40-0530", at, o, v, err));
  CHECK(v.asDateTime().offset == -(5 * 3600 + 30 * 60));
  // A zone name alone takes its offset from the tz database.
  REQUIRE(convertField("2015-07-21T21:40[Europe/Stockholm]", at, o, v, err));
  CHECK(formatDateTime(v.asDateTime()) == "2015-07-21T21:40:00+02:00[Europe/Stockholm]");
  CHECK_FALSE(convertField("2015-07-21T21:40[Mars/Olympus_Mons]", at, o, v, err));
  CHECK(err ==
        "column 'at' (datetime): '2015-07-21T21:40[Mars/Olympus_Mons]' is not a datetime "
        "(unknown time zone 'Mars/Olympus_Mons')");
  // Offsets out of range, a dangling colon, bad zone names.
  for (const char* bad :
       {"2015-07-21T21:40+19:00", "2015-07-21T21:40+02:", "2015-07-21T21:40+02:00[]",
        "2015-07-21T21:40+02:00[Europe Stockholm]", "2015-07-21T21:40+02:00[x"}) {
    CAPTURE(bad);
    CHECK_FALSE(convertField(bad, at, o, v, err));
  }
}

TEST_CASE("csv field: localdatetime, time, localtime and duration columns") {
  const CsvOptions o;
  std::string err;
  Value v;
  const Column local = temporalColumn("seen", TemporalKind::LOCAL_DATETIME);
  CHECK(columnTypeName(local) == "localdatetime");
  REQUIRE(convertField("2024-03-01T22:15:30.5", local, o, v, err));
  CHECK(v.asDateTime().kind == TemporalKind::LOCAL_DATETIME);
  CHECK(formatDateTime(v.asDateTime()) == "2024-03-01T22:15:30.5");
  CHECK_FALSE(convertField("2024-03-01T22:15:30Z", local, o, v, err));
  CHECK(err ==
        "column 'seen' (localdatetime): '2024-03-01T22:15:30Z' is not a local datetime "
        "(expected YYYY-MM-DDTHH:MM[:SS[.fraction]] without an offset)");

  const Column shift = temporalColumn("start", TemporalKind::TIME);
  CHECK(columnTypeName(shift) == "time");
  REQUIRE(convertField("22:15:00-05:00", shift, o, v, err));
  CHECK(v.asDateTime().kind == TemporalKind::TIME);
  CHECK(v.asDateTime().micros == int64_t{22 * 3600 + 15 * 60} * 1'000'000);
  CHECK(v.asDateTime().offset == -5 * 3600);
  REQUIRE(convertField("06:00", shift, o, v, err));
  CHECK(v.asDateTime().offset == 0);
  CHECK_FALSE(convertField("24:00", shift, o, v, err));
  CHECK_FALSE(convertField("12:00:60", shift, o, v, err));  // no leap second in a time of day
  CHECK_FALSE(convertField("2024-03-01T22:15", shift, o, v, err));

  const Column wall = temporalColumn("opens", TemporalKind::LOCAL_TIME);
  CHECK(columnTypeName(wall) == "localtime");
  REQUIRE(convertField("08:30", wall, o, v, err));
  CHECK(v.asDateTime().kind == TemporalKind::LOCAL_TIME);
  CHECK(formatDateTime(v.asDateTime()) == "08:30:00");
  CHECK_FALSE(convertField("08:30+01:00", wall, o, v, err));

  const Column took = property("took", ValueType::DURATION);
  CHECK(columnTypeName(took) == "duration");
  struct Case {
    const char* text;
    Duration want;
  };
  const Case cases[] = {
      {"P1Y2M", {14, 0, 0, 0}},
      {"P14DT16H12M", {0, 14, 16 * 3600 + 12 * 60, 0}},
      {"PT0.5S", {0, 0, 0, 500'000'000}},
      {"PT-0.4S", {0, 0, -1, 600'000'000}},
      {"P2W", {0, 14, 0, 0}},
      {"P-1DT2H", {0, -1, 7200, 0}},
      {"PT1.000000001S", {0, 0, 1, 1}},
      {"P1.5D", {0, 1, 43200, 0}},              // a fraction on the last component carries down
      {"P0.75M", {0, 22, 71509, 500'000'000}},  // at 365.2425 / 12 days a month
      {"P1Y2M3DT44H5M6.55S", {14, 3, 158706, 550'000'000}},  // exact, not floating point
      {"P2012-02-02T14:37:21.545", {2012 * 12 + 2, 2, 14 * 3600 + 37 * 60 + 21, 545'000'000}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    REQUIRE(convertField(c.text, took, o, v, err));
    CHECK(v.asDuration() == c.want);
  }
  for (const char* bad : {"P", "PT", "1D", "P1H", "PT1D", "P1DT", "P1.5DT2H", "P1M1Y", "PT1S2M",
                          "P1Y1Y", "P99999999999999999999Y", "P1DT2H3"}) {
    CAPTURE(bad);
    CHECK_FALSE(convertField(bad, took, o, v, err));
  }
  CHECK_FALSE(convertField("soon", took, o, v, err));
  CHECK(err ==
        "column 'took' (duration): 'soon' is not a duration (expected ISO 8601, such as "
        "P1Y2M, P14DT16H12M or PT0.5S)");

  // The header names them (case-insensitively), as neo4j-admin does, arrays included.
  const HeaderResult hr = parseHeader(
      {"a:LocalDateTime", "b:time", "c:LOCALTIME", "d:duration", "e:datetime[]", "f:duration[]"});
  REQUIRE(hr.error.empty());
  CHECK(hr.columns[0].temporal == TemporalKind::LOCAL_DATETIME);
  CHECK(hr.columns[1].temporal == TemporalKind::TIME);
  CHECK(hr.columns[2].temporal == TemporalKind::LOCAL_TIME);
  CHECK(hr.columns[3].type == ValueType::DURATION);
  CHECK(hr.columns[4].temporal == TemporalKind::DATETIME);
  CHECK(columnTypeName(hr.columns[5]) == "duration[]");
  CsvOptions arrays;
  arrays.arrayDelimiter = ';';
  REQUIRE(convertField("PT1H;P1D", hr.columns[5], arrays, v, err));
  REQUIRE(v.asList().size() == 2);
  CHECK(v.asList()[1].asDuration() == Duration{0, 1, 0, 0});
}

TEST_CASE("csv field: arrays") {
  CsvOptions o;
  std::string err;
  Value v;
  const Column aliases = property("aliases", ValueType::STRING, true);
  CHECK(convertField("a;;b", aliases, o, v, err));
  CHECK(v == Value(List{"a", "", "b"}));  // string arrays keep empty elements
  CHECK(convertField("solo", aliases, o, v, err));
  CHECK(v == Value(List{"solo"}));
  CHECK(convertField(" x ;y", aliases, o, v, err));
  CHECK(v == Value(List{" x ", "y"}));
  CHECK(convertField("", aliases, o, v, err));
  CHECK(v.isNull());

  const Column nums = property("nums", ValueType::INT, true);
  CHECK(convertField("1;2; 3;", nums, o, v, err));
  CHECK(v == Value(List{1, 2, 3}));  // other arrays skip them
  CHECK_FALSE(convertField("1;x;3", nums, o, v, err));
  CHECK(err == "column 'nums' (int[]): 'x' is not an integer");

  CHECK(convertField("1.5;-2", property("f", ValueType::FLOAT, true), o, v, err));
  CHECK(v == Value(List{1.5, -2.0}));
  CHECK(convertField("true;FALSE", property("b", ValueType::BOOL, true), o, v, err));
  CHECK(v == Value(List{true, false}));
  CHECK(convertField("1970-01-01;1970-01-03", property("d", ValueType::DATE, true), o, v, err));
  CHECK(v == Value(List{Date{0}, Date{2}}));
  CHECK_FALSE(convertField("2026-01-01;soon", property("d", ValueType::DATE, true), o, v, err));
  CHECK(err == "column 'd' (date[]): 'soon' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)");

  o.arrayDelimiter = '|';
  CHECK(convertField("1|2;3", aliases, o, v, err));
  CHECK(v == Value(List{"1", "2;3"}));
  CHECK(convertField("4|5", nums, o, v, err));
  CHECK(v == Value(List{4, 5}));
}

TEST_CASE("csv field: an unnamed column is named by its keyword") {
  const Column id{ColumnKind::ID, "", ValueType::INT, false, "Person"};
  std::string err;
  Value v;
  CHECK_FALSE(convertField("P1", id, CsvOptions{}, v, err));
  CHECK(err == "column ':ID' (int): 'P1' is not an integer");
}

TEST_CASE("csv: splitLabels") {
  std::vector<std::string_view> out{"stale"};
  splitLabels("Person;;GangMember; Suspect ;", ';', out);
  CHECK(out == std::vector<std::string_view>{"Person", "GangMember", "Suspect"});
  splitLabels("", ';', out);
  CHECK(out.empty());
  splitLabels(" ; ;", ';', out);
  CHECK(out.empty());
  splitLabels("A:B", ':', out);
  CHECK(out == std::vector<std::string_view>{"A", "B"});
  const std::string_view text = "Only";
  splitLabels(text, ';', out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].data() == text.data());  // views into the input
}

// --- CsvWriter -------------------------------------------------------------------------------

TEST_CASE("csv writer: typed fields") {
  TempDir dir;
  const std::string path = dir.sub("typed.csv");
  CsvWriter w(path);
  w.raw("h1,h2\n");
  w.integer(-5);
  w.integer(INT64_MIN);
  w.real(0.1);
  w.real(-2.5);
  w.boolean(true);
  w.boolean(false);
  w.endRow();
  w.date(-1);
  w.date(0);
  w.date(daysFromCivil(2026, 1, 1));
  w.date(daysFromCivil(2024, 2, 29));
  w.date(daysFromCivil(12, 3, 4));
  w.endRow();
  w.dateTime(-1);
  w.dateTime(0);
  w.dateTime(int64_t{daysFromCivil(2026, 6, 30)} * 86400 + 13 * 3600 + 4 * 60 + 5);
  w.endRow();
  w.prefixed('P', 7);
  w.padded(5, 3);
  w.padded(123456, 3);
  w.plain("+1");
  w.append("312");
  w.appendChar('x');
  w.appendPadded(42, 4);
  w.empty();
  w.text("");
  w.endRow();
  CHECK(w.rows() == 4);  // raw() rows are not counted
  CHECK(w.path() == path);
  CHECK(w.finish().empty());

  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text ==
        "h1,h2\n"
        "-5,-9223372036854775808,0.100000,-2.500000,true,false\n"
        "1969-12-31,1970-01-01,2026-01-01,2024-02-29,0012-03-04\n"
        "1969-12-31T23:59:59Z,1970-01-01T00:00:00Z,2026-06-30T13:04:05Z\n"
        "P7,005,123456,+1312x0042,,\n");
}

TEST_CASE("csv writer: dates and datetimes read back as the same values") {
  TempDir dir;
  const std::string path = dir.sub("times.csv");
  const int64_t first = daysFromCivil(1, 1, 1);
  const int64_t last = daysFromCivil(9999, 12, 31);
  TestRng rng(7);
  std::vector<int64_t> days;
  std::vector<int64_t> seconds;
  {
    CsvWriter w(path);
    for (int i = 0; i < 2000; ++i) {
      days.push_back(first +
                     static_cast<int64_t>(rng.below(static_cast<uint64_t>(last - first + 1))));
      seconds.push_back(days.back() * 86400 + static_cast<int64_t>(rng.below(86400)));
      w.date(days.back());
      w.dateTime(seconds.back());
      w.endRow();
    }
    REQUIRE(w.finish().empty());
  }
  CsvReader r;
  REQUIRE_FALSE(r.open(path));
  const Column d = property("d", ValueType::DATE);
  const Column t = property("t", ValueType::DATETIME);
  std::vector<std::string_view> f;
  std::string err;
  size_t i = 0;
  size_t bad = 0;
  while (r.next(f)) {
    REQUIRE(f.size() == 2);
    REQUIRE(i < days.size());
    Value dv;
    Value tv;
    const bool ok = convertField(f[0], d, CsvOptions{}, dv, err) &&
                    convertField(f[1], t, CsvOptions{}, tv, err);
    if (!ok || dv != Value(Date{static_cast<int32_t>(days[i])}) ||
        tv != Value(DateTime{seconds[i] * 1000000})) {
      if (bad++ == 0) FAIL_CHECK("row " << i << ": " << f[0] << "," << f[1] << " " << err);
    }
    ++i;
  }
  CHECK(i == days.size());
  CHECK(bad == 0);
}

TEST_CASE("csv writer: random text fields survive a round trip through CsvReader") {
  TempDir dir;
  struct Dialect {
    char delimiter;
    char quote;
    std::string_view alphabet;
  };
  const Dialect dialects[] = {{',', '"', "ab,\"\n\r; x'"}, {';', '\'', "ab,\"\n\r; x'"}};
  for (const Dialect& dialect : dialects) {
    CAPTURE(dialect.delimiter);
    const std::string path = dir.sub("rt.csv");
    TestRng rng(99);
    Rows rows;
    {
      CsvWriter w(path, dialect.delimiter, dialect.quote);
      // Enough rows to pass the writer's 1 MiB flush threshold a few times.
      while (rows.size() < 60000) {
        Row row;
        const size_t n = 1 + rng.below(5);
        for (size_t k = 0; k < n; ++k) {
          std::string s;
          const size_t len = rng.below(12);
          for (size_t j = 0; j < len; ++j)
            s += dialect.alphabet[rng.below(dialect.alphabet.size())];
          w.text(s);
          row.push_back(std::move(s));
        }
        // A row made of one empty field is a blank line, which is not a record.
        if (n == 1 && row[0].empty()) {
          w.text("z");
          row.push_back("z");
        }
        w.endRow();
        rows.push_back(std::move(row));
      }
      CHECK(w.rows() == rows.size());
      REQUIRE(w.finish().empty());
    }
    REQUIRE(std::filesystem::file_size(path) > (size_t{1} << 20));
    CsvReader r;
    CsvOptions o;
    o.delimiter = dialect.delimiter;
    o.quote = dialect.quote;
    REQUIRE_FALSE(r.open(path, o));
    std::vector<std::string_view> f;
    size_t i = 0;
    size_t bad = 0;
    while (r.next(f)) {
      if (i >= rows.size() || Row(f.begin(), f.end()) != rows[i]) {
        if (bad++ == 0) FAIL_CHECK("row " << i << " differs (line " << r.line() << ")");
      }
      ++i;
    }
    CHECK_FALSE(r.failed());
    CHECK(i == rows.size());
    CHECK(bad == 0);
  }
}

TEST_CASE("csv writer: quotes only the fields that need it") {
  TempDir dir;
  const std::string path = dir.sub("q.csv");
  CsvWriter w(path);
  for (std::string_view s :
       {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", " spaced ", "x;y"}) {
    w.text(s);
  }
  w.endRow();
  REQUIRE(w.finish().empty());
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\", spaced ,x;y\n");
}

TEST_CASE("csv writer: an unwritable path is reported by finish()") {
  TempDir dir;
  const std::string path = dir.sub("no/such/dir/x.csv");
  CsvWriter w(path);
  w.text("a");
  w.endRow();
  CHECK(w.finish() == "cannot create " + path + ": No such file or directory");
}

// --- randomized comparison with a reference parser ---------------------------------------------

namespace {

struct RefRecord {
  Row fields;
  uint64_t line;
};

struct RefResult {
  std::vector<RefRecord> records;
  bool ok = true;
  uint64_t errorLine = 0;
};

// The reader's contract, one byte at a time and without any cleverness.
RefResult referenceParse(std::string_view s, char delim, char quote) {
  RefResult out;
  size_t i = 0;
  const size_t n = s.size();
  uint64_t line = 1;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  // Consumes a line end at i, if there is one.
  auto lineEnd = [&]() {
    if (i < n && s[i] == '\n') {
      ++i;
      ++line;
      return true;
    }
    if (i + 1 == n && s[i] == '\r') {
      ++i;
      return true;
    }
    if (i + 1 < n && s[i] == '\r' && s[i + 1] == '\n') {
      i += 2;
      ++line;
      return true;
    }
    return false;
  };
  for (;;) {
    while (lineEnd()) {
    }
    if (i == n) return out;
    RefRecord rec{{}, line};
    for (;;) {
      std::string field;
      if (i < n && s[i] == quote) {
        ++i;
        for (;;) {
          if (i == n) {
            out.ok = false;
            out.errorLine = rec.line;
            return out;
          }
          if (s[i] == quote) {
            if (i + 1 < n && s[i + 1] == quote) {
              field += quote;
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (s[i] == '\n') ++line;
          field += s[i++];
        }
        rec.fields.push_back(field);
        if (i == n) break;
        if (s[i] == delim) {
          ++i;
          continue;
        }
        if (lineEnd()) break;
        out.ok = false;
        out.errorLine = rec.line;
        return out;
      }
      while (i < n && s[i] != delim && s[i] != '\n') field += s[i++];
      if (i < n && s[i] == delim) {
        rec.fields.push_back(field);
        ++i;
        continue;
      }
      if (!field.empty() && field.back() == '\r') field.pop_back();
      rec.fields.push_back(field);
      if (i < n) {
        ++i;
        ++line;
      }
      break;
    }
    out.records.push_back(std::move(rec));
  }
}

}  // namespace

TEST_CASE("csv: CsvReader agrees with a reference parser on random input") {
  TestRng rng(12345);
  size_t mismatches = 0;
  size_t failures = 0;
  size_t records = 0;
  for (int iter = 0; iter < 300000; ++iter) {
    const bool tabs = iter % 4 == 3;
    const char delim = tabs ? '\t' : ',';
    const std::string_view alphabet = tabs ? "ab\t\"\n\r" : "ab,\"\n\r";
    std::string s = iter % 16 == 0 ? "\xEF\xBB\xBF" : "";
    const size_t len = rng.below(24);
    for (size_t k = 0; k < len; ++k) s += alphabet[rng.below(alphabet.size())];
    // An exactly sized copy, so that reading past the end is a memory error under sanitizers.
    const std::vector<char> buf(s.begin(), s.end());
    const RefResult want = referenceParse(s, delim, '"');

    CsvReader r;
    CsvOptions o;
    o.delimiter = delim;
    r.openText(std::string_view(buf.data(), buf.size()), o);
    std::vector<RefRecord> got;
    std::vector<std::string_view> f;
    while (r.next(f)) got.push_back({Row(f.begin(), f.end()), r.line()});

    bool same = want.ok == !r.failed() && got.size() == want.records.size();
    for (size_t k = 0; same && k < got.size(); ++k) {
      same = got[k].fields == want.records[k].fields && got[k].line == want.records[k].line;
    }
    if (same && !want.ok) same = r.line() == want.errorLine;
    if (same && want.ok) same = r.bytesRead() == s.size();
    if (!same && mismatches++ < 3) {
      std::string shown;
      for (char c : s)
        shown += c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : std::string(1, c);
      FAIL_CHECK("input '" << shown << "': reference ok=" << want.ok
                           << " records=" << want.records.size() << "; reader error='" << r.error()
                           << "' records=" << got.size());
    }
    failures += want.ok ? 0 : 1;
    records += want.records.size();
  }
  CHECK(mismatches == 0);
  // The inputs exercise both outcomes.
  CHECK(failures > 10000);
  CHECK(records > 100000);
}
