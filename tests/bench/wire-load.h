// A lean load generator for graphd: N connections driven from one thread with epoll, each
// keeping one getNodes call in flight, speaking the Cap'n Proto RPC protocol on the wire
// (Bootstrap, Call, Return, Finish; rpc.capnp) without the RPC system's promise machinery.
//
// Why: on a two-core machine the load generator shares the cores with graphd, so its CPU per
// request lowers the rate it measures. The full client (one capnp::RpcSystem per connection)
// spends about as much CPU per request as graphd does; this one sends graphd the same bytes
// (a Call, then its Finish together with the next Call) for a fraction of that. Every answer
// is checked: one node per call, or the run fails.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace casegraph::bench {

struct WireLoadResult {
  double rate = 0;         // answered calls per second
  uint64_t calls = 0;      // answered calls
  double clientCpuUs = 0;  // this thread's CPU time per call, microseconds
};

// Runs `clients` connections to `address` ("host:port" or "unix:PATH") for `seconds`, each
// asking getNodes for one id after another from `ids`. Throws std::runtime_error on a
// connection or protocol failure, or an answer without exactly one node.
WireLoadResult wireLoad(const std::string& address, const std::vector<uint64_t>& ids, int clients,
                        double seconds);

}  // namespace casegraph::bench
