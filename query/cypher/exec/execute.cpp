// The planner and executor: each clause becomes an operator in a push pipeline (a row flows
// from MATCH to RETURN one at a time; ORDER BY, aggregation and DISTINCT gather). Queries
// that write run eagerly, clause by clause, so that a clause never sees the writes of a later
// one, in one write transaction. Semantic checks (undefined variables, aggregation misuse,
// misplaced clauses) are made while planning, before anything runs.
// Over 800 lines: semantic checks, operators, planner and runner still share this file; they are
// to become parse/bind/plan/exec files, one operator per file (docs/architecture.md).
#include "query/cypher/exec/execute.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "query/cypher/parse/ast-print.h"
#include "query/cypher/exec/engine.h"
#include "query/cypher/parse/parser.h"
#include "query/cypher/exec/procedures.h"
#include "query/link/graph-view.h"
#include "query/link/node-map.h"
#include "query/link/paths.h"

namespace casegraph::cypher {

QueryError::QueryError(std::string kind, std::string code, const std::string& message,
                       ErrorPhase phase, uint32_t line, uint32_t column)
    : std::runtime_error(message),
      kind_(std::move(kind)),
      code_(std::move(code)),
      phase_(phase),
      line_(line),
      column_(column) {}

namespace detail {
namespace {

// --- semantic checks -------------------------------------------------------------------------

// What a variable is known to hold: an entity kind, some other VALUE (a literal, a list), or
// unknown (ANY).
// VALUE: some value that is not a graph element; SCALAR: one known to have no properties
// either (a number, boolean, string or list).
enum class VarKind : uint8_t { ANY, NODE, RELATIONSHIP, PATH, VALUE, SCALAR };

// What an expression is known to produce, without running it.
VarKind staticKind(const Expr& e, const std::map<std::string, VarKind>& kinds) {
  if (const auto* v = e.as<Variable>()) {
    auto it = kinds.find(v->name);
    return it == kinds.end() ? VarKind::ANY : it->second;
  }
  if (const auto* l = e.as<Literal>()) {
    return std::holds_alternative<std::monostate>(l->value) ? VarKind::ANY : VarKind::SCALAR;
  }
  if (e.as<MapLiteral>() || e.as<MapProjection>()) return VarKind::VALUE;
  if (e.as<ListLiteral>() || e.as<ListComprehension>() || e.as<ComparisonChain>() ||
      e.as<QuantifierExpr>() || e.as<PatternComprehension>()) {
    return VarKind::SCALAR;
  }
  return VarKind::ANY;
}

// The type of a literal operand, when the expression is one.
std::optional<QType> literalType(const Expr& e) {
  if (const auto* l = e.as<Literal>()) {
    switch (l->value.index()) {
      case 0:
        return QType::NUL;
      case 1:
        return QType::BOOL;
      case 2:
        return QType::INT;
      case 3:
        return QType::FLOAT;
      default:
        return QType::STRING;
    }
  }
  if (e.as<ListLiteral>()) return QType::LIST;
  if (e.as<MapLiteral>()) return QType::MAP;
  return std::nullopt;
}

// The variables in scope while planning, with what each is known to be.
struct PlanScope {
  Scope scope;
  std::map<std::string, VarKind> kinds;

  void declare(const std::string& name, VarKind kind, SourcePos pos) {
    auto it = kinds.find(name);
    auto plain = [](VarKind k) { return k == VarKind::SCALAR ? VarKind::VALUE : k; };
    if (it != kinds.end() && plain(it->second) != plain(kind) && it->second != VarKind::ANY &&
        kind != VarKind::ANY) {
      // A path variable must be a new name (the name is taken); any other reuse for another
      // kind of value is a conflict of kinds (the TCK's two codes).
      compileError("SyntaxError",
                   kind == VarKind::PATH ? "VariableAlreadyBound" : "VariableTypeConflict",
                   "variable `" + name + "` is already used for something else", pos);
    }
    if (it == kinds.end() || it->second == VarKind::ANY) kinds[name] = kind;
  }
  bool has(const std::string& name) const { return scope.find(name) >= 0; }
};

// Checks that every variable an expression uses is defined (in `scope` or bound inside the
// expression), that functions exist, and where aggregates may appear.
bool callsRand(const Expr& e) {
  if (const auto* f = e.as<FunctionCall>(); f && lower(f->name) == "rand") return true;
  bool found = false;
  forEachChild(e, [&](const Expr& c) { found = found || callsRand(c); });
  return found;
}

// Whether `e` applies arithmetic (other than +, which also joins strings and lists) to
// variable `var` directly.
bool arithmeticOn(const Expr& e, const std::string& var) {
  if (const auto* b = e.as<Binary>()) {
    const bool arithmetic = b->op == BinaryOp::SUBTRACT || b->op == BinaryOp::MULTIPLY ||
                            b->op == BinaryOp::DIVIDE || b->op == BinaryOp::MODULO ||
                            b->op == BinaryOp::POWER;
    auto isVar = [&](const Expr& x) { return x.as<Variable>() && x.as<Variable>()->name == var; };
    if (arithmetic && (isVar(*b->left) || isVar(*b->right))) return true;
  }
  // A nested comprehension or quantifier may bind the same name to something else.
  if (const auto* c = e.as<ListComprehension>(); c && c->variable == var) return false;
  if (const auto* q = e.as<QuantifierExpr>(); q && q->variable == var) return false;
  if (const auto* r = e.as<Reduce>(); r && (r->variable == var || r->accumulator == var)) {
    return false;
  }
  bool found = false;
  forEachChild(e, [&](const Expr& c) { found = found || arithmeticOn(c, var); });
  return found;
}

// `x IN ['a', 'b'] WHERE x % 2 = 0`: the elements of a literal list are all strings (or all
// booleans), so arithmetic on them cannot work; say so before running.
void checkElementArithmetic(const std::string& var, const Expr& list, const Expr& where) {
  const auto* l = list.as<ListLiteral>();
  if (!l || l->items.empty()) return;
  std::optional<QType> common;
  for (const auto& item : l->items) {
    const auto t = literalType(item);
    if (!t || (t != QType::STRING && t != QType::BOOL) || (common && t != common)) return;
    common = t;
  }
  if (arithmeticOn(where, var)) {
    compileError("SyntaxError", "InvalidArgumentType",
                 "`" + var + "` is a " + qtypeName(*common) +
                     " (an element of the list), which arithmetic cannot take",
                 where.pos);
  }
}

// `predicateOk`: the expression is in a boolean position (a WHERE, an operand of AND/OR/XOR/
// NOT), where a pattern may stand as a predicate.
void checkFunctionArgs(const FunctionCall& f, const std::string& name, const PlanScope& ps,
                       SourcePos pos);

void checkExpr(const Expr& expr, const PlanScope& ps, std::vector<std::string>& locals,
               bool aggregatesAllowed, bool predicateOk = false) {
  auto known = [&](const std::string& n) {
    return ps.has(n) || std::find(locals.begin(), locals.end(), n) != locals.end();
  };
  if (const auto* v = expr.as<Variable>()) {
    if (!known(v->name)) {
      compileError("SyntaxError", "UndefinedVariable", "variable `" + v->name + "` is not defined",
                   expr.pos);
    }
    return;
  }
  auto needBoolean = [&](const Expr& operand, const char* op) {
    auto t = literalType(operand);
    if (t && *t != QType::BOOL && *t != QType::NUL) {
      compileError("SyntaxError", "InvalidArgumentType",
                   std::string(op) + " needs booleans, got " + qtypeName(*t), operand.pos);
    }
  };
  bool booleanCombinator = false;
  if (const auto* b = expr.as<Binary>()) {
    if (b->op == BinaryOp::AND || b->op == BinaryOp::OR || b->op == BinaryOp::XOR) {
      needBoolean(*b->left, binaryOpText(b->op));
      needBoolean(*b->right, binaryOpText(b->op));
      booleanCombinator = true;
    }
    if (b->op == BinaryOp::IN) {
      auto t = literalType(*b->right);
      if (t && *t != QType::LIST && *t != QType::NUL) {
        compileError("SyntaxError", "InvalidArgumentType",
                     std::string("IN needs a list on its right, got ") + qtypeName(*t),
                     b->right->pos);
      }
    }
  }
  if (const auto* u = expr.as<Unary>(); u && u->op == UnaryOp::NOT) booleanCombinator = true;
  if (const auto* u = expr.as<Unary>(); u && u->op == UnaryOp::NOT) needBoolean(*u->operand, "NOT");
  if (const auto* pa = expr.as<PropertyAccess>()) {
    const VarKind subject = staticKind(*pa->subject, ps.kinds);
    if (subject == VarKind::PATH) {
      compileError("SyntaxError", "InvalidArgumentType",
                   "a path has no properties (." + pa->key + ")", expr.pos);
    }
    if (subject == VarKind::SCALAR) {
      compileError("TypeError", "InvalidArgumentType",
                   "a number, boolean, string or list has no properties (." + pa->key + ")",
                   expr.pos);
    }
  }
  if (const auto* f = expr.as<FunctionCall>()) {
    const std::string n = lower(f->name);
    if (isAggregateName(n)) {
      if (!aggregatesAllowed) {
        compileError("SyntaxError", "InvalidAggregation",
                     "aggregate " + f->name + "(...) is not allowed here", expr.pos);
      }
      for (const auto& a : f->args) {
        if (containsAggregate(a)) {
          compileError("SyntaxError", "NestedAggregation",
                       "an aggregate function cannot contain another", a.pos);
        }
        if (callsRand(a)) {
          compileError("SyntaxError", "NonConstantExpression",
                       "an aggregate of rand() has no meaning (each row draws anew)", a.pos);
        }
        checkExpr(a, ps, locals, false);
      }
      return;
    }
    if (!isKnownFunction(n)) {
      compileError("SyntaxError", "UnknownFunction", "unknown function " + f->name + "()",
                   expr.pos);
    }
    checkFunctionArgs(*f, n, ps, expr.pos);
    if (n == "exists") {
      for (const auto& a : f->args) checkExpr(a, ps, locals, aggregatesAllowed, true);
      return;
    }
    if (f->distinct) {
      compileError("SyntaxError", "InvalidArgumentType",
                   "DISTINCT is only allowed in aggregate functions", expr.pos);
    }
  }
  if (expr.as<CountStar>() && !aggregatesAllowed) {
    compileError("SyntaxError", "InvalidAggregation", "count(*) is not allowed here", expr.pos);
  }
  auto scoped = [&](const std::string& var, const std::vector<const Expr*>& inner,
                    const Expr& outer) {
    checkExpr(outer, ps, locals, aggregatesAllowed);
    locals.push_back(var);
    for (const Expr* e : inner) {
      if (e) checkExpr(*e, ps, locals, false);
    }
    locals.pop_back();
  };
  if (const auto* c = expr.as<ListComprehension>()) {
    scoped(c->variable, {c->projection.get()}, *c->list);
    if (c->where) {
      locals.push_back(c->variable);
      checkExpr(*c->where, ps, locals, false, true);
      locals.pop_back();
    }
    return;
  }
  if (const auto* r = expr.as<Reduce>()) {
    checkExpr(*r->init, ps, locals, aggregatesAllowed);
    checkExpr(*r->list, ps, locals, aggregatesAllowed);
    locals.push_back(r->accumulator);
    locals.push_back(r->variable);
    checkExpr(*r->expression, ps, locals, false);
    locals.pop_back();
    locals.pop_back();
    return;
  }
  if (const auto* q = expr.as<QuantifierExpr>()) {
    if (q->where) checkElementArithmetic(q->variable, *q->list, *q->where);
    scoped(q->variable, {}, *q->list);
    if (q->where) {
      locals.push_back(q->variable);
      checkExpr(*q->where, ps, locals, false, true);
      locals.pop_back();
    }
    return;
  }
  auto patternVars = [&](const PatternElement& el, bool mayIntroduce, SourcePos pos) {
    size_t added = 0;
    auto visit = [&](const std::string& var) {
      if (var.empty() || known(var)) return;
      if (!mayIntroduce) {
        compileError("SyntaxError", "UndefinedVariable",
                     "variable `" + var +
                         "` is not defined (a pattern predicate cannot "
                         "introduce new variables)",
                     pos);
      }
      locals.push_back(var);
      ++added;
    };
    for (const auto& n : el.nodes) {
      visit(n.variable);
      if (n.properties) checkExpr(*n.properties, ps, locals, false);
    }
    for (const auto& r : el.relationships) {
      visit(r.variable);
      if (r.properties) checkExpr(*r.properties, ps, locals, false);
    }
    return added;
  };
  if (const auto* p = expr.as<PatternPredicate>()) {
    if (!predicateOk) {
      compileError("SyntaxError", "UnexpectedSyntax",
                   "a pattern can only be used as a predicate (in WHERE); use a pattern "
                   "comprehension [(a)-->(b) | b] or EXISTS { ... } for a value",
                   expr.pos);
    }
    patternVars(p->element, false, expr.pos);
    return;
  }
  if (const auto* p = expr.as<PatternComprehension>()) {
    size_t added = patternVars(p->element, true, expr.pos);
    if (!p->pathVariable.empty()) locals.push_back(p->pathVariable), ++added;
    if (p->where) checkExpr(*p->where, ps, locals, false);
    checkExpr(*p->projection, ps, locals, false);
    locals.resize(locals.size() - added);
    return;
  }
  if (const auto* e = expr.as<ExistsSubquery>()) {
    size_t added = 0;
    for (const auto& part : e->pattern) added += patternVars(part.element, true, expr.pos);
    if (e->where) checkExpr(*e->where, ps, locals, false, true);
    locals.resize(locals.size() - added);
    return;
  }
  if (const auto* c = expr.as<Case>()) {
    if (c->test) checkExpr(*c->test, ps, locals, aggregatesAllowed);
    for (const auto& w : c->whens) checkExpr(w, ps, locals, aggregatesAllowed, !c->test);
    for (const auto& t : c->thens) checkExpr(t, ps, locals, aggregatesAllowed);
    if (c->otherwise) checkExpr(*c->otherwise, ps, locals, aggregatesAllowed);
    return;
  }
  forEachChild(expr, [&](const Expr& child) {
    checkExpr(child, ps, locals, aggregatesAllowed, booleanCombinator);
  });
}

void check(const Expr& expr, const PlanScope& ps, bool aggregatesAllowed = false) {
  std::vector<std::string> locals;
  checkExpr(expr, ps, locals, aggregatesAllowed);
}

// A WHERE condition: a predicate position, and not a node, relationship or path.
void checkPredicate(const Expr& expr, const PlanScope& ps) {
  const VarKind k = staticKind(expr, ps.kinds);
  if (k == VarKind::NODE || k == VarKind::RELATIONSHIP || k == VarKind::PATH) {
    compileError("SyntaxError", "InvalidArgumentType",
                 "WHERE needs a boolean, not a node, relationship or path", expr.pos);
  }
  std::vector<std::string> locals;
  checkExpr(expr, ps, locals, false, true);
}

// Arguments whose type is known before running and that a function cannot take.
void checkFunctionArgs(const FunctionCall& f, const std::string& name, const PlanScope& ps,
                       SourcePos pos) {
  if (f.args.size() != 1) return;
  const Expr& a = f.args[0];
  const VarKind k = staticKind(a, ps.kinds);
  const auto lit = literalType(a);
  auto fail = [&](const char* what) {
    compileError("SyntaxError", "InvalidArgumentType",
                 f.name + "() cannot take " + std::string(what), pos);
  };
  const bool entity = k == VarKind::NODE || k == VarKind::RELATIONSHIP;
  if (name == "size" && k == VarKind::PATH) fail("a path (use length())");
  if (name == "length" && entity) fail("a node or relationship");
  if (name == "type" && (k == VarKind::NODE || k == VarKind::PATH)) fail("a node or path");
  if (name == "labels" && (k == VarKind::RELATIONSHIP || k == VarKind::PATH)) {
    fail("a relationship or path");
  }
  if ((name == "properties" || name == "keys") && lit && *lit != QType::MAP && *lit != QType::NUL) {
    fail("a literal that is not a map");
  }
  if (name == "properties" && k == VarKind::PATH) fail("a path");
}

// Whether an expression uses no variables (SKIP and LIMIT must be constant).
bool isConstant(const Expr& expr) {
  if (expr.as<Variable>() || expr.as<PatternPredicate>() || expr.as<PatternComprehension>() ||
      expr.as<ExistsSubquery>() || expr.as<CountStar>()) {
    return false;
  }
  bool ok = true;
  forEachChild(expr, [&](const Expr& c) { ok = ok && isConstant(c); });
  return ok;
}

// --- operators -------------------------------------------------------------------------------

class Operator {
 public:
  explicit Operator(std::string name) : name_(std::move(name)) {}
  virtual ~Operator() = default;
  // Takes one row; returns false when no more rows are wanted (LIMIT reached, sink full).
  bool push(Row& row) {
    ++rows_;
    return process(row);
  }
  // No more rows will come: flush what was gathered.
  virtual bool finish() { return next_ ? next_->finish() : true; }

