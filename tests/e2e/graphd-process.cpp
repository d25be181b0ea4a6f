#include "graphd-process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace casegraph::test {

namespace {

// Safety nets only: a healthy server is ready and stops in well under a second.
constexpr auto READY_TIMEOUT = std::chrono::seconds(60);
constexpr auto EXIT_TIMEOUT = std::chrono::seconds(30);
constexpr auto POLL_INTERVAL = std::chrono::milliseconds(5);

// Forks and execs `argv` with stdin from /dev/null and stdout and stderr into `logPath`.
pid_t spawn(const std::vector<std::string>& argv, const std::string& logPath) {
  // Everything the child needs is prepared here: between fork and exec it may only make
  // async-signal-safe calls (other threads of the test may hold the malloc lock).
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log < 0) throw std::runtime_error("cannot create " + logPath);
  const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Die with the test process, whatever way it ends.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    // The child starts as a shell would start it: no blocked signals (kj blocks the ones it
    // captures), default dispositions for the signals graphd cares about.
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl = {};
    dfl.sa_handler = SIG_DFL;
    for (const int sig : {SIGTERM, SIGINT, SIGPIPE}) ::sigaction(sig, &dfl, nullptr);
    ::dup2(devNull, STDIN_FILENO);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    // Sockets of the test's clients must not stay open in the server.
    if (::syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
      for (int fd = 3; fd < 4096; ++fd) ::close(fd);
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(log);
  if (devNull >= 0) ::close(devNull);
  if (pid < 0) throw std::runtime_error("fork failed");
  return pid;
}

// waitpid without WNOHANG surprises: returns the status once `pid` has ended.
std::optional<int> reap(pid_t pid, bool block) {
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, block ? 0 : WNOHANG);
    if (r == pid) return status;
    if (r == 0) return std::nullopt;
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  }
}

}  // namespace

GraphdProcess::GraphdProcess(GraphdOptions options) : options_(std::move(options)) {}

GraphdProcess::~GraphdProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    try {
      reap(pid_, true);
    } catch (const std::exception&) {
      // Nothing more a destructor can do; the kernel reaps it when the test exits.
    }
  }
}

void GraphdProcess::start() {
  if (pid_ > 0) throw std::runtime_error("graphd is already running");
  ++runs_;
  logPath_ = options_.workDir + "/graphd-" + std::to_string(runs_) + ".log";
  const std::string ready = options_.workDir + "/ready";
  std::remove(ready.c_str());
  std::vector<std::string> argv = {options_.program, "serve",    "--data",
                                   options_.dataDir, "--listen", "127.0.0.1:0",
                                   "--ready-file",   ready};
  if (options_.listenUnix) {
    argv.push_back("--listen");
    argv.push_back("unix:" + options_.workDir + "/g.sock");
  }
  argv.insert(argv.end(), options_.extraArgs.begin(), options_.extraArgs.end());
  status_.reset();
  tcp_.clear();
  unix_.clear();
  pid_ = spawn(argv, logPath_);

  const auto giveUp = std::chrono::steady_clock::now() + READY_TIMEOUT;
  while (!std::ifstream(ready)) {
    if (auto status = reap(pid_, false)) {
      pid_ = -1;
      status_ = status;
      throw std::runtime_error("graphd exited before it was ready (status " +
                               std::to_string(*status) + "):\n" + log());
    }
    if (std::chrono::steady_clock::now() > giveUp) {
      kill();
      throw std::runtime_error("graphd did not write its ready file:\n" + log());
    }
    std::this_thread::sleep_for(POLL_INTERVAL);
  }
  std::istringstream lines(readFile(ready));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("unix:", 0) == 0) {
      unix_ = line;
    } else if (!line.empty()) {
      tcp_ = line;
    }
  }
  if (tcp_.empty()) throw std::runtime_error("graphd's ready file names no TCP address");
}

int GraphdProcess::terminate() { return waitExit(SIGTERM); }

int GraphdProcess::kill() { return waitExit(SIGKILL); }

int GraphdProcess::waitExit(int firstSignal) {
  if (pid_ <= 0) {
    if (status_) return *status_;
    throw std::runtime_error("graphd was never started");
  }
  ::kill(pid_, firstSignal);
  const auto giveUp = std::chrono::steady_clock::now() + EXIT_TIMEOUT;
  std::optional<int> status;
  while (!(status = reap(pid_, false))) {
    if (std::chrono::steady_clock::now() > giveUp) {
      ::kill(pid_, SIGKILL);
      status = reap(pid_, true);
      break;
    }
    std::this_thread::sleep_for(POLL_INTERVAL);
  }
  pid_ = -1;
  status_ = status;
  return *status;
}

bool GraphdProcess::running() {
  if (pid_ <= 0) return false;
  if (auto status = reap(pid_, false)) {
    pid_ = -1;
    status_ = status;
    return false;
  }
  return true;
}

std::string GraphdProcess::log() const { return readFile(logPath_); }

long GraphdProcess::statusKb(const std::string& field) const {
  if (pid_ <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
  }
  return 0;
}

int runProgram(const std::vector<std::string>& argv, const std::string& logPath) {
  return *reap(spawn(argv, logPath), true);
}

int exitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace casegraph::test
