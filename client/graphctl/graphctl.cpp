// graphctl: the command-line client of graphd. Usage below (USAGE) and in docs/rpc.md.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "client/lib/client.h"
#include "client/graphctl/command-line.h"
#include "client/lib/live-import.h"
#include "client/lib/json.h"
#include "client/graphctl/line-reader.h"
#include "client/graphctl/link-commands.h"
#include "client/graphctl/output.h"
#include "client/graphctl/query-commands.h"
#include "client/graphctl/query-text.h"
#include "client/graphctl/shell-words.h"

namespace casegraph {
namespace {

constexpr const char* DEFAULT_ADDRESS = "127.0.0.1:7600";
constexpr const char* HISTORY_FILE = ".casegraph_history";
constexpr const char* PROMPT = "casegraph> ";
constexpr const char* CONTINUATION_PROMPT = "        -> ";

const char* const USAGE =
    R"(usage: graphctl [--connect ADDR] [--format table|json|csv] COMMAND [ARGS]

Talks to a running graphd. ADDR is host:port or unix:PATH (default $CASEGRAPH_CONNECT, else
127.0.0.1:7600). Global options may also follow the command.

commands:
  get node ID...               nodes by id (a missing id is reported and exits with 1)
  get rel ID...                relationships by id (also: get relationship)
  find LABEL [KEY VALUE] [--prefix] [--limit N]
                               nodes with LABEL, optionally whose property KEY equals VALUE
                               (VALUE is read as JSON when it parses, e.g. 42, true, "42",
                               {"date":"2026-01-02"}; otherwise as a string); --prefix matches
                               string values starting with VALUE
  neighbors ID [--direction out|in|both] [--type T]... [--label L]... [--limit N]
                               relationships of node ID and the nodes at their other end
  write [FILE|-|JSON]          commit a JSON write batch (default: read it from stdin) and
                               print the ids; the format is in docs/rpc.md
  import --nodes [Label:...=]FILE... --relationships [TYPE=]FILE... [--source AGENCY]
         [--batch N] [--delimiter C] [--array-delimiter C] [--quote C]
                               add neo4j-admin CSV files to the live graph in batches of N
                               rows (default 5000); all files are checked before anything is
                               sent, then batches commit one by one
  stats                        node and relationship counts per label and type
  path FROM TO [--all | --k N | --weighted [--cost-property P] [--type-cost TYPE=COST]...
       [--default-cost C] | --time-forward|--time-backward [--max-gap DURATION]]
                               shortest path (bidirectional search); --all: every shortest
                               path; --k N: the N shortest; --weighted: the cheapest by a
                               numeric relationship property or per-type costs (default 1);
                               --time-forward/--time-backward: relationship times move
                               forward (backward) along the path, at most DURATION apart
                               (90s, 15m, 2h, 1d or seconds)
  expand ID... [--hops N]      everything within N hops of the nodes (default 2)
  connectors ID ID... [--hops N]
                               the network of paths of at most N hops (default 3) between
                               any two of the nodes, each node an entity or a connector
  common ID ID...              the nodes next to every one of them
  who-links A B                the nodes on shortest A-B paths, ranked by paths through each
  reach ID [--hops N]          how many nodes lie within N hops (default 2)
  analyse ID... [--hops N]     component, community, degree, betweenness and PageRank of
                               each node within N hops (default 2), by betweenness
  export ID... [--hops N] --as graphml|dot|json [-o FILE]
                               the network within N hops (default 2) for other tools
  chart ID... [--hops N] -o FILE.svg|FILE.png
                               draw the network within N hops (default 2) with Graphviz
  link options (every command from path to chart):
    --direction out|in|both  --type T...  --label L... (nodes a search may pass through)
    --from DATETIME --to DATETIME  only relationships valid in the window (a date in --to
                               counts to the end of that day)
    --max-degree N  do not pass through nodes with more relationships
    --max-hops N  --max-visited N  --limit N (results)  --timeout-ms N
  query 'TEXT' [--param NAME=VALUE]...
  query [-f FILE] [--param NAME=VALUE]...
                               run openCypher: the TEXT, or the ;-separated statements of FILE
                               (- or none: stdin) one after another, each its own transaction;
                               VALUE is read as JSON when it parses (3, "3", [1,2], {"k":1}),
                               otherwise as a string; a failing statement stops the rest
  shell                        read commands line by line (help, quit; a line ending in \
                               continues on the next); any other line is Cypher, run when a
                               line ends with ;

output: table (default), json ({"columns": [...], "rows": [[...], ...]}) or csv. When a limit
cuts a link-analysis answer short, it is printed anyway and stderr says "note: ...".
exit status: 0 ok, 1 error, 2 usage error.
)";

const char* const SHELL_HELP =
    R"(Commands (same syntax as on the command line; quote with '...' or "..."):
  get node ID...  |  get rel ID...
  find LABEL [KEY VALUE] [--prefix] [--limit N]
  neighbors ID [--direction out|in|both] [--type T]... [--label L]... [--limit N]
  write FILE|JSON
  import --nodes ... --relationships ...
  stats
  path FROM TO [--all | --k N | --weighted ... | --time-forward ...]
  expand ID... | connectors ID ID... | common ID ID... | who-links A B | reach ID
  analyse ID... | export ID... --as graphml|dot|json [-o FILE] | chart ID... -o FILE.svg
  (link options: --direction --type --label --from --to --max-degree --max-hops
   --max-visited --limit --timeout-ms; see graphctl --help)
  query 'TEXT' [--param NAME=VALUE]...  |  query -f FILE
  help  |  quit  |  exit
Add --format table|json|csv to any command. End a line with \ to continue it on the next.

Any other line starts a Cypher statement, which runs once a line ends with ; (so it may span
lines; several statements run in turn):
  MATCH (p:Person {lastName: $name})-[:OWNS]->(v) RETURN p, v;
  :param name=Hernandez       set $name for the statements that follow (VALUE as --param)
  :params                     list the parameters  |  :params clear  forget them
)";

