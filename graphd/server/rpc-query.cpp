#include "graphd/server/rpc-query.h"

#include <capnp/message.h>
#include <capnp/orphan.h>
#include <kj/async.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graphd/server/log.h"
#include "schema/codec/graph-codec.h"
#include "graphd/server/rpc-errors.h"
#include "query/cypher/exec/execute.h"
#include "query/cypher/parse/parser.h"

namespace casegraph {

namespace {

using Clock = std::chrono::steady_clock;
using cypher::QType;
using cypher::QValue;

// A batch goes out when it holds ServerLimits::streamBatch rows or about this many bytes,
// whichever comes first (a row of long paths is much bigger than a row of numbers).
constexpr size_t BATCH_BYTES = 1 << 20;
// Batches a read-only query may have waiting for its client before it pauses.
constexpr size_t QUEUED_BATCHES = 4;
// How deeply lists and maps may nest inside a parameter or a result value, in levels of
// Cap'n Proto nesting: a list costs two (the list, then its element), a map three (the list of
// entries, an entry, its value). Readers refuse messages nested more than 64 levels deep;
// the rest is left for the message around the value and a node's properties at the bottom.
constexpr unsigned MAX_VALUE_NESTING = 48;
constexpr unsigned LIST_NESTING = 2;
constexpr unsigned MAP_NESTING = 3;
const char* const TOO_DEEP = "lists and maps nest too deeply (at most 24 lists or 16 maps)";


// --- parameters ------------------------------------------------------------------------------

[[noreturn]] void badParam(const std::string& name, const std::string& why) {
  rpcFail("invalid_argument", "parameter $" + name + ": " + why);
}

QValue readValue(rpc::QueryValue::Reader in, const std::string& name, unsigned depth) {
  if (depth > MAX_VALUE_NESTING) badParam(name, TOO_DEEP);
  switch (in.which()) {
    case rpc::QueryValue::NULL_:
      return {};
    case rpc::QueryValue::BOOL:
      return in.getBool();
    case rpc::QueryValue::INT:
      return in.getInt();
    case rpc::QueryValue::FLOAT:
      return in.getFloat();
    case rpc::QueryValue::STRING:
      return toString(in.getString());
    case rpc::QueryValue::BYTES: {
      const auto data = in.getBytes();
      return Bytes{std::string(reinterpret_cast<const char*>(data.begin()), data.size())};
    }
    case rpc::QueryValue::DATE:
      return Date{in.getDate()};
    case rpc::QueryValue::DATETIME:
      return DateTime{in.getDatetime()};
    case rpc::QueryValue::TEMPORAL: {
      const DateTime t = readTemporal(in.getTemporal());
      if (auto problem = temporalProblem(t)) badParam(name, *problem);
      return QValue::fromDateTime(t);
    }
    case rpc::QueryValue::DURATION:
      return readDuration(in.getDuration());
    case rpc::QueryValue::LIST: {
      cypher::QList out;
      out.reserve(in.getList().size());
      for (auto item : in.getList()) out.push_back(readValue(item, name, depth + LIST_NESTING));
      return out;
    }
    case rpc::QueryValue::MAP: {
      cypher::QMap out;
      for (auto entry : in.getMap()) {
        auto key = toString(entry.getKey());
        if (out.count(key)) badParam(name, "the map has the key '" + key + "' twice");
        out.emplace(std::move(key), readValue(entry.getValue(), name, depth + MAP_NESTING));
      }
      return out;
    }
    case rpc::QueryValue::NODE:
    case rpc::QueryValue::RELATIONSHIP:
    case rpc::QueryValue::PATH:
      badParam(name, "nodes, relationships and paths cannot be parameters; pass their ids");
  }
  badParam(name, "a kind of value this server does not know");
}

cypher::QMap readParams(capnp::List<rpc::QueryEntry>::Reader list) {
  cypher::QMap out;
  try {
    for (auto entry : list) {
      auto name = toString(entry.getKey());
      if (name.empty()) rpcFail("invalid_argument", "a parameter has no name");
      if (out.count(name)) rpcFail("invalid_argument", "parameter $" + name + " is given twice");
      QValue value = readValue(entry.getValue(), name, 0);
      out.emplace(std::move(name), std::move(value));
    }
  } catch (const kj::Exception& e) {
    const std::string what = e.getDescription().cStr();
    if (what.starts_with("invalid_argument: ")) throw;
    // Reading the message itself failed: nested deeper than the server's reader allows.
    if (what.find("too deeply-nested") != std::string::npos) {
      rpcFail("invalid_argument", std::string("the parameters' ") + TOO_DEEP);
    }
    rpcFail("invalid_argument", "the parameters cannot be read: " + what);
  }
  return out;
}

// --- results ---------------------------------------------------------------------------------

void fillNodeById(rpc::Node::Builder out, uint64_t id, const Reader& reader) {
  if (auto node = reader.node(id)) {
    toRpc(*node, out);
  } else {
    out.setId(id);  // deleted by the query that returns it: only its id is left
  }
}

void fillEdgeById(rpc::Edge::Builder out, uint64_t id, const Reader& reader) {
  if (auto edge = reader.edge(id)) {
    toRpc(*edge, out);
  } else {
    out.setId(id);
  }
}

// Converts one result value, reading the records of nodes and relationships through the
// query's `reader` (valid only during the row callback, hence the conversion there).
void fillValue(rpc::QueryValue::Builder out, const QValue& v, const Reader& reader, unsigned depth,
               bool fullTemporal) {
  if (depth > MAX_VALUE_NESTING)
    rpcFail("invalid_argument", std::string("a result value's ") + TOO_DEEP);
  switch (v.type()) {
    case QType::NUL:
      out.setNull();
      return;
    case QType::BOOL:
      out.setBool(v.asBool());
      return;
    case QType::INT:
      out.setInt(v.asInt());
      return;
    case QType::FLOAT:
      out.setFloat(v.asFloat());
      return;
    case QType::STRING: {
      const auto& s = v.asString();
      out.setString(textReader(s));
      return;
    }
    case QType::BYTES: {
      const auto& b = v.asBytes().data;
      out.setBytes(capnp::Data::Reader(reinterpret_cast<const kj::byte*>(b.data()), b.size()));
      return;
    }
    case QType::DATE:
      out.setDate(v.asDate().days);
      return;
    case QType::DATETIME:
    case QType::LOCALDATETIME:
    case QType::TIME:
    case QType::LOCALTIME: {
      if (fullTemporal) {
        fillTemporal(out.initTemporal(), v.asDateTime());
        return;
      }
      // The forms of clients that did not ask for `temporal` (docs/rpc.md).
      if (v.type() == QType::DATETIME) {
        out.setDatetime(v.asDateTime().micros);
        return;
      }
      const std::string text = cypher::temporalText(v);
      out.setString(capnp::Text::Reader(text.data(), text.size()));
      return;
    }
    case QType::DURATION:
      fillDuration(out.initDuration(), v.asDuration());
      return;
    case QType::LIST: {
      const auto& items = v.asList();
      auto list = out.initList(static_cast<unsigned>(items.size()));
      for (unsigned i = 0; i < items.size(); ++i)
        fillValue(list[i], items[i], reader, depth + LIST_NESTING, fullTemporal);
      return;
    }
    case QType::MAP: {
      const auto& map = v.asMap();
      auto entries = out.initMap(static_cast<unsigned>(map.size()));
      unsigned i = 0;
      for (const auto& [key, value] : map) {
        entries[i].setKey(textReader(key));
        fillValue(entries[i].initValue(), value, reader, depth + MAP_NESTING, fullTemporal);
        ++i;
      }
      return;
    }
    case QType::NODE:
      fillNodeById(out.initNode(), v.asNode().id, reader);
      return;
    case QType::RELATIONSHIP:
      fillEdgeById(out.initRelationship(), v.asRel().id, reader);
      return;
    case QType::POINT:  // as a map (docs/rpc.md)
      fillValue(out, QValue(cypher::pointMap(v.asPoint())), reader, depth, fullTemporal);
      return;
    case QType::PATH: {
      const auto& p = v.asPath();
      auto path = out.initPath();
      auto nodes = path.initNodes(static_cast<unsigned>(p.nodes.size()));
      for (unsigned i = 0; i < p.nodes.size(); ++i) fillNodeById(nodes[i], p.nodes[i], reader);
      auto rels = path.initRelationships(static_cast<unsigned>(p.rels.size()));
      for (unsigned i = 0; i < p.rels.size(); ++i) fillEdgeById(rels[i], p.rels[i], reader);
      return;
    }
  }
  out.setNull();
}

// --- from the worker to the RPC thread -------------------------------------------------------

// Carries a query's output from the worker that runs it to the RPC thread that sends it. With
// a capacity, push() waits while that many items are queued, so a read-only query goes no
// faster than its client reads; the writer pushes without a capacity, because the one writer
// thread must never wait for a client.
class ResultChannel {
 public:
  struct Item {
    std::optional<std::vector<std::string>> columns;     // the first item: the column names
    std::unique_ptr<capnp::MallocMessageBuilder> batch;  // QuerySink::WriteParams, or null
  };
  enum class Stop { NONE, CANCELLED, DEADLINE };

