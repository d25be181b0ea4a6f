// Internals of the sample dataset generator (sample-data.h): deterministic random numbers, the
// labels and relationship types it writes, and the plan shared by the node and relationship
// writers. Not part of the public surface.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "schema/csv/csv-writer.h"
#include "schema/model/value.h"

namespace casegraph::sample {

using Words = std::string_view;

// --- random numbers --------------------------------------------------------------------------
// Only integer arithmetic and correctly rounded IEEE operations (+, *, /, sqrt) are used, so
// the output is the same on every platform and with every standard library.

inline constexpr uint64_t GOLDEN = 0x9E3779B97F4A7C15ULL;

inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// A splitmix64 generator. Rng(seed, stream, item) starts an independent sequence for one
// purpose (and optionally one item), so a value can be recomputed wherever it is needed.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream, uint64_t item = 0)
      : state_(mix64(mix64(seed + stream * GOLDEN) + item * 0xD1B54A32D192ED03ULL)) {}

  uint64_t next() {
    state_ += GOLDEN;
    return mix64(state_);
  }
  // Uniform in [0, n); n > 0.
  uint64_t below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  int64_t range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <typename T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }
  // An index into `weights`, with probability proportional to its weight.
  template <size_t N>
  size_t weighted(const unsigned (&weights)[N]) {
    uint64_t total = 0;
    for (unsigned w : weights) total += w;
    uint64_t x = below(total);
    for (size_t i = 0; i < N; ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return N - 1;
  }

 private:
  uint64_t state_;
};

// Random streams, one per purpose, so that changing one part of the dataset leaves the
// others alone. Do not renumber: that would change every generated file.
enum Stream : uint64_t {
  S_FAMILIES = 1,
  S_PERSONS,
  S_VEHICLES,
  S_PHONES,
  S_LOCATIONS,
  S_EVENTS,
  S_CASES,
  S_ORGS,
  S_GANG,
  S_OWNERS,
  S_RESIDENTS,
  S_DEGREES,
  S_REL_BASE = 100,  // + relationship type
  S_PERMUTE = 200,   // + label
};

// A bijection on [0, n) for n < 2^31 - 1 that scatters indexes, so that "popular" items are
// spread over the id range (2^31 - 1 is prime and larger than n, hence coprime to it).
inline uint64_t permute(uint64_t i, uint64_t n, uint64_t salt) {
  constexpr uint64_t MULTIPLIER = 2147483647ULL;
  return static_cast<uint64_t>((static_cast<unsigned __int128>(i) * MULTIPLIER + salt) % n);
}

// A rank in [0, n) with a heavy skew towards 0: P(rank < x * n) = x^(1 / power).
inline uint64_t skewedRank(Rng& rng, uint64_t n, int power) {
  const double u = rng.unit();
  double x = u;
  for (int i = 1; i < power; ++i) x *= u;
  const uint64_t r = static_cast<uint64_t>(x * static_cast<double>(n));
  return r < n ? r : n - 1;
}

// --- time ------------------------------------------------------------------------------------

inline constexpr int64_t DAY_SECONDS = 86400;

inline int64_t dayOf(int64_t y, unsigned m, unsigned d) { return daysFromCivil(y, m, d); }

// Activity (events, sightings, calls) is spread over the first half of 2026, in seconds.
inline int64_t spanStart() { return dayOf(2026, 1, 1) * DAY_SECONDS; }
inline int64_t spanEnd() { return dayOf(2026, 7, 1) * DAY_SECONDS; }

// A time within the span; night times fall between 21:00 and 03:59.
int64_t randomTime(Rng& rng, bool night);

// A daytime moment on a day between firstDay and lastDay (inclusive), in seconds.
inline int64_t timeBetween(Rng& rng, int64_t firstDay, int64_t lastDay) {
  return rng.range(firstDay, lastDay) * DAY_SECONDS + rng.range(6 * 3600, 22 * 3600);
}

// --- labels and relationship types -----------------------------------------------------------

enum Label { PERSON, VEHICLE, PHONE, LOCATION, EVENT, CASE, ORGANIZATION, LABEL_COUNT };

struct LabelSpec {
  Words name;  // also the id space
  Words file;
};
inline constexpr LabelSpec LABELS[LABEL_COUNT] = {
    {"Person", "persons.csv"},
    {"Vehicle", "vehicles.csv"},
    {"Phone", "phones.csv"},
    {"Location", "locations.csv"},
    {"Event", "events.csv"},
    {"Case", "cases.csv"},
    {"Organization", "organizations.csv"},
};

enum Rel {
  KNOWS,
  FAMILY_OF,
  ASSOCIATE_OF,
  OWNS,
  DROVE,
  SEEN_AT,
  SUSPECT_IN,
  VICTIM_IN,
  WITNESS_IN,
  ARRESTED_IN,
  PARTY_TO,
  INVOLVED_IN,
  OCCURRED_AT,
  LIVES_AT,
  HAS_PHONE,
  CALLED,
  MEMBER_OF,
  REL_COUNT
};

