// Small helpers for the benchmark programs: timing, percentiles, machine description.
#pragma once

#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace casegraph::bench {

inline double nowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU time the calling thread has used, in seconds.
inline double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The q-quantile (0..1) of `v` (sorted copy, nearest rank).
inline double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

inline long peakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

inline std::string machine() {
  std::string cpu = "unknown cpu";
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname u{};
  uname(&u);
  return cpu + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " cores, " +
         std::to_string(sysconf(_SC_PHYS_PAGES) / 1024 * sysconf(_SC_PAGESIZE) / 1024 / 1024) +
         " GiB RAM, " + u.sysname + " " + u.release;
}

// Latencies of one question, printed as p50 / p99.
// The command line of the Cypher benchmarks: DATA_OR_ADDRESS CSV_DIR [PAIRS] [--only NAME]
// [--passes N]. --only runs one question (sp, hop2, hop3, trivial, filtered; repeatable), for
// profiling; --passes N runs N passes instead of 2 and reports the last (the first maps the
// pages in).
struct QuestionArgs {
  std::vector<std::string> positional;
  std::vector<std::string> only;
  int passes = 2;
  std::string error;

  bool wants(const std::string& name) const {
    return only.empty() || std::find(only.begin(), only.end(), name) != only.end();
  }
};

inline QuestionArgs parseQuestionArgs(int argc, char** argv) {
  static const std::vector<std::string> NAMES = {"sp", "hop2", "hop3", "trivial", "filtered"};
  QuestionArgs a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--only" || arg == "--passes") && i + 1 >= argc) {
      a.error = arg + " needs a value";
    } else if (arg == "--only") {
      a.only.push_back(argv[++i]);
      if (std::find(NAMES.begin(), NAMES.end(), a.only.back()) == NAMES.end()) {
        a.error = "unknown question '" + a.only.back() + "' (sp, hop2, hop3, trivial, filtered)";
      }
    } else if (arg == "--passes") {
      a.passes = std::atoi(argv[++i]);
      if (a.passes < 1) a.error = "--passes needs a number above 0";
    } else if (arg.rfind("--", 0) == 0) {
      a.error = "unknown option " + arg;
    } else {
      a.positional.push_back(arg);
    }
  }
  if (a.error.empty() && (a.positional.size() < 2 || a.positional.size() > 3)) {
    a.error = "expected two or three arguments";
  }
  return a;
}

struct Series {
  std::vector<double> ms;
  void print(const char* what) const {
    std::printf("%-40s p50 %8.3f ms  p99 %8.3f ms  (%zu runs)\n", what, quantile(ms, 0.5),
                quantile(ms, 0.99), ms.size());
  }
};

// Compares two answer files written beside the data, line by line, and says how many agree;
// silent when `theirs` is absent (that reference was not run).
inline void compareAnswers(const std::string& dir, const std::string& ours,
                           const std::string& theirs, const std::string& who) {
  std::ifstream a(dir + "/" + ours), b(dir + "/" + theirs);
  if (!b) return;
  size_t n = 0, same = 0;
  for (std::string x, y; std::getline(a, x) && std::getline(b, y); ++n) same += x == y;
  std::printf("  answers equal to %s: %zu of %zu\n", who.c_str(), same, n);
}

// Runs the two forms of question i, alternating which goes first: the second would otherwise
// always find the first one's pages in the CPU caches.
template <typename A, typename B>
void inTurn(size_t i, A&& a, B&& b) {
  if (i % 2 == 0) {
    a();
    b();
  } else {
    b();
    a();
  }
}

}  // namespace casegraph::bench