  // Worker side. Queues `item`, first waiting (until `deadline`) while `capacity` items are
  // queued; 0 = never wait. False when the query should stop instead: the call was cancelled,
  // or the deadline passed while the client did not read.
  bool push(Item item, size_t capacity, Clock::time_point deadline) {
    kj::Own<kj::CrossThreadPromiseFulfiller<void>> wake;
    {
      std::unique_lock lock(mutex_);
      if (capacity > 0 && !space_.wait_until(lock, deadline, [&] {
            return items_.size() < capacity || stop_ != Stop::NONE;
          })) {
        stop_ = Stop::DEADLINE;
      }
      if (stop_ != Stop::NONE) return false;
      items_.push_back(std::move(item));
      wake = kj::mv(waiter_);
    }
    if (wake.get() != nullptr) wake->fulfill();
    return true;
  }

  // No more items will come. Idempotent; either side may call it.
  void close() {
    kj::Own<kj::CrossThreadPromiseFulfiller<void>> wake;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      wake = kj::mv(waiter_);
    }
    if (wake.get() != nullptr) wake->fulfill();
  }

  Stop stopped() {
    std::lock_guard lock(mutex_);
    return stop_;
  }
  // Set once the call is cancelled; the query polls it (QueryOptions::cancelled).
  const std::atomic<bool>& cancelledFlag() const { return cancelled_; }

