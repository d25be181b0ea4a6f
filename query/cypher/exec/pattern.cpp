// The pattern matcher: finds the ways a MATCH pattern fits the graph, starting each chain at
// its most selective node (a bound variable, then an indexed property, then a label) and
// walking relationships from there in both directions. Variable-length relationships are a
// depth-first walk over adjacency pages; shortestPath() and allShortestPaths() run on the
// link-analysis engine's bidirectional search.
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "query/cypher/exec/engine.h"
#include "query/link/graph-view.h"
#include "query/link/paths.h"

namespace casegraph::cypher::detail {

namespace {

int bindSlot(const std::string& variable, Scope& scope, std::vector<int>& fresh) {
  if (variable.empty()) return -1;
  int slot = scope.find(variable);
  if (slot < 0) {
    slot = scope.add(variable);
    fresh.push_back(slot);
  }
  return slot;
}

}  // namespace

CPart compileElement(const PatternElement& element, const std::string& pathVariable,
                     PathSearch search, SourcePos pos, Scope& scope, std::vector<int>& fresh) {
  CPart part;
  part.search = search;
  part.pos = pos;
  for (size_t i = 0; i < element.nodes.size(); ++i) {
    part.nodes.push_back({bindSlot(element.nodes[i].variable, scope, fresh), &element.nodes[i]});
    if (i < element.relationships.size()) {
      const auto& rel = element.relationships[i];
      part.rels.push_back({bindSlot(rel.variable, scope, fresh), &rel});
    }
  }
  part.pathSlot = bindSlot(pathVariable, scope, fresh);
  return part;
}

std::vector<size_t> matchOrder(const std::vector<CPart>& parts) {
  std::vector<size_t> order;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].search == PathSearch::NONE) order.push_back(i);
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].search != PathSearch::NONE) order.push_back(i);
  }
  return order;
}

std::vector<CPart> compilePattern(const Pattern& pattern, Scope& scope, std::vector<int>& fresh) {
  std::vector<CPart> parts;
  for (const auto& p : pattern) {
    parts.push_back(compileElement(p.element, p.pathVariable, p.search, p.pos, scope, fresh));
  }
  return parts;
}

namespace {

// One hop of a matched relationship: the relationship and the node it leads to.
struct Hop {
  uint64_t rel;
  uint64_t node;
};

// Whether the property index's equality (findEqualByValue) is Cypher's for this value: exact
// for strings (the index checks cut ones against the record), integers, booleans and dates;
// not for floats (NaN) or temporal values (equal instants in other offsets).
bool indexIsExact(const QValue& v) {
  switch (v.type()) {
    case QType::STRING:
    case QType::INT:
    case QType::BOOL:
    case QType::DATE:
      return true;
    default:
      return false;
  }
}

class Matcher {
 public:
  Matcher(QueryContext& ctx, const Scope& scope, const std::vector<CPart>& parts,
          const std::vector<int>& fresh, Row& row, const std::function<bool(Row&)>& fn)
      : ctx_(ctx), scope_(scope), parts_(parts), row_(row), fn_(fn) {
    isSet_.assign(scope.names.size(), 1);
    for (int s : fresh) isSet_[s] = 0;
    order_ = matchOrder(parts);
  }

  bool run() { return matchPart(0); }

 private:
  struct PartState {
    std::vector<uint64_t> nodes;
    std::vector<std::vector<Hop>> hops;  // per relationship, in the direction walked
    std::vector<bool> backwards;         // hops[j] were walked from node j+1 to node j
  };

  Env env() const { return Env{ctx_, scope_, row_}; }

  bool bound(int slot) const { return slot >= 0 && isSet_[slot]; }

  void set(int slot, QValue v) {
    if (slot < 0) return;
    row_[slot] = std::move(v);
    isSet_[slot] = 1;
  }
  void unset(int slot, bool wasSet) {
    if (slot >= 0 && !wasSet) isSet_[slot] = 0;
  }

