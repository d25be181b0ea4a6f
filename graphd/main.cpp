// graphd: the CaseGraph server and its offline tools.
//
//   graphd import   --data DIR --nodes FILE... --relationships FILE... [--source AGENCY]
//   graphd generate --out DIR [--relationships N] [--seed S]
//   graphd stats    --data DIR
//   graphd serve    [--data DIR] [--listen ADDR] [--config FILE] ...
#include <sys/types.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "schema/model/catalogue.h"
#include "graphd/import/bulk-import.h"
#include "graphd/tools/sample-data.h"
#include "graphd/server/serve.h"
#include "graphd/store/store.h"

namespace casegraph {
namespace {

const char* const USAGE = R"(usage: graphd COMMAND [OPTIONS]

commands:
  serve      serve the graph over Cap'n Proto RPC
             --data DIR (default ./data) --listen ADDR (host:port or unix:PATH,
             default 127.0.0.1:7600; repeatable) --threads N --io-threads N --config FILE
             --log-level debug|info|warning|error --max-message-mb N --ready-file FILE
             --query-timeout-ms N --inline-budget-us N --poll-us N
             (docs/operations.md)
  import     bulk-load neo4j-admin CSV files into an empty data directory
             --data DIR --nodes [Label:...=]FILE (repeatable)
             --relationships [TYPE=]FILE (repeatable) [--source AGENCY]
             [--delimiter C] [--array-delimiter C] [--quote C]
  generate   write the deterministic sample crime-center dataset as CSV files
             --out DIR [--relationships N (default 20000)] [--seed S (default 42)]
  stats      print node and relationship counts per label and type
             --data DIR
)";

// Options of the form --name value; repeatable ones collect every value.
struct Args {
  std::map<std::string, std::vector<std::string>> values;
  std::string error;

  std::string get(const std::string& name, const std::string& fallback = "") const {
    auto it = values.find(name);
    return it == values.end() || it->second.empty() ? fallback : it->second.back();
  }
  const std::vector<std::string>& all(const std::string& name) const {
    static const std::vector<std::string> NONE;
    auto it = values.find(name);
    return it == values.end() ? NONE : it->second;
  }
  bool has(const std::string& name) const { return values.count(name) > 0; }
};

// The options each command takes; a misspelt one is an error, not silently ignored.
const std::map<std::string, std::set<std::string>>& knownOptions() {
  static const std::map<std::string, std::set<std::string>> known = {
      {"serve", SERVE_OPTIONS},
      {"import",
       {"data", "nodes", "relationships", "source", "delimiter", "array-delimiter", "quote"}},
      {"generate", {"out", "relationships", "seed"}},
      {"stats", {"data"}},
  };
  return known;
}

Args parseArgs(int argc, char** argv, int first) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      a.error = "unexpected argument '" + arg + "'";
      return a;
    }
    arg = arg.substr(2);
    if (auto eq = arg.find('='); eq != std::string::npos) {
      a.values[arg.substr(0, eq)].push_back(arg.substr(eq + 1));
    } else if (i + 1 < argc) {
      a.values[arg].push_back(argv[++i]);
    } else {
      a.error = "option --" + arg + " needs a value";
      return a;
    }
  }
  return a;
}

bool charOption(const Args& a, const std::string& name, char& out) {
  if (!a.has(name)) return true;
  std::string v = a.get(name);
  if (v == "\\t" || v == "TAB") v = "\t";
  if (v.size() != 1) {
    std::cerr << "graphd: --" << name << " must be a single character\n";
    return false;
  }
  out = v[0];
  return true;
}

