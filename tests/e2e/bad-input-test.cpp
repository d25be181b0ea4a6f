// Hostile or broken peers at the port: random bytes, Cap'n Proto frames whose segment table
// lies, a frame whose content is garbage, and a message above --max-message-mb. Each such
// connection is closed with an error, the server logs why, and it keeps serving everyone else.
#include <arpa/inet.h>
#include <capnp/rpc.capnp.h>
#include <capnp/serialize.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <random>
#include <thread>

#include "e2e-util.h"

using namespace casegraph;
using namespace casegraph::test;

namespace {

// A blocking TCP connection to "127.0.0.1:PORT".
class RawSocket {
 public:
  explicit RawSocket(const std::string& address) {
    const auto colon = address.rfind(':');
    sockaddr_in sa = {};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
    REQUIRE(::inet_pton(AF_INET, address.substr(0, colon).c_str(), &sa.sin_addr) == 1);
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    REQUIRE(::connect(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0);
  }
  ~RawSocket() { ::close(fd_); }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  // Sends what the server takes; it may close the connection before it has read everything.
  void send(const std::string& bytes) {
    for (size_t off = 0; off < bytes.size();) {
      const ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }

  // Reads until the server closes the connection; false if it has not after `limit` (a safety
  // net, not a timing check). What was read is in `received`.
  bool awaitClose(std::string& received, std::chrono::seconds limit = std::chrono::seconds(30)) {
    const auto giveUp = std::chrono::steady_clock::now() + limit;
    char buf[4096];
    while (std::chrono::steady_clock::now() < giveUp) {
      pollfd p = {fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
      received.append(buf, static_cast<size_t>(n));
    }
    return false;
  }

 private:
  int fd_ = -1;
};

// The reason of the Abort message among `bytes` (Cap'n Proto RPC messages), or "".
std::string abortReason(const std::string& bytes) {
  kj::Array<capnp::word> words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), words.size() * sizeof(capnp::word));
  kj::ArrayPtr<const capnp::word> rest = words;
  try {
    while (rest.size() > 0) {
      capnp::FlatArrayMessageReader reader(rest);
      auto message = reader.getRoot<capnp::rpc::Message>();
      if (message.isAbort()) return message.getAbort().getReason().cStr();
      rest = kj::arrayPtr(reader.getEnd(), rest.end());
    }
  } catch (const kj::Exception&) {
    // A partial last message: no Abort in what arrived.
  }
  return "";
}

std::string word(uint32_t a, uint32_t b) {
  std::string s(8, '\0');
  std::memcpy(s.data(), &a, 4);  // Cap'n Proto framing is little-endian, as is this machine
  std::memcpy(s.data() + 4, &b, 4);
  return s;
}

// Sends `bytes` on a fresh connection and checks that the server closes it with an error, logs
// a line about it, and still serves a well-behaved client.
void expectRefused(GraphdProcess& server, const std::string& bytes, const std::string& logWord) {
  const size_t logBefore = server.log().size();
  std::string received;
  {
    RawSocket s(server.tcpAddress());
    s.send(bytes);
    CHECK_MESSAGE(s.awaitClose(received), "the server kept the connection open");
  }
  const std::string reason = abortReason(received);
  MESSAGE("server's abort reason: " << (reason.empty() ? "(none)" : reason));
  CHECK_FALSE(reason.empty());
  REQUIRE(server.running());

  auto c = GraphClient::connect(server.tcpAddress());
  CHECK(c->stats().nodes == 1);
  // The log line may trail the close by a moment; the client round trip above gives it time,
  // and the loop below a bounded wait more.
  std::string newLog;
  for (int i = 0; i < 500; ++i) {
    newLog = server.log().substr(logBefore);
    if (newLog.find(logWord) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK_MESSAGE(newLog.find(logWord) != std::string::npos, "no log line mentions '"
                                                               << logWord << "'; the log since:\n"
                                                               << newLog);
}

}  // namespace

TEST_CASE("malformed input closes only the offending connection, with an error and a log line") {
  // Two event loops: the bad connections and the well-behaved ones land on both.
  ServedStore served({"--max-message-mb", "1", "--io-threads", "2"});
  served.server.start();
  GraphdProcess& server = served.server;
  {
    auto c = GraphClient::connect(server.tcpAddress());
    c->write({CreateNodeOp{"", {"Marker"}, {{"name", "still here"}}, {}, {}}});
  }

  SUBCASE("random bytes") {
    std::mt19937 rng(7);
    std::string noise(64 * 1024, '\0');
    for (char& ch : noise) ch = static_cast<char>(rng());
    expectRefused(server, noise, "bad message");
  }
  SUBCASE("a segment table claiming a huge segment") {
    expectRefused(server, word(0, 0xfffffff0u) + std::string(64, '\0'), "too large");
  }
  SUBCASE("a segment table claiming very many segments") {
    expectRefused(server, word(100000, 1) + std::string(64, '\0'), "bad message");
  }
  SUBCASE("a well-framed message whose content is garbage") {
    expectRefused(server, word(0, 4) + std::string(32, '\xab'), "closing connection");
  }
  SUBCASE("a message above --max-message-mb") {
    const size_t logBefore = server.log().size();
    {
      auto big = GraphClient::connect(server.tcpAddress());
      const std::string huge(3 << 20, 'x');
      try {
        big->write({CreateNodeOp{"", {"Marker"}, {{"blob", huge}}, {}, {}}});
        FAIL("a 3 MiB message was accepted with --max-message-mb 1");
      } catch (const ClientError& e) {
        MESSAGE("client saw " << e.category() << ": " << std::string(e.what()));
      }
      // The connection is gone, not merely the call.
      CHECK_THROWS_AS(big->stats(), ClientError);
    }
    REQUIRE(server.running());
    auto c = GraphClient::connect(server.tcpAddress());
    CHECK(c->stats().nodes == 1);
    const std::string newLog = server.log().substr(logBefore);
    CHECK_MESSAGE(newLog.find("too large") != std::string::npos, newLog);
  }
  CHECK(exitCode(server.terminate()) == 0);
}