  bool matchPart(size_t k) {
    if (k == order_.size()) {
      ctx_.checkpoint();
      return fn_(row_);
    }
    const CPart& part = parts_[order_[k]];
    PartState st;
    st.nodes.assign(part.nodes.size(), 0);
    st.hops.assign(part.rels.size(), {});
    st.backwards.assign(part.rels.size(), false);
    if (part.search != PathSearch::NONE) return matchShortest(k, part, st);
    const size_t anchor = chooseAnchor(part);
    return forEachCandidate(part.nodes[anchor], [&](uint64_t id) {
      return bindNode(part, st, anchor, id,
                      [&] { return extendRight(k, part, st, anchor, anchor); });
    });
  }

  static bool hasLabelTest(const NodePattern& p) {
    return !p.labels.empty() || !p.anyLabels.empty();
  }

  // Which node of the chain to start from: a bound variable, then one whose id the WHERE gives,
  // then a label with an indexed property, then a label, then any node.
  size_t chooseAnchor(const CPart& part) const {
    size_t best = 0;
    int bestScore = 99;
    for (size_t i = 0; i < part.nodes.size(); ++i) {
      const auto& n = part.nodes[i];
      int score = 4;
      if (bound(n.slot)) {
        score = 0;
      } else if (n.idSeek) {
        score = 1;
      } else if (hasLabelTest(*n.pattern) && (n.pattern->properties || !n.seeks.empty())) {
        score = 2;
      } else if (hasLabelTest(*n.pattern)) {
        score = 3;
      }
      if (score < bestScore) best = i, bestScore = score;
    }
    return best;
  }

  template <typename Fn>
  bool forEachCandidate(const CNode& n, Fn&& fn) {
    if (bound(n.slot)) {
      const QValue& v = row_[n.slot];
      if (v.isNull()) return true;
      if (v.type() != QType::NODE) {
        runtimeError(
            "TypeError", "InvalidArgumentType",
            "variable `" + scope_.names[n.slot] + "` is a " + qtypeName(v.type()) + ", not a node",
            n.pattern->pos);
      }
      if (ctx_.nodeDeleted(v.asNode().id)) return true;
      return fn(v.asNode().id);
    }
    const auto& labels = n.pattern->labels;
    bool go = true;
    bool impliedByIndex = false;  // see implied_
    auto visit = [&](uint64_t id) {
      ctx_.checkpoint();
      if (ctx_.nodeDeleted(id)) return true;
      if (impliedByIndex) implied_ = {&n, id};
      go = fn(id);
      return go;
    };
    if (n.idSeek) {
      // id(n) = v holds only for an integral number v; anything else matches no node.
      std::vector<uint64_t> ids;
      auto add = [&](const QValue& v) {
        if (v.type() == QType::INT && v.asInt() > 0) {
          ids.push_back(static_cast<uint64_t>(v.asInt()));
        } else if (v.type() == QType::FLOAT && v.asFloat() >= 1 && v.asFloat() < 9.2e18 &&
                   std::trunc(v.asFloat()) == v.asFloat()) {
          ids.push_back(static_cast<uint64_t>(v.asFloat()));
        }
      };
      const QValue v = evaluate(*n.idSeek, env());
      if (!n.idSeekList) {
        add(v);
      } else if (v.type() == QType::LIST) {
        for (const auto& e : v.asList()) add(e);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      }
      for (const uint64_t id : ids) {
        if (ctx_.reader.nodeExists(id) && !visit(id)) return false;
      }
      return go;
    }
    // The nodes with `label` (through the (label, key) index when a property allows) to
    // `see`; `mayImply`: the pattern has that one label, so an exact lookup checked it.
    auto withLabel = [&](const std::string& label, bool mayImply, auto&& see) {
      if (n.pattern->properties) {
        QMap props = evaluatePropertyMap(*n.pattern->properties, env());
        for (const auto& [key, value] : props) {
          if (value.isNull()) return true;  // null never equals anything
          if (!indexable(value)) continue;
          // Numbers by value, as Cypher's = compares them (1 finds 1.0, 0.0 finds -0.0).
          impliedByIndex = mayImply && props.size() == 1 && indexIsExact(value);
          ctx_.reader.findEqualByValue(label, key, toStore(value), see);
          impliedByIndex = false;
          implied_ = {};
          return go;
        }
      }
      // WHERE n.key = value (pushPredicates): the first value the index can look up.
      for (const auto& [key, valueExpr] : n.seeks) {
        const QValue value = evaluate(*valueExpr, env());
        if (value.isNull()) return true;  // = null holds for no node
        if (!indexable(value)) continue;
        ctx_.reader.findEqualByValue(label, key, toStore(value), see);
        return go;
      }
      ctx_.reader.scanLabel(label, see);
      return go;
    };
    if (!labels.empty()) return withLabel(labels[0], labels.size() == 1, visit);
    if (!n.pattern->anyLabels.empty()) {
      // (n:A|B): each label's nodes in turn, a node with several of them once.
      std::unordered_set<uint64_t> offered;
      auto once = [&](uint64_t id) { return !offered.insert(id).second || visit(id); };
      for (const auto& label : n.pattern->anyLabels) {
        if (!withLabel(label, false, once)) return false;
      }
      return go;
    }
    ctx_.reader.scanNodes(visit);
    return go;
  }