  void setNext(Operator* next) { next_ = next; }
  const std::string& name() const { return name_; }
  uint64_t rows() const { return rows_; }

 protected:
  virtual bool process(Row& row) = 0;
  bool emit(Row& row) { return next_->push(row); }
  Operator* next_ = nullptr;

 private:
  std::string name_;
  uint64_t rows_ = 0;
};

class MatchOp final : public Operator {
 public:
  MatchOp(QueryContext& ctx, const Match& m, PlanScope& ps)
      : Operator(m.optional ? "OptionalMatch" : "Match"), ctx_(ctx), where_(m.where.get()) {
    std::set<std::string> rels;
    for (const auto& part : m.pattern) declarePattern(part, ps, true, &rels);
    parts_ = compilePattern(m.pattern, ps.scope, fresh_);
    scope_ = ps.scope;
    optional_ = m.optional;
    if (where_) {
      checkPredicate(*where_, ps);
      findIdSeeks(*where_);
      pushPredicates(*where_, scope_, fresh_, parts_);
    }
  }

  // WHERE conjuncts `id(n) = $p`, `id(n) = 42`, `id(n) IN $p` and `id(n) IN [1, 2]` on a node
  // n of this pattern: the matcher then starts from those ids instead of scanning. The WHERE
  // is still evaluated on every match, so this only narrows the candidates.
  void findIdSeeks(const Expr& where) {
    std::vector<const Expr*> conjuncts;
    splitConjuncts(where, conjuncts);
    for (const Expr* c : conjuncts) findIdSeek(*c);
  }

  void findIdSeek(const Expr& conjunct) {
    const auto* b = conjunct.as<Binary>();
    if (!b || (b->op != BinaryOp::EQ && b->op != BinaryOp::IN)) return;
    auto idOf = [](const Expr& e) -> const Variable* {
      const auto* f = e.as<FunctionCall>();
      if (!f || f->distinct || f->args.size() != 1 || lower(f->name) != "id") return nullptr;
      return f->args[0].as<Variable>();
    };
    auto constant = [](const Expr& e) {
      if (e.as<Parameter>() || e.as<Literal>()) return true;
      const auto* list = e.as<ListLiteral>();
      return list && std::all_of(list->items.begin(), list->items.end(),
                                 [](const Expr& i) { return i.as<Literal>() != nullptr; });
    };
    const Variable* v = idOf(*b->left);
    const Expr* value = b->right.get();
    if (!v && b->op == BinaryOp::EQ) {
      v = idOf(*b->right);
      value = b->left.get();
    }
    if (!v || !constant(*value)) return;
    for (auto& part : parts_) {
      for (auto& n : part.nodes) {
        if (n.slot >= 0 && scope_.names[n.slot] == v->name && !n.idSeek) {
          n.idSeek = value;
          n.idSeekList = b->op == BinaryOp::IN;
        }
      }
    }
  }

  // Declares a pattern's variables. `matching`: the pattern is matched (MATCH, MERGE), so its
  // property maps must be written out, not passed as parameters.
  static void declarePattern(const PatternPart& part, PlanScope& ps, bool matching = false,
                             std::set<std::string>* relsSoFar = nullptr) {
    auto noParameter = [&](const Box<Expr>& props) {
      if (matching && props && props->as<Parameter>()) {
        compileError("SyntaxError", "InvalidParameterUse",
                     "a parameter cannot be used as a property map in a pattern to match; "
                     "write the properties out ({key: $param.key})",
                     props->pos);
      }
    };
    if (!part.pathVariable.empty() && ps.has(part.pathVariable)) {
      compileError("SyntaxError", "VariableAlreadyBound",
                   "path variable `" + part.pathVariable + "` is already defined", part.pos);
    }
    std::set<std::string> local;
    if (!relsSoFar) relsSoFar = &local;
    for (const auto& n : part.element.nodes) {
      if (!n.variable.empty()) ps.declare(n.variable, VarKind::NODE, n.pos);
      noParameter(n.properties);
      if (n.properties) check(*n.properties, ps);
    }
    for (const auto& r : part.element.relationships) {
      if (!r.variable.empty()) {
        if (matching && !relsSoFar->insert(r.variable).second) {
          compileError("SyntaxError", "RelationshipUniquenessViolation",
                       "relationship variable `" + r.variable + "` is used twice in one pattern",
                       r.pos);
        }
        const VarKind known = ps.kinds.count(r.variable) ? ps.kinds.at(r.variable) : VarKind::ANY;
        const bool listOfRels =
            r.length && ps.has(r.variable) &&
            (known == VarKind::ANY || known == VarKind::VALUE || known == VarKind::SCALAR);
        if (!listOfRels) ps.declare(r.variable, VarKind::RELATIONSHIP, r.pos);
      }
      noParameter(r.properties);
      if (r.properties) check(*r.properties, ps);
    }
    if (!part.pathVariable.empty()) ps.declare(part.pathVariable, VarKind::PATH, part.pos);
  }

 protected:
  bool process(Row& row) override {
    row.resize(scope_.names.size());
    bool matched = false;
    const bool go = matchPattern(ctx_, scope_, parts_, fresh_, row, [&](Row& r) {
      if (where_ && !evaluatePredicate(*where_, Env{ctx_, scope_, r})) return true;
      matched = true;
      return emit(r);
    });
    if (!go) return false;
    if (!matched && optional_) {
      for (int s : fresh_) row[s] = QValue();
      return emit(row);
    }
    return true;
  }

 private:
  QueryContext& ctx_;
  const Expr* where_;
  std::vector<CPart> parts_;
  std::vector<int> fresh_;
  Scope scope_;
  bool optional_ = false;
};

// A new variable `name` for the elements of `list` (UNWIND, FOREACH): its slot.
int bindElementVariable(PlanScope& ps, const std::string& name, const Expr& list) {
  if (ps.has(name)) {
    compileError("SyntaxError", "VariableAlreadyBound",
                 "variable `" + name + "` is already defined", list.pos);
  }
  ps.kinds[name] = VarKind::ANY;
  return ps.scope.add(name);
}

class UnwindOp final : public Operator {
 public:
  UnwindOp(QueryContext& ctx, const Unwind& u, PlanScope& ps)
      : Operator("Unwind"), ctx_(ctx), list_(u.list) {
    check(u.list, ps);
    inScope_ = ps.scope;
    slot_ = bindElementVariable(ps, u.variable, u.list);
  }

 protected:
  bool process(Row& row) override {
    QValue list = evaluate(list_, Env{ctx_, inScope_, row});
    row.resize(static_cast<size_t>(slot_) + 1);
    if (list.isNull()) return true;
    if (list.type() != QType::LIST) {
      row[slot_] = std::move(list);
      return emit(row);
    }
    for (auto& item : list.asList()) {
      ctx_.checkpoint();
      row[slot_] = item;
      if (!emit(row)) return false;
    }
    return true;
  }

 private:
  QueryContext& ctx_;
  const Expr& list_;
  Scope inScope_;
  int slot_;
};

// MATCH (a)-[*0..n or *1..n]-(b) where the next projection uses b only through DISTINCT
// (count(DISTINCT b), RETURN DISTINCT b.name): the set of b is the set of nodes within n hops
// of a, so it is found by one breadth-first search on the link-analysis engine — each node
// once — instead of by enumerating every trail, whose number grows with the degree to the
// power n. The seed itself is a b when a trail can return to it (a cycle within n hops).
class DistinctReachOp final : public Operator {
 public:
  struct Shape {
    size_t anchor;  // index of a in the chain (0 or 1)
  };