// --- arguments -----------------------------------------------------------------------------------

struct GlobalOptions {
  std::optional<std::string> connect;
  std::optional<OutputFormat> format;
  bool help = false;
};

// Reads `name VALUE` or `name=VALUE` at args[i] (advancing i past a separate value); nullopt
// when args[i] is another word.
std::optional<std::string> optionValue(const std::vector<std::string>& args, size_t& i,
                                       const std::string& name) {
  const std::string& a = args[i];
  if (a == name) {
    if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
    return args[++i];
  }
  if (a.starts_with(name + "=")) return a.substr(name.size() + 1);
  return std::nullopt;
}

// Removes the global options from `args` (anywhere before a "--").
void takeGlobalOptions(std::vector<std::string>& args, GlobalOptions& g) {
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      rest.insert(rest.end(), args.begin() + static_cast<ptrdiff_t>(i), args.end());
      break;
    }
    if (a == "--help" || a == "-h") {
      g.help = true;
    } else if (auto connect = optionValue(args, i, "--connect")) {
      if (connect->empty()) throw UsageError("--connect needs an address");
      g.connect = *connect;
    } else if (auto format = optionValue(args, i, "--format")) {
      g.format = parseOutputFormat(*format);
      if (!g.format) throw UsageError("unknown format '" + *format + "' (table, json or csv)");
    } else {
      rest.push_back(a);
    }
  }
  args = std::move(rest);
}

char parseDelimiter(const std::string& text, const std::string& option) {
  if (text == "\\t" || text == "TAB" || text == "tab") return '\t';
  if (text.size() != 1)
    throw UsageError(option + " takes one character (or \\t), not '" + text + "'");
  return text[0];
}