  // Whether a value can be looked up in the property index.
  static bool indexable(const QValue& v) {
    switch (v.type()) {
      case QType::LIST:
      case QType::MAP:
      case QType::NODE:
      case QType::RELATIONSHIP:
      case QType::PATH:
      case QType::DURATION:
      case QType::POINT:
        return false;
      default:
        return true;
    }
  }

  bool holds(const std::vector<const Expr*>& filters) const {
    return std::all_of(filters.begin(), filters.end(),
                       [&](const Expr* f) { return evaluatePredicate(*f, env()); });
  }

  bool nodeFits(const CNode& n, uint64_t id) {
    if (ctx_.nodeDeleted(id)) return false;
    if (bound(n.slot)) {
      const QValue& v = row_[n.slot];
      if (v.type() != QType::NODE || v.asNode().id != id) return false;
    }
    if (implied_.first == &n && implied_.second == id) {
      implied_ = {};
      return true;  // the (label, key) index lookup that found it already checked both
    }
    if (!ctx_.hasLabels(id, n.pattern->labels)) return false;
    if (!ctx_.hasAnyLabel(id, n.pattern->anyLabels)) return false;
    return !n.pattern->properties ||
           propertiesMatch(ctx_.node(id).properties,
                           evaluatePropertyMap(*n.pattern->properties, env()));
  }

  bool relFits(const CRel& r, uint64_t id) {
    if (std::find(used_.begin(), used_.end(), id) != used_.end()) return false;
    if (ctx_.edgeDeleted(id)) return false;
    return !r.pattern->properties ||
           propertiesMatch(ctx_.edge(id).properties,
                           evaluatePropertyMap(*r.pattern->properties, env()));
  }

  template <typename Fn>
  bool bindNode(const CPart& part, PartState& st, size_t i, uint64_t id, Fn&& next) {
    const CNode& n = part.nodes[i];
    if (!nodeFits(n, id)) return true;
    const bool wasSet = bound(n.slot);
    st.nodes[i] = id;
    if (!wasSet) set(n.slot, NodeRef{id});
    const bool go = wasSet || holds(n.filters) ? next() : true;
    unset(n.slot, wasSet);
    return go;
  }

  // After nodes [lo..hi] are bound: extend to the right, then to the left, then finish.
  bool extendRight(size_t k, const CPart& part, PartState& st, size_t lo, size_t hi) {
    if (hi + 1 < part.nodes.size()) {
      return expand(part, st, hi, false, [&] { return extendRight(k, part, st, lo, hi + 1); });
    }
    return extendLeft(k, part, st, lo);
  }

