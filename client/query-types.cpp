#include "client/query-types.h"

#include <charconv>
#include <cstdlib>

namespace casegraph {

namespace {

QueryValue::List listOf(const List& values) {
  QueryValue::List out;
  out.reserve(values.size());
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

}  // namespace

QueryValue::QueryValue(Value v) {
  if (v.type() == ValueType::LIST) {
    v_ = listOf(v.asList());
  } else {
    v_ = std::move(v);
  }
}

std::string formatDuration(const QueryDuration& d) {
  constexpr int64_t NANOS = 1'000'000'000;
  // Seconds and nanoseconds with the same sign, so that -1.5 s reads -1.5S, not -1S0.5S.
  int64_t seconds = d.seconds, nanos = d.nanos;
  seconds += nanos / NANOS;
  nanos %= NANOS;
  if (seconds > 0 && nanos < 0) {
    --seconds;
    nanos += NANOS;
  } else if (seconds < 0 && nanos > 0) {
    ++seconds;
    nanos -= NANOS;
  }
  std::string out = "P";
  auto part = [&out](int64_t n, char unit) {
    if (n != 0) out += std::to_string(n) + unit;
  };
  part(d.months / 12, 'Y');
  part(d.months % 12, 'M');
  part(d.days, 'D');
  const int64_t hours = seconds / 3600, minutes = seconds % 3600 / 60, secs = seconds % 60;
  if (hours == 0 && minutes == 0 && secs == 0 && nanos == 0) {
    return out.size() > 1 ? out : "PT0S";
  }
  out += 'T';
  part(hours, 'H');
  part(minutes, 'M');
  if (secs != 0 || nanos != 0) {
    if (secs == 0 && nanos < 0) out += '-';
    out += std::to_string(secs);
    if (nanos != 0) {
      std::string fraction = std::to_string(std::llabs(nanos));
      fraction.insert(0, 9 - fraction.size(), '0');
      fraction.erase(fraction.find_last_not_of('0') + 1);
      out += "." + fraction;
    }
    out += 'S';
  }
  return out;
}

bool QueryStats::any() const {
  return nodesCreated || nodesDeleted || relationshipsCreated || relationshipsDeleted ||
         propertiesSet || labelsAdded || labelsRemoved;
}

std::string describeStats(const QueryStats& s) {
  std::string out;
  auto add = [&out](uint64_t n, const char* one, const char* many, const char* what) {
    if (n == 0) return;
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + (n == 1 ? one : many) + " " + what;
  };
  add(s.nodesCreated, "node", "nodes", "created");
  add(s.nodesDeleted, "node", "nodes", "deleted");
  add(s.relationshipsCreated, "relationship", "relationships", "created");
  add(s.relationshipsDeleted, "relationship", "relationships", "deleted");
  add(s.propertiesSet, "property", "properties", "set");
  add(s.labelsAdded, "label", "labels", "added");
  add(s.labelsRemoved, "label", "labels", "removed");
  return out;
}

std::optional<QueryErrorInfo> parseQueryError(std::string_view message) {
  QueryErrorInfo info;
  std::string_view rest = message;
  auto word = [&rest]() {
    size_t n = 0;
    while (n < rest.size() &&
           ((rest[n] >= 'A' && rest[n] <= 'Z') || (rest[n] >= 'a' && rest[n] <= 'z') ||
            (rest[n] >= '0' && rest[n] <= '9'))) {
      ++n;
    }
    std::string out(rest.substr(0, n));
    rest.remove_prefix(n);
    return out;
  };
  auto number = [&rest](uint32_t& out) {
    const auto r = std::from_chars(rest.data(), rest.data() + rest.size(), out);
    if (r.ec != std::errc() || r.ptr == rest.data()) return false;
    rest.remove_prefix(static_cast<size_t>(r.ptr - rest.data()));
    return true;
  };
  auto skip = [&rest](std::string_view s) {
    if (!rest.starts_with(s)) return false;
    rest.remove_prefix(s.size());
    return true;
  };
  info.kind = word();
  if (info.kind.empty() || info.kind[0] < 'A' || info.kind[0] > 'Z') return std::nullopt;
  if (skip(" (")) {
    info.code = word();
    if (info.code.empty() || !skip(")")) return std::nullopt;
  }
  if (skip(" at line ")) {
    if (!number(info.line) || !skip(", column ") || !number(info.column)) return std::nullopt;
  }
  if (!skip(": ")) return std::nullopt;
  info.message = std::string(rest);
  return info;
}

}  // namespace casegraph
