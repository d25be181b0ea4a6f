// The openCypher TCK (Technology Compatibility Kit) against CaseGraph's Cypher executor: runs
// every scenario of the .feature files under a directory, each on a fresh empty store, and
// prints how many pass per feature folder.
//
//   tck-runner [options] [FEATURES_DIR]
//     FEATURES_DIR            default $CASEGRAPH_SOURCE_DIR/../shared/data/tck/features
//     --verbose, -v           each failing scenario with its reason and query
//     --filter TEXT           only scenarios whose identity contains TEXT
//     --check FILE            exit 1 when a scenario fails that FILE does not list
//     --write-failing FILE    write the failing scenarios to FILE (keeping listed ones that
//                             a --filter left out)
//     --exact-errors          exit 1 when an expected error comes with another code or in
//                             another phase (compile time / runtime) than the TCK says
//     --deadline SECONDS      per query (default 10)
//     --no-fork               run scenarios in this process (for a debugger); a crash then
//                             ends the run
//     --require               exit 1 when FEATURES_DIR is absent (also when CI=true);
//                             otherwise an absent directory is reported and skipped
//
// A scenario's identity is "<folder>/<File>.feature: <scenario name>", plus " [example N]"
// for the N-th Examples row of an outline, e.g.
//   clauses/match/Match1.feature: [1] Match non-existent nodes returns empty
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tck/baseline.h"
#include "tck/gherkin.h"
#include "tck/isolate.h"
#include "tck/scenario.h"
#include "test-util.h"

namespace {

namespace fs = std::filesystem;
using namespace casegraph::tck;

struct Options {
  std::string features;
  bool verbose = false;
  std::string filter;
  std::string checkFile;
  std::string writeFile;
  int deadlineSeconds = 10;
  bool fork = true;
  bool exactErrors = false;
  bool require = false;
};

constexpr const char* USAGE =
    "usage: tck-runner [--verbose] [--filter TEXT] [--check FILE] [--write-failing FILE]\n"
    "                  [--exact-errors] [--deadline SECONDS] [--no-fork] [--require]\n"
    "                  [FEATURES_DIR]\n";

std::optional<Options> parseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    std::optional<std::string> v;
    if (arg == "--verbose" || arg == "-v") {
      o.verbose = true;
    } else if (arg == "--no-fork") {
      o.fork = false;
    } else if (arg == "--exact-errors") {
      o.exactErrors = true;
    } else if (arg == "--require") {
      o.require = true;
    } else if (arg == "--filter" && (v = value())) {
      o.filter = *v;
    } else if (arg == "--check" && (v = value())) {
      o.checkFile = *v;
    } else if (arg == "--write-failing" && (v = value())) {
      o.writeFile = *v;
    } else if (arg == "--deadline" && (v = value())) {
      o.deadlineSeconds = std::max(1, std::atoi(v->c_str()));
    } else if (!arg.starts_with("-") && o.features.empty()) {
      o.features = arg;
    } else {
      std::cerr << "tck-runner: unknown option or missing value: " << arg << "\n";
      return std::nullopt;
    }
  }
  if (o.features.empty()) {
    const char* source = std::getenv("CASEGRAPH_SOURCE_DIR");
    o.features = (fs::path(source ? source : ".") / ".." / "shared" / "data" / "tck" / "features")
                     .lexically_normal()
                     .string();
  }
  return o;
}

std::vector<fs::path> featureFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".feature") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string identityOf(const std::string& folder, const fs::path& file, const Scenario& s) {
  std::string id = folder + "/" + file.filename().string() + ": " + s.name;
  if (s.example > 0) id += " [example " + std::to_string(s.example) + "]";
  return id;
}

bool hasTag(const Scenario& s, const std::string& tag) {
  return std::find(s.tags.begin(), s.tags.end(), tag) != s.tags.end();
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out = prefix;
  for (const char c : text) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return out;
}

struct FolderCount {
  size_t passed = 0;
  size_t total = 0;
};