std::string readAll(const std::string& path) {
  if (path == "-") {
    std::ostringstream s;
    s << std::cin.rdbuf();
    return s.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// --- commands ------------------------------------------------------------------------------------

class Commands {
 public:
  Commands(std::string address, std::ostream& out)
      : address_(std::move(address)),
        out_(out),
        link_([this]() -> GraphClient& { return client(); }, out, std::cerr),
        query_([this]() -> GraphClient& { return client(); }, out, std::cerr) {}

  void setShell(bool inShell) { inShell_ = inShell; }

  // Whether `word` names a command (the shell runs every other line as Cypher).
  static bool handles(std::string_view word) {
    return word == "get" || word == "find" || word == "neighbors" || word == "write" ||
           word == "import" || word == "stats" || word == "query" || word == "shell" ||
           LinkCommands::handles(word);
  }

  // Runs one command line (global options already taken out). Throws UsageError,
  // CommandError, ClientError, CsvImportError or OutputClosed.
  void run(const std::vector<std::string>& args, OutputFormat format) {
    format_ = format;
    if (args.empty()) throw UsageError("no command given");
    const std::string& cmd = args[0];
    const bool known = guarded([&] {
      if (cmd == "get") {
        get(args);
      } else if (cmd == "find") {
        find(args);
      } else if (cmd == "neighbors") {
        neighbors(args);
      } else if (cmd == "write") {
        write(args);
      } else if (cmd == "import") {
        importFiles(args);
      } else if (cmd == "stats") {
        stats(args);
      } else if (cmd == "query") {
        query_.query(args, format, inShell_, std::cin);
      } else if (LinkCommands::handles(cmd)) {
        link_.run(args, format);
      } else {
        return false;
      }
      return true;
    });
    if (known) return;
    if (cmd == "shell") {
      throw UsageError(inShell_ ? "already in the shell" : "shell takes no arguments");
    }
    throw UsageError("unknown command '" + cmd + "'");
  }

  // Cypher typed into the shell: the statements of `text`, one after another.
  void runCypher(std::string_view text, OutputFormat format) {
    guarded([&] { query_.runScript(text, "", format); });
  }

  // A shell line starting with ':' (:param, :params).
  void shellParam(std::string_view line) { query_.shellParam(line); }

 private:
  GraphClient& client() {
    if (!client_) client_ = GraphClient::connect(address_);
    return *client_;
  }

  // Runs `fn`, dropping a connection that failed so that the next command reconnects.
  template <typename Fn>
  auto guarded(Fn&& fn) -> decltype(fn()) {
    try {
      return fn();
    } catch (const ClientError& e) {
      if (e.category() == "disconnected") client_.reset();  // reconnect next time
      throw;
    } catch (const CsvImportError&) {
      client_.reset();  // the connection may be what failed; a new one is cheap
      throw;
    }
  }

  CheckedPrinter printer(std::vector<std::string> columns) {
    return CheckedPrinter(out_, format_, std::move(columns));
  }

  // Reports a truncated result: in the table footer, or on stderr for json and csv.
  void finishStreamed(CheckedPrinter& p, const ResultSummary& summary) {
    const std::string note =
        summary.truncated ? "truncated" + (summary.note.empty() ? "" : ": " + summary.note) : "";
    p.finish(note);
    if (!note.empty() && format_ != OutputFormat::TABLE) std::cerr << "graphctl: " << note << '\n';
  }

  void get(const std::vector<std::string>& args) {
    CommandArgs a(args, 1, {}, {});
    const auto& pos = a.positional();
    if (pos.empty()) throw UsageError("get needs 'node' or 'rel' and at least one id");
    const bool nodes = pos[0] == "node" || pos[0] == "nodes";
    const bool rels = pos[0] == "rel" || pos[0] == "rels" || pos[0] == "relationship" ||
                      pos[0] == "relationships";
    if (!nodes && !rels) throw UsageError("get node ID... or get rel ID..., not get " + pos[0]);
    if (pos.size() < 2) throw UsageError("get " + pos[0] + " needs at least one id");
    std::vector<uint64_t> ids;
    for (size_t i = 1; i < pos.size(); ++i) {
      ids.push_back(parseId(pos[i], nodes ? "node" : "relationship"));
    }
    std::vector<uint64_t> missing;
    auto p = printer({nodes ? "node" : "relationship"});
    if (nodes) {
      for (auto& n : client().getNodes(ids, &missing)) p.add({std::move(n)});
    } else {
      for (auto& e : client().getEdges(ids, &missing)) p.add({std::move(e)});
    }
    p.finish();
    if (!missing.empty()) {
      std::string list;
      for (const auto id : missing) list += (list.empty() ? "" : ", ") + std::to_string(id);
      throw CommandError(std::string("not_found: no ") + (nodes ? "node" : "relationship") +
                         " with id " + list);
    }
  }

  void find(const std::vector<std::string>& args) {
    CommandArgs a(args, 1, {"--limit"}, {"--prefix"});
    const auto& pos = a.positional();
    if (pos.size() != 1 && pos.size() != 3) {
      throw UsageError("find LABEL [KEY VALUE] [--prefix] [--limit N]");
    }
    const bool prefix = a.has("--prefix");
    if (prefix && pos.size() != 3) throw UsageError("--prefix needs KEY and VALUE");
    const uint64_t limit = a.has("--limit") ? parseNumber(*a.last("--limit"), "a limit", 0) : 0;
    std::string key;
    std::optional<Value> value;
    if (pos.size() == 3) {
      key = pos[1];
      value = argumentValue(pos[2]);
      if (prefix && value->type() != ValueType::STRING) value = Value(pos[2]);
    }
    auto p = printer({"node"});
    const auto summary =
        client().findNodes(pos[0], key, value, prefix, limit, [&p](const std::vector<Node>& nodes) {
          for (const auto& n : nodes) p.add({n});
        });
    finishStreamed(p, summary);
  }

  // A VALUE argument: JSON when it parses, otherwise the text itself.
  static Value argumentValue(const std::string& text) {
    JsonValue json;
    std::string error;
    if (!parseJson(text, json, error)) return Value(text);
    Value v;
    if (!jsonToValue(json, v, error)) throw UsageError("VALUE " + text + ": " + error);
    return v;
  }

  void neighbors(const std::vector<std::string>& args) {
    CommandArgs a(args, 1, {"--direction", "--type", "--label", "--limit"}, {});
    const auto& pos = a.positional();
    if (pos.size() != 1) {
      throw UsageError(
          "neighbors ID [--direction out|in|both] [--type T]... [--label L]... [--limit N]");
    }
    const uint64_t id = parseId(pos[0], "node");
    rpc::Direction direction = rpc::Direction::BOTH;
    if (const auto d = a.last("--direction")) {
      if (*d == "out") {
        direction = rpc::Direction::OUT;
      } else if (*d == "in") {
        direction = rpc::Direction::IN;
      } else if (*d != "both") {
        throw UsageError("--direction is out, in or both, not '" + *d + "'");
      }
    }
    const uint64_t limit = a.has("--limit") ? parseNumber(*a.last("--limit"), "a limit", 0) : 0;
    auto p = printer({"relationship", "node"});
    const auto summary =
        client().neighbors(id, direction, a.all("--type"), a.all("--label"), limit,
                           [&p](const std::vector<Edge>& edges, const std::vector<Node>& nodes) {
                             for (size_t i = 0; i < edges.size() && i < nodes.size(); ++i) {
                               p.add({edges[i], nodes[i]});
                             }
                           });
    finishStreamed(p, summary);
  }

  void write(const std::vector<std::string>& args) {
    CommandArgs a(args, 1, {}, {});
    const auto& pos = a.positional();
    if (pos.size() > 1) throw UsageError("write takes one FILE (or - for stdin, or the batch)");
    const std::string source = pos.empty() ? "-" : pos[0];
    const bool inlineBatch = source.starts_with("[") || source.starts_with("{");
    if (source == "-" && inShell_) {
      throw UsageError("in the shell, write takes a FILE or the batch itself (write '[...]')");
    }
    const std::string text = inlineBatch ? source : readAll(source);
    std::vector<WriteOp> ops;
    std::string error;
    if (!parseWriteBatch(std::string_view(text), ops, error)) {
      const std::string name = inlineBatch ? "batch" : source == "-" ? "stdin" : source;
      throw CommandError(name + ": " + error);
    }
    if (ops.empty()) throw CommandError("the batch has no ops");
    const WriteResult result = client().write(ops);
    auto p = printer({"id", "created"});
    for (size_t i = 0; i < result.ids.size(); ++i) {
      const bool created = i < result.created.size() && result.created[i];
      p.add({Value(static_cast<int64_t>(result.ids[i])), Value(created)});
    }
    p.finish();
  }

  void importFiles(const std::vector<std::string>& args) {
    // --nodes and --relationships take every following word up to the next option.
    CsvImportOptions options;
    std::vector<std::string> rest{args[0]};
    std::vector<CsvFileArg>* files = nullptr;
    for (size_t i = 1; i < args.size(); ++i) {
      const std::string& w = args[i];
      if (w == "--nodes" || w == "--relationships") {
        files = w == "--nodes" ? &options.nodeFiles : &options.relationshipFiles;
        continue;
      }
      if (w.starts_with("--nodes=") || w.starts_with("--relationships=")) {
        files = w.starts_with("--nodes=") ? &options.nodeFiles : &options.relationshipFiles;
        files->push_back(parseCsvFileArg(w.substr(w.find('=') + 1)));
        continue;
      }
      if (w.starts_with("--")) {
        files = nullptr;
        rest.push_back(w);
        continue;
      }
      if (files) {
        files->push_back(parseCsvFileArg(w));
      } else {
        rest.push_back(w);
      }
    }
    CommandArgs a(rest, 1, {"--source", "--batch", "--delimiter", "--array-delimiter", "--quote"},
                  {});
    if (!a.positional().empty()) {
      throw UsageError("unexpected '" + a.positional()[0] +
                       "' (files follow --nodes or --relationships)");
    }
    if (options.nodeFiles.empty() && options.relationshipFiles.empty()) {
      throw UsageError("import needs --nodes FILE... and/or --relationships FILE...");
    }
    for (const auto* list : {&options.nodeFiles, &options.relationshipFiles}) {
      for (const auto& f : *list) {
        if (f.path.empty()) throw UsageError("an empty file name after --nodes/--relationships");
      }
    }
    if (const auto s = a.last("--source")) options.source = *s;
    if (const auto b = a.last("--batch")) options.batchSize = parseNumber(*b, "a batch size", 1);
    if (const auto d = a.last("--delimiter"))
      options.csv.delimiter = parseDelimiter(*d, "--delimiter");
    if (const auto d = a.last("--array-delimiter")) {
      options.csv.arrayDelimiter = parseDelimiter(*d, "--array-delimiter");
    }
    if (const auto q = a.last("--quote")) options.csv.quote = parseDelimiter(*q, "--quote");

    const bool showProgress = ::isatty(STDERR_FILENO);
    bool progressShown = false;
    if (showProgress) {
      options.progress = [&progressShown](const CsvImportProgress& p) {
        const double rate = p.seconds > 0 ? static_cast<double>(p.rows) / p.seconds : 0;
        const double byteRate = p.seconds > 0 ? static_cast<double>(p.bytes) / p.seconds : 0;
        const double left =
            static_cast<double>(p.totalBytes > p.bytes ? p.totalBytes - p.bytes : 0);
        char buf[200];
        std::snprintf(
            buf, sizeof buf, "\r%s: %llu rows, %.0f rows/s, %.0f%% of input, ETA %.0f s\x1b[K",
            p.phase, static_cast<unsigned long long>(p.rows), rate,
            p.totalBytes ? 100.0 * static_cast<double>(p.bytes) / static_cast<double>(p.totalBytes)
                         : 100.0,
            byteRate > 0 ? left / byteRate : 0.0);
        std::cerr << buf << std::flush;
        progressShown = true;
      };
    }
    CsvImportSummary summary;
    try {
      summary = importCsv(client(), options);
    } catch (...) {
      if (progressShown) std::cerr << "\r\x1b[K" << std::flush;
      throw;
    }
    if (progressShown) std::cerr << "\r\x1b[K" << std::flush;
    if (format_ == OutputFormat::TABLE) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "imported %llu nodes and %llu relationships in %.1f s\n",
                    static_cast<unsigned long long>(summary.nodes),
                    static_cast<unsigned long long>(summary.relationships), summary.seconds);
      out_ << buf << std::flush;
      if (!out_) throw OutputClosed();
      return;
    }
    auto p = printer({"nodes", "relationships", "seconds"});
    p.add({Value(static_cast<int64_t>(summary.nodes)),
           Value(static_cast<int64_t>(summary.relationships)), Value(summary.seconds)});
    p.finish();
  }

  void stats(const std::vector<std::string>& args) {
    CommandArgs a(args, 1, {}, {});
    if (!a.positional().empty()) throw UsageError("stats takes no arguments");
    const ServerStats s = client().stats();
    auto p = printer({"kind", "name", "count"});
    auto row = [&p](const char* kind, const std::string& name, uint64_t count) {
      p.add({Value(kind), Value(name), Value(static_cast<int64_t>(count))});
    };
    row("nodes", "", s.nodes);
    row("relationships", "", s.edges);
    for (const auto& l : s.labels) row("label", l.name, l.count);
    for (const auto& t : s.types) row("type", t.name, t.count);
    row("dataBytes", "", s.dataBytes);
    p.finish(s.version.empty() ? "" : "graphd " + s.version);
  }

  std::string address_;
  std::ostream& out_;
  OutputFormat format_ = OutputFormat::TABLE;
  bool inShell_ = false;
  std::unique_ptr<GraphClient> client_;
  LinkCommands link_;
  QueryCommands query_;
};