  DistinctReachOp(QueryContext& ctx, const Match& m, Shape shape, PlanScope& ps)
      : Operator("DistinctReach"), ctx_(ctx), where_(m.where.get()) {
    const PatternPart& part = m.pattern[0];
    MatchOp::declarePattern(part, ps, true);
    const RelationshipPattern& rel = part.element.relationships[0];
    b_ = &part.element.nodes[1 - shape.anchor];
    // The anchor as a pattern of its own, with a hidden name when it has none.
    NodePattern a = part.element.nodes[shape.anchor];
    if (a.variable.empty()) a.variable = "  reach anchor";
    anchor_.nodes.push_back(std::move(a));
    anchorParts_.push_back(
        compileElement(anchor_, "", PathSearch::NONE, part.pos, ps.scope, anchorFresh_));
    slotA_ = anchorParts_[0].nodes[0].slot;
    slotB_ = ps.scope.add(b_->variable);
    scope_ = ps.scope;
    minHops_ = rel.length->min.value_or(1);
    maxHops_ = static_cast<uint32_t>(
        std::min<uint64_t>(rel.length->max.value_or(ctx.options.maxHops), 1000));
    filter_.types = rel.types;
    const bool forward = shape.anchor == 0;
    switch (rel.direction) {
      case RelDirection::OUTGOING:
        filter_.direction = forward ? Direction::OUT : Direction::IN;
        break;
      case RelDirection::INCOMING:
        filter_.direction = forward ? Direction::IN : Direction::OUT;
        break;
      case RelDirection::UNDIRECTED:
        filter_.direction = Direction::BOTH;
        break;
    }
    if (where_) checkPredicate(*where_, ps);
    // WHERE b <> a: the search reaches every node but the seed once; only the seed's own
    // cycle could make it a b. Folded into the operator rather than evaluated per node.
    if (where_) {
      const auto* cmp = where_->as<Binary>();
      const std::string& av = part.element.nodes[shape.anchor].variable;
      auto isVar = [](const Expr& e, const std::string& name) {
        return !name.empty() && e.as<Variable>() && e.as<Variable>()->name == name;
      };
      if (cmp && cmp->op == BinaryOp::NE &&
          ((isVar(*cmp->left, b_->variable) && isVar(*cmp->right, av)) ||
           (isVar(*cmp->left, av) && isVar(*cmp->right, b_->variable)))) {
        excludeSeed_ = true;
        where_ = nullptr;
      }
    }
  }

  // Counts the distinct b itself instead of passing rows on: the next clause is exactly
  // RETURN/WITH count(DISTINCT b) [AS name], whose one output row finish() emits.
  void countInstead() { counting_ = true; }

  static bool isCountOfDistinct(const Projection& p, const std::string& b) {
    if (p.star || p.distinct || p.items.size() != 1 || !p.orderBy.empty() || p.skip || p.limit) {
      return false;
    }
    const auto* f = p.items[0].expr.as<FunctionCall>();
    return f && f->distinct && lower(f->name) == "count" && f->args.size() == 1 &&
           f->args[0].as<Variable>() && f->args[0].as<Variable>()->name == b;
  }
  const std::string& endVariable() const { return b_->variable; }

  bool finish() override {
    if (counting_) {
      Row out{QValue(static_cast<int64_t>(count_))};
      emit(out);
    }
    return Operator::finish();
  }

  // Whether MATCH clause `m`, followed by `next`, has the shape this operator runs.
  static std::optional<Shape> applies(const Match& m, const Clause* next, const PlanScope& ps) {
    if (m.optional || m.pattern.size() != 1 || !next) return std::nullopt;
    const PatternPart& part = m.pattern[0];
    const auto& el = part.element;
    if (part.search != PathSearch::NONE || !part.pathVariable.empty() ||
        el.relationships.size() != 1) {
      return std::nullopt;
    }
    const auto& rel = el.relationships[0];
    if (!rel.length || !rel.variable.empty() || rel.properties || rel.length->min.value_or(1) > 1) {
      return std::nullopt;
    }
    const Projection* proj = nullptr;
    if (const auto* w = next->as<With>()) proj = &w->projection;
    if (const auto* r = next->as<Return>()) proj = &r->projection;
    if (!proj) return std::nullopt;
    auto endOk = [&](const NodePattern& n) { return !n.variable.empty() && !ps.has(n.variable); };
    size_t anchor;
    const bool leftBound = ps.has(el.nodes[0].variable) || el.nodes[0].properties;
    if (endOk(el.nodes[1]) && (leftBound || !endOk(el.nodes[0]))) {
      anchor = 0;
    } else if (endOk(el.nodes[0])) {
      anchor = 1;
    } else {
      return std::nullopt;
    }
    if (el.nodes[0].variable == el.nodes[1].variable) return std::nullopt;
    if (!usesOnlyDistinct(*proj, el.nodes[1 - anchor].variable)) return std::nullopt;
    return Shape{anchor};
  }

 protected:
  bool process(Row& row) override {
    row.resize(scope_.names.size());
    // Counting a b without labels, properties or a WHERE to check needs no row.
    const bool bare =
        counting_ && b_->labels.empty() && b_->anyLabels.empty() && !b_->properties && !where_;
    return matchPattern(ctx_, scope_, anchorParts_, anchorFresh_, row, [&](Row& r) {
      const uint64_t seed = r[slotA_].asNode().id;
      if (counting_ && !counted_) {
        // One search offers each node once, so a bare count of the first seed's search needs
        // no set. Another seed's search may offer a node again: from then on a set keeps them
        // apart, filled first by running the first seed's search again.
        if (bare && !firstSeed_) {
          firstSeed_ = seed;
          // The first seed's count is the engine's count of nodes within reach when the
          // seed's own cycle does not matter (and, as in offer(), no node is known deleted).
          if ((excludeSeed_ || minHops_ == 0) && !ctx_.anyNodeDeleted()) {
            count_ += countWithin(seed) + (minHops_ == 0 && !excludeSeed_ ? 1 : 0);
            return true;
          }
        } else {
          counted_ = std::make_unique<NodeSet>(ctx_.reader.nodeIdBound());
          if (firstSeed_) {
            search(*firstSeed_, [&](uint64_t node) {
              if (!ctx_.nodeDeleted(node)) counted_->insert(node);
              return true;
            });
          }
        }
      }
      auto offer = [&](uint64_t node) {
        if (bare) {
          if (ctx_.nodeDeleted(node)) return true;
        } else {
          if (!fits(node, r)) return true;
          r[slotB_] = NodeRef{node};
          if (where_ && !evaluatePredicate(*where_, Env{ctx_, scope_, r})) return true;
        }
        if (counting_) {
          if (!counted_ || counted_->insert(node)) ++count_;
          return true;
        }
        return emit(r);
      };
      return search(seed, offer);
    });
  }

 private:
  SearchLimits searchLimits() const {
    SearchLimits limits;
    limits.maxHops = maxHops_;
    limits.maxVisited = UINT64_MAX;
    limits.maxResults = UINT64_MAX;
    limits.deadline = std::chrono::duration_cast<std::chrono::microseconds>(
        ctx_.deadline() - std::chrono::steady_clock::now());
    limits.cancelled = ctx_.options.cancelled;
    return limits;
  }

  static void checkCut(Cut cut) {
    if (cut == Cut::DEADLINE || cut == Cut::CANCELLED) {
      runtimeError("TransientError", "DeadlineExceeded",
                   std::string("variable-length search stopped: ") + cutName(cut));
    }
  }

  // The number of nodes within maxHops_ of `seed`, the seed not counted: the engine's own
  // count, without a call per node.
  uint64_t countWithin(uint64_t seed) {
    GraphView view(ctx_.reader, filter_, searchLimits());
    const ReachResult r = reach(view, seed, maxHops_);
    checkCut(r.cut);
    return r.count;
  }

  // Offers every b of `seed` to `offer` (false: stop); false when it stopped.
  template <typename Offer>
  bool search(uint64_t seed, Offer&& offer) {
    GraphView view(ctx_.reader, filter_, searchLimits());
    if (minHops_ == 0 && !excludeSeed_ && !offer(seed)) return false;
    // The seed's cycle matters only when the seed may be a b of its own.
    const bool seedMayEnd = minHops_ > 0 && !excludeSeed_;
    bool go = true;
    auto result = forEachWithin(
        view, seed, maxHops_, [&](uint64_t node, uint32_t) { return go = offer(node); },
        seedMayEnd);
    checkCut(result.cut);
    if (!go) return false;
    return !(minHops_ > 0 && result.seedCycle > 0 && !excludeSeed_ && !offer(seed));
  }

  static bool mentions(const Expr& e, const std::string& var) {
    if (const auto* v = e.as<Variable>()) return v->name == var;
    bool found = false;
    forEachChild(e, [&](const Expr& c) { found = found || mentions(c, var); });
    return found;
  }

  static bool usesOnlyDistinct(const Projection& p, const std::string& b) {
    if (p.star) return false;
    std::vector<const Expr*> aggs;
    for (const auto& item : p.items) collectAggregates(item.expr, aggs);
    if (aggs.empty()) return p.distinct;
    for (const Expr* a : aggs) {
      const auto* f = a->as<FunctionCall>();
      if (!f || !f->distinct) return false;  // count(*) and plain aggregates count rows
    }
    for (const auto& item : p.items) {
      if (!containsAggregate(item.expr) && mentions(item.expr, b)) return false;
    }
    for (const auto& s : p.orderBy) {
      if (!containsAggregate(s.expr) && mentions(s.expr, b)) return false;
    }
    return true;
  }

  bool fits(uint64_t node, const Row& row) {
    if (ctx_.nodeDeleted(node) || !ctx_.hasLabels(node, b_->labels) ||
        !ctx_.hasAnyLabel(node, b_->anyLabels)) {
      return false;
    }
    return !b_->properties ||
           propertiesMatch(ctx_.node(node).properties,
                           evaluatePropertyMap(*b_->properties, Env{ctx_, scope_, row}));
  }

  QueryContext& ctx_;
  const Expr* where_;
  const NodePattern* b_;
  PatternElement anchor_;
  std::vector<CPart> anchorParts_;
  std::vector<int> anchorFresh_;
  int slotA_ = -1;
  int slotB_ = -1;
  Scope scope_;
  uint64_t minHops_ = 1;
  uint32_t maxHops_ = 1;
  bool excludeSeed_ = false;
  bool counting_ = false;              // count mode: count the distinct b, pass no rows on
  std::optional<uint64_t> firstSeed_;  // bare count mode: the first search's seed
  std::unique_ptr<NodeSet> counted_;   // count mode, once needed: the b counted so far
  uint64_t count_ = 0;
  TraversalFilter filter_;
};

// Gathers every row before passing any on: between clauses of a query that writes.
class EagerOp final : public Operator {
 public:
  EagerOp(QueryContext& ctx) : Operator("Eager"), ctx_(ctx) {}
  bool finish() override {
    for (auto& r : rows_) {
      if (!emit(r)) break;
    }
    rows_.clear();
    return Operator::finish();
  }

 protected:
  bool process(Row& row) override {
    if (rows_.size() >= ctx_.options.maxRows) {
      runtimeError(
          "TransientError", "TooManyRows",
          "the query holds more than " + std::to_string(ctx_.options.maxRows) + " rows in memory");
    }
    rows_.push_back(row);
    return true;
  }

