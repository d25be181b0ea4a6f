#include "checks.h"

#include <algorithm>

#include "query/cypher/exec/execute.h"
#include "values.h"

namespace casegraph::randomq {

const std::vector<CheckFamily>& checkFamilies() {
  static const std::vector<CheckFamily> families = {
      {"match", "MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, CASE, aggregates, UNION ALL"},
      {"distinct", "DISTINCT, count(DISTINCT), grouping and UNION over 1/1.0, 0.0/-0.0, NaN"},
      {"with", "WITH ... ORDER BY ... SKIP ... LIMIT ... WHERE pipelines"},
      {"shortest", "shortestPath / allShortestPaths with bounds and path predicates"},
      {"tlp", "ternary partitioning of a WHERE"},
      {"redundant", "AND true, OR false, WHERE true"},
      {"reorder", "pattern parts reordered, chains reversed"},
      {"index", "property index lookup against a label scan"},
      {"plan", "DistinctReach against the plain plan and the reference"},
  };
  return families;
}

Comparison comparisonFor(const Query& q) {
  Comparison c;
  const auto& ret = std::get<ProjectClause>(q.parts[0].clauses.back());
  for (size_t i = 0; i < ret.items.size(); ++i) {
    const bool collected = std::any_of(q.parts.begin(), q.parts.end(), [&](const SingleQuery& s) {
      const Expr& e = std::get<ProjectClause>(s.clauses.back()).items.at(i).expr;
      return e.kind == ExprKind::AGG && e.name == "collect";
    });
    if (collected) c.listColumns.push_back(i);
  }
  c.ordered = q.parts.size() == 1 && c.listColumns.empty() && !ret.orderBy.empty() &&
              ret.orderBy.size() == ret.items.size();
  return c;
}

namespace {

std::vector<cypher::QList> normalized(const Result& r, const Comparison& how) {
  std::vector<cypher::QList> rows = r.rows;
  auto rowLess = [](const cypher::QList& a, const cypher::QList& b) {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
      if (int c = refOrder(a[i], b[i])) return c < 0;
    }
    return a.size() < b.size();
  };
  for (auto& row : rows) {
    for (const size_t col : how.listColumns) {
      if (col < row.size() && row[col].type() == QType::LIST) {
        auto& list = row[col].asList();
        std::sort(list.begin(), list.end(),
                  [](const QValue& a, const QValue& b) { return refOrder(a, b) < 0; });
      }
    }
  }
  if (!how.ordered) std::sort(rows.begin(), rows.end(), rowLess);
  return rows;
}

}  // namespace

bool sameRows(const Result& a, const Result& b, const Comparison& how) {
  const auto x = normalized(a, how);
  const auto y = normalized(b, how);
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!equivalentRows(x[i], y[i])) return false;
  }
  return true;
}

std::string showDifference(const Result& a, const Result& b, const Comparison& how) {
  const auto x = normalized(a, how);
  const auto y = normalized(b, how);
  if (how.ordered) return "";
  std::vector<bool> usedY(y.size());
  std::string onlyA;
  size_t countA = 0;
  for (const auto& row : x) {
    bool found = false;
    for (size_t j = 0; j < y.size() && !found; ++j) {
      if (!usedY[j] && equivalentRows(row, y[j])) usedY[j] = found = true;
    }
    if (!found && countA++ < 8) onlyA += "\n      " + showRow(row);
  }
  std::string onlyB;
  size_t countB = 0;
  for (size_t j = 0; j < y.size(); ++j) {
    if (!usedY[j] && countB++ < 8) onlyB += "\n      " + showRow(y[j]);
  }
  return "\n    only in the first (" + std::to_string(countA) + "):" + onlyA +
         "\n    only in the second (" + std::to_string(countB) + "):" + onlyB;
}

std::string showResult(const Result& r) {
  std::string out = std::to_string(r.rows.size()) + " row(s)";
  const size_t shown = std::min<size_t>(r.rows.size(), 12);
  for (size_t i = 0; i < shown; ++i) out += "\n      " + showRow(r.rows[i]);
  if (shown < r.rows.size()) out += "\n      ...";
  return out;
}

Checker::Answer Checker::engine(const std::string& family, const std::string& text) {
  ++tallies_[family].queries;
  Answer a;
  try {
    cypher::QueryOptions options;
    options.allowWrites = false;
    auto r = cypher::runQuery(store_, text, {}, options);
    a.result.columns = std::move(r.columns);
    a.result.rows = std::move(r.rows);
  } catch (const std::exception& e) {
    a.failed = true;
    a.error = e.what();
  }
  return a;
}

