#include "schema/wire/spin-wait.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace casegraph {

namespace {

struct ThreadActivity {
  uint64_t count = 0;
  kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> waiter;
};

ThreadActivity& activity() {
  thread_local ThreadActivity a;
  return a;
}

std::atomic<unsigned> spinning{0};

unsigned spinSlots() {
  // One core: none (a poller would only keep the thread it waits for off the CPU). Unknown
  // (hardware_concurrency() is 0): one.
  static const unsigned slots = [] {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1u : cores - 1;
  }();
  return slots;
}

}  // namespace

void LoopActivity::note() {
  auto& a = activity();
  ++a.count;
  KJ_IF_MAYBE (w, a.waiter) {
    auto f = kj::mv(*w);
    a.waiter = nullptr;
    f->fulfill();
  }
}

uint64_t LoopActivity::count() { return activity().count; }

kj::Promise<void> LoopActivity::next() {
  auto pf = kj::newPromiseAndFulfiller<void>();
  activity().waiter = kj::mv(pf.fulfiller);
  return kj::mv(pf.promise);
}

SpinClaim::SpinClaim() {
  unsigned n = spinning.load(std::memory_order_relaxed);
  while (n < spinSlots()) {
    if (spinning.compare_exchange_weak(n, n + 1, std::memory_order_relaxed)) {
      held_ = true;
      return;
    }
  }
}

SpinClaim::~SpinClaim() {
  if (held_) spinning.fetch_sub(1, std::memory_order_relaxed);
}

void yieldWhilePolling() { ::sched_yield(); }

void runLoop(kj::Promise<void>&& done, kj::WaitScope& ws, std::chrono::microseconds window) {
  KJ_DEFER(activity().waiter = nullptr);
  auto forked = done.fork();
  for (;;) {
    auto branch = forked.addBranch();
    if (window.count() > 0) {
      SpinClaim claim;
      if (claim) {
        uint64_t seen = LoopActivity::count();
        auto last = std::chrono::steady_clock::now();
        for (;;) {
          if (branch.poll(ws)) return branch.wait(ws);
          const auto now = std::chrono::steady_clock::now();
          if (const uint64_t n = LoopActivity::count(); n != seen) {
            seen = n;
            last = now;
          } else if (now - last >= window) {
            break;
          }
          yieldWhilePolling();
        }
      }
    }
    // Asleep until `done` or the next message; the loop serves everything else meanwhile.
    bool finished = false;
    branch.then([&finished] { finished = true; }).exclusiveJoin(LoopActivity::next()).wait(ws);
    if (finished) return;
  }
}

}  // namespace casegraph