 private:
  QueryContext& ctx_;
  std::vector<Row> rows_;
};

// The value of a SKIP or LIMIT expression. `atCompile`: the expression is written out in the
// query (no parameters, no functions), so a bad one is the query's own compile-time error.
int64_t limitValue(QueryContext& ctx, const Expr& e, const char* what, bool atCompile = false) {
  Scope none;
  Row empty;
  QValue v = evaluate(e, Env{ctx, none, empty});
  auto fail = [&](const char* code, const std::string& message) {
    if (atCompile) compileError("SyntaxError", code, message, e.pos);
    runtimeError("SyntaxError", code, message, e.pos);
  };
  if (v.type() == QType::FLOAT && v.asFloat() == std::trunc(v.asFloat())) {
    fail("InvalidArgumentType", std::string(what) + " must be an integer, got a float");
  }
  if (v.type() != QType::INT) {
    fail("InvalidArgumentType",
         std::string(what) + " must be an integer, got " + qtypeName(v.type()));
  }
  if (v.asInt() < 0) fail("NegativeIntegerArgument", std::string(what) + " must not be negative");
  return v.asInt();
}

// A constant expression (isConstant) with no parameters and no function calls: its value is
// fixed by the query text.
bool writtenOut(const Expr& expr) {
  if (expr.as<Parameter>() || expr.as<FunctionCall>()) return false;
  bool ok = true;
  forEachChild(expr, [&](const Expr& c) { ok = ok && writtenOut(c); });
  return ok;
}

// WITH and RETURN: projection, DISTINCT, aggregation, ORDER BY, SKIP and LIMIT.
class ProjectOp final : public Operator {
 public:
  ProjectOp(QueryContext& ctx, const Projection& p, PlanScope& ps, bool isReturn,
            std::vector<std::string>& columns, const Expr* where = nullptr)
      : Operator(isReturn ? "Return" : "With"), ctx_(ctx), proj_(p), where_(where) {
    inScope_ = ps.scope;
    // RETURN * / WITH *: every named variable in scope, by name.
    if (p.star) {
      std::set<std::string> seen;
      for (size_t i = ps.scope.names.size(); i-- > 0;) {
        const auto& n = ps.scope.names[i];
        if (ps.scope.find(n) != static_cast<int>(i) || n.empty() || seen.count(n)) continue;
        if (n.rfind("  ", 0) == 0) continue;  // hidden internal names
        seen.insert(n);
      }
      if (seen.empty() && p.items.empty() && isReturn) {
        compileError("SyntaxError", "NoVariablesInScope",
                     "RETURN * / WITH * need variables in scope");
      }
      for (const auto& n : seen) {
        starSlots_.push_back(ps.scope.find(n));
        names_.push_back(n);
      }
    }
    const Expr* unaliased = nullptr;
    for (const auto& item : p.items) {
      check(item.expr, ps, true);
      std::string name = item.alias.empty() ? item.text : item.alias;
      if (!isReturn && item.alias.empty() && !item.expr.as<Variable>() && !unaliased) {
        unaliased = &item.expr;  // reported after ORDER BY's own errors, as the TCK orders them
      }
      if (std::find(names_.begin(), names_.end(), name) != names_.end()) {
        compileError("SyntaxError", "ColumnNameConflict",
                     "multiple result columns with the same name `" + name + "`", item.expr.pos);
      }
      names_.push_back(name);
      const bool agg = containsAggregate(item.expr);
      aggregating_ = aggregating_ || agg;
      itemIsAgg_.push_back(agg);
      if (agg) collectAggregates(item.expr, aggCalls_);
    }
    // Variables keep what they were known to be when projected as themselves.
    PlanScope out;
    for (size_t i = 0; i < names_.size(); ++i) {
      out.scope.add(names_[i]);
      VarKind kind = VarKind::ANY;
      if (i < starSlots_.size()) {
        if (ps.kinds.count(names_[i])) kind = ps.kinds.at(names_[i]);
      } else if (!itemIsAgg_[i - starSlots_.size()]) {
        kind = staticKind(p.items[i - starSlots_.size()].expr, ps.kinds);
      }
      out.kinds[names_[i]] = kind;
    }
    // ORDER BY sees the projected names and, unless the projection aggregates or is DISTINCT,
    // the variables from before it too.
    // WHERE (of WITH) and ORDER BY see the projected names and, unless the projection
    // aggregates, the variables from before it too; a projected name hides an earlier
    // variable of the same name.
    extScope_ = out.scope;
    PlanScope extPs = out;
    if (!aggregating_) {
      for (const auto& n : inScope_.names) {
        extScope_.add(out.scope.find(n) >= 0 ? "  hidden " + n : n);
      }
      extPs.scope = extScope_;
      for (const auto& [k, v] : ps.kinds) extPs.kinds.emplace(k, v);
    }
    if (where_) checkPredicate(*where_, extPs);
    sortScope_ = p.distinct ? out.scope : extScope_;
    PlanScope sortPs = p.distinct ? out : extPs;
    for (const auto& s : p.orderBy) {
      // Parts of the sort key written as a projected item (ORDER BY count(*) + 1 where
      // count(*) is projected) are read from that item's column.
      std::vector<std::pair<const Expr*, int>> subs;
      std::set<const Expr*> refused;
      findProjected(s.expr, p, subs, aggregating_ && containsAggregate(s.expr), refused);
      checkSortKey(s.expr, subs, sortPs, refused, false);
      sortSubs_.push_back(std::move(subs));
    }
    if (unaliased) {
      compileError("SyntaxError", "NoExpressionAlias",
                   "expression in WITH must be aliased (use AS)", unaliased->pos);
    }
    for (const Box<Expr>* e : {&p.skip, &p.limit}) {
      if (*e && !isConstant(**e)) {
        compileError("SyntaxError", "NonConstantExpression",
                     "SKIP and LIMIT must be constant expressions", (*e)->pos);
      }
      if (*e && writtenOut(**e)) limitValue(ctx_, **e, e == &p.skip ? "SKIP" : "LIMIT", true);
    }
    if (aggregating_) {
      // Grouping keys: the non-aggregate items. An aggregate item may use only them.
      for (size_t i = 0; i < p.items.size(); ++i) {
        if (!itemIsAgg_[i]) keyItems_.push_back(i);
        // RETURN p {.name, friends: collect(f.name)}: the projected variable groups too.
        if (itemIsAgg_[i]) collectProjectionSubjects(p.items[i].expr, hiddenKeys_);
      }
      checkAggregateItems(p, ps);
    }
    ps = std::move(out);
    columns = names_;
    gather_ = aggregating_ || p.distinct || !p.orderBy.empty();
    // WITH ProjectionBody WHERE: the WHERE filters the rows the body produced, after ORDER BY,
    // SKIP and LIMIT. Without SKIP and LIMIT filtering first gives the same rows, cheaper.
    pagedWhere_ = where_ && (p.skip || p.limit);
  }

  bool finish() override {
    if (limit_ < 0) initLimits();
    if (aggregating_) {
      if (groups_.empty() && keyItems_.empty() && starSlots_.empty() && hiddenKeys_.empty()) {
        // Aggregating with no grouping key over no rows: one row of empty aggregates.
        newGroup({});
      }
      for (auto& key : groupOrder_) {
        Group& g = groups_.at(key);
        std::unordered_map<const Expr*, QValue> results;
        for (size_t a = 0; a < aggCalls_.size(); ++a) results[aggCalls_[a]] = g.aggs[a]->result();
        Row out = key;
        out.resize(names_.size());
        Env env{ctx_, inScope_, g.first, nullptr, &results};
        for (size_t i = 0; i < proj_.items.size(); ++i) {
          if (itemIsAgg_[i]) out[starSlots_.size() + i] = evaluate(proj_.items[i].expr, env);
        }
        if (where_ && !pagedWhere_ && !evaluatePredicate(*where_, Env{ctx_, extScope_, out})) {
          continue;
        }
        gathered(std::move(out));
      }
      groups_.clear();
      groupOrder_.clear();
      single_ = nullptr;
    }
    if (gather_) {
      if (!proj_.orderBy.empty()) sortRows();
      for (auto& r : rows_) {
        if (!pass(r)) break;
      }
      rows_.clear();
    }
    return Operator::finish();
  }

 protected:
  bool process(Row& row) override {
    if (limit_ < 0) initLimits();
    ctx_.checkpoint();
    if (aggregating_) {
      if (keyItems_.empty() && starSlots_.empty() && hiddenKeys_.empty()) {
        // One group for all rows (RETURN count(...)): no key to build or look up.
        if (!single_) single_ = &newGroup(Row(proj_.items.size()), &row);
        for (auto& agg : single_->aggs) agg->add(env(row));
        return true;
      }
      Row key;
      for (int s : starSlots_) key.push_back(row[s]);
      for (size_t i = 0; i < proj_.items.size(); ++i) {
        key.push_back(itemIsAgg_[i] ? QValue() : evaluate(proj_.items[i].expr, env(row)));
      }
      for (const Expr* k : hiddenKeys_) key.push_back(evaluate(*k, env(row)));  // cut in finish()
      auto it = groups_.find(key);
      Group& g = it != groups_.end() ? it->second : newGroup(key, &row);
      for (auto& agg : g.aggs) agg->add(env(row));
      return true;
    }
    Row out = projectRow(row);
    if (where_) {
      const size_t width = out.size();
      out.insert(out.end(), row.begin(), row.end());  // WHERE may use earlier variables
      out.resize(extScope_.names.size());
      if (!pagedWhere_ && !evaluatePredicate(*where_, Env{ctx_, extScope_, out})) return true;
      if (!pagedWhere_) out.resize(width);  // a paged WHERE reads them in pass()
    }
    if (gather_) {
      if (!proj_.orderBy.empty() && !proj_.distinct && out.size() == names_.size()) {
        out.insert(out.end(), row.begin(), row.end());  // ORDER BY may use earlier variables
        out.resize(sortScope_.names.size());
      }
      gathered(std::move(out));
      return true;
    }
    return pass(out);
  }

 private:
  struct Group {
    Row first;  // a row of the group, for the grouping keys used inside aggregate items
    std::vector<std::unique_ptr<Aggregator>> aggs;
  };

  Env env(const Row& row) const { return Env{ctx_, inScope_, row}; }

  Row projectRow(const Row& row) {
    Row out;
    out.reserve(names_.size());
    for (int s : starSlots_) out.push_back(row[s]);
    for (const auto& item : proj_.items) out.push_back(evaluate(item.expr, env(row)));
    return out;
  }

  Group& newGroup(const Row& key, const Row* first = nullptr) {
    if (groups_.size() >= ctx_.options.maxRows) tooMany();
    Group g;
    if (first) g.first = *first;
    g.first.resize(inScope_.names.size());
    for (const Expr* call : aggCalls_) g.aggs.push_back(makeAggregator(*call));
    groupOrder_.push_back(key);
    return groups_.emplace(key, std::move(g)).first->second;
  }

  void gathered(Row row) {
    if (proj_.distinct) {
      Row key(row.begin(), row.begin() + static_cast<long>(names_.size()));
      if (!seen_.insert(std::move(key)).second) return;
    }
    if (rows_.size() >= ctx_.options.maxRows) tooMany();
    rows_.push_back(std::move(row));
  }

  [[noreturn]] void tooMany() {
    runtimeError("TransientError", "TooManyRows",
                 "the query holds more than " + std::to_string(ctx_.options.maxRows) +
                     " rows in memory; add LIMIT or narrow the pattern");
  }

  void sortRows() {
    const size_t n = proj_.orderBy.size();
    std::vector<std::pair<Row, size_t>> keyed;
    keyed.reserve(rows_.size());
    for (size_t r = 0; r < rows_.size(); ++r) {
      Row key(n);
      for (size_t i = 0; i < n; ++i) {
        std::unordered_map<const Expr*, QValue> subs;
        for (const auto& [sub, column] : sortSubs_[i]) subs[sub] = rows_[r][column];
        key[i] = evaluate(proj_.orderBy[i].expr,
                          Env{ctx_, sortScope_, rows_[r], nullptr, subs.empty() ? nullptr : &subs});
      }
      keyed.emplace_back(std::move(key), r);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
      for (size_t i = 0; i < n; ++i) {
        int c = orderCompare(a.first[i], b.first[i]);
        if (c != 0) return proj_.orderBy[i].descending ? c > 0 : c < 0;
      }
      return false;
    });
    std::vector<Row> sorted;
    sorted.reserve(rows_.size());
    for (auto& [key, r] : keyed) sorted.push_back(std::move(rows_[r]));
    rows_ = std::move(sorted);
  }

  void initLimits() {
    skip_ = proj_.skip ? limitValue(ctx_, *proj_.skip, "SKIP") : 0;
    limit_ = proj_.limit ? limitValue(ctx_, *proj_.limit, "LIMIT") : INT64_MAX;
  }

  // Pages a finished row; `row` holds the projected columns, then (when ORDER BY or a paged
  // WHERE needs them) the earlier variables, which are cut before the row goes on.
  bool pass(Row& row) {
    if (skip_ > 0) {
      --skip_;
      return true;
    }
    if (limit_ == 0) return false;
    --limit_;
    if (pagedWhere_) {
      row.resize(extScope_.names.size());
      if (!evaluatePredicate(*where_, Env{ctx_, extScope_, row})) return limit_ > 0;
    }
    row.resize(names_.size());
    return emit(row) && limit_ > 0;
  }

  // `simpleOnly`: beside an aggregate, only aggregates, variables and property accesses may
  // stand for projected items (me.age + you.age + count(*) is ambiguous even if
  // me.age + you.age is projected).
  // `refused` collects the parts written as a projected item that `simpleOnly` keeps from
  // standing for it (their variables are then ambiguous, not undefined).
  void findProjected(const Expr& e, const Projection& p,
                     std::vector<std::pair<const Expr*, int>>& subs, bool simpleOnly,
                     std::set<const Expr*>& refused) const {
    const bool simple = containsAggregate(e) || e.as<PropertyAccess>();
    if (!e.as<Variable>() && !e.as<Literal>()) {
      const std::string text = print(e);
      for (size_t i = 0; i < p.items.size(); ++i) {
        if (print(p.items[i].expr) != text) continue;
        if (simple || !simpleOnly) {
          subs.emplace_back(&e, static_cast<int>(starSlots_.size() + i));
          return;
        }
        refused.insert(&e);
        break;
      }
    }
    forEachChild(e, [&](const Expr& c) { findProjected(c, p, subs, simpleOnly, refused); });
  }

  // `inRefused`: `e` lies in a part of the key written as a projected item but used beside an
  // aggregate (me.age + you.age + count(*) with me.age + you.age projected), where a variable
  // the projection does not keep is ambiguous rather than undefined.
  void checkSortKey(const Expr& e, const std::vector<std::pair<const Expr*, int>>& subs,
                    const PlanScope& sortPs, const std::set<const Expr*>& refused,
                    bool inRefused) const {
    for (const auto& [sub, column] : subs) {
      if (sub == &e) return;
    }
    if (e.as<CountStar>() ||
        (e.as<FunctionCall>() && isAggregateName(lower(e.as<FunctionCall>()->name)))) {
      // An aggregate over variables the projection does not keep: those are undefined here.
      if (const auto* f = e.as<FunctionCall>()) {
        for (const auto& a : f->args) check(a, sortPs);
      }
      compileError("SyntaxError", "InvalidAggregation",
                   aggregating_ ? "ORDER BY may only use aggregates that are projected"
                                : "ORDER BY cannot aggregate unless the projection does",
                   e.pos);
    }
    inRefused = inRefused || refused.count(&e) > 0;
    if (const auto* v = e.as<Variable>(); v && inRefused && !sortPs.has(v->name)) {
      compileError("SyntaxError", "AmbiguousAggregationExpression",
                   "`" + v->name +
                       "` is used beside an aggregate in ORDER BY but the projection does not "
                       "keep it",
                   e.pos);
    }
    if (e.as<ListComprehension>() || e.as<Reduce>() || e.as<QuantifierExpr>() ||
        e.as<PatternComprehension>() || e.as<PatternPredicate>() || e.as<ExistsSubquery>() ||
        e.as<Variable>()) {
      check(e, sortPs);
      return;
    }
    forEachChild(e, [&](const Expr& c) { checkSortKey(c, subs, sortPs, refused, inRefused); });
  }

