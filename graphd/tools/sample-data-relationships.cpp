// The relationship files of the sample dataset (declared in sample-data-plan.h).
#include <algorithm>
#include <vector>

#include "graphd/tools/sample-data-plan.h"
#include "graphd/tools/sample-data-words.h"

namespace casegraph::sample {

namespace {

constexpr uint64_t LOCAL_KNOWS_WINDOW = 150;  // people with nearby ids form neighbourhoods
constexpr uint64_t LOCAL_CALL_WINDOW = 200;

}  // namespace

uint64_t writeRelationshipRows(const SamplePlan& plan, Rel rel, CsvWriter& w) {
  Rng rng(plan.seed, S_REL_BASE + static_cast<uint64_t>(rel));
  const uint64_t rowsBefore = w.rows();
  const uint64_t persons = plan.count[PERSON];
  const uint64_t budget = plan.relCount[rel];
  // Starts a row; the caller adds the properties and ends it.
  auto edge = [&](uint64_t from, uint64_t to) {
    writeId(w, plan, RELS[rel].start, from);
    writeId(w, plan, RELS[rel].end, to);
    w.plain(RELS[rel].type);
  };
  auto anyPerson = [&]() { return rng.below(persons); };
  auto gangOrPopular = [&](double gangShare) {
    if (!plan.gangMembers.empty() && rng.chance(gangShare)) {
      return static_cast<uint64_t>(plan.gangMembers[rng.below(plan.gangMembers.size())]);
    }
    return plan.popular(rng, PERSON, 2);
  };
  // Valid time for short activities: [at, at + up to `maxMinutes`).
  auto during = [&](int64_t at, int64_t maxMinutes) {
    w.dateTime(at);
    w.dateTime(at + 60 * rng.range(1, maxMinutes));
  };

  switch (rel) {
    case KNOWS: {
      // Out-degrees are power-law; most acquaintances are local (nearby ids form
      // neighbourhoods), the rest go to popular people.
      std::vector<uint64_t> chosen;
      for (uint64_t p = 0; p < persons; ++p) {
        chosen.clear();
        for (uint32_t k = 0; k < plan.knowsDegree[p]; ++k) {
          uint64_t q = p;
          for (int attempt = 0; attempt < 16; ++attempt) {
            if (attempt < 4 && rng.chance(0.65)) {
              const uint64_t step = (1 + rng.below(LOCAL_KNOWS_WINDOW)) % persons;
              q = rng.chance(0.5) ? (p + step) % persons : (p + persons - step) % persons;
            } else {
              q = plan.popular(rng, PERSON, 3);
            }
            if (q == p) continue;
            if (std::find(chosen.begin(), chosen.end(), q) == chosen.end()) break;
          }
          if (q == p) q = (p + 1) % persons;
          chosen.push_back(q);
          edge(p, q);
          w.date(rng.range(dayOf(2005, 1, 1), dayOf(2026, 6, 30)));
          w.endRow();
        }
      }
      break;
    }
    case FAMILY_OF: {
      for (size_t f = 0; f + 1 < plan.familyStart.size(); ++f) {
        const uint64_t a = plan.familyStart[f];
        const uint64_t size = plan.familyStart[f + 1] - a;
        if (size == 2) {
          edge(a, a + 1);
          w.plain(FAMILY_RELATIONS_PAIR[rng.below(4)]);
          w.endRow();
          continue;
        }
        if (size < 3) continue;
        edge(a, a + 1);
        w.plain("spouse");
        w.endRow();
        for (uint64_t c = a + 2; c < a + size; ++c) {
          for (uint64_t parent = a; parent < a + 2; ++parent) {
            edge(parent, c);
            w.plain("parent");
            w.endRow();
          }
          for (uint64_t s = c + 1; s < a + size; ++s) {
            edge(c, s);
            w.plain("sibling");
            w.endRow();
          }
        }
      }
      break;
    }
    case ASSOCIATE_OF:
      for (uint64_t i = 0; i < budget; ++i) {
        uint64_t a = 0;
        uint64_t b = 0;
        const bool inGang = plan.gangMembers.size() >= 2 && rng.chance(0.5);
        do {
          a = inGang ? plan.gangMembers[rng.below(plan.gangMembers.size())]
                     : plan.popular(rng, PERSON, 2);
          b = inGang ? plan.gangMembers[rng.below(plan.gangMembers.size())] : anyPerson();
        } while (a == b);
        edge(a, b);
        w.text(inGang && rng.chance(0.5) ? "gang intelligence" : rng.pick(ASSOCIATION_SOURCES));
        w.dateTime(timeBetween(rng, dayOf(2018, 1, 1), dayOf(2026, 6, 30)));
        w.endRow();
      }
      break;
    case OWNS:
      for (uint64_t v = 0; v < plan.count[VEHICLE]; ++v) {
        for (unsigned k = 0; k < plan.vehicleOwnerCount(v); ++k) {
          edge(plan.vehicleOwner(v, k), v);
          const int64_t from = timeBetween(rng, dayOf(2012, 1, 1), dayOf(2026, 5, 31));
          w.dateTime(from);
          if (rng.chance(0.1)) {
            w.dateTime(from + DAY_SECONDS * rng.range(1, (spanEnd() - from) / DAY_SECONDS));
          } else {
            w.empty();
          }
          w.endRow();
        }
      }
      break;
    case DROVE:
      for (uint64_t i = 0; i < budget; ++i) {
        const uint64_t v = plan.popular(rng, VEHICLE, 2);
        const uint64_t driver = rng.chance(0.7) ? plan.vehicleOwner(v, 0) : gangOrPopular(0.3);
        edge(driver, v);
        const int64_t at = randomTime(rng, false);
        w.dateTime(at);
        during(at, 120);
        w.endRow();
      }
      break;
    case SEEN_AT:
      for (uint64_t i = 0; i < budget; ++i) {
        const bool club = rng.chance(0.1);
        const uint64_t l = club ? 0 : plan.popular(rng, LOCATION, 2);
        edge(plan.popular(rng, VEHICLE, 2), l);
        const int64_t at = randomTime(rng, club);
        w.dateTime(at);
        w.plain("ALPR-");
        w.appendPadded(l % 997, 3);
        during(at, 20);
        w.endRow();
      }
      break;
    case SUSPECT_IN:
    case VICTIM_IN:
    case WITNESS_IN:
      for (uint64_t i = 0; i < budget; ++i) {
        const uint64_t c = plan.popular(rng, CASE, 2);
        const uint64_t p = rel == SUSPECT_IN ? gangOrPopular(0.4) : anyPerson();
        edge(p, c);
        if (rel == SUSPECT_IN) w.boolean(rng.chance(0.3));
        w.endRow();
      }
      break;
    case ARRESTED_IN:
      for (uint64_t i = 0; i < budget; ++i) {
        const uint64_t e = plan.arrestEvents[rng.below(plan.arrestEvents.size())];
        edge(gangOrPopular(0.5), e);
        w.text(rng.pick(OFFENCES));
        w.dateTime(plan.eventTime[e]);
        w.endRow();
      }
      break;
    case PARTY_TO:
      for (uint64_t i = 0; i < budget; ++i) {
        const uint64_t e = rng.below(plan.count[EVENT]);
        edge(rng.chance(0.5) ? anyPerson() : gangOrPopular(0.2), e);
        w.plain(plan.eventKind[e] == PLATE_READ ? "registered_owner" : rng.pick(PARTY_ROLES));
        w.dateTime(plan.eventTime[e]);
        w.endRow();
      }
      break;
    case INVOLVED_IN: {
      // Selection sampling: exactly `budget` distinct events, each in one case.
      const uint64_t events = plan.count[EVENT];
      for (uint64_t e = 0, left = budget; e < events && left > 0; ++e) {
        if (rng.below(events - e) >= left) continue;
        --left;
        edge(e, plan.popular(rng, CASE, 2));
        w.endRow();
      }
      break;
    }
    case OCCURRED_AT:
      for (uint64_t e = 0; e < plan.count[EVENT]; ++e) {
        edge(e, plan.eventAtNightclub(e) ? 0 : plan.popular(rng, LOCATION, 2));
        w.endRow();
      }
      break;
    case LIVES_AT:
      for (size_t f = 0; f + 1 < plan.familyStart.size(); ++f) {
        const int64_t since = timeBetween(rng, dayOf(2000, 1, 1), dayOf(2025, 12, 31));
        for (uint64_t p = plan.familyStart[f]; p < plan.familyStart[f + 1]; ++p) {
          if (!plan.livesAtHome(p)) continue;
          edge(p, plan.familyResidence[f]);
          w.dateTime(since);
          w.endRow();
        }
      }
      break;
    case HAS_PHONE:
      for (uint64_t ph = 0; ph < plan.count[PHONE]; ++ph) {
        // A few people hold many (prepaid) phones.
        edge(gangOrPopular(0.2), ph);
        w.dateTime(timeBetween(rng, dayOf(2020, 1, 1), dayOf(2026, 6, 30)));
        w.endRow();
      }
      break;
    case CALLED: {
      const uint64_t phones = plan.count[PHONE];
      for (uint64_t i = 0; i < budget; ++i) {
        const uint64_t from = plan.popular(rng, PHONE, 2);
        uint64_t to = rng.chance(0.6) ? (from + 1 + rng.below(LOCAL_CALL_WINDOW)) % phones
                                      : plan.popular(rng, PHONE, 2);
        if (to == from) to = (from + 1) % phones;
        edge(from, to);
        const int64_t at = randomTime(rng, false);
        const double u = rng.unit();
        const int64_t seconds = rng.chance(0.15) ? 0 : 5 + static_cast<int64_t>(1800 * u * u * u);
        w.dateTime(at);
        w.integer(seconds);
        w.dateTime(at);
        w.dateTime(at + seconds);
        w.endRow();
      }
      break;
    }
    case MEMBER_OF: {
      static constexpr Words GANG_ROLES[] = {"member",     "member",   "member", "member",
                                             "member",     "member",   "member", "member",
                                             "lieutenant", "associate"};
      for (uint32_t p : plan.gangMembers) {
        edge(p, 0);
        w.plain(p == plan.gangMembers.front() ? "leader" : rng.pick(GANG_ROLES));
        w.dateTime(timeBetween(rng, dayOf(2012, 1, 1), dayOf(2026, 6, 30)));
        w.endRow();
      }
      const uint64_t orgs = plan.count[ORGANIZATION];
      for (uint64_t i = plan.gangMembers.size(); i < budget; ++i) {
        const uint64_t o = 1 + permute(skewedRank(rng, orgs - 1, 2), orgs - 1,
                                       plan.salt[ORGANIZATION] % (orgs - 1));
        const OrgKind kind = plan.orgKind(o);
        edge(kind == GANG ? gangOrPopular(0.1) : anyPerson(), o);
        w.plain(kind == GANG       ? rng.pick(GANG_ROLES)
                : kind == BUSINESS ? (rng.chance(0.2) ? "owner" : "employee")
                                   : "member");
        w.dateTime(timeBetween(rng, dayOf(2012, 1, 1), dayOf(2026, 6, 30)));
        w.endRow();
      }
      break;
    }
    case REL_COUNT:
      break;
  }
  return w.rows() - rowsBefore;
}

}  // namespace casegraph::sample
