// Waiting on a kj event loop without paying for a sleep and a wake-up on every message.
//
// A thread that sleeps in epoll_wait and is woken by a message costs the message's receiver a
// wake-up: on a virtual machine an idle virtual CPU halts, and waking it goes through the
// hypervisor. Measured on the 2-core machine of docs/performance.md: a one-byte ping-pong
// between two processes over a unix socket takes 52 µs at p50 when both sides sleep, 17 µs when
// one polls and 4 µs when both do. An RPC round trip pays that twice (the request wakes the
// server, the reply wakes the client), so a thread that expects an event soon polls its loop
// for a short, bounded time before it sleeps:
//  - a client that has sent a call polls for its reply (spinThenWait);
//  - a server loop that has just read or written a message polls for the next one (runLoop).
// Polling yields the CPU on every round (sched_yield), so a thread with work to do runs first,
// and only so many threads of a process poll at once (SpinClaim): on a small machine the rest
// sleep as before.
#pragma once

#include <kj/async.h>

#include <chrono>
#include <cstdint>

namespace casegraph {

// Default polling windows: a client waits this long for a reply before it sleeps (long enough
// for a round trip and a small query), a server loop this long for the next message.
inline constexpr std::chrono::microseconds CLIENT_SPIN{250};
inline constexpr std::chrono::microseconds SERVER_SPIN{200};

// Socket activity of the calling thread's event loop: the message streams note every read and
// write here, and a polling server loop keeps polling while they happen.
class LoopActivity {
 public:
  static void note();
  static uint64_t count();
  // Resolves at the next note() on this thread (one waiter at a time).
  static kj::Promise<void> next();
};

// A claim on one of the process's polling slots (the number of cores less one: none on one
// core); false when all are taken.
class SpinClaim {
 public:
  SpinClaim();
  ~SpinClaim();
  SpinClaim(const SpinClaim&) = delete;
  SpinClaim& operator=(const SpinClaim&) = delete;
  explicit operator bool() const { return held_; }

 private:
  bool held_ = false;
};

// Gives the CPU to another runnable thread, if there is one, between two polls.
void yieldWhilePolling();

// promise.wait(ws), after first polling the loop for up to `window` (when a slot is free).
template <typename T>
T spinThenWait(kj::Promise<T>&& promise, kj::WaitScope& ws, std::chrono::microseconds window) {
  if (window.count() > 0) {
    SpinClaim claim;
    if (claim) {
      const auto until = std::chrono::steady_clock::now() + window;
      while (!promise.poll(ws) && std::chrono::steady_clock::now() < until) yieldWhilePolling();
    }
  }
  return promise.wait(ws);
}

// Runs the calling thread's event loop until `done` resolves. After each read or write of a
// message it polls for up to `window` before it sleeps; asleep, it wakes for the next message
// (or for `done`) as a plain wait would.
void runLoop(kj::Promise<void>&& done, kj::WaitScope& ws, std::chrono::microseconds window);

}  // namespace casegraph
