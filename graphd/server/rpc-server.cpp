#include "graphd/server/rpc-server.h"

#include <capnp/message.h>
#include <sys/stat.h>

#include <chrono>
#include <optional>
#include <unordered_map>

#include "graphd/server/link-calls.h"
#include "graphd/server/log.h"
#include "schema/codec/graph-codec.h"
#include "graphd/server/rpc-errors.h"
#include "graphd/server/rpc-query.h"
#include "graphd/server/write-batch.h"
#include "query/link/export.h"
#include "query/link/network.h"
#include "query/link/paths.h"

namespace casegraph {

namespace {

constexpr auto READ_DEADLINE = std::chrono::seconds(60);

// Sizes in words, roughly, of what toRpc(Node) and toRpc(Edge) write: replies are allocated with a
// first segment that fits them (without a hint Cap'n Proto starts every message with an 8 KiB
// segment, and the allocator's slow path for it costs more than the request's read).
size_t textWords(size_t bytes) { return bytes / 8 + 1; }

size_t valueWords(const Value& v) {
  switch (v.type()) {
    case ValueType::STRING:
      return 3 + textWords(v.asString().size());
    case ValueType::BYTES:
      return 3 + textWords(v.asBytes().data.size());
    case ValueType::LIST: {
      size_t w = 4;
      for (const auto& e : v.asList()) w += valueWords(e);
      return w;
    }
    default:
      return 4;
  }
}

size_t propsWords(const PropertyMap& props) {
  size_t w = 1;
  for (const auto& [k, v] : props) w += 2 + textWords(k.size()) + valueWords(v);
  return w;
}

size_t provenanceWords(const Provenance& p) {
  return 4 + textWords(p.agency.size()) + textWords(p.recordId.size());
}

}  // namespace

size_t nodeWords(const Node& n) {
  size_t w = 8 + propsWords(n.properties) + provenanceWords(n.provenance);
  for (const auto& l : n.labels) w += 1 + textWords(l.size());
  return w;
}

size_t edgeWords(const Edge& e) {
  return 12 + textWords(e.type.size()) + propsWords(e.properties) + provenanceWords(e.provenance);
}

namespace {

// A streamed result: the ids are gathered on a worker, then the records are loaded a batch at
// a time from the same snapshot and sent with flow control, so that a large result costs the
// server its ids and one batch, and a slow client holds back the loading. The snapshot is used
// by one worker at a time (the store's read transactions may move between threads).
struct Rows {
  std::shared_ptr<Snapshot> snap;
  std::vector<uint64_t> nodes;
  std::vector<uint64_t> edges;  // empty, or parallel to nodes
  bool truncated = false;
  std::string note;
};

struct RowBatch {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

constexpr size_t SUMMARY_WORDS = 8;

void fillSummary(rpc::ResultSummary::Builder out, const Rows& rows) {
  out.setCount(rows.nodes.size());
  out.setTruncated(rows.truncated);
  out.setNote(rows.note);
}

// Loads rows [pos, pos + n) from the rows' snapshot.
RowBatch loadBatch(const Rows& rows, size_t pos, size_t n) {
  RowBatch b;
  for (size_t i = pos; i < pos + n; ++i) {
    if (auto node = rows.snap->node(rows.nodes[i])) b.nodes.push_back(std::move(*node));
    if (rows.edges.empty()) continue;
    if (auto edge = rows.snap->edge(rows.edges[i])) b.edges.push_back(std::move(*edge));
  }
  return b;
}

size_t batchWords(const RowBatch& b) {
  size_t words = 8;
  for (const auto& node : b.nodes) words += nodeWords(node);
  for (const auto& edge : b.edges) words += edgeWords(edge);
  return words;
}

void fillBatch(rpc::ResultBatch::Builder out, const RowBatch& b) {
  auto nodes = out.initNodes(static_cast<unsigned>(b.nodes.size()));
  for (unsigned i = 0; i < b.nodes.size(); ++i) toRpc(b.nodes[i], nodes[i]);
  if (!b.edges.empty()) {
    auto edges = out.initEdges(static_cast<unsigned>(b.edges.size()));
    for (unsigned i = 0; i < b.edges.size(); ++i) toRpc(b.edges[i], edges[i]);
  }
}

kj::Promise<void> streamRows(WorkerPool& pool, rpc::ResultSink::Client sink,
                             std::shared_ptr<Rows> rows, size_t pos, size_t batch) {
  if (pos >= rows->nodes.size()) {
    rows->snap.reset();  // end the read transaction before waiting on the client
    auto req = sink.doneRequest(capnp::MessageSize{SUMMARY_WORDS + rows->note.size() / 8, 0});
    fillSummary(req.initSummary(), *rows);
    return req.send().ignoreResult();
  }
  const size_t n = std::min(batch, rows->nodes.size() - pos);
  return offload<RowBatch>(pool,
                           [rows, pos, n](const std::atomic<bool>&) {
                             return translateErrors([&] { return loadBatch(*rows, pos, n); });
                           })
      .then([&pool, sink = kj::mv(sink), rows = kj::mv(rows), pos, n, batch](RowBatch&& b) mutable {
        auto req = sink.writeRequest(capnp::MessageSize{batchWords(b), 1});
        fillBatch(req.initBatch(), b);
        return req.send().then(
            [&pool, sink = kj::mv(sink), rows = kj::mv(rows), pos, n, batch]() mutable {
              return streamRows(pool, kj::mv(sink), kj::mv(rows), pos + n, batch);
            });
      });
}

// Thrown out of a short first attempt on the RPC thread that ran out of its budget.
struct InlineOverrun {};

class Deadline {
 public:
  explicit Deadline(const std::atomic<bool>& cancelled)
      : cancelled_(cancelled), end_(std::chrono::steady_clock::now() + READ_DEADLINE) {}
  // A first attempt's: throws InlineOverrun once `budget` has passed.
  Deadline(const std::atomic<bool>& cancelled, std::chrono::microseconds budget)
      : cancelled_(cancelled), end_(std::chrono::steady_clock::now() + budget), inline_(true) {}
  // Throws when the client went away or the deadline passed. Cheap enough for inner loops.
  void check() {
    if ((++calls_ & 0xff) != 0) return;
    if (cancelled_.load(std::memory_order_relaxed)) rpcFail("cancelled", "the client cancelled");
    if (std::chrono::steady_clock::now() > end_) {
      if (inline_) throw InlineOverrun{};
      rpcFail("limit_exceeded", "the request ran past its deadline");
    }
  }

