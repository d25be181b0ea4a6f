// A fixed pool of worker threads with a bounded queue, and `offload`, which runs a function on
// the pool and hands its result back to the RPC event loop as a kj::Promise.
#pragma once

#include <kj/async.h>
#include <kj/debug.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace casegraph {

class WorkerPool {
 public:
  // `threads` workers; submit() refuses work when `maxQueued` tasks are already waiting.
  WorkerPool(std::string name, size_t threads, size_t maxQueued);
  ~WorkerPool();  // finishes queued tasks, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Returns false (and drops the task) when the queue is full.
  bool submit(std::function<void()> task);
  size_t threads() const { return workers_.size(); }
  // No task waiting or running.
  bool idle();
  const std::string& name() const { return name_; }

 private:
  void run();
  std::string name_;
  size_t maxQueued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  size_t running_ = 0;
  std::vector<std::thread> workers_;
};

// Runs fn(cancelled) on `pool`; the promise resolves on the calling event loop with its result,
// or rejects with its exception. Destroying the promise (the client cancelled) sets
// `cancelled`, which long-running work polls. A full queue rejects with OVERLOADED.
template <typename T, typename Fn>
kj::Promise<T> offload(WorkerPool& pool, Fn&& fn) {
  auto paf = kj::newPromiseAndCrossThreadFulfiller<T>();
  auto fulfiller =
      std::make_shared<kj::Own<kj::CrossThreadPromiseFulfiller<T>>>(kj::mv(paf.fulfiller));
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  const bool queued = pool.submit([fulfiller, cancelled, fn = std::forward<Fn>(fn)]() mutable {
    KJ_IF_MAYBE (e, kj::runCatchingExceptions([&]() {
                   if constexpr (std::is_void_v<T>) {
                     fn(*cancelled);
                     (*fulfiller)->fulfill();
                   } else {
                     (*fulfiller)->fulfill(fn(*cancelled));
                   }
                 })) {
      (*fulfiller)->reject(kj::mv(*e));
    }
  });
  if (!queued) {
    return kj::Exception(
        kj::Exception::Type::OVERLOADED, __FILE__, __LINE__,
        kj::str("overloaded: the ", pool.name().c_str(), " queue is full; retry later"));
  }
  return paf.promise.attach(kj::defer([cancelled]() { cancelled->store(true); }));
}

}  // namespace casegraph