  // The variables projected by map projections in `e`, outside aggregate calls: implicit
  // grouping keys.
  static void collectProjectionSubjects(const Expr& e, std::vector<const Expr*>& out) {
    if (const auto* f = e.as<FunctionCall>(); f && isAggregateName(lower(f->name))) return;
    if (const auto* m = e.as<MapProjection>(); m && m->subject->as<Variable>()) {
      const std::string& name = m->subject->as<Variable>()->name;
      const bool seen = std::any_of(out.begin(), out.end(),
                                    [&](const Expr* k) { return k->as<Variable>()->name == name; });
      if (!seen) out.push_back(m->subject.get());
    }
    forEachChild(e, [&](const Expr& c) { collectProjectionSubjects(c, out); });
  }

  // An aggregate item's non-aggregate parts may only use grouping keys.
  void checkAggregateItems(const Projection& p, const PlanScope& ps) {
    std::set<std::string> keyTexts;
    std::set<std::string> keyVars;
    for (const Expr* k : hiddenKeys_) keyVars.insert(k->as<Variable>()->name);
    for (size_t i : keyItems_) {
      const Expr& k = p.items[i].expr;
      if (k.as<Variable>() ||
          (k.as<PropertyAccess>() && k.as<PropertyAccess>()->subject->as<Variable>())) {
        keyTexts.insert(print(k));
      }
      if (const auto* v = p.items[i].expr.as<Variable>()) keyVars.insert(v->name);
    }
    for (size_t i = 0; i < p.items.size(); ++i) {
      if (itemIsAgg_[i]) checkGrouped(p.items[i].expr, keyTexts, keyVars, ps);
    }
  }

  void checkGrouped(const Expr& e, const std::set<std::string>& keyTexts,
                    const std::set<std::string>& keyVars, const PlanScope& ps) {
    if (e.as<CountStar>()) return;
    if (const auto* f = e.as<FunctionCall>(); f && isAggregateName(lower(f->name))) return;
    if (keyTexts.count(print(e))) return;
    if (const auto* v = e.as<Variable>()) {
      if (!keyVars.count(v->name) && ps.has(v->name)) {
        compileError("SyntaxError", "AmbiguousAggregationExpression",
                     "`" + v->name + "` is used beside an aggregate but is not a grouping key",
                     e.pos);
      }
      return;
    }
    if (e.as<ListComprehension>() || e.as<Reduce>() || e.as<QuantifierExpr>()) return;
    forEachChild(e, [&](const Expr& c) { checkGrouped(c, keyTexts, keyVars, ps); });
  }

  QueryContext& ctx_;
  const Projection& proj_;
  const Expr* where_;
  Scope inScope_;
  Scope extScope_;
  Scope sortScope_;
  std::vector<std::string> names_;
  std::vector<int> starSlots_;
  std::vector<bool> itemIsAgg_;
  std::vector<size_t> keyItems_;
  std::vector<const Expr*> hiddenKeys_;  // implicit grouping keys (collectProjectionSubjects)
  std::vector<const Expr*> aggCalls_;
  std::vector<std::vector<std::pair<const Expr*, int>>> sortSubs_;
  bool aggregating_ = false;
  bool gather_ = false;
  bool pagedWhere_ = false;  // WHERE runs after SKIP / LIMIT (see the constructor)
  RowMap<Group> groups_;
  Group* single_ = nullptr;  // the only group, when there are no grouping keys
  std::vector<Row> groupOrder_;
  RowSet seen_;
  std::vector<Row> rows_;
  int64_t skip_ = 0;
  int64_t limit_ = -1;
};

// --- writing ---------------------------------------------------------------------------------

PropertyMap storableProps(const QMap& m, SourcePos pos) {
  PropertyMap out;
  for (const auto& [k, v] : m) {
    if (v.isNull()) continue;
    try {
      out[k] = toStore(v);
    } catch (const std::invalid_argument& e) {
      runtimeError("TypeError", "InvalidPropertyType",
                   "property " + k + ": " + std::string(e.what()), pos);
    }
  }
  return out;
}

Value storable(const QValue& v, const std::string& key, SourcePos pos) {
  if (v.type() == QType::LIST) {
    for (const auto& item : v.asList()) {
      if (item.type() == QType::LIST || item.type() == QType::MAP || item.type() == QType::NODE ||
          item.type() == QType::RELATIONSHIP || item.type() == QType::PATH) {
        runtimeError("TypeError", "InvalidPropertyType",
                     "property " + key + ": a property list may hold only simple values", pos);
      }
    }
  }
  try {
    return toStore(v);
  } catch (const std::invalid_argument& e) {
    runtimeError("TypeError", "InvalidPropertyType", "property " + key + ": " + e.what(), pos);
  }
}

void checkCreatePattern(const PatternPart& part, const PlanScope& ps, bool merge) {
  const char* clause = merge ? "MERGE" : "CREATE";
  for (const auto& n : part.element.nodes) {
    if (!n.anyLabels.empty()) {
      compileError("SyntaxError", "UnexpectedSyntax",
                   std::string(clause) + " cannot give a node one label or another (:A|B)", n.pos);
    }
    if (!n.variable.empty() && ps.has(n.variable) &&
        (!n.labels.empty() || n.properties || part.element.nodes.size() == 1)) {
      compileError("SyntaxError", "VariableAlreadyBound",
                   "variable `" + n.variable + "` is already bound; " + clause +
                       " cannot give it labels or properties",
                   n.pos);
    }
  }
  for (const auto& r : part.element.relationships) {
    if (!r.variable.empty() && ps.has(r.variable)) {
      compileError("SyntaxError", "VariableAlreadyBound",
                   "variable `" + r.variable + "` is already bound", r.pos);
    }
    if (r.types.size() != 1) {
      compileError("SyntaxError", "NoSingleRelationshipType",
                   std::string(clause) + " needs exactly one relationship type", r.pos);
    }
    if (r.length) {
      compileError("SyntaxError", "CreatingVarLength",
                   std::string(clause) + " cannot create a variable-length relationship", r.pos);
    }
    if (!merge && r.direction == RelDirection::UNDIRECTED) {
      compileError("SyntaxError", "RequiresDirectedRelationship",
                   "CREATE needs a relationship direction", r.pos);
    }
  }
  if (part.search != PathSearch::NONE) {
    compileError("SyntaxError", "UnexpectedSyntax",
                 std::string(clause) + " cannot use shortestPath", part.pos);
  }
}

// Creates what a pattern describes for one row; variables already bound are reused.
void createPart(QueryContext& ctx, const CPart& part, const Scope& scope, Row& row,
                std::vector<char>& isSet) {
  WriteTxn& w = ctx.write(part.pos);
  std::vector<uint64_t> ids(part.nodes.size());
  Env env{ctx, scope, row};
  for (size_t i = 0; i < part.nodes.size(); ++i) {
    const CNode& n = part.nodes[i];
    if (n.slot >= 0 && isSet[n.slot]) {
      const QValue& v = row[n.slot];
      if (v.type() != QType::NODE) {
        runtimeError("TypeError", "InvalidArgumentType",
                     "variable `" + scope.names[n.slot] + "` is not a node", n.pattern->pos);
      }
      ids[i] = v.asNode().id;
      continue;
    }
    PropertyMap props;
    if (n.pattern->properties) {
      props = storableProps(evaluatePropertyMap(*n.pattern->properties, env), n.pattern->pos);
    }
    ids[i] = w.createNode(n.pattern->labels, props);
    ++ctx.stats.nodesCreated;
    ctx.stats.labelsAdded += n.pattern->labels.size();
    ctx.stats.propertiesSet += props.size();
    if (n.slot >= 0) {
      row[n.slot] = NodeRef{ids[i]};
      isSet[n.slot] = 1;
    }
  }
  PathRef path;
  path.nodes.push_back(ids[0]);
  for (size_t j = 0; j < part.rels.size(); ++j) {
    const CRel& r = part.rels[j];
    PropertyMap props;
    if (r.pattern->properties) {
      props = storableProps(evaluatePropertyMap(*r.pattern->properties, env), r.pattern->pos);
    }
    const bool in = r.pattern->direction == RelDirection::INCOMING;
    const uint64_t id = w.createEdge(r.pattern->types.at(0), in ? ids[j + 1] : ids[j],
                                     in ? ids[j] : ids[j + 1], props);
    ++ctx.stats.relationshipsCreated;
    ctx.stats.propertiesSet += props.size();
    if (r.slot >= 0) {
      row[r.slot] = RelRef{id};
      isSet[r.slot] = 1;
    }
    path.rels.push_back(id);
    path.nodes.push_back(ids[j + 1]);
  }
  if (part.pathSlot >= 0) {
    row[part.pathSlot] = std::move(path);
    isSet[part.pathSlot] = 1;
  }
}

class CreateOp final : public Operator {
 public:
  CreateOp(QueryContext& ctx, const Create& c, PlanScope& ps) : Operator("Create"), ctx_(ctx) {
    for (const auto& part : c.pattern) {
      checkCreatePattern(part, ps, false);
      MatchOp::declarePattern(part, ps);
      parts_.push_back(
          compileElement(part.element, part.pathVariable, part.search, part.pos, ps.scope, fresh_));
    }
    scope_ = ps.scope;
  }

 protected:
  bool process(Row& row) override {
    row.resize(scope_.names.size());
    std::vector<char> isSet(scope_.names.size(), 1);
    for (int s : fresh_) isSet[s] = 0;
    for (const auto& part : parts_) createPart(ctx_, part, scope_, row, isSet);
    return emit(row);
  }

 private:
  QueryContext& ctx_;
  std::vector<CPart> parts_;
  std::vector<int> fresh_;
  Scope scope_;
};

void setItem(QueryContext& ctx, const SetItem& item, const Scope& scope, const Row& row);

class MergeOp final : public Operator {
 public:
  MergeOp(QueryContext& ctx, const Merge& m, PlanScope& ps)
      : Operator("Merge"), ctx_(ctx), merge_(m) {
    checkCreatePattern(m.pattern, ps, true);
    MatchOp::declarePattern(m.pattern, ps, true);
    parts_.push_back(compileElement(m.pattern.element, m.pattern.pathVariable, m.pattern.search,
                                    m.pattern.pos, ps.scope, fresh_));
    scope_ = ps.scope;
    for (const auto& a : m.actions) {
      for (const auto& item : a.items) checkSetItem(item, ps);
    }
  }

  static void checkSetItem(const SetItem& item, const PlanScope& ps) {
    if (item.target) check(*item.target, ps);
    if (item.value) check(*item.value, ps);
    if (!item.variable.empty() && !ps.has(item.variable)) {
      compileError("SyntaxError", "UndefinedVariable",
                   "variable `" + item.variable + "` is not defined", item.pos);
    }
  }

 protected:
  bool process(Row& row) override {
    row.resize(scope_.names.size());
    std::vector<Row> found;
    matchPattern(ctx_, scope_, parts_, fresh_, row, [&](Row& r) {
      found.push_back(r);
      return true;
    });
    if (!found.empty()) {
      for (auto& r : found) {
        apply(r, false);
        if (!emit(r)) return false;
      }
      return true;
    }
    // Nothing matched: create the whole pattern (bound variables are reused).
    auto noNulls = [&](const Box<Expr>& props, SourcePos pos) {
      if (!props) return;
      for (const auto& [k, v] : evaluatePropertyMap(*props, Env{ctx_, scope_, row})) {
        if (v.isNull()) {
          runtimeError("SemanticError", "MergeReadOwnWrites",
                       "MERGE cannot use a null property value (" + k + ")", pos);
        }
      }
    };
    for (const auto& n : merge_.pattern.element.nodes) noNulls(n.properties, n.pos);
    for (const auto& r : merge_.pattern.element.relationships) noNulls(r.properties, r.pos);
    std::vector<char> isSet(scope_.names.size(), 1);
    for (int s : fresh_) isSet[s] = 0;
    createPart(ctx_, parts_[0], scope_, row, isSet);
    apply(row, true);
    return emit(row);
  }

 private:
  void apply(Row& row, bool created) {
    for (const auto& action : merge_.actions) {
      if (action.onCreate != created) continue;
      for (const auto& item : action.items) setItem(ctx_, item, scope_, row);
    }
  }

