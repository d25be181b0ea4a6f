// Expression evaluation: openCypher's three-valued logic, comparison and arithmetic rules over
// QValues, with nodes and relationships read through the query's context.
// Over 800 lines: one switch per operator family over every value type; the comparison and
// arithmetic rules read best side by side.
#include <cmath>
#include <limits>

#include "query/cypher/exec/engine.h"
#include "query/cypher/functions/temporal.h"

namespace casegraph::cypher::detail {

void compileError(const std::string& kind, const std::string& code, const std::string& message,
                  SourcePos pos) {
  throw QueryError(kind, code, message, ErrorPhase::COMPILE, pos.line, pos.column);
}

void runtimeError(const std::string& kind, const std::string& code, const std::string& message,
                  SourcePos pos) {
  throw QueryError(kind, code, message, ErrorPhase::RUNTIME, pos.line, pos.column);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// --- the query context -----------------------------------------------------------------------

namespace {
// Empties a record cache but keeps the last state of entities this query deleted.
template <typename Map>
void trim(Map& cache, const std::unordered_set<uint64_t>& deleted) {
  for (auto it = cache.begin(); it != cache.end();) {
    it = deleted.count(it->first) ? std::next(it) : cache.erase(it);
  }
}
}  // namespace

QueryContext::QueryContext(const Reader& r, WriteTxn* w, const QMap& p, const QueryOptions& o)
    : reader(r),
      writer(w),
      params(p),
      options(o),
      deadline_(std::chrono::steady_clock::now() + o.deadline) {}

int64_t QueryContext::statementNanos() {
  if (!statementNanos_) {
    statementNanos_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  }
  return *statementNanos_;
}

const Node& QueryContext::node(uint64_t id) {
  if (auto it = nodes_.find(id); it != nodes_.end()) return it->second;
  if (deletedNodes_.count(id)) {
    runtimeError("EntityNotFound", "DeletedEntityAccess",
                 "node " + std::to_string(id) + " was deleted by this query");
  }
  auto n = reader.node(id);
  if (!n) {
    runtimeError("EntityNotFound", "EntityNotFound", "node " + std::to_string(id) + " not found");
  }
  if (nodes_.size() > 100'000) trim(nodes_, deletedNodes_);  // a cache, not a copy of the graph
  return nodes_.emplace(id, std::move(*n)).first->second;
}

const Edge& QueryContext::edge(uint64_t id) {
  if (auto it = edges_.find(id); it != edges_.end()) return it->second;
  if (deletedEdges_.count(id)) {
    runtimeError("EntityNotFound", "DeletedEntityAccess",
                 "relationship " + std::to_string(id) + " was deleted by this query");
  }
  auto e = reader.edge(id);
  if (!e) {
    runtimeError("EntityNotFound", "EntityNotFound",
                 "relationship " + std::to_string(id) + " not found");
  }
  if (edges_.size() > 100'000) trim(edges_, deletedEdges_);
  return edges_.emplace(id, std::move(*e)).first->second;
}

std::optional<uint32_t> QueryContext::tokenId(const std::string& name) {
  auto it = tokens_.find(name);
  if (it != tokens_.end() && it->second) return it->second;
  // Unknown names are looked up again: this query may have created them since.
  auto id = reader.tokenId(name);
  tokens_[name] = id;
  return id;
}

bool QueryContext::hasLabels(uint64_t id, const std::vector<std::string>& labels) {
  if (labels.empty()) return true;
  if (auto it = nodes_.find(id); it != nodes_.end()) {
    for (const auto& l : labels) {
      if (!std::binary_search(it->second.labels.begin(), it->second.labels.end(), l)) {
        return false;
      }
    }
    return true;
  }
  const auto have = reader.nodeLabelIds(id);
  for (const auto& l : labels) {
    auto t = tokenId(l);
    if (!t || std::find(have.begin(), have.end(), *t) == have.end()) return false;
  }
  return true;
}

void QueryContext::requireLive(const QValue& entity, SourcePos pos) const {
  const bool deleted = entity.type() == QType::NODE ? nodeDeleted(entity.asNode().id)
                                                    : edgeDeleted(entity.asRel().id);
  if (deleted) {
    runtimeError("EntityNotFound", "DeletedEntityAccess",
                 std::string("the ") + (entity.type() == QType::NODE ? "node" : "relationship") +
                     " was deleted by this query; its properties and labels are gone",
                 pos);
  }
}

WriteTxn& QueryContext::write(SourcePos pos) {
  if (!writer) {
    runtimeError("ForbiddenOperation", "WriteInReadOnlyQuery",
                 "this query may not write (read-only session)", pos);
  }
  return *writer;
}

QValue literalValue(const Literal& l) {
  return std::visit(
      Overloaded{[](std::monostate) { return QValue(); }, [](const auto& x) { return QValue(x); }},
      l.value);
}

void QueryContext::checkpointSlow() {
  if (options.cancelled && options.cancelled->load(std::memory_order_relaxed)) {
    runtimeError("TransientError", "Cancelled", "the query was cancelled");
  }
  if (std::chrono::steady_clock::now() > deadline_) {
    runtimeError(
        "TransientError", "DeadlineExceeded",
        "the query ran past its deadline of " +
            std::to_string(
                std::chrono::duration_cast<std::chrono::milliseconds>(options.deadline).count()) +
            " ms");
  }
}

const re2::RE2& QueryContext::regex(const std::string& pattern, SourcePos pos) {
  auto it = regexes_.find(pattern);
  if (it != regexes_.end()) return *it->second;
  re2::RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_encoding(re2::RE2::Options::EncodingUTF8);
  auto re = std::make_unique<re2::RE2>(pattern, opts);
  if (!re->ok()) {
    runtimeError("ArgumentError", "InvalidArgumentValue",
                 "invalid regular expression '" + pattern + "': " + re->error(), pos);
  }
  return *regexes_.emplace(pattern, std::move(re)).first->second;
}

const QValue* Env::lookup(std::string_view name) const {
  for (const Local* l = locals; l; l = l->next) {
    if (l->name == name) return l->value;
  }
  const int slot = scope.find(name);
  if (slot < 0 || static_cast<size_t>(slot) >= row.size()) return nullptr;
  return &row[slot];
}

// --- helpers ---------------------------------------------------------------------------------

namespace {

[[noreturn]] void typeError(const std::string& what, const QValue& got, SourcePos pos) {
  runtimeError("TypeError", "InvalidArgumentType",
               what + ", got " + std::string(qtypeName(got.type())), pos);
}

std::optional<bool> truth(const QValue& v, const char* op, SourcePos pos) {
  if (v.isNull()) return std::nullopt;
  if (v.type() != QType::BOOL) typeError(std::string(op) + " needs booleans", v, pos);
  return v.asBool();
}

QValue fromTruth(std::optional<bool> t) { return t ? QValue(*t) : QValue(); }

QValue propertyOf(const PropertyMap& props, const std::string& key) {
  auto it = props.find(key);
  return it == props.end() ? QValue() : fromStore(it->second);
}

QValue accessProperty(const QValue& subject, const std::string& key, const Env& env,
                      SourcePos pos) {
  switch (subject.type()) {
    case QType::NUL:
      return {};
    case QType::NODE:
      env.ctx.requireLive(subject, pos);
      return propertyOf(env.ctx.node(subject.asNode().id).properties, key);
    case QType::RELATIONSHIP:
      env.ctx.requireLive(subject, pos);
      return propertyOf(env.ctx.edge(subject.asRel().id).properties, key);
    case QType::MAP: {
      auto it = subject.asMap().find(key);
      return it == subject.asMap().end() ? QValue() : it->second;
    }
    case QType::DATE:
    case QType::DATETIME:
    case QType::LOCALDATETIME:
    case QType::TIME:
    case QType::LOCALTIME:
    case QType::DURATION:
      return temporalField(subject, key, pos);
    case QType::POINT: {
      const Point& p = subject.asPoint();
      if (key == "x") return p.x;
      if (key == "y") return p.y;
      if (key == "srid") return int64_t{p.srid};
      if (key == "crs") return crsName(p);
      if (p.srid == Point::WGS84 && key == "longitude") return p.x;
      if (p.srid == Point::WGS84 && key == "latitude") return p.y;
      runtimeError("ArgumentError", "InvalidArgumentValue",
                   std::string("a ") + crsName(p) + " point has no field " + key, pos);
    }
    default:
      typeError("property access ." + key + " needs a node, relationship or map", subject, pos);
  }
}

int64_t checkedInt(bool overflow, int64_t value, SourcePos pos) {
  if (overflow) runtimeError("ArithmeticError", "IntegerOverflow", "integer overflow", pos);
  return value;
}

QValue arithmetic(BinaryOp op, const QValue& a, const QValue& b, SourcePos pos) {
  if (a.isNull() || b.isNull()) return {};
  if (a.type() == QType::DURATION || b.type() == QType::DURATION) {
    if (auto v = temporalArithmetic(op, a, b, pos)) return *v;
  }
  if (op == BinaryOp::ADD) {
    if (a.type() == QType::LIST) {
      QList out = a.asList();
      if (b.type() == QType::LIST) {
        out.insert(out.end(), b.asList().begin(), b.asList().end());
      } else {
        out.push_back(b);
      }
      return out;
    }
    if (b.type() == QType::LIST) {
      QList out;
      out.reserve(b.asList().size() + 1);
      out.push_back(a);
      out.insert(out.end(), b.asList().begin(), b.asList().end());
      return out;
    }
    if (a.type() == QType::STRING && b.type() == QType::STRING) {
      return a.asString() + b.asString();
    }
    if (a.type() == QType::STRING && (b.isNumber() || b.type() == QType::BOOL)) {
      return a.asString() + valueToString(b);
    }
    if (b.type() == QType::STRING && (a.isNumber() || a.type() == QType::BOOL)) {
      return valueToString(a) + b.asString();
    }
  }
  if (!a.isNumber() || !b.isNumber()) {
    runtimeError("TypeError", "InvalidArgumentType",
                 std::string("cannot apply ") + binaryOpText(op) + " to " + qtypeName(a.type()) +
                     " and " + qtypeName(b.type()),
                 pos);
  }
  if (a.type() == QType::INT && b.type() == QType::INT) {
    const int64_t x = a.asInt();
    const int64_t y = b.asInt();
    int64_t r = 0;
    switch (op) {
      case BinaryOp::ADD: {
        const bool overflow = __builtin_add_overflow(x, y, &r);
        return checkedInt(overflow, r, pos);
      }
      case BinaryOp::SUBTRACT: {
        const bool overflow = __builtin_sub_overflow(x, y, &r);
        return checkedInt(overflow, r, pos);
      }
      case BinaryOp::MULTIPLY: {
        const bool overflow = __builtin_mul_overflow(x, y, &r);
        return checkedInt(overflow, r, pos);
      }
      case BinaryOp::DIVIDE:
        if (y == 0) runtimeError("ArithmeticError", "DivisionByZero", "division by zero", pos);
        if (x == INT64_MIN && y == -1) checkedInt(true, 0, pos);
        return x / y;
      case BinaryOp::MODULO:
        if (y == 0) runtimeError("ArithmeticError", "DivisionByZero", "division by zero", pos);
        if (y == -1) return int64_t{0};
        return x % y;
      case BinaryOp::POWER:
        return std::pow(double(x), double(y));
      default:
        break;
    }
  }
  const double x = a.asNumber();
  const double y = b.asNumber();
  switch (op) {
    case BinaryOp::ADD:
      return x + y;
    case BinaryOp::SUBTRACT:
      return x - y;
    case BinaryOp::MULTIPLY:
      return x * y;
    case BinaryOp::DIVIDE:
      return x / y;
    case BinaryOp::MODULO:
      return std::fmod(x, y);
    case BinaryOp::POWER:
      return std::pow(x, y);
    default:
      break;
  }
  return {};
}

QValue compare(BinaryOp op, const QValue& a, const QValue& b) {
  if (op == BinaryOp::EQ) return fromTruth(cypherEquals(a, b));
  if (op == BinaryOp::NE) {
    auto e = cypherEquals(a, b);
    return e ? QValue(!*e) : QValue();
  }
  auto c = compareValues(a, b);
  if (!c) {
    // NaN is comparable with numbers but neither below nor above any of them.
    if (a.isNumber() && b.isNumber()) return false;
    return {};
  }
  switch (op) {
    case BinaryOp::LT:
      return *c < 0;
    case BinaryOp::GT:
      return *c > 0;
    case BinaryOp::LE:
      return *c <= 0;
    case BinaryOp::GE:
      return *c >= 0;
    default:
      return {};
  }
}

bool isComparison(BinaryOp op) {
  return op == BinaryOp::EQ || op == BinaryOp::NE || op == BinaryOp::LT || op == BinaryOp::GT ||
         op == BinaryOp::LE || op == BinaryOp::GE;
}

QValue inList(const QValue& item, const QValue& list, SourcePos pos) {
  if (list.isNull()) return {};
  if (list.type() != QType::LIST) typeError("IN needs a list on its right", list, pos);
  bool unknown = false;
  for (const auto& e : list.asList()) {
    auto eq = cypherEquals(item, e);
    if (!eq) {
      unknown = true;
    } else if (*eq) {
      return true;
    }
  }
  if (unknown) return {};
  return false;
}

QValue stringPredicate(BinaryOp op, const QValue& a, const QValue& b) {
  if (a.type() != QType::STRING || b.type() != QType::STRING) return {};
  const auto& s = a.asString();
  const auto& t = b.asString();
  switch (op) {
    case BinaryOp::STARTS_WITH:
      return s.compare(0, t.size(), t) == 0 && s.size() >= t.size();
    case BinaryOp::ENDS_WITH:
      return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
    case BinaryOp::CONTAINS:
      return s.find(t) != std::string::npos;
    default:
      return {};
  }
}

int64_t toIndex(const QValue& v, SourcePos pos) {
  if (v.type() != QType::INT) typeError("a list index must be an integer", v, pos);
  return v.asInt();
}

QValue subscript(const QValue& subject, const QValue& index, const Env& env, SourcePos pos) {
  if (subject.isNull() || index.isNull()) return {};
  switch (subject.type()) {
    case QType::LIST: {
      if (index.type() != QType::INT) {
        runtimeError("TypeError", "ListElementAccessByNonInteger",
                     "a list index must be an integer, got " + std::string(qtypeName(index.type())),
                     pos);
      }
      const auto& l = subject.asList();
      int64_t i = index.asInt();
      if (i < 0) i += static_cast<int64_t>(l.size());
      if (i < 0 || i >= static_cast<int64_t>(l.size())) return {};
      return l[static_cast<size_t>(i)];
    }
    case QType::MAP:
    case QType::NODE:
    case QType::RELATIONSHIP:
      if (index.type() != QType::STRING) {
        runtimeError("TypeError", "MapElementAccessByNonString",
                     "a map key must be a string, got " + std::string(qtypeName(index.type())),
                     pos);
      }
      return accessProperty(subject, index.asString(), env, pos);
    default:
      typeError("[] needs a list or a map", subject, pos);
  }
}

QValue slice(const QValue& subject, const QValue* from, const QValue* to, SourcePos pos) {
  if (subject.isNull()) return {};
  if ((from && from->isNull()) || (to && to->isNull())) return {};
  if (subject.type() != QType::LIST) typeError("a slice needs a list", subject, pos);
  const auto& l = subject.asList();
  const int64_t n = static_cast<int64_t>(l.size());
  auto clamp = [&](int64_t i) {
    if (i < 0) i += n;
    return std::max<int64_t>(0, std::min(i, n));
  };
  const int64_t a = from ? clamp(toIndex(*from, pos)) : 0;
  const int64_t b = to ? clamp(toIndex(*to, pos)) : n;
  if (a >= b) return QList{};
  return QList(l.begin() + a, l.begin() + b);
}

// Runs a pattern inside an expression (predicate, comprehension, EXISTS) for the current row.
template <typename Fn>
void forEachPatternMatch(const PatternElement& element, const std::string& pathVariable,
                         const Env& env, const Expr* where, Fn&& fn) {
  // The pattern sees the row's variables and the expression's locals; locals are copied into
  // an extended row so that the matcher can treat them as bound.
  Scope scope = env.scope;
  Row row = env.row;
  row.resize(scope.names.size());
  for (const Local* l = env.locals; l; l = l->next) {
    // A local of the same name as a row variable shadows it: names are looked up from the end.
    scope.add(std::string(l->name));
    row.push_back(*l->value);
  }
  std::vector<int> fresh;
  std::vector<CPart> parts{
      compileElement(element, pathVariable, PathSearch::NONE, {}, scope, fresh)};
  row.resize(scope.names.size());
  matchPattern(env.ctx, scope, parts, fresh, row, [&](Row& r) {
    Env inner{env.ctx, scope, r, nullptr, env.aggregates};
    if (where && !evaluatePredicate(*where, inner)) return true;
    return fn(inner);
  });
}

QValue quantifier(const QuantifierExpr& q, const Env& env, SourcePos pos) {
  QValue list = evaluate(*q.list, env);
  if (list.isNull()) return {};
  if (list.type() != QType::LIST) typeError("a quantifier needs a list", list, pos);
  size_t trueCount = 0;
  bool unknown = false;
  for (const auto& item : list.asList()) {
    env.ctx.checkpoint();
    Local l{q.variable, &item, env.locals};
    std::optional<bool> t = true;
    if (q.where) t = truth(evaluate(*q.where, env.with(&l)), "WHERE", pos);
    if (!t) {
      unknown = true;
      continue;
    }
    if (*t) {
      ++trueCount;
      if (q.quantifier == Quantifier::ANY) return true;
      if (q.quantifier == Quantifier::NONE) return false;
      if (q.quantifier == Quantifier::SINGLE && trueCount > 1) return false;
    } else if (q.quantifier == Quantifier::ALL) {
      return false;
    }
  }
  if (unknown) return {};
  switch (q.quantifier) {
    case Quantifier::ALL:
      return true;
    case Quantifier::ANY:
      return false;
    case Quantifier::NONE:
      return true;
    case Quantifier::SINGLE:
      return trueCount == 1;
  }
  return {};
}

}  // namespace

QMap evaluatePropertyMap(const Expr& props, const Env& env) {
  QValue v = evaluate(props, env);
  if (v.type() != QType::MAP) {
    runtimeError("TypeError", "InvalidArgumentType",
                 "a property map must be a map, got " + std::string(qtypeName(v.type())),
                 props.pos);
  }
  return v.asMap();
}

bool evaluatePredicate(const Expr& expr, const Env& env) {
  QValue v = evaluate(expr, env);
  if (v.isNull()) return false;
  if (v.type() != QType::BOOL) typeError("a predicate must be a boolean", v, expr.pos);
  return v.asBool();
}

QValue evaluate(const Expr& expr, const Env& env) {
  const SourcePos pos = expr.pos;
  if (env.aggregates) {
    // Finished aggregates, and sort-key parts read from projected columns.
    auto it = env.aggregates->find(&expr);
    if (it != env.aggregates->end()) return it->second;
  }
  return std::visit(
      Overloaded{
          [&](const Literal& l) -> QValue { return literalValue(l); },
          [&](const Parameter& p) -> QValue {
            auto it = env.ctx.params.find(p.name);
            if (it == env.ctx.params.end()) {
              runtimeError("ParameterMissing", "MissingParameter",
                           "parameter $" + p.name + " was not given", pos);
            }
            return it->second;
          },
          [&](const Variable& v) -> QValue {
            if (const QValue* value = env.lookup(v.name)) return *value;
            compileError("SyntaxError", "UndefinedVariable",
                         "variable `" + v.name + "` is not defined", pos);
          },
          [&](const PropertyAccess& p) -> QValue {
            return accessProperty(evaluate(*p.subject, env), p.key, env, pos);
          },
          [&](const HasLabels& h) -> QValue {
            QValue s = evaluate(*h.subject, env);
            if (s.isNull()) return {};
            if (s.type() != QType::NODE) typeError("a label test needs a node", s, pos);
            return env.ctx.hasLabels(s.asNode().id, h.labels);
          },
          [&](const Unary& u) -> QValue {
            QValue v = evaluate(*u.operand, env);
            switch (u.op) {
              case UnaryOp::NOT: {
                auto t = truth(v, "NOT", pos);
                return t ? QValue(!*t) : QValue();
              }
              case UnaryOp::IS_NULL:
                return v.isNull();
              case UnaryOp::IS_NOT_NULL:
                return !v.isNull();
              case UnaryOp::PLUS:
                if (v.isNull() || v.isNumber()) return v;
                typeError("unary + needs a number", v, pos);
              case UnaryOp::MINUS:
                if (v.isNull()) return v;
                if (v.type() == QType::INT) {
                  if (v.asInt() == INT64_MIN) checkedInt(true, 0, pos);
                  return -v.asInt();
                }
                if (v.type() == QType::FLOAT) return -v.asFloat();
                if (v.type() == QType::DURATION) {
                  const auto& d = v.asDuration();
                  return normalDuration(-d.months, -d.days, -d.seconds, -d.nanos);
                }
                typeError("unary - needs a number", v, pos);
            }
            return {};
          },
          [&](const Binary& b) -> QValue {
            switch (b.op) {
              case BinaryOp::AND: {
                auto l = truth(evaluate(*b.left, env), "AND", pos);
                if (l && !*l) {
                  // Still type-check the right side, as openCypher requires booleans.
                  auto r = truth(evaluate(*b.right, env), "AND", pos);
                  (void)r;
                  return false;
                }
                auto r = truth(evaluate(*b.right, env), "AND", pos);
                if (r && !*r) return false;
                if (!l || !r) return {};
                return true;
              }
              case BinaryOp::OR: {
                auto l = truth(evaluate(*b.left, env), "OR", pos);
                auto r = truth(evaluate(*b.right, env), "OR", pos);
                if ((l && *l) || (r && *r)) return true;
                if (!l || !r) return {};
                return false;
              }
              case BinaryOp::XOR: {
                auto l = truth(evaluate(*b.left, env), "XOR", pos);
                auto r = truth(evaluate(*b.right, env), "XOR", pos);
                if (!l || !r) return {};
                return *l != *r;
              }
              default:
                break;
            }
            QValue l = evaluate(*b.left, env);
            QValue r = evaluate(*b.right, env);
            if (isComparison(b.op)) return compare(b.op, l, r);
            switch (b.op) {
              case BinaryOp::IN:
                return inList(l, r, pos);
              case BinaryOp::STARTS_WITH:
              case BinaryOp::ENDS_WITH:
              case BinaryOp::CONTAINS:
                return stringPredicate(b.op, l, r);
              case BinaryOp::REGEX_MATCH: {
                if (l.type() != QType::STRING || r.type() != QType::STRING) return {};
                return re2::RE2::FullMatch(l.asString(), env.ctx.regex(r.asString(), pos));
              }
              default:
                return arithmetic(b.op, l, r, pos);
            }
          },
          [&](const ComparisonChain& c) -> QValue {
            std::vector<QValue> values;
            values.reserve(c.operands.size());
            for (const auto& e : c.operands) values.push_back(evaluate(e, env));
            bool unknown = false;
            for (size_t i = 0; i < c.ops.size(); ++i) {
              QValue t = compare(c.ops[i], values[i], values[i + 1]);
              if (t.isNull()) {
                unknown = true;
              } else if (!t.asBool()) {
                return false;
              }
            }
            if (unknown) return {};
            return true;
          },
          [&](const Subscript& s) -> QValue {
            return subscript(evaluate(*s.subject, env), evaluate(*s.index, env), env, pos);
          },
          [&](const Slice& s) -> QValue {
            QValue subject = evaluate(*s.subject, env);
            std::optional<QValue> from, to;
            if (s.from) from = evaluate(*s.from, env);
            if (s.to) to = evaluate(*s.to, env);
            return slice(subject, from ? &*from : nullptr, to ? &*to : nullptr, pos);
          },
          [&](const FunctionCall& f) -> QValue {
            const std::string name = lower(f.name);
            if (isAggregateName(name)) {
              if (env.aggregates) {
                auto it = env.aggregates->find(&expr);
                if (it != env.aggregates->end()) return it->second;
              }
              compileError("SyntaxError", "InvalidAggregation",
                           "aggregate " + f.name + "(...) is not allowed here", pos);
            }
            std::vector<QValue> args;
            args.reserve(f.args.size());
            for (const auto& a : f.args) args.push_back(evaluate(a, env));
            return callFunction(name, f, args, env, pos);
          },
          [&](const CountStar&) -> QValue {
            if (env.aggregates) {
              auto it = env.aggregates->find(&expr);
              if (it != env.aggregates->end()) return it->second;
            }
            compileError("SyntaxError", "InvalidAggregation", "count(*) is not allowed here", pos);
          },
          [&](const Case& c) -> QValue {
            if (c.test) {
              QValue test = evaluate(*c.test, env);
              for (size_t i = 0; i < c.whens.size(); ++i) {
                auto eq = cypherEquals(test, evaluate(c.whens[i], env));
                if (eq && *eq) return evaluate(c.thens[i], env);
              }
            } else {
              for (size_t i = 0; i < c.whens.size(); ++i) {
                QValue w = evaluate(c.whens[i], env);
                if (w.type() == QType::BOOL && w.asBool()) return evaluate(c.thens[i], env);
              }
            }
            return c.otherwise ? evaluate(*c.otherwise, env) : QValue();
          },
          [&](const ListLiteral& l) -> QValue {
            QList out;
            out.reserve(l.items.size());
            for (const auto& e : l.items) out.push_back(evaluate(e, env));
            return out;
          },
          [&](const MapLiteral& m) -> QValue {
            QMap out;
            for (size_t i = 0; i < m.keys.size(); ++i) {
              out[m.keys[i]] = evaluate(m.values[i], env);
            }
            return out;
          },
          [&](const ListComprehension& c) -> QValue {
            QValue list = evaluate(*c.list, env);
            if (list.isNull()) return {};
            if (list.type() != QType::LIST) typeError("IN needs a list", list, pos);
            QList out;
            for (const auto& item : list.asList()) {
              env.ctx.checkpoint();
              Local l{c.variable, &item, env.locals};
              Env inner = env.with(&l);
              if (c.where && !evaluatePredicate(*c.where, inner)) continue;
              out.push_back(c.projection ? evaluate(*c.projection, inner) : item);
            }
            return out;
          },
          [&](const MapProjection& m) -> QValue {
            const QValue subject = evaluate(*m.subject, env);
            if (subject.isNull()) return {};
            const QType t = subject.type();
            if (t != QType::NODE && t != QType::RELATIONSHIP && t != QType::MAP) {
              typeError("a map projection needs a node, relationship or map", subject, pos);
            }
            QMap out;
            for (const auto& item : m.items) {
              switch (item.kind) {
                case MapProjection::Item::PROPERTY:
                  out[item.key] = accessProperty(subject, item.key, env, pos);
                  break;
                case MapProjection::Item::ALL_PROPERTIES:
                  if (t == QType::MAP) {
                    for (const auto& [k, v] : subject.asMap()) out[k] = v;
                  } else {
                    env.ctx.requireLive(subject, pos);
                    const PropertyMap& props = t == QType::NODE
                                                   ? env.ctx.node(subject.asNode().id).properties
                                                   : env.ctx.edge(subject.asRel().id).properties;
                    for (const auto& [k, v] : props) out[k] = fromStore(v);
                  }
                  break;
                case MapProjection::Item::ENTRY:
                case MapProjection::Item::VARIABLE:
                  out[item.key] = evaluate(*item.value, env);
                  break;
              }
            }
            return out;
          },
          [&](const Reduce& r) -> QValue {
            QValue acc = evaluate(*r.init, env);
            QValue list = evaluate(*r.list, env);
            if (list.isNull()) return {};
            if (list.type() != QType::LIST) typeError("reduce() needs a list after IN", list, pos);
            for (const auto& item : list.asList()) {
              env.ctx.checkpoint();
              Local accLocal{r.accumulator, &acc, env.locals};
              Local itemLocal{r.variable, &item, &accLocal};
              acc = evaluate(*r.expression, env.with(&itemLocal));
            }
            return acc;
          },
          [&](const QuantifierExpr& q) -> QValue { return quantifier(q, env, pos); },
          [&](const PatternComprehension& p) -> QValue {
            QList out;
            forEachPatternMatch(p.element, p.pathVariable, env, p.where.get(),
                                [&](const Env& inner) {
                                  out.push_back(evaluate(*p.projection, inner));
                                  return true;
                                });
            return out;
          },
          [&](const PatternPredicate& p) -> QValue {
            bool found = false;
            forEachPatternMatch(p.element, "", env, nullptr, [&](const Env&) {
              found = true;
              return false;
            });
            return found;
          },
          [&](const ExistsSubquery& e) -> QValue {
            if (e.query) return env.ctx.subquery(*e.query, env);
            bool found = false;
            for (const auto& part : e.pattern) {
              forEachPatternMatch(part.element, part.pathVariable, env, e.where.get(),
                                  [&](const Env&) {
                                    found = true;
                                    return false;
                                  });
              if (e.pattern.size() > 1) {
                compileError("SyntaxError", "UnsupportedFeature",
                             "EXISTS with several comma-separated patterns is not supported", pos);
              }
            }
            return found;
          },
      },
      expr.node);
}

}  // namespace casegraph::cypher::detail