 private:
  const std::atomic<bool>& cancelled_;
  std::chrono::steady_clock::time_point end_;
  bool inline_ = false;
  uint64_t calls_ = 0;
};

// --- link analysis ---------------------------------------------------------------------------

class SessionImpl final : public rpc::Session::Server {
 public:
  SessionImpl(ServerContext& ctx, std::string user) : ctx_(ctx), user_(std::move(user)) {}

  kj::Promise<void> getNodes(GetNodesContext context) override {
    logRequest("getNodes");
    return byIds<Node>(
        context.getParams().getIds(), [](const Reader& r, uint64_t id) { return r.node(id); },
        [context](Found<Node>&& f) mutable {
          size_t words = 4 + f.second.size();
          for (const auto& n : f.first) words += nodeWords(n);
          auto res = context.getResults(capnp::MessageSize{words, 0});
          auto nodes = res.initNodes(static_cast<unsigned>(f.first.size()));
          for (unsigned i = 0; i < f.first.size(); ++i) toRpc(f.first[i], nodes[i]);
          fillMissing(res.initMissing(static_cast<unsigned>(f.second.size())), f.second);
        },
        context);
  }

  kj::Promise<void> getEdges(GetEdgesContext context) override {
    logRequest("getEdges");
    return byIds<Edge>(
        context.getParams().getIds(), [](const Reader& r, uint64_t id) { return r.edge(id); },
        [context](Found<Edge>&& f) mutable {
          size_t words = 4 + f.second.size();
          for (const auto& e : f.first) words += edgeWords(e);
          auto res = context.getResults(capnp::MessageSize{words, 0});
          auto edges = res.initEdges(static_cast<unsigned>(f.first.size()));
          for (unsigned i = 0; i < f.first.size(); ++i) toRpc(f.first[i], edges[i]);
          fillMissing(res.initMissing(static_cast<unsigned>(f.second.size())), f.second);
        },
        context);
  }