  // RPC side. The next item, or nullopt once the channel is closed and drained. `owner` keeps
  // this channel alive while the answer is pending.
  kj::Promise<std::optional<Item>> next(std::shared_ptr<void> owner) {
    std::unique_lock lock(mutex_);
    if (!items_.empty()) {
      Item item = std::move(items_.front());
      items_.pop_front();
      lock.unlock();
      space_.notify_all();
      return std::optional<Item>(std::move(item));
    }
    if (closed_) return std::optional<Item>();
    auto paf = kj::newPromiseAndCrossThreadFulfiller<void>();
    waiter_ = kj::mv(paf.fulfiller);
    return paf.promise.then([this, owner = std::move(owner)]() mutable { return next(owner); });
  }

  // The call is gone (cancelled, or its sink failed): stops the query and wakes its worker.
  void cancel() {
    {
      std::lock_guard lock(mutex_);
      if (stop_ == Stop::NONE) stop_ = Stop::CANCELLED;
    }
    cancelled_.store(true);
    space_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable space_;
  std::deque<Item> items_;
  bool closed_ = false;
  Stop stop_ = Stop::NONE;
  std::atomic<bool> cancelled_{false};
  kj::Own<kj::CrossThreadPromiseFulfiller<void>> waiter_;  // the RPC thread awaits an item
};

// One query call, shared by the RPC thread and the worker that runs it (never the session:
// a lost connection may free the session while the query still runs).
struct QueryJob {
  std::string text;
  cypher::QMap params;
  std::chrono::milliseconds deadline{0};
  size_t batchRows = 0;
  cypher::QueryMode mode = cypher::QueryMode::NORMAL;  // set by the read worker's parse
  std::shared_ptr<cypher::ParsedQuery> parsed;         // from the parse cache
  Clock::time_point started;                           // when a worker began to run it
  ResultChannel channel;
  bool columnsSent = false;     // RPC thread only
  bool temporalValues = false;  // the client reads QueryValue.temporal
};

struct QueryOutcome {
  bool needsWriter = false;  // the read worker found write clauses: run it on the writer
  std::vector<std::string> columns;
  uint64_t rows = 0;
  cypher::QueryStats stats;
  bool wrote = false;
  cypher::QueryMode mode = cypher::QueryMode::NORMAL;
  std::string plan;
};

// Builds batches of rows on the worker, each in a message of its own, and pushes them to the
// channel when full.
class RowBatcher {
 public:
  RowBatcher(QueryJob& job, size_t capacity) : job_(job), capacity_(capacity) {}
  // Keeps the output in `collect` instead, as long as it fits one batch; past that, add()
  // stops the query and overflowed() is true.
  RowBatcher(QueryJob& job, std::vector<ResultChannel::Item>& collect)
      : job_(job), capacity_(0), collect_(&collect) {}

