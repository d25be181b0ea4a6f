// The generated query as Cypher text: every operator parenthesized, so the text needs no
// precedence rules to mean what the tree means.
#include <stdexcept>

#include "query-ast.h"
#include "values.h"

namespace casegraph::randomq {

bool Expr::hasAggregate() const {
  if (kind == ExprKind::AGG) return true;
  for (const auto& a : args) {
    if (a.hasAggregate()) return true;
  }
  return false;
}

std::string cypherText(const Expr& e) {
  switch (e.kind) {
    case ExprKind::LIT:
      return literal(e.value);
    case ExprKind::VAR:
      return e.name;
    case ExprKind::PROP:
      return cypherText(e.args[0]) + "." + e.name;
    case ExprKind::CMP:
      return "(" + cypherText(e.args[0]) + " " + e.op + " " + cypherText(e.args[1]) + ")";
    case ExprKind::AND:
      return "(" + cypherText(e.args[0]) + " AND " + cypherText(e.args[1]) + ")";
    case ExprKind::OR:
      return "(" + cypherText(e.args[0]) + " OR " + cypherText(e.args[1]) + ")";
    case ExprKind::XOR:
      return "(" + cypherText(e.args[0]) + " XOR " + cypherText(e.args[1]) + ")";
    case ExprKind::NOT:
      return "(NOT " + cypherText(e.args[0]) + ")";
    case ExprKind::IS_NULL:
      return "(" + cypherText(e.args[0]) + " IS NULL)";
    case ExprKind::IS_NOT_NULL:
      return "(" + cypherText(e.args[0]) + " IS NOT NULL)";
    case ExprKind::ADD:
      return "(" + cypherText(e.args[0]) + " + " + cypherText(e.args[1]) + ")";
    case ExprKind::HAS_LABEL:
      return "(" + cypherText(e.args[0]) + ":" + e.name + ")";
    case ExprKind::CASE: {
      std::string s = "CASE";
      for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
        s += " WHEN " + cypherText(e.args[i]) + " THEN " + cypherText(e.args[i + 1]);
      }
      return s + " ELSE " + cypherText(e.args.back()) + " END";
    }
    case ExprKind::AGG:
      if (e.args.empty()) return e.name + "(*)";
      return e.name + "(" + (e.distinct ? "DISTINCT " : "") + cypherText(e.args[0]) + ")";
    case ExprKind::LENGTH:
      return "length(" + cypherText(e.args[0]) + ")";
    case ExprKind::ALL_RELS:
    case ExprKind::NONE_RELS:
      return std::string(e.kind == ExprKind::ALL_RELS ? "all(" : "none(") + e.name +
             " IN relationships(" + cypherText(e.args[0]) + ") WHERE " + cypherText(e.args[1]) +
             ")";
    case ExprKind::LIST: {
      std::string s = "[";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + cypherText(e.args[i]);
      return s + "]";
    }
  }
  throw std::logic_error("unknown expression kind");
}

namespace {

std::string nodeText(const NodePat& n) {
  std::string s = "(" + n.var;
  for (const auto& l : n.labels) s += ":" + l;
  if (!n.props.empty()) {
    s += " {";
    for (size_t i = 0; i < n.props.size(); ++i) {
      s += (i ? ", " : "") + n.props[i].first + ": " + literal(n.props[i].second);
    }
    s += "}";
  }
  return s + ")";
}

std::string relText(const RelPat& r) {
  std::string body = r.var;
  for (size_t i = 0; i < r.types.size(); ++i) body += (i ? "|" : ":") + r.types[i];
  if (r.varLength) body += "*" + std::to_string(r.minHops) + ".." + std::to_string(r.maxHops);
  const std::string mid = body.empty() ? "--" : "-[" + body + "]-";
  switch (r.dir) {
    case Dir::OUT:
      return mid + ">";
    case Dir::IN:
      return "<" + mid;
    case Dir::BOTH:
      return mid;
  }
  return mid;
}

std::string projectText(const ProjectClause& p) {
  std::string s = p.isReturn ? "RETURN " : "WITH ";
  if (p.distinct) s += "DISTINCT ";
  for (size_t i = 0; i < p.items.size(); ++i) {
    const Item& it = p.items[i];
    s += (i ? ", " : "") + cypherText(it.expr);
    if (!(it.expr.kind == ExprKind::VAR && it.expr.name == it.alias)) s += " AS " + it.alias;
  }
  for (size_t i = 0; i < p.orderBy.size(); ++i) {
    s += (i ? ", " : " ORDER BY ") + p.orderBy[i].alias + (p.orderBy[i].descending ? " DESC" : "");
  }
  if (p.skip) s += " SKIP " + std::to_string(*p.skip);
  if (p.limit) s += " LIMIT " + std::to_string(*p.limit);
  if (p.where) s += " WHERE " + cypherText(*p.where);
  return s;
}

}  // namespace

std::string cypherText(const Chain& c) {
  std::string s = nodeText(c.nodes[0]);
  for (size_t i = 0; i < c.rels.size(); ++i) s += relText(c.rels[i]) + nodeText(c.nodes[i + 1]);
  return s;
}

std::string cypherText(const Clause& c) {
  if (const auto* m = std::get_if<MatchClause>(&c)) {
    std::string s = m->optional ? "OPTIONAL MATCH " : "MATCH ";
    for (size_t i = 0; i < m->parts.size(); ++i) s += (i ? ", " : "") + cypherText(m->parts[i]);
    if (m->where) s += " WHERE " + cypherText(*m->where);
    return s;
  }
  if (const auto* sp = std::get_if<ShortestClause>(&c)) {
    std::string s = "MATCH " + sp->path + " = " + (sp->all ? "allShortestPaths" : "shortestPath") +
                    "((" + sp->a + ")" + relText(sp->rel) + "(" + sp->b + "))";
    if (sp->where) s += " WHERE " + cypherText(*sp->where);
    return s;
  }
  if (const auto* u = std::get_if<UnwindClause>(&c)) {
    return "UNWIND " + cypherText(u->list) + " AS " + u->var;
  }
  return projectText(std::get<ProjectClause>(c));
}

std::string cypherText(const Query& q) {
  std::string s;
  for (size_t i = 0; i < q.parts.size(); ++i) {
    if (i) s += q.unionAll ? " UNION ALL " : " UNION ";
    for (size_t j = 0; j < q.parts[i].clauses.size(); ++j) {
      s += (j ? " " : "") + cypherText(q.parts[i].clauses[j]);
    }
  }
  return s;
}

}  // namespace casegraph::randomq
