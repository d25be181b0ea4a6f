#include "client/graphctl/graphviz.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "client/graphctl/command-line.h"

extern char** environ;

namespace casegraph {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool isExecutableFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Ignores SIGPIPE while it lives, so that a `dot` that exits early makes write() fail with
// EPIPE instead of ending graphctl.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGPIPE, &ignore, &saved_);
  }
  ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &saved_, nullptr); }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

 private:
  struct sigaction saved_ {};
};

// Writes all of `text` to `fd`; false on an error (errno says which).
bool writeAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

std::optional<ImageType> imageTypeOf(std::string_view fileName) {
  const std::string name = lower(fileName);
  if (name.size() > 4 && name.ends_with(".svg")) return ImageType::SVG;
  if (name.size() > 4 && name.ends_with(".png")) return ImageType::PNG;
  return std::nullopt;
}

std::optional<std::string> findOnPath(std::string_view program, std::string_view searchPath) {
  if (program.find('/') != std::string_view::npos) {
    const std::string p(program);
    return isExecutableFile(p) ? std::optional(p) : std::nullopt;
  }
  size_t start = 0;
  while (start <= searchPath.size()) {
    size_t end = searchPath.find(':', start);
    if (end == std::string_view::npos) end = searchPath.size();
    std::string dir(searchPath.substr(start, end - start));
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/" + std::string(program);
    if (isExecutableFile(candidate)) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

void renderDot(const std::string& dotProgram, std::string_view dotText, ImageType type,
               const std::string& file) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw CommandError(std::string("cannot start Graphviz dot: pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  std::string typeArg = type == ImageType::SVG ? "-Tsvg" : "-Tpng";
  std::string outArg = "-o" + file;
  std::string program = dotProgram;
  // A force-directed layout: link charts are networks, not hierarchies (dot's own layout
  // draws a person's contacts as one very wide row).
  std::string layoutArg = "-Ksfdp";
  char* argv[] = {program.data(), layoutArg.data(), typeArg.data(), outArg.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, dotProgram.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[0]);
  if (spawned != 0) {
    ::close(fds[1]);
    throw CommandError("cannot run " + dotProgram + ": " + std::strerror(spawned));
  }
  bool written = false;
  int writeError = 0;
  {
    IgnoreSigpipe guard;
    written = writeAll(fds[1], dotText);
    writeError = errno;
  }
  ::close(fds[1]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    throw CommandError("Graphviz dot was killed by signal " + std::to_string(WTERMSIG(status)));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw CommandError("Graphviz dot failed (exit status " + std::to_string(WEXITSTATUS(status)) +
                       ") writing " + file);
  }
  if (!written) {
    throw CommandError(std::string("cannot send the chart to Graphviz dot: ") +
                       std::strerror(writeError));
  }
}

}  // namespace casegraph