void Checker::differential(const std::string& family, const Query& q, int number,
                           std::vector<Mismatch>& out) {
  Tally& t = tallies_[family];
  ++t.checks;
  const std::string text = cypherText(q);
  Result expected;
  try {
    expected = evaluateReference(graph_, q);
  } catch (const ReferenceError&) {
    ++t.refused;
    return;
  }
  const Answer actual = engine(family, text);
  if (expected.rows.empty()) ++t.empty;
  if (!actual.failed && sameRows(expected, actual.result, comparisonFor(q))) return;
  ++t.mismatches;
  std::vector<std::string> answers = {
      "reference: " + showResult(expected),
      "engine:    " + (actual.failed ? "error: " + actual.error : showResult(actual.result))};
  if (!actual.failed) {
    answers.push_back("reference against engine:" +
                      showDifference(expected, actual.result, comparisonFor(q)));
  }
  out.push_back({family, seed_, number, {text}, std::move(answers)});
}

void Checker::sameAnswers(const std::string& family, const Query& a, const Query& b, int number,
                          std::vector<Mismatch>& out) {
  Tally& t = tallies_[family];
  ++t.checks;
  const std::string ta = cypherText(a);
  const std::string tb = cypherText(b);
  const Answer x = engine(family, ta);
  const Answer y = engine(family, tb);
  if (x.failed && y.failed) {
    ++t.errors;  // both refuse: nothing to compare
    return;
  }
  if (!x.failed && x.result.rows.empty()) ++t.empty;
  if (!x.failed && !y.failed && sameRows(x.result, y.result, comparisonFor(a))) return;
  ++t.mismatches;
  auto show = [](const Answer& ans) {
    return ans.failed ? "error: " + ans.error : showResult(ans.result);
  };
  std::vector<std::string> answers = {"first:  " + show(x), "second: " + show(y)};
  if (!x.failed && !y.failed) {
    answers.push_back("first against second:" +
                      showDifference(x.result, y.result, comparisonFor(a)));
  }
  out.push_back({family, seed_, number, {ta, tb}, std::move(answers)});
}

namespace {

// Every WHERE made redundant in one of three ways; a MATCH without one gets WHERE true.
void addRedundancy(Query& q, Rng& rng) {
  auto pad = [&](std::optional<Expr>& where, bool mayAdd) {
    if (!where) {
      if (mayAdd) where = Expr::lit(QValue(true));
      return;
    }
    switch (rng.range(0, 2)) {
      case 0:
        where = Expr::binary(ExprKind::AND, std::move(*where), Expr::lit(QValue(true)));
        break;
      case 1:
        where = Expr::binary(ExprKind::AND, Expr::lit(QValue(true)), std::move(*where));
        break;
      default:
        where = Expr::binary(ExprKind::OR, std::move(*where), Expr::lit(QValue(false)));
    }
  };
  for (auto& part : q.parts) {
    for (auto& c : part.clauses) {
      if (auto* m = std::get_if<MatchClause>(&c)) pad(m->where, true);
      if (auto* p = std::get_if<ProjectClause>(&c)) pad(p->where, false);
    }
  }
}

Chain reversed(const Chain& c) {
  Chain r;
  r.nodes.assign(c.nodes.rbegin(), c.nodes.rend());
  r.rels.assign(c.rels.rbegin(), c.rels.rend());
  for (auto& rel : r.rels) {
    if (rel.dir == Dir::OUT) {
      rel.dir = Dir::IN;
    } else if (rel.dir == Dir::IN) {
      rel.dir = Dir::OUT;
    }
  }
  return r;
}

void reorder(Query& q, Rng& rng) {
  for (auto& part : q.parts) {
    auto* m = std::get_if<MatchClause>(&part.clauses[0]);
    if (!m) continue;
    std::reverse(m->parts.begin(), m->parts.end());
    for (auto& c : m->parts) {
      if (rng.chance(0.7)) c = reversed(c);
    }
  }
}

ProjectClause returnVars(const std::vector<std::string>& names) {
  ProjectClause p;
  p.isReturn = true;
  for (const auto& n : names) p.items.push_back({Expr::var(n), n});
  return p;
}

}  // namespace

void Checker::tlp(int number, std::vector<Mismatch>& out) {
  Vars vars;
  MatchClause m;
  m.parts.push_back(gen_.chain(vars, 2, true));
  if (rng_.chance(0.3)) m.parts.push_back(gen_.chain(vars, 1, false));
  const Expr p = gen_.predicate(vars);
  std::vector<std::string> names;
  for (const auto& v : vars) names.push_back(v.name);
  if (names.empty()) {
    m.parts[0].nodes[0].var = "n";
    vars.push_back({"n", VarKind::NODE});
    names.push_back("n");
  }
  auto query = [&](std::optional<Expr> where) {
    Query q;
    MatchClause mc = m;
    mc.where = std::move(where);
    q.parts.push_back(SingleQuery{{mc, returnVars(names)}});
    return q;
  };
  const Query whole = query(std::nullopt);
  Query parts = query(p);
  parts.unionAll = true;
  parts.parts.push_back(query(Expr::unary(ExprKind::NOT, p)).parts[0]);
  parts.parts.push_back(query(Expr::unary(ExprKind::IS_NULL, p)).parts[0]);
  sameAnswers("tlp", whole, parts, number, out);
}

