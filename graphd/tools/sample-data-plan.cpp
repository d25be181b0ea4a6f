#include "graphd/tools/sample-data-plan.h"

#include <cmath>

#include "graphd/tools/sample-data-words.h"

namespace casegraph::sample {

namespace {

// Plates look like "7ABC123" and phone numbers like "+13125550123".
constexpr uint64_t PLATE_SPACE = 10ULL * 26 * 26 * 26 * 1000;
constexpr Words AREA_CODES[] = {"312", "773", "872", "708", "630", "847", "219", "815"};
constexpr uint64_t PHONE_SPACE = std::size(AREA_CODES) * 10000000ULL;

uint64_t scaled(uint64_t target, double share, uint64_t minimum) {
  const uint64_t n = static_cast<uint64_t>(static_cast<double>(target) * share + 0.5);
  return n < minimum ? minimum : n;
}

// FAMILY_OF edges in a household: a pair is one edge; from three people up, two parents
// (spouses), each linked to every child, and the children linked to each other.
uint64_t familyEdges(uint64_t size) {
  if (size < 2) return 0;
  if (size == 2) return 1;
  const uint64_t children = size - 2;
  return 1 + 2 * children + children * (children - 1) / 2;
}

void planHouseholds(SamplePlan& plan) {
  const uint64_t persons = plan.count[PERSON];
  Rng rng(plan.seed, S_FAMILIES);
  static constexpr unsigned SIZE_WEIGHTS[] = {35, 20, 18, 14, 8, 5};  // 1 to 6 people
  for (uint64_t p = 0; p < persons;) {
    plan.familyStart.push_back(static_cast<uint32_t>(p));
    uint64_t size = 1 + rng.weighted(SIZE_WEIGHTS);
    if (p + size > persons) size = persons - p;
    plan.relCount[FAMILY_OF] += familyEdges(size);
    p += size;
  }
  plan.familyStart.push_back(static_cast<uint32_t>(persons));

  // Location kinds (location 0 is the nightclub); several households may share a residence
  // (an apartment building).
  Rng lrng(plan.seed, S_LOCATIONS);
  std::vector<uint32_t> residences;
  plan.locationKind.resize(plan.count[LOCATION]);
  for (uint64_t l = 0; l < plan.count[LOCATION]; ++l) {
    const uint8_t kind =
        l == 0 ? NIGHTCLUB_KIND : static_cast<uint8_t>(lrng.weighted(LOCATION_KIND_WEIGHTS));
    plan.locationKind[l] = kind;
    if (LOCATION_KINDS[kind] == "residence") residences.push_back(static_cast<uint32_t>(l));
  }
  if (residences.empty()) residences.push_back(static_cast<uint32_t>(plan.count[LOCATION] - 1));
  plan.familyResidence.resize(plan.households());
  for (uint64_t f = 0; f < plan.households(); ++f) {
    plan.familyResidence[f] = residences[rng.below(residences.size())];
    for (uint64_t p = plan.familyStart[f]; p < plan.familyStart[f + 1]; ++p) {
      plan.relCount[LIVES_AT] += plan.livesAtHome(p) ? 1 : 0;
    }
  }
}

// Members of the big gang (organization 0) take 40% of MEMBER_OF; chosen by selection
// sampling, so that the count is exact.
void planGang(SamplePlan& plan) {
  const uint64_t persons = plan.count[PERSON];
  uint64_t gangSize = plan.relCount[MEMBER_OF] * 2 / 5;
  if (gangSize > persons / 3) gangSize = persons / 3;
  Rng rng(plan.seed, S_GANG);
  plan.inGang.assign(persons, 0);
  for (uint64_t p = 0, left = gangSize; p < persons && left > 0; ++p) {
    if (rng.below(persons - p) < left) {
      plan.gangMembers.push_back(static_cast<uint32_t>(p));
      plan.inGang[p] = 1;
      --left;
    }
  }
}

void planEvents(SamplePlan& plan) {
  const uint64_t events = plan.count[EVENT];
  Rng rng(plan.seed, S_EVENTS);
  plan.eventKind.resize(events);
  plan.eventTime.resize(events);
  for (uint64_t e = 0; e < events; ++e) {
    const uint8_t kind = static_cast<uint8_t>(rng.weighted(EVENT_KIND_WEIGHTS));
    plan.eventKind[e] = kind;
    plan.eventTime[e] = randomTime(rng, plan.eventAtNightclub(e) || kind == GUNSHOT);
    if (kind == ARREST) plan.arrestEvents.push_back(static_cast<uint32_t>(e));
  }
}

// KNOWS out-degrees: Pareto (alpha = 2) samples scaled to the KNOWS total and capped; the
// rounding remainder goes to random people.
void planKnowsDegrees(SamplePlan& plan) {
  const uint64_t persons = plan.count[PERSON];
  Rng rng(plan.seed, S_DEGREES);
  std::vector<double> raw(persons);
  double sum = 0;
  for (uint64_t p = 0; p < persons; ++p) {
    raw[p] = 1.0 / std::sqrt(1.0 - rng.unit());
    sum += raw[p];
  }
  uint64_t cap = persons / 4;
  if (cap > 5000) cap = 5000;
  if (cap < 20) cap = persons > 20 ? 20 : persons - 1;
  if (plan.relCount[KNOWS] > cap * persons) plan.relCount[KNOWS] = cap * persons;
  const uint64_t knows = plan.relCount[KNOWS];
  plan.knowsDegree.resize(persons);
  uint64_t assigned = 0;
  for (uint64_t p = 0; p < persons; ++p) {
    uint64_t d = static_cast<uint64_t>(raw[p] * static_cast<double>(knows) / sum);
    if (d > cap) d = cap;
    plan.knowsDegree[p] = static_cast<uint32_t>(d);
    assigned += d;
  }
  while (assigned < knows) {
    const uint64_t p = rng.below(persons);
    if (plan.knowsDegree[p] < cap) {
      ++plan.knowsDegree[p];
      ++assigned;
    }
  }
}

}  // namespace

int64_t randomTime(Rng& rng, bool night) {
  static constexpr unsigned HOUR_WEIGHTS[24] = {5, 4, 3, 2, 1, 1, 1, 2, 3, 4, 4, 5,
                                                5, 5, 5, 6, 6, 7, 8, 8, 8, 8, 7, 6};
  static constexpr int64_t NIGHT_HOURS[] = {21, 22, 23, 24, 25, 26, 27};
  const int64_t start = spanStart();
  const int64_t days = (spanEnd() - start) / DAY_SECONDS;
  const int64_t day = rng.range(0, days - 1);
  const int64_t hour =
      night ? rng.pick(NIGHT_HOURS) : static_cast<int64_t>(rng.weighted(HOUR_WEIGHTS));
  const int64_t t = start + day * DAY_SECONDS + hour * 3600 + rng.range(0, 3599);
  return t < spanEnd() ? t : t - DAY_SECONDS;
}

SamplePlan makeSamplePlan(uint64_t target, uint64_t seed) {
  SamplePlan plan;
  plan.target = target;
  plan.seed = seed;
  plan.count[PERSON] = scaled(target, 0.09, 50);
  plan.count[VEHICLE] = scaled(target, 0.02, 10);
  plan.count[PHONE] = scaled(target, 0.025, 10);
  plan.count[LOCATION] = scaled(target, 0.015, 10);
  plan.count[EVENT] = scaled(target, 0.04, 10);
  plan.count[CASE] = scaled(target, 0.008, 5);
  plan.count[ORGANIZATION] = scaled(target, 0.0005, 8);
  for (uint64_t l = 0; l < LABEL_COUNT; ++l) {
    plan.salt[l] = Rng(seed, S_PERMUTE + l).next() % plan.count[l];
  }
  plan.plateSalt = Rng(seed, S_PERMUTE + uint64_t{LABEL_COUNT}).next() % PLATE_SPACE;
  plan.phoneSalt = Rng(seed, S_PERMUTE + uint64_t{LABEL_COUNT} + 1).next() % PHONE_SPACE;

  for (int r = 0; r < REL_COUNT; ++r) {
    if (RELS[r].share > 0) plan.relCount[r] = scaled(target, RELS[r].share, 1);
  }
  planHouseholds(plan);
  planGang(plan);
  planEvents(plan);
  for (uint64_t v = 0; v < plan.count[VEHICLE]; ++v) {
    plan.relCount[OWNS] += plan.vehicleOwnerCount(v);
  }
  plan.relCount[OCCURRED_AT] = plan.count[EVENT];
  plan.relCount[HAS_PHONE] = plan.count[PHONE];
  if (plan.arrestEvents.empty()) plan.relCount[ARRESTED_IN] = 0;
  if (plan.relCount[INVOLVED_IN] > plan.count[EVENT]) {
    plan.relCount[INVOLVED_IN] = plan.count[EVENT];
  }
  if (plan.relCount[MEMBER_OF] < plan.gangMembers.size()) {
    plan.relCount[MEMBER_OF] = plan.gangMembers.size();
  }
  uint64_t others = 0;
  for (int r = 0; r < REL_COUNT; ++r) others += r == KNOWS ? 0 : plan.relCount[r];
  plan.relCount[KNOWS] = others < target ? target - others : 0;
  planKnowsDegrees(plan);
  return plan;
}

void writeId(CsvWriter& w, const SamplePlan& plan, Label l, uint64_t i) {
  switch (l) {
    case PERSON:
      w.prefixed('P', i);
      return;
    case LOCATION:
      w.prefixed('L', i);
      return;
    case EVENT:
      w.prefixed('E', i);
      return;
    case ORGANIZATION:
      w.prefixed('O', i);
      return;
    case VEHICLE: {
      const uint64_t x = permute(i, PLATE_SPACE, plan.plateSalt);
      const uint64_t letters = x / 1000 % (26 * 26 * 26);
      const char plate[] = {static_cast<char>('0' + x / (26 * 26 * 26 * 1000)),
                            static_cast<char>('A' + letters / 676),
                            static_cast<char>('A' + letters / 26 % 26),
                            static_cast<char>('A' + letters % 26)};
      w.plain(std::string_view(plate, sizeof plate));
      w.appendPadded(x % 1000, 3);
      return;
    }
    case PHONE: {
      const uint64_t x = permute(i, PHONE_SPACE, plan.phoneSalt);
      w.plain("+1");
      w.append(AREA_CODES[x / 10000000]);
      w.appendPadded(x % 10000000, 7);
      return;
    }
    case CASE:
      w.plain("26-");
      w.appendPadded(i + 1, 7);
      return;
    case LABEL_COUNT:
      return;
  }
}

}  // namespace casegraph::sample
