// cypher-random: random graphs, random Cypher over them, and checks that the engine's answers
// agree with a reference evaluator and with themselves under rewrites (README.md here).
//
//   cypher-random [--seed N] [--seeds N] [--count N] [--nodes N] [--skip-check NAME]...
//                 [--check NAME]... [--verbose] [--list-checks]
//
// Each seed makes one graph and runs --count checks of every family on it. Prints the checks
// and queries run per family and every mismatch with its seed, queries and answers; exits 1
// when there was a mismatch.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "checks.h"
#include "query-ast.h"
#include "test-util.h"

using namespace casegraph;
using namespace casegraph::randomq;

namespace {

struct Options {
  uint64_t seed = 1;
  uint64_t seeds = 20;  // --seed alone: that one seed; with --seeds: that many from it
  bool seedsGiven = false;
  int count = 20;
  int nodes = 12;
  bool verbose = false;
  std::set<std::string> skip;
  std::set<std::string> only;
};

void usage() {
  std::cerr << "usage: cypher-random [--seed N] [--seeds N] [--count N] [--nodes N]\n"
               "                     [--skip-check NAME]... [--check NAME]... [--verbose]\n"
               "                     [--list-checks]\n";
  std::exit(2);
}

bool knownFamily(const std::string& name) {
  for (const auto& f : checkFamilies()) {
    if (f.name == name) return true;
  }
  return false;
}

// NAME or NAME,NAME,... into `into`; an unknown name is a usage error.
void addNames(const std::string& list, std::set<std::string>& into) {
  std::stringstream ss(list);
  std::string name;
  while (std::getline(ss, name, ',')) {
    if (name.empty()) continue;
    if (!knownFamily(name)) {
      std::cerr << "cypher-random: no check family '" << name << "' (see --list-checks)\n";
      std::exit(2);
    }
    into.insert(name);
  }
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    auto number = [&]() -> uint64_t {
      const std::string v = value();
      char* end = nullptr;
      const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end) usage();
      return n;
    };
    if (a == "--seed") {
      o.seed = number();
      if (!o.seedsGiven) o.seeds = 1;
    } else if (a == "--seeds") {
      o.seeds = number();
      o.seedsGiven = true;
    } else if (a == "--count") {
      o.count = static_cast<int>(number());
    } else if (a == "--nodes") {
      o.nodes = std::max(2, static_cast<int>(number()));
    } else if (a == "--skip-check") {
      addNames(value(), o.skip);
    } else if (a == "--check") {
      addNames(value(), o.only);
    } else if (a == "--verbose") {
      o.verbose = true;
    } else if (a == "--list-checks") {
      for (const auto& f : checkFamilies())
        std::printf("%-10s %s\n", f.name.c_str(), f.what.c_str());
      std::exit(0);
    } else {
      usage();
    }
  }
  return o;
}

void printMismatch(const Mismatch& m) {
  std::printf("MISMATCH [%s] seed %llu, query %d\n", m.check.c_str(),
              static_cast<unsigned long long>(m.seed), m.number);
  for (const auto& q : m.queries) std::printf("    %s\n", q.c_str());
  for (const auto& a : m.answers) std::printf("  %s\n", a.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::vector<std::string> families;
  for (const auto& f : checkFamilies()) {
    if (o.skip.count(f.name) || (!o.only.empty() && !o.only.count(f.name))) continue;
    families.push_back(f.name);
  }
  const auto start = std::chrono::steady_clock::now();
  std::map<std::string, Tally> total;
  std::vector<Mismatch> mismatches;
  for (uint64_t seed = o.seed; seed < o.seed + o.seeds; ++seed) {
    test::TempDir dir;
    auto store = GraphStore::open({.path = dir.path(), .noSync = true});
    Rng rng(seed);
    Graph graph = generateGraph(rng, o.nodes);
    loadGraph(graph, *store);
    if (o.verbose) {
      std::printf("seed %llu: %zu nodes, %zu relationships\n%s",
                  static_cast<unsigned long long>(seed), graph.nodes.size(), graph.rels.size(),
                  graph.describe().c_str());
    }
    Checker checker(*store, graph, seed);
    for (int i = 0; i < o.count; ++i) {
      for (const auto& f : families) {
        const size_t before = mismatches.size();
        checker.run(f, i, mismatches);
        if (o.verbose) {
          for (size_t k = before; k < mismatches.size(); ++k) printMismatch(mismatches[k]);
        }
      }
    }
    for (const auto& [name, t] : checker.tallies()) {
      Tally& sum = total[name];
      sum.checks += t.checks;
      sum.queries += t.queries;
      sum.mismatches += t.mismatches;
      sum.refused += t.refused;
      sum.errors += t.errors;
      sum.empty += t.empty;
    }
  }
  if (!o.verbose) {
    for (const auto& m : mismatches) printMismatch(m);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Tally all;
  std::printf("\n%-10s %8s %8s %10s %8s %8s %8s\n", "check", "checks", "queries", "mismatches",
              "refused", "errors", "empty");
  for (const auto& f : families) {
    const Tally& t = total[f];
    std::printf(
        "%-10s %8llu %8llu %10llu %8llu %8llu %8llu\n", f.c_str(),
        static_cast<unsigned long long>(t.checks), static_cast<unsigned long long>(t.queries),
        static_cast<unsigned long long>(t.mismatches), static_cast<unsigned long long>(t.refused),
        static_cast<unsigned long long>(t.errors), static_cast<unsigned long long>(t.empty));
    all.checks += t.checks;
    all.queries += t.queries;
    all.mismatches += t.mismatches;
  }
  for (const auto& name : o.skip) std::printf("%-10s skipped\n", name.c_str());
  std::printf("seeds %llu..%llu: %llu checks, %llu queries, %llu mismatches in %.1f s\n",
              static_cast<unsigned long long>(o.seed),
              static_cast<unsigned long long>(o.seed + o.seeds - 1),
              static_cast<unsigned long long>(all.checks),
              static_cast<unsigned long long>(all.queries),
              static_cast<unsigned long long>(all.mismatches), seconds);
  return all.mismatches ? 1 : 0;
}
