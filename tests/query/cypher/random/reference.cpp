#include "reference.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <optional>

#include "values.h"

namespace casegraph::randomq {

namespace {

using cypher::NodeRef;
using cypher::PathRef;
using cypher::QList;
using cypher::RelRef;
using Row = std::map<std::string, QValue>;
using Rows = std::vector<Row>;

// Three-valued truth of a predicate's value: nullopt for null.
std::optional<bool> truth(const QValue& v) {
  if (v.isNull()) return std::nullopt;
  if (v.type() != QType::BOOL) throw ReferenceError("a predicate is not a boolean: " + show(v));
  return v.asBool();
}

QValue fromTruth(std::optional<bool> t) { return t ? QValue(*t) : QValue(); }

class Evaluator {
 public:
  explicit Evaluator(const Graph& g) : g_(g) {}

  Result run(const Query& q) {
    Result out;
    for (const auto& part : q.parts) {
      std::vector<std::string> columns;
      Rows rows{Row{}};
      for (const auto& c : part.clauses) rows = clause(c, std::move(rows), columns);
      if (out.columns.empty()) out.columns = columns;
      for (const auto& r : rows) {
        QList row;
        for (const auto& col : columns) row.push_back(r.at(col));
        out.rows.push_back(std::move(row));
      }
    }
    if (q.parts.size() > 1 && !q.unionAll) {
      std::vector<QList> kept;
      for (auto& r : out.rows) {
        const bool seen = std::any_of(kept.begin(), kept.end(),
                                      [&](const QList& k) { return equivalentRows(k, r); });
        if (!seen) kept.push_back(std::move(r));
      }
      out.rows = std::move(kept);
    }
    return out;
  }

 private:
  Rows clause(const Clause& c, Rows in, std::vector<std::string>& columns) {
    if (const auto* m = std::get_if<MatchClause>(&c)) return match(*m, in);
    if (const auto* s = std::get_if<ShortestClause>(&c)) return shortest(*s, in);
    if (const auto* u = std::get_if<UnwindClause>(&c)) return unwind(*u, in);
    return project(std::get<ProjectClause>(c), std::move(in), columns);
  }

  // --- expressions ------------------------------------------------------------------------

