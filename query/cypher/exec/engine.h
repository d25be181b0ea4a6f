// Inside the Cypher engine: the per-query context, evaluation environments, the pattern
// matcher and the expression evaluator. Not a public interface: execute.h is.
#pragma once

#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graphd/store/store.h"
#include "query/cypher/parse/ast.h"
#include "query/cypher/exec/execute.h"
#include "query/cypher/exec/qvalue.h"
#include "query/link/graph-view.h"
#include "query/link/paths.h"

namespace casegraph::cypher::detail {

[[noreturn]] void compileError(const std::string& kind, const std::string& code,
                               const std::string& message, SourcePos pos = {});
[[noreturn]] void runtimeError(const std::string& kind, const std::string& code,
                               const std::string& message, SourcePos pos = {});

using Row = QList;

// The variables of a row, by slot. A later name of the same spelling shadows an earlier one
// (WITH may project a variable anew).
struct Scope {
  std::vector<std::string> names;
  int find(std::string_view name) const {
    for (size_t i = names.size(); i-- > 0;) {
      if (names[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
  int add(std::string name) {
    names.push_back(std::move(name));
    return static_cast<int>(names.size() - 1);
  }
};

// Everything one query shares: the transaction, parameters, limits, statistics and caches.
class QueryContext {
 public:
  QueryContext(const Reader& reader, WriteTxn* writer, const QMap& params,
               const QueryOptions& options);

  const Reader& reader;
  WriteTxn* writer;  // null for a read-only query
  const QMap& params;
  const QueryOptions& options;
  QueryStats stats;
  // The statement's clock (nanoseconds since the epoch), read when a query first asks for it:
  // datetime(), timestamp() and the other clock functions read this, so one query sees one
  // instant.
  int64_t statementNanos();

  // Records as the query's transaction sees them; throws EntityNotFound for a deleted one.
  const Node& node(uint64_t id);
  const Edge& edge(uint64_t id);
  bool nodeDeleted(uint64_t id) const {
    return !deletedNodes_.empty() && deletedNodes_.count(id) != 0;
  }
  bool anyNodeDeleted() const { return !deletedNodes_.empty(); }
  bool edgeDeleted(uint64_t id) const {
    return !deletedEdges_.empty() && deletedEdges_.count(id) != 0;
  }
  // A deleted entity stays readable for the rest of the query (RETURN type(r) after DELETE r)
  // from a copy taken before the delete; callers take the copy with remember*().
  void markDeleted(uint64_t node, Node last) {
    deletedNodes_.insert(node);
    nodes_[node] = std::move(last);
  }
  void markEdgeDeleted(uint64_t edge, Edge last) {
    deletedEdges_.insert(edge);
    edges_[edge] = std::move(last);
  }
  // Throws EntityNotFound when a node or relationship was deleted by this query (its
  // properties and labels may no longer be read; its id and type may).
  void requireLive(const QValue& entity, SourcePos pos) const;
  void forgetNode(uint64_t id) { nodes_.erase(id); }
  void forgetEdge(uint64_t id) { edges_.erase(id); }
  // Whether the node has every one of the labels (token ids resolved once per name).
  bool hasLabels(uint64_t id, const std::vector<std::string>& labels);
  // Whether node `id` has one of `labels` ((n:A|B)); true when there are none.
  bool hasAnyLabel(uint64_t id, const std::vector<std::string>& labels) {
    return labels.empty() || std::any_of(labels.begin(), labels.end(),
                                         [&](const std::string& l) { return hasLabels(id, {l}); });
  }
  std::optional<uint32_t> tokenId(const std::string& name);

  WriteTxn& write(SourcePos pos);  // the writer, or an error for a read-only query

  // Throws past the deadline or on cancellation. Cheap; call in loops.
  void checkpoint() {
    if ((++ticks_ & 1023) == 0) checkpointSlow();
  }
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }

  const re2::RE2& regex(const std::string& pattern, SourcePos pos);

  // Runs EXISTS { query } for a row (set by the executor, which plans subqueries).
  std::function<bool(const Query&, const struct Env&)> subquery;

 private:
  void checkpointSlow();
  std::unordered_map<uint64_t, Node> nodes_;  // a cache, and the last state of deleted ones
  std::unordered_map<uint64_t, Edge> edges_;
  std::unordered_set<uint64_t> deletedNodes_;
  std::unordered_set<uint64_t> deletedEdges_;
  std::unordered_map<std::string, std::optional<uint32_t>> tokens_;
  std::unordered_map<std::string, std::unique_ptr<re2::RE2>> regexes_;
  std::chrono::steady_clock::time_point deadline_;
  std::optional<int64_t> statementNanos_;
  uint64_t ticks_ = 0;
};

// A variable bound inside an expression (list comprehension, quantifier, reduce): a chain
// searched before the row's scope.
struct Local {
  std::string_view name;
  const QValue* value;
  const Local* next;
};

// Where an expression is evaluated: a row and its scope, local variables, and — in a
// projection with aggregation — the finished values of the aggregate calls.
struct Env {
  QueryContext& ctx;
  const Scope& scope;
  const Row& row;
  const Local* locals = nullptr;
  const std::unordered_map<const Expr*, QValue>* aggregates = nullptr;

  const QValue* lookup(std::string_view name) const;
  Env with(const Local* l) const { return Env{ctx, scope, row, l, aggregates}; }
};

QValue evaluate(const Expr& expr, const Env& env);
QValue literalValue(const Literal& l);
// WHERE: true only for true (null and false both reject).
bool evaluatePredicate(const Expr& expr, const Env& env);

// Aggregate functions: count, collect, sum, avg, min, max, stDev, stDevP, percentileDisc,
// percentileCont.
bool isAggregateName(std::string_view lowerName);
bool containsAggregate(const Expr& expr);
// The aggregate calls in `expr` (not inside one another), in source order.
void collectAggregates(const Expr& expr, std::vector<const Expr*>& out);

class Aggregator {
 public:
  virtual ~Aggregator() = default;
  virtual void add(const Env& env) = 0;
  virtual QValue result() = 0;
};
std::unique_ptr<Aggregator> makeAggregator(const Expr& call);

// Built-in scalar functions. `name` lower case.
QValue callFunction(const std::string& name, const FunctionCall& call, std::vector<QValue>& args,
                    const Env& env, SourcePos pos);
bool isKnownFunction(std::string_view lowerName);
// toString() of numbers, booleans and temporal values.
std::string floatToString(double d);
std::string valueToString(const QValue& v);

std::string lower(std::string_view s);

// --- patterns ------------------------------------------------------------------------------

// A pattern compiled against a scope: which slots its variables use and which of them were
// bound before the pattern ran.
struct CNode {
  int slot = -1;  // -1: anonymous
  const NodePattern* pattern = nullptr;
  // From the MATCH's WHERE: `id(n) = idSeek` (or `id(n) IN idSeek` with idSeekList), where
  // idSeek is a parameter or a literal; the candidates are then those ids, not a scan.
  const Expr* idSeek = nullptr;
  bool idSeekList = false;
  // From the MATCH's WHERE (pushPredicates): conjuncts that read no other variable of the
  // MATCH, checked as soon as the node is bound; and of them, `n.key = value`, which a
  // labelled node looks up in the property index like a property map.
  std::vector<const Expr*> filters;
  std::vector<std::pair<std::string, const Expr*>> seeks;
};
struct CRel {
  int slot = -1;
  const RelationshipPattern* pattern = nullptr;
};
// all(x IN relationships(p) WHERE predicate), all(x IN nodes(p) WHERE ...), none(...), or a
// conjunct on a single relationship's variable: a test of each relationship (or node) alone.
struct ElementPredicate {
  std::string variable;  // what the element is called in `predicate`
  const Expr* predicate = nullptr;
  bool negated = false;  // none(): the predicate must be false
};
struct CPart {
  int pathSlot = -1;
  PathSearch search = PathSearch::NONE;
  std::vector<CNode> nodes;
  std::vector<CRel> rels;
  SourcePos pos;
  // WHERE conjuncts that read only variables bound once this part is matched (and earlier
  // parts, in matchOrder): checked before the next part is matched.
  std::vector<const Expr*> filters;
  // A shortestPath part's predicates on its path, pushed into the search: on each
  // relationship, on each node, and the rest (checked on whole paths, shortest first).
  std::vector<ElementPredicate> relPredicates;
  std::vector<ElementPredicate> nodePredicates;
  std::vector<const Expr*> pathPredicates;
};

// The order the matcher takes a pattern's parts in: as written, shortest paths last (they
// need both ends bound).
std::vector<size_t> matchOrder(const std::vector<CPart>& parts);

// Hands each conjunct of a MATCH's WHERE to the earliest place in the match where everything
// it reads is bound: a node, a part, or a shortest path's search. The WHERE is still evaluated
// on every match, so this only cuts the search short. `fresh`: the slots the pattern binds.
void pushPredicates(const Expr& where, const Scope& scope, const std::vector<int>& fresh,
                    std::vector<CPart>& parts);

// WHERE split at its top-level ANDs, in source order.
void splitConjuncts(const Expr& where, std::vector<const Expr*>& out);
// Adds the names an expression may read (every variable named in it, locals included, and
// the variables of its patterns); false when it holds a subquery, whose reads are not known.
bool namesRead(const Expr& e, std::set<std::string>& out);

// A shortestPath / allShortestPaths search between two bound nodes.
struct ShortestSearch {
  PathSearch search = PathSearch::SHORTEST;
  TraversalFilter filter;  // direction, types, and the per-relationship and per-node tests
  uint64_t minHops = 1;
  uint64_t maxHops = 1;
  // The path predicates beyond the filter's; empty: none. A path is found only if it holds.
  std::function<bool(const Path&)> accept;
  SourcePos pos;
};
// The shortest path from `from` to `to` of at least minHops relationships that the filter and
// `accept` allow (with ALL_SHORTEST every one of that length), each handed to fn; false when fn
// stopped. Without `accept` and with minHops <= 1 a bidirectional breadth-first search;
// otherwise trails (no relationship twice) are tried by length, under the query's deadline
// and maxHops. Throws TransientError when the deadline passes.
bool findShortest(QueryContext& ctx, const ShortestSearch& s, uint64_t from, uint64_t to,
                  const std::function<bool(const Path&)>& fn);

// Adds the pattern's new variables to `scope` and returns its compiled form. `fresh` collects
// the slots the pattern binds (those not bound before it).
std::vector<CPart> compilePattern(const Pattern& pattern, Scope& scope, std::vector<int>& fresh);
CPart compileElement(const PatternElement& element, const std::string& pathVariable,
                     PathSearch search, SourcePos pos, Scope& scope, std::vector<int>& fresh);

// Finds every match of compiled parts extending `row` (whose fresh slots are unset), calling
// fn(row) for each with the fresh slots filled; fn returns false to stop. Relationships are
// distinct within one call (openCypher's relationship isomorphism). Returns false if stopped.
bool matchPattern(QueryContext& ctx, const Scope& scope, const std::vector<CPart>& parts,
                  const std::vector<int>& fresh, Row& row, const std::function<bool(Row&)>& fn);

// The value a node or relationship pattern's property map must match, evaluated in `env`.
QMap evaluatePropertyMap(const Expr& props, const Env& env);
// Whether `have` holds every key of `want` with a Cypher-equal value (a null matches nothing).
bool propertiesMatch(const PropertyMap& have, const QMap& want);

}  // namespace casegraph::cypher::detail
