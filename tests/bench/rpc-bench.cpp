// RPC benchmark: the round trip of getNodes (one id) and neighbors (one hop, limit 100) through
// graphd, beside the same reads done in process on a GraphStore snapshot, so that the numbers
// show what the RPC layer costs.
//
//   rpc-bench DATA_DIR [--connect ADDR] [--graphd PATH] [--seconds S] [--ops N] [--load-only]
//   [--io-threads N]
//
// DATA_DIR is an imported graph (store-bench leaves one in WORK_DIR/data); sample nodes are
// its CSV ids 0..n-1 resolved through the "import" provenance, or any existing ids when it was
// imported under another source. Without --connect the benchmark starts graphd on DATA_DIR
// (the binary next to this one, or --graphd PATH) and stops it at the end. In-process reads
// take a fresh snapshot per operation, as the server does per request.
#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "bench-util.h"
#include "bench/wire-load.h"
#include "client/lib/client.h"
#include "e2e/graphd-process.h"
#include "schema/wire/buffered-stream.h"
#include "graphd/store/store.h"

using namespace casegraph;
using namespace casegraph::bench;

namespace {

constexpr uint64_t NEIGHBOR_LIMIT = 100;
const std::vector<int> DEFAULT_CONCURRENCY = {1, 8, 64};

struct Options {
  std::string data;
  std::string connect;
  std::string graphd;
  double seconds = 5;
  size_t ops = 20000;
  bool loadOnly = false;     // only the RPC throughput runs
  std::string ioThreads;     // graphd --io-threads, when the benchmark starts it
  std::string inlineBudget;  // graphd --inline-budget-us, likewise
  std::vector<int> clients = DEFAULT_CONCURRENCY;  // --clients N: only that many
};

// One benchmark operation on sample node `id`; `neighbors` picks which.
using OpFn = std::function<void(uint64_t id, bool neighbors)>;

struct Latency {
  double p50 = 0, p99 = 0;  // microseconds
};

Latency measureLatency(const std::vector<uint64_t>& ids, size_t ops, bool neighbors,
                       const OpFn& op) {
  std::vector<double> us;
  us.reserve(ops);
  for (size_t i = 0; i < ops; ++i) {
    const double t0 = nowSeconds();
    op(ids[i % ids.size()], neighbors);
    us.push_back((nowSeconds() - t0) * 1e6);
  }
  return {quantile(us, 0.5), quantile(us, 0.99)};
}

// Operations per second with `threads` workers, each made by `makeWorker` on its own thread
// (so each can hold its own connection), alternating get-node and neighbors.
double measureThroughput(const std::vector<uint64_t>& ids, int threads, double seconds,
                         const std::function<OpFn()>& makeWorker) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false}, stop{false};
  std::atomic<uint64_t> total{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      OpFn op = makeWorker();
      std::mt19937_64 rng(static_cast<uint64_t>(t) + 1);
      ++ready;
      while (!go.load()) std::this_thread::yield();
      uint64_t done = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        op(ids[rng() % ids.size()], (done & 1) != 0);
        ++done;
      }
      total += done;
    });
  }
  while (ready.load() < threads) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const double t0 = nowSeconds();
  go = true;
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  return static_cast<double>(total.load()) / (nowSeconds() - t0);
}

// A sink that only counts what a neighbors call streams to it.
class CountingSink final : public rpc::ResultSink::Server {
 public:
  explicit CountingSink(uint64_t& rows) : rows_(rows) {}
  kj::Promise<void> write(WriteContext context) override {
    rows_ += context.getParams().getBatch().getNodes().size();
    return kj::READY_NOW;
  }
  kj::Promise<void> done(DoneContext) override { return kj::READY_NOW; }

 private:
  uint64_t& rows_;
};

enum class Mix { GET, NEIGHBORS, MIXED };

// CPU seconds (user and system) process `pid` has used, from /proc; 0 when unknown.
double processCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string skip;
  for (int i = 0; i < 11; ++i) fields >> skip;  // state .. cmajflt
  double utime = 0, stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Requests/s of `clients` connections driven by one event loop on one thread, each keeping one
// request in flight (the next goes out when the answer is in): many clients without a thread
// apiece, so the client side costs the shared cores as little as it can.
struct LoadResult {
  double rate = 0;
  uint64_t rows = 0;
  double clientCpuUs = 0;  // the client thread's CPU time per request, microseconds
};

