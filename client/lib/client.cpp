#include "client/lib/client.h"

#include <capnp/message.h>

#include <cstring>
#include <exception>
#include <string_view>

#include "client/lib/convert.h"

namespace casegraph {

namespace {

constexpr uint32_t DEFAULT_PORT = 7600;
constexpr auto CONNECT_TIMEOUT = 10 * kj::SECONDS;

bool isCategory(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

std::string_view stripPrefixes(std::string_view d) {
  constexpr std::string_view REMOTE = "remote exception: ";
  constexpr std::string_view STD = "std::exception: ";
  while (d.starts_with(REMOTE)) d.remove_prefix(REMOTE.size());
  if (d.starts_with(STD)) d.remove_prefix(STD.size());
  return d;
}

// The interesting part of a local connect failure, e.g. "Connection refused" out of
// "connect(): Connection refused; toString() = 127.0.0.1:1".
std::string connectReason(const kj::Exception& e) {
  std::string_view d = stripPrefixes(e.getDescription().cStr());
  if (e.getType() == kj::Exception::Type::OVERLOADED && d.find("timed out") != d.npos) {
    return "no answer within " + std::to_string(CONNECT_TIMEOUT / kj::SECONDS) + " s";
  }
  constexpr std::string_view GAI = "gai_strerror(status) = ";
  if (const auto gai = d.find(GAI); gai != d.npos) {
    return "DNS lookup failed: " + std::string(d.substr(gai + GAI.size()));
  }
  if (auto semi = d.find("; "); semi != d.npos) d = d.substr(0, semi);
  if (auto colon = d.find("(): "); colon != d.npos) d.remove_prefix(colon + 4);
  return std::string(d);
}

// Runs a result callback. What it throws is kept in `error`, for the caller to rethrow once
// the call has failed, and false returned.
template <typename Fn>
bool runCallback(std::exception_ptr& error, Fn&& fn) {
  try {
    fn();
    return true;
  } catch (...) {
    error = std::current_exception();
    return false;
  }
}

// Shared between a call and the sink it hands to the server. The call clears `onBatch` when
// it ends, so a server that keeps the sink cannot reach a caller that has gone.
struct SinkState {
  std::function<void(rpc::ResultBatch::Reader)> onBatch;
  std::exception_ptr error;  // what onBatch threw
};

class BatchSink final : public rpc::ResultSink::Server {
 public:
  explicit BatchSink(std::shared_ptr<SinkState> state) : state_(std::move(state)) {}

 protected:
  kj::Promise<void> write(WriteContext context) override {
    if (state_->error || !state_->onBatch ||
        !runCallback(state_->error, [&] { state_->onBatch(context.getParams().getBatch()); })) {
      return KJ_EXCEPTION(FAILED, "cancelled: the client stopped reading results");
    }
    return kj::READY_NOW;
  }

  kj::Promise<void> done(DoneContext) override { return kj::READY_NOW; }

 private:
  std::shared_ptr<SinkState> state_;
};

std::vector<QueryRow> rowsFromRpc(capnp::List<rpc::QueryRow>::Reader in) {
  std::vector<QueryRow> rows;
  rows.reserve(in.size());
  for (auto row : in) rows.push_back(fromRpc(row));
  return rows;
}

// Shared between a query call and its sink, as SinkState is for the other streamed calls.
struct QuerySinkState {
  QueryColumnsFn onColumns;
  QueryRowsFn onRows;
  std::exception_ptr error;  // what a callback threw
};

class QueryRowSink final : public rpc::QuerySink::Server {
 public:
  explicit QueryRowSink(std::shared_ptr<QuerySinkState> state) : state_(std::move(state)) {}

 protected:
  kj::Promise<void> columns(ColumnsContext context) override {
    return deliver([&] { state_->onColumns(fromRpc(context.getParams().getNames())); });
  }

  kj::Promise<void> write(WriteContext context) override {
    return deliver([&] { state_->onRows(rowsFromRpc(context.getParams().getRows())); });
  }

  kj::Promise<void> done(DoneContext) override { return kj::READY_NOW; }

 private:
  template <typename Fn>
  kj::Promise<void> deliver(Fn&& fn) {
    if (state_->error || !state_->onRows || !state_->onColumns ||
        !runCallback(state_->error, std::forward<Fn>(fn))) {
      return KJ_EXCEPTION(FAILED, "cancelled: the client stopped reading results");
    }
    return kj::READY_NOW;
  }

  std::shared_ptr<QuerySinkState> state_;
};

kj::Promise<QuerySummary> sendQuery(rpc::Session::Client& session, const std::string& text,
                                    const QueryParams& params,
                                    std::shared_ptr<QuerySinkState> state) {
  auto request = session.queryRequest();
  request.setText(textReader(text));
  auto list = request.initParameters(static_cast<unsigned>(params.size()));
  unsigned i = 0;
  for (const auto& [name, value] : params) {
    list[i].setKey(textReader(name));
    toRpc(value, list[i].initValue());
    ++i;
  }
  request.setSink(kj::heap<QueryRowSink>(state));
  request.setInlineRows(true);
  request.setTemporalValues(true);
  // The callbacks are dropped with the call, so a server that keeps the sink cannot reach a
  // caller that has gone.
  return request.send()
      .then([state](auto response) {
        QuerySummary summary = fromRpc(response.getSummary());
        if (response.getRowsInline()) {
          // A small result came in the reply: hand it over as the sink would have. What a
          // callback throws reaches the caller, as it does through the sink.
          const bool delivered = runCallback(state->error, [&] {
            state->onColumns(summary.columns);
            if (response.getRows().size() > 0) state->onRows(rowsFromRpc(response.getRows()));
          });
          if (!delivered) kj::throwFatalException(KJ_EXCEPTION(FAILED, "a result callback failed"));
        }
        return summary;
      })
      .attach(kj::defer([state] {
        state->onColumns = nullptr;
        state->onRows = nullptr;
      }));
}

ResultSummary fromRpc(rpc::ResultSummary::Reader in) {
  return ResultSummary{in.getCount(), in.getTruncated(), toString(in.getNote())};
}

// The summary of a findNodes or neighbors reply, after handing rows that came in it (rather
// than to the sink) to `inReply`.
template <typename Response>
ResultSummary streamedSummary(Response& response,
                              const std::function<void(rpc::ResultBatch::Reader)>& inReply) {
  if (response.getRowsInline()) {
    auto batch = response.getBatch();
    if (batch.getNodes().size() > 0 || batch.getEdges().size() > 0) inReply(batch);
  }
  return fromRpc(response.getSummary());
}

std::vector<NameCount> fromRpc(capnp::List<rpc::LabelCount>::Reader in) {
  std::vector<NameCount> out;
  out.reserve(in.size());
  for (auto c : in) out.push_back(NameCount{toString(c.getName()), c.getCount()});
  return out;
}

}  // namespace

std::optional<ClientError> currentKjError() {
  try {
    throw;
  } catch (const kj::Exception& e) {
    return toClientError(e);
  } catch (...) {
    return std::nullopt;
  }
}

ClientError toClientError(const kj::Exception& e) {
  const std::string_view d = stripPrefixes(e.getDescription().cStr());
  if (const auto colon = d.find(": "); colon != d.npos && isCategory(d.substr(0, colon))) {
    return ClientError(std::string(d.substr(0, colon)), std::string(d.substr(colon + 2)));
  }
  switch (e.getType()) {
    case kj::Exception::Type::OVERLOADED:
      return ClientError("overloaded", std::string(d));
    case kj::Exception::Type::DISCONNECTED:
      return ClientError("disconnected", std::string(d));
    default:
      return ClientError("internal", std::string(d));
  }
}

GraphClient::GraphClient(Passkey, std::string address, kj::AsyncIoContext io)
    : address_(std::move(address)), io_(kj::mv(io)) {}

GraphClient::~GraphClient() = default;

std::unique_ptr<GraphClient> GraphClient::connect(const std::string& address,
                                                  const std::string& user) {
  auto client = std::make_unique<GraphClient>(Passkey{}, address, kj::setupAsyncIo());
  auto& io = client->io_;
  try {
    auto target = io.provider->getNetwork().parseAddress(address, DEFAULT_PORT).wait(io.waitScope);
    client->stream_ =
        io.provider->getTimer().timeoutAfter(CONNECT_TIMEOUT, target->connect()).wait(io.waitScope);
  } catch (const kj::Exception& e) {
    throw ClientError("unavailable", "cannot connect to " + address + ": " + connectReason(e) +
                                         " \u2014 is graphd running?");
  }

  capnp::ReaderOptions options;
  options.traversalLimitInWords = TRAVERSAL_LIMIT_WORDS;
  client->messages_ = kj::heap<BatchingMessageStream>(*client->stream_);
  client->network_ = kj::heap<capnp::TwoPartyVatNetwork>(
      *client->messages_, capnp::rpc::twoparty::Side::CLIENT, options);
  client->rpc_ = kj::heap<capnp::RpcSystem<capnp::rpc::twoparty::VatId>>(
      capnp::makeRpcClient(*client->network_));

  capnp::word scratch[4] = {};
  capnp::MallocMessageBuilder vatMessage(scratch);
  auto vatId = vatMessage.getRoot<capnp::rpc::twoparty::VatId>();
  vatId.setSide(capnp::rpc::twoparty::Side::SERVER);
  auto service = client->rpc_->bootstrap(vatId).castAs<rpc::GraphService>();

  auto login = service.loginRequest();
  login.setUser(textReader(user));
  login.setSecret("");
  auto session = login.send().then([](auto response) { return response.getSession(); });
  try {
    client->session_ =
        io.provider->getTimer().timeoutAfter(CONNECT_TIMEOUT, kj::mv(session)).wait(io.waitScope);
  } catch (const kj::Exception& e) {
    if (e.getType() == kj::Exception::Type::OVERLOADED &&
        std::string_view(e.getDescription().cStr()).find("timed out") != std::string_view::npos) {
      throw ClientError("unavailable", "no answer from " + address + " within " +
                                           std::to_string(CONNECT_TIMEOUT / kj::SECONDS) +
                                           " s \u2014 is it graphd?");
    }
    client->rethrow(e);
  }
  return client;
}

void GraphClient::rethrow(const kj::Exception& e) const {
  ClientError error = toClientError(e);
  if (error.category() == "disconnected") {
    // Local socket errors read "::writev(fd, ...): Broken pipe; iovTotal = 40; ...".
    std::string_view d = error.what();
    if (const auto semi = d.find("; "); semi != d.npos) d = d.substr(0, semi);
    if (const auto call = d.rfind("): "); d.starts_with("::") && call != d.npos) {
      d.remove_prefix(call + 3);
    }
    throw ClientError("disconnected", "lost the connection to " + address_ + ": " + std::string(d));
  }
  throw error;
}

std::vector<Node> GraphClient::getNodes(const std::vector<uint64_t>& ids,
                                        std::vector<uint64_t>* missing) {
  auto request = session_.getNodesRequest(capnp::MessageSize{4 + ids.size(), 0});
  auto list = request.initIds(static_cast<unsigned>(ids.size()));
  for (unsigned i = 0; i < ids.size(); ++i) list.set(i, ids[i]);
  auto response = wait(request.send());
  std::vector<Node> nodes;
  nodes.reserve(response.getNodes().size());
  for (auto n : response.getNodes()) nodes.push_back(fromRpc(n));
  if (missing) {
    for (auto id : response.getMissing()) missing->push_back(id);
  }
  return nodes;
}

std::vector<Edge> GraphClient::getEdges(const std::vector<uint64_t>& ids,
                                        std::vector<uint64_t>* missing) {
  auto request = session_.getEdgesRequest(capnp::MessageSize{4 + ids.size(), 0});
  auto list = request.initIds(static_cast<unsigned>(ids.size()));
  for (unsigned i = 0; i < ids.size(); ++i) list.set(i, ids[i]);
  auto response = wait(request.send());
  std::vector<Edge> edges;
  edges.reserve(response.getEdges().size());
  for (auto e : response.getEdges()) edges.push_back(fromRpc(e));
  if (missing) {
    for (auto id : response.getMissing()) missing->push_back(id);
  }
  return edges;
}

ResultSummary GraphClient::runStreamed(const BatchFn& onBatch, const SendFn& send) {
  auto state = std::make_shared<SinkState>();
  state->onBatch = onBatch;
  KJ_DEFER(state->onBatch = nullptr);
  // Rows that came in the reply go to the same callback; what it throws reaches the caller.
  const BatchFn inReply = [state](rpc::ResultBatch::Reader batch) {
    if (!runCallback(state->error, [&] { state->onBatch(batch); })) {
      kj::throwFatalException(KJ_EXCEPTION(FAILED, "a result callback failed"));
    }
  };
  try {
    ResultSummary summary =
        spinThenWait(send(kj::heap<BatchSink>(state), inReply), io_.waitScope, pollWindow_);
    if (state->error) std::rethrow_exception(state->error);
    return summary;
  } catch (const kj::Exception& e) {
    if (state->error) std::rethrow_exception(state->error);
    rethrow(e);
  }
}

ResultSummary GraphClient::findNodes(const std::string& label, const std::string& key,
                                     const std::optional<Value>& value, bool prefix, uint64_t limit,
                                     const NodeBatchFn& onBatch) {
  auto convert = [&onBatch](rpc::ResultBatch::Reader batch) {
    std::vector<Node> nodes;
    nodes.reserve(batch.getNodes().size());
    for (auto n : batch.getNodes()) nodes.push_back(fromRpc(n));
    onBatch(nodes);
  };
  return runStreamed(convert, [&](rpc::ResultSink::Client sink, const BatchFn& inReply) {
    auto request = session_.findNodesRequest();
    request.setLabel(textReader(label));
    request.setKey(textReader(key));
    if (value) toCapnp(*value, request.initValue());
    request.setPrefix(prefix);
    request.setLimit(limit);
    request.setSink(kj::mv(sink));
    request.setInlineRows(true);
    return request.send().then(
        [&inReply](auto response) { return streamedSummary(response, inReply); });
  });
}

ResultSummary GraphClient::neighbors(uint64_t id, rpc::Direction direction,
                                     const std::vector<std::string>& types,
                                     const std::vector<std::string>& labels, uint64_t limit,
                                     const NeighborBatchFn& onBatch) {
  auto convert = [&onBatch](rpc::ResultBatch::Reader batch) {
    std::vector<Edge> edges;
    std::vector<Node> nodes;
    edges.reserve(batch.getEdges().size());
    nodes.reserve(batch.getNodes().size());
    for (auto e : batch.getEdges()) edges.push_back(fromRpc(e));
    for (auto n : batch.getNodes()) nodes.push_back(fromRpc(n));
    onBatch(edges, nodes);
  };
  return runStreamed(convert, [&](rpc::ResultSink::Client sink, const BatchFn& inReply) {
    size_t words = 16;
    for (const auto& t : types) words += 1 + t.size() / 8 + 1;
    for (const auto& l : labels) words += 1 + l.size() / 8 + 1;
    auto request = session_.neighborsRequest(capnp::MessageSize{words, 1});
    request.setId(id);
    request.setDirection(direction);
    toRpc(types, request.initTypes(static_cast<unsigned>(types.size())));
    toRpc(labels, request.initLabels(static_cast<unsigned>(labels.size())));
    request.setLimit(limit);
    request.setSink(kj::mv(sink));
    request.setInlineRows(true);
    return request.send().then(
        [&inReply](auto response) { return streamedSummary(response, inReply); });
  });
}

WriteResult GraphClient::write(const std::vector<WriteOp>& ops) {
  auto request = session_.writeRequest();
  auto list = request.initOps(static_cast<unsigned>(ops.size()));
  for (unsigned i = 0; i < ops.size(); ++i) toRpc(ops[i], list[i]);
  auto response = wait(request.send());
  return fromRpc(response.getResult());
}

ServerStats GraphClient::stats() {
  auto response = wait(session_.statsRequest().send());
  auto s = response.getStats();
  return ServerStats{s.getNodes(),          s.getEdges(),     fromRpc(s.getLabels()),
                     fromRpc(s.getTypes()), s.getDataBytes(), toString(s.getVersion())};
}

LinkResult GraphClient::paths(const PathRequestSpec& request, const LinkFilterSpec& filter,
                              const LinkLimitsSpec& limits) {
  auto call = session_.pathsRequest();
  toRpc(request, call.initRequest());
  toRpc(filter, call.initFilter());
  toRpc(limits, call.initLimits());
  return fromRpc(wait(call.send()).getResult());
}

LinkResult GraphClient::expand(const std::vector<uint64_t>& seeds, uint32_t hops,
                               const LinkFilterSpec& filter, const LinkLimitsSpec& limits) {
  auto call = session_.expandRequest();
  toRpc(seeds, call.initSeeds(sizeOf(seeds)));
  call.setHops(hops);
  toRpc(filter, call.initFilter());
  toRpc(limits, call.initLimits());
  return fromRpc(wait(call.send()).getResult());
}

LinkResult GraphClient::connectors(const std::vector<uint64_t>& entities, uint32_t hops,
                                   const LinkFilterSpec& filter, const LinkLimitsSpec& limits) {
  auto call = session_.connectorsRequest();
  toRpc(entities, call.initEntities(sizeOf(entities)));
  call.setHops(hops);
  toRpc(filter, call.initFilter());
  toRpc(limits, call.initLimits());
  return fromRpc(wait(call.send()).getResult());
}

LinkResult GraphClient::commonNeighbours(const std::vector<uint64_t>& entities,
                                         const LinkFilterSpec& filter,
                                         const LinkLimitsSpec& limits) {
  auto call = session_.commonNeighboursRequest();
  toRpc(entities, call.initEntities(sizeOf(entities)));
  toRpc(filter, call.initFilter());
  toRpc(limits, call.initLimits());
  return fromRpc(wait(call.send()).getResult());
}

LinkResult GraphClient::whoLinks(uint64_t a, uint64_t b, const LinkFilterSpec& filter,
                                 const LinkLimitsSpec& limits) {
  auto call = session_.whoLinksRequest();
  call.setA(a);
  call.setB(b);
  toRpc(filter, call.initFilter());
  toRpc(limits, call.initLimits());
  return fromRpc(wait(call.send()).getResult());
}

LinkResult GraphClient::analyse(const std::vector<uint64_t>& nodes,
                                const std::vector<uint64_t>& relationships,
                                const LinkFilterSpec& filter) {
  auto call = session_.analyseRequest();
  toRpc(nodes, call.initNodes(sizeOf(nodes)));
  toRpc(relationships, call.initRelationships(sizeOf(relationships)));
  toRpc(filter, call.initFilter());
  return fromRpc(wait(call.send()).getResult());
}

std::string GraphClient::exportGraph(const std::vector<uint64_t>& nodes,
                                     const std::vector<uint64_t>& relationships,
                                     rpc::ExportFormat format, const LinkFilterSpec& filter) {
  auto call = session_.exportGraphRequest();
  toRpc(nodes, call.initNodes(sizeOf(nodes)));
  toRpc(relationships, call.initRelationships(sizeOf(relationships)));
  call.setFormat(format);
  toRpc(filter, call.initFilter());
  return toString(wait(call.send()).getText());
}

LinkResult GraphClient::reach(uint64_t seed, uint32_t hops, const LinkFilterSpec& filter,
                              const LinkLimitsSpec& limits) {
  auto call = session_.reachRequest();
  call.setSeed(seed);
  call.setHops(hops);
  toRpc(filter, call.initFilter());
  toRpc(limits, call.initLimits());
  return fromRpc(wait(call.send()).getResult());
}

QuerySummary GraphClient::query(const std::string& text, const QueryParams& params,
                                const QueryColumnsFn& onColumns, const QueryRowsFn& onRows) {
  auto state = std::make_shared<QuerySinkState>();
  state->onColumns = onColumns ? onColumns : [](const std::vector<std::string>&) {};
  state->onRows = onRows ? onRows : [](const std::vector<QueryRow>&) {};
  try {
    QuerySummary summary =
        spinThenWait(sendQuery(session_, text, params, state), io_.waitScope, pollWindow_);
    if (state->error) std::rethrow_exception(state->error);
    return summary;
  } catch (const kj::Exception& e) {
    if (state->error) std::rethrow_exception(state->error);
    rethrow(e);
  }
}

QueryResult GraphClient::query(const std::string& text, const QueryParams& params) {
  QueryResult result;
  result.summary = query(
      text, params,
      [&result](const std::vector<std::string>& columns) { result.columns = columns; },
      [&result](const std::vector<QueryRow>& rows) {
        result.rows.insert(result.rows.end(), rows.begin(), rows.end());
      });
  if (result.columns.empty()) result.columns = result.summary.columns;
  return result;
}

kj::Promise<QuerySummary> GraphClient::queryAsync(const std::string& text,
                                                  const QueryParams& params,
                                                  QueryColumnsFn onColumns, QueryRowsFn onRows) {
  auto state = std::make_shared<QuerySinkState>();
  state->onColumns = onColumns ? std::move(onColumns) : [](const std::vector<std::string>&) {};
  state->onRows = onRows ? std::move(onRows) : [](const std::vector<QueryRow>&) {};
  return sendQuery(session_, text, params, std::move(state));
}

}  // namespace casegraph