  // The column names go out with the first batch of rows (or at the end, when there is none),
  // so that a small result reaches the RPC thread as one item: one wake-up, one write.
  void setColumns(const std::vector<std::string>& columns) { columns_ = columns; }

  // False when the query should stop (see ResultChannel::push).
  bool add(const cypher::QList& row, const Reader& reader) {
    if (!message_) message_ = std::make_unique<capnp::MallocMessageBuilder>();
    auto values = message_->getOrphanage().newOrphan<capnp::List<rpc::QueryValue>>(
        static_cast<unsigned>(row.size()));
    auto list = values.get();
    for (unsigned i = 0; i < row.size(); ++i) {
      fillValue(list[i], row[i], reader, 0, job_.temporalValues);
    }
    pending_.push_back(kj::mv(values));
    ++rows_;
    if (pending_.size() < job_.batchRows &&
        message_->sizeInWords() * sizeof(capnp::word) < BATCH_BYTES) {
      return true;
    }
    if (collect_) {
      overflowed_ = true;
      return false;
    }
    return flush();
  }
  bool overflowed() const { return overflowed_; }

  bool flush() {
    if (pending_.empty() && !columns_) return true;
    ResultChannel::Item item{std::move(columns_), nullptr};
    columns_.reset();
    if (!pending_.empty()) {
      auto rows = message_->initRoot<rpc::QuerySink::WriteParams>().initRows(
          static_cast<unsigned>(pending_.size()));
      for (unsigned i = 0; i < pending_.size(); ++i) rows[i].adoptValues(kj::mv(pending_[i]));
      pending_.clear();
      item.batch = std::move(message_);
    }
    if (collect_) {
      collect_->push_back(std::move(item));
      return true;
    }
    return job_.channel.push(std::move(item), capacity_, job_.started + job_.deadline);
  }

  uint64_t rows() const { return rows_; }

