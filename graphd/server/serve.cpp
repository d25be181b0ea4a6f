#include "graphd/server/serve.h"

#include <capnp/message.h>
#include <capnp/rpc-twoparty.h>
#include <capnp/rpc.capnp.h>
#include <capnp/serialize-async.h>
#include <kj/async-io.h>
#include <kj/async-unix.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <thread>

#include "schema/wire/buffered-stream.h"
#include "graphd/server/log.h"
#include "graphd/server/rpc-server.h"
#include "graphd/store/store.h"

namespace casegraph {

namespace {

constexpr auto DRAIN_TIMEOUT = 3 * kj::SECONDS;
constexpr auto DRAIN_POLL = 10 * kj::MILLISECONDS;
constexpr auto REPLY_GRACE = 50 * kj::MILLISECONDS;

// Resolves once neither pool has work: every request that reached a worker has its answer.
// Idle connections then need not hold up a shutdown.
kj::Promise<void> whenIdle(kj::Timer& timer, WorkerPool& a, WorkerPool& b) {
  if (a.idle() && b.idle()) return timer.afterDelay(REPLY_GRACE);  // let the replies go out
  return timer.afterDelay(DRAIN_POLL).then([&timer, &a, &b] { return whenIdle(timer, a, b); });
}

// Passes messages through and logs why a connection's input was refused: oversized or
// malformed frames, seen when reading, and messages the RPC layer could not make sense of,
// seen as the Abort it sends back. Cap'n Proto then closes that connection only.
class LoggingMessageStream final : public capnp::MessageStream {
 public:
  LoggingMessageStream(capnp::MessageStream& inner, std::string peer)
      : inner_(inner), peer_(std::move(peer)) {}

  kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> tryReadMessage(
      kj::ArrayPtr<kj::AutoCloseFd> fds, capnp::ReaderOptions options,
      kj::ArrayPtr<capnp::word> scratch) override {
    return inner_.tryReadMessage(fds, options, scratch)
        .catch_([this](kj::Exception&& e) -> kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> {
          if (e.getType() != kj::Exception::Type::DISCONNECTED) {
            logMessage(LogLevel::WARNING, "closing connection from " + peer_ +
                                              ": bad message: " + e.getDescription().cStr());
            logged_ = true;
          }
          return kj::mv(e);
        });
  }
  kj::Promise<void> writeMessage(
      kj::ArrayPtr<const int> fds,
      kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments) override {
    noteAbort(segments);
    return inner_.writeMessage(fds, segments);
  }
  kj::Promise<void> writeMessages(
      kj::ArrayPtr<kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>>> messages) override {
    for (const auto& m : messages) noteAbort(m);
    return inner_.writeMessages(messages);
  }
  kj::Maybe<int> getSendBufferSize() override { return inner_.getSendBufferSize(); }
  kj::Promise<void> end() override { return inner_.end(); }

 private:
  // Logs an outgoing Abort that ends the connection for a reason not logged yet (a client
  // that merely went away is not news).
  void noteAbort(kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments) {
    if (logged_) return;
    kj::runCatchingExceptions([&] {
      capnp::SegmentArrayMessageReader reader(segments);
      const auto message = reader.getRoot<capnp::rpc::Message>();
      if (!message.isAbort()) return;
      const auto abort = message.getAbort();
      if (abort.getType() == capnp::rpc::Exception::Type::DISCONNECTED) return;
      logged_ = true;
      logMessage(LogLevel::WARNING, "closing connection from " + peer_ +
                                        ": protocol error: " + abort.getReason().cStr());
    });
  }

  capnp::MessageStream& inner_;
  std::string peer_;
  bool logged_ = false;
};

struct Connection {
  kj::Own<kj::AsyncIoStream> stream;
  BatchingMessageStream batching;
  LoggingMessageStream messages;
  capnp::TwoPartyVatNetwork network;
  capnp::RpcSystem<capnp::rpc::twoparty::VatId> rpc;

  Connection(kj::Own<kj::AsyncIoStream>&& s, std::string peer, capnp::Capability::Client boot,
             capnp::ReaderOptions options)
      : stream(kj::mv(s)),
        batching(*stream),
        messages(batching, std::move(peer)),
        network(messages, capnp::rpc::twoparty::Side::SERVER, options),
        rpc(capnp::makeRpcServer(network, kj::mv(boot))) {}
};

// The connections one event loop serves; each gets its own RPC system over the loop's bootstrap
// capability.
class ConnectionSet final : private kj::TaskSet::ErrorHandler {
 public:
  ConnectionSet(capnp::Capability::Client boot, capnp::ReaderOptions options)
      : boot_(kj::mv(boot)), options_(options) {}

