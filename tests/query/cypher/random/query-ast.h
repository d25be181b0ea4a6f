// The restricted query the generator builds and the reference evaluator runs: a small syntax
// tree of its own (not the engine's parse tree), printed as Cypher text for the engine.
//
//   MATCH / OPTIONAL MATCH chains [WHERE], MATCH p = shortestPath / allShortestPaths between
//   two bound nodes [WHERE on the path], UNWIND list, WITH / RETURN [DISTINCT] items (with
//   count, sum, collect, min, max) ORDER BY SKIP LIMIT [WHERE after paging], UNION [ALL].
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "query/cypher/exec/qvalue.h"

namespace casegraph::randomq {

using cypher::QValue;

enum class ExprKind {
  LIT,   // value
  VAR,   // name
  PROP,  // args[0].name (a variable), property `name`
  CMP,   // args[0] op args[1]; op is =, <>, <, <=, >, >=
  AND,   // args[0] AND args[1] (also OR, XOR)
  OR,
  XOR,
  NOT,          // NOT args[0]
  IS_NULL,      // args[0] IS NULL
  IS_NOT_NULL,  // args[0] IS NOT NULL
  ADD,          // args[0] + args[1]
  HAS_LABEL,    // args[0]:name
  CASE,         // CASE WHEN args[0] THEN args[1] ... ELSE args.back() END
  AGG,          // name(DISTINCT? args[0]); count(*) without args
  LENGTH,       // length(args[0])
  ALL_RELS,     // all(name IN relationships(args[0]) WHERE args[1])
  NONE_RELS,    // none(name IN relationships(args[0]) WHERE args[1])
  LIST,         // [args...]
};

struct Expr {
  ExprKind kind = ExprKind::LIT;
  QValue value;
  std::string name;
  std::string op;
  bool distinct = false;
  std::vector<Expr> args;

  static Expr lit(QValue v) { return Expr{ExprKind::LIT, std::move(v), "", "", false, {}}; }
  static Expr var(std::string n) { return Expr{ExprKind::VAR, {}, std::move(n), "", false, {}}; }
  static Expr prop(std::string v, std::string key) {
    return Expr{ExprKind::PROP, {}, std::move(key), "", false, {var(std::move(v))}};
  }
  static Expr cmp(std::string op, Expr a, Expr b) {
    return Expr{ExprKind::CMP, {}, "", std::move(op), false, {std::move(a), std::move(b)}};
  }
  static Expr binary(ExprKind k, Expr a, Expr b) {
    return Expr{k, {}, "", "", false, {std::move(a), std::move(b)}};
  }
  static Expr unary(ExprKind k, Expr a) { return Expr{k, {}, "", "", false, {std::move(a)}}; }
  static Expr agg(std::string fn, bool distinct, std::vector<Expr> args) {
    return Expr{ExprKind::AGG, {}, std::move(fn), "", distinct, std::move(args)};
  }
  bool hasAggregate() const;
};

enum class Dir { OUT, IN, BOTH };

struct NodePat {
  std::string var;  // "" = anonymous
  std::vector<std::string> labels;
  std::vector<std::pair<std::string, QValue>> props;
};

struct RelPat {
  std::string var;
  std::vector<std::string> types;  // any of them; none = any type
  Dir dir = Dir::OUT;
  bool varLength = false;
  int minHops = 1;
  int maxHops = 1;
};

// nodes.size() == rels.size() + 1
struct Chain {
  std::vector<NodePat> nodes;
  std::vector<RelPat> rels;
};

struct MatchClause {
  bool optional = false;
  std::vector<Chain> parts;
  std::optional<Expr> where;
};

// MATCH path = shortestPath((a)-[rel]-(b)) WHERE ..., a and b bound before.
struct ShortestClause {
  bool all = false;
  std::string path;
  std::string a;
  std::string b;
  RelPat rel;  // varLength, no variable
  std::optional<Expr> where;
};

struct UnwindClause {
  Expr list;
  std::string var;
};

struct Item {
  Expr expr;
  std::string alias;
};

struct SortKey {
  std::string alias;  // sorts on a projected column
  bool descending = false;
};

struct ProjectClause {
  bool isReturn = false;
  bool distinct = false;
  std::vector<Item> items;
  std::vector<SortKey> orderBy;
  std::optional<int64_t> skip;
  std::optional<int64_t> limit;
  std::optional<Expr> where;  // WITH only: after ORDER BY, SKIP and LIMIT
};

using Clause = std::variant<MatchClause, ShortestClause, UnwindClause, ProjectClause>;

struct SingleQuery {
  std::vector<Clause> clauses;  // the last one a RETURN
};

struct Query {
  std::vector<SingleQuery> parts;  // joined by UNION, or UNION ALL when unionAll
  bool unionAll = false;
};

std::string cypherText(const Expr& e);
std::string cypherText(const Chain& c);
std::string cypherText(const Clause& c);
std::string cypherText(const Query& q);

}  // namespace casegraph::randomq
