#include "tck/isolate.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace casegraph::tck {

namespace {

constexpr rlim_t CHILD_ADDRESS_SPACE = rlim_t{4} << 30;

// Each field as "<length>:<bytes>", so messages may hold any byte.
void putField(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

std::optional<std::string> takeField(std::string_view& data) {
  const size_t colon = data.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  size_t length = 0;
  const auto r = std::from_chars(data.data(), data.data() + colon, length);
  if (r.ec != std::errc() || r.ptr != data.data() + colon || colon + 1 + length > data.size()) {
    return std::nullopt;
  }
  std::string field(data.substr(colon + 1, length));
  data.remove_prefix(colon + 1 + length);
  return field;
}

bool writeAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string readAll(int fd) {
  std::string data;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return data;
    data.append(buf, static_cast<size_t>(n));
  }
}

Outcome failed(std::string category, std::string reason) {
  Outcome out;
  out.verdict = Verdict::FAILED;
  out.category = std::move(category);
  out.reason = std::move(reason);
  return out;
}

// The child: run, report, and leave without running the parent's exit handlers or flushing
// its copy of the parent's stdio buffers.
[[noreturn]] void runChild(const std::function<Outcome()>& fn, std::chrono::seconds hardLimit,
                           int fd) {
  ::alarm(static_cast<unsigned>(hardLimit.count()));
  // A runaway query then gets std::bad_alloc (a failed scenario) instead of taking the
  // machine's memory from everything else running on it. The store's map (1 GiB) fits.
  // AddressSanitizer reserves terabytes of address space for its shadow memory, so a
  // sanitized build runs without the limit.
#ifndef __SANITIZE_ADDRESS__
  const rlimit memory{CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE};
  ::setrlimit(RLIMIT_AS, &memory);
#endif
  Outcome outcome;
  try {
    outcome = fn();
  } catch (const std::exception& e) {
    outcome = failed("runner error", std::string("runner error: ") + e.what());
  }
  const bool ok = writeAll(fd, encodeOutcome(outcome));
  ::_exit(ok ? 0 : 3);
}

}  // namespace

std::string encodeOutcome(const Outcome& o) {
  std::string out;
  putField(out, std::to_string(static_cast<int>(o.verdict)));
  for (const std::string* field :
       {&o.reason, &o.category, &o.query, &o.codeMismatch, &o.phaseMismatch}) {
    putField(out, *field);
  }
  return out;
}

std::optional<Outcome> decodeOutcome(std::string_view data) {
  Outcome o;
  const auto verdict = takeField(data);
  if (!verdict || verdict->size() != 1 || (*verdict)[0] < '0' || (*verdict)[0] > '2') {
    return std::nullopt;
  }
  o.verdict = static_cast<Verdict>((*verdict)[0] - '0');
  for (std::string* field : {&o.reason, &o.category, &o.query, &o.codeMismatch, &o.phaseMismatch}) {
    auto value = takeField(data);
    if (!value) return std::nullopt;
    *field = std::move(*value);
  }
  if (!data.empty()) return std::nullopt;
  return o;
}

Outcome runIsolated(const std::function<Outcome()>& fn, std::chrono::seconds hardLimit) {
  int fds[2];
  if (::pipe(fds) != 0) return failed("runner error", std::string("pipe: ") + std::strerror(errno));
  // Buffered output would otherwise be written twice, once by the child.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return failed("runner error", std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    runChild(fn, hardLimit, fds[1]);
  }
  ::close(fds[1]);
  const std::string data = readAll(fds[0]);
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGALRM) {
      return failed("hang", "killed after " + std::to_string(hardLimit.count()) +
                                " s: the query ran past its deadline");
    }
    return failed(
        "crash: " + std::string(strsignal(sig)),
        "crashed: " + std::string(strsignal(sig)) + " (signal " + std::to_string(sig) + ")");
  }
  if (auto outcome = decodeOutcome(data);
      outcome && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    return *outcome;
  }
  return failed("crash: exit", "the scenario's process exited with status " +
                                   std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                                   " without a result");
}

}  // namespace casegraph::tck
