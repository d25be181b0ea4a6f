// Polling waits (schema/wire/spin-wait.h): a wait that polls first still returns what the promise
// gives, whether it resolves while polling, after the thread went to sleep, or from another
// thread; a polling server loop serves its events and stops when told; only so many threads
// poll at once.
#include "schema/wire/spin-wait.h"

#include <doctest/doctest.h>
#include <kj/async-io.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "schema/wire/buffered-stream.h"

using namespace casegraph;
using namespace std::chrono_literals;

TEST_CASE("spinThenWait: a value ready at once, one resolved while polling, one after sleeping") {
  auto io = kj::setupAsyncIo();
  CHECK(spinThenWait(kj::Promise<int>(7), io.waitScope, 1000us) == 7);
  // Resolves on the next turn: found by polling.
  CHECK(spinThenWait(kj::evalLater([] { return 8; }), io.waitScope, 1000us) == 8);
  // Resolves long after the window: the thread sleeps until the timer fires.
  auto& timer = io.provider->getTimer();
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(spinThenWait(timer.afterDelay(20 * kj::MILLISECONDS).then([] { return 9; }), io.waitScope,
                     100us) == 9);
  CHECK(std::chrono::steady_clock::now() - t0 >= 20ms);
  // No window: a plain wait.
  CHECK(spinThenWait(timer.afterDelay(1 * kj::MILLISECONDS).then([] { return 10; }), io.waitScope,
                     0us) == 10);
  // A failure comes through as the exception.
  CHECK_THROWS_AS(
      spinThenWait(kj::Promise<int>(KJ_EXCEPTION(FAILED, "broken")), io.waitScope, 1000us),
      kj::Exception);
}

TEST_CASE("spinThenWait: a promise fulfilled from another thread, polling or asleep") {
  auto io = kj::setupAsyncIo();
  for (const auto delay : {0ms, 5ms}) {
    auto paf = kj::newPromiseAndCrossThreadFulfiller<int>();
    std::thread other([&, delay] {
      std::this_thread::sleep_for(delay);
      paf.fulfiller->fulfill(42);
    });
    CHECK(spinThenWait(kj::mv(paf.promise), io.waitScope, 2000us) == 42);
    other.join();
  }
}

TEST_CASE("runLoop: serves messages while it polls and while it sleeps, and stops when told") {
  auto io = kj::setupAsyncIo();
  auto pipe = kj::newTwoWayPipe();
  BufferedStream in(*pipe.ends[1]);
  std::vector<int> got;
  // An echo of bytes read through the BufferedStream, as a server connection reads requests.
  std::function<kj::Promise<void>()> serve;
  kj::byte b = 0;
  serve = [&]() -> kj::Promise<void> {
    return in.tryRead(&b, 1, 1).then([&](size_t n) -> kj::Promise<void> {
      if (n == 0) return kj::READY_NOW;
      got.push_back(b);
      return serve();
    });
  };
  auto serving = serve().eagerlyEvaluate(nullptr);
  auto& timer = io.provider->getTimer();
  auto stop = kj::newPromiseAndFulfiller<void>();
  // Bytes at 0 ms (found while polling), then 30 ms later (the loop has gone to sleep by then),
  // then the stop.
  static const kj::byte one = 1, two = 2;
  auto writer = pipe.ends[0]
                    ->write(&one, 1)
                    .then([&] { return timer.afterDelay(30 * kj::MILLISECONDS); })
                    .then([&] { return pipe.ends[0]->write(&two, 1); })
                    .then([&] { return timer.afterDelay(5 * kj::MILLISECONDS); })
                    .then([&] { stop.fulfiller->fulfill(); })
                    .eagerlyEvaluate(nullptr);
  const uint64_t before = LoopActivity::count();
  runLoop(kj::mv(stop.promise), io.waitScope, 1000us);
  CHECK(got == std::vector<int>{1, 2});
  CHECK(LoopActivity::count() >= before + 2);  // each read was noted
  // Without a window the loop sleeps at once and still stops.
  auto stop2 = kj::newPromiseAndFulfiller<void>();
  auto later = timer.afterDelay(2 * kj::MILLISECONDS)
                   .then([&] { stop2.fulfiller->fulfill(); })
                   .eagerlyEvaluate(nullptr);
  runLoop(kj::mv(stop2.promise), io.waitScope, 0us);
}

TEST_CASE("runLoop: a stop that fails is rethrown") {
  auto io = kj::setupAsyncIo();
  CHECK_THROWS_AS(
      runLoop(kj::Promise<void>(KJ_EXCEPTION(FAILED, "listener gone")), io.waitScope, 1000us),
      kj::Exception);
}

TEST_CASE("LoopActivity::next resolves at the next note on its thread") {
  auto io = kj::setupAsyncIo();
  auto next = LoopActivity::next();
  CHECK_FALSE(next.poll(io.waitScope));
  LoopActivity::note();
  CHECK(next.poll(io.waitScope));
  next.wait(io.waitScope);
}

TEST_CASE(
    "SpinClaim: at most the number of cores less one poll at once, and a claim is given back") {
  const unsigned cores = std::thread::hardware_concurrency();
  const unsigned slots = cores == 0 ? 1 : cores - 1;
  std::vector<std::unique_ptr<SpinClaim>> claims;
  for (unsigned i = 0; i < slots; ++i) {
    claims.push_back(std::make_unique<SpinClaim>());
    CHECK(static_cast<bool>(*claims.back()));
  }
  {
    SpinClaim extra;
    CHECK_FALSE(static_cast<bool>(extra));
  }
  if (claims.empty()) return;  // one core: nobody polls
  claims.pop_back();
  SpinClaim again;
  CHECK(static_cast<bool>(again));
}