  QValue eval(const Expr& e, const Row& row) {
    switch (e.kind) {
      case ExprKind::LIT:
        return e.value;
      case ExprKind::VAR: {
        auto it = row.find(e.name);
        if (it == row.end()) throw std::logic_error("unbound variable " + e.name);
        return it->second;
      }
      case ExprKind::PROP: {
        const QValue target = eval(e.args[0], row);
        const std::map<std::string, QValue>* props = nullptr;
        if (target.isNull()) return QValue();
        if (target.type() == QType::NODE) props = &g_.node(target.asNode().id).props;
        if (target.type() == QType::RELATIONSHIP) props = &g_.rel(target.asRel().id).props;
        if (!props) throw ReferenceError("property of a " + show(target));
        auto it = props->find(e.name);
        return it == props->end() ? QValue() : it->second;
      }
      case ExprKind::CMP: {
        const QValue a = eval(e.args[0], row);
        const QValue b = eval(e.args[1], row);
        if (e.op == "=" || e.op == "<>") {
          const auto eq = refEquals(a, b);
          if (!eq) return QValue();
          return QValue(e.op == "=" ? *eq : !*eq);
        }
        if (e.op == "IN") return in(a, b);
        if (e.op == "STARTS WITH" || e.op == "ENDS WITH" || e.op == "CONTAINS") {
          if (a.type() != QType::STRING || b.type() != QType::STRING) return QValue();
          const std::string& x = a.asString();
          const std::string& y = b.asString();
          if (e.op == "CONTAINS") return QValue(x.find(y) != std::string::npos);
          if (y.size() > x.size()) return QValue(false);
          return QValue(e.op == "STARTS WITH" ? x.compare(0, y.size(), y) == 0
                                              : x.compare(x.size() - y.size(), y.size(), y) == 0);
        }
        const auto c = refCompare(a, b);
        if (!c) return QValue();
        if (*c == UNORDERED) return QValue(false);
        if (e.op == "<") return QValue(*c < 0);
        if (e.op == "<=") return QValue(*c <= 0);
        if (e.op == ">") return QValue(*c > 0);
        return QValue(*c >= 0);
      }
      case ExprKind::AND:
      case ExprKind::OR:
      case ExprKind::XOR: {
        const auto a = truth(eval(e.args[0], row));
        const auto b = truth(eval(e.args[1], row));
        if (e.kind == ExprKind::AND) {
          if (a == false || b == false) return QValue(false);
          return fromTruth(a && b ? std::optional<bool>(true) : std::nullopt);
        }
        if (e.kind == ExprKind::OR) {
          if (a == true || b == true) return QValue(true);
          return fromTruth(a && b ? std::optional<bool>(false) : std::nullopt);
        }
        if (!a || !b) return QValue();
        return QValue(*a != *b);
      }
      case ExprKind::NOT: {
        const auto a = truth(eval(e.args[0], row));
        return a ? QValue(!*a) : QValue();
      }
      case ExprKind::IS_NULL:
        return QValue(eval(e.args[0], row).isNull());
      case ExprKind::IS_NOT_NULL:
        return QValue(!eval(e.args[0], row).isNull());
      case ExprKind::ADD:
        return add(eval(e.args[0], row), eval(e.args[1], row));
      case ExprKind::HAS_LABEL: {
        const QValue n = eval(e.args[0], row);
        if (n.isNull()) return QValue();
        const auto& labels = g_.node(n.asNode().id).labels;
        return QValue(std::find(labels.begin(), labels.end(), e.name) != labels.end());
      }
      case ExprKind::CASE: {
        for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
          if (truth(eval(e.args[i], row)) == true) return eval(e.args[i + 1], row);
        }
        return eval(e.args.back(), row);
      }
      case ExprKind::AGG:
        throw std::logic_error("aggregate outside a projection item");
      case ExprKind::LENGTH: {
        const QValue p = eval(e.args[0], row);
        if (p.isNull()) return QValue();
        return QValue(static_cast<int64_t>(p.asPath().rels.size()));
      }
      case ExprKind::ALL_RELS:
      case ExprKind::NONE_RELS:
        return quantifier(e, row);
      case ExprKind::LIST: {
        QList out;
        for (const auto& a : e.args) out.push_back(eval(a, row));
        return QValue(std::move(out));
      }
    }
    throw std::logic_error("unknown expression kind");
  }

  // x IN list: true when x = some element, else null when some x = element is null.
  static QValue in(const QValue& x, const QValue& list) {
    if (list.isNull()) return QValue();
    if (list.type() != QType::LIST) throw ReferenceError("IN of " + show(list));
    bool unknown = false;
    for (const auto& e : list.asList()) {
      const auto eq = refEquals(x, e);
      if (eq == true) return QValue(true);
      if (!eq) unknown = true;
    }
    return unknown ? QValue() : QValue(false);
  }

  static QValue add(const QValue& a, const QValue& b) {
    if (a.isNull() || b.isNull()) return QValue();
    auto number = [](const QValue& v) {
      return v.type() == QType::INT || v.type() == QType::FLOAT;
    };
    if (!number(a) || !number(b)) throw ReferenceError("+ of " + show(a) + " and " + show(b));
    if (a.type() == QType::INT && b.type() == QType::INT) return QValue(a.asInt() + b.asInt());
    auto d = [](const QValue& v) {
      return v.type() == QType::INT ? static_cast<double>(v.asInt()) : v.asFloat();
    };
    return QValue(d(a) + d(b));
  }

  QValue quantifier(const Expr& e, const Row& row) {
    const QValue p = eval(e.args[0], row);
    if (p.isNull()) return QValue();
    bool anyTrue = false;
    bool anyFalse = false;
    bool anyNull = false;
    Row inner = row;
    for (const uint64_t r : p.asPath().rels) {
      inner[e.name] = QValue(RelRef{r});
      const auto t = truth(eval(e.args[1], inner));
      if (!t) {
        anyNull = true;
      } else {
        (*t ? anyTrue : anyFalse) = true;
      }
    }
    if (e.kind == ExprKind::ALL_RELS) {
      if (anyFalse) return QValue(false);
      return anyNull ? QValue() : QValue(true);
    }
    if (anyTrue) return QValue(false);
    return anyNull ? QValue() : QValue(true);
  }

