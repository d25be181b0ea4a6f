// Shared pieces of the end-to-end tests: a served scratch store, and small value helpers.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>
#include <vector>

#include "client/lib/client.h"
#include "graphd-process.h"
#include "test-util.h"

namespace casegraph::test {

inline std::string graphdPath() { return binaryDir() + "/graphd/graphd"; }

// A fresh data directory served by a graphd child on 127.0.0.1:<free port> and
// unix:<dir>/g.sock. The server is stopped (SIGKILL when still running) on destruction.
struct ServedStore {
  TempDir dir;
  GraphdProcess server;

  explicit ServedStore(std::vector<std::string> extraArgs = {})
      : server(
            GraphdOptions{graphdPath(), dir.sub("data"), dir.path(), true, std::move(extraArgs)}) {}

  std::string dataDir() const { return dir.sub("data"); }
};

struct Run {
  int code = -1;
  std::string out, err;
};

// Runs `binary` with `args`, `input` on its standard input (files in `dir` carry the streams);
// waits for it to exit.
inline Run runProgram(const std::string& binary, const TempDir& dir,
                      const std::vector<std::string>& args, const std::string& input = "") {
  const std::string in = dir.sub("stdin"), out = dir.sub("stdout"), err = dir.sub("stderr");
  std::ofstream(in, std::ios::binary | std::ios::trunc) << input;
  std::vector<std::string> argv{binary};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  // Opened before the fork: the child may only make async-signal-safe calls.
  const int inFd = ::open(in.c_str(), O_RDONLY | O_CLOEXEC);
  const int outFd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int errFd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  REQUIRE((inFd >= 0 && outFd >= 0 && errFd >= 0));
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(inFd, 0);
    ::dup2(outFd, 1);
    ::dup2(errFd, 2);
    ::execv(cargv[0], cargv.data());
    ::_exit(127);
  }
  ::close(inFd);
  ::close(outFd);
  ::close(errFd);
  REQUIRE(pid > 0);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return Run{exitCode(status), readFile(out), readFile(err)};
}

// Property `key` of `n` as an integer, or -1 when missing or not an integer.
inline int64_t intProp(const Node& n, const std::string& key) {
  auto it = n.properties.find(key);
  return it == n.properties.end() || it->second.type() != ValueType::INT ? -1 : it->second.asInt();
}

// All nodes with `label` whose `key` equals `value` (or all with the label when key is "").
inline std::vector<Node> findAll(GraphClient& c, const std::string& label, const std::string& key,
                                 const std::optional<Value>& value, uint64_t limit = 1'000'000) {
  std::vector<Node> out;
  c.findNodes(label, key, value, false, limit, [&](const std::vector<Node>& batch) {
    out.insert(out.end(), batch.begin(), batch.end());
  });
  return out;
}

}  // namespace casegraph::test
