#include "graphd/buffered-stream.h"

#include <cstring>

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
      return got + n;
    });
  }
  pos_ = end_ = 0;
  return inner_.tryRead(buffer_.data(), minBytes - got, buffer_.size())
      .then([this, out, got, minBytes, maxBytes](size_t n) -> kj::Promise<size_t> {
        end_ = n;
        if (n == 0) return got;  // end of stream
        return tryRead(out + got, minBytes - got, maxBytes - got).then([got](size_t more) {
          return got + more;
        });
      });
}

}  // namespace casegraph