LoadResult loadTest(const std::string& address, const std::vector<uint64_t>& ids, int clients,
                    double seconds, Mix mix) {
  auto io = kj::setupAsyncIo();
  struct Conn {
    kj::Own<kj::AsyncIoStream> stream;
    kj::Own<BatchingMessageStream> messages;
    kj::Own<capnp::TwoPartyVatNetwork> network;
    kj::Own<capnp::RpcSystem<capnp::rpc::twoparty::VatId>> rpc;
    rpc::Session::Client session = nullptr;
    std::mt19937_64 rng;
    uint64_t done = 0;
  };
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < clients; ++i) {
    auto c = std::make_unique<Conn>();
    auto addr = io.provider->getNetwork().parseAddress(address).wait(io.waitScope);
    c->stream = addr->connect().wait(io.waitScope);
    c->messages = kj::heap<BatchingMessageStream>(*c->stream);
    c->network =
        kj::heap<capnp::TwoPartyVatNetwork>(*c->messages, capnp::rpc::twoparty::Side::CLIENT);
    c->rpc =
        kj::heap<capnp::RpcSystem<capnp::rpc::twoparty::VatId>>(capnp::makeRpcClient(*c->network));
    capnp::MallocMessageBuilder vat;
    auto vatId = vat.initRoot<capnp::rpc::twoparty::VatId>();
    vatId.setSide(capnp::rpc::twoparty::Side::SERVER);
    auto login = c->rpc->bootstrap(vatId).castAs<rpc::GraphService>().loginRequest();
    login.setUser("local");
    c->session = login.send().wait(io.waitScope).getSession();
    c->rng.seed(static_cast<uint64_t>(i) + 7);
    conns.push_back(std::move(c));
  }
  bool stop = false;
  uint64_t rows = 0;
  std::function<kj::Promise<void>(Conn&)> next = [&](Conn& c) -> kj::Promise<void> {
    if (stop) return kj::READY_NOW;
    const uint64_t id = ids[c.rng() % ids.size()];
    const bool neighbors = mix == Mix::NEIGHBORS || (mix == Mix::MIXED && (c.done & 1) != 0);
    kj::Promise<void> sent = nullptr;
    if (neighbors) {
      auto req = c.session.neighborsRequest(capnp::MessageSize{16, 1});
      req.setId(id);
      req.setDirection(rpc::Direction::BOTH);
      req.setLimit(NEIGHBOR_LIMIT);
      req.setSink(kj::heap<CountingSink>(rows));
      req.setInlineRows(true);  // as GraphClient does
      sent = req.send().then([&rows](auto r) {
        if (r.getRowsInline()) rows += r.getBatch().getNodes().size();
      });
    } else {
      auto req = c.session.getNodesRequest(capnp::MessageSize{8, 0});
      req.initIds(1).set(0, id);
      sent = req.send().then([](auto r) {
        if (r.getNodes().size() != 1) std::abort();
      });
    }
    return sent.then([&] {
      ++c.done;
      return next(c);
    });
  };
  auto& timer = io.provider->getTimer();
  auto all = kj::heapArrayBuilder<kj::Promise<void>>(conns.size());
  const double t0 = nowSeconds();
  const double cpu0 = threadCpuSeconds();
  for (auto& c : conns) all.add(next(*c));
  timer.afterDelay(static_cast<int64_t>(seconds * 1000) * kj::MILLISECONDS)
      .then([&] { stop = true; })
      .wait(io.waitScope);
  const double elapsed = nowSeconds() - t0;
  const double cpu = threadCpuSeconds() - cpu0;
  uint64_t total = 0;
  for (auto& c : conns) total += c->done;
  kj::joinPromises(all.finish()).wait(io.waitScope);
  return {static_cast<double>(total) / elapsed, rows,
          cpu * 1e6 / static_cast<double>(std::max<uint64_t>(total, 1))};
}

// The reads as the server does them, in process.
OpFn inProcess(const GraphStore& store) {
  return [&store](uint64_t id, bool neighbors) {
    auto snap = store.snapshot();
    if (!neighbors) {
      auto n = snap->node(id);
      if (!n) std::abort();
      return;
    }
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    snap->forEachNeighbor(id, Direction::BOTH, std::nullopt, [&](const AdjEntry& a) {
      if (nodes.size() >= NEIGHBOR_LIMIT) return false;
      auto n = snap->node(a.neighbour);
      auto e = snap->edge(a.edge);
      if (n && e) {
        nodes.push_back(std::move(*n));
        edges.push_back(std::move(*e));
      }
      return true;
    });
  };
}

OpFn overRpc(std::shared_ptr<GraphClient> client) {
  return [client](uint64_t id, bool neighbors) {
    if (!neighbors) {
      if (client->getNodes({id}).size() != 1) std::abort();
      return;
    }
    client->neighbors(id, rpc::Direction::BOTH, {}, {}, NEIGHBOR_LIMIT,
                      [](const std::vector<Edge>&, const std::vector<Node>&) {});
  };
}

