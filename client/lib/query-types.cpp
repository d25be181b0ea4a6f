#include "client/lib/query-types.h"

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