// --- error reporting -----------------------------------------------------------------------------

// The text of an error, without the "graphctl: " prefix; empty for OutputClosed.
// Sets `exitCode`.
std::string describeCurrentError(int& exitCode, bool inShell = false) {
  exitCode = 1;
  try {
    throw;
  } catch (const UsageError& e) {
    exitCode = 2;
    return std::string(e.what()) + (inShell ? " (type help)" : " (see graphctl --help)");
  } catch (const ClientError& e) {
    if (e.category() == "unavailable" || e.category() == "disconnected") return e.what();
    return e.category() + ": " + e.what();
  } catch (const OutputClosed&) {
    return {};
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    if (const auto e = currentKjError()) return e->category() + ": " + e->what();
    return "unknown error";
  }
}

// --- the shell -----------------------------------------------------------------------------------

std::string historyPath() {
  const char* home = std::getenv("HOME");
  if (!home || !*home) return {};
  return std::string(home) + "/" + HISTORY_FILE;
}

// The first blank-separated word of a shell line.
std::string_view firstWord(std::string_view line) {
  const auto start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  line.remove_prefix(start);
  return line.substr(0, line.find_first_of(" \t"));
}

// A shell line is a command when its first word names one (or is an option or a comment);
// anything else starts a Cypher statement. Cypher clauses (MATCH, CREATE, ...) never collide
// with the command names.
bool startsCypher(std::string_view word) {
  if (Commands::handles(word)) return false;
  if (word == "quit" || word == "exit" || word == "help" || word == "?") return false;
  return !word.starts_with('-') && !word.starts_with('#') && !word.starts_with('\\') &&
         !word.starts_with(':');
}