std::vector<uint64_t> sampleIds(const Reader& snap, size_t count) {
  const Counts c = snap.counts();
  std::mt19937_64 rng(99);
  std::vector<uint64_t> ids;
  for (size_t tries = 0; ids.size() < count && tries < count * 4; ++tries) {
    if (auto id = snap.nodeBySource("import", std::to_string(rng() % c.nodes))) ids.push_back(*id);
  }
  for (size_t tries = 0; ids.size() < count && tries < count * 100; ++tries) {
    const uint64_t id = 1 + rng() % snap.nodeIdBound();
    if (snap.nodeExists(id)) ids.push_back(id);
  }
  return ids;
}

std::string selfDir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "." : exe.parent_path().string();
}

bool parse(int argc, char** argv, Options& o) {
  if (argc < 2) return false;
  o.data = argv[1];
  for (int i = 2; i < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--load-only") {
      o.loadOnly = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) return false;
    const std::string v = argv[i + 1];
    if (k == "--connect") {
      o.connect = v;
    } else if (k == "--graphd") {
      o.graphd = v;
    } else if (k == "--seconds") {
      o.seconds = std::stod(v);
    } else if (k == "--clients") {
      o.clients = {std::stoi(v)};
    } else if (k == "--io-threads") {
      o.ioThreads = v;
    } else if (k == "--inline-budget-us") {
      o.inlineBudget = v;
    } else if (k == "--ops") {
      o.ops = std::stoul(v);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  // The client side gets the same larger malloc cache that graphd serve gives itself, so that
  // the clients' share of the two cores is no bigger than it need be.
  if (std::getenv("GLIBC_TUNABLES") == nullptr &&
      ::setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=1024", 1) == 0) {
    ::execv("/proc/self/exe", argv);
  }
  Options o;
  if (!parse(argc, argv, o)) {
    std::cerr << "usage: rpc-bench DATA_DIR [--connect ADDR] [--graphd PATH] [--seconds S]"
                 " [--ops N] [--load-only] [--io-threads N] [--inline-budget-us N] [--clients N]\n";
    return 2;
  }
  StoreOptions so;
  so.path = o.data;
  so.readOnly = true;
  auto store = GraphStore::open(so);
  std::vector<uint64_t> ids;
  Counts counts;
  {
    auto snap = store->snapshot();
    counts = snap->counts();
    ids = sampleIds(*snap, 10000);
  }
  if (ids.empty()) {
    std::cerr << "no nodes in " << o.data << "\n";
    return 1;
  }
  std::printf("machine: %s\n", machine().c_str());
  std::printf("dataset: %s: %llu nodes, %llu relationships; %zu sample nodes\n", o.data.c_str(),
              static_cast<unsigned long long>(counts.nodes),
              static_cast<unsigned long long>(counts.edges), ids.size());
  std::printf(
      "ops: getNodes of 1 id; neighbors both directions, limit %llu; throughput runs "
      "alternate the two, %.0f s each\n\n",
      static_cast<unsigned long long>(NEIGHBOR_LIMIT), o.seconds);

  // Warm the page cache for the sample's neighbourhoods, so both sides read from memory.
  const OpFn local = inProcess(*store);
  for (const uint64_t id : ids) local(id, true);

  Latency localGet, localNbr;
  std::vector<double> localRate(o.clients.size(), 0.0);
  if (!o.loadOnly) {
    localGet = measureLatency(ids, o.ops, false, local);
    localNbr = measureLatency(ids, o.ops, true, local);
    for (size_t i = 0; i < o.clients.size(); ++i) {
      localRate[i] =
          measureThroughput(ids, o.clients[i], o.seconds, [&] { return inProcess(*store); });
    }
  }

  std::optional<casegraph::test::GraphdProcess> server;
  std::string address = o.connect;
  std::string scratch;
  if (address.empty()) {
    scratch = (std::filesystem::temp_directory_path() / "rpc-bench-XXXXXX").string();
    if (!::mkdtemp(scratch.data())) {
      std::cerr << "cannot create a scratch directory\n";
      return 1;
    }
    std::vector<std::string> args;
    if (!o.ioThreads.empty()) args.insert(args.end(), {"--io-threads", o.ioThreads});
    if (!o.inlineBudget.empty()) args.insert(args.end(), {"--inline-budget-us", o.inlineBudget});
    server.emplace(casegraph::test::GraphdOptions{
        o.graphd.empty() ? selfDir() + "/../graphd/graphd" : o.graphd, o.data, scratch, true,
        args});
    server->start();
    address = server->tcpAddress();
    std::printf("graphd started on %s and %s\n", address.c_str(), server->unixAddress().c_str());
  }

  auto measureRpc = [&](const std::string& addr, const char* name) {
    auto client = std::shared_ptr<GraphClient>(GraphClient::connect(addr));
    const OpFn remote = overRpc(client);
    for (size_t i = 0; i < std::min<size_t>(ids.size(), 2000); ++i) remote(ids[i], i & 1);
    const Latency get = measureLatency(ids, o.ops, false, remote);
    const Latency nbr = measureLatency(ids, o.ops, true, remote);
    std::printf("\nlatency in microseconds, 1 client over %s\n", name);
    std::printf("  %-30s %9s %9s | %14s %9s | %9s\n", "", "rpc p50", "rpc p99", "in process p50",
                "p99", "ratio p50");
    std::printf("  %-30s %9.1f %9.1f | %14.1f %9.1f | %8.1fx\n", "getNodes (1 id)", get.p50,
                get.p99, localGet.p50, localGet.p99, get.p50 / localGet.p50);
    std::printf("  %-30s %9.1f %9.1f | %14.1f %9.1f | %8.1fx\n", "neighbors (1 hop, limit 100)",
                nbr.p50, nbr.p99, localNbr.p50, localNbr.p99, nbr.p50 / localNbr.p50);
  };
  if (!o.loadOnly) {
    measureRpc(address, "tcp");
    if (server && !server->unixAddress().empty()) measureRpc(server->unixAddress(), "unix socket");
  }

  const pid_t serverPid = server ? server->pid() : 0;
  auto measureLoad = [&](const std::string& addr, const char* name) {
    std::printf(
        "\nthroughput over %s: one client thread driving N connections, one request in flight "
        "each; CPU per getNodes request of the client thread and (when the benchmark started "
        "it) of graphd; the same getNodes load from the lean wire-level client (wire-load.h)\n"
        "  %-12s %14s %10s %10s %15s %12s | %18s | %10s %10s %10s\n",
        name, "", "getNodes req/s", "client us", "graphd us", "neighbors req/s", "mixed req/s",
        "in process mixed ops/s", "wire req/s", "client us", "graphd us");
    for (size_t i = 0; i < o.clients.size(); ++i) {
      const int n = o.clients[i];
      const double serverCpu0 = serverPid ? processCpuSeconds(serverPid) : 0;
      const LoadResult get = loadTest(addr, ids, n, o.seconds, Mix::GET);
      const double serverUs =
          serverPid ? (processCpuSeconds(serverPid) - serverCpu0) * 1e6 / (get.rate * o.seconds)
                    : 0;
      const LoadResult nbr = loadTest(addr, ids, n, o.seconds, Mix::NEIGHBORS);
      const LoadResult mixed = loadTest(addr, ids, n, o.seconds, Mix::MIXED);
      if (nbr.rows == 0) std::abort();  // the neighbors calls must have streamed rows
      const double wireCpu0 = serverPid ? processCpuSeconds(serverPid) : 0;
      const auto wire = casegraph::bench::wireLoad(addr, ids, n, o.seconds);
      const double wireServerUs = serverPid ? (processCpuSeconds(serverPid) - wireCpu0) * 1e6 /
                                                  static_cast<double>(wire.calls)
                                            : 0;
      std::printf(
          "  %2d client%-3s %14.0f %10.1f %10.1f %15.0f %12.0f | %18.0f | %10.0f %10.1f %10.1f\n",
          n, n == 1 ? "" : "s", get.rate, get.clientCpuUs, serverUs, nbr.rate, mixed.rate,
          localRate[i], wire.rate, wire.clientCpuUs, wireServerUs);
    }
  };
  measureLoad(address, "tcp");
  if (server && !server->unixAddress().empty()) measureLoad(server->unixAddress(), "unix socket");
  std::printf(
      "\nthroughput over tcp, mixed, one thread and one blocking GraphClient per client\n"
      "  %-12s %12s\n",
      "", "rpc req/s");
  for (const int n : o.clients) {
    const double rate = measureThroughput(ids, n, o.seconds, [&] {
      return overRpc(std::shared_ptr<GraphClient>(GraphClient::connect(address)));
    });
    std::printf("  %2d client%-3s %12.0f\n", n, n == 1 ? "" : "s", rate);
  }
  if (server) {
    std::printf("\ngraphd RSS at the end: %ld MiB\n", server->rssKb() / 1024);
    server->terminate();
    std::filesystem::remove_all(scratch);
  }
  return 0;
}