 private:
  QueryJob& job_;
  size_t capacity_;
  std::unique_ptr<capnp::MallocMessageBuilder> message_;
  std::vector<capnp::Orphan<capnp::List<rpc::QueryValue>>> pending_;
  std::optional<std::vector<std::string>> columns_;
  uint64_t rows_ = 0;
  std::vector<ResultChannel::Item>* collect_ = nullptr;
  bool overflowed_ = false;
};

// The message of a QueryError on one line without its position: a syntax error's message
// repeats the position and shows the source line with a caret, which the client, holding the
// text, can show itself.
std::string plainMessage(const cypher::QueryError& e) {
  std::string_view m = e.what();
  const std::string position =
      "line " + std::to_string(e.line()) + ", column " + std::to_string(e.column()) + ": ";
  if (e.line() > 0 && m.starts_with(position)) {
    m.remove_prefix(position.size());
    m = m.substr(0, m.find('\n'));
  }
  return std::string(m);
}

// A query error as an RPC error whose message reads "Kind (Code) at line L, column C: what"
// (docs/rpc.md, "Query errors"). Errors of the query's meaning are the client's to fix
// (invalid_argument); a missing entity is not_found; running out of time or memory
// (TransientError) is limit_exceeded.
[[noreturn]] void failQuery(const cypher::QueryError& e, const QueryJob& job) {
  std::string message = e.kind();
  if (!e.code().empty()) message += " (" + e.code() + ")";
  if (e.line() > 0) {
    message += " at line " + std::to_string(e.line()) + ", column " + std::to_string(e.column());
  }
  message += ": " + plainMessage(e);
  const char* category = "invalid_argument";
  if (e.kind() == "EntityNotFound") {
    category = "not_found";
  } else if (e.kind() == "TransientError" ||
             (job.started != Clock::time_point{} && Clock::now() >= job.started + job.deadline)) {
    category = "limit_exceeded";
  }
  rpcFail(category, message);
}

template <typename Fn>
QueryOutcome guarded(const QueryJob& job, Fn&& fn) {
  return translateErrors([&]() -> QueryOutcome {
    try {
      return fn();
    } catch (const cypher::QueryError& e) {
      failQuery(e, job);
    }
  });
}

QueryOutcome outcome(const cypher::QueryResult& r, const RowBatcher& batcher, const QueryJob& job) {
  QueryOutcome out;
  out.columns = r.columns;
  out.rows = batcher.rows();
  out.stats = r.stats;
  out.wrote = r.wrote;
  out.mode = job.mode;
  out.plan = r.plan;
  return out;
}

// Whether the parsed statement writes (so runs on the writer); sets the job's mode.
bool needsWriter(QueryJob& job) {
  const cypher::ParseResult& parsed = job.parsed->parsed;
  if (!parsed.ok()) return false;  // runQuery reports the syntax error, wherever it runs
  job.mode = parsed.query().mode;
  return job.mode != cypher::QueryMode::EXPLAIN && cypher::hasWrites(parsed.query());
}

// Runs the query on the calling worker, pushing its columns and rows to the channel.
QueryOutcome execute(GraphStore& store, QueryJob& job, bool onWriter) {
  KJ_DEFER(job.channel.close());
  if (job.channel.stopped() != ResultChannel::Stop::NONE) return {};  // gone while queued
  // However the query ends (the executor throws when it notices), say why it stopped early.
  KJ_DEFER(if (job.channel.stopped() == ResultChannel::Stop::CANCELLED) {
    logMessage(LogLevel::DEBUG, "query stopped: the client went away or stopped reading");
  });
  job.started = Clock::now();
  cypher::QueryOptions options;
  options.deadline = job.deadline;
  options.cancelled = &job.channel.cancelledFlag();
  RowBatcher batcher(job, onWriter ? 0 : QUEUED_BATCHES);
  const cypher::QueryResult r = cypher::runQuery(
      store, job.text, job.parsed->parsed, job.params, options,
      [&batcher](const std::vector<std::string>& columns) { batcher.setColumns(columns); },
      [&batcher](const cypher::QList& row, const Reader& reader) {
        return batcher.add(row, reader);
      });
  batcher.flush();
  if (job.channel.stopped() == ResultChannel::Stop::DEADLINE) {
    rpcFail("limit_exceeded", "the query ran past its deadline of " +
                                  std::to_string(job.deadline.count()) +
                                  " ms while its rows waited for the client");
  }
  return outcome(r, batcher, job);
}

// The read pool's part: a query without write clauses runs here; one with them is handed
// back, to go to the writer thread so that it does not hold a read worker while it waits for
// the write lock (and so that writes keep their one-at-a-time order).
QueryOutcome executeOrHandOff(ServerContext& ctx, QueryJob& job) {
  if (!job.parsed) job.parsed = ctx.parseCache.get(job.text);
  if (needsWriter(job)) {
    QueryOutcome out;
    out.needsWriter = true;
    return out;
  }
  // A query that does not parse runs too: runQuery reports the syntax error as a QueryError.
  return execute(ctx.store, job, false);
}

// The short first run on the RPC thread (ServerLimits::inlineBudget). A read-only statement
// that finishes within the budget and whose result fits one batch is answered from here,
// without the two thread hand-overs of the read pool: its output (at most one item) is left in
// `items` and its outcome returned. Nullopt, with `items` empty, when it must run on a worker
// instead: it writes, its text is long (parsing it could hold up the RPC thread), it overran
// the budget or had more rows than one batch, or its text's recent attempts overran too often
// (InlineGate). Errors other than running out of time are the query's own, reported at once.
std::optional<QueryOutcome> tryInline(ServerContext& ctx, QueryJob& job,
                                      std::vector<ResultChannel::Item>& items) {
  const auto budget = ctx.limits.inlineBudget;
  if (budget.count() <= 0 || budget >= job.deadline || job.text.size() > ctx.parseCache.maxText()) {
    return std::nullopt;
  }
  job.parsed = ctx.parseCache.get(job.text);
  if (needsWriter(job) || !job.parsed->inlineGate.shouldTry()) return std::nullopt;
  RowBatcher batcher(job, items);
  cypher::QueryOptions options;
  options.deadline = budget;
  const Clock::time_point until = inlineCutoff(budget);
  std::optional<cypher::QueryResult> r;
  translateErrors([&] {
    try {
      r = cypher::runQuery(
          ctx.store, job.text, job.parsed->parsed, job.params, options,
          [&batcher](const std::vector<std::string>& columns) { batcher.setColumns(columns); },
          [&batcher](const cypher::QList& row, const Reader& reader) {
            return batcher.add(row, reader);
          });
    } catch (const cypher::QueryError& e) {
      if (e.kind() != "TransientError" || Clock::now() < until) failQuery(e, job);
    }
  });
  const bool overran = !r || batcher.overflowed() || Clock::now() >= until;
  job.parsed->inlineGate.record(overran);
  if (overran) {
    items.clear();
    return std::nullopt;
  }
  batcher.flush();
  return outcome(*r, batcher, job);
}

rpc::QueryMode toRpc(cypher::QueryMode mode) {
  switch (mode) {
    case cypher::QueryMode::NORMAL:
      return rpc::QueryMode::NORMAL;
    case cypher::QueryMode::EXPLAIN:
      return rpc::QueryMode::EXPLAIN;
    case cypher::QueryMode::PROFILE:
      return rpc::QueryMode::PROFILE;
  }
  return rpc::QueryMode::NORMAL;
}

void fillColumns(capnp::List<capnp::Text>::Builder out, const std::vector<std::string>& names) {
  for (unsigned i = 0; i < names.size(); ++i) {
    out.set(i, textReader(names[i]));
  }
}

void fillSummary(rpc::QuerySummary::Builder out, const QueryOutcome& o) {
  fillColumns(out.initColumns(static_cast<unsigned>(o.columns.size())), o.columns);
  out.setRows(o.rows);
  auto s = out.initStats();
  s.setNodesCreated(o.stats.nodesCreated);
  s.setNodesDeleted(o.stats.nodesDeleted);
  s.setRelationshipsCreated(o.stats.relationshipsCreated);
  s.setRelationshipsDeleted(o.stats.relationshipsDeleted);
  s.setPropertiesSet(o.stats.propertiesSet);
  s.setLabelsAdded(o.stats.labelsAdded);
  s.setLabelsRemoved(o.stats.labelsRemoved);
  out.setWrote(o.wrote);
  out.setMode(toRpc(o.mode));
  out.setPlan(o.plan);
}

kj::Promise<void> sendColumns(rpc::QuerySink::Client& sink, QueryJob& job,
                              const std::vector<std::string>& columns) {
  job.columnsSent = true;
  auto req = sink.columnsRequest();
  fillColumns(req.initNames(static_cast<unsigned>(columns.size())), columns);
  return req.send();
}

// Sends what the channel carries to the sink, each send waiting for flow control, until the
// channel is closed and drained.
kj::Promise<void> pump(std::shared_ptr<QueryJob> job, rpc::QuerySink::Client sink) {
  auto next = job->channel.next(job);
  return next.then([job = std::move(job), sink = kj::mv(sink)](
                       std::optional<ResultChannel::Item>&& item) mutable -> kj::Promise<void> {
    if (!item) return kj::READY_NOW;
    // Both go out in this turn, and so in one write.
    kj::Vector<kj::Promise<void>> sends;
    if (item->columns) sends.add(sendColumns(sink, *job, *item->columns));
    if (item->batch) {
      auto req = sink.writeRequest();
      req.setRows(item->batch->getRoot<rpc::QuerySink::WriteParams>().asReader().getRows());
      sends.add(req.send());
    }
    kj::Promise<void> sent = kj::joinPromises(sends.releaseAsArray());
    return sent.then([job = std::move(job), sink = kj::mv(sink)]() mutable {
      return pump(std::move(job), kj::mv(sink));
    });
  });
}

}  // namespace

kj::Promise<void> serveQuery(ServerContext& ctx, QueryCallContext context) {
  auto params = context.getParams();
  auto job = std::make_shared<QueryJob>();
  job->text = toString(params.getText());
  job->params = readParams(params.getParameters());
  job->deadline = ctx.limits.queryDeadline;
  job->batchRows = static_cast<size_t>(ctx.limits.streamBatch);
  job->temporalValues = params.getTemporalValues();
  if (!params.hasSink()) rpcFail("invalid_argument", "query needs a sink for its rows");
  rpc::QuerySink::Client sink = params.getSink();
  context.allowCancellation();

  std::vector<ResultChannel::Item> items;
  std::optional<QueryOutcome> quick = tryInline(ctx, *job, items);
  if (quick && params.getInlineRows()) {
    // The whole answer in the reply: no calls on the sink, no waiting for their returns.
    capnp::MallocMessageBuilder* batch = items.empty() ? nullptr : items.front().batch.get();
    auto rows = batch ? batch->getRoot<rpc::QuerySink::WriteParams>().asReader().getRows()
                      : capnp::List<rpc::QueryRow>::Reader();
    size_t words = (batch ? batch->sizeInWords() : 0) + 32 + quick->plan.size() / 8;
    for (const auto& c : quick->columns) words += 1 + c.size() / 8;
    auto results = context.getResults(capnp::MessageSize{words, 0});
    fillSummary(results.initSummary(), *quick);
    results.setRows(rows);
    results.setRowsInline(true);
    return kj::READY_NOW;
  }
  if (quick) {
    for (auto& item : items) job->channel.push(std::move(item), 0, {});
    job->channel.close();
  }

  // The rows go out while the query runs. A sink that fails (the client stopped reading)
  // stops the query.
  kj::Promise<void> pumped = pump(job, sink)
                                 .catch_([job](kj::Exception&& e) -> kj::Promise<void> {
                                   job->channel.cancel();
                                   return kj::mv(e);
                                 })
                                 .eagerlyEvaluate(nullptr);

  kj::Promise<QueryOutcome> first =
      quick ? kj::Promise<QueryOutcome>(kj::mv(*quick))
            : offload<QueryOutcome>(ctx.readPool, [&ctx, job](const std::atomic<bool>&) {
                return guarded(*job, [&] { return executeOrHandOff(ctx, *job); });
              });
  auto run = kj::mv(first).then([&ctx, job](QueryOutcome&& out) -> kj::Promise<QueryOutcome> {
    if (!out.needsWriter) return kj::mv(out);
    return offload<QueryOutcome>(ctx.writePool,
                                 [&store = ctx.store, job](const std::atomic<bool>&) {
                                   return guarded(*job, [&] { return execute(store, *job, true); });
                                 });
  });

  return run
      .then(
          [job, sink, pumped = kj::mv(pumped)](QueryOutcome&& out) mutable {
            return pumped.then([job, sink, out = std::move(out)]() mutable {
              kj::Promise<void> columns = kj::READY_NOW;
              if (!job->columnsSent) columns = sendColumns(sink, *job, out.columns);
              return columns.then([sink, out = std::move(out)]() mutable {
                // The summary goes to the sink too, for clients that only watch the sink, but
                // the call's own result carries it: waiting for the sink's answer would cost
                // every query one more round trip.
                auto req = sink.doneRequest();
                fillSummary(req.initSummary(), out);
                req.send().ignoreResult().detach([](kj::Exception&&) {});
                return kj::mv(out);
              });
            });
          },
          [job](kj::Exception&& e) -> kj::Promise<QueryOutcome> {
            job->channel.close();  // the worker never ran, or failed: nothing more will come
            return kj::mv(e);
          })
      .then([context](QueryOutcome&& out) mutable {
        fillSummary(context.getResults().initSummary(), out);
      })
      .attach(kj::defer([job] { job->channel.cancel(); }));
}

}  // namespace casegraph
