#include "graphd/server/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>

#include "schema/model/value.h"

namespace casegraph {

namespace {
std::atomic<int> minLevel{static_cast<int>(LogLevel::INFO)};

const char* levelName(LogLevel l) {
  switch (l) {
    case LogLevel::DEBUG:
      return "DEBUG";
    case LogLevel::INFO:
      return "INFO";
    case LogLevel::WARNING:
      return "WARNING";
    case LogLevel::ERROR:
      return "ERROR";
  }
  return "?";
}
}  // namespace

void setLogLevel(LogLevel level) { minLevel = static_cast<int>(level); }

bool parseLogLevel(const std::string& name, LogLevel& out) {
  if (name == "debug") {
    out = LogLevel::DEBUG;
  } else if (name == "info") {
    out = LogLevel::INFO;
  } else if (name == "warning" || name == "warn") {
    out = LogLevel::WARNING;
  } else if (name == "error") {
    out = LogLevel::ERROR;
  } else {
    return false;
  }
  return true;
}

bool logEnabled(LogLevel level) { return static_cast<int>(level) >= minLevel.load(); }

void logMessage(LogLevel level, const std::string& message) {
  if (!logEnabled(level)) return;
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string when = formatDateTime(DateTime{micros / 1000 * 1000});
  // One fprintf per line: stdio locks the stream, so lines from threads do not interleave.
  std::fprintf(stderr, "%s %s %s\n", when.c_str(), levelName(level), message.c_str());
}

}  // namespace casegraph