  bool holds(const std::optional<Expr>& where, const Row& row) {
    return !where || truth(eval(*where, row)) == true;
  }

  // --- MATCH ------------------------------------------------------------------------------

  struct MatchState {
    const MatchClause& m;
    Row& row;
    std::vector<uint64_t> used;
    const std::function<void()>& found;
  };

  bool nodeFits(const NodePat& p, uint64_t id, const Row& row) {
    const GNode& n = g_.node(id);
    for (const auto& l : p.labels) {
      if (std::find(n.labels.begin(), n.labels.end(), l) == n.labels.end()) return false;
    }
    for (const auto& [k, v] : p.props) {
      auto it = n.props.find(k);
      if (it == n.props.end() || refEquals(it->second, v) != true) return false;
    }
    if (!p.var.empty()) {
      auto it = row.find(p.var);
      if (it != row.end()) return !it->second.isNull() && it->second.asNode().id == id;
    }
    return true;
  }

  // Binds node `i` of part `k` to `id`, then goes on with the rest of the clause.
  void bindNode(MatchState& st, size_t k, size_t i, uint64_t id) {
    const NodePat& p = st.m.parts[k].nodes[i];
    if (!nodeFits(p, id, st.row)) return;
    const bool fresh = !p.var.empty() && !st.row.count(p.var);
    if (fresh) st.row[p.var] = QValue(NodeRef{id});
    if (i + 1 < st.m.parts[k].nodes.size()) {
      step(st, k, i, id);
    } else if (k + 1 < st.m.parts.size()) {
      for (const auto& n : g_.nodes) bindNode(st, k + 1, 0, n.id);
    } else {
      st.found();
    }
    if (fresh) st.row.erase(p.var);
  }

  // The node a relationship leads to from `from` in direction `dir`, if it fits.
  static std::optional<uint64_t> across(const GRel& r, Dir dir, uint64_t from) {
    if ((dir == Dir::OUT || dir == Dir::BOTH) && r.start == from) return r.end;
    if ((dir == Dir::IN || dir == Dir::BOTH) && r.end == from) return r.start;
    return std::nullopt;
  }

  static bool typeFits(const RelPat& p, const GRel& r) {
    return p.types.empty() || std::find(p.types.begin(), p.types.end(), r.type) != p.types.end();
  }

  // Relationship `i` of part `k`, from node `from`.
  void step(MatchState& st, size_t k, size_t i, uint64_t from) {
    const RelPat& p = st.m.parts[k].rels[i];
    if (!p.varLength) {
      for (const auto& r : g_.rels) {
        if (!typeFits(p, r) || isUsed(st, r.id)) continue;
        const auto to = across(r, p.dir, from);
        if (!to) continue;
        st.used.push_back(r.id);
        if (!p.var.empty()) st.row[p.var] = QValue(RelRef{r.id});
        bindNode(st, k, i + 1, *to);
        if (!p.var.empty()) st.row.erase(p.var);
        st.used.pop_back();
      }
      return;
    }
    QList trail;
    trailFrom(st, k, i, from, trail);
  }

  void trailFrom(MatchState& st, size_t k, size_t i, uint64_t at, QList& trail) {
    const RelPat& p = st.m.parts[k].rels[i];
    const auto depth = static_cast<int>(trail.size());
    if (depth >= p.minHops) {
      if (!p.var.empty()) st.row[p.var] = QValue(trail);
      bindNode(st, k, i + 1, at);
      if (!p.var.empty()) st.row.erase(p.var);
    }
    if (depth == p.maxHops) return;
    for (const auto& r : g_.rels) {
      if (!typeFits(p, r) || isUsed(st, r.id)) continue;
      const auto to = across(r, p.dir, at);
      if (!to) continue;
      st.used.push_back(r.id);
      trail.push_back(QValue(RelRef{r.id}));
      trailFrom(st, k, i, *to, trail);
      trail.pop_back();
      st.used.pop_back();
    }
  }

