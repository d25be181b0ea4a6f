// An AsyncIoStream that reads its socket a buffer at a time. Cap'n Proto reads every message
// in two steps (its segment table, then its body), and each RPC exchange carries two messages
// from the caller (the call and its Finish): unbuffered, one request costs the server four
// read() system calls besides the one that finds the socket empty. Reading up to 8 KiB at once
// takes whatever messages have arrived in one call. Writes pass straight through.
#pragma once

#include <kj/async-io.h>

#include <array>

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

}  // namespace casegraph
