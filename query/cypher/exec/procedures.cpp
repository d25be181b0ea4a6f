#include "query/cypher/exec/procedures.h"

#include "query/link/export.h"
#include "query/link/graph-view.h"
#include "query/link/network.h"
#include "query/link/paths.h"

namespace casegraph::cypher::detail {

namespace {

using Emit = std::function<bool(const std::vector<QValue>&)>;

[[noreturn]] void badArg(const std::string& proc, const std::string& what) {
  runtimeError("ArgumentError", "InvalidArgumentValue", proc + ": " + what);
}

// A node argument: a node, or a node id.
uint64_t nodeArg(const std::string& proc, const QValue& v, const char* name) {
  if (v.type() == QType::NODE) return v.asNode().id;
  if (v.type() == QType::INT && v.asInt() >= 0) return static_cast<uint64_t>(v.asInt());
  badArg(proc, std::string(name) + " must be a node or a node id, got " + qtypeName(v.type()));
}

std::vector<uint64_t> nodeListArg(const std::string& proc, const QValue& v, const char* name) {
  std::vector<uint64_t> out;
  if (v.type() != QType::LIST) {
    out.push_back(nodeArg(proc, v, name));
    return out;
  }
  for (const auto& item : v.asList()) out.push_back(nodeArg(proc, item, name));
  return out;
}

int64_t intArg(const std::string& proc, const QValue& v, const char* name, int64_t lo, int64_t hi) {
  if (v.type() != QType::INT || v.asInt() < lo || v.asInt() > hi) {
    badArg(proc, std::string(name) + " must be an integer from " + std::to_string(lo) + " to " +
                     std::to_string(hi));
  }
  return v.asInt();
}

std::vector<std::string> stringList(const std::string& proc, const QValue& v, const char* name) {
  std::vector<std::string> out;
  if (v.type() == QType::STRING) return {v.asString()};
  if (v.type() != QType::LIST) badArg(proc, std::string(name) + " must be a list of strings");
  for (const auto& item : v.asList()) {
    if (item.type() != QType::STRING)
      badArg(proc, std::string(name) + " must be a list of strings");
    out.push_back(item.asString());
  }
  return out;
}

int64_t timeArg(const std::string& proc, const QValue& v, const char* name) {
  if (v.type() == QType::DATETIME) return v.asDateTime().micros;
  if (v.type() == QType::DATE) return int64_t{v.asDate().days} * 86'400'000'000;
  if (v.type() == QType::STRING) {
    if (auto t = parseDateTime(v.asString())) return t->micros;
  }
  badArg(proc, std::string(name) + " must be a date or datetime");
}

// The options map every link procedure takes last: direction, types, labels, maxDegree,
// maxHops, maxVisited, maxResults, from/to (valid-time window).
struct LinkOptions {
  TraversalFilter filter;
  SearchLimits limits;
  QMap extra;
};

LinkOptions linkOptions(QueryContext& ctx, const std::string& proc, const QValue* v) {
  LinkOptions o;
  o.limits.deadline = std::chrono::duration_cast<std::chrono::microseconds>(
      ctx.deadline() - std::chrono::steady_clock::now());
  o.limits.cancelled = ctx.options.cancelled;
  if (!v || v->isNull()) return o;
  if (v->type() != QType::MAP) badArg(proc, "the options must be a map");
  std::optional<int64_t> from, to;
  for (const auto& [k, val] : v->asMap()) {
    if (k == "direction") {
      const std::string d = val.type() == QType::STRING ? lower(val.asString()) : "";
      if (d == "out" || d == "outgoing") {
        o.filter.direction = Direction::OUT;
      } else if (d == "in" || d == "incoming") {
        o.filter.direction = Direction::IN;
      } else if (d == "both" || d == "any") {
        o.filter.direction = Direction::BOTH;
      } else {
        badArg(proc, "direction must be 'out', 'in' or 'both'");
      }
    } else if (k == "types") {
      o.filter.types = stringList(proc, val, "types");
    } else if (k == "labels") {
      o.filter.labels = stringList(proc, val, "labels");
    } else if (k == "maxDegree") {
      o.filter.maxDegree = static_cast<uint64_t>(intArg(proc, val, "maxDegree", 0, INT64_MAX));
    } else if (k == "maxHops") {
      o.limits.maxHops = static_cast<uint32_t>(intArg(proc, val, "maxHops", 1, 1000));
    } else if (k == "maxVisited") {
      o.limits.maxVisited = static_cast<uint64_t>(intArg(proc, val, "maxVisited", 1, INT64_MAX));
    } else if (k == "maxResults") {
      o.limits.maxResults = static_cast<uint64_t>(intArg(proc, val, "maxResults", 1, INT64_MAX));
    } else if (k == "from") {
      from = timeArg(proc, val, "from");
    } else if (k == "to") {
      to = timeArg(proc, val, "to");
    } else {
      o.extra[k] = val;
    }
  }
  if (from || to) o.filter.window = std::make_pair(from.value_or(TIME_MIN), to.value_or(TIME_MAX));
  return o;
}

QValue pathValue(const Path& p) {
  PathRef out;
  out.nodes = p.nodes;
  out.rels = p.edges;
  return out;
}

template <typename Fn>
auto guarded(const std::string& proc, Fn&& fn) {
  try {
    return fn();
  } catch (const SearchAborted& e) {
    runtimeError("TransientError", "DeadlineExceeded",
                 proc + " stopped: " + std::string(cutName(e.why())));
  }
}

void emitPaths(const PathResult& r, const Emit& emit) {
  for (const auto& p : r.paths) {
    if (!emit({pathValue(p), static_cast<int64_t>(p.edges.size()), p.cost})) return;
  }
}

std::vector<Procedure> makeProcedures() {
  std::vector<Procedure> out;
  auto pathProc = [&](std::string name, auto search) {
    Procedure p;
    p.name = name;
    p.argNames = {"from", "to", "options"};
    p.minArgs = 2;
    p.maxArgs = 3;
    p.outputs = {"path", "length", "cost"};
    p.run = [name, search](QueryContext& ctx, const std::vector<QValue>& a, const Emit& emit) {
      const uint64_t from = nodeArg(name, a.at(0), "from");
      const uint64_t to = nodeArg(name, a.at(1), "to");
      LinkOptions o = linkOptions(ctx, name, a.size() > 2 ? &a[2] : nullptr);
      GraphView view(ctx.reader, o.filter, o.limits);
      emitPaths(guarded(name, [&] { return search(view, from, to, o); }), emit);
    };
    out.push_back(std::move(p));
  };
  pathProc("link.shortestPath", [](const GraphView& v, uint64_t a, uint64_t b, LinkOptions&) {
    return shortestPath(v, a, b);
  });
  pathProc("link.allShortestPaths", [](const GraphView& v, uint64_t a, uint64_t b, LinkOptions&) {
    return allShortestPaths(v, a, b);
  });
  pathProc("link.kShortestPaths", [](const GraphView& v, uint64_t a, uint64_t b, LinkOptions& o) {
    auto it = o.extra.find("k");
    const int64_t k =
        it == o.extra.end() ? 3 : intArg("link.kShortestPaths", it->second, "k", 1, 1000);
    return kShortestPaths(v, a, b, static_cast<size_t>(k));
  });
  pathProc("link.weightedPath", [](const GraphView& v, uint64_t a, uint64_t b, LinkOptions& o) {
    CostModel costs;
    if (auto it = o.extra.find("costProperty"); it != o.extra.end()) {
      if (it->second.type() != QType::STRING)
        badArg("link.weightedPath", "costProperty must be a string");
      costs.property = it->second.asString();
    }
    if (auto it = o.extra.find("typeCosts"); it != o.extra.end()) {
      if (it->second.type() != QType::MAP) badArg("link.weightedPath", "typeCosts must be a map");
      for (const auto& [t, c] : it->second.asMap()) {
        if (!c.isNumber() || c.asNumber() < 0) badArg("link.weightedPath", "costs must be >= 0");
        costs.typeCosts[t] = c.asNumber();
      }
    }
    return weightedShortestPath(v, a, b, costs);
  });
  pathProc("link.timeRespectingPath",
           [](const GraphView& v, uint64_t a, uint64_t b, LinkOptions& o) {
             TimeOrder order;
             if (auto it = o.extra.find("backward"); it != o.extra.end()) {
               order.forward = !(it->second.type() == QType::BOOL && it->second.asBool());
             }
             if (auto it = o.extra.find("maxGapSeconds"); it != o.extra.end()) {
               order.maxGapMicros = intArg("link.timeRespectingPath", it->second, "maxGapSeconds",
                                           0, INT64_MAX / 1'000'000) *
                                    1'000'000;
             }
             return timeRespectingPath(v, a, b, order);
           });

  out.push_back({"link.reach",
                 {"seed", "hops", "options"},
                 2,
                 3,
                 {"count", "truncated"},
                 [](QueryContext& ctx, const std::vector<QValue>& a, const Emit& emit) {
                   const std::string name = "link.reach";
                   const uint64_t seed = nodeArg(name, a.at(0), "seed");
                   const auto hops = static_cast<uint32_t>(intArg(name, a.at(1), "hops", 1, 100));
                   LinkOptions o = linkOptions(ctx, name, a.size() > 2 ? &a[2] : nullptr);
                   o.limits.maxHops = hops;
                   GraphView view(ctx.reader, o.filter, o.limits);
                   auto r = guarded(name, [&] { return reach(view, seed, hops); });
                   emit({static_cast<int64_t>(r.count), r.cut != Cut::NONE});
                 }});
  auto subgraphProc = [&](std::string name, std::vector<std::string> args, size_t minArgs,
                          auto run) {
    Procedure p;
    p.name = name;
    p.argNames = args;
    p.minArgs = minArgs;
    p.maxArgs = args.size();
    p.outputs = {"node", "depth", "role", "score"};
    p.run = [name, run](QueryContext& ctx, const std::vector<QValue>& a, const Emit& emit) {
      Subgraph g = guarded(name, [&] { return run(ctx, a, name); });
      for (uint64_t n : g.nodes) {
        auto d = g.depth.find(n);
        auto r = g.role.find(n);
        auto s = g.score.find(n);
        if (!emit({NodeRef{n}, d == g.depth.end() ? QValue() : QValue(int64_t{d->second}),
                   r == g.role.end() ? QValue() : QValue(r->second),
                   s == g.score.end() ? QValue() : QValue(static_cast<int64_t>(s->second))})) {
          return;
        }
      }
    };
    out.push_back(std::move(p));
  };
  subgraphProc("link.expand", {"seeds", "hops", "options"}, 2,
               [](QueryContext& ctx, const std::vector<QValue>& a, const std::string& name) {
                 auto seeds = nodeListArg(name, a.at(0), "seeds");
                 const auto hops = static_cast<uint32_t>(intArg(name, a.at(1), "hops", 0, 100));
                 LinkOptions o = linkOptions(ctx, name, a.size() > 2 ? &a[2] : nullptr);
                 GraphView view(ctx.reader, o.filter, o.limits);
                 return expand(view, seeds, hops);
               });
  subgraphProc("link.connectors", {"entities", "hops", "options"}, 2,
               [](QueryContext& ctx, const std::vector<QValue>& a, const std::string& name) {
                 auto entities = nodeListArg(name, a.at(0), "entities");
                 const auto hops = static_cast<uint32_t>(intArg(name, a.at(1), "hops", 1, 100));
                 LinkOptions o = linkOptions(ctx, name, a.size() > 2 ? &a[2] : nullptr);
                 GraphView view(ctx.reader, o.filter, o.limits);
                 return connectors(view, entities, hops);
               });
  subgraphProc("link.commonNeighbours", {"entities", "options"}, 1,
               [](QueryContext& ctx, const std::vector<QValue>& a, const std::string& name) {
                 auto entities = nodeListArg(name, a.at(0), "entities");
                 LinkOptions o = linkOptions(ctx, name, a.size() > 1 ? &a[1] : nullptr);
                 GraphView view(ctx.reader, o.filter, o.limits);
                 Subgraph g = commonNeighbours(view, entities);
                 // The entities themselves are in the subgraph; only the neighbours are yielded.
                 std::vector<uint64_t> keep;
                 for (uint64_t n : g.nodes) {
                   if (std::find(entities.begin(), entities.end(), n) == entities.end()) {
                     keep.push_back(n);
                   }
                 }
                 g.nodes = keep;
                 return g;
               });
  out.push_back({"link.whoLinks",
                 {"a", "b", "options"},
                 2,
                 3,
                 {"node", "paths", "distance", "totalPaths"},
                 [](QueryContext& ctx, const std::vector<QValue>& a, const Emit& emit) {
                   const std::string name = "link.whoLinks";
                   const uint64_t x = nodeArg(name, a.at(0), "a");
                   const uint64_t y = nodeArg(name, a.at(1), "b");
                   LinkOptions o = linkOptions(ctx, name, a.size() > 2 ? &a[2] : nullptr);
                   GraphView view(ctx.reader, o.filter, o.limits);
                   auto r = guarded(name, [&] { return whoLinks(view, x, y); });
                   for (const auto& i : r.ranked) {
                     if (!emit({NodeRef{i.node}, static_cast<int64_t>(i.paths), int64_t{r.distance},
                                static_cast<int64_t>(r.totalPaths)})) {
                       return;
                     }
                   }
                 }});
  out.push_back({"link.analyse",
                 {"nodes", "options"},
                 1,
                 2,
                 {"node", "component", "community", "degree", "betweenness", "pagerank"},
                 [](QueryContext& ctx, const std::vector<QValue>& a, const Emit& emit) {
                   const std::string name = "link.analyse";
                   auto nodes = nodeListArg(name, a.at(0), "nodes");
                   if (nodes.empty()) badArg(name, "needs the nodes of a network");
                   if (nodes.size() > 200'000) badArg(name, "takes at most 200000 nodes");
                   LinkOptions o = linkOptions(ctx, name, a.size() > 1 ? &a[1] : nullptr);
                   GraphView view(ctx.reader, o.filter, o.limits);
                   const NetworkAnalysis r = analyseNetwork(view, nodes);
                   for (const auto& [id, s] : r.nodes) {
                     if (!emit({NodeRef{id}, static_cast<int64_t>(s.component),
                                static_cast<int64_t>(s.community), static_cast<int64_t>(s.degree),
                                s.betweenness, s.pagerank})) {
                       return;
                     }
                   }
                 }});
  out.push_back({"link.export",
                 {"nodes", "relationships", "format"},
                 2,
                 3,
                 {"text"},
                 [](QueryContext& ctx, const std::vector<QValue>& a, const Emit& emit) {
                   const std::string name = "link.export";
                   auto nodes = nodeListArg(name, a.at(0), "nodes");
                   std::vector<uint64_t> rels;
                   if (a.at(1).type() == QType::LIST) {
                     for (const auto& r : a[1].asList()) {
                       if (r.type() == QType::RELATIONSHIP) {
                         rels.push_back(r.asRel().id);
                       } else if (r.type() == QType::INT && r.asInt() >= 0) {
                         rels.push_back(static_cast<uint64_t>(r.asInt()));
                       } else {
                         badArg(name, "relationships must be relationships or ids");
                       }
                     }
                   } else if (!a[1].isNull()) {
                     badArg(name, "relationships must be a list");
                   }
                   ExportFormat format = ExportFormat::GRAPHML;
                   if (a.size() > 2 && !a[2].isNull()) {
                     if (a[2].type() != QType::STRING ||
                         !parseExportFormat(a[2].asString(), format)) {
                       badArg(name, "format must be 'graphml', 'dot' or 'json'");
                     }
                   }
                   GraphView view(ctx.reader, TraversalFilter{}, SearchLimits{});
                   emit({exportSubgraph(view, nodes, rels, format)});
                 }});
  out.push_back({"db.labels",
                 {},
                 0,
                 0,
                 {"label", "count"},
                 [](QueryContext& ctx, const std::vector<QValue>&, const Emit& emit) {
                   for (const auto& [l, n] : ctx.reader.counts().labels) {
                     if (n > 0 && !emit({l, static_cast<int64_t>(n)})) return;
                   }
                 }});
  out.push_back({"db.relationshipTypes",
                 {},
                 0,
                 0,
                 {"relationshipType", "count"},
                 [](QueryContext& ctx, const std::vector<QValue>&, const Emit& emit) {
                   for (const auto& [t, n] : ctx.reader.counts().types) {
                     if (n > 0 && !emit({t, static_cast<int64_t>(n)})) return;
                   }
                 }});
  out.push_back({"db.procedures",
                 {},
                 0,
                 0,
                 {"name", "arguments", "yields"},
                 [](QueryContext&, const std::vector<QValue>&, const Emit& emit) {
                   for (const auto& p : procedures()) {
                     QList args, yields;
                     for (const auto& x : p.argNames) args.emplace_back(x);
                     for (const auto& x : p.outputs) yields.emplace_back(x);
                     if (!emit({p.name, args, yields})) return;
                   }
                 }});
  return out;
}

}  // namespace

const std::vector<Procedure>& procedures() {
  static const std::vector<Procedure> all = makeProcedures();
  return all;
}

bool fitsType(const QValue& v, std::string_view type) {
  const bool nullable = type.ends_with('?');
  if (nullable) type.remove_suffix(1);
  if (v.isNull()) return nullable;
  const std::string t = lower(type);
  if (t == "any") return true;
  if (t == "integer") return v.type() == QType::INT;
  if (t == "float") return v.isNumber();  // an integer is taken as a float
  if (t == "number") return v.isNumber();
  if (t == "string") return v.type() == QType::STRING;
  if (t == "boolean") return v.type() == QType::BOOL;
  return true;  // a type this engine does not check
}

namespace {

// A table cell against an argument: null matches null, numbers compare by value.
bool cellMatches(const QValue& cell, const QValue& arg) {
  if (cell.isNull() || arg.isNull()) return cell.isNull() && arg.isNull();
  if (cell.isNumber() && arg.isNumber()) {
    if (cell.type() == QType::INT && arg.type() == QType::INT) return cell.asInt() == arg.asInt();
    return cell.asNumber() == arg.asNumber();
  }
  return cell == arg;
}

}  // namespace

std::optional<Procedure> findTableProcedure(const QueryOptions& options, std::string_view name,
                                            const TableProcedure** table) {
  if (!options.tableProcedures) return std::nullopt;
  const std::string want = lower(name);
  for (const auto& t : *options.tableProcedures) {
    if (lower(t.name) != want) continue;
    *table = &t;
    Procedure p;
    p.name = t.name;
    for (const auto& f : t.inputs) p.argNames.push_back(f.name);
    p.minArgs = p.maxArgs = t.inputs.size();
    for (const auto& f : t.outputs) p.outputs.push_back(f.name);
    p.run = [&t](QueryContext& ctx, const std::vector<QValue>& args,
                 const std::function<bool(const std::vector<QValue>&)>& emit) {
      for (size_t i = 0; i < args.size() && i < t.inputs.size(); ++i) {
        if (!fitsType(args[i], t.inputs[i].type)) {
          runtimeError("TypeError", "InvalidArgumentType",
                       t.name + ": argument " + t.inputs[i].name + " must be " + t.inputs[i].type);
        }
      }
      const size_t n = t.inputs.size();
      std::vector<QValue> out;
      for (const auto& row : t.rows) {
        ctx.checkpoint();
        bool match = row.size() == n + t.outputs.size();
        for (size_t i = 0; match && i < n; ++i) match = cellMatches(row[i], args[i]);
        if (!match) continue;
        out.assign(row.begin() + static_cast<std::ptrdiff_t>(n), row.end());
        if (!emit(out)) return;
      }
    };
    return p;
  }
  return std::nullopt;
}

const Procedure* findProcedure(std::string_view name) {
  const std::string want = lower(name);
  for (const auto& p : procedures()) {
    if (lower(p.name) == want) return &p;
  }
  return nullptr;
}

}  // namespace casegraph::cypher::detail