void Checker::index(int number, std::vector<Mismatch>& out) {
  const std::string label = rng_.pick(LABELS);
  const std::string key = rng_.pick(NODE_KEYS);
  const QValue value = gen_.valueFor(key);
  auto query = [&](bool lookup) {
    MatchClause m;
    NodePat n{"n", {label}, {}};
    if (lookup) n.props.emplace_back(key, value);
    Chain c;
    std::vector<std::string> names = {"n"};
    if (number % 3 == 0) {
      // The looked-up node at the far end of a chain.
      c.nodes.push_back(NodePat{"m", {}, {}});
      c.rels.push_back(RelPat{"r", {}, Dir::BOTH, false, 1, 1});
      names = {"m", "r", "n"};
    }
    c.nodes.push_back(n);
    m.parts.push_back(std::move(c));
    if (!lookup) {
      m.where = Expr::binary(ExprKind::AND,
                             Expr{ExprKind::HAS_LABEL, {}, label, "", false, {Expr::var("n")}},
                             Expr::cmp("=", Expr::prop("n", key), Expr::lit(value)));
    }
    Query q;
    q.parts.push_back(SingleQuery{{m, returnVars(names)}});
    return q;
  };
  sameAnswers("index", query(true), query(false), number, out);
}

void Checker::plan(int number, std::vector<Mismatch>& out) {
  NodePat a{"a", {}, {}};
  if (rng_.chance(0.5)) a.labels.push_back(rng_.pick(LABELS));
  if (rng_.chance(0.3)) {
    const std::string key = rng_.chance(0.5) ? "i" : "s";
    a.props.emplace_back(key, gen_.valueFor(key));
  }
  RelPat rel;
  rel.dir = rng_.pick(std::vector<Dir>{Dir::OUT, Dir::IN, Dir::BOTH});
  if (rng_.chance(0.4)) rel.types.push_back(rng_.pick(TYPES));
  rel.varLength = true;
  rel.minHops = static_cast<int>(rng_.range(0, 1));
  rel.maxHops = static_cast<int>(rng_.range(1, 3));
  const bool bound = rng_.chance(0.3);
  const bool notSeed = rng_.chance(0.4);
  const int64_t shape = rng_.range(0, 2);
  const bool returnA = bound && rng_.chance(0.5);
  auto query = [&](bool plain) {
    SingleQuery s;
    MatchClause reach;
    RelPat r = rel;
    if (plain) r.var = "rs";
    if (bound) {
      s.clauses.push_back(MatchClause{false, {Chain{{a}, {}}}, std::nullopt});
      reach.parts.push_back(Chain{{NodePat{"a", {}, {}}, NodePat{"b", {}, {}}}, {r}});
    } else {
      reach.parts.push_back(Chain{{a, NodePat{"b", {}, {}}}, {r}});
    }
    if (notSeed) reach.where = Expr::cmp("<>", Expr::var("b"), Expr::var("a"));
    s.clauses.push_back(std::move(reach));
    if (plain) {
      ProjectClause w;
      w.items = {{Expr::var("a"), "a"}, {Expr::var("b"), "b"}};
      s.clauses.push_back(std::move(w));
    }
    ProjectClause ret;
    ret.isReturn = true;
    if (returnA) ret.items.push_back({Expr::var("a"), "a"});
    if (shape == 0) {
      ret.items.push_back({Expr::agg("count", true, {Expr::var("b")}), "c"});
    } else {
      ret.distinct = true;
      ret.items.push_back({shape == 1 ? Expr::var("b") : Expr::prop("b", "i"), "c"});
    }
    s.clauses.push_back(std::move(ret));
    Query q;
    q.parts.push_back(std::move(s));
    return q;
  };
  const Query fast = query(false);
  const Query slow = query(true);
  differential("plan", fast, number, out);
  differential("plan", slow, number, out);
}

void Checker::run(const std::string& family, int number, std::vector<Mismatch>& out) {
  // Each check draws from its own stream, so that --check and --skip-check do not change
  // which queries the other families generate.
  uint64_t h = seed_ * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(number);
  for (const char c : family) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
  rng_ = Rng(h);
  gen_.restartNames();
  if (family == "match") return differential(family, gen_.matchQuery(), number, out);
  if (family == "distinct") return differential(family, gen_.distinctQuery(), number, out);
  if (family == "with") return differential(family, gen_.withQuery(), number, out);
  if (family == "shortest") return differential(family, gen_.shortestQuery(), number, out);
  if (family == "tlp") return tlp(number, out);
  if (family == "index") return index(number, out);
  if (family == "plan") return plan(number, out);
  Query a = gen_.matchQuery();
  Query b = a;
  if (family == "redundant") {
    addRedundancy(b, rng_);
  } else {
    reorder(b, rng_);
  }
  sameAnswers(family, a, b, number, out);
}

}  // namespace casegraph::randomq
