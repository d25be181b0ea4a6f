#include "bench/wire-load.h"

#include <capnp/message.h>
#include <capnp/rpc.capnp.h>
#include <capnp/serialize.h>
#include <kj/io.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include "bench/bench-util.h"
#include "schema/graph.capnp.h"

namespace casegraph::bench {

namespace {

constexpr uint16_t LOGIN_METHOD = 0;      // GraphService.login @0
constexpr uint16_t GET_NODES_METHOD = 0;  // Session.getNodes @0

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("wire load: " + what); }

int connectTo(const std::string& address) {
  int fd = -1;
  if (address.rfind("unix:", 0) == 0) {
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    const std::string path = address.substr(5);
    if (path.size() >= sizeof sa.sun_path) fail("socket path too long: " + path);
    std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
    fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
      fail("cannot connect to " + address + ": " + std::strerror(errno));
    }
    return fd;
  }
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) fail("address is not host:port or unix:PATH: " + address);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(address.substr(0, colon).c_str(), address.substr(colon + 1).c_str(), &hints,
                    &found) != 0 ||
      !found) {
    fail("cannot resolve " + address);
  }
  fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const bool ok = fd >= 0 && ::connect(fd, found->ai_addr, found->ai_addrlen) == 0;
  ::freeaddrinfo(found);
  if (!ok) fail("cannot connect to " + address + ": " + std::strerror(errno));
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Messages built in a fixed buffer and written together in one write().
class Outbox {
 public:
  template <typename Fill>
  void add(Fill&& fill) {
    std::memset(scratch_, 0, sizeof scratch_);
    capnp::MallocMessageBuilder message(kj::arrayPtr(scratch_, SCRATCH_WORDS));
    fill(message.initRoot<capnp::rpc::Message>());
    kj::ArrayOutputStream out(kj::arrayPtr(bytes_ + used_, sizeof bytes_ - used_));
    capnp::writeMessage(out, message);
    used_ += out.getArray().size();
  }
  void send(int fd) {
    for (size_t done = 0; done < used_;) {
      const ssize_t n = ::write(fd, bytes_ + done, used_ - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail(std::string("write failed: ") + std::strerror(errno));
      done += static_cast<size_t>(n);
    }
    used_ = 0;
  }

 private:
  static constexpr size_t SCRATCH_WORDS = 64;
  capnp::word scratch_[SCRATCH_WORDS];
  kj::byte bytes_[4096];
  size_t used_ = 0;
};

// Bytes read from a connection, handed out a whole message at a time.
class Inbox {
 public:
  // One read(); false when the peer closed the connection.
  bool fill(int fd) {
    if (end_ == sizeof(capnp::word) * buf_.size()) buf_.resize(buf_.size() * 2);
    const ssize_t n = ::read(fd, bytes() + end_, buf_.size() * sizeof(capnp::word) - end_);
    if (n < 0 && errno == EINTR) return true;
    if (n < 0) fail(std::string("read failed: ") + std::strerror(errno));
    end_ += static_cast<size_t>(n);
    return n > 0;
  }
  // Calls fn(rpc::Message::Reader) for each whole message buffered.
  template <typename Fn>
  void drain(Fn&& fn) {
    size_t pos = 0;  // bytes; messages are whole words, so pos stays word-aligned
    for (;;) {
      const size_t avail = end_ - pos;
      if (avail < 8) break;
      uint32_t segments = 0;
      std::memcpy(&segments, bytes() + pos, 4);
      ++segments;
      if (segments > 64) fail("malformed message from the server");
      const size_t tableWords = segments / 2 + 1;
      if (avail < tableWords * 8) break;
      size_t words = tableWords;
      for (uint32_t s = 0; s < segments; ++s) {
        uint32_t size = 0;
        std::memcpy(&size, bytes() + pos + 4 + 4 * s, 4);
        words += size;
      }
      if (avail < words * 8) break;
      capnp::FlatArrayMessageReader reader(kj::arrayPtr(buf_.data() + pos / 8, words));
      fn(reader.getRoot<capnp::rpc::Message>());
      pos += words * 8;
    }
    std::memmove(bytes(), bytes() + pos, end_ - pos);
    end_ -= pos;
  }