  kj::Promise<void> findNodes(FindNodesContext context) override {
    logRequest("findNodes");
    auto p = context.getParams();
    std::string label = toString(p.getLabel()), key = toString(p.getKey());
    Value value = fromCapnp(p.getValue());
    const bool prefix = p.getPrefix();
    const uint64_t limit = effectiveLimit(p.getLimit());
    auto sink = p.getSink();
    if (label.empty()) rpcFail("invalid_argument", "findNodes needs a label");
    if (prefix && value.type() != ValueType::STRING) {
      rpcFail("invalid_argument", "a prefix search needs a string value");
    }
    return serveRows(
        context, ctx_.inlineGates.findNodes,
        [label, key, value, prefix, limit](const Snapshot& snap, Rows& rows, Deadline& deadline) {
          auto take = [&](uint64_t id) {
            deadline.check();
            if (rows.nodes.size() >= limit) {
              rows.truncated = true;
              rows.note = "result limit " + std::to_string(limit) + " reached";
              return false;
            }
            rows.nodes.push_back(id);
            return true;
          };
          if (key.empty()) {
            snap.scanLabel(label, take);
          } else if (prefix) {
            snap.findPrefix(label, key, value.asString(), take);
          } else {
            snap.findEqualByValue(label, key, value, take);  // 0 finds 0.0, as Cypher's {k: 0}
          }
        });
  }

  kj::Promise<void> neighbors(NeighborsContext context) override {
    logRequest("neighbors");
    auto p = context.getParams();
    const uint64_t id = p.getId();
    const Direction dir = p.getDirection() == rpc::Direction::OUT  ? Direction::OUT
                          : p.getDirection() == rpc::Direction::IN ? Direction::IN
                                                                   : Direction::BOTH;
    auto types = fromRpc(p.getTypes());
    auto labels = fromRpc(p.getLabels());
    const uint64_t limit = effectiveLimit(p.getLimit());
    return serveRows(
        context, ctx_.inlineGates.neighbors,
        [id, dir, types, labels, limit](const Snapshot& snap, Rows& rows, Deadline& deadline) {
          if (!snap.nodeExists(id)) {
            rpcFail("not_found", "node " + std::to_string(id) + " does not exist");
          }
          std::vector<uint32_t> labelIds;  // an unknown label matches nothing
          for (const auto& l : labels) labelIds.push_back(snap.tokenId(l).value_or(0));
          auto take = [&](const AdjEntry& a) {
            deadline.check();
            if (rows.nodes.size() >= limit) {
              rows.truncated = true;
              rows.note = "result limit " + std::to_string(limit) + " reached";
              return false;
            }
            if (!labelIds.empty()) {
              const auto has = snap.nodeLabelIds(a.neighbour);
              if (std::none_of(has.begin(), has.end(), [&](uint32_t l) {
                    return l != 0 &&
                           std::find(labelIds.begin(), labelIds.end(), l) != labelIds.end();
                  })) {
                return true;
              }
            }
            rows.nodes.push_back(a.neighbour);
            rows.edges.push_back(a.edge);
            return true;
          };
          if (types.empty()) {
            snap.forEachNeighbor(id, dir, std::nullopt, take);
          } else {
            for (const auto& t : types) {
              auto typeId = snap.tokenId(t);
              if (typeId && !snap.forEachNeighbor(id, dir, typeId, take)) break;
            }
          }
        });
  }

