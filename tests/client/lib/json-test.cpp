#include "client/lib/json.h"

#include <doctest/doctest.h>

using namespace casegraph;

namespace {

JsonValue parseOk(std::string_view text) {
  JsonValue v;
  std::string error;
  const bool ok = parseJson(text, v, error);
  INFO(text << " -> " << error);
  CHECK(ok);
  return v;
}

std::string parseError(std::string_view text) {
  JsonValue v;
  std::string error;
  CHECK_FALSE(parseJson(text, v, error));
  return error;
}

}  // namespace

TEST_CASE("JSON scalars") {
  CHECK(parseOk("null").isNull());
  CHECK(parseOk(" true ").asBool());
  CHECK_FALSE(parseOk("false").asBool());
  CHECK(parseOk("0").asInt() == 0);
  CHECK(parseOk("-17").asInt() == -17);
  CHECK(parseOk("9223372036854775807").asInt() == INT64_MAX);
  CHECK(parseOk("-9223372036854775808").asInt() == INT64_MIN);
  // Integral but too large for int64: a float.
  CHECK(parseOk("9223372036854775808").kind() == JsonValue::Kind::FLOAT);
  CHECK(parseOk("1.5").asFloat() == 1.5);
  CHECK(parseOk("1e3").kind() == JsonValue::Kind::FLOAT);
  CHECK(parseOk("-2.5E-1").asFloat() == -0.25);
  CHECK(parseOk("\"a\\\"b\\\\c\\/d\\n\\t\"").asString() == "a\"b\\c/d\n\t");
}

TEST_CASE("JSON unicode escapes become UTF-8") {
  CHECK(parseOk(R"("\u0041")").asString() == "A");
  CHECK(parseOk(R"("\u00e9")").asString() == "\xc3\xa9");
  CHECK(parseOk(R"("\u20AC")").asString() == "\xe2\x82\xac");
  CHECK(parseOk(R"("\ud83d\ude00")").asString() == "\xf0\x9f\x98\x80");  // a surrogate pair
  CHECK(parseOk("\"caf\xc3\xa9\"").asString() == "caf\xc3\xa9");         // raw UTF-8 kept
}

TEST_CASE("JSON arrays and objects keep their order") {
  const JsonValue v = parseOk(R"({"b": [1, 2.5, "x", null], "a": {"c": true}})");
  REQUIRE(v.kind() == JsonValue::Kind::OBJECT);
  REQUIRE(v.asObject().size() == 2);
  CHECK(v.asObject()[0].first == "b");
  CHECK(v.find("b")->asArray().size() == 4);
  CHECK(v.find("a")->find("c")->asBool());
  CHECK(v.find("zz") == nullptr);
  CHECK(parseOk("[]").asArray().empty());
  CHECK(parseOk("{}").asObject().empty());
}

TEST_CASE("JSON errors give line and column") {
  CHECK(parseError("") == "line 1, column 1: unexpected end of input; expected a JSON value");
  CHECK(parseError("[1,]") == "line 1, column 4: unexpected ']'; expected a JSON value");
  CHECK(parseError("[1 2]") == "line 1, column 4: unexpected '2'; expected ',' or ']'");
  CHECK(parseError("{\n  \"a\": 1,\n  \"a\": 2}") == "line 3, column 3: duplicate key \"a\"");
  CHECK(parseError("{\"a\" 1}") == "line 1, column 6: unexpected '1'; expected ':'");
  CHECK(parseError("{1: 2}") ==
        "line 1, column 2: unexpected '1'; expected a string (an object key)");
  CHECK(parseError("\"abc") == "line 1, column 1: unterminated string");
  CHECK(parseError("\"a\nb\"") == "line 1, column 3: line break inside a string (write it as \\n)");
  CHECK(parseError(R"("\x")") == "line 1, column 2: invalid escape \\x");
  CHECK(parseError(R"("\u12G4")") ==
        "line 1, column 6: invalid \\u escape; expected four hex digits");
  CHECK(parseError(R"("\ud83d")") ==
        "line 1, column 2: high surrogate \\uD83D is not followed by a low surrogate");
  CHECK(parseError(R"("\ude00")") == "line 1, column 2: unpaired low surrogate \\uDE00");
  CHECK(parseError("01") == "line 1, column 2: leading zeros are not allowed in numbers");
  CHECK(parseError("1.") ==
        "line 1, column 3: unexpected end of input; expected a digit after '.'");
  CHECK(parseError("-") == "line 1, column 2: unexpected end of input; expected a digit");
  CHECK(parseError("1e999") == "line 1, column 1: number 1e999 is out of range");
  CHECK(parseError("tru") == "line 1, column 1: unexpected 't'; expected a JSON value");
  CHECK(parseError("[1] x") == "line 1, column 5: unexpected text after the JSON value");
  CHECK(parseError("'a'") == "line 1, column 1: unexpected '''; expected a JSON value");
  CHECK(parseError(std::string(300, '[')).find("nesting deeper than 256 levels") !=
        std::string::npos);
}

TEST_CASE("JSON to property values") {
  auto convert = [](std::string_view text) {
    JsonValue json = parseOk(text);
    Value v;
    std::string error;
    CHECK(jsonToValue(json, v, error));
    return v;
  };
  CHECK(convert("null").isNull());
  CHECK(convert("12") == Value(int64_t{12}));
  CHECK(convert("1.25") == Value(1.25));
  CHECK(convert("\"x\"") == Value("x"));
  CHECK(convert("[1, \"a\", [true]]") == Value(List{int64_t{1}, "a", List{true}}));
  CHECK(convert(R"({"date": "2026-01-02"})") == Value(*parseDate("2026-01-02")));
  CHECK(convert(R"({"datetime": "2026-01-02T03:04:05Z"})") ==
        Value(*parseDateTime("2026-01-02T03:04:05Z")));

  JsonValue json = parseOk(R"({"date": "2026-13-01"})");
  Value v;
  std::string error;
  CHECK_FALSE(jsonToValue(json, v, error));
  CHECK(error == "'2026-13-01' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
  json = parseOk(R"({"name": "x"})");
  CHECK_FALSE(jsonToValue(json, v, error));
  CHECK(error.find("are not property values") != std::string::npos);

  // Temporal values keep what they say: offsets and zone names, the kind, durations.
  const Value zoned = convert(R"({"datetime": "2015-07-21T21:40:32+02:00[Europe/Stockholm]"})");
  CHECK(zoned.asDateTime().zone == "Europe/Stockholm");
  CHECK(zoned.asDateTime().offset == 7200);
  CHECK(convert(R"({"localdatetime": "2024-03-01T22:15"})").asDateTime().kind ==
        TemporalKind::LOCAL_DATETIME);
  CHECK(formatDateTime(convert(R"({"time": "22:15-05:00"})").asDateTime()) == "22:15:00-05:00");
  CHECK(convert(R"({"localtime": "08:30"})").asDateTime().kind == TemporalKind::LOCAL_TIME);
  CHECK(convert(R"({"duration": "P1DT2H"})") == Value(Duration{0, 1, 7200, 0}));
  json = parseOk(R"({"time": "2024-03-01T22:15"})");
  CHECK_FALSE(jsonToValue(json, v, error));
  CHECK(error ==
        "'2024-03-01T22:15' is not a time (expected HH:MM[:SS[.fraction]], then "
        "optionally Z or an offset such as +01:00)");
  json = parseOk(R"({"duration": "1 day"})");
  CHECK_FALSE(jsonToValue(json, v, error));
  CHECK(error ==
        "'1 day' is not a duration (expected ISO 8601, such as P1Y2M, P14DT16H12M or PT0.5S)");
}
