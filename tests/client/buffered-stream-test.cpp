// BufferedStream: reads a socket a buffer at a time and hands out exactly what was written, in
// order, whatever the sizes of the reads and writes.
#include "graphd/buffered-stream.h"

#include <capnp/message.h>
#include <capnp/serialize-async.h>
#include <capnp/serialize.h>
#include <doctest/doctest.h>
#include <kj/async-io.h>

#include <numeric>
#include <string>
#include <vector>

#include "schema/graph.capnp.h"

using namespace casegraph;

namespace {

std::vector<kj::byte> pattern(size_t n, size_t seed) {
  std::vector<kj::byte> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<kj::byte>((i * 31 + seed) & 0xff);
  return v;
}

}  // namespace

TEST_CASE("BufferedStream: small and large reads across many writes give back the bytes in order") {
  auto io = kj::setupAsyncIo();
  auto pipe = kj::newTwoWayPipe();
  BufferedStream in(*pipe.ends[1]);

  // 40 writes of assorted sizes, the largest above the 8 KiB buffer.
  std::vector<kj::byte> sent;
  std::vector<std::vector<kj::byte>> pieces;
  for (size_t i = 0; i < 40; ++i) {
    pieces.push_back(pattern(i % 7 == 0 ? 9000 + i : 1 + i * 13, i));
    sent.insert(sent.end(), pieces.back().begin(), pieces.back().end());
  }
  auto writing = kj::evalLater([&]() -> kj::Promise<void> {
    kj::Promise<void> p = kj::READY_NOW;
    for (auto& piece : pieces) {
      p = p.then([&out = *pipe.ends[0], &piece] { return out.write(piece.data(), piece.size()); });
    }
    return p.then([&] { pipe.ends[0]->shutdownWrite(); });
  });

  // Reads of sizes that do not line up with the writes: exact, short and buffer-sized.
  std::vector<kj::byte> got(sent.size() + 100);
  size_t pos = 0;
  const size_t sizes[] = {8, 3, 1, 100, 8192, 20000, 5, 64};
  for (size_t i = 0; pos < sent.size(); ++i) {
    const size_t want = std::min(sizes[i % std::size(sizes)], sent.size() - pos);
    const size_t n = in.tryRead(got.data() + pos, want, want).wait(io.waitScope);
    REQUIRE(n == want);
    pos += n;
  }
  writing.wait(io.waitScope);
  got.resize(pos);
  CHECK(got == sent);
  // End of stream: nothing more, reported as a short read.
  kj::byte extra[4];
  CHECK(in.tryRead(extra, 1, sizeof extra).wait(io.waitScope) == 0);
}

TEST_CASE("BufferedStream: a read wanting more than is left returns what came before the end") {
  auto io = kj::setupAsyncIo();
  auto pipe = kj::newTwoWayPipe();
  BufferedStream in(*pipe.ends[1]);
  const auto data = pattern(10, 1);
  // The in-memory pipe has no buffer: the write completes as the reads take it.
  auto writing = pipe.ends[0]
                     ->write(data.data(), data.size())
                     .then([&] { pipe.ends[0]->shutdownWrite(); })
                     .eagerlyEvaluate(nullptr);
  kj::byte buf[64];
  CHECK(in.tryRead(buf, 4, 4).wait(io.waitScope) == 4);
  CHECK(in.tryRead(buf + 4, 20, 20).wait(io.waitScope) == 6);
  CHECK(std::equal(data.begin(), data.end(), buf));
  writing.wait(io.waitScope);
}

TEST_CASE("BufferedStream: Cap'n Proto messages sent back to back are read whole, big and small") {
  auto io = kj::setupAsyncIo();
  auto pipe = kj::newTwoWayPipe();
  BufferedStream in(*pipe.ends[1]);
  capnp::AsyncIoMessageStream messages(in);

  // Ten messages in one write: small ones share the buffer, one of 40 KiB passes it by.
  std::vector<kj::Array<capnp::word>> flat;
  size_t total = 0;
  for (int i = 0; i < 10; ++i) {
    capnp::MallocMessageBuilder b;
    auto node = b.initRoot<rpc::Node>();
    node.setId(static_cast<uint64_t>(i));
    node.initLabels(1).set(0, std::string(i == 5 ? 40000 : 3 + i, 'a' + static_cast<char>(i)));
    flat.push_back(capnp::messageToFlatArray(b));
    total += flat.back().asBytes().size();
  }
  std::vector<kj::byte> all;
  for (auto& f : flat) all.insert(all.end(), f.asBytes().begin(), f.asBytes().end());
  CHECK(all.size() == total);
  auto writing = pipe.ends[0]->write(all.data(), all.size());

  for (int i = 0; i < 10; ++i) {
    CAPTURE(i);
    auto reader = messages.readMessage().wait(io.waitScope);
    auto node = reader->getRoot<rpc::Node>();
    CHECK(node.getId() == static_cast<uint64_t>(i));
    const auto label = node.getLabels()[0];
    CHECK(label.size() == (i == 5 ? 40000u : 3u + static_cast<unsigned>(i)));
    CHECK(label.cStr()[0] == 'a' + i);
  }
  writing.wait(io.waitScope);
}