  void serve(kj::Own<kj::AsyncIoStream>&& stream, const std::string& peer) {
    logMessage(LogLevel::DEBUG, "connection " + peer + " opened");
    auto conn = kj::heap<Connection>(kj::mv(stream), peer, boot_, options_);
    auto done = conn->network.onDisconnect().then(
        [peer]() { logMessage(LogLevel::DEBUG, "connection " + peer + " closed"); });
    tasks_.add(done.attach(kj::mv(conn)));
  }

  kj::Promise<void> drained() { return tasks_.onEmpty(); }

 private:
  void taskFailed(kj::Exception&& e) override {
    if (e.getType() == kj::Exception::Type::DISCONNECTED) return;
    logMessage(LogLevel::WARNING, std::string("connection failed: ") + e.getDescription().cStr());
  }

  capnp::Capability::Client boot_;
  capnp::ReaderOptions options_;
  kj::TaskSet tasks_{*this};
};

// Resolves once this loop's connections are gone, or no request is running anywhere, or the
// drain timeout passed: what a shutdown waits for on each event loop.
kj::Promise<void> drain(kj::Timer& timer, ConnectionSet& connections, ServerContext& ctx) {
  return connections.drained()
      .exclusiveJoin(whenIdle(timer, ctx.readPool, ctx.writePool))
      .exclusiveJoin(timer.afterDelay(DRAIN_TIMEOUT));
}

// A further event loop on its own thread. The accepting loop hands it connections, so that
// the RPC work of many clients (decoding, small reads answered in place, encoding) spreads
// over the cores instead of queueing on one thread.
class IoLoop {
 public:
  IoLoop(ServerContext& ctx, capnp::ReaderOptions options) : ctx_(ctx), options_(options) {
    std::promise<void> started;
    auto ready = started.get_future();
    thread_ = std::thread([this, &started] {
      bool up = false;
      try {
        run(started, up);
      } catch (...) {
        // Failed to start: the constructor rethrows. Failed later: log it; the connections
        // of this loop are gone with it.
        if (!up) {
          started.set_exception(std::current_exception());
        } else {
          logMessage(LogLevel::ERROR, "an RPC event loop failed");
        }
      }
    });
    try {
      ready.get();
    } catch (...) {
      thread_.join();
      throw;
    }
  }
  ~IoLoop() {
    // A loop that failed has left its executor refusing work; there is nothing to stop then.
    kj::runCatchingExceptions([this] { executor_->executeSync([this] { stop_->fulfill(); }); });
    thread_.join();
  }
  IoLoop(const IoLoop&) = delete;
  IoLoop& operator=(const IoLoop&) = delete;

  // Takes over an accepted socket; `fd` becomes this loop's.
  void adopt(int fd, const std::string& peer) {
    bool taken = false;
    KJ_IF_MAYBE (e, kj::runCatchingExceptions([&] {
                   executor_->executeSync([&] {
                     taken = true;
                     connections_->serve(
                         provider_->wrapSocketFd(fd, kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP),
                         peer);
                   });
                 })) {
      if (!taken) ::close(fd);
      logMessage(LogLevel::WARNING,
                 "connection " + peer + " dropped: " + std::string(e->getDescription().cStr()));
    }
  }

  // Called on the accepting loop: resolves there once this loop has drained.
  kj::Promise<void> drain() {
    return executor_
        ->executeAsync([this] { return casegraph::drain(*timer_, *connections_, ctx_); })
        .catch_([](kj::Exception&&) {});  // a loop that failed has nothing left to drain
  }

 private:
  void run(std::promise<void>& started, bool& up) {
    auto io = kj::setupAsyncIo();
    ConnectionSet connections(newGraphService(ctx_), options_);
    auto stop = kj::newPromiseAndFulfiller<void>();
    stop_ = kj::mv(stop.fulfiller);
    connections_ = &connections;
    provider_ = io.lowLevelProvider.get();
    timer_ = &io.provider->getTimer();
    executor_ = kj::getCurrentThreadExecutor().addRef();
    up = true;
    started.set_value();
    runLoop(kj::mv(stop.promise), io.waitScope, ctx_.limits.pollWindow);
    stop_ = nullptr;
  }  // the connections close here, on their own loop

  ServerContext& ctx_;
  capnp::ReaderOptions options_;
  std::thread thread_;
  kj::Own<const kj::Executor> executor_;
  kj::Own<kj::PromiseFulfiller<void>> stop_;
  ConnectionSet* connections_ = nullptr;
  kj::LowLevelAsyncIoProvider* provider_ = nullptr;
  kj::Timer* timer_ = nullptr;
};

// Accepts connections and deals them out in turn to the accepting loop's own connection set and
// to the further loops.
class Listener {
 public:
  Listener(ConnectionSet& local, std::vector<std::unique_ptr<IoLoop>>& loops)
      : local_(local), loops_(loops) {}