// Everything a run found, for the summary and the baseline.
struct RunResults {
  std::map<std::string, FolderCount> folders;
  std::map<std::string, bool> passed;           // by identity
  std::map<std::string, size_t> failureCauses;  // by Outcome::category
  std::vector<std::string> codeMismatches;      // identity: detail
  std::vector<std::string> phaseMismatches;
  std::vector<std::string> unreadableFiles;  // with the error
  size_t unsupported = 0;
  size_t ignored = 0;  // tagged @ignore: the TCK itself does not run them
};

void printFailure(const std::string& identity, const Scenario& s, const Outcome& o) {
  std::cout << (o.verdict == Verdict::UNSUPPORTED ? "UNSUPPORTED " : "FAIL ") << identity
            << "  (line " << s.line << ")\n"
            << indent(o.reason, "    ") << "\n";
  if (!o.query.empty()) std::cout << "    query:\n" << indent(o.query, "      ") << "\n";
}

void record(RunResults& results, const std::string& folder, const std::string& identity,
            const Outcome& o) {
  const bool ok = o.verdict == Verdict::PASSED;
  FolderCount& count = results.folders[folder];
  ++count.total;
  if (ok) ++count.passed;
  results.passed[identity] = ok;
  if (!ok) ++results.failureCauses[o.category];
  if (o.verdict == Verdict::UNSUPPORTED) ++results.unsupported;
  if (!o.codeMismatch.empty()) results.codeMismatches.push_back(identity + ": " + o.codeMismatch);
  if (!o.phaseMismatch.empty())
    results.phaseMismatches.push_back(identity + ": " + o.phaseMismatch);
}

RunResults runAll(const Options& options, const std::vector<fs::path>& files,
                  const RunOptions& runOptions) {
  RunResults results;
  std::set<std::string> seen;
  for (const fs::path& file : files) {
    const std::string folder = fs::relative(file.parent_path(), options.features).generic_string();
    Feature feature;
    try {
      feature = readFeature(file);
    } catch (const std::exception& e) {
      results.unreadableFiles.push_back(e.what());
      continue;
    }
    for (const Scenario& s : feature.scenarios) {
      std::string identity = identityOf(folder, file, s);
      // Two scenarios with one name in a file would share an identity; number the repeats.
      for (int n = 2; seen.count(identity) != 0; ++n) {
        identity = identityOf(folder, file, s) + " (" + std::to_string(n) + ")";
      }
      seen.insert(identity);
      if (!options.filter.empty() && identity.find(options.filter) == std::string::npos) continue;
      if (hasTag(s, "@ignore")) {
        ++results.ignored;
        continue;
      }
      const auto run = [&] { return runScenario(s, runOptions); };
      const Outcome o =
          options.fork ? runIsolated(run, std::chrono::seconds(options.deadlineSeconds * 3 + 30))
                       : run();
      if (options.verbose && o.verdict != Verdict::PASSED) printFailure(identity, s, o);
      record(results, folder, identity, o);
    }
  }
  return results;
}

std::string percent(size_t passed, size_t total) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%5.1f%%",
                total == 0 ? 0.0 : 100.0 * double(passed) / double(total));
  return buf;
}

void printSummary(const RunResults& r, bool verbose) {
  size_t passed = 0;
  size_t total = 0;
  std::cout << "\nopenCypher TCK\n";
  for (const auto& [folder, count] : r.folders) {
    std::cout << "  " << std::left << std::setw(40) << folder << std::right << std::setw(5)
              << count.passed << " / " << std::left << std::setw(5) << count.total << std::right
              << percent(count.passed, count.total) << "\n";
    passed += count.passed;
    total += count.total;
  }
  std::cout << "  " << std::left << std::setw(40) << "total" << std::right << std::setw(5) << passed
            << " / " << std::left << std::setw(5) << total << std::right << percent(passed, total)
            << "\n";
  if (r.unsupported > 0) {
    std::cout << "  (" << r.unsupported
              << " of the failures use steps the runner does not support)\n";
  }
  if (r.ignored > 0) std::cout << "  (" << r.ignored << " scenarios tagged @ignore not run)\n";

  std::vector<std::pair<size_t, std::string>> causes;
  for (const auto& [cause, n] : r.failureCauses) causes.emplace_back(n, cause);
  std::sort(causes.rbegin(), causes.rend());
  if (!causes.empty()) std::cout << "\nFailures by cause:\n";
  for (size_t i = 0; i < causes.size() && (verbose || i < 15); ++i) {
    std::cout << "  " << std::setw(5) << causes[i].first << "  " << causes[i].second << "\n";
  }
  if (!verbose && causes.size() > 15) std::cout << "  ... (--verbose for all)\n";

  const auto list = [&](const char* title, const std::vector<std::string>& items) {
    if (items.empty()) return;
    std::cout << "\n"
              << title << " (the expected error kind was raised, so these pass): " << items.size()
              << "\n";
    if (!verbose) return;
    for (const auto& item : items) std::cout << "  " << item << "\n";
  };
  list("Error code mismatches", r.codeMismatches);
  list("Error phase mismatches", r.phaseMismatches);
  for (const auto& e : r.unreadableFiles) std::cout << "\nunreadable feature file: " << e << "\n";
}