  kj::Promise<void> write(WriteContext context) override {
    logRequest("write");
    // Not cancellable: a batch the client has sent is applied whole or not at all whatever the
    // client does next. The writer thread reads a copy of the ops: a lost connection frees the
    // request (and this session) while the batch may still be queued.
    auto params = std::make_shared<capnp::MallocMessageBuilder>();
    params->setRoot(context.getParams());
    return offload<WriteOutcome>(
               ctx_.writePool,
               [&store = ctx_.store, params](const std::atomic<bool>&) {
                 return translateErrors([&] {
                   const auto ops =
                       params->getRoot<rpc::Session::WriteParams>().asReader().getOps();
                   return store.write([&](WriteTxn& w) { return applyWriteBatch(w, ops); });
                 });
               })
        .then([context](WriteOutcome&& out) mutable {
          auto r = context.getResults().initResult();
          auto ids = r.initIds(static_cast<unsigned>(out.ids.size()));
          auto created = r.initCreated(static_cast<unsigned>(out.created.size()));
          for (unsigned i = 0; i < out.ids.size(); ++i) {
            ids.set(i, out.ids[i]);
            created.set(i, out.created[i]);
          }
        });
  }

  kj::Promise<void> paths(PathsContext context) override {
    logRequest("paths");
    auto p = context.getParams();
    auto req = p.getRequest();
    const TraversalFilter filter = readFilter(p.getFilter());
    const SearchLimits limits = readLimits(p.getLimits());
    const rpc::PathKind kind = req.getKind();
    const uint64_t from = req.getFrom(), to = req.getTo();
    const uint32_t k = req.getK();
    if (kind == rpc::PathKind::K_SHORTEST && (k == 0 || k > limits.maxResults)) {
      rpcFail("invalid_argument", "k must be between 1 and the result limit (" +
                                      std::to_string(limits.maxResults) + ")");
    }
    CostModel costs;
    costs.property = toString(req.getCostProperty());
    for (auto tc : req.getTypeCosts()) costs.typeCosts[toString(tc.getType())] = tc.getCost();
    costs.defaultCost = req.getDefaultCost();
    const TimeOrder order{!req.getTimeBackward(), req.getMaxGapMicros()};
    return runLink(
        context, &ctx_.inlineGates.paths,
        [=](const Reader& r, const GraphView& view, LinkOutcome& out) {
          requireNode(r, from);
          requireNode(r, to);
          PathResult pr;
          switch (kind) {
            case rpc::PathKind::SHORTEST:
              pr = shortestPath(view, from, to);
              break;
            case rpc::PathKind::ALL_SHORTEST:
              pr = allShortestPaths(view, from, to);
              break;
            case rpc::PathKind::K_SHORTEST:
              pr = kShortestPaths(view, from, to, k);
              break;
            case rpc::PathKind::WEIGHTED:
              try {
                pr = weightedShortestPath(view, from, to, costs);
              } catch (const std::invalid_argument& e) {
                rpcFail("invalid_argument", e.what());
              }
              break;
            case rpc::PathKind::TIME_RESPECTING:
              pr = timeRespectingPath(view, from, to, order);
              break;
          }
          loadPaths(r, pr, out);
        },
        filter, limits);
  }

  kj::Promise<void> expand(ExpandContext context) override {
    logRequest("expand");
    auto p = context.getParams();
    const auto seeds = fromRpc(p.getSeeds());
    const uint32_t hops = p.getHops() == 0 ? 1 : p.getHops();
    const SearchLimits limits = readLimits(p.getLimits());
    if (hops > LinkDefaults::MAX_HOPS) rpcFail("limit_exceeded", "hops above the server maximum");
    return runLink(
        context, &ctx_.inlineGates.expand,
        [=](const Reader& r, const GraphView& view, LinkOutcome& out) {
          for (const uint64_t s : seeds) requireNode(r, s);
          loadSubgraph(r, casegraph::expand(view, seeds, hops), out);
        },
        readFilter(p.getFilter()), limits);
  }