int runShell(Commands& commands, OutputFormat defaultFormat) {
  LineReader reader(historyPath());
  commands.setShell(true);
  bool anyFailed = false;
  bool outputClosed = false;
  // Runs one entry, reporting its error (if any) and going on.
  auto attempt = [&](const auto& fn) {
    try {
      fn();
    } catch (...) {
      int code = 0;
      const std::string message = describeCurrentError(code, true);
      if (message.empty()) {
        outputClosed = true;
        return;
      }
      std::cout.flush();
      std::cerr << "error: " << message << '\n';
      anyFailed = true;
    }
  };
  if (reader.interactive()) {
    std::cout << "CaseGraph shell. Type help for the commands, quit to leave; Cypher statements "
                 "end with ;\n";
  }
  while (!outputClosed) {
    auto line = reader.readLine(PROMPT);
    if (!line) break;
    const std::string_view first = firstWord(*line);
    if (first.empty()) continue;
    if (startsCypher(first)) {
      std::string text = *line;
      while (!statementsComplete(text)) {
        auto more = reader.readLine(CONTINUATION_PROMPT);
        if (!more) break;  // the end of the input ends the statement too
        text += '\n' + *more;
      }
      reader.addHistory(text);
      attempt([&] { commands.runCypher(text, defaultFormat); });
      continue;
    }
    if (first.starts_with(':')) {
      reader.addHistory(*line);
      attempt([&] { commands.shellParam(*line); });
      continue;
    }
    std::string text = *line;
    while (!text.empty() && text.back() == '\\') {
      text.back() = '\n';
      auto more = reader.readLine(CONTINUATION_PROMPT);
      if (!more) break;
      text += *more;
    }
    std::vector<std::string> words;
    std::string error;
    if (!splitShellWords(text, words, error)) {
      std::cerr << "error: " << error << '\n';
      anyFailed = true;
      continue;
    }
    if (words.empty()) continue;
    reader.addHistory(text);
    if (words[0] == "quit" || words[0] == "exit") break;
    if (words[0] == "help" || words[0] == "\\h" || words[0] == "?") {
      std::cout << SHELL_HELP;
      continue;
    }
    attempt([&] {
      GlobalOptions g;
      takeGlobalOptions(words, g);
      if (g.connect) throw UsageError("--connect cannot change the connection inside the shell");
      if (g.help) {
        std::cout << SHELL_HELP;
        return;
      }
      commands.run(words, g.format.value_or(defaultFormat));
    });
  }
  if (outputClosed) return 1;
  return reader.interactive() || !anyFailed ? 0 : 1;
}

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  GlobalOptions g;
  takeGlobalOptions(args, g);
  if (g.help || args.empty()) {
    std::cout << USAGE;
    return g.help ? 0 : 2;
  }
  const char* env = std::getenv("CASEGRAPH_CONNECT");
  const std::string address = g.connect ? *g.connect : env && *env ? env : DEFAULT_ADDRESS;
  const OutputFormat format = g.format.value_or(OutputFormat::TABLE);
  Commands commands(address, std::cout);
  if (args[0] == "shell") {
    if (args.size() > 1) throw UsageError("shell takes no arguments");
    return runShell(commands, format);
  }
  commands.run(args, format);
  return 0;
}

}  // namespace
}  // namespace casegraph

int main(int argc, char** argv) {
  try {
    return casegraph::run(argc, argv);
  } catch (...) {
    int code = 1;
    const std::string message = casegraph::describeCurrentError(code);
    std::cout.flush();
    if (!message.empty()) std::cerr << "graphctl: " << message << '\n';
    return code;
  }
}