 private:
  kj::byte* bytes() { return reinterpret_cast<kj::byte*>(buf_.data()); }
  std::vector<capnp::word> buf_ = std::vector<capnp::word>(8192);
  size_t end_ = 0;
};

void finish(Outbox& out, uint32_t question, bool releaseCaps) {
  out.add([&](capnp::rpc::Message::Builder m) {
    auto f = m.initFinish();
    f.setQuestionId(question);
    f.setReleaseResultCaps(releaseCaps);
  });
}

void callGetNodes(Outbox& out, uint32_t question, uint32_t session, uint64_t id) {
  out.add([&](capnp::rpc::Message::Builder m) {
    auto call = m.initCall();
    call.setQuestionId(question);
    call.initTarget().setImportedCap(session);
    call.setInterfaceId(capnp::typeId<rpc::Session>());
    call.setMethodId(GET_NODES_METHOD);
    auto params = call.initParams().getContent().initAs<rpc::Session::GetNodesParams>();
    params.initIds(1).set(0, id);
  });
}

struct Connection {
  int fd = -1;
  uint32_t session = 0;  // the import id of the logged-in Session
  uint32_t question = 2;
  uint64_t answered = 0;
  uint64_t rng = 0;
  Inbox in;
  Outbox out;
  ~Connection() {
    if (fd >= 0) ::close(fd);
  }
};

// Bootstrap, then login pipelined on the bootstrap answer; the Session's import id.
void logIn(Connection& c) {
  c.out.add([](capnp::rpc::Message::Builder m) { m.initBootstrap().setQuestionId(0); });
  c.out.add([](capnp::rpc::Message::Builder m) {
    auto call = m.initCall();
    call.setQuestionId(1);
    call.initTarget().initPromisedAnswer().setQuestionId(0);
    call.setInterfaceId(capnp::typeId<rpc::GraphService>());
    call.setMethodId(LOGIN_METHOD);
    call.initParams().getContent().initAs<rpc::GraphService::LoginParams>().setUser("local");
  });
  c.out.send(c.fd);
  bool loggedIn = false;
  while (!loggedIn) {
    if (!c.in.fill(c.fd)) fail("the server closed the connection during login");
    c.in.drain([&](capnp::rpc::Message::Reader m) {
      if (m.isAbort()) fail(std::string("aborted: ") + m.getAbort().getReason().cStr());
      if (!m.isReturn() || m.getReturn().getAnswerId() != 1) return;
      auto r = m.getReturn();
      if (r.isException()) fail(std::string("login: ") + r.getException().getReason().cStr());
      if (!r.isResults() || r.getResults().getCapTable().size() != 1) fail("login: no session");
      auto cap = r.getResults().getCapTable()[0];
      if (cap.isSenderHosted()) {
        c.session = cap.getSenderHosted();
      } else if (cap.isSenderPromise()) {
        c.session = cap.getSenderPromise();
      } else {
        fail("login: unexpected session capability");
      }
      loggedIn = true;
    });
  }
  // Both answers hold capabilities we keep using (the session), so none are released.
  finish(c.out, 0, false);
  finish(c.out, 1, false);
}

}  // namespace

WireLoadResult wireLoad(const std::string& address, const std::vector<uint64_t>& ids, int clients,
                        double seconds) {
  if (ids.empty() || clients < 1) fail("needs ids and at least one client");
  std::vector<std::unique_ptr<Connection>> conns;
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) fail("epoll_create1 failed");
  struct CloseEpoll {
    int fd;
    ~CloseEpoll() { ::close(fd); }
  } closeEpoll{ep};
  for (int i = 0; i < clients; ++i) {
    auto c = std::make_unique<Connection>();
    c->fd = connectTo(address);
    c->rng = 0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(i + 1);
    logIn(*c);
    epoll_event ev{};
    ev.events = EPOLLIN;  // level-triggered: one read per wake-up, none that finds nothing
    ev.data.ptr = c.get();
    if (::epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) fail("epoll_ctl failed");
    conns.push_back(std::move(c));
  }
  auto nextId = [&](Connection& c) {
    c.rng ^= c.rng << 13;
    c.rng ^= c.rng >> 7;
    c.rng ^= c.rng << 17;
    return ids[c.rng % ids.size()];
  };
  const double t0 = nowSeconds(), cpu0 = threadCpuSeconds();
  for (auto& c : conns) {  // the login Finishes go out with the first call
    callGetNodes(c->out, c->question, c->session, nextId(*c));
    c->out.send(c->fd);
  }
  const double stopAt = t0 + seconds;
  bool stopping = false;
  size_t inFlight = conns.size();
  epoll_event events[64];
  while (inFlight > 0) {
    const int n = ::epoll_wait(ep, events, 64, 1000);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("epoll_wait failed");
    if (!stopping && nowSeconds() >= stopAt) stopping = true;
    for (int k = 0; k < n; ++k) {
      auto& c = *static_cast<Connection*>(events[k].data.ptr);
      if (!c.in.fill(c.fd)) fail("the server closed a connection");
      bool answered = false;
      c.in.drain([&](capnp::rpc::Message::Reader m) {
        if (m.isAbort()) fail(std::string("aborted: ") + m.getAbort().getReason().cStr());
        if (!m.isReturn()) return;  // nothing else is expected; tolerate it
        auto r = m.getReturn();
        if (r.getAnswerId() != c.question) fail("an answer to a question not asked");
        if (r.isException()) fail(std::string("getNodes: ") + r.getException().getReason().cStr());
        if (!r.isResults()) fail("getNodes: no results");
        auto results = r.getResults().getContent().getAs<rpc::Session::GetNodesResults>();
        if (results.getNodes().size() != 1) fail("getNodes: not exactly one node");
        answered = true;
      });
      if (!answered) continue;
      ++c.answered;
      finish(c.out, c.question, false);
      if (stopping) {
        --inFlight;
      } else {
        ++c.question;
        callGetNodes(c.out, c.question, c.session, nextId(c));
      }
      c.out.send(c.fd);
    }
  }
  const double elapsed = nowSeconds() - t0, cpu = threadCpuSeconds() - cpu0;
  WireLoadResult out;
  for (const auto& c : conns) out.calls += c->answered;
  out.rate = static_cast<double>(out.calls) / elapsed;
  out.clientCpuUs = cpu * 1e6 / static_cast<double>(std::max<uint64_t>(out.calls, 1));
  return out;
}

}  // namespace casegraph::bench