  kj::Promise<void> connectors(ConnectorsContext context) override {
    logRequest("connectors");
    auto p = context.getParams();
    const auto entities = fromRpc(p.getEntities());
    const uint32_t hops = p.getHops() == 0 ? 3 : p.getHops();
    if (entities.size() < 2) rpcFail("invalid_argument", "connectors needs at least two entities");
    if (hops > LinkDefaults::MAX_HOPS) rpcFail("limit_exceeded", "hops above the server maximum");
    return runLink(
        context, &ctx_.inlineGates.connectors,
        [=](const Reader& r, const GraphView& view, LinkOutcome& out) {
          for (const uint64_t e : entities) requireNode(r, e);
          loadSubgraph(r, casegraph::connectors(view, entities, hops), out);
        },
        readFilter(p.getFilter()), readLimits(p.getLimits()));
  }

  kj::Promise<void> commonNeighbours(CommonNeighboursContext context) override {
    logRequest("commonNeighbours");
    auto p = context.getParams();
    const auto entities = fromRpc(p.getEntities());
    if (entities.size() < 2) {
      rpcFail("invalid_argument", "common neighbours needs at least two entities");
    }
    return runLink(
        context, &ctx_.inlineGates.commonNeighbours,
        [=](const Reader& r, const GraphView& view, LinkOutcome& out) {
          for (const uint64_t e : entities) requireNode(r, e);
          loadSubgraph(r, casegraph::commonNeighbours(view, entities), out);
        },
        readFilter(p.getFilter()), readLimits(p.getLimits()));
  }

  kj::Promise<void> whoLinks(WhoLinksContext context) override {
    logRequest("whoLinks");
    auto p = context.getParams();
    const uint64_t a = p.getA(), b = p.getB();
    return runLink(
        context, &ctx_.inlineGates.whoLinks,
        [=](const Reader& r, const GraphView& view, LinkOutcome& out) {
          requireNode(r, a);
          requireNode(r, b);
          const WhoLinksResult w = casegraph::whoLinks(view, a, b);
          for (const auto& i : w.ranked) {
            if (auto n = r.node(i.node)) out.nodes.push_back(std::move(*n));
            out.score[i.node] = static_cast<double>(i.paths);
          }
          out.distance = w.distance;
          out.totalPaths = w.totalPaths;
          out.cut = w.cut;
        },
        readFilter(p.getFilter()), readLimits(p.getLimits()));
  }

  kj::Promise<void> analyse(AnalyseContext context) override {
    logRequest("analyse");
    auto p = context.getParams();
    const auto nodes = fromRpc(p.getNodes());
    const auto rels = fromRpc(p.getRelationships());
    if (nodes.empty()) rpcFail("invalid_argument", "analyse needs the nodes of a network");
    SearchLimits limits;
    if (nodes.size() > 200'000) {
      rpcFail("limit_exceeded", "analyse takes at most 200000 nodes");
    }
    // The network measures do not poll a deadline: never on the RPC thread.
    return runLink(
        context, nullptr,
        [=](const Reader&, const GraphView& view, LinkOutcome& out) {
          const NetworkAnalysis a = analyseNetwork(view, nodes, rels.empty() ? nullptr : &rels);
          for (const auto& [n, sc] : a.nodes) out.scores.emplace_back(n, sc);
        },
        readFilter(p.getFilter()), limits);
  }

  kj::Promise<void> exportGraph(ExportGraphContext context) override {
    logRequest("exportGraph");
    auto p = context.getParams();
    const auto nodes = fromRpc(p.getNodes());
    const auto rels = fromRpc(p.getRelationships());
    const ExportFormat format = p.getFormat() == rpc::ExportFormat::GRAPHML ? ExportFormat::GRAPHML
                                : p.getFormat() == rpc::ExportFormat::DOT   ? ExportFormat::DOT
                                                                            : ExportFormat::JSON;
    const TraversalFilter filter = readFilter(p.getFilter());
    context.allowCancellation();
    return offload<std::string>(
               ctx_.readPool,
               [&store = ctx_.store, nodes, rels, format, filter](const std::atomic<bool>&) {
                 return translateErrors([&] {
                   auto snap = store.snapshot();
                   GraphView view(*snap, filter, SearchLimits{});
                   return exportSubgraph(view, nodes, rels, format);
                 });
               })
        .then([context](std::string&& text) mutable { context.getResults().setText(text); });
  }