// --check: regressions fail the run; scenarios that now pass are only reported.
bool checkBaseline(const std::string& file, const RunResults& r) {
  const auto known = readFailingList(file);
  if (!known) {
    std::cout << "\n"
              << file << " does not exist: no known-failing list to check against yet.\n"
              << "Record one with: tck-runner --write-failing " << file << "\n";
    return true;
  }
  const BaselineCheck check = checkAgainst(*known, r.passed);
  if (!check.nowPassing.empty()) {
    std::cout << "\nNow passing, remove from " << file << " (" << check.nowPassing.size() << "):\n";
    for (const auto& id : check.nowPassing) std::cout << "  " << id << "\n";
  }
  if (!check.regressions.empty()) {
    std::cout << "\nREGRESSIONS: failing and not in " << file << " (" << check.regressions.size()
              << "):\n";
    for (const auto& id : check.regressions) std::cout << "  " << id << "\n";
  }
  return check.regressions.empty();
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = parseArgs(argc, argv);
  if (!options) {
    std::cerr << USAGE;
    return 2;
  }
  if (!fs::is_directory(options->features)) {
    // Locally the TCK data may be absent; in CI (CI=true) or with --require it must be there.
    const char* ci = std::getenv("CI");
    if (options->require || (ci != nullptr && std::string(ci) == "true")) {
      std::cerr << "tck-runner: " << options->features
                << " is not present (required under CI=true or --require)\n";
      return 1;
    }
    std::cout << "skipped: " << options->features << " is not present\n";
    return 0;
  }
  try {
    // One scratch directory for the whole run; each scenario's store lives in a fresh
    // directory inside it. Removing it at the end also removes what crashed scenarios left.
    const casegraph::test::TempDir scratch;
    RunOptions runOptions;
    runOptions.deadline = std::chrono::seconds(options->deadlineSeconds);
    runOptions.scratchDir = scratch.path();
    runOptions.graphsDir = (fs::path(options->features) / ".." / "graphs").string();
    const RunResults results = runAll(*options, featureFiles(options->features), runOptions);

    printSummary(results, options->verbose);
    bool ok = results.unreadableFiles.empty();
    if (!options->checkFile.empty()) ok = checkBaseline(options->checkFile, results) && ok;
    if (options->exactErrors &&
        (!results.codeMismatches.empty() || !results.phaseMismatches.empty())) {
      std::cout << "\nREGRESSIONS: errors with another code or phase than the TCK's:\n";
      for (const auto* list : {&results.codeMismatches, &results.phaseMismatches}) {
        for (const auto& item : *list) std::cout << "  " << item << "\n";
      }
      ok = false;
    }
    if (!options->writeFile.empty()) {
      const auto known = readFailingList(options->writeFile);
      const auto list = updatedList(known.value_or(std::set<std::string>{}), results.passed);
      writeFailingList(options->writeFile, list);
      std::cout << "\nwrote " << list.size() << " failing scenarios to " << options->writeFile
                << "\n";
    }
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "tck-runner: " << e.what() << "\n";
    return 1;
  }
}