std::string withCommas(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

// "unknown option --x" for the first option `cmd` does not take; empty when all are known (or
// the command is unknown, which main reports).
std::string unknownOption(const std::string& cmd, const Args& a) {
  const auto it = knownOptions().find(cmd);
  if (it == knownOptions().end()) return "";
  for (const auto& [name, values] : a.values) {
    if (!it->second.count(name)) return "unknown option --" + name;
  }
  return "";
}

int cmdImport(const Args& a) {
  if (!a.has("data") || (!a.has("nodes") && !a.has("relationships"))) {
    std::cerr << "graphd import: --data DIR and at least one --nodes FILE are required\n";
    return 2;
  }
  ImportOptions o;
  for (const auto& f : a.all("nodes")) o.nodeFiles.push_back(parseImportFileArg(f));
  for (const auto& f : a.all("relationships")) o.relationshipFiles.push_back(parseImportFileArg(f));
  o.source = a.get("source", "import");
  if (!charOption(a, "delimiter", o.csv.delimiter) ||
      !charOption(a, "array-delimiter", o.csv.arrayDelimiter) ||
      !charOption(a, "quote", o.csv.quote)) {
    return 2;
  }
  o.catalogue = &Catalogue::builtIn();
  const bool tty = ::isatty(STDERR_FILENO);
  o.progress = [tty](const std::string& line) {
    if (tty) {
      std::fprintf(stderr, "\r\033[K%s", line.c_str());
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
  };
  try {
    StoreOptions so;
    so.path = a.get("data");
    so.noSync = true;  // one fsync at the end of the import
    so.writeMap = true;
    auto store = GraphStore::open(so);
    ImportSummary s = bulkImport(*store, o);
    // The write map sized the file to the whole map; give back the unused (sparse) tail so
    // that the file shows its real size. LMDB grows it again when needed.
    const uint64_t used = store->env().usedBytes();
    store.reset();
    if (::truncate((so.path + "/data.mdb").c_str(), static_cast<off_t>(used)) != 0) {
      std::cerr << "graphd import: note: could not trim " << so.path << "/data.mdb\n";
    }
    if (tty) std::fprintf(stderr, "\r\033[K");
    for (const auto& w : s.warningSamples) std::cerr << "warning: " << w << "\n";
    if (s.warnings > s.warningSamples.size()) {
      std::cerr << "warning: ... " << (s.warnings - s.warningSamples.size())
                << " more values differ from the catalogue's types\n";
    }
    std::printf(
        "imported %s nodes and %s relationships from %s MB in %.2f s (%s relationships/s)\n",
        withCommas(s.nodes).c_str(), withCommas(s.relationships).c_str(),
        withCommas(s.bytes >> 20).c_str(), s.seconds,
        withCommas(static_cast<uint64_t>(s.seconds > 0 ? s.relationships / s.seconds : 0)).c_str());
    return 0;
  } catch (const std::exception& e) {
    if (tty) std::fprintf(stderr, "\r\033[K");
    std::cerr << "graphd import: " << e.what() << "\nnothing was imported\n";
    return 1;
  }
}

int cmdGenerate(const Args& a) {
  if (!a.has("out")) {
    std::cerr << "graphd generate: --out DIR is required\n";
    return 2;
  }
  uint64_t rels, seed;
  try {
    rels = std::stoull(a.get("relationships", "20000"));
    seed = std::stoull(a.get("seed", "42"));
  } catch (const std::exception&) {
    std::cerr << "graphd generate: --relationships and --seed take numbers\n";
    return 2;
  }
  const SampleSummary s = generateSampleData(a.get("out"), rels, seed);
  if (!s.error.empty()) {
    std::cerr << "graphd generate: " << s.error << "\n";
    return 1;
  }
  std::printf("wrote %s nodes and %s relationships to %s\n", withCommas(s.nodes).c_str(),
              withCommas(s.relationships).c_str(), a.get("out").c_str());
  return 0;
}

int cmdStats(const Args& a) {
  try {
    StoreOptions so;
    so.path = a.get("data", "data");
    so.readOnly = true;
    auto store = GraphStore::open(so);
    const Counts c = store->snapshot()->counts();
    std::printf("nodes: %s\nrelationships: %s\n", withCommas(c.nodes).c_str(),
                withCommas(c.edges).c_str());
    for (const auto& [l, n] : c.labels) std::printf("  :%s %s\n", l.c_str(), withCommas(n).c_str());
    for (const auto& [t, n] : c.types)
      std::printf("  [:%s] %s\n", t.c_str(), withCommas(n).c_str());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "graphd stats: " << e.what() << "\n";
    return 1;
  }
}

// Serving, every RPC request allocates and frees a few dozen small blocks (Cap'n Proto's
// promises and messages). With many requests in flight glibc's per-thread cache, 7 blocks per
// size by default, runs dry and most of them take the allocator's slow path: a fifth of the
// server's time at 64 clients. `serve` therefore starts itself again with a larger cache,
// unless the operator set GLIBC_TUNABLES. If that fails it carries on with the defaults.
void enlargeMallocCache(char** argv) {
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  if (::setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=1024", 1) != 0) return;
  ::execv("/proc/self/exe", argv);
  ::unsetenv("GLIBC_TUNABLES");
}

}  // namespace
}  // namespace casegraph

int main(int argc, char** argv) {
  using namespace casegraph;
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "help") == 0) {
    std::fputs(USAGE, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::fputs(USAGE, stdout);
      return 0;
    }
  }
  Args a = parseArgs(argc, argv, 2);
  if (a.error.empty()) a.error = unknownOption(cmd, a);
  if (!a.error.empty()) {
    std::cerr << "graphd " << cmd << ": " << a.error << " (graphd --help lists the options)\n";
    return 2;
  }
  if (cmd == "import") return cmdImport(a);
  if (cmd == "generate") return cmdGenerate(a);
  if (cmd == "stats") return cmdStats(a);
  if (cmd == "serve") {
    enlargeMallocCache(argv);
    return runServe(a.values);
  }

  std::cerr << "graphd: unknown command '" << cmd << "'\n" << USAGE;
  return 2;
}