  static bool isUsed(const MatchState& st, uint64_t rel) {
    return std::find(st.used.begin(), st.used.end(), rel) != st.used.end();
  }

  Rows match(const MatchClause& m, const Rows& in) {
    Rows out;
    for (const Row& input : in) {
      Row row = input;
      size_t before = out.size();
      const std::function<void()> found = [&] {
        if (holds(m.where, row)) out.push_back(row);
      };
      MatchState st{m, row, {}, found};
      for (const auto& n : g_.nodes) bindNode(st, 0, 0, n.id);
      if (m.optional && out.size() == before) {
        Row padded = input;
        for (const auto& part : m.parts) {
          for (const auto& n : part.nodes) {
            if (!n.var.empty() && !padded.count(n.var)) padded[n.var] = QValue();
          }
          for (const auto& r : part.rels) {
            if (!r.var.empty() && !padded.count(r.var)) padded[r.var] = QValue();
          }
        }
        out.push_back(std::move(padded));
      }
    }
    return out;
  }

  // --- shortest paths ---------------------------------------------------------------------

  // Every trail (no relationship twice: openCypher's relationship isomorphism, which a
  // shortest path obeys as any pattern does) from `at` to `goal` within the bounds. A trail may
  // pass through `goal` and come back to it when it is still below the minimum length.
  void trails(const ShortestClause& s, uint64_t at, uint64_t goal, PathRef& path,
              std::vector<PathRef>& out) {
    const auto length = static_cast<int>(path.rels.size());
    if (at == goal && length >= s.rel.minHops && length > 0) out.push_back(path);
    if (length == s.rel.maxHops) return;
    for (const auto& r : g_.rels) {
      if (!typeFits(s.rel, r)) continue;
      const auto to = across(r, s.rel.dir, at);
      if (!to || std::find(path.rels.begin(), path.rels.end(), r.id) != path.rels.end()) continue;
      path.nodes.push_back(*to);
      path.rels.push_back(r.id);
      trails(s, *to, goal, path, out);
      path.nodes.pop_back();
      path.rels.pop_back();
    }
  }

  Rows shortest(const ShortestClause& s, const Rows& in) {
    Rows out;
    for (const Row& input : in) {
      const QValue& a = input.at(s.a);
      const QValue& b = input.at(s.b);
      if (a.isNull() || b.isNull()) continue;
      std::vector<PathRef> paths;
      PathRef start;
      start.nodes.push_back(a.asNode().id);
      trails(s, a.asNode().id, b.asNode().id, start, paths);
      Rows fitting;
      size_t best = std::numeric_limits<size_t>::max();
      for (auto& p : paths) {
        Row row = input;
        const size_t length = p.rels.size();
        row[s.path] = QValue(std::move(p));
        if (!holds(s.where, row) || length > best) continue;
        if (length < best) fitting.clear(), best = length;
        fitting.push_back(std::move(row));
      }
      if (!s.all && fitting.size() > 1) fitting.resize(1);
      for (auto& r : fitting) out.push_back(std::move(r));
    }
    return out;
  }

  // --- UNWIND and projections -------------------------------------------------------------

  Rows unwind(const UnwindClause& u, const Rows& in) {
    Rows out;
    for (const Row& input : in) {
      const QValue list = eval(u.list, input);
      if (list.isNull()) continue;
      if (list.type() != QType::LIST) throw ReferenceError("UNWIND of " + show(list));
      for (const auto& v : list.asList()) {
        Row row = input;
        row[u.var] = v;
        out.push_back(std::move(row));
      }
    }
    return out;
  }

  static void keepDistinct(QList& values) {
    QList kept;
    for (auto& v : values) {
      if (std::none_of(kept.begin(), kept.end(),
                       [&](const QValue& k) { return refEquivalent(k, v); })) {
        kept.push_back(std::move(v));
      }
    }
    values = std::move(kept);
  }