  QueryContext& ctx_;
  const Merge& merge_;
  std::vector<CPart> parts_;
  std::vector<int> fresh_;
  Scope scope_;
};

void setProperties(QueryContext& ctx, const QValue& target, const PropertyMap& set, SourcePos pos) {
  WriteTxn& w = ctx.write(pos);
  if (target.type() == QType::NODE) {
    if (ctx.nodeDeleted(target.asNode().id)) return;
    w.updateNode(target.asNode().id, set);
    ctx.forgetNode(target.asNode().id);
  } else {
    if (ctx.edgeDeleted(target.asRel().id)) return;
    w.updateEdge(target.asRel().id, set);
    ctx.forgetEdge(target.asRel().id);
  }
}

const PropertyMap& currentProps(QueryContext& ctx, const QValue& target) {
  return target.type() == QType::NODE ? ctx.node(target.asNode().id).properties
                                      : ctx.edge(target.asRel().id).properties;
}

void requireEntity(const QValue& v, SourcePos pos, const char* what) {
  if (v.type() != QType::NODE && v.type() != QType::RELATIONSHIP) {
    runtimeError("TypeError", "InvalidArgumentType",
                 std::string(what) + " needs a node or relationship, got " + qtypeName(v.type()),
                 pos);
  }
}

void setItem(QueryContext& ctx, const SetItem& item, const Scope& scope, const Row& row) {
  Env env{ctx, scope, row};
  switch (item.kind) {
    case SetKind::PROPERTY: {
      const auto& access = *item.target->as<PropertyAccess>();
      QValue target = evaluate(*access.subject, env);
      if (target.isNull()) return;
      requireEntity(target, item.pos, "SET");
      QValue value = evaluate(*item.value, env);
      PropertyMap set;
      set[access.key] = value.isNull() ? Value() : storable(value, access.key, item.pos);
      setProperties(ctx, target, set, item.pos);
      ++ctx.stats.propertiesSet;
      return;
    }
    case SetKind::REPLACE_PROPERTIES:
    case SetKind::MERGE_PROPERTIES: {
      QValue target = *env.lookup(item.variable);
      if (target.isNull()) return;
      requireEntity(target, item.pos, "SET");
      QValue value = evaluate(*item.value, env);
      QMap m;
      if (value.type() == QType::MAP) {
        m = value.asMap();
      } else if (value.type() == QType::NODE) {
        for (const auto& [k, v] : ctx.node(value.asNode().id).properties) m[k] = fromStore(v);
      } else if (value.type() == QType::RELATIONSHIP) {
        for (const auto& [k, v] : ctx.edge(value.asRel().id).properties) m[k] = fromStore(v);
      } else if (!value.isNull()) {
        runtimeError("TypeError", "InvalidArgumentType",
                     "SET " + item.variable + " needs a map, got " + qtypeName(value.type()),
                     item.pos);
      }
      PropertyMap set;
      if (item.kind == SetKind::REPLACE_PROPERTIES) {
        for (const auto& [k, v] : currentProps(ctx, target)) set[k] = Value();
      }
      for (const auto& [k, v] : m) set[k] = v.isNull() ? Value() : storable(v, k, item.pos);
      setProperties(ctx, target, set, item.pos);
      ctx.stats.propertiesSet += m.size();
      return;
    }
    case SetKind::LABELS: {
      QValue target = *env.lookup(item.variable);
      if (target.isNull()) return;
      if (target.type() != QType::NODE) {
        runtimeError("TypeError", "InvalidArgumentType", "SET :Label needs a node", item.pos);
      }
      const uint64_t id = target.asNode().id;
      for (const auto& l : item.labels) {
        if (!ctx.hasLabels(id, {l})) ++ctx.stats.labelsAdded;
      }
      ctx.write(item.pos).updateNode(id, {}, item.labels);
      ctx.forgetNode(id);
      return;
    }
  }
}

class SetOp final : public Operator {
 public:
  SetOp(QueryContext& ctx, const Set& s, PlanScope& ps) : Operator("Set"), ctx_(ctx), set_(s) {
    for (const auto& item : s.items) MergeOp::checkSetItem(item, ps);
    scope_ = ps.scope;
  }

 protected:
  bool process(Row& row) override {
    for (const auto& item : set_.items) setItem(ctx_, item, scope_, row);
    return emit(row);
  }

 private:
  QueryContext& ctx_;
  const Set& set_;
  Scope scope_;
};

class RemoveOp final : public Operator {
 public:
  RemoveOp(QueryContext& ctx, const Remove& r, PlanScope& ps)
      : Operator("Remove"), ctx_(ctx), remove_(r) {
    for (const auto& item : r.items) {
      if (item.property) check(*item.property, ps);
      if (!item.variable.empty() && !ps.has(item.variable)) {
        compileError("SyntaxError", "UndefinedVariable",
                     "variable `" + item.variable + "` is not defined", item.pos);
      }
    }
    scope_ = ps.scope;
  }

 protected:
  bool process(Row& row) override {
    Env env{ctx_, scope_, row};
    for (const auto& item : remove_.items) {
      if (item.property) {
        const auto& access = *item.property->as<PropertyAccess>();
        QValue target = evaluate(*access.subject, env);
        if (target.isNull()) continue;
        requireEntity(target, item.pos, "REMOVE");
        if (currentProps(ctx_, target).count(access.key)) ++ctx_.stats.propertiesSet;
        setProperties(ctx_, target, {{access.key, Value()}}, item.pos);
      } else {
        QValue target = *env.lookup(item.variable);
        if (target.isNull()) continue;
        if (target.type() != QType::NODE) {
          runtimeError("TypeError", "InvalidArgumentType", "REMOVE :Label needs a node", item.pos);
        }
        const uint64_t id = target.asNode().id;
        for (const auto& l : item.labels) {
          if (ctx_.hasLabels(id, {l})) ++ctx_.stats.labelsRemoved;
        }
        ctx_.write(item.pos).updateNode(id, {}, {}, item.labels);
        ctx_.forgetNode(id);
      }
    }
    return emit(row);
  }

 private:
  QueryContext& ctx_;
  const Remove& remove_;
  Scope scope_;
};

class DeleteOp final : public Operator {
 public:
  DeleteOp(QueryContext& ctx, const Delete& d, PlanScope& ps)
      : Operator(d.detach ? "DetachDelete" : "Delete"), ctx_(ctx), delete_(d) {
    for (const auto& t : d.targets) {
      check(t, ps);
      if (t.as<HasLabels>()) {
        compileError("SyntaxError", "InvalidDelete",
                     "DELETE removes nodes, relationships and paths, not labels", t.pos);
      }
      if (t.as<Literal>() || t.as<Binary>() || t.as<MapLiteral>() || t.as<ListLiteral>()) {
        compileError("SyntaxError", "InvalidArgumentType",
                     "DELETE needs a node, relationship or path expression", t.pos);
      }
    }
    scope_ = ps.scope;
  }

  bool finish() override {
    // A node deleted without DETACH must have lost all its relationships by the end of the
    // clause (they may be deleted by the same DELETE, in any order).
    WriteTxn* w = ctx_.writer;
    for (uint64_t id : pendingNodes_) {
      if (ctx_.nodeDeleted(id)) continue;
      Node last = ctx_.node(id);
      auto r = w->deleteNode(id, false);
      if (r == WriteTxn::DeleteResult::HAS_RELATIONSHIPS) {
        runtimeError("ConstraintVerificationFailed", "DeleteConnectedNode",
                     "cannot delete node " + std::to_string(id) +
                         " because it still has relationships; use DETACH DELETE");
      }
      if (r == WriteTxn::DeleteResult::DELETED) ++ctx_.stats.nodesDeleted;
      ctx_.markDeleted(id, std::move(last));
    }
    pendingNodes_.clear();
    for (auto& r : rows_) {
      if (!emit(r)) break;
    }
    rows_.clear();
    return Operator::finish();
  }

 protected:
  bool process(Row& row) override {
    Env env{ctx_, scope_, row};
    for (const auto& t : delete_.targets) remove(evaluate(t, env), t.pos);
    rows_.push_back(row);
    return true;
  }

 private:
  void removeEdge(uint64_t id) {
    if (ctx_.edgeDeleted(id)) return;
    Edge last = ctx_.edge(id);
    if (ctx_.write({}).deleteEdge(id)) ++ctx_.stats.relationshipsDeleted;
    ctx_.markEdgeDeleted(id, std::move(last));
  }

  void removeNode(uint64_t id) {
    if (ctx_.nodeDeleted(id)) return;
    if (!delete_.detach) {
      pendingNodes_.push_back(id);
      return;
    }
    std::vector<uint64_t> edges;
    ctx_.reader.forEachNeighbor(id, Direction::BOTH, std::nullopt, [&](const AdjEntry& e) {
      edges.push_back(e.edge);
      return true;
    });
    for (uint64_t e : edges) removeEdge(e);
    Node last = ctx_.node(id);
    if (ctx_.write({}).deleteNode(id, true) == WriteTxn::DeleteResult::DELETED) {
      ++ctx_.stats.nodesDeleted;
    }
    ctx_.markDeleted(id, std::move(last));
  }

  void remove(const QValue& v, SourcePos pos) {
    switch (v.type()) {
      case QType::NUL:
        return;
      case QType::NODE:
        removeNode(v.asNode().id);
        return;
      case QType::RELATIONSHIP:
        removeEdge(v.asRel().id);
        return;
      case QType::PATH:
        for (auto r : v.asPath().rels) removeEdge(r);
        for (auto n : v.asPath().nodes) removeNode(n);
        return;
      case QType::LIST:
        for (const auto& item : v.asList()) remove(item, pos);
        return;
      default:
        runtimeError(
            "TypeError", "InvalidArgumentType",
            std::string("DELETE needs a node, relationship or path, got ") + qtypeName(v.type()),
            pos);
    }
  }

  QueryContext& ctx_;
  const Delete& delete_;
  Scope scope_;
  std::vector<uint64_t> pendingNodes_;
  std::vector<Row> rows_;
};

class CallOp final : public Operator {
 public:
  CallOp(QueryContext& ctx, const Call& c, PlanScope& ps, bool standalone,
         std::vector<std::string>& columns)
      : Operator("Call " + c.procedure), ctx_(ctx), call_(c), standalone_(standalone) {
    proc_ = findProcedure(c.procedure);
    const TableProcedure* table = nullptr;
    if (!proc_) {
      if (auto t = findTableProcedure(ctx.options, c.procedure, &table)) {
        tableProc_ = std::move(*t);
        proc_ = &*tableProc_;
      }
    }
    if (!proc_) {
      compileError("ProcedureError", "ProcedureNotFound",
                   "there is no procedure " + c.procedure + "; see docs/query-language.md");
    }
    if (!c.implicitArgs && (c.args.size() < proc_->minArgs || c.args.size() > proc_->maxArgs)) {
      compileError("SyntaxError", "InvalidNumberOfArguments",
                   c.procedure + " takes " + std::to_string(proc_->minArgs) + " to " +
                       std::to_string(proc_->maxArgs) + " arguments");
    }
    if (c.implicitArgs) {
      // Arguments from parameters of the same names (the parser allows this, and YIELD *,
      // only for a standalone call).
      for (size_t i = 0; i < proc_->minArgs && i < proc_->argNames.size(); ++i) {
        if (!ctx.params.count(proc_->argNames[i])) {
          compileError(
              "ParameterMissing", "MissingParameter",
              c.procedure + " called without arguments needs the parameter $" + proc_->argNames[i]);
        }
      }
    }
    if (!standalone && c.yields.empty() && !c.yieldAll && !proc_->outputs.empty()) {
      compileError("SyntaxError", "UndefinedVariable",
                   c.procedure + " inside a query needs YIELD to name the fields it uses");
    }
    for (const auto& a : c.args) check(a, ps);
    if (table) {
      // A literal of the wrong type is refused before anything runs.
      for (size_t i = 0; i < c.args.size() && i < table->inputs.size(); ++i) {
        if (const auto* l = c.args[i].as<Literal>()) {
          if (!fitsType(literalValue(*l), table->inputs[i].type)) {
            compileError("SyntaxError", "InvalidArgumentType",
                         c.procedure + ": argument " + table->inputs[i].name + " must be " +
                             table->inputs[i].type,
                         c.args[i].pos);
          }
        }
      }
    }
    inScope_ = ps.scope;
    if (c.yieldAll || (c.yields.empty() && standalone)) {
      for (const auto& f : proc_->outputs) outputs_.push_back({f, f});
    } else {
      for (const auto& y : c.yields) {
        if (std::find(proc_->outputs.begin(), proc_->outputs.end(), y.field) ==
            proc_->outputs.end()) {
          compileError("SyntaxError", "UndefinedVariable",
                       c.procedure + " yields no field " + y.field);
        }
        outputs_.push_back({y.field, y.alias.empty() ? y.field : y.alias});
      }
    }
    for (auto& [field, name] : outputs_) {
      if (ps.has(name)) {
        compileError("SyntaxError", "VariableAlreadyBound",
                     "variable `" + name + "` is already defined");
      }
      fieldIndex_.push_back(static_cast<int>(
          std::find(proc_->outputs.begin(), proc_->outputs.end(), field) - proc_->outputs.begin()));
      slots_.push_back(ps.scope.add(name));
      ps.kinds[name] = VarKind::ANY;
    }
    if (standalone) {
      for (auto& o : outputs_) columns.push_back(o.second);
    }
    scope_ = ps.scope;
    if (c.where) checkPredicate(*c.where, ps);
  }

