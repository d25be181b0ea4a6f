// Planning rule: a MATCH's WHERE, split at its ANDs, is checked as early as the match allows.
// A conjunct that reads one node variable of the pattern is checked when that node is bound
// (and `n.key = value` on a labelled node becomes an index lookup), one that reads only the
// variables of the first parts of the pattern once those parts are matched, and one on a
// shortestPath's path or relationships becomes part of that search. So
// `MATCH (a), (b) WHERE a.uid = 1 AND b.uid = 2` finds each side on its own instead of
// testing every pair, and a shortest path is the shortest one the WHERE allows.
//
// The WHERE as a whole is still evaluated on every match: what is pushed down only prunes.
#include <map>

#include "query/cypher/exec/engine.h"

namespace casegraph::cypher::detail {

void splitConjuncts(const Expr& where, std::vector<const Expr*>& out) {
  if (const auto* b = where.as<Binary>(); b && b->op == BinaryOp::AND) {
    splitConjuncts(*b->left, out);
    splitConjuncts(*b->right, out);
    return;
  }
  out.push_back(&where);
}

bool namesRead(const Expr& e, std::set<std::string>& out) {
  auto addElement = [&](const PatternElement& element) {
    for (const auto& n : element.nodes) {
      if (!n.variable.empty()) out.insert(n.variable);
    }
    for (const auto& r : element.relationships) {
      if (!r.variable.empty()) out.insert(r.variable);
    }
  };
  bool known = true;
  if (const auto* v = e.as<Variable>()) {
    out.insert(v->name);
  } else if (const auto* pc = e.as<PatternComprehension>()) {
    addElement(pc->element);
    if (!pc->pathVariable.empty()) out.insert(pc->pathVariable);
  } else if (const auto* pp = e.as<PatternPredicate>()) {
    addElement(pp->element);
  } else if (const auto* ex = e.as<ExistsSubquery>()) {
    if (ex->query) known = false;
    for (const auto& part : ex->pattern) {
      addElement(part.element);
      if (!part.pathVariable.empty()) out.insert(part.pathVariable);
    }
  }
  forEachChild(e, [&](const Expr& c) { known = namesRead(c, out) && known; });
  return known;
}

namespace {

bool reads(const std::set<std::string>& names, const std::string& name) {
  return !name.empty() && names.count(name) != 0;
}

// all(x IN relationships(p) WHERE ...), all(x IN nodes(p) WHERE ...), all(x IN r WHERE ...)
// (r a variable-length relationship variable) and the same with none(): which list it tests,
// or nullptr.
const QuantifierExpr* elementTest(const Expr& c, const std::string& path, const std::string& rel,
                                  bool relIsList, bool& onNodes) {
  const auto* q = c.as<QuantifierExpr>();
  if (!q || !q->where) return nullptr;
  if (q->quantifier != Quantifier::ALL && q->quantifier != Quantifier::NONE) return nullptr;
  if (q->variable == path || q->variable == rel) return nullptr;
  std::set<std::string> inner;
  if (!namesRead(*q->where, inner) || reads(inner, path) || reads(inner, rel)) return nullptr;
  if (const auto* v = q->list->as<Variable>()) {
    onNodes = false;
    return relIsList && !rel.empty() && v->name == rel ? q : nullptr;
  }
  const auto* f = q->list->as<FunctionCall>();
  if (!f || f->distinct || f->args.size() != 1 || path.empty()) return nullptr;
  const auto* arg = f->args[0].as<Variable>();
  if (!arg || arg->name != path) return nullptr;
  const std::string name = lower(f->name);
  if (name != "relationships" && name != "nodes") return nullptr;
  onNodes = name == "nodes";
  return q;
}

// A conjunct on shortest-path part `part`'s path or relationship variable.
void addPathPredicate(CPart& part, const Scope& scope, const Expr& c,
                      const std::set<std::string>& names) {
  const std::string path = part.pathSlot >= 0 ? scope.names[part.pathSlot] : "";
  const CRel& r = part.rels.at(0);
  const std::string rel = r.slot >= 0 ? scope.names[r.slot] : "";
  const bool relIsList = r.pattern->length.has_value();
  bool onNodes = false;
  if (const auto* q = elementTest(c, path, rel, relIsList, onNodes)) {
    ElementPredicate p{q->variable, q->where.get(), q->quantifier == Quantifier::NONE};
    (onNodes ? part.nodePredicates : part.relPredicates).push_back(std::move(p));
    return;
  }
  if (!relIsList && reads(names, rel) && !reads(names, path)) {
    part.relPredicates.push_back({rel, &c, false});  // [r] of one hop: r.w > 3
    return;
  }
  part.pathPredicates.push_back(&c);
}

// `n.key = value` (either way round) whose value reads none of `fresh`: the key and value.
std::optional<std::pair<std::string, const Expr*>> propertySeek(
    const Expr& c, const std::string& node, const std::map<std::string, size_t>& fresh) {
  const auto* b = c.as<Binary>();
  if (!b || b->op != BinaryOp::EQ) return std::nullopt;
  for (const auto& [side, other] : {std::pair{b->left.get(), b->right.get()},
                                    std::pair{b->right.get(), b->left.get()}}) {
    const auto* pa = side->as<PropertyAccess>();
    const auto* v = pa ? pa->subject->as<Variable>() : nullptr;
    if (!v || v->name != node) continue;
    std::set<std::string> names;
    if (!namesRead(*other, names)) continue;
    const bool independent = std::none_of(names.begin(), names.end(), [&](const std::string& n) {
      return fresh.count(n) != 0;
    });
    if (independent) return std::pair{pa->key, other};
  }
  return std::nullopt;
}

}  // namespace

void pushPredicates(const Expr& where, const Scope& scope, const std::vector<int>& fresh,
                    std::vector<CPart>& parts) {
  const std::vector<size_t> order = matchOrder(parts);
  std::set<int> freshSlots(fresh.begin(), fresh.end());
  // Each new variable of the pattern: the step of `order` that binds it.
  std::map<std::string, size_t> boundAt;
  std::set<std::string> nodeNames;
  for (size_t k = 0; k < order.size(); ++k) {
    const CPart& part = parts[order[k]];
    auto note = [&](int slot) {
      if (slot >= 0 && freshSlots.count(slot)) boundAt.emplace(scope.names[slot], k);
    };
    for (const auto& n : part.nodes) {
      note(n.slot);
      if (n.slot >= 0) nodeNames.insert(scope.names[n.slot]);
    }
    for (const auto& r : part.rels) note(r.slot);
    note(part.pathSlot);
  }
  std::vector<const Expr*> conjuncts;
  splitConjuncts(where, conjuncts);
  for (const Expr* c : conjuncts) {
    std::set<std::string> names;
    if (!namesRead(*c, names)) continue;
    std::vector<std::string> mine;  // the pattern's new variables it reads
    size_t last = 0;
    for (const auto& n : names) {
      auto it = boundAt.find(n);
      if (it == boundAt.end()) continue;
      mine.push_back(n);
      last = std::max(last, it->second);
    }
    if (mine.empty()) continue;
    CPart& part = parts[order[last]];
    if (part.search != PathSearch::NONE && part.rels.size() == 1) {
      const std::string path = part.pathSlot >= 0 ? scope.names[part.pathSlot] : "";
      const int relSlot = part.rels[0].slot;
      const std::string rel = relSlot >= 0 ? scope.names[relSlot] : "";
      if (reads(names, path) || (freshSlots.count(relSlot) && reads(names, rel))) {
        addPathPredicate(part, scope, *c, names);
        continue;
      }
    }
    if (mine.size() == 1 && nodeNames.count(mine[0])) {
      const auto seek = propertySeek(*c, mine[0], boundAt);
      for (auto& p : parts) {
        for (auto& n : p.nodes) {
          if (n.slot < 0 || scope.names[n.slot] != mine[0]) continue;
          n.filters.push_back(c);
          if (seek) n.seeks.push_back(*seek);
        }
      }
      continue;
    }
    // After the last part the WHERE itself runs; a shortest path checks its own before the
    // search.
    if (last + 1 < order.size() || part.search != PathSearch::NONE) part.filters.push_back(c);
  }
}

}  // namespace casegraph::cypher::detail