  QValue aggregate(const Expr& e, const Rows& group) {
    if (e.kind != ExprKind::AGG) throw std::logic_error("an aggregate must be a whole item");
    if (e.args.empty()) return QValue(static_cast<int64_t>(group.size()));
    QList values;
    for (const Row& r : group) {
      QValue v = eval(e.args[0], r);
      if (!v.isNull()) values.push_back(std::move(v));
    }
    if (e.distinct) keepDistinct(values);
    if (e.name == "count") return QValue(static_cast<int64_t>(values.size()));
    if (e.name == "collect") return QValue(std::move(values));
    if (e.name == "sum") {
      QValue total(int64_t{0});
      for (const auto& v : values) total = add(total, v);
      return total;
    }
    if (values.empty()) return QValue();
    const bool max = e.name == "max";
    QValue best = values[0];
    for (const auto& v : values) {
      const int c = refOrder(v, best);
      if (max ? c > 0 : c < 0) best = v;
    }
    return best;
  }

  Rows project(const ProjectClause& p, Rows in, std::vector<std::string>& columns) {
    columns.clear();
    for (const auto& it : p.items) columns.push_back(it.alias);
    Rows out;
    const bool grouping = std::any_of(p.items.begin(), p.items.end(),
                                      [](const Item& i) { return i.expr.hasAggregate(); });
    if (!grouping) {
      for (const Row& r : in) {
        Row row;
        for (const auto& it : p.items) row[it.alias] = eval(it.expr, r);
        out.push_back(std::move(row));
      }
    } else {
      std::vector<std::pair<QList, Rows>> groups;
      for (Row& r : in) {
        QList key;
        for (const auto& it : p.items) {
          if (!it.expr.hasAggregate()) key.push_back(eval(it.expr, r));
        }
        auto g = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& grp) { return equivalentRows(grp.first, key); });
        if (g == groups.end()) {
          groups.emplace_back(std::move(key), Rows{});
          g = groups.end() - 1;
        }
        g->second.push_back(std::move(r));
      }
      const bool keyless = std::all_of(p.items.begin(), p.items.end(),
                                       [](const Item& i) { return i.expr.hasAggregate(); });
      if (groups.empty() && keyless) groups.emplace_back(QList{}, Rows{});
      for (const auto& [key, rows] : groups) {
        Row row;
        size_t k = 0;
        for (const auto& it : p.items) {
          row[it.alias] = it.expr.hasAggregate() ? aggregate(it.expr, rows) : key[k++];
        }
        out.push_back(std::move(row));
      }
    }
    if (p.distinct) {
      Rows kept;
      auto asList = [&](const Row& r) {
        QList l;
        for (const auto& c : columns) l.push_back(r.at(c));
        return l;
      };
      for (auto& r : out) {
        const QList l = asList(r);
        if (std::none_of(kept.begin(), kept.end(),
                         [&](const Row& k) { return equivalentRows(asList(k), l); })) {
          kept.push_back(std::move(r));
        }
      }
      out = std::move(kept);
    }
    if (!p.orderBy.empty()) {
      std::stable_sort(out.begin(), out.end(), [&](const Row& a, const Row& b) {
        for (const auto& key : p.orderBy) {
          const int c = refOrder(a.at(key.alias), b.at(key.alias));
          if (c != 0) return key.descending ? c > 0 : c < 0;
        }
        return false;
      });
    }
    const auto skip = static_cast<size_t>(std::max<int64_t>(0, p.skip.value_or(0)));
    out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(std::min(skip, out.size())));
    if (p.limit && out.size() > static_cast<size_t>(*p.limit)) out.resize(*p.limit);
    if (p.where) {
      Rows kept;
      for (auto& r : out) {
        if (holds(p.where, r)) kept.push_back(std::move(r));
      }
      out = std::move(kept);
    }
    return out;
  }

  const Graph& g_;
};

}  // namespace

Result evaluateReference(const Graph& graph, const Query& query) {
  return Evaluator(graph).run(query);
}

}  // namespace casegraph::randomq
