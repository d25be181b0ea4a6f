#include "query/cypher/parse/ast-print.h"

#include <charconv>
#include <cstdio>

#include "query/cypher/parse/lexer.h"

namespace casegraph::cypher {

namespace {

// Binding strength, loosest first; see parser-expr.cpp.
constexpr int NOT_LEVEL = 4;
constexpr int COMPARISON_LEVEL = 5;
constexpr int PREDICATE_LEVEL = 6;
constexpr int UNARY_LEVEL = 10;
constexpr int ATOM_LEVEL = 11;

int binaryLevel(BinaryOp op) {
  switch (op) {
    case BinaryOp::OR:
      return 1;
    case BinaryOp::XOR:
      return 2;
    case BinaryOp::AND:
      return 3;
    case BinaryOp::EQ:
    case BinaryOp::NE:
    case BinaryOp::LT:
    case BinaryOp::GT:
    case BinaryOp::LE:
    case BinaryOp::GE:
      return COMPARISON_LEVEL;
    case BinaryOp::STARTS_WITH:
    case BinaryOp::ENDS_WITH:
    case BinaryOp::CONTAINS:
    case BinaryOp::IN:
    case BinaryOp::REGEX_MATCH:
      return PREDICATE_LEVEL;
    case BinaryOp::ADD:
    case BinaryOp::SUBTRACT:
      return 7;
    case BinaryOp::MULTIPLY:
    case BinaryOp::DIVIDE:
    case BinaryOp::MODULO:
      return 8;
    case BinaryOp::POWER:
      return 9;
  }
  return ATOM_LEVEL;
}

int level(const Expr& e) {
  if (const Binary* b = e.as<Binary>()) return binaryLevel(b->op);
  if (e.as<ComparisonChain>()) return COMPARISON_LEVEL;
  if (const Unary* u = e.as<Unary>()) {
    switch (u->op) {
      case UnaryOp::NOT:
        return NOT_LEVEL;
      case UnaryOp::IS_NULL:
      case UnaryOp::IS_NOT_NULL:
        return PREDICATE_LEVEL;
      case UnaryOp::MINUS:
      case UnaryOp::PLUS:
        return UNARY_LEVEL;
    }
  }
  return ATOM_LEVEL;
}

bool isOperator(const Expr& e) {
  return e.as<Binary>() || e.as<Unary>() || e.as<ComparisonChain>();
}

std::string quoteString(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(c));
          out += escape;
        } else {
          out += c;
        }
    }
  }
  return out + "'";
}