  bool extendLeft(size_t k, const CPart& part, PartState& st, size_t lo) {
    if (lo > 0) {
      return expand(part, st, lo - 1, true, [&] { return extendLeft(k, part, st, lo - 1); });
    }
    return finishPart(k, part, st);
  }

  bool finishPart(size_t k, const CPart& part, PartState& st) {
    const bool pathWasSet = bound(part.pathSlot);
    if (part.pathSlot >= 0) {
      QValue path = buildPath(part, st);
      if (pathWasSet) {
        if (!(row_[part.pathSlot] == path)) return true;
      } else {
        set(part.pathSlot, std::move(path));
      }
    }
    // A shortest path checked its filters before its search.
    const bool go =
        part.search != PathSearch::NONE || holds(part.filters) ? matchPart(k + 1) : true;
    unset(part.pathSlot, pathWasSet);
    return go;
  }

  static PathRef buildPath(const CPart& part, const PartState& st) {
    PathRef p;
    p.nodes.push_back(st.nodes[0]);
    for (size_t j = 0; j < part.rels.size(); ++j) {
      const auto& hops = st.hops[j];
      if (!st.backwards[j]) {
        for (const auto& h : hops) p.rels.push_back(h.rel), p.nodes.push_back(h.node);
      } else {
        // Walked from node j+1 to node j: hop i reached hops[i].node from the one before.
        for (size_t i = hops.size(); i-- > 0;) {
          p.rels.push_back(hops[i].rel);
          p.nodes.push_back(i == 0 ? st.nodes[j + 1] : hops[i - 1].node);
        }
      }
    }
    return p;
  }

  // The direction to read adjacency in when walking relationship pattern `r` from its left
  // node (or, when `backwards`, from its right node).
  static Direction walkDirection(const RelationshipPattern& r, bool backwards) {
    switch (r.direction) {
      case RelDirection::OUTGOING:
        return backwards ? Direction::IN : Direction::OUT;
      case RelDirection::INCOMING:
        return backwards ? Direction::OUT : Direction::IN;
      case RelDirection::UNDIRECTED:
        return Direction::BOTH;
    }
    return Direction::BOTH;
  }

