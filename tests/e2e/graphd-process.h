// A `graphd serve` child process for end-to-end tests and benchmarks.
//
//   GraphdProcess server({.program = graphdPath(), .dataDir = dir.sub("data"),
//                         .workDir = dir.path()});
//   server.start();                       // returns once graphd wrote its ready file
//   auto client = GraphClient::connect(server.tcpAddress());
//   ...
//   CHECK(exitCode(server.terminate()) == 0);
//
// The child never outlives the test: the destructor kills and reaps a child that is still
// running, and the child asks the kernel for SIGKILL should the test process die first.
// Not thread-safe; one thread owns a GraphdProcess.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace casegraph::test {

struct GraphdOptions {
  std::string program;                 // the graphd binary
  std::string dataDir;                 // --data
  std::string workDir;                 // holds the ready file, the logs and the unix socket
  bool listenUnix = true;              // also listen on unix:<workDir>/g.sock
  std::vector<std::string> extraArgs;  // e.g. {"--max-message-mb", "1"}
};

class GraphdProcess {
 public:
  explicit GraphdProcess(GraphdOptions options);
  ~GraphdProcess();
  GraphdProcess(const GraphdProcess&) = delete;
  GraphdProcess& operator=(const GraphdProcess&) = delete;

  // Starts `graphd serve` (again, after a stop) and waits for its ready file. Throws
  // std::runtime_error, with the server's log, when it exits or does not come up.
  void start();
  // SIGTERM, then waits for the exit (SIGKILL when it takes unreasonably long). Returns the
  // wait status.
  int terminate();
  // SIGKILL and reap; returns the wait status.
  int kill();
  // Whether the child is still running (reaps it when it has exited).
  bool running();

  pid_t pid() const { return pid_; }
  const std::string& tcpAddress() const { return tcp_; }    // "127.0.0.1:PORT"
  const std::string& unixAddress() const { return unix_; }  // "unix:PATH", or ""
  // What the current (or last) run wrote to standard error.
  std::string log() const;
  // Resident set size of the running child in KiB, from /proc; 0 when unknown. The anonymous
  // part leaves out pages of mapped files (the LMDB map), so it shows the heap.
  long rssKb() const { return statusKb("VmRSS:"); }
  long anonymousRssKb() const { return statusKb("RssAnon:"); }
  // The wait status of the last run once it has ended.
  std::optional<int> exitStatus() const { return status_; }

 private:
  int waitExit(int firstSignal);
  long statusKb(const std::string& field) const;

  GraphdOptions options_;
  pid_t pid_ = -1;
  int runs_ = 0;
  std::optional<int> status_;
  std::string tcp_, unix_, logPath_;
};

// Runs `argv` to completion with standard output and error going to `logPath`; returns the
// wait status.
int runProgram(const std::vector<std::string>& argv, const std::string& logPath);

// Exit code of a wait status, or -1 when the process did not exit normally.
int exitCode(int status);

// The whole content of a file ("" when missing).
std::string readFile(const std::string& path);

}  // namespace casegraph::test
