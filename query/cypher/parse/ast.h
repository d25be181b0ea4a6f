// The syntax tree of an openCypher query, as the parser produces it and the binder reads it.
//
// Every node is a plain value: copyable, comparable by walking, no virtual methods, no links
// back to its parent. Expressions are `Expr { pos, node }` where `node` is a std::variant of
// one struct per kind; `forEachChild` visits the direct sub-expressions of any kind, so a walk
// that only cares about a few kinds need not name the others.
//
// Positions are 1-based line and column (in characters) of where the construct is written:
// for operators that is the operator itself (the `+` of `a + b`, the `.` of `n.name`, the `[`
// of `list[0]`, the `:` of `n:Label`, the `IS` of `x IS NULL`), for everything else its first
// token.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace casegraph::cypher {

// Visits a std::variant with one lambda per alternative: std::visit(Overloaded{...}, v).
template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

struct SourcePos {
  uint32_t line = 0;
  uint32_t column = 0;
};

// A heap-held value with value semantics: copying a Box copies what it holds. Lets the tree
// nest (an expression inside an expression) without shared ownership. A Box may be empty
// where a field says "optional"; a moved-from Box is empty.
template <typename T>
class Box {
 public:
  Box() = default;
  Box(T value) : ptr_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit by design
  explicit Box(std::unique_ptr<T> owned) : ptr_(std::move(owned)) {}
  Box(const Box& other) : ptr_(other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& other) {
    if (this != &other) ptr_ = other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr;
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  ~Box() = default;

  explicit operator bool() const { return ptr_ != nullptr; }
  T& operator*() { return *ptr_; }
  const T& operator*() const { return *ptr_; }
  T* operator->() { return ptr_.get(); }
  const T* operator->() const { return ptr_.get(); }
  T* get() { return ptr_.get(); }
  const T* get() const { return ptr_.get(); }

 private:
  std::unique_ptr<T> ptr_;
};

struct Expr;
struct Query;

// --- patterns ------------------------------------------------------------------------------

struct NodePattern {
  SourcePos pos;
  std::string variable;                // empty = anonymous
  std::vector<std::string> labels;     // all must hold
  std::vector<std::string> anyLabels;  // (n:A|B): at least one must hold (labels is then empty)
  Box<Expr> properties;                // optional: a map literal or a parameter
};

enum class RelDirection {
  OUTGOING,    // (a)-[]->(b)
  INCOMING,    // (a)<-[]-(b)
  UNDIRECTED,  // (a)-[]-(b); also how (a)<-[]->(b) is read
};

// `*`, `*n`, `*n..m`, `*..m`, `*n..`. An absent bound is open; `*n` has min = max = n.
struct VarLength {
  std::optional<uint64_t> min;
  std::optional<uint64_t> max;
};

struct RelationshipPattern {
  SourcePos pos;
  RelDirection direction = RelDirection::OUTGOING;
  std::string variable;             // empty = anonymous
  std::vector<std::string> types;   // any of these; empty = any type
  std::optional<VarLength> length;  // absent = exactly one hop
  Box<Expr> properties;             // optional: a map literal or a parameter
};

// A chain (n0)-[r0]-(n1)-[r1]-(n2)...: relationships[i] joins nodes[i] and nodes[i + 1], so
// there is always one more node than relationships.
struct PatternElement {
  std::vector<NodePattern> nodes;
  std::vector<RelationshipPattern> relationships;
};

enum class PathSearch { NONE, SHORTEST, ALL_SHORTEST };

// One comma-separated part of a pattern: `p = shortestPath((a)-[*]-(b))`.
struct PatternPart {
  SourcePos pos;
  std::string pathVariable;  // empty = the path is not named
  PathSearch search = PathSearch::NONE;
  PatternElement element;
};

using Pattern = std::vector<PatternPart>;

// --- expressions ---------------------------------------------------------------------------

enum class UnaryOp { NOT, MINUS, PLUS, IS_NULL, IS_NOT_NULL };

enum class BinaryOp {
  OR,
  XOR,
  AND,
  EQ,
  NE,
  LT,
  GT,
  LE,
  GE,
  STARTS_WITH,
  ENDS_WITH,
  CONTAINS,
  IN,
  REGEX_MATCH,  // =~
  ADD,
  SUBTRACT,
  MULTIPLY,
  DIVIDE,
  MODULO,
  POWER,
};

enum class Quantifier { ALL, ANY, NONE, SINGLE };

// null, true/false, an integer, a float or a string. Negative number literals are folded into
// the literal (so -9223372036854775808 is representable).
struct Literal {
  std::variant<std::monostate, bool, int64_t, double, std::string> value;
};
struct Parameter {
  std::string name;  // without the `$`; "0" for `$0`
};
struct Variable {
  std::string name;
};
struct PropertyAccess {  // subject.key
  Box<Expr> subject;
  std::string key;
};
struct HasLabels {  // subject:L1:L2
  Box<Expr> subject;
  std::vector<std::string> labels;
};
struct Unary {
  UnaryOp op;
  Box<Expr> operand;
};
struct Binary {
  BinaryOp op;
  Box<Expr> left;
  Box<Expr> right;
};
// Two or more chained comparisons, `a < b <= c`: ops[i] compares operands[i] with
// operands[i + 1], and the chain holds when every comparison does. A single comparison is a
// Binary.
struct ComparisonChain {
  std::vector<BinaryOp> ops;
  std::vector<Expr> operands;
};
struct Subscript {  // subject[index]
  Box<Expr> subject;
  Box<Expr> index;
};
struct Slice {  // subject[from..to]
  Box<Expr> subject;
  Box<Expr> from;  // optional
  Box<Expr> to;    // optional
};
struct FunctionCall {
  std::string name;  // as written, with any namespace: "date.truncate"
  bool distinct = false;
  std::vector<Expr> args;
};
struct CountStar {};
// CASE [test] WHEN whens[i] THEN thens[i] ... [ELSE otherwise] END. With a test, each WHEN
// value is compared with it; without, each WHEN is a condition.
struct Case {
  Box<Expr> test;  // optional
  std::vector<Expr> whens;
  std::vector<Expr> thens;
  Box<Expr> otherwise;  // optional
};
struct ListLiteral {
  std::vector<Expr> items;
};
struct MapLiteral {  // keys[i] maps to values[i], in source order
  std::vector<std::string> keys;
  std::vector<Expr> values;
};
struct ListComprehension {  // [variable IN list WHERE where | projection]
  std::string variable;
  Box<Expr> list;
  Box<Expr> where;       // optional
  Box<Expr> projection;  // optional: absent = the element itself
};
// variable {.key, key: value, otherVariable, .*}: a map built from a node's, relationship's or
// map's properties and other values, items in source order (a later key replaces an earlier).
struct MapProjection {
  struct Item {
    enum Kind { PROPERTY, ALL_PROPERTIES, ENTRY, VARIABLE } kind;
    std::string key;  // PROPERTY, ENTRY: the key; VARIABLE: the variable's name
    Box<Expr> value;  // ENTRY: the value; VARIABLE: the variable (a Variable expression)
  };
  Box<Expr> subject;  // a Variable
  std::vector<Item> items;
};
struct Reduce {  // reduce(accumulator = init, variable IN list | expression)
  std::string accumulator;
  Box<Expr> init;
  std::string variable;
  Box<Expr> list;
  Box<Expr> expression;
};
struct QuantifierExpr {  // all(variable IN list WHERE where)
  Quantifier quantifier;
  std::string variable;
  Box<Expr> list;
  Box<Expr> where;  // optional
};
struct PatternComprehension {  // [p = (a)-->(b) WHERE where | projection]
  std::string pathVariable;    // empty = not named
  PatternElement element;
  Box<Expr> where;  // optional
  Box<Expr> projection;
};
// A relationship pattern used as a predicate: `WHERE (a)-[:R]->()`. At least one relationship.
struct PatternPredicate {
  PatternElement element;
};
// EXISTS { pattern [WHERE where] } or EXISTS { query }: exactly one of the two forms is set.
struct ExistsSubquery {
  Pattern pattern;
  Box<Expr> where;  // optional, pattern form only
  Box<Query> query;
};

struct Expr {
  SourcePos pos;
  std::variant<Literal, Parameter, Variable, PropertyAccess, HasLabels, Unary, Binary,
               ComparisonChain, Subscript, Slice, FunctionCall, CountStar, Case, ListLiteral,
               MapLiteral, MapProjection, ListComprehension, Reduce, QuantifierExpr,
               PatternComprehension, PatternPredicate, ExistsSubquery>
      node;