  kj::Promise<void> reach(ReachContext context) override {
    logRequest("reach");
    auto p = context.getParams();
    const uint64_t seed = p.getSeed();
    const uint32_t hops = p.getHops() == 0 ? 1 : p.getHops();
    if (hops > LinkDefaults::MAX_HOPS) rpcFail("limit_exceeded", "hops above the server maximum");
    return runLink(
        context, &ctx_.inlineGates.reach,
        [=](const Reader& r, const GraphView& view, LinkOutcome& out) {
          requireNode(r, seed);
          const ReachResult rr = casegraph::reach(view, seed, hops);
          out.count = rr.count;
          out.cut = rr.cut;
          out.visited = view.visited();
        },
        readFilter(p.getFilter()), readLimits(p.getLimits()));
  }

  kj::Promise<void> query(QueryContext context) override {
    logRequest("query");
    return serveQuery(ctx_, context);
  }

  kj::Promise<void> stats(StatsContext context) override {
    logRequest("stats");
    return offload<Counts>(ctx_.readPool,
                           [&store = ctx_.store](const std::atomic<bool>&) {
                             return translateErrors([&] { return store.snapshot()->counts(); });
                           })
        .then([&store = ctx_.store, context](Counts&& c) mutable {
          auto s = context.getResults().initStats();
          s.setNodes(c.nodes);
          s.setEdges(c.edges);
          auto labels = s.initLabels(static_cast<unsigned>(c.labels.size()));
          for (unsigned i = 0; i < c.labels.size(); ++i) {
            labels[i].setName(c.labels[i].first);
            labels[i].setCount(c.labels[i].second);
          }
          auto types = s.initTypes(static_cast<unsigned>(c.types.size()));
          for (unsigned i = 0; i < c.types.size(); ++i) {
            types[i].setName(c.types[i].first);
            types[i].setCount(c.types[i].second);
          }
          s.setDataBytes(store.env().usedBytes());
          s.setVersion(CASEGRAPH_VERSION);
        });
  }

 private:
  // Values found by id, and the ids not found.
  template <typename T>
  using Found = std::pair<std::vector<T>, std::vector<uint64_t>>;

  // A few point reads cost less on the RPC thread than a round trip to a worker.
  static constexpr size_t INLINE_READ_IDS = 8;

  static void fillMissing(capnp::List<uint64_t>::Builder out, const std::vector<uint64_t>& ids) {
    for (unsigned i = 0; i < ids.size(); ++i) out.set(i, ids[i]);
  }

  // Looks up `idList` with `fetch` on a snapshot and hands the result to `fill`.
  template <typename T, typename Fetch, typename Fill, typename Context>
  kj::Promise<void> byIds(capnp::List<uint64_t>::Reader idList, Fetch fetch, Fill fill,
                          Context& context) {
    std::vector<uint64_t> ids = fromRpc(idList);
    const bool inlineRead = ids.size() <= INLINE_READ_IDS;
    auto work = [&store = ctx_.store, ids = std::move(ids), fetch](const std::atomic<bool>&) {
      return translateErrors([&] {
        auto snap = store.snapshot();
        Found<T> out;
        for (const uint64_t id : ids) {
          if (auto v = fetch(*snap, id)) {
            out.first.push_back(std::move(*v));
          } else {
            out.second.push_back(id);
          }
        }
        return out;
      });
    };
    if (inlineRead) {
      const std::atomic<bool> notCancelled{false};
      fill(work(notCancelled));
      return kj::READY_NOW;
    }
    context.allowCancellation();
    return offload<Found<T>>(ctx_.readPool, std::move(work)).then(std::move(fill));
  }

