#include "client/graphctl/shell-words.h"

#include <doctest/doctest.h>

using namespace casegraph;

namespace {

std::vector<std::string> split(std::string_view line) {
  std::vector<std::string> words;
  std::string error;
  CHECK_MESSAGE(splitShellWords(line, words, error), error);
  return words;
}

}  // namespace

TEST_CASE("shell words") {
  using V = std::vector<std::string>;
  CHECK(split("  find  Person\tname  ") == V{"find", "Person", "name"});
  CHECK(split(R"(find Person lastName '"Smith"')") == V{"find", "Person", "lastName", "\"Smith\""});
  CHECK(split(R"(a "b c" 'd e' f\ g)") == V{"a", "b c", "d e", "f g"});
  CHECK(split(R"("say \"hi\" \n")") == V{"say \"hi\" \\n"});
  CHECK(split("'it''s'") == V{"its"});
  CHECK(split("a '' b") == V{"a", "", "b"});
  CHECK(split("a\"b\"'c'") == V{"abc"});
  CHECK(split("neighbors 5 \\\n --limit 3") == V{"neighbors", "5", "--limit", "3"});
  CHECK(split("stats # a comment") == V{"stats"});
  CHECK(split("a#b") == V{"a#b"});
  CHECK(split("").empty());

  std::vector<std::string> words;
  std::string error;
  CHECK_FALSE(splitShellWords("find 'Person", words, error));
  CHECK(error == "unterminated ' quote (column 6)");
  CHECK_FALSE(splitShellWords("x \"abc", words, error));
  CHECK(error == "unterminated \" quote (column 3)");
  CHECK_FALSE(splitShellWords("x \\", words, error));
}
