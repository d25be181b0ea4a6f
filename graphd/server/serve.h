// `graphd serve`: opens the store, listens on TCP and unix sockets and serves the RPC interface
// until SIGTERM or SIGINT.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace casegraph {

using OptionMap = std::map<std::string, std::vector<std::string>>;

// Options (command line, or `key = value` lines of --config FILE; the command line wins):
//   data DIR            data directory (default ./data; created when missing)
//   listen ADDR         host:port or unix:PATH; repeatable (default 127.0.0.1:7600)
//   threads N           read worker threads (default: number of cores, at least 2)
//   io-threads N        event loops serving connections (default: the number of cores)
//   log-level LEVEL     debug, info, warning, error (default info; debug logs every request)
//   max-message-mb N    largest accepted RPC message (default 64)
//   query-timeout-ms N  how long a Cypher query may run, its client's reading included
//                       (default 30000)
//   inline-budget-us N  how long a read first runs on the event loop (default 1000)
//   poll-us N           how long an event loop polls for the next message before it sleeps
//                       (default 200; 0 sleeps at once)
//   ready-file FILE     written with the bound addresses, one per line, once listening
//   config FILE         (command line only) further options as `key = value` lines
// An option not in SERVE_OPTIONS is refused, on the command line and in the file alike.
// Returns the process exit code.
inline const std::set<std::string> SERVE_OPTIONS = {
    "data",           "listen",           "threads",          "io-threads", "log-level",
    "max-message-mb", "query-timeout-ms", "inline-budget-us", "poll-us",    "ready-file",
    "config"};
int runServe(const OptionMap& options);

}  // namespace casegraph