  static void requireNode(const Reader& r, uint64_t id) {
    if (!r.nodeExists(id)) rpcFail("not_found", "node " + std::to_string(id) + " does not exist");
  }

  // Serves a streamed call (findNodes, neighbors) whose `gather(snapshot, rows, deadline)`
  // collects the ids. The gathering first runs here on the RPC thread within the inline
  // budget when `gate` allows; when it finishes in time and the client accepts rows in the
  // reply (`inlineRows`), a result of at most one batch is loaded and answered at once, with no
  // call on the sink. A larger result streams to the sink from the ids gathered here. A
  // gathering that ran out of the budget starts again on the read pool.
  template <typename Context, typename Gather>
  kj::Promise<void> serveRows(Context& context, cypher::InlineGate& gate, Gather gather) {
    auto p = context.getParams();
    auto sink = p.getSink();
    const bool inlineRows = p.getInlineRows();
    const size_t batch = ctx_.limits.streamBatch;
    const auto budget = ctx_.limits.inlineBudget;
    if (budget.count() > 0 && gate.shouldTry()) {
      const std::atomic<bool> notCancelled{false};
      Deadline deadline(notCancelled, budget);
      std::shared_ptr<Rows> rows;
      try {
        rows = gatherRows(ctx_.store, gather, deadline);
      } catch (const InlineOverrun&) {
      }
      gate.record(!rows);
      if (rows && inlineRows && rows->nodes.size() <= batch) {
        const RowBatch b = loadBatch(*rows, 0, rows->nodes.size());
        rows->snap.reset();
        auto res = context.getResults(
            capnp::MessageSize{SUMMARY_WORDS + rows->note.size() / 8 + batchWords(b), 0});
        fillSummary(res.initSummary(), *rows);
        fillBatch(res.initBatch(), b);
        res.setRowsInline(true);
        return kj::READY_NOW;
      }
      if (rows) {
        context.allowCancellation();
        return streamTo(context, ctx_.readPool, kj::mv(sink), kj::mv(rows), batch);
      }
    }
    context.allowCancellation();
    return offload<std::shared_ptr<Rows>>(
               ctx_.readPool,
               [&store = ctx_.store, gather](const std::atomic<bool>& cancelled) mutable {
                 Deadline deadline(cancelled);
                 return gatherRows(store, gather, deadline);
               })
        .then([&pool = ctx_.readPool, batch, context,
               sink = kj::mv(sink)](std::shared_ptr<Rows>&& rows) mutable {
          return streamTo(context, pool, kj::mv(sink), kj::mv(rows), batch);
        });
  }

  // A streamed call's ids, gathered by `gather` over a fresh snapshot under `deadline`.
  template <typename Gather>
  static std::shared_ptr<Rows> gatherRows(GraphStore& store, Gather& gather, Deadline& deadline) {
    return translateErrors([&] {
      auto rows = std::make_shared<Rows>();
      rows->snap = store.snapshot();
      gather(*rows->snap, *rows, deadline);
      return rows;
    });
  }

  // Puts the summary of `rows` in the call's result and streams the rows to `sink`.
  template <typename Context>
  static kj::Promise<void> streamTo(Context& context, WorkerPool& pool,
                                    rpc::ResultSink::Client sink, std::shared_ptr<Rows> rows,
                                    size_t batch) {
    fillSummary(context.getResults(capnp::MessageSize{SUMMARY_WORDS + rows->note.size() / 8, 0})
                    .initSummary(),
                *rows);
    return streamRows(pool, kj::mv(sink), kj::mv(rows), 0, batch);
  }