  kj::Promise<void> accept(kj::ConnectionReceiver& receiver, std::string address) {
    return receiver.accept().then(
        [this, &receiver, address](kj::Own<kj::AsyncIoStream>&& stream) mutable {
          const uint64_t id = ++connections_;
          const std::string peer = address + " #" + std::to_string(id);
          const size_t turn = id % (loops_.size() + 1);
          int fd = -1;
          if (turn != 0) {
            KJ_IF_MAYBE (raw, stream->getFd()) {
              fd = ::dup(*raw);
            }
          }
          if (fd < 0) {
            local_.serve(kj::mv(stream), peer);
          } else {
            stream = nullptr;  // the duplicate descriptor carries the connection on
            loops_[turn - 1]->adopt(fd, peer);
          }
          return accept(receiver, kj::mv(address));
        });
  }

 private:
  ConnectionSet& local_;
  std::vector<std::unique_ptr<IoLoop>>& loops_;
  uint64_t connections_ = 0;
};

std::string option(const OptionMap& o, const std::string& name, const std::string& fallback) {
  auto it = o.find(name);
  return it == o.end() || it->second.empty() ? fallback : it->second.back();
}

// Reads `key = value` lines into `out` for keys not already given on the command line.
bool readConfig(const std::string& path, OptionMap& out) {
  std::ifstream in(path);
  if (!in) {
    logMessage(LogLevel::ERROR, "cannot read config file " + path);
    return false;
  }
  OptionMap fromFile;
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    auto trim = [](const std::string& s) {
      const auto b = s.find_first_not_of(" \t\r");
      const auto e = s.find_last_not_of(" \t\r");
      return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    line = trim(line);
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      logMessage(LogLevel::ERROR, path + ":" + std::to_string(lineNo) + ": expected key = value");
      return false;
    }
    const std::string key = trim(line.substr(0, eq));
    if (key == "config" || !SERVE_OPTIONS.count(key)) {
      logMessage(LogLevel::ERROR,
                 path + ":" + std::to_string(lineNo) + ": unknown option '" + key + "'");
      return false;
    }
    fromFile[key].push_back(trim(line.substr(eq + 1)));
  }
  for (auto& [k, v] : fromFile) out.try_emplace(k, std::move(v));
  return true;
}

}  // namespace

