#include "schema/wire/buffered-stream.h"

#include <sys/socket.h>

#include <cstring>

#include "schema/wire/spin-wait.h"

namespace casegraph {

size_t BufferedStream::take(kj::byte* out, size_t max) {
  const size_t n = std::min(max, end_ - pos_);
  if (n > 0) std::memcpy(out, buffer_.data() + pos_, n);
  pos_ += n;
  return n;
}

kj::Promise<size_t> BufferedStream::tryRead(void* buffer, size_t minBytes, size_t maxBytes) {
  auto* out = static_cast<kj::byte*>(buffer);
  const size_t got = take(out, maxBytes);
  if (got >= minBytes) return got;
  // A large read (a big message's body) goes straight into the caller's memory.
  if (maxBytes - got >= buffer_.size()) {
    return inner_.tryRead(out + got, minBytes - got, maxBytes - got).then([got](size_t n) {
      LoopActivity::note();
      return got + n;
    });
  }
  pos_ = end_ = 0;
  return inner_.tryRead(buffer_.data(), minBytes - got, buffer_.size())
      .then([this, out, got, minBytes, maxBytes](size_t n) -> kj::Promise<size_t> {
        LoopActivity::note();
        end_ = n;
        if (n == 0) return got;  // end of stream
        return tryRead(out + got, minBytes - got, maxBytes - got).then([got](size_t more) {
          return got + more;
        });
      });
}

namespace {
// Buffers bigger than this (1 MiB) are given back once written rather than kept for the next
// message.
constexpr size_t KEEP_WORDS = 128 * 1024;
}  // namespace

void BatchingMessageStream::append(kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments) {
  // The stream framing: the segment count less one and each segment's size in words, as 32-bit
  // little-endian numbers, padded to a whole word; then the segments.
  const size_t tableWords = (segments.size() + 2) / 2;
  const size_t at = pending_.size();
  size_t words = tableWords;
  for (const auto& seg : segments) words += seg.size();
  pending_.resize(at + words);
  auto* table = reinterpret_cast<uint32_t*>(pending_.data() + at);
  std::memset(table, 0, tableWords * sizeof(capnp::word));
  table[0] = static_cast<uint32_t>(segments.size() - 1);
  for (size_t i = 0; i < segments.size(); ++i)
    table[i + 1] = static_cast<uint32_t>(segments[i].size());
  capnp::word* out = pending_.data() + at + tableWords;
  for (const auto& seg : segments) {
    std::memcpy(out, seg.begin(), seg.size() * sizeof(capnp::word));
    out += seg.size();
  }
}

kj::Promise<void> BatchingMessageStream::writeMessage(
    kj::ArrayPtr<const int> fds, kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments) {
  KJ_IF_MAYBE (e, error_) {
    return kj::cp(*e);
  }
  KJ_REQUIRE(fds.size() == 0, "this stream does not pass file descriptors");
  append(segments);
  scheduleFlush();
  return kj::READY_NOW;
}

kj::Promise<void> BatchingMessageStream::writeMessages(
    kj::ArrayPtr<kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>>> messages) {
  KJ_IF_MAYBE (e, error_) {
    return kj::cp(*e);
  }
  for (const auto& m : messages) append(m);
  scheduleFlush();
  return kj::READY_NOW;
}

void BatchingMessageStream::scheduleFlush() {
  if (flushing_) return;  // the running flush picks the new bytes up when it is done
  flushing_ = true;
  flushTask_ = kj::evalLast([this] { return flush(); }).eagerlyEvaluate([this](kj::Exception&& e) {
    error_ = kj::mv(e);
    flushing_ = false;
  });
}

kj::Promise<void> BatchingMessageStream::flush() {
  if (pending_.empty()) {
    flushing_ = false;
    return kj::READY_NOW;
  }
  LoopActivity::note();
  writing_.swap(pending_);
  pending_.clear();
  return stream_.write(writing_.data(), writing_.size() * sizeof(capnp::word)).then([this] {
    writing_.clear();
    if (writing_.capacity() > KEEP_WORDS) std::vector<capnp::word>().swap(writing_);
    return flush();
  });
}

kj::Maybe<int> BatchingMessageStream::getSendBufferSize() {
  int size = 0;
  kj::uint length = sizeof(size);
  KJ_IF_MAYBE (e, kj::runCatchingExceptions(
                      [&] { stream_.getsockopt(SOL_SOCKET, SO_SNDBUF, &size, &length); })) {
    return nullptr;
  }
  return size;
}

kj::Promise<void> BatchingMessageStream::end() {
  // Whatever is still waiting goes out first.
  return kj::evalLater([this]() -> kj::Promise<void> {
           KJ_IF_MAYBE (task, flushTask_) {
             auto t = kj::mv(*task);
             flushTask_ = nullptr;
             return t;
           }
           return kj::READY_NOW;
         })
      .then([this] { stream_.shutdownWrite(); });
}

}  // namespace casegraph