std::string formatFloat(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  // Cypher writes exponents without '+', and a float needs a '.' or an exponent.
  if (const size_t plus = text.find("e+"); plus != std::string::npos) text.erase(plus + 1, 1);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

class Printer {
 public:
  explicit Printer(Parens parens) : parens_(parens) {}

  std::string query(const Query& q, const char* clauseSeparator) {
    std::string out;
    if (q.mode == QueryMode::EXPLAIN) out += "EXPLAIN ";
    if (q.mode == QueryMode::PROFILE) out += "PROFILE ";
    for (size_t i = 0; i < q.parts.size(); ++i) {
      if (i > 0) {
        out += clauseSeparator;
        out += q.unionAll[i - 1] ? "UNION ALL" : "UNION";
        out += clauseSeparator;
      }
      const auto& clauses = q.parts[i].clauses;
      for (size_t c = 0; c < clauses.size(); ++c) {
        if (c > 0) out += clauseSeparator;
        out += clause(clauses[c]);
      }
    }
    return out;
  }

  std::string expr(const Expr& e) {
    return std::visit(
        Overloaded{
            [&](const Literal& n) { return literal(n); },
            [&](const Parameter& n) {
              const bool digits =
                  !n.name.empty() && n.name.find_first_not_of("0123456789") == std::string::npos;
              return "$" + (digits ? n.name : quoteName(n.name));
            },
            [&](const Variable& n) { return quoteVariable(n.name); },
            [&](const PropertyAccess& n) {
              return child(*n.subject, ATOM_LEVEL) + "." + quoteName(n.key);
            },
            [&](const HasLabels& n) { return child(*n.subject, ATOM_LEVEL) + labels(n.labels); },
            [&](const Unary& n) { return unary(n); },
            [&](const Binary& n) {
              const int l = binaryLevel(n.op);
              // Comparisons do not nest without parentheses (a = b = c is a chain).
              const int leftLevel = l == COMPARISON_LEVEL ? l + 1 : l;
              return child(*n.left, leftLevel) + " " + binaryOpText(n.op) + " " +
                     child(*n.right, l + 1);
            },
            [&](const ComparisonChain& n) {
              std::string out = child(n.operands[0], COMPARISON_LEVEL + 1);
              for (size_t i = 0; i < n.ops.size(); ++i) {
                out += std::string(" ") + binaryOpText(n.ops[i]) + " " +
                       child(n.operands[i + 1], COMPARISON_LEVEL + 1);
              }
              return out;
            },
            [&](const Subscript& n) {
              return child(*n.subject, ATOM_LEVEL) + "[" + expr(*n.index) + "]";
            },
            [&](const Slice& n) {
              return child(*n.subject, ATOM_LEVEL) + "[" + optional(n.from) + ".." +
                     optional(n.to) + "]";
            },
            [&](const FunctionCall& n) {
              std::string out;
              size_t start = 0;
              while (true) {  // each part of a namespaced name on its own
                const size_t dot = n.name.find('.', start);
                out += quoteName(std::string_view(n.name).substr(start, dot - start));
                if (dot == std::string::npos) break;
                out += '.';
                start = dot + 1;
              }
              return out + "(" + (n.distinct ? "DISTINCT " : "") + list(n.args) + ")";
            },
            [&](const CountStar&) { return std::string("count(*)"); },
            [&](const Case& n) {
              std::string out = "CASE";
              if (n.test) out += " " + expr(*n.test);
              for (size_t i = 0; i < n.whens.size(); ++i) {
                out += " WHEN " + expr(n.whens[i]) + " THEN " + expr(n.thens[i]);
              }
              if (n.otherwise) out += " ELSE " + expr(*n.otherwise);
              return out + " END";
            },
            [&](const ListLiteral& n) { return "[" + list(n.items) + "]"; },
            [&](const MapLiteral& n) { return map(n); },
            [&](const ListComprehension& n) {
              std::string out = "[" + quoteVariable(n.variable) + " IN " + expr(*n.list);
              if (n.where) out += " WHERE " + expr(*n.where);
              if (n.projection) out += " | " + expr(*n.projection);
              return out + "]";
            },
            [&](const MapProjection& n) {
              std::string out = expr(*n.subject) + " {";
              for (size_t i = 0; i < n.items.size(); ++i) {
                const auto& item = n.items[i];
                if (i > 0) out += ", ";
                switch (item.kind) {
                  case MapProjection::Item::PROPERTY:
                    out += "." + quoteVariable(item.key);
                    break;
                  case MapProjection::Item::ALL_PROPERTIES:
                    out += ".*";
                    break;
                  case MapProjection::Item::ENTRY:
                    out += quoteVariable(item.key) + ": " + expr(*item.value);
                    break;
                  case MapProjection::Item::VARIABLE:
                    out += expr(*item.value);
                    break;
                }
              }
              return out + "}";
            },
            [&](const Reduce& n) {
              return "reduce(" + quoteVariable(n.accumulator) + " = " + expr(*n.init) + ", " +
                     quoteVariable(n.variable) + " IN " + expr(*n.list) + " | " +
                     expr(*n.expression) + ")";
            },
            [&](const QuantifierExpr& n) {
              std::string out = std::string(quantifierText(n.quantifier)) + "(" +
                                quoteVariable(n.variable) + " IN " + expr(*n.list);
              if (n.where) out += " WHERE " + expr(*n.where);
              return out + ")";
            },
            [&](const PatternComprehension& n) {
              std::string out = "[";
              if (!n.pathVariable.empty()) out += quoteVariable(n.pathVariable) + " = ";
              out += element(n.element);
              if (n.where) out += " WHERE " + expr(*n.where);
              return out + " | " + expr(*n.projection) + "]";
            },
            [&](const PatternPredicate& n) { return element(n.element); },
            [&](const ExistsSubquery& n) {
              if (n.query) return "EXISTS { " + query(*n.query, " ") + " }";
              std::string out = "EXISTS { " + pattern(n.pattern);
              if (n.where) out += " WHERE " + expr(*n.where);
              return out + " }";
            },
        },
        e.node);
  }

  std::string pattern(const Pattern& p) {
    std::string out;
    for (size_t i = 0; i < p.size(); ++i) {
      if (i > 0) out += ", ";
      out += part(p[i]);
    }
    return out;
  }

 private:
  Parens parens_;

  // `e` where the context needs at least binding strength `required`.
  std::string child(const Expr& e, int required) {
    const bool wrap = level(e) < required || (parens_ == Parens::ALL && isOperator(e));
    return wrap ? "(" + expr(e) + ")" : expr(e);
  }

  std::string optional(const Box<Expr>& e) { return e ? expr(*e) : std::string(); }

  std::string list(const std::vector<Expr>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      out += expr(items[i]);
    }
    return out;
  }

  std::string map(const MapLiteral& m) {
    std::string out = "{";
    for (size_t i = 0; i < m.keys.size(); ++i) {
      if (i > 0) out += ", ";
      out += quoteName(m.keys[i]) + ": " + expr(m.values[i]);
    }
    return out + "}";
  }

  static std::string labels(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += ":" + quoteName(name);
    return out;
  }

  std::string unary(const Unary& u) {
    switch (u.op) {
      case UnaryOp::NOT:
        return "NOT " + child(*u.operand, NOT_LEVEL);
      case UnaryOp::IS_NULL:
        return child(*u.operand, PREDICATE_LEVEL) + " IS NULL";
      case UnaryOp::IS_NOT_NULL:
        return child(*u.operand, PREDICATE_LEVEL) + " IS NOT NULL";
      case UnaryOp::MINUS:
      case UnaryOp::PLUS: {
        const std::string operand = child(*u.operand, UNARY_LEVEL);
        const char* sign = u.op == UnaryOp::MINUS ? "-" : "+";
        // Keep "- -x" apart, and "-(3)" from reading back as the literal -3.
        const bool number = u.operand->as<Literal>() &&
                            (std::holds_alternative<int64_t>(u.operand->as<Literal>()->value) ||
                             std::holds_alternative<double>(u.operand->as<Literal>()->value));
        if (number) return sign + ("(" + operand + ")");
        return sign + (operand[0] == '-' || operand[0] == '+' ? " " + operand : operand);
      }
    }
    return {};
  }

  static std::string literal(const Literal& l) {
    return std::visit(Overloaded{
                          [](std::monostate) { return std::string("null"); },
                          [](bool b) { return std::string(b ? "true" : "false"); },
                          [](int64_t i) { return std::to_string(i); },
                          [](double d) { return formatFloat(d); },
                          [](const std::string& s) { return quoteString(s); },
                      },
                      l.value);
  }

  std::string node(const NodePattern& n) {
    std::string out =
        "(" + (n.variable.empty() ? "" : quoteVariable(n.variable)) + labels(n.labels);
    for (size_t i = 0; i < n.anyLabels.size(); ++i) {
      out += (i == 0 ? ":" : "|") + quoteName(n.anyLabels[i]);
    }
    if (n.properties) out += (out.size() > 1 ? " " : "") + expr(*n.properties);
    return out + ")";
  }

  std::string relationship(const RelationshipPattern& r) {
    std::string detail = r.variable.empty() ? "" : quoteVariable(r.variable);
    for (size_t i = 0; i < r.types.size(); ++i) {
      detail += (i == 0 ? ":" : "|") + quoteName(r.types[i]);
    }
    if (r.length) {
      detail += "*";
      const auto& [min, max] = *r.length;
      if (min && max && *min == *max) {
        detail += std::to_string(*min);
      } else if (min || max) {
        if (min) detail += std::to_string(*min);
        detail += "..";
        if (max) detail += std::to_string(*max);
      }
    }
    if (r.properties) detail += (detail.empty() ? "" : " ") + expr(*r.properties);
    const std::string body = detail.empty() ? "--" : "-[" + detail + "]-";
    switch (r.direction) {
      case RelDirection::OUTGOING:
        return body + ">";
      case RelDirection::INCOMING:
        return "<" + body;
      case RelDirection::UNDIRECTED:
        return body;
    }
    return body;
  }

  std::string element(const PatternElement& e) {
    std::string out;
    for (size_t i = 0; i < e.nodes.size(); ++i) {
      out += node(e.nodes[i]);
      if (i < e.relationships.size()) out += relationship(e.relationships[i]);
    }
    return out;
  }

  std::string part(const PatternPart& p) {
    std::string out = p.pathVariable.empty() ? "" : quoteVariable(p.pathVariable) + " = ";
    switch (p.search) {
      case PathSearch::NONE:
        return out + element(p.element);
      case PathSearch::SHORTEST:
        return out + "shortestPath(" + element(p.element) + ")";
      case PathSearch::ALL_SHORTEST:
        return out + "allShortestPaths(" + element(p.element) + ")";
    }
    return out;
  }

  std::string projection(const Projection& p) {
    std::string out = p.distinct ? "DISTINCT " : "";
    if (p.star) out += "*";
    for (size_t i = 0; i < p.items.size(); ++i) {
      if (i > 0 || p.star) out += ", ";
      out += expr(p.items[i].expr);
      if (!p.items[i].alias.empty()) out += " AS " + quoteVariable(p.items[i].alias);
    }
    for (size_t i = 0; i < p.orderBy.size(); ++i) {
      out += i == 0 ? " ORDER BY " : ", ";
      out += expr(p.orderBy[i].expr) + (p.orderBy[i].descending ? " DESC" : "");
    }
    if (p.skip) out += " SKIP " + expr(*p.skip);
    if (p.limit) out += " LIMIT " + expr(*p.limit);
    return out;
  }

  std::string where(const Box<Expr>& e) { return e ? " WHERE " + expr(*e) : ""; }

  std::string setItems(const std::vector<SetItem>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      const SetItem& item = items[i];
      switch (item.kind) {
        case SetKind::PROPERTY:
          out += expr(*item.target) + " = " + expr(*item.value);
          break;
        case SetKind::REPLACE_PROPERTIES:
          out += quoteVariable(item.variable) + " = " + expr(*item.value);
          break;
        case SetKind::MERGE_PROPERTIES:
          out += quoteVariable(item.variable) + " += " + expr(*item.value);
          break;
        case SetKind::LABELS:
          out += quoteVariable(item.variable) + labels(item.labels);
          break;
      }
    }
    return out;
  }

  std::string clause(const Clause& c) {
    return std::visit(
        Overloaded{
            [&](const Match& m) {
              return std::string(m.optional ? "OPTIONAL MATCH " : "MATCH ") + pattern(m.pattern) +
                     where(m.where);
            },
            [&](const Unwind& u) {
              return "UNWIND " + expr(u.list) + " AS " + quoteVariable(u.variable);
            },
            [&](const With& w) { return "WITH " + projection(w.projection) + where(w.where); },
            [&](const Return& r) { return "RETURN " + projection(r.projection); },
            [&](const Create& cr) { return "CREATE " + pattern(cr.pattern); },
            [&](const Merge& m) {
              std::string out = "MERGE " + part(m.pattern);
              for (const auto& action : m.actions) {
                out += action.onCreate ? " ON CREATE SET " : " ON MATCH SET ";
                out += setItems(action.items);
              }
              return out;
            },
            [&](const Set& s) { return "SET " + setItems(s.items); },
            [&](const Remove& r) {
              std::string out = "REMOVE ";
              for (size_t i = 0; i < r.items.size(); ++i) {
                if (i > 0) out += ", ";
                const RemoveItem& item = r.items[i];
                out += item.property ? expr(*item.property)
                                     : quoteVariable(item.variable) + labels(item.labels);
              }
              return out;
            },
            [&](const Delete& d) {
              return std::string(d.detach ? "DETACH DELETE " : "DELETE ") + list(d.targets);
            },
            [&](const CallSubquery& c) { return "CALL { " + query(*c.query, " ") + " }"; },
            [&](const Foreach& f) {
              std::string out =
                  "FOREACH (" + quoteVariable(f.variable) + " IN " + expr(f.list) + " |";
              for (const auto& inner : f.clauses) out += " " + clause(inner);
              return out + ")";
            },
            [&](const Call& call) {
              std::string out = "CALL ";
              size_t start = 0;
              while (true) {
                const size_t dot = call.procedure.find('.', start);
                out += quoteName(std::string_view(call.procedure).substr(start, dot - start));
                if (dot == std::string::npos) break;
                out += '.';
                start = dot + 1;
              }
              if (!call.implicitArgs) out += "(" + list(call.args) + ")";
              if (call.yieldAll) return out + " YIELD *";
              for (size_t i = 0; i < call.yields.size(); ++i) {
                out += i == 0 ? " YIELD " : ", ";
                out += quoteName(call.yields[i].field);
                if (!call.yields[i].alias.empty()) {
                  out += " AS " + quoteVariable(call.yields[i].alias);
                }
              }
              return out + where(call.where);
            },
        },
        c.node);
  }
};

}  // namespace

std::string quoteName(std::string_view name) {
  if (isPlainName(name)) return std::string(name);
  std::string out = "`";
  for (const char c : name) {
    out += c;
    if (c == '`') out += '`';
  }
  return out + "`";
}

std::string quoteVariable(std::string_view name) {
  if (isReservedWord(name)) return "`" + std::string(name) + "`";
  return quoteName(name);
}

std::string print(const Query& query, Parens parens) { return Printer(parens).query(query, "\n"); }

std::string print(const Expr& expr, Parens parens) { return Printer(parens).expr(expr); }

std::string print(const Pattern& pattern) { return Printer(Parens::MINIMAL).pattern(pattern); }

}  // namespace casegraph::cypher
