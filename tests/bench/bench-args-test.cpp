// The Cypher benchmarks' command line (bench-util.h): positional arguments, --only and --passes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bench/bench-util.h"

using namespace casegraph::bench;

namespace {

QuestionArgs parse(std::vector<std::string> words) {
  std::vector<char*> argv{const_cast<char*>("bench")};
  for (auto& w : words) argv.push_back(w.data());
  return parseQuestionArgs(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("benchmark arguments: questions to run and passes") {
  const QuestionArgs all = parse({"unix:/tmp/s", "csv"});
  CHECK(all.error.empty());
  CHECK(all.positional == std::vector<std::string>{"unix:/tmp/s", "csv"});
  CHECK(all.passes == 2);
  CHECK(all.wants("sp"));
  CHECK(all.wants("filtered"));

  const QuestionArgs some =
      parse({"d", "csv", "50", "--only", "hop2", "--passes", "7", "--only", "sp"});
  CHECK(some.error.empty());
  CHECK(some.positional.size() == 3);
  CHECK(some.passes == 7);
  CHECK(some.wants("hop2"));
  CHECK(some.wants("sp"));
  CHECK_FALSE(some.wants("hop3"));

  CHECK(parse({"d", "csv", "--only", "hop5"}).error.find("unknown question 'hop5'") == 0);
  CHECK(parse({"d", "csv", "--passes", "0"}).error == "--passes needs a number above 0");
  CHECK(parse({"d", "csv", "--passes"}).error == "--passes needs a value");
  CHECK(parse({"d", "csv", "--fast"}).error == "unknown option --fast");
  CHECK(parse({"d"}).error == "expected two or three arguments");
}
