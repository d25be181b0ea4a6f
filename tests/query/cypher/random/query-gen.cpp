#include "query-gen.h"

#include <algorithm>
#include <limits>

#include "values.h"

namespace casegraph::randomq {

namespace {

const std::vector<std::string> OPS = {"=", "<>", "<", "<=", ">", ">="};

bool isEntity(VarKind k) { return k == VarKind::NODE || k == VarKind::REL || k == VarKind::PATH; }

// The kind of value stored under a property key.
VarKind keyKind(const std::string& key) {
  if (key == "f" || key == "w") return VarKind::NUMBER;
  if (key == "i") return VarKind::INT;
  if (key == "s") return VarKind::STRING;
  return VarKind::MIXED;
}

Vars ofKind(const Vars& vars, VarKind kind) {
  Vars out;
  for (const auto& v : vars) {
    if (v.kind == kind) out.push_back(v);
  }
  return out;
}

Expr label(const std::string& var, const std::string& l) {
  Expr e = Expr::unary(ExprKind::HAS_LABEL, Expr::var(var));
  e.name = l;
  return e;
}

}  // namespace

QValue QueryGen::literalValue() {
  switch (rng_.range(0, 9)) {
    case 0:
      return QValue(rng_.range(-1, 4));
    case 1:
      return QValue(static_cast<double>(rng_.range(-1, 3)));
    case 2:
      return QValue(rng_.chance(0.5) ? -0.0 : 0.0);
    case 3:
      return QValue(2.5);
    case 4:
      return QValue(std::numeric_limits<double>::quiet_NaN());
    case 5:
      return QValue(rng_.chance(0.5));
    case 6:
      return QValue();
    default:
      return valueFor(rng_.pick(NODE_KEYS));
  }
}

QValue QueryGen::valueFor(const std::string& key) {
  if (!graph_.nodes.empty() && rng_.chance(0.6)) {
    const GNode& n = rng_.pick(graph_.nodes);
    auto it = n.props.find(key);
    if (it != n.props.end()) return it->second;
  }
  QValue v = randomValue(rng_, key);
  return v.isNull() ? QValue(int64_t{1}) : v;
}

Expr QueryGen::operand(const Vars& vars) {
  const Vars nodes = ofKind(vars, VarKind::NODE);
  const Vars rels = ofKind(vars, VarKind::REL);
  Vars values;
  for (const auto& v : vars) {
    if (!isEntity(v.kind)) values.push_back(v);
  }
  const int64_t r = rng_.range(0, 9);
  if (r < 5 && !nodes.empty()) return Expr::prop(rng_.pick(nodes).name, rng_.pick(NODE_KEYS));
  if (r < 7 && !rels.empty()) {
    return Expr::prop(rng_.pick(rels).name, rng_.chance(0.7) ? "w" : "k");
  }
  if (r < 9 && !values.empty()) return Expr::var(rng_.pick(values).name);
  if (!nodes.empty() && rng_.chance(0.5)) {
    return Expr::prop(rng_.pick(nodes).name, rng_.pick(NODE_KEYS));
  }
  return Expr::lit(literalValue());
}

Expr QueryGen::predicate(const Vars& vars, int depth) {
  const Vars nodes = ofKind(vars, VarKind::NODE);
  const int64_t r = rng_.range(0, depth > 0 ? 11 : 6);
  switch (r) {
    case 2: {
      Expr a = operand(vars);
      if (rng_.chance(0.5)) {
        // A piece of a string the graph holds, long ones included.
        const QValue v = valueFor("s");
        std::string piece = v.type() == QType::STRING ? v.asString() : "p";
        const auto len = static_cast<size_t>(rng_.range(0, static_cast<int64_t>(piece.size())));
        const std::string op =
            rng_.pick(std::vector<std::string>{"STARTS WITH", "ENDS WITH", "CONTAINS"});
        piece = op == "ENDS WITH" ? piece.substr(piece.size() - len) : piece.substr(0, len);
        return Expr::cmp(op, std::move(a), Expr::lit(QValue(piece)));
      }
      Expr list{ExprKind::LIST, {}, "", "", false, {}};
      const auto n = rng_.range(0, 3);
      for (int64_t i = 0; i < n; ++i) {
        list.args.push_back(Expr::lit(
            a.kind == ExprKind::PROP && rng_.chance(0.7) ? valueFor(a.name) : literalValue()));
      }
      return Expr::cmp("IN", std::move(a), std::move(list));
    }
    case 0:
    case 1: {
      Expr a = operand(vars);
      // Mostly against a literal of the property's own kind, so that comparisons hold often.
      Expr b = a.kind == ExprKind::PROP && rng_.chance(0.7) ? Expr::lit(valueFor(a.name))
                                                            : operand(vars);
      return Expr::cmp(rng_.pick(OPS), std::move(a), std::move(b));
    }
    case 3:
      return Expr::unary(rng_.chance(0.5) ? ExprKind::IS_NULL : ExprKind::IS_NOT_NULL,
                         operand(vars));
    case 4:
      if (!nodes.empty()) return label(rng_.pick(nodes).name, rng_.pick(LABELS));
      return Expr::lit(QValue(rng_.chance(0.5)));
    case 5: {
      const Vars ints = ofKind(vars, VarKind::INT);
      Expr a = !nodes.empty() ? Expr::prop(rng_.pick(nodes).name, "i")
               : ints.empty() ? Expr::lit(QValue(rng_.range(0, 3)))
                              : Expr::var(rng_.pick(ints).name);
      Expr sum = Expr::binary(ExprKind::ADD, std::move(a), Expr::lit(QValue(rng_.range(-1, 2))));
      return Expr::cmp(rng_.pick(OPS), std::move(sum), Expr::lit(QValue(rng_.range(0, 4))));
    }
    case 6:
      return Expr::lit(rng_.chance(0.2) ? QValue() : QValue(rng_.chance(0.5)));
    case 7:
      return Expr::unary(ExprKind::NOT, predicate(vars, depth - 1));
    case 8:
      return Expr::binary(ExprKind::OR, predicate(vars, depth - 1), predicate(vars, depth - 1));
    case 9:
      return Expr::binary(ExprKind::XOR, predicate(vars, depth - 1), predicate(vars, depth - 1));
    default:
      return Expr::binary(ExprKind::AND, predicate(vars, depth - 1), predicate(vars, depth - 1));
  }
}

Expr QueryGen::scalar(const Vars& vars, int depth) {
  if (depth > 0 && rng_.chance(0.15)) {
    Expr c{ExprKind::CASE, {}, "", "", false, {}};
    c.args.push_back(predicate(vars, 1));
    c.args.push_back(scalar(vars, depth - 1));
    c.args.push_back(scalar(vars, depth - 1));
    return c;
  }
  return operand(vars);
}

NodePat QueryGen::nodePat(Vars& vars, bool allowProps) {
  NodePat n;
  const Vars nodes = ofKind(vars, VarKind::NODE);
  if (!nodes.empty() && rng_.chance(0.1)) {
    n.var = rng_.pick(nodes).name;
    return n;
  }
  if (rng_.chance(0.85)) {
    n.var = fresh("n");
    vars.push_back({n.var, VarKind::NODE});
  }
  if (rng_.chance(0.5)) n.labels.push_back(rng_.pick(LABELS));
  if (rng_.chance(0.05)) n.labels.push_back(rng_.pick(LABELS));
  if (allowProps && rng_.chance(0.2)) {
    // Integers and strings only: floats in property maps are the index check's (a lookup of
    // 0.0 must find -0.0), kept apart so that a bug there does not fail every family.
    const std::string key = rng_.chance(0.5) ? "i" : "s";
    n.props.emplace_back(key, valueFor(key));
  }
  return n;
}

RelPat QueryGen::relPat(Vars& vars, bool varLength) {
  RelPat r;
  r.dir = rng_.pick(std::vector<Dir>{Dir::OUT, Dir::IN, Dir::BOTH});
  if (rng_.chance(0.5)) r.types.push_back(rng_.pick(TYPES));
  if (rng_.chance(0.1)) r.types.push_back(rng_.pick(TYPES));
  std::sort(r.types.begin(), r.types.end());
  r.types.erase(std::unique(r.types.begin(), r.types.end()), r.types.end());
  if (varLength && rng_.chance(0.25)) {
    r.varLength = true;
    r.minHops = static_cast<int>(rng_.range(0, 1));
    r.maxHops = static_cast<int>(rng_.range(std::max(1, r.minHops), 2));
    return r;  // unnamed: its list of relationships is not compared
  }
  if (rng_.chance(0.6)) {
    r.var = fresh("r");
    vars.push_back({r.var, VarKind::REL});
  }
  return r;
}

Chain QueryGen::chain(Vars& vars, int maxRels, bool varLength) {
  Chain c;
  c.nodes.push_back(nodePat(vars, true));
  const auto rels = rng_.range(0, maxRels);
  for (int64_t i = 0; i < rels; ++i) {
    c.rels.push_back(relPat(vars, varLength));
    c.nodes.push_back(nodePat(vars, true));
  }
  return c;
}

MatchClause QueryGen::firstMatch(Vars& vars) {
  MatchClause m;
  m.parts.push_back(chain(vars, 2, true));
  if (rng_.chance(0.25)) m.parts.push_back(chain(vars, 1, false));
  if (ofKind(vars, VarKind::NODE).empty()) {
    // Keep a node to project: a named one-node part.
    Chain c;
    c.nodes.push_back(NodePat{fresh("n"), {}, {}});
    vars.push_back({c.nodes[0].var, VarKind::NODE});
    m.parts.push_back(std::move(c));
  }
  if (rng_.chance(0.6)) m.where = predicate(vars);
  return m;
}

Expr QueryGen::item(const Vars& vars, bool safeKey) {
  Vars safe;
  for (const auto& v : vars) {
    if (v.kind == VarKind::NODE || v.kind == VarKind::REL || v.kind == VarKind::INT ||
        v.kind == VarKind::STRING) {
      safe.push_back(v);
    }
  }
  if (!safeKey)
    return rng_.chance(0.3) && !vars.empty() ? Expr::var(rng_.pick(vars).name) : scalar(vars, 1);
  const Vars nodes = ofKind(vars, VarKind::NODE);
  if (!nodes.empty() && rng_.chance(0.5)) {
    return Expr::prop(rng_.pick(nodes).name, rng_.chance(0.5) ? "i" : "s");
  }
  if (!safe.empty()) return Expr::var(rng_.pick(safe).name);
  return Expr::lit(QValue(int64_t{1}));
}

Expr QueryGen::aggregate(const Vars& vars) {
  const Vars nodes = ofKind(vars, VarKind::NODE);
  const Vars rels = ofKind(vars, VarKind::REL);
  auto numeric = [&]() {
    if (!rels.empty() && rng_.chance(0.3)) return Expr::prop(rng_.pick(rels).name, "w");
    if (!nodes.empty()) return Expr::prop(rng_.pick(nodes).name, rng_.chance(0.5) ? "i" : "f");
    return Expr::lit(QValue(int64_t{2}));
  };
  switch (rng_.range(0, 5)) {
    case 0:
      return Expr::agg("count", false, {});
    case 1:
      return Expr::agg("count", false, {operand(vars)});
    case 2:
      return Expr::agg("sum", false, {numeric()});
    case 3:
      return Expr::agg("collect", false, {operand(vars)});
    case 4:
      return Expr::agg("min", false, {operand(vars)});
    default:
      return Expr::agg("max", false, {operand(vars)});
  }
}

ProjectClause QueryGen::returnClause(const Vars& vars, bool safeKeys, bool allowPaging) {
  ProjectClause p;
  p.isReturn = true;
  const bool grouping = rng_.chance(0.45);
  const auto keys = rng_.range(grouping ? 0 : 1, grouping ? 2 : 3);
  int col = 0;
  for (int64_t i = 0; i < keys; ++i) {
    p.items.push_back({item(vars, grouping && safeKeys), "c" + std::to_string(col++)});
  }
  bool hasCollect = false;
  if (grouping) {
    const auto aggs = rng_.range(1, 2);
    for (int64_t i = 0; i < aggs; ++i) {
      Expr a = aggregate(vars);
      hasCollect = hasCollect || a.name == "collect";
      p.items.push_back({std::move(a), "c" + std::to_string(col++)});
    }
  }
  if (allowPaging && !hasCollect && rng_.chance(0.4)) {
    // Sorted on every column, so that rows the sort ties are equivalent and paging is
    // deterministic up to equivalence.
    std::vector<SortKey> keysOrder;
    for (const auto& it : p.items) keysOrder.push_back({it.alias, rng_.chance(0.3)});
    std::shuffle(keysOrder.begin(), keysOrder.end(), std::mt19937(rng_.range(0, 1000)));
    p.orderBy = std::move(keysOrder);
    if (rng_.chance(0.5)) p.skip = rng_.range(0, 3);
    if (rng_.chance(0.7)) p.limit = rng_.range(0, 5);
  }
  return p;
}

Query QueryGen::matchQuery() {
  Query q;
  const bool isUnion = rng_.chance(0.15);
  SingleQuery first;
  for (int part = 0; part < (isUnion ? 2 : 1); ++part) {
    SingleQuery s;
    Vars vars;
    s.clauses.push_back(firstMatch(vars));
    const Vars nodes = ofKind(vars, VarKind::NODE);
    if (rng_.chance(0.35)) {
      MatchClause opt;
      opt.optional = true;
      Vars inner = vars;
      Chain c;
      c.nodes.push_back(NodePat{rng_.pick(nodes).name, {}, {}});
      c.rels.push_back(relPat(inner, false));
      c.nodes.push_back(nodePat(inner, true));
      opt.parts.push_back(std::move(c));
      if (rng_.chance(0.5)) opt.where = predicate(inner);
      vars = inner;
      s.clauses.push_back(std::move(opt));
    }
    if (rng_.chance(0.3)) {
      ProjectClause w;
      Vars kept;
      for (const auto& v : vars) {
        if (v.kind == VarKind::NODE && (kept.empty() || rng_.chance(0.6))) {
          w.items.push_back({Expr::var(v.name), v.name});
          kept.push_back(v);
        }
      }
      if (rng_.chance(0.5)) {
        const std::string alias = fresh("v");
        const std::string key = rng_.pick(NODE_KEYS);
        w.items.push_back({Expr::prop(kept[0].name, key), alias});
        kept.push_back({alias, keyKind(key)});
      }
      if (rng_.chance(0.7)) w.where = predicate(kept);
      vars = kept;
      s.clauses.push_back(std::move(w));
    }
    if (rng_.chance(0.2)) {
      UnwindClause u;
      u.var = fresh("u");
      u.list.kind = ExprKind::LIST;
      const auto n = rng_.range(0, 4);
      for (int64_t i = 0; i < n; ++i) u.list.args.push_back(Expr::lit(QValue(rng_.range(0, 5))));
      if (rng_.chance(0.3)) u.list.args.push_back(Expr::lit(QValue()));
      vars.push_back({u.var, VarKind::INT});
      s.clauses.push_back(std::move(u));
    }
    if (part == 0) {
      s.clauses.push_back(returnClause(vars, true, !isUnion));
    } else {
      // The same columns as the first part's RETURN, each from this part's variables.
      const auto& ret = std::get<ProjectClause>(q.parts[0].clauses.back());
      ProjectClause p;
      p.isReturn = true;
      for (const auto& it : ret.items) {
        p.items.push_back({it.expr.hasAggregate() ? aggregate(vars) : item(vars, true), it.alias});
      }
      s.clauses.push_back(std::move(p));
    }
    q.parts.push_back(std::move(s));
  }
  q.unionAll = true;
  return q;
}

Query QueryGen::distinctQuery() {
  Query q;
  SingleQuery s;
  Vars vars;
  if (rng_.chance(0.4)) {
    UnwindClause u;
    u.var = fresh("x");
    u.list.kind = ExprKind::LIST;
    const std::vector<QValue> pool = {
        QValue(int64_t{1}), QValue(1.0),        QValue(0.0),
        QValue(-0.0),       QValue(int64_t{0}), QValue(std::numeric_limits<double>::quiet_NaN()),
        QValue(),           QValue("a"),        QValue(2.5),
        QValue(true)};
    const auto n = rng_.range(1, 6);
    for (int64_t i = 0; i < n; ++i) u.list.args.push_back(Expr::lit(rng_.pick(pool)));
    vars.push_back({u.var, VarKind::MIXED});
    s.clauses.push_back(std::move(u));
  } else {
    s.clauses.push_back(firstMatch(vars));
  }
  ProjectClause p;
  p.isReturn = true;
  const int64_t shape = rng_.range(0, 3);
  Vars values;
  for (const auto& v : vars) {
    if (!isEntity(v.kind)) values.push_back(v);
  }
  auto mixed = [&]() {
    const Vars nodes = ofKind(vars, VarKind::NODE);
    if (!values.empty() && (nodes.empty() || rng_.chance(0.5))) {
      return Expr::var(rng_.pick(values).name);
    }
    return Expr::prop(rng_.pick(nodes).name, rng_.chance(0.6) ? "f" : "k");
  };
  if (shape == 0) {
    p.distinct = true;
    p.items.push_back({mixed(), "c0"});
  } else if (shape == 1) {
    p.items.push_back({Expr::agg("count", true, {mixed()}), "c0"});
  } else if (shape == 2) {
    p.items.push_back({mixed(), "c0"});
    p.items.push_back({Expr::agg("count", false, {}), "c1"});
  } else {
    const Vars nodes = ofKind(vars, VarKind::NODE);
    if (!nodes.empty() && rng_.chance(0.5)) {
      p.items.push_back({Expr::agg("sum", true, {Expr::prop(rng_.pick(nodes).name, "f")}), "c0"});
    } else {
      p.items.push_back({Expr::agg("collect", true, {mixed()}), "c0"});
    }
  }
  s.clauses.push_back(std::move(p));
  q.parts.push_back(std::move(s));
  if (shape == 0 && rng_.chance(0.4)) {
    // UNION: a second part with one column of numbers equal across kinds.
    SingleQuery u;
    UnwindClause uw;
    uw.var = fresh("y");
    uw.list.kind = ExprKind::LIST;
    for (const auto& v : {QValue(int64_t{1}), QValue(0.0), QValue(-0.0), QValue(1.0)}) {
      if (rng_.chance(0.6)) uw.list.args.push_back(Expr::lit(v));
    }
    u.clauses.push_back(std::move(uw));
    ProjectClause r;
    r.isReturn = true;
    r.items.push_back({Expr::var(std::get<UnwindClause>(u.clauses[0]).var), "c0"});
    u.clauses.push_back(std::move(r));
    q.parts.push_back(std::move(u));
    q.unionAll = false;
    std::get<ProjectClause>(q.parts[0].clauses.back()).distinct = rng_.chance(0.5);
  }
  return q;
}

Query QueryGen::withQuery() {
  Query q;
  SingleQuery s;
  Vars vars;
  s.clauses.push_back(firstMatch(vars));
  const Vars nodes = ofKind(vars, VarKind::NODE);
  ProjectClause w;
  Vars kept;
  const std::string node = rng_.pick(nodes).name;
  if (rng_.chance(0.5)) {
    w.items.push_back({Expr::var(node), node});
    kept.push_back({node, VarKind::NODE});
  }
  const auto values = rng_.range(kept.empty() ? 1 : 0, 2);
  for (int64_t i = 0; i < values; ++i) {
    const std::string alias = fresh("x");
    const std::string key = rng_.pick(NODE_KEYS);
    w.items.push_back({Expr::prop(rng_.pick(nodes).name, key), alias});
    kept.push_back({alias, keyKind(key)});
  }
  for (const auto& it : w.items) w.orderBy.push_back({it.alias, rng_.chance(0.4)});
  std::shuffle(w.orderBy.begin(), w.orderBy.end(), std::mt19937(rng_.range(0, 1000)));
  if (rng_.chance(0.4)) w.skip = rng_.range(0, 2);
  w.limit = rng_.range(1, 4);
  w.where = predicate(kept, 1);
  s.clauses.push_back(std::move(w));
  if (!ofKind(kept, VarKind::NODE).empty() && rng_.chance(0.4)) {
    MatchClause m;
    m.optional = rng_.chance(0.5);
    Chain c;
    c.nodes.push_back(NodePat{node, {}, {}});
    c.rels.push_back(relPat(kept, false));
    c.nodes.push_back(nodePat(kept, false));
    m.parts.push_back(std::move(c));
    s.clauses.push_back(std::move(m));
  }
  ProjectClause r;
  r.isReturn = true;
  if (rng_.chance(0.3)) {
    r.items.push_back({Expr::agg("count", false, {}), "c0"});
  } else {
    int col = 0;
    for (const auto& v : kept) r.items.push_back({Expr::var(v.name), "c" + std::to_string(col++)});
  }
  s.clauses.push_back(std::move(r));
  q.parts.push_back(std::move(s));
  return q;
}

Query QueryGen::shortestQuery() {
  Query q;
  SingleQuery s;
  MatchClause ends;
  NodePat a{"a", {}, {}};
  NodePat b{"b", {}, {}};
  if (rng_.chance(0.4)) a.labels.push_back(rng_.pick(LABELS));
  if (rng_.chance(0.4)) b.labels.push_back(rng_.pick(LABELS));
  ends.parts.push_back(Chain{{a}, {}});
  ends.parts.push_back(Chain{{b}, {}});
  ends.where = Expr::unary(ExprKind::NOT, Expr::cmp("=", Expr::var("a"), Expr::var("b")));
  s.clauses.push_back(std::move(ends));
  ShortestClause sp;
  sp.all = rng_.chance(0.4);
  sp.path = "p";
  sp.a = "a";
  sp.b = "b";
  sp.rel.dir = rng_.pick(std::vector<Dir>{Dir::OUT, Dir::BOTH, Dir::BOTH});
  if (rng_.chance(0.3)) sp.rel.types.push_back(rng_.pick(TYPES));
  sp.rel.varLength = true;
  sp.rel.minHops = rng_.chance(0.4) ? 2 : 1;
  sp.rel.maxHops = static_cast<int>(rng_.range(sp.rel.minHops, sp.rel.minHops + 3));
  auto relPredicate = [&](const std::string& r) {
    Expr w = Expr::prop(r, "w");
    switch (rng_.range(0, 2)) {
      case 0:
        return Expr::cmp(">", std::move(w), Expr::lit(QValue(rng_.range(0, 4))));
      case 1:
        return Expr::cmp("<>", std::move(w), Expr::lit(QValue(rng_.range(0, 6))));
      default:
        return Expr::cmp("<=", std::move(w), Expr::lit(QValue(rng_.range(2, 6))));
    }
  };
  const int64_t shape = rng_.range(0, 4);
  if (shape <= 2) {
    Expr quant{shape == 2 ? ExprKind::NONE_RELS : ExprKind::ALL_RELS, {}, "r", "", false, {}};
    quant.args.push_back(Expr::var("p"));
    quant.args.push_back(relPredicate("r"));
    sp.where = std::move(quant);
    if (rng_.chance(0.3)) {
      sp.where =
          Expr::binary(ExprKind::AND, std::move(*sp.where),
                       Expr::cmp(">=", Expr{ExprKind::LENGTH, {}, "", "", false, {Expr::var("p")}},
                                 Expr::lit(QValue(rng_.range(1, 3)))));
    }
  }
  s.clauses.push_back(std::move(sp));
  ProjectClause r;
  r.isReturn = true;
  r.items.push_back({Expr::var("a"), "a"});
  r.items.push_back({Expr::var("b"), "b"});
  if (std::get<ShortestClause>(s.clauses[1]).all) {
    r.items.push_back({Expr::var("p"), "p"});
  } else {
    r.items.push_back({Expr{ExprKind::LENGTH, {}, "", "", false, {Expr::var("p")}}, "len"});
  }
  s.clauses.push_back(std::move(r));
  q.parts.push_back(std::move(s));
  return q;
}

}  // namespace casegraph::randomq