  // Calls fn(rel, neighbour) for each relationship of `from` that `r` allows (type,
  // direction); fn returns false to stop.
  template <typename Fn>
  bool forEachRel(const CRel& r, uint64_t from, Direction dir, Fn&& fn) {
    const auto& types = r.pattern->types;
    auto scan = [&](std::optional<uint32_t> type) {
      return ctx_.reader.forEachNeighbor(from, dir, type, [&](const AdjEntry& e) {
        // An undirected walk sees a self-loop from both of its ends: take it once.
        if (dir == Direction::BOTH && e.direction == Direction::IN && e.neighbour == from) {
          return true;
        }
        return fn(e.edge, e.neighbour);
      });
    };
    if (types.empty()) return scan(std::nullopt);
    std::vector<uint32_t> ids;  // [:A|A] names a type twice: read it once
    for (const auto& t : types) {
      auto id = ctx_.tokenId(t);
      if (id && std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
    }
    for (uint32_t id : ids) {
      if (!scan(id)) return false;
    }
    return true;
  }

  // Matches relationship j (between nodes j and j+1); the node on the walked-from side is
  // bound. Then binds the other node and calls next.
  template <typename Fn>
  bool expand(const CPart& part, PartState& st, size_t j, bool backwards, Fn&& next) {
    const CRel& r = part.rels[j];
    const size_t fromIdx = backwards ? j + 1 : j;
    const size_t toIdx = backwards ? j : j + 1;
    const uint64_t from = st.nodes[fromIdx];
    const Direction dir = walkDirection(*r.pattern, backwards);
    st.backwards[j] = backwards;
    const bool relWasSet = bound(r.slot);
    if (!r.pattern->length) {
      return forEachRel(r, from, dir, [&](uint64_t rel, uint64_t other) {
        if (relWasSet) {
          const QValue& v = row_[r.slot];
          if (v.type() != QType::RELATIONSHIP || v.asRel().id != rel) return true;
        }
        if (!relFits(r, rel)) return true;
        used_.push_back(rel);
        st.hops[j] = {Hop{rel, other}};
        if (!relWasSet) set(r.slot, RelRef{rel});
        const bool go = bindNode(part, st, toIdx, other, next);
        unset(r.slot, relWasSet);
        used_.pop_back();
        return go;
      });
    }
    // Variable length: a depth-first walk of trails (no relationship twice).
    const uint64_t minHops = r.pattern->length->min.value_or(1);
    const uint64_t maxHops = r.pattern->length->max.value_or(ctx_.options.maxHops);
    std::vector<Hop>& hops = st.hops[j];
    hops.clear();
    std::function<bool(uint64_t)> walk = [&](uint64_t at) -> bool {
      ctx_.checkpoint();
      if (hops.size() >= minHops) {
        bool go = true;
        if (!relWasSet) {
          QList rels;
          rels.reserve(hops.size());
          if (backwards) {
            for (size_t i = hops.size(); i-- > 0;) rels.emplace_back(RelRef{hops[i].rel});
          } else {
            for (const auto& h : hops) rels.emplace_back(RelRef{h.rel});
          }
          set(r.slot, QValue(std::move(rels)));
          go = bindNode(part, st, toIdx, at, next);
          unset(r.slot, false);
        } else if (sameRels(row_[r.slot], hops, backwards)) {
          // A variable bound to a list of relationships: the walk must follow that list.
          go = bindNode(part, st, toIdx, at, next);
        }
        if (!go) return false;
      }
      if (hops.size() >= maxHops) return true;
      return forEachRel(r, at, dir, [&](uint64_t rel, uint64_t other) {
        if (!relFits(r, rel)) return true;
        used_.push_back(rel);
        hops.push_back(Hop{rel, other});
        const bool go = walk(other);
        hops.pop_back();
        used_.pop_back();
        return go;
      });
    };
    return walk(from);
  }

  static bool sameRels(const QValue& bound, const std::vector<Hop>& hops, bool backwards) {
    if (bound.type() != QType::LIST || bound.asList().size() != hops.size()) return false;
    const auto& l = bound.asList();
    for (size_t i = 0; i < hops.size(); ++i) {
      const auto& h = backwards ? hops[hops.size() - 1 - i] : hops[i];
      if (l[i].type() != QType::RELATIONSHIP || l[i].asRel().id != h.rel) return false;
    }
    return true;
  }

  // Whether each of `preds` holds for the element `value` (all(): true; none(): false).
  bool elementHolds(const std::vector<ElementPredicate>& preds, const QValue& value) const {
    for (const auto& p : preds) {
      const Local local{p.variable, &value, nullptr};
      const QValue v = evaluate(*p.predicate, env().with(&local));
      if (v.type() != QType::BOOL || v.asBool() == p.negated) return false;
    }
    return true;
  }

  // shortestPath / allShortestPaths (shortest-path.cpp): both end nodes bound (or taken from
  // their candidates), one relationship pattern; the WHERE's predicates on the path are part
  // of the search (pushPredicates).
  bool matchShortest(size_t k, const CPart& part, PartState& st) {
    if (part.rels.size() != 1) {
      compileError("SyntaxError", "InvalidShortestPath",
                   "shortestPath needs a pattern of exactly one relationship", part.pos);
    }
    const CRel& r = part.rels[0];
    ShortestSearch search;
    search.search = part.search;
    search.pos = part.pos;
    search.filter.direction = walkDirection(*r.pattern, false);
    search.filter.types = r.pattern->types;
    search.minHops = r.pattern->length ? r.pattern->length->min.value_or(1) : 1;
    search.maxHops = r.pattern->length ? r.pattern->length->max.value_or(ctx_.options.maxHops) : 1;
    if (search.minHops > search.maxHops) return true;
    std::optional<QMap> relProps;
    if (r.pattern->properties || !part.relPredicates.empty()) {
      search.filter.edges = [&](uint64_t e) {
        if (ctx_.edgeDeleted(e)) return false;
        if (r.pattern->properties) {
          if (!relProps) relProps = evaluatePropertyMap(*r.pattern->properties, env());
          if (!propertiesMatch(ctx_.edge(e).properties, *relProps)) return false;
        }
        return elementHolds(part.relPredicates, QValue(RelRef{e}));
      };
    }
    if (!part.nodePredicates.empty()) {
      search.filter.nodes = [&](uint64_t n) {
        return elementHolds(part.nodePredicates, QValue(NodeRef{n}));
      };
    }
    const bool relWasSet = bound(r.slot);
    // Binds the path's variables for `path`, calls fn, unbinds them.
    auto withPath = [&](const Path& path, auto&& fn) {
      const bool pathWasSet = bound(part.pathSlot);
      if (!relWasSet) {
        QList rels;
        for (auto e : path.edges) rels.emplace_back(RelRef{e});
        if (r.pattern->length) {
          set(r.slot, QValue(std::move(rels)));
        } else if (!rels.empty()) {
          set(r.slot, rels[0]);
        }
      }
      st.hops[0].clear();
      for (size_t i = 0; i < path.edges.size(); ++i) {
        st.hops[0].push_back(Hop{path.edges[i], path.nodes[i + 1]});
      }
      st.backwards[0] = false;
      const bool result = fn();
      unset(r.slot, relWasSet);
      unset(part.pathSlot, pathWasSet);
      return result;
    };
    if (!part.pathPredicates.empty()) {
      search.accept = [&](const Path& path) {
        return withPath(path, [&] {
          if (part.pathSlot >= 0 && !bound(part.pathSlot)) set(part.pathSlot, buildPath(part, st));
          return holds(part.pathPredicates);
        });
      };
    }
    return forEachCandidate(part.nodes[0], [&](uint64_t a) {
      return bindNode(part, st, 0, a, [&] {
        return forEachCandidate(part.nodes[1], [&](uint64_t b) {
          return bindNode(part, st, 1, b, [&] {
            if (a == b && search.minHops > 0) return true;
            if (!holds(part.filters)) return true;
            if (!elementHolds(part.nodePredicates, QValue(NodeRef{a})) ||
                !elementHolds(part.nodePredicates, QValue(NodeRef{b}))) {
              return true;
            }
            relProps.reset();  // it may read a or b
            return findShortest(ctx_, search, a, b, [&](const Path& path) {
              return withPath(path, [&] { return finishPart(k, part, st); });
            });
          });
        });
      });
    });
  }

  QueryContext& ctx_;
  const Scope& scope_;
  const std::vector<CPart>& parts_;
  Row& row_;
  const std::function<bool(Row&)>& fn_;
  std::vector<char> isSet_;
  std::vector<size_t> order_;
  std::vector<uint64_t> used_;  // relationships matched so far (each at most once)
  // The candidate being bound came from an exact (label, key) index lookup for a pattern with
  // that one label and that one property, so its labels and property need no second look.
  std::pair<const CNode*, uint64_t> implied_{};
};

}  // namespace

bool propertiesMatch(const PropertyMap& have, const QMap& want) {
  for (const auto& [key, value] : want) {
    auto it = have.find(key);
    if (it == have.end()) return false;
    auto eq = cypherEquals(fromStore(it->second), value);
    if (!eq || !*eq) return false;
  }
  return true;
}

bool matchPattern(QueryContext& ctx, const Scope& scope, const std::vector<CPart>& parts,
                  const std::vector<int>& fresh, Row& row, const std::function<bool(Row&)>& fn) {
  if (row.size() < scope.names.size()) row.resize(scope.names.size());
  Matcher m(ctx, scope, parts, fresh, row, fn);
  return m.run();
}

}  // namespace casegraph::cypher::detail
