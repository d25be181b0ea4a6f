// Stopping graphd, politely and not: SIGKILL in the middle of a stream of write batches loses
// no acknowledged batch and leaves no partial one; SIGTERM lets the server finish, exit 0 and
// log "stopped", and the next start finds everything.
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "e2e-util.h"

using namespace casegraph;
using namespace casegraph::test;

namespace {

constexpr int NODES_PER_BATCH = 5;  // a ring: as many relationships as nodes

// Writes numbered batches until the connection fails, recording which were acknowledged.
class BatchWriter {
 public:
  BatchWriter(std::string address, int64_t firstBatch)
      : address_(std::move(address)), next_(firstBatch) {
    thread_ = std::thread([this] { run(); });
  }
  ~BatchWriter() { join(); }
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  void join() {
    if (thread_.joinable()) thread_.join();
  }
  // Waits until `count` batches are acknowledged; false if the writer stopped before.
  bool awaitAcks(size_t count) {
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (acks_.load() < count) {
      if (stopped_.load() || std::chrono::steady_clock::now() > giveUp) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
  }
  // After join(): the batches acknowledged, and the one in flight when the connection failed.
  const std::set<int64_t>& acknowledged() const { return acked_; }
  int64_t next() const { return next_; }
  const std::string& failure() const { return failure_; }

 private:
  void run() {
    try {
      auto c = GraphClient::connect(address_);
      for (;; ++next_) {
        std::vector<WriteOp> ops;
        for (int i = 0; i < NODES_PER_BATCH; ++i) {
          ops.push_back(CreateNodeOp{
              "n" + std::to_string(i), {"Batch"}, {{"batch", next_}, {"seq", int64_t{i}}}, {}, {}});
        }
        for (int i = 0; i < NODES_PER_BATCH; ++i) {
          ops.push_back(CreateEdgeOp{"NEXT",
                                     "n" + std::to_string(i),
                                     "n" + std::to_string((i + 1) % NODES_PER_BATCH),
                                     {{"batch", next_}},
                                     {},
                                     {}});
        }
        c->write(ops);
        acked_.insert(next_);
        ++acks_;
      }
    } catch (const ClientError& e) {
      failure_ = e.category() + ": " + e.what();
    }
    stopped_ = true;
  }

  std::string address_;
  int64_t next_;
  std::set<int64_t> acked_;
  std::atomic<size_t> acks_{0};
  std::atomic<bool> stopped_{false};
  std::string failure_;
  std::thread thread_;
};

// Checks that the store holds every batch of `acked` in full, possibly some of `inFlight` in
// full, and nothing else. Returns how many batches are there.
size_t checkBatches(GraphClient& c, const std::set<int64_t>& acked,
                    const std::set<int64_t>& inFlight) {
  std::map<int64_t, std::vector<uint64_t>> byBatch;
  for (const Node& n : findAll(c, "Batch", "", std::nullopt, 10'000'000)) {
    byBatch[intProp(n, "batch")].push_back(n.id);
  }
  for (const int64_t b : acked) {
    CAPTURE(b);
    CHECK(byBatch.count(b) == 1);
  }
  size_t relationships = 0;
  for (const auto& [b, ids] : byBatch) {
    CAPTURE(b);
    CHECK((acked.count(b) == 1 || inFlight.count(b) == 1));
    CHECK(ids.size() == NODES_PER_BATCH);
    for (const uint64_t id : ids) {
      size_t out = 0;
      c.neighbors(id, rpc::Direction::OUT, {"NEXT"}, {}, 0,
                  [&](const std::vector<Edge>& edges, const std::vector<Node>& nodes) {
                    for (size_t i = 0; i < edges.size(); ++i) {
                      CHECK(edges[i].properties.at("batch") == Value(b));
                      CHECK(intProp(nodes[i], "batch") == b);
                    }
                    out += edges.size();
                  });
      CHECK(out == 1);
      relationships += out;
    }
  }
  const ServerStats s = c.stats();
  CHECK(s.nodes == byBatch.size() * NODES_PER_BATCH);
  CHECK(s.edges == relationships);
  return byBatch.size();
}

}  // namespace

TEST_CASE("SIGKILL during a stream of write batches: acknowledged batches survive whole") {
  ServedStore served;
  std::mt19937 rng(4242);
  std::set<int64_t> acked, inFlight;
  int64_t next = 0;
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    served.server.start();
    const size_t killAfter = 5 + rng() % 80;
    {
      BatchWriter writer(served.server.tcpAddress(), next);
      REQUIRE_MESSAGE(writer.awaitAcks(killAfter), served.server.log());
      const int status = served.server.kill();
      CHECK(WIFSIGNALED(status));
      writer.join();
      CHECK(!writer.failure().empty());
      acked.insert(writer.acknowledged().begin(), writer.acknowledged().end());
      inFlight.insert(writer.next());
      next = writer.next() + 1;
      MESSAGE("round " << round << ": killed after " << writer.acknowledged().size()
                       << " acknowledged batches; the writer saw " << writer.failure());
    }
  }
  served.server.start();
  {
    auto c = GraphClient::connect(served.server.tcpAddress());
    const size_t present = checkBatches(*c, acked, inFlight);
    MESSAGE(acked.size() << " batches acknowledged, " << present << " present after restart");
  }
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE("SIGTERM: graphd finishes, exits 0, logs \"stopped\" and a restart finds all data") {
  // Two event loops: the idle connection and the writer's are served by different ones, and
  // the shutdown drains both.
  ServedStore served({"--io-threads", "2"});
  served.server.start();
  std::set<int64_t> acked, inFlight;
  {
    // A client connected but idle when the signal comes, and one writing.
    auto idle = GraphClient::connect(served.server.unixAddress());
    BatchWriter writer(served.server.tcpAddress(), 0);
    REQUIRE_MESSAGE(writer.awaitAcks(20), served.server.log());
    const int status = served.server.terminate();
    CHECK(exitCode(status) == 0);
    writer.join();
    acked = writer.acknowledged();
    inFlight.insert(writer.next());
  }
  const std::string log = served.server.log();
  CHECK_MESSAGE(log.find("stopping on") != std::string::npos, log);
  CHECK_MESSAGE(log.find("INFO stopped") != std::string::npos, log);

  served.server.start();
  {
    auto c = GraphClient::connect(served.server.unixAddress());
    const size_t present = checkBatches(*c, acked, inFlight);
    CHECK(present >= acked.size());
  }
  CHECK(exitCode(served.server.terminate()) == 0);
  CHECK(served.server.log().find("stopped") != std::string::npos);
}

TEST_CASE("graphd serve runs with a larger malloc cache unless GLIBC_TUNABLES is set") {
  auto environment = [](pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const char* const given = std::getenv("GLIBC_TUNABLES");
  if (given != nullptr) {
    MESSAGE("GLIBC_TUNABLES is set in this environment; graphd keeps it");
  }
  ServedStore served;
  served.server.start();
  const std::string env = environment(served.server.pid());
  const std::string want = std::string("GLIBC_TUNABLES=") +
                           (given != nullptr ? given : "glibc.malloc.tcache_count=1024");
  CHECK(env.find(want + '\0') != std::string::npos);
  // Started afresh, it serves as before.
  auto c = GraphClient::connect(served.server.tcpAddress());
  CHECK(c->stats().nodes == 0);
  CHECK(exitCode(served.server.terminate()) == 0);
}

TEST_CASE("graphd refuses options it does not know, on the command line and in a config file") {
  TempDir dir;
  const Run serve =
      runProgram(graphdPath(), dir, {"serve", "--data", dir.sub("d"), "--pol-us", "5"});
  CHECK(serve.code == 2);
  CHECK_MESSAGE(serve.err.find("graphd serve: unknown option --pol-us") != std::string::npos,
                serve.err);
  CHECK_FALSE(std::filesystem::exists(dir.sub("d")));  // refused before anything was opened
  const Run stats = runProgram(graphdPath(), dir, {"stats", "--dta", dir.sub("d")});
  CHECK(stats.code == 2);
  CHECK(stats.err.find("unknown option --dta") != std::string::npos);
  const Run import = runProgram(graphdPath(), dir, {"import", "--data", dir.sub("d"), "--node=x"});
  CHECK(import.code == 2);
  CHECK(import.err.find("unknown option --node") != std::string::npos);

  std::ofstream(dir.sub("graphd.conf")) << "data = " << dir.sub("d") << "\n"
                                        << "# a comment\n"
                                        << "inline-budget = 10\n";
  const Run config = runProgram(graphdPath(), dir, {"serve", "--config", dir.sub("graphd.conf")});
  CHECK(config.code == 2);
  CHECK_MESSAGE(
      config.err.find("graphd.conf:3: unknown option 'inline-budget'") != std::string::npos,
      config.err);

  // --help after a command prints the usage and succeeds.
  const Run help = runProgram(graphdPath(), dir, {"serve", "--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("--poll-us") != std::string::npos);
}