struct RelSpec {
  Words type;
  Label start;
  Label end;
  Words properties;  // header columns after :TYPE, each preceded by ','
  double share;      // of the target; 0 = follows from the nodes (or, for KNOWS, the rest)
};
inline constexpr RelSpec RELS[REL_COUNT] = {
    {"KNOWS", PERSON, PERSON, ",since:date", 0},
    {"FAMILY_OF", PERSON, PERSON, ",relation", 0},
    {"ASSOCIATE_OF", PERSON, PERSON, ",source,validFrom:datetime", 0.05},
    {"OWNS", PERSON, VEHICLE, ",validFrom:datetime,validTo:datetime", 0},
    {"DROVE", PERSON, VEHICLE, ",at:datetime,validFrom:datetime,validTo:datetime", 0.04},
    {"SEEN_AT", VEHICLE, LOCATION, ",at:datetime,camera,validFrom:datetime,validTo:datetime", 0.09},
    {"SUSPECT_IN", PERSON, CASE, ",charged:boolean", 0.02},
    {"VICTIM_IN", PERSON, CASE, "", 0.012},
    {"WITNESS_IN", PERSON, CASE, "", 0.018},
    {"ARRESTED_IN", PERSON, EVENT, ",charge,validFrom:datetime", 0.006},
    {"PARTY_TO", PERSON, EVENT, ",role,validFrom:datetime", 0.07},
    {"INVOLVED_IN", EVENT, CASE, "", 0.03},
    {"OCCURRED_AT", EVENT, LOCATION, "", 0},
    {"LIVES_AT", PERSON, LOCATION, ",validFrom:datetime", 0},
    {"HAS_PHONE", PERSON, PHONE, ",validFrom:datetime", 0},
    {"CALLED", PHONE, PHONE, ",at:datetime,durationSeconds:int,validFrom:datetime,validTo:datetime",
     0.17},
    {"MEMBER_OF", PERSON, ORGANIZATION, ",role,validFrom:datetime", 0.015},
};

enum EventKind : uint8_t { INCIDENT, ARREST, CALL_FOR_SERVICE, PLATE_READ, GUNSHOT, INTERVIEW };
enum OrgKind : uint8_t { GANG, BUSINESS, OTHER_ORG };

// Location 0 is the busy nightclub and organization 0 the big gang.
inline constexpr Words NIGHTCLUB_NAME = "The Velvet Room";
inline constexpr uint8_t NIGHTCLUB_KIND = 8;  // index into LOCATION_KINDS

// --- the plan --------------------------------------------------------------------------------

// Everything decided before the files are written: node counts, households, residences, the
// gang, events, and the number of relationships of each type (which add up to the target).
struct SamplePlan {
  uint64_t target = 0;
  uint64_t seed = 0;
  uint64_t count[LABEL_COUNT] = {};
  uint64_t relCount[REL_COUNT] = {};
  uint64_t salt[LABEL_COUNT] = {};
  uint64_t plateSalt = 0;
  uint64_t phoneSalt = 0;
  std::vector<uint32_t> familyStart;      // household f is persons [familyStart[f], [f + 1])
  std::vector<uint32_t> familyResidence;  // per household
  std::vector<uint8_t> locationKind;      // per location, index into LOCATION_KINDS
  std::vector<uint32_t> gangMembers;      // members of organization 0, ascending
  std::vector<uint8_t> inGang;            // per person
  std::vector<uint8_t> eventKind;         // per event
  std::vector<int64_t> eventTime;         // per event, seconds
  std::vector<uint32_t> arrestEvents;
  std::vector<uint32_t> knowsDegree;  // per person

  uint64_t households() const { return familyStart.size() - 1; }
  // An item of label `l` drawn with a power-law skew; the same items are popular every time.
  uint64_t popular(Rng& rng, Label l, int power) const {
    return permute(skewedRank(rng, count[l], power), count[l], salt[l]);
  }
  unsigned vehicleOwnerCount(uint64_t v) const {
    return Rng(seed, S_OWNERS, ~v).below(4) == 0 ? 2 : 1;
  }
  uint64_t vehicleOwner(uint64_t v, unsigned k) const {
    Rng rng(seed, S_OWNERS, v * 2 + k);
    return popular(rng, PERSON, 1 + static_cast<int>(rng.below(2)));
  }
  bool livesAtHome(uint64_t person) const { return Rng(seed, S_RESIDENTS, person).below(100) < 85; }
  bool eventAtNightclub(uint64_t e) const { return Rng(seed, S_EVENTS, ~e).below(100) < 6; }
  OrgKind orgKind(uint64_t o) const {
    if (o == 0) return GANG;
    const uint64_t x = Rng(seed, S_ORGS, o).below(100);
    return x < 35 ? GANG : x < 85 ? BUSINESS : OTHER_ORG;
  }
};

SamplePlan makeSamplePlan(uint64_t target, uint64_t seed);

// Writes the CSV id of item `i` of label `l` as the next field: "P12", "7ABC123" (a plate),
// "+13125550123", "26-0000042" (a case number), ...
void writeId(CsvWriter& w, const SamplePlan& plan, Label l, uint64_t i);

// Writes the rows (not the header) of one relationship file; returns their number.
uint64_t writeRelationshipRows(const SamplePlan& plan, Rel rel, CsvWriter& w);

}  // namespace casegraph::sample