 protected:
  bool process(Row& row) override {
    std::vector<QValue> args;
    Env env{ctx_, inScope_, row};
    if (call_.implicitArgs) {
      for (const auto& name : proc_->argNames) {
        auto it = ctx_.params.find(name);
        args.push_back(it == ctx_.params.end() ? QValue() : it->second);
      }
    } else {
      for (const auto& a : call_.args) args.push_back(evaluate(a, env));
    }
    row.resize(scope_.names.size());
    if (proc_->outputs.empty()) {
      // A procedure that yields nothing leaves the rows as they are: each goes on once (and a
      // standalone call of one has no rows at all).
      proc_->run(ctx_, args, [](const std::vector<QValue>&) { return true; });
      return standalone_ || emit(row);
    }
    bool go = true;
    proc_->run(ctx_, args, [&](const std::vector<QValue>& record) {
      for (size_t i = 0; i < slots_.size(); ++i) row[slots_[i]] = record.at(fieldIndex_[i]);
      if (call_.where && !evaluatePredicate(*call_.where, Env{ctx_, scope_, row})) return true;
      go = emit(row);
      return go;
    });
    return go;
  }

 private:
  QueryContext& ctx_;
  const Call& call_;
  const Procedure* proc_ = nullptr;
  bool standalone_;
  std::optional<Procedure> tableProc_;  // a table procedure of the options, when proc_ is one
  Scope inScope_;
  Scope scope_;
  std::vector<std::pair<std::string, std::string>> outputs_;
  std::vector<int> fieldIndex_;
  std::vector<int> slots_;
};

// The end of a pipeline: hands rows to the caller.
class SinkOp final : public Operator {
 public:
  SinkOp(std::function<bool(Row&)> fn) : Operator("Results"), fn_(std::move(fn)) {}

 protected:
  bool process(Row& row) override { return fn_(row); }

 private:
  std::function<bool(Row&)> fn_;
};

// UNION (not ALL) removes duplicate rows; the two are not mixed in one query.
bool unionRemovesDuplicates(const Query& q) {
  if (!q.unionAll.empty() && std::any_of(q.unionAll.begin(), q.unionAll.end(),
                                         [&](bool all) { return all != q.unionAll[0]; })) {
    compileError("SyntaxError", "InvalidClauseComposition",
                 "UNION and UNION ALL cannot be mixed in one query");
  }
  return !q.unionAll.empty() && !q.unionAll[0];
}

// Every part of a UNION returns the same columns as the first.
void checkUnionColumns(const std::vector<std::string>& first, const std::vector<std::string>& part,
                       SourcePos pos = {}) {
  if (part != first) {
    compileError("SyntaxError", "DifferentColumnsInUnion",
                 "all parts of a UNION must return the same columns", pos);
  }
}

struct Pipeline;
// `existsBody`: the query of EXISTS { ... }, which may end without RETURN (as in Neo4j 5): its
// rows are then the rows of its last clause.
Pipeline plan(QueryContext& ctx, const SingleQuery& q, bool eager, std::function<bool(Row&)> sink,
              const PlanScope* outer = nullptr, bool existsBody = false);
void runPipeline(Pipeline& p, Row start);

// CALL { query }: plans the subquery once to check it and learn its columns, then per row
// plans and runs it afresh (operators keep state) with the imported variables.
class SubqueryOp final : public Operator {
 public:
  SubqueryOp(QueryContext& ctx, const CallSubquery& c, PlanScope& ps, SourcePos pos);

  // The variables the part's clauses bind (pattern variables, UNWIND, projection aliases).
  static std::vector<std::string> boundNames(const SingleQuery& part) {
    std::vector<std::string> out;
    auto element = [&](const PatternPart& p) {
      if (!p.pathVariable.empty()) out.push_back(p.pathVariable);
      for (const auto& n : p.element.nodes) {
        if (!n.variable.empty()) out.push_back(n.variable);
      }
      for (const auto& r : p.element.relationships) {
        if (!r.variable.empty()) out.push_back(r.variable);
      }
    };
    for (const Clause& c : part.clauses) {
      if (const auto* m = c.as<Match>()) {
        for (const auto& p : m->pattern) element(p);
      } else if (const auto* cr = c.as<Create>()) {
        for (const auto& p : cr->pattern) element(p);
      } else if (const auto* mg = c.as<Merge>()) {
        element(mg->pattern);
      } else if (const auto* u = c.as<Unwind>()) {
        out.push_back(u->variable);
      } else if (const auto* w = c.as<With>()) {
        for (const auto& item : w->projection.items) {
          if (!item.alias.empty()) out.push_back(item.alias);
        }
      }
    }
    return out;
  }

  // The variables the query's first clause imports: WITH * takes every one, WITH a, b those
  // (plain variables of the row only).
  static std::vector<std::string> imports(const SingleQuery& part, const PlanScope& ps) {
    std::vector<std::string> out;
    const auto* w = part.clauses.front().as<With>();
    if (!w) return out;
    if (w->projection.star) return ps.scope.names;
    for (const auto& item : w->projection.items) {
      const auto* v = item.expr.as<Variable>();
      if (v && ps.has(v->name) && std::find(out.begin(), out.end(), v->name) == out.end()) {
        out.push_back(v->name);
      }
    }
    return out;
  }

 protected:
  bool process(Row& row) override;

 private:
  struct Part {
    PlanScope scope;         // what the part sees of the row
    std::vector<int> slots;  // their slots in the row
  };
  QueryContext& ctx_;
  const Query& query_;
  std::vector<Part> parts_;
  bool returning_ = false;
  bool distinct_ = false;  // UNION (not ALL) inside
  size_t columns_ = 0;
  std::vector<int> newSlots_;  // the returned columns' slots in the row
  size_t width_ = 0;
};

// FOREACH (x IN list | updating clauses): an inner pipeline of the clauses' operators, fed one
// row per element (the row with x bound), whose rows are dropped; the outer row passes on.
class ForeachOp final : public Operator {
 public:
  ForeachOp(QueryContext& ctx, const Foreach& f, PlanScope& ps)
      : Operator("Foreach"), ctx_(ctx), list_(f.list) {
    check(f.list, ps);
    scope_ = ps.scope;
    PlanScope inner = ps;  // what the clauses bind stays inside
    slot_ = bindElementVariable(inner, f.variable, f.list);
    for (const Clause& c : f.clauses) {
      ops_.push_back(updateOp(ctx, c, inner));
      if (!ops_.back()) {
        compileError("SyntaxError", "InvalidClauseComposition",
                     "FOREACH may contain only updating clauses", c.pos);
      }
    }
    width_ = inner.scope.names.size();
    ops_.push_back(std::make_unique<SinkOp>([](Row&) { return true; }));
    for (size_t i = 0; i + 1 < ops_.size(); ++i) ops_[i]->setNext(ops_[i + 1].get());
  }

  // The operator of an updating clause (CREATE, MERGE, SET, REMOVE, DELETE, FOREACH), or null
  // for another clause.
  static std::unique_ptr<Operator> updateOp(QueryContext& ctx, const Clause& c, PlanScope& ps);

  bool finish() override {
    ops_.front()->finish();  // a DELETE's end-of-clause checks
    return Operator::finish();
  }

 protected:
  bool process(Row& row) override {
    QValue list = evaluate(list_, Env{ctx_, scope_, row});
    if (!list.isNull()) {
      if (list.type() != QType::LIST) {
        runtimeError("TypeError", "InvalidArgumentType",
                     std::string("FOREACH needs a list after IN, got ") + qtypeName(list.type()),
                     list_.pos);
      }
      for (const auto& item : list.asList()) {
        ctx_.checkpoint();
        Row inner = row;
        inner.resize(width_);
        inner[slot_] = item;
        ops_.front()->push(inner);
      }
    }
    return emit(row);
  }