  // Runs `body` here on the RPC thread within the inline budget (ServerLimits::inlineBudget)
  // and fills the call's result; false, with nothing filled, when the search ran out of the
  // budget and should run on the read pool instead.
  template <typename Context, typename Body>
  bool tryLinkInline(Context& context, cypher::InlineGate& gate, Body& body,
                     const TraversalFilter& filter, const SearchLimits& limits) {
    const auto budget = ctx_.limits.inlineBudget;
    if (budget.count() <= 0 || limits.deadline <= budget || !gate.shouldTry()) {
      return false;
    }
    SearchLimits quick = limits;
    quick.deadline = budget;
    // A search cut by its deadline (reported as a cut or thrown) always ends after this.
    const auto until = inlineCutoff(budget);
    std::optional<LinkOutcome> out = translateErrors([&]() -> std::optional<LinkOutcome> {
      auto snap = ctx_.store.snapshot();
      GraphView view(*snap, filter, quick);
      LinkOutcome o;
      try {
        body(*snap, view, o);
      } catch (const SearchAborted& e) {
        if (e.why() == Cut::DEADLINE) return std::nullopt;
        throw;
      }
      if (o.visited == 0) o.visited = view.visited();
      return o;
    });
    if (out && std::chrono::steady_clock::now() >= until) out.reset();
    gate.record(!out);
    if (!out) return false;
    fillLink(context.getResults().initResult(), *out);
    return true;
  }

  // Runs a link-analysis `body` over a fresh snapshot and fills the call's LinkResult: first
  // within the inline budget on the RPC thread when `gate` allows (only for bodies whose search
  // polls the deadline throughout), else (or when that ran out) on the read pool, where the
  // search sees the client's cancellation.
  template <typename Context, typename Body>
  kj::Promise<void> runLink(Context& context, cypher::InlineGate* gate, Body body,
                            const TraversalFilter& filter, SearchLimits limits) {
    if (gate && tryLinkInline(context, *gate, body, filter, limits)) return kj::READY_NOW;
    context.allowCancellation();
    // The worker captures the store, not this session: a lost connection may free the session
    // while the search still runs.
    return offload<LinkOutcome>(ctx_.readPool,
                                [&store = ctx_.store, body, filter,
                                 limits](const std::atomic<bool>& cancelled) mutable {
                                  return translateErrors([&] {
                                    auto snap = store.snapshot();
                                    limits.cancelled = &cancelled;
                                    GraphView view(*snap, filter, limits);
                                    LinkOutcome out;
                                    body(*snap, view, out);
                                    if (out.visited == 0) out.visited = view.visited();
                                    return out;
                                  });
                                })
        .then([context](LinkOutcome&& out) mutable {
          fillLink(context.getResults().initResult(), out);
        });
  }

  uint64_t effectiveLimit(uint64_t asked) const {
    if (asked == 0) return ctx_.limits.defaultResultLimit;
    if (asked > ctx_.limits.maxResultLimit) {
      rpcFail("limit_exceeded", "limit " + std::to_string(asked) + " is above the server maximum " +
                                    std::to_string(ctx_.limits.maxResultLimit));
    }
    return asked;
  }

  void logRequest(const char* method) const {
    if (ctx_.logRequests) logMessage(LogLevel::DEBUG, "request " + user_ + " " + method);
  }

  ServerContext& ctx_;
  std::string user_;
};

class GraphServiceImpl final : public rpc::GraphService::Server {
 public:
  explicit GraphServiceImpl(ServerContext& ctx) : ctx_(ctx) {}

  kj::Promise<void> login(LoginContext context) override {
    const std::string user = toString(context.getParams().getUser());
    if (user != "local" && !user.empty()) {
      rpcFail("unauthenticated",
              "unknown user '" + user + "'; until accounts exist only the local user may log in");
    }
    context.getResults().setSession(kj::heap<SessionImpl>(ctx_, "local"));
    return kj::READY_NOW;
  }

 private:
  ServerContext& ctx_;
};

}  // namespace

kj::Own<rpc::GraphService::Server> newGraphService(ServerContext& context) {
  return kj::heap<GraphServiceImpl>(context);
}

}  // namespace casegraph
