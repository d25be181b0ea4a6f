// Crash safety: a child process commits batches and reports each commit; it is killed with
// SIGKILL at a random moment. After reopening, every acknowledged batch is there in full and
// no batch is there in part.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "graphd/store/store.h"
#include "test-util.h"

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

constexpr int NODES_PER_BATCH = 20;

[[noreturn]] void writerChild(const std::string& path, int ackFd) {
  try {
    StoreOptions o;
    o.path = path;
    o.mapSize = size_t{1} << 22;  // small: map growth happens while being killed too
    auto store = GraphStore::open(o);
    for (int64_t batch = 0;; ++batch) {
      store->write([&](WriteTxn& w) {
        uint64_t prev = 0;
        for (int i = 0; i < NODES_PER_BATCH; ++i) {
          const uint64_t id =
              w.createNode({"Event"}, {{"batch", batch}, {"seq", int64_t{i}}, {"pad", "xxxxxxxx"}});
          if (prev) w.createEdge("NEXT", prev, id, {{"batch", batch}});
          prev = id;
        }
      });
      // Acknowledge only after the commit returned.
      const std::string ack = std::to_string(batch) + "\n";
      if (::write(ackFd, ack.data(), ack.size()) < 0) ::_exit(3);
    }
  } catch (...) {
    ::_exit(2);
  }
}

}  // namespace

TEST_CASE(
    "SIGKILL during committing batches loses no acknowledged batch and leaves no partial one") {
  std::mt19937 rng(12345);
  for (int round = 0; round < 6; ++round) {
    CAPTURE(round);
    TempDir dir;
    const std::string path = dir.sub("data");
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(fds[0]);
      writerChild(path, fds[1]);
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 300));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    // Everything the child acknowledged before it died.
    int64_t lastAck = -1;
    std::string buf;
    char chunk[4096];
    for (ssize_t n; (n = ::read(fds[0], chunk, sizeof chunk)) > 0;) buf.append(chunk, size_t(n));
    ::close(fds[0]);
    for (size_t pos = 0, nl; (nl = buf.find('\n', pos)) != std::string::npos; pos = nl + 1) {
      lastAck = std::stoll(buf.substr(pos, nl - pos));
    }
    MESSAGE("round " << round << ": " << lastAck + 1 << " batches acknowledged before SIGKILL");

    StoreOptions o;
    o.path = path;
    auto store = GraphStore::open(o);
    auto snap = store->snapshot();
    std::map<int64_t, int> nodesPerBatch, edgesPerBatch;
    snap->scanLabel("Event", [&](uint64_t id) {
      ++nodesPerBatch[snap->node(id)->properties.at("batch").asInt()];
      return true;
    });
    snap->scanEdges([&](uint64_t id) {
      ++edgesPerBatch[snap->edge(id)->properties.at("batch").asInt()];
      return true;
    });
    for (int64_t b = 0; b <= lastAck; ++b) {
      CAPTURE(b);
      CHECK(nodesPerBatch[b] == NODES_PER_BATCH);
    }
    for (const auto& [b, n] : nodesPerBatch) {
      CAPTURE(b);
      CHECK(n == NODES_PER_BATCH);
      CHECK(edgesPerBatch[b] == NODES_PER_BATCH - 1);
    }
    // At most the one batch in flight at the kill may be there without its acknowledgement.
    const int64_t present = static_cast<int64_t>(nodesPerBatch.size());
    CHECK(present >= lastAck + 1);
    CHECK(present <= lastAck + 2);
    CHECK(snap->counts().nodes == static_cast<uint64_t>(present * NODES_PER_BATCH));
  }
}