 private:
  QueryContext& ctx_;
  const Expr& list_;
  Scope scope_;
  int slot_ = 0;
  size_t width_ = 0;
  std::vector<std::unique_ptr<Operator>> ops_;
};

std::unique_ptr<Operator> ForeachOp::updateOp(QueryContext& ctx, const Clause& c, PlanScope& ps) {
  if (const auto* cr = c.as<Create>()) return std::make_unique<CreateOp>(ctx, *cr, ps);
  if (const auto* mg = c.as<Merge>()) return std::make_unique<MergeOp>(ctx, *mg, ps);
  if (const auto* s = c.as<Set>()) return std::make_unique<SetOp>(ctx, *s, ps);
  if (const auto* rm = c.as<Remove>()) return std::make_unique<RemoveOp>(ctx, *rm, ps);
  if (const auto* d = c.as<Delete>()) return std::make_unique<DeleteOp>(ctx, *d, ps);
  if (const auto* f = c.as<Foreach>()) return std::make_unique<ForeachOp>(ctx, *f, ps);
  return nullptr;
}

// --- planning --------------------------------------------------------------------------------

bool writes(const Query& q);

bool isWriteClause(const Clause& c) {
  if (const auto* sub = c.as<CallSubquery>()) return writes(*sub->query);
  return c.as<Create>() || c.as<Merge>() || c.as<Set>() || c.as<Remove>() || c.as<Delete>() ||
         c.as<Foreach>();
}

bool writes(const Query& q) {
  for (const auto& part : q.parts) {
    for (const auto& c : part.clauses) {
      if (isWriteClause(c)) return true;
    }
  }
  return false;
}

struct Pipeline {
  std::vector<std::unique_ptr<Operator>> ops;
  std::vector<std::string> columns;
};

const char* clauseName(const Clause& c) {
  return std::visit(
      Overloaded{[](const Match& m) { return m.optional ? "OPTIONAL MATCH" : "MATCH"; },
                 [](const Unwind&) { return "UNWIND"; }, [](const With&) { return "WITH"; },
                 [](const Return&) { return "RETURN"; }, [](const Create&) { return "CREATE"; },
                 [](const Merge&) { return "MERGE"; }, [](const Set&) { return "SET"; },
                 [](const Remove&) { return "REMOVE"; }, [](const Delete&) { return "DELETE"; },
                 [](const Foreach&) { return "FOREACH"; },
                 [](const CallSubquery&) { return "CALL { ... }"; },
                 [](const Call&) { return "CALL"; }},
      c.node);
}

// `outer`: the variables of an enclosing query a subquery (EXISTS { ... }) sees.
Pipeline plan(QueryContext& ctx, const SingleQuery& q, bool eager, std::function<bool(Row&)> sink,
              const PlanScope* outer, bool existsBody) {
  Pipeline p;
  PlanScope ps;
  if (outer) ps = *outer;
  bool returned = false;
  const size_t n = q.clauses.size();
  for (size_t i = 0; i < n; ++i) {
    const Clause& c = q.clauses[i];
    if (returned) {
      compileError("SyntaxError", "InvalidClauseComposition",
                   std::string(clauseName(c)) + " cannot follow RETURN", c.pos);
    }
    std::unique_ptr<Operator> op;
    if (const auto* m = c.as<Match>()) {
      const Clause* next = i + 1 < n ? &q.clauses[i + 1] : nullptr;
      if (auto shape = DistinctReachOp::applies(*m, next, ps)) {
        auto reach = std::make_unique<DistinctReachOp>(ctx, *m, *shape, ps);
        const With* w = next->as<With>();
        const Projection& proj = w ? w->projection : next->as<Return>()->projection;
        if (DistinctReachOp::isCountOfDistinct(proj, reach->endVariable()) && !(w && w->where)) {
          // Fused with the count: the projection is planned (for its names and checks) but
          // its one row comes from the search.
          reach->countInstead();
          std::vector<std::string> ignored;
          ProjectOp(ctx, proj, ps, !w, w ? ignored : p.columns);
          if (!w) returned = true;
          ++i;
        }
        op = std::move(reach);
      } else {
        op = std::make_unique<MatchOp>(ctx, *m, ps);
      }
    } else if (const auto* u = c.as<Unwind>()) {
      op = std::make_unique<UnwindOp>(ctx, *u, ps);
    } else if (const auto* w = c.as<With>()) {
      std::vector<std::string> ignored;
      op = std::make_unique<ProjectOp>(ctx, w->projection, ps, false, ignored, w->where.get());
    } else if (const auto* r = c.as<Return>()) {
      op = std::make_unique<ProjectOp>(ctx, r->projection, ps, true, p.columns);
      returned = true;
    } else if (auto update = ForeachOp::updateOp(ctx, c, ps)) {
      op = std::move(update);
    } else if (const auto* sub = c.as<CallSubquery>()) {
      op = std::make_unique<SubqueryOp>(ctx, *sub, ps, c.pos);
    } else if (const auto* call = c.as<Call>()) {
      const bool standalone = n == 1;
      op = std::make_unique<CallOp>(ctx, *call, ps, standalone, p.columns);
      if (standalone) returned = true;
    }
    if (eager && !p.ops.empty()) p.ops.push_back(std::make_unique<EagerOp>(ctx));
    p.ops.push_back(std::move(op));
  }
  if (!returned && !existsBody) {
    const Clause& last = q.clauses.back();
    if (!isWriteClause(last) && !last.as<Call>()) {
      compileError("SyntaxError", "InvalidClauseComposition",
                   "a query must end with RETURN, an update clause or CALL", last.pos);
    }
  }
  if (eager) p.ops.push_back(std::make_unique<EagerOp>(ctx));
  if (!returned && !existsBody) {
    // A query that ends in an update clause returns no rows.
    sink = [](Row&) { return true; };
  }
  p.ops.push_back(std::make_unique<SinkOp>(std::move(sink)));
  for (size_t i = 0; i + 1 < p.ops.size(); ++i) p.ops[i]->setNext(p.ops[i + 1].get());
  return p;
}

void runPipeline(Pipeline& p, Row start) {
  p.ops.front()->push(start);
  p.ops.front()->finish();  // also after a LIMIT stopped the flow: later clauses flush
}

SubqueryOp::SubqueryOp(QueryContext& ctx, const CallSubquery& c, PlanScope& ps, SourcePos pos)
    : Operator("Subquery"), ctx_(ctx), query_(*c.query) {
  if (query_.mode != QueryMode::NORMAL) {
    compileError("SyntaxError", "UnsupportedFeature", "CALL { ... } cannot hold EXPLAIN or PROFILE",
                 pos);
  }
  distinct_ = unionRemovesDuplicates(query_);
  std::vector<std::string> columns;
  for (const SingleQuery& q : query_.parts) {
    Part part;
    const std::vector<std::string> imported = imports(q, ps);
    // A name of the row that the subquery binds anew without importing it would silently be
    // another variable: refused, as Neo4j does.
    for (const std::string& name : boundNames(q)) {
      if (ps.has(name) && std::find(imported.begin(), imported.end(), name) == imported.end()) {
        compileError("SyntaxError", "VariableShadowing",
                     "variable `" + name +
                         "` inside CALL { ... } shadows the outer one: import it with WITH " +
                         name + " or use another name",
                     pos);
      }
    }
    for (const std::string& name : imported) {
      part.scope.scope.add(name);
      part.slots.push_back(ps.scope.find(name));
      auto kind = ps.kinds.find(name);
      part.scope.kinds[name] = kind == ps.kinds.end() ? VarKind::ANY : kind->second;
    }
    Pipeline probe = plan(
        ctx, q, false, [](Row&) { return true; }, &part.scope);
    if (parts_.empty()) {
      columns = probe.columns;
    } else {
      checkUnionColumns(columns, probe.columns, pos);
    }
    parts_.push_back(std::move(part));
  }
  returning_ = query_.parts[0].clauses.back().as<Return>() != nullptr;
  columns_ = columns.size();
  for (const std::string& name : columns) {
    if (ps.has(name)) {
      compileError("SyntaxError", "VariableAlreadyBound",
                   "variable `" + name + "` returned by CALL { ... } is already defined", pos);
    }
    newSlots_.push_back(ps.scope.add(name));
    ps.kinds[name] = VarKind::ANY;
  }
  width_ = ps.scope.names.size();
}

bool SubqueryOp::process(Row& row) {
  std::vector<Row> results;
  RowSet seen;
  for (size_t i = 0; i < parts_.size(); ++i) {
    ctx_.checkpoint();
    Row start;
    for (int s : parts_[i].slots) start.push_back(row[s]);
    Pipeline p = plan(
        ctx_, query_.parts[i], false,
        [&](Row& r) {
          Row out(r.begin(), r.begin() + static_cast<long>(columns_));
          if (!distinct_ || seen.insert(out).second) results.push_back(std::move(out));
          if (results.size() > ctx_.options.maxRows) {
            runtimeError("TransientError", "TooManyRows",
                         "CALL { ... } returned more than " + std::to_string(ctx_.options.maxRows) +
                             " rows for one row");
          }
          return true;
        },
        &parts_[i].scope);
    runPipeline(p, std::move(start));
  }
  if (!returning_) return emit(row);
  for (Row& r : results) {
    Row out = row;
    out.resize(width_);
    for (size_t k = 0; k < newSlots_.size(); ++k) out[newSlots_[k]] = std::move(r[k]);
    if (!emit(out)) return false;
  }
  return true;
}

std::string describePlan(const std::vector<Pipeline>& pipelines, bool profile) {
  std::string out;
  for (size_t q = 0; q < pipelines.size(); ++q) {
    if (q > 0) out += "Union\n";
    for (const auto& op : pipelines[q].ops) {
      if (op->name() == "Eager" && !profile) {
        out += "  Eager\n";
        continue;
      }
      out += "  " + op->name();
      if (profile) out += "  (rows in: " + std::to_string(op->rows()) + ")";
      out += "\n";
    }
  }
  return out;
}

// EXISTS { MATCH ... RETURN ... }: whether the subquery returns a row for the current row of
// the enclosing query, whose variables (and expression locals) it sees.
bool existsSubquery(QueryContext& ctx, const Query& q, const Env& env) {
  if (q.parts.size() != 1 || q.mode != QueryMode::NORMAL) {
    compileError("SyntaxError", "UnsupportedFeature",
                 "EXISTS { ... } takes one query without UNION, EXPLAIN or PROFILE");
  }
  for (const auto& c : q.parts[0].clauses) {
    if (isWriteClause(c)) {
      compileError("SyntaxError", "InvalidClauseComposition", "an EXISTS subquery cannot write",
                   c.pos);
    }
  }
  PlanScope outer;
  outer.scope = env.scope;
  Row row = env.row;
  row.resize(outer.scope.names.size());
  for (const Local* l = env.locals; l; l = l->next) {
    outer.scope.add(std::string(l->name));
    row.push_back(*l->value);
  }
  bool found = false;
  Pipeline p = plan(
      ctx, q.parts[0], false,
      [&](Row&) {
        found = true;
        return false;
      },
      &outer, true);
  runPipeline(p, std::move(row));
  return found;
}

QueryResult execute(QueryContext& ctx, const Query& query, const ColumnsSink& columns,
                    const RowSink& sink) {
  QueryResult result;
  ctx.subquery = [&ctx](const Query& q, const Env& env) { return existsSubquery(ctx, q, env); };
  const bool eager = writes(query);
  // UNION: every part must produce the same columns; UNION (not ALL) removes duplicates.
  RowSet seen;
  const bool distinct = unionRemovesDuplicates(query);
  std::vector<Row> pending;  // rows of a writing query, handed over at the end
  bool stopped = false;
  auto deliver = [&](Row& row) {
    if (distinct && !seen.insert(row).second) return true;
    if (eager) {
      pending.push_back(row);
      return true;
    }
    if (!sink(row, ctx.reader)) {
      stopped = true;
      return false;
    }
    return true;
  };
  std::vector<Pipeline> pipelines;
  for (const auto& part : query.parts) {
    // The sink keeps a row's columns and drops the variables the pipeline carries beside them.
    pipelines.push_back(plan(ctx, part, eager, [&, index = pipelines.size()](Row& row) {
      Row out(row.begin(), row.begin() + static_cast<long>(pipelines[index].columns.size()));
      return deliver(out);
    }));
    checkUnionColumns(pipelines.front().columns, pipelines.back().columns);
  }
  result.columns = pipelines.front().columns;
  if (query.mode == QueryMode::EXPLAIN) {
    result.plan = describePlan(pipelines, false);
    if (columns) columns(result.columns);
    return result;
  }
  if (columns) columns(result.columns);
  for (size_t i = 0; i < pipelines.size() && !stopped; ++i) runPipeline(pipelines[i], {});
  for (auto& row : pending) {
    if (!sink(row, ctx.reader)) break;
  }
  if (query.mode == QueryMode::PROFILE) result.plan = describePlan(pipelines, true);
  result.stats = ctx.stats;
  result.wrote = eager;
  return result;
}

}  // namespace
}  // namespace detail

bool hasWrites(const Query& query) { return detail::writes(query); }

QueryResult runQuery(GraphStore& store, std::string_view text, const QMap& params,
                     const QueryOptions& options, const ColumnsSink& columns, const RowSink& sink) {
  return runQuery(store, text, parse(text), params, options, columns, sink);
}

QueryResult runQuery(GraphStore& store, std::string_view text, const ParseResult& parsed,
                     const QMap& params, const QueryOptions& options, const ColumnsSink& columns,
                     const RowSink& sink) {
  if (!parsed.ok()) {
    const auto& e = parsed.error();
    throw QueryError("SyntaxError", e.code, e.format(text), ErrorPhase::COMPILE, e.line, e.column);
  }
  const Query& query = parsed.query();
  if (detail::writes(query) && query.mode != QueryMode::EXPLAIN) {
    if (!options.allowWrites) {
      throw QueryError("ForbiddenOperation", "WriteInReadOnlySession",
                       "this session may only read; the query has write clauses",
                       ErrorPhase::COMPILE);
    }
    return store.write([&](WriteTxn& w) {
      detail::QueryContext ctx(w, &w, params, options);
      return detail::execute(ctx, query, columns, sink);
    });
  }
  auto snap = store.snapshot();
  detail::QueryContext ctx(*snap, nullptr, params, options);
  return detail::execute(ctx, query, columns, sink);
}

QueryResult runQuery(GraphStore& store, std::string_view text, const QMap& params,
                     const QueryOptions& options) {
  QueryResult out;
  auto r = runQuery(store, text, params, options, {}, [&](const QList& row, const Reader&) {
    out.rows.push_back(row);
    return true;
  });
  r.rows = std::move(out.rows);
  return r;
}

std::string formatTck(const QValue& v, const Reader& reader) {
  auto props = [&](const PropertyMap& m) {
    if (m.empty()) return std::string();
    std::string s = " {";
    bool first = true;
    for (const auto& [k, val] : m) {
      if (!first) s += ", ";
      first = false;
      s += k + ": " + formatTck(fromStore(val), reader);
    }
    return s + "}";
  };
  auto node = [&](uint64_t id) {
    auto n = reader.node(id);
    if (!n) return std::string("(?)");
    std::string s = "(";
    for (const auto& l : n->labels) s += ":" + l;
    std::string p = props(n->properties);
    if (!p.empty() && n->labels.empty()) p = p.substr(1);
    return s + p + ")";
  };
  auto rel = [&](uint64_t id) {
    auto e = reader.edge(id);
    if (!e) return std::string("[?]");
    return "[:" + e->type + props(e->properties) + "]";
  };
  switch (v.type()) {
    case QType::NUL:
      return "null";
    case QType::STRING: {
      std::string s = "'";
      for (char c : v.asString()) {
        if (c == '\'' || c == '\\') s += '\\';
        s += c;
      }
      return s + "'";
    }
    case QType::LIST: {
      std::string s = "[";
      for (size_t i = 0; i < v.asList().size(); ++i) {
        if (i) s += ", ";
        s += formatTck(v.asList()[i], reader);
      }
      return s + "]";
    }
    case QType::MAP: {
      std::string s = "{";
      bool first = true;
      for (const auto& [k, val] : v.asMap()) {
        if (!first) s += ", ";
        first = false;
        s += k + ": " + formatTck(val, reader);
      }
      return s + "}";
    }
    case QType::NODE:
      return node(v.asNode().id);
    case QType::RELATIONSHIP:
      return rel(v.asRel().id);
    case QType::PATH: {
      const auto& p = v.asPath();
      std::string s = "<" + node(p.nodes[0]);
      for (size_t i = 0; i < p.rels.size(); ++i) {
        auto e = reader.edge(p.rels[i]);
        const bool forward = e && e->start == p.nodes[i];
        s += forward ? "-" : "<-";
        s += rel(p.rels[i]);
        s += forward ? "->" : "-";
        s += node(p.nodes[i + 1]);
      }
      return s + ">";
    }
    case QType::DATE:
    case QType::DATETIME:
    case QType::LOCALDATETIME:
    case QType::TIME:
    case QType::LOCALTIME:
    case QType::DURATION:
      return "'" + detail::valueToString(v) + "'";
    default:
      return detail::valueToString(v);
  }
}

}  // namespace casegraph::cypher