int runServe(const OptionMap& cmdline) {
  OptionMap o = cmdline;
  if (o.count("config") && !readConfig(option(o, "config", ""), o)) return 2;
  LogLevel level = LogLevel::INFO;
  if (!parseLogLevel(option(o, "log-level", "info"), level)) {
    logMessage(LogLevel::ERROR, "unknown --log-level (use debug, info, warning or error)");
    return 2;
  }
  setLogLevel(level);
  const std::string dataDir = option(o, "data", "data");
  std::vector<std::string> addresses =
      o.count("listen") ? o.at("listen") : std::vector<std::string>{};
  if (addresses.empty()) addresses.push_back("127.0.0.1:7600");
  size_t threads = std::max<size_t>(2, std::thread::hardware_concurrency());
  // One per core: short reads are answered on the event loops, so under load they are where
  // the work is (the read workers take only reads that outrun the inline budget). A machine
  // that also runs heavy clients of its own may do better with fewer (docs/operations.md).
  size_t ioThreads = std::max<size_t>(1, std::thread::hardware_concurrency());
  size_t maxMessageMb = 64;
  ServerLimits limits;
  try {
    if (o.count("threads")) threads = std::stoul(option(o, "threads", "2"));
    if (o.count("io-threads")) ioThreads = std::stoul(option(o, "io-threads", "1"));
    if (o.count("max-message-mb")) maxMessageMb = std::stoul(option(o, "max-message-mb", "64"));
    if (o.count("query-timeout-ms")) {
      const auto ms = std::stoul(option(o, "query-timeout-ms", ""));
      limits.queryDeadline = std::chrono::milliseconds(ms);
    }
    if (o.count("inline-budget-us")) {
      limits.inlineBudget =
          std::chrono::microseconds(std::stoul(option(o, "inline-budget-us", "")));
    }
    if (o.count("poll-us")) {
      limits.pollWindow = std::chrono::microseconds(std::stoul(option(o, "poll-us", "")));
    }
  } catch (const std::exception&) {
    logMessage(
        LogLevel::ERROR,
        "--threads, --io-threads, --max-message-mb, --query-timeout-ms, --inline-budget-us and "
        "--poll-us take numbers");
    return 2;
  }
  if (threads == 0) threads = 1;
  if (ioThreads == 0) ioThreads = 1;
  if (limits.queryDeadline.count() <= 0) {
    logMessage(LogLevel::ERROR, "--query-timeout-ms must be above 0");
    return 2;
  }

  // Signals must be captured before any thread starts, so that every thread blocks them.
  kj::UnixEventPort::captureSignal(SIGTERM);
  kj::UnixEventPort::captureSignal(SIGINT);

  std::unique_ptr<GraphStore> store;
  try {
    StoreOptions so;
    so.path = dataDir;
    store = GraphStore::open(so);
  } catch (const std::exception& e) {
    logMessage(LogLevel::ERROR, std::string("cannot open the data directory: ") + e.what());
    return 1;
  }

  try {
    auto io = kj::setupAsyncIo();
    WorkerPool readPool("read", threads, 4096);
    WorkerPool writePool("write", 1, 1024);
    ServerContext ctx{*store, readPool, writePool, limits, logEnabled(LogLevel::DEBUG)};
    capnp::ReaderOptions readerOptions;
    readerOptions.traversalLimitInWords = maxMessageMb * 1024 * 1024 / sizeof(capnp::word);
    readerOptions.nestingLimit = 64;
    ConnectionSet localConnections(newGraphService(ctx), readerOptions);
    std::vector<std::unique_ptr<IoLoop>> loops;
    for (size_t i = 1; i < ioThreads; ++i)
      loops.push_back(std::make_unique<IoLoop>(ctx, readerOptions));
    Listener listener(localConnections, loops);

    auto& network = io.provider->getNetwork();
    std::vector<kj::Own<kj::ConnectionReceiver>> receivers;
    std::vector<kj::Promise<void>> accepting;
    std::vector<std::string> bound, socketFiles;
    for (const auto& addr : addresses) {
      if (addr.rfind("unix:", 0) == 0) {
        const std::string path = addr.substr(5);
        ::unlink(path.c_str());  // a stale socket of a previous run
        socketFiles.push_back(path);
      }
      auto receiver = network.parseAddress(addr, 7600).wait(io.waitScope)->listen();
      std::string actual = addr;
      if (addr.rfind("unix:", 0) != 0) {
        actual = addr.substr(0, addr.rfind(':')) + ":" + std::to_string(receiver->getPort());
      }
      bound.push_back(actual);
      accepting.push_back(listener.accept(*receiver, actual).eagerlyEvaluate([](kj::Exception&& e) {
        logMessage(LogLevel::ERROR, std::string("listener failed: ") + e.getDescription().cStr());
      }));
      receivers.push_back(kj::mv(receiver));
    }
    std::string joined;
    for (const auto& b : bound) joined += (joined.empty() ? "" : ", ") + b;
    const Counts counts = store->snapshot()->counts();
    logMessage(LogLevel::INFO, "graphd " CASEGRAPH_VERSION " serving " + dataDir + " (" +
                                   std::to_string(counts.nodes) + " nodes, " +
                                   std::to_string(counts.edges) + " relationships) on " + joined +
                                   " with " + std::to_string(ioThreads) + " RPC threads and " +
                                   std::to_string(threads) + " read threads; idle loops poll " +
                                   std::to_string(limits.pollWindow.count()) + " µs");
    if (o.count("ready-file")) {
      const std::string path = option(o, "ready-file", "");
      {
        std::ofstream out(path + ".tmp");
        for (const auto& b : bound) out << b << "\n";
      }
      std::rename((path + ".tmp").c_str(), path.c_str());
    }

    siginfo_t signal{};
    runLoop(io.unixEventPort.onSignal(SIGTERM)
                .exclusiveJoin(io.unixEventPort.onSignal(SIGINT))
                .then([&signal](siginfo_t s) { signal = s; }),
            io.waitScope, limits.pollWindow);
    logMessage(LogLevel::INFO, std::string("stopping on ") + ::strsignal(signal.si_signo) +
                                   ": no new connections; finishing requests in flight");
    accepting.clear();
    receivers.clear();
    auto& timer = io.provider->getTimer();
    auto drains = kj::heapArrayBuilder<kj::Promise<void>>(loops.size() + 1);
    drains.add(drain(timer, localConnections, ctx));
    for (auto& loop : loops) drains.add(loop->drain());
    kj::joinPromises(drains.finish()).wait(io.waitScope);
    loops.clear();
    for (const auto& path : socketFiles) ::unlink(path.c_str());
  } catch (const kj::Exception& e) {
    logMessage(LogLevel::ERROR, std::string("server failed: ") + e.getDescription().cStr());
    return 1;
  }
  store->sync();
  logMessage(LogLevel::INFO, "stopped");
  return 0;
}

}  // namespace casegraph
