// One-line log messages on stderr: "2026-11-28T14:00:00.123Z INFO message". Thread-safe.
#pragma once

#include <string>

namespace casegraph {

enum class LogLevel { DEBUG, INFO, WARNING, ERROR };

// Messages below `level` are dropped. Default INFO.
void setLogLevel(LogLevel level);
bool parseLogLevel(const std::string& name, LogLevel& out);
bool logEnabled(LogLevel level);
void logMessage(LogLevel level, const std::string& message);

}  // namespace casegraph