  template <typename T>
  const T* as() const {
    return std::get_if<T>(&node);
  }
  template <typename T>
  T* as() {
    return std::get_if<T>(&node);
  }
};

// --- clauses -------------------------------------------------------------------------------

struct ProjectionItem {
  Expr expr;
  std::string alias;  // empty = no AS
  std::string text;   // the expression as written: the column name when there is no alias
};

struct SortItem {
  Expr expr;
  bool descending = false;
};

// What RETURN and WITH have in common.
struct Projection {
  bool distinct = false;
  bool star = false;  // `*`: every variable in scope, then `items`
  std::vector<ProjectionItem> items;
  std::vector<SortItem> orderBy;
  Box<Expr> skip;   // optional
  Box<Expr> limit;  // optional
};

struct Match {
  bool optional = false;
  Pattern pattern;
  Box<Expr> where;  // optional
};

struct Unwind {
  Expr list;
  std::string variable;
};

struct With {
  Projection projection;
  Box<Expr> where;  // optional
};

struct Return {
  Projection projection;
};

struct Create {
  Pattern pattern;
};

enum class SetKind {
  PROPERTY,            // n.k = value          (target: a PropertyAccess)
  REPLACE_PROPERTIES,  // n = map            (variable)
  MERGE_PROPERTIES,    // n += map             (variable)
  LABELS,              // n:L1:L2              (variable, labels)
};

struct SetItem {
  SourcePos pos;
  SetKind kind = SetKind::PROPERTY;
  Box<Expr> target;                 // PROPERTY only
  std::string variable;             // the other kinds
  std::vector<std::string> labels;  // LABELS only
  Box<Expr> value;                  // all but LABELS
};

struct MergeAction {
  bool onCreate = false;  // ON CREATE SET, else ON MATCH SET
  std::vector<SetItem> items;
};

struct Merge {
  PatternPart pattern;
  std::vector<MergeAction> actions;  // in source order
};

struct Set {
  std::vector<SetItem> items;
};

struct RemoveItem {
  SourcePos pos;
  Box<Expr> property;    // REMOVE n.k: a PropertyAccess; else empty
  std::string variable;  // REMOVE n:L1:L2
  std::vector<std::string> labels;
};

struct Remove {
  std::vector<RemoveItem> items;
};

struct Delete {
  bool detach = false;
  std::vector<Expr> targets;
};

// CALL { query }: the query runs once per row; a first `WITH a, b` (or `WITH *`) imports
// those variables of the row, nothing else is seen inside. With RETURN, each row it returns
// extends the row (none drops it); without, it only updates, and the row passes on.
struct CallSubquery {
  Box<Query> query;
};

struct Clause;
// FOREACH (variable IN list | clauses): the updating clauses run once per element of the list,
// for each row; the rows pass on unchanged and nothing bound inside is seen after it.
struct Foreach {
  std::string variable;
  Expr list;
  std::vector<Clause> clauses;
};

struct YieldItem {
  std::string field;
  std::string alias;  // empty = no AS
};

// CALL ns.proc(args) YIELD a, b AS c WHERE ... A standalone call (the whole query) may omit
// the argument list (the arguments come from parameters of the same names) and may YIELD *.
struct Call {
  std::string procedure;      // with its namespace: "db.labels"
  bool implicitArgs = false;  // no parentheses
  std::vector<Expr> args;
  bool yieldAll = false;  // YIELD *
  std::vector<YieldItem> yields;
  Box<Expr> where;  // optional
};

struct Clause {
  SourcePos pos;
  std::variant<Match, Unwind, With, Return, Create, Merge, Set, Remove, Delete, Foreach, Call,
               CallSubquery>
      node;

  template <typename T>
  const T* as() const {
    return std::get_if<T>(&node);
  }
};

struct SingleQuery {
  std::vector<Clause> clauses;
};

enum class QueryMode { NORMAL, EXPLAIN, PROFILE };

// Single queries joined by UNION: unionAll[i] says whether parts[i] and parts[i + 1] are
// joined by UNION ALL (true) or UNION (false).
struct Query {
  QueryMode mode = QueryMode::NORMAL;
  std::vector<SingleQuery> parts;
  std::vector<bool> unionAll;
};

// Calls `fn` on each direct sub-expression of `expr`, in source order (including expressions
// inside patterns: property maps). Sub-queries of EXISTS are not entered.
void forEachChild(const Expr& expr, const std::function<void(const Expr&)>& fn);

// The operator as written in a query: "AND", "<>", "STARTS WITH", "IS NOT NULL", ...
const char* binaryOpText(BinaryOp op);
const char* unaryOpText(UnaryOp op);
const char* quantifierText(Quantifier q);  // "all", "any", "none", "single"

}  // namespace casegraph::cypher
