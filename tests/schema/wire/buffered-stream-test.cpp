// BufferedStream: reads a socket a buffer at a time and hands out exactly what was written, in
// order, whatever the sizes of the reads and writes.
#include "schema/wire/buffered-stream.h"

#include <capnp/message.h>
#include <capnp/serialize-async.h>
#include <capnp/serialize.h>
#include <doctest/doctest.h>
#include <kj/async-io.h>

#include <memory>
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

namespace {

// Passes everything to `inner` and counts the writes.
class CountingStream final : public kj::AsyncIoStream {
 public:
  explicit CountingStream(kj::AsyncIoStream& inner) : inner_(inner) {}
  kj::Promise<size_t> tryRead(void* buffer, size_t minBytes, size_t maxBytes) override {
    return inner_.tryRead(buffer, minBytes, maxBytes);
  }
  kj::Promise<void> write(const void* buffer, size_t size) override {
    ++writes;
    return inner_.write(buffer, size);
  }
  kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override {
    ++writes;
    return inner_.write(pieces);
  }
  kj::Promise<void> whenWriteDisconnected() override { return inner_.whenWriteDisconnected(); }
  void shutdownWrite() override { inner_.shutdownWrite(); }
  int writes = 0;

 private:
  kj::AsyncIoStream& inner_;
};

std::unique_ptr<capnp::MallocMessageBuilder> nodeMessage(uint64_t id, size_t labelBytes) {
  auto b = std::make_unique<capnp::MallocMessageBuilder>();
  auto node = b->initRoot<rpc::Node>();
  node.setId(id);
  node.initLabels(1).set(0, std::string(labelBytes, 'x'));
  return b;
}

}  // namespace

TEST_CASE(
    "BatchingMessageStream: messages written in one turn leave in one write, whole and in order") {
  auto io = kj::setupAsyncIo();
  auto pipe = kj::newTwoWayPipe();
  CountingStream counted(*pipe.ends[0]);
  BatchingMessageStream out(counted);
  capnp::AsyncIoMessageStream in(*pipe.ends[1]);

  // Five messages, one of them bigger than the read buffer, each a separate writeMessage.
  for (uint64_t i = 0; i < 5; ++i) {
    capnp::MallocMessageBuilder b;
    auto node = b.initRoot<rpc::Node>();
    node.setId(i);
    node.initLabels(1).set(0, std::string(i == 2 ? 20000 : 5, 'a'));
    auto segments = b.getSegmentsForOutput();
    out.writeMessage(nullptr, segments).wait(io.waitScope);  // copied: completes at once
  }
  CHECK(counted.writes == 0);  // nothing leaves before the turn ends
  for (uint64_t i = 0; i < 5; ++i) {
    auto reader = in.readMessage().wait(io.waitScope);
    auto node = reader->getRoot<rpc::Node>();
    CHECK(node.getId() == i);
    CHECK(node.getLabels()[0].size() == (i == 2 ? 20000u : 5u));
  }
  CHECK(counted.writes == 1);

  // A multi-segment message keeps its segment table.
  capnp::MallocMessageBuilder big(8, capnp::AllocationStrategy::FIXED_SIZE);
  auto node = big.initRoot<rpc::Node>();
  node.setId(99);
  auto labels = node.initLabels(3);
  for (unsigned i = 0; i < 3; ++i) labels.set(i, std::string(100 + i, 'b'));
  REQUIRE(big.getSegmentsForOutput().size() > 1);
  out.writeMessage(nullptr, big.getSegmentsForOutput()).wait(io.waitScope);
  auto reader = in.readMessage().wait(io.waitScope);
  CHECK(reader->getRoot<rpc::Node>().getId() == 99);
  CHECK(reader->getRoot<rpc::Node>().getLabels()[2].size() == 102u);
  CHECK(counted.writes == 2);
}

TEST_CASE("BatchingMessageStream: end() sends what waits, then the peer sees the end") {
  auto io = kj::setupAsyncIo();
  auto pipe = kj::newTwoWayPipe();
  BatchingMessageStream out(*pipe.ends[0]);
  capnp::AsyncIoMessageStream in(*pipe.ends[1]);
  auto message = nodeMessage(7, 3);
  out.writeMessage(nullptr, message->getSegmentsForOutput()).wait(io.waitScope);
  auto ending = out.end().eagerlyEvaluate(nullptr);
  auto reader = in.readMessage().wait(io.waitScope);
  CHECK(reader->getRoot<rpc::Node>().getId() == 7);
  CHECK(capnp::tryReadMessage(*pipe.ends[1]).wait(io.waitScope) == nullptr);
  ending.wait(io.waitScope);
}

TEST_CASE("BatchingMessageStream: after the connection broke, writes fail") {
  auto io = kj::setupAsyncIo();
  auto pipe = kj::newTwoWayPipe();
  BatchingMessageStream out(*pipe.ends[0]);
  pipe.ends[1] = nullptr;  // the peer went away
  auto message = nodeMessage(1, 3);
  out.writeMessage(nullptr, message->getSegmentsForOutput()).wait(io.waitScope);  // queued
  // The loop goes idle: the flush runs and fails.
  io.provider->getTimer().afterDelay(10 * kj::MILLISECONDS).wait(io.waitScope);
  CHECK_THROWS(out.writeMessage(nullptr, message->getSegmentsForOutput()).wait(io.waitScope));
}
