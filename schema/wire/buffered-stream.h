// An AsyncIoStream that reads its socket a buffer at a time. Cap'n Proto reads every message
// in two steps (its segment table, then its body), and each RPC exchange carries two messages
// from the caller (the call and its Finish): unbuffered, one request costs the server four
// read() system calls besides the one that finds the socket empty. Reading up to 8 KiB at once
// takes whatever messages have arrived in one call. Writes pass straight through.
#pragma once

#include <capnp/serialize-async.h>
#include <kj/async-io.h>

#include <array>
#include <vector>

namespace casegraph {

class BufferedStream final : public kj::AsyncIoStream {
 public:
  explicit BufferedStream(kj::AsyncIoStream& inner) : inner_(inner) {}

  kj::Promise<size_t> tryRead(void* buffer, size_t minBytes, size_t maxBytes) override;

  kj::Promise<void> write(const void* buffer, size_t size) override {
    return inner_.write(buffer, size);
  }
  kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override {
    return inner_.write(pieces);
  }
  kj::Promise<void> whenWriteDisconnected() override { return inner_.whenWriteDisconnected(); }
  void shutdownWrite() override { inner_.shutdownWrite(); }
  void abortRead() override { inner_.abortRead(); }
  void getsockopt(int level, int option, void* value, kj::uint* length) override {
    inner_.getsockopt(level, option, value, length);
  }
  void setsockopt(int level, int option, const void* value, kj::uint length) override {
    inner_.setsockopt(level, option, value, length);
  }
  void getsockname(struct sockaddr* addr, kj::uint* length) override {
    inner_.getsockname(addr, length);
  }
  void getpeername(struct sockaddr* addr, kj::uint* length) override {
    inner_.getpeername(addr, length);
  }
  kj::Maybe<int> getFd() const override { return inner_.getFd(); }

 private:
  // Copies what the buffer holds into `out`, at most `max` bytes; returns the count.
  size_t take(kj::byte* out, size_t max);

  kj::AsyncIoStream& inner_;
  std::array<kj::byte, 8192> buffer_{};
  size_t pos_ = 0, end_ = 0;
};

// A Cap'n Proto message stream that reads through a BufferedStream and gathers the messages
// written during one turn of the event loop into one write. An RPC client answers each reply
// with a Finish message and usually sends its next call in the same turn: two messages, one
// system call. Writes complete at once (the bytes are copied); a failed write fails the next
// one, and the reading side sees the broken connection.
class BatchingMessageStream final : public capnp::MessageStream {
 public:
  explicit BatchingMessageStream(kj::AsyncIoStream& stream)
      : stream_(stream), buffered_(stream), reader_(buffered_) {}

  kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> tryReadMessage(
      kj::ArrayPtr<kj::AutoCloseFd> fds, capnp::ReaderOptions options,
      kj::ArrayPtr<capnp::word> scratch) override {
    return reader_.tryReadMessage(fds, options, scratch);
  }
  kj::Promise<void> writeMessage(
      kj::ArrayPtr<const int> fds,
      kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments) override;
  kj::Promise<void> writeMessages(
      kj::ArrayPtr<kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>>> messages) override;
  kj::Maybe<int> getSendBufferSize() override;
  kj::Promise<void> end() override;

 private:
  void append(kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments);
  void scheduleFlush();
  kj::Promise<void> flush();

  kj::AsyncIoStream& stream_;
  BufferedStream buffered_;
  capnp::AsyncIoMessageStream reader_;
  std::vector<capnp::word> pending_, writing_;
  bool flushing_ = false;
  kj::Maybe<kj::Exception> error_;
  kj::Maybe<kj::Promise<void>> flushTask_;
};

}  // namespace casegraph
