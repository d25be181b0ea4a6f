#include "graphd/sample-data.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace casegraph {

namespace {

// --- random numbers --------------------------------------------------------------------------
// Only integer arithmetic and correctly rounded IEEE operations (+, *, sqrt) are used, so
// the output is the same on every platform.

constexpr uint64_t GOLDEN = 0x9E3779B97F4A7C15ULL;

uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// A splitmix64 generator.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
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
  // Index into `weights` with probability proportional to its weight.
  template <size_t N>
  size_t weighted(const unsigned (&weights)[N]) {
    unsigned total = 0;
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

// Streams: one per purpose, so that changing one part of the dataset leaves the others alone.
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

// A bijection on [0, n) that scatters indexes, so that "popular" items are spread over the
// id range. 2^31 - 1 is prime and larger than n, hence coprime to it.
constexpr uint64_t PERMUTE_MULTIPLIER = 2147483647ULL;

uint64_t permute(uint64_t i, uint64_t n, uint64_t salt) {
  return static_cast<uint64_t>(
      (static_cast<unsigned __int128>(i) * PERMUTE_MULTIPLIER + salt) % n);
}

// An index in [0, n) drawn with a heavy skew: P(rank < x * n) = x^(1/power).
uint64_t skewedRank(Rng& rng, uint64_t n, int power) {
  double u = rng.unit();
  double x = u;
  for (int i = 1; i < power; ++i) x *= u;
  uint64_t r = static_cast<uint64_t>(x * static_cast<double>(n));
  return r < n ? r : n - 1;
}

// --- calendar --------------------------------------------------------------------------------

int64_t civilToDays(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

constexpr int64_t DAY_SECONDS = 86400;
// Activity is spread over the first half of 2026.
const int64_t SPAN_START = civilToDays(2026, 1, 1) * DAY_SECONDS;
const int64_t SPAN_DAYS = civilToDays(2026, 7, 1) - civilToDays(2026, 1, 1);
const int64_t SPAN_END = SPAN_START + SPAN_DAYS * DAY_SECONDS;

int64_t dayOf(int64_t y, unsigned m, unsigned d) { return civilToDays(y, m, d); }

// A time within the span. Night times cluster between 21:00 and 03:59.
int64_t randomTime(Rng& rng, bool night) {
  static constexpr unsigned HOUR_WEIGHTS[24] = {5, 4, 3, 2, 1, 1, 1, 2, 3, 4, 4, 5,
                                                5, 5, 5, 6, 6, 7, 8, 8, 8, 8, 7, 6};
  static constexpr unsigned NIGHT_HOURS[] = {21, 22, 23, 24, 25, 26, 27};
  const int64_t day = static_cast<int64_t>(rng.below(static_cast<uint64_t>(SPAN_DAYS)));
  const int64_t hour = night ? rng.pick(NIGHT_HOURS) : static_cast<int64_t>(rng.weighted(HOUR_WEIGHTS));
  const int64_t t = SPAN_START + day * DAY_SECONDS + hour * 3600 + rng.range(0, 3599);
  return t < SPAN_END ? t : t - DAY_SECONDS;
}

// A time between two days (inclusive), in seconds.
int64_t timeBetween(Rng& rng, int64_t firstDay, int64_t lastDay) {
  return rng.range(firstDay, lastDay) * DAY_SECONDS + rng.range(6 * 3600, 22 * 3600);
}

// --- word lists ------------------------------------------------------------------------------

using Words = std::string_view;

constexpr Words MALE_NAMES[] = {
    "James",  "Michael", "Robert",  "David",   "William", "Joseph",  "Daniel",  "Anthony",
    "Marcus", "Kevin",   "Brian",   "Jose",    "Luis",    "Carlos",  "Juan",    "Miguel",
    "Tyrone", "Andre",   "Darnell", "Terrell", "Jamal",   "DeShawn", "Malik",   "Tariq",
    "Omar",   "Ahmed",   "Piotr",   "Tomasz",  "Sean",    "Patrick", "Ryan",    "Kyle",
    "Jason",  "Eric",    "Chris",   "Victor",  "Rafael",  "Andrew",  "Dmitri",  "Kwame"};
constexpr Words FEMALE_NAMES[] = {
    "Mary",     "Patricia", "Jennifer", "Linda",   "Maria",   "Elizabeth", "Jessica", "Sarah",
    "Karen",    "Lisa",     "Ashley",   "Brittany", "Keisha", "Tanisha",   "Latoya",  "Shanice",
    "Guadalupe", "Rosa",    "Carmen",   "Ana",     "Lucia",   "Sofia",     "Fatima",  "Aisha",
    "Agnieszka", "Katarzyna", "Megan",  "Kayla",   "Nicole",  "Amanda",    "Stephanie", "Danielle",
    "Monique",  "Yolanda",  "Imani",    "Priya",   "Mei",     "Olga",      "Nadia",   "Grace"};
constexpr Words LAST_NAMES[] = {
    "Smith",    "Johnson",  "Williams", "Brown",     "Jones",     "Garcia",    "Miller",
    "Davis",    "Rodriguez", "Martinez", "Hernandez", "Lopez",    "Gonzalez",  "Wilson",
    "Anderson", "Thomas",   "Taylor",   "Moore",     "Jackson",   "Martin",    "Lee",
    "Perez",    "Thompson", "White",    "Harris",    "Sanchez",   "Clark",     "Ramirez",
    "Lewis",    "Robinson", "Walker",   "Young",     "Allen",     "King",      "Wright",
    "Scott",    "Torres",   "Nguyen",   "Hill",      "Flores",    "Green",     "Adams",
    "Washington", "Kowalski", "Nowak",  "Wisniewski", "O'Brien",  "Murphy",    "Sullivan",
    "Patel",    "Khan",     "Okafor",   "Mensah",    "Castillo",  "Delgado",   "Vargas",
    "Petrov",   "Ivanov",   "Chen",     "Wang",      "Kim",       "Park",      "Brooks",
    "Coleman",  "Jenkins",  "Bryant",   "Reyes",     "Morales"};
constexpr Words NICKNAMES[] = {
    "Smiley",  "Big J",   "Lil' Dre", "Shorty",   "Ghost",    "Bishop",  "Tank",
    "Ace",     "Slim",    "Junebug",  "Red",      "Boo",      "Chino",   "Flaco",
    "Gordo",   "Casper",  "Money",    "Twin",     "Pee Wee",  "Scrappy", "Dre \"the Kid\"",
    "Mookie",  "Bam",     "Sleepy",   "Ice",      "Snoop",    "Nene",    "Papi",
    "K-Dog",   "Spider"};
constexpr Words STATES[] = {"IL", "IL", "IL", "IL", "IL", "IN", "WI", "MI", "OH", "MO"};
struct MakeModels {
  Words make;
  Words models[4];
};
constexpr MakeModels VEHICLE_MODELS[] = {
    {"Toyota", {"Camry", "Corolla", "RAV4", "Tacoma"}},
    {"Honda", {"Civic", "Accord", "CR-V", "Odyssey"}},
    {"Ford", {"F-150", "Explorer", "Fusion", "Escape"}},
    {"Chevrolet", {"Malibu", "Impala", "Silverado", "Tahoe"}},
    {"Nissan", {"Altima", "Sentra", "Maxima", "Rogue"}},
    {"Dodge", {"Charger", "Challenger", "Durango", "Caravan"}},
    {"Jeep", {"Cherokee", "Grand Cherokee", "Wrangler", "Compass"}},
    {"Hyundai", {"Elantra", "Sonata", "Tucson", "Santa Fe"}},
    {"Kia", {"Optima", "Soul", "Sorento", "Forte"}},
    {"BMW", {"328i", "X5", "535i", "X3"}},
    {"Mercedes-Benz", {"C300", "E350", "GLE", "S550"}},
    {"Cadillac", {"Escalade", "CTS", "XT5", "DeVille"}},
    {"Chrysler", {"300", "Pacifica", "200", "Town & Country"}},
    {"Volkswagen", {"Jetta", "Passat", "Golf", "Tiguan"}},
};
constexpr unsigned MAKE_WEIGHTS[] = {14, 13, 12, 12, 9, 8, 6, 6, 5, 3, 3, 3, 4, 2};
constexpr Words COLOURS[] = {"black", "white", "silver", "grey", "blue", "red",
                             "green", "maroon", "gold", "brown", "beige", "orange"};
constexpr unsigned COLOUR_WEIGHTS[] = {22, 20, 15, 14, 9, 8, 3, 3, 2, 2, 1, 1};
constexpr Words STREETS[] = {
    "Madison",  "Halsted",   "Ashland",  "Western",   "Pulaski",   "Cicero",    "Kedzie",
    "Damen",    "Division",  "Chicago",  "North",     "Fullerton", "Diversey",  "Belmont",
    "Irving Park", "Lawrence", "Roosevelt", "Cermak",  "Archer",    "Garfield",  "King",
    "Stony Island", "Cottage Grove", "Racine", "Kostner", "Central",  "Harlem",    "Milwaukee",
    "Ogden",    "Grand",     "Lake",     "Jackson",   "Van Buren", "Polk",      "Taylor",
    "Augusta",  "Chestnut",  "Maple",    "Oak",       "Elm",       "Cedar",     "Walnut"};
constexpr Words STREET_SUFFIXES[] = {"St", "Ave", "Ave", "Blvd", "Rd", "Dr", "Pkwy"};
constexpr Words DIRECTIONS[] = {"N", "S", "E", "W"};
constexpr Words OFFENCES[] = {
    "aggravated battery", "armed robbery",     "burglary",          "motor vehicle theft",
    "homicide",           "narcotics possession", "narcotics distribution", "unlawful use of a weapon",
    "criminal damage",    "domestic battery",  "carjacking",        "retail theft",
    "fraud",              "identity theft",    "aggravated assault", "reckless discharge of a firearm",
    "trespass",           "kidnapping",        "arson",             "witness intimidation"};
constexpr Words AGENCIES[] = {"Metro PD", "Metro PD", "Metro PD", "County Sheriff",
                              "State Police", "Transit Police", "Housing Authority PD"};
constexpr Words CASE_STATUSES[] = {"open", "closed", "pending", "cold"};
constexpr unsigned CASE_STATUS_WEIGHTS[] = {45, 30, 15, 10};
constexpr Words EVENT_KINDS[] = {"incident",   "arrest",        "call_for_service",
                                 "plate_read", "gunshot_alert", "field_interview"};
constexpr unsigned EVENT_KIND_WEIGHTS[] = {25, 10, 24, 24, 5, 12};
enum EventKind : uint8_t { INCIDENT, ARREST, CALL_FOR_SERVICE, PLATE_READ, GUNSHOT, INTERVIEW };
constexpr Words LOCATION_KINDS[] = {"residence", "business", "street",   "park",
                                    "bar",       "gas_station", "parking_lot", "school",
                                    "nightclub"};
constexpr unsigned LOCATION_KIND_WEIGHTS[] = {60, 14, 12, 3, 3, 3, 3, 1, 1};
constexpr Words BUSINESS_WORDS[] = {"Auto Repair", "Liquor",   "Food Mart", "Car Wash",
                                    "Tire Shop",   "Currency Exchange", "Beauty Supply",
                                    "Towing",      "Grill",    "Cell Phones"};
constexpr Words GANG_NAMES[] = {"Northside Kings", "Eastway Vipers", "Harbor Street Crew",
                                "Black Lotus",     "Southgate Boys", "Ironwood Syndicate",
                                "Red Falcon Posse", "Lakeview Wolves", "Seventh Ward Saints",
                                "Cold Creek Mob"};
constexpr Words ORG_SUFFIXES[] = {"Holdings, LLC", "Logistics", "Import Export", "Towing Inc",
                                  "Trucking",      "Properties", "Auto Sales",   "Security"};
constexpr Words CARRIERS[] = {"Verizon", "AT&T", "T-Mobile", "Cricket", "Boost", "Metro"};
constexpr Words FAMILY_RELATIONS_PAIR[] = {"spouse", "sibling", "parent", "cousin"};
constexpr Words PARTY_ROLES[] = {"witness", "victim", "suspect", "caller", "subject",
                                 "complainant", "driver", "passenger"};
constexpr Words ASSOCIATION_SOURCES[] = {"intel report", "field interview", "co-arrest",
                                         "social media", "jail call", "informant"};
constexpr Words NIGHTCLUB_NAME = "The Velvet Room";

// --- output ----------------------------------------------------------------------------------

// Buffered CSV output; fields are separated automatically and quoted when needed.
class CsvFileWriter {
 public:
  explicit CsvFileWriter(const std::string& path) : path_(path) {
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) error_ = "cannot create " + path + ": " + std::strerror(errno);
    buf_.reserve(FLUSH_AT + 4096);
  }
  ~CsvFileWriter() {
    if (file_ != nullptr) std::fclose(file_);
  }
  CsvFileWriter(const CsvFileWriter&) = delete;
  CsvFileWriter& operator=(const CsvFileWriter&) = delete;

  // A field that may need quoting.
  void text(std::string_view s) {
    separate();
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
      buf_.append(s);
      return;
    }
    buf_.push_back('"');
    for (char c : s) {
      if (c == '"') buf_.push_back('"');
      buf_.push_back(c);
    }
    buf_.push_back('"');
  }
  // A field known to need no quoting.
  void plain(std::string_view s) {
    separate();
    buf_.append(s);
  }
  void empty() { separate(); }
  void integer(int64_t v) {
    separate();
    appendInt(v);
  }
  void prefixed(char prefix, uint64_t v) {
    separate();
    buf_.push_back(prefix);
    appendInt(static_cast<int64_t>(v));
  }
  void real(double v) {
    separate();
    char tmp[32];
    auto res = std::to_chars(tmp, tmp + sizeof tmp, v, std::chars_format::fixed, 6);
    buf_.append(tmp, res.ptr);
  }
  void boolean(bool v) { plain(v ? "true" : "false"); }
  void date(int64_t days) {
    separate();
    appendDate(days);
  }
  void dateTime(int64_t seconds) {
    separate();
    int64_t days = seconds >= 0 ? seconds / DAY_SECONDS : (seconds - DAY_SECONDS + 1) / DAY_SECONDS;
    int64_t rest = seconds - days * DAY_SECONDS;
    appendDate(days);
    buf_.push_back('T');
    append2(static_cast<unsigned>(rest / 3600));
    buf_.push_back(':');
    append2(static_cast<unsigned>(rest / 60 % 60));
    buf_.push_back(':');
    append2(static_cast<unsigned>(rest % 60));
    buf_.push_back('Z');
  }
  void endRow() {
    buf_.push_back('\n');
    first_ = true;
    ++rows_;
    if (buf_.size() >= FLUSH_AT) flush();
  }
  // Appends to the current field (after text/plain/prefixed) without a separator.
  std::string& buffer() { return buf_; }

  uint64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }
  // Flushes and closes; returns the first error, or "".
  std::string finish() {
    flush();
    if (file_ != nullptr && std::fclose(file_) != 0 && error_.empty()) {
      error_ = "cannot write " + path_ + ": " + std::strerror(errno);
    }
    file_ = nullptr;
    return error_;
  }

 private:
  static constexpr size_t FLUSH_AT = size_t{1} << 20;

  void separate() {
    if (!first_) buf_.push_back(',');
    first_ = false;
  }
  void appendInt(int64_t v) {
    char tmp[24];
    auto res = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, res.ptr);
  }
  void append2(unsigned v) {
    buf_.push_back(static_cast<char>('0' + v / 10));
    buf_.push_back(static_cast<char>('0' + v % 10));
  }
  void appendDate(int64_t days) {
    int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civilFromDays(days, y, m, d);
    char tmp[24];
    auto res = std::to_chars(tmp, tmp + sizeof tmp, y);
    for (ptrdiff_t pad = 4 - (res.ptr - tmp); pad > 0; --pad) buf_.push_back('0');
    buf_.append(tmp, res.ptr);
    buf_.push_back('-');
    append2(m);
    buf_.push_back('-');
    append2(d);
  }
  void flush() {
    if (file_ != nullptr && !buf_.empty() && error_.empty()) {
      if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
        error_ = "cannot write " + path_ + ": " + std::strerror(errno);
      }
    }
    buf_.clear();
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buf_;
  std::string error_;
  bool first_ = true;
  uint64_t rows_ = 0;
};

void appendPadded(std::string& out, uint64_t v, int width) {
  char tmp[24];
  auto res = std::to_chars(tmp, tmp + sizeof tmp, v);
  for (ptrdiff_t pad = width - (res.ptr - tmp); pad > 0; --pad) out.push_back('0');
  out.append(tmp, res.ptr);
}

// --- the dataset -----------------------------------------------------------------------------

enum Label { PERSON, VEHICLE, PHONE, LOCATION, EVENT, CASE, ORGANIZATION, LABEL_COUNT };

struct LabelSpec {
  Words name;
  Words file;
};
constexpr LabelSpec LABELS[LABEL_COUNT] = {
    {"Person", "persons.csv"},   {"Vehicle", "vehicles.csv"}, {"Phone", "phones.csv"},
    {"Location", "locations.csv"}, {"Event", "events.csv"},   {"Case", "cases.csv"},
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
  Words properties;  // extra header columns, each preceded by ','
  double share;      // of the target; 0 = determined by the node structure, or the remainder
};
constexpr RelSpec RELS[REL_COUNT] = {
    {"KNOWS", PERSON, PERSON, ",since:date", 0},
    {"FAMILY_OF", PERSON, PERSON, ",relation", 0},
    {"ASSOCIATE_OF", PERSON, PERSON, ",source,validFrom:datetime", 0.05},
    {"OWNS", PERSON, VEHICLE, ",validFrom:datetime,validTo:datetime", 0},
    {"DROVE", PERSON, VEHICLE, ",at:datetime,validFrom:datetime,validTo:datetime", 0.04},
    {"SEEN_AT", VEHICLE, LOCATION, ",at:datetime,camera,validFrom:datetime,validTo:datetime",
     0.09},
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

// Plates look like "7ABC123": 10 * 26^3 * 1000 distinct values.
constexpr uint64_t PLATE_SPACE = 10ULL * 26 * 26 * 26 * 1000;
constexpr Words AREA_CODES[] = {"312", "773", "872", "708", "630", "847", "219", "815"};
constexpr uint64_t PHONE_SPACE = 8ULL * 10000000;
constexpr uint64_t LOCAL_KNOWS_WINDOW = 150;
constexpr uint64_t LOCAL_CALL_WINDOW = 200;

class Generator {
 public:
  Generator(std::string outDir, uint64_t target, uint64_t seed)
      : dir_(std::move(outDir)), target_(target), seed_(seed) {}

  SampleSummary run();

 private:
  // Planning: node counts, families, gang membership, events, relationship counts.
  void plan();
  uint64_t salt(Label l) const { return Rng(seed_, S_PERMUTE + static_cast<uint64_t>(l)).next() % count_[l]; }
  uint64_t popular(Rng& rng, Label l, int power) const {
    return permute(skewedRank(rng, count_[l], power), count_[l], salt_[l]);
  }
  uint64_t vehicleOwner(uint64_t v, unsigned k) const {
    Rng rng(seed_, S_OWNERS, v * 2 + k);
    return popular(rng, PERSON, 1 + static_cast<int>(rng.below(2)));
  }
  unsigned vehicleOwnerCount(uint64_t v) const {
    return Rng(seed_, S_OWNERS, ~v).below(4) == 0 ? 2 : 1;
  }
  bool livesAtHome(uint64_t person) const { return Rng(seed_, S_RESIDENTS, person).below(100) < 85; }
  bool eventAtNightclub(uint64_t e) const { return Rng(seed_, S_EVENTS, ~e).below(100) < 6; }
  uint64_t orgKind(uint64_t o) const;  // 0 gang, 1 business, 2 other

  void writeId(CsvFileWriter& w, Label l, uint64_t i) const;
  bool finishFile(CsvFileWriter& w, std::vector<std::string>& files);

  bool writePersons();
  bool writeVehicles();
  bool writePhones();
  bool writeLocations();
  bool writeEvents();
  bool writeCases();
  bool writeOrganizations();
  bool writeRelationships(Rel rel);
  void generate(Rel rel, CsvFileWriter& w, Rng& rng);
  bool writeReadme();

  // Starts a relationship row; the caller adds properties and ends the row.
  void edge(CsvFileWriter& w, Rel rel, uint64_t from, uint64_t to) const {
    writeId(w, RELS[rel].start, from);
    writeId(w, RELS[rel].end, to);
    w.plain(RELS[rel].type);
  }

  std::string dir_;
  uint64_t target_;
  uint64_t seed_;
  SampleSummary summary_;

  uint64_t count_[LABEL_COUNT] = {};
  uint64_t salt_[LABEL_COUNT] = {};
  uint64_t relCount_[REL_COUNT] = {};
  std::vector<uint32_t> familyStart_;  // family f is persons [familyStart_[f], [f + 1])
  std::vector<uint32_t> familyResidence_;
  std::vector<uint32_t> residences_;    // locations of kind residence
  std::vector<uint8_t> locationKind_;   // index into LOCATION_KINDS
  std::vector<uint32_t> gangMembers_;   // members of organization 0, ascending
  std::vector<uint8_t> inGang_;         // per person
  std::vector<uint8_t> eventKind_;
  std::vector<int64_t> eventTime_;
  std::vector<uint32_t> arrestEvents_;
  std::vector<uint32_t> knowsDegree_;
};

uint64_t scaled(uint64_t target, double share, uint64_t minimum) {
  uint64_t n = static_cast<uint64_t>(static_cast<double>(target) * share + 0.5);
  return n < minimum ? minimum : n;
}

unsigned familyEdges(unsigned size) {
  if (size < 2) return 0;
  if (size == 2) return 1;
  unsigned children = size - 2;
  return 1 + 2 * children + children * (children - 1) / 2;
}

void Generator::plan() {
  const uint64_t n = target_;
  count_[PERSON] = scaled(n, 0.09, 50);
  count_[VEHICLE] = scaled(n, 0.02, 10);
  count_[PHONE] = scaled(n, 0.025, 10);
  count_[LOCATION] = scaled(n, 0.015, 10);
  count_[EVENT] = scaled(n, 0.04, 10);
  count_[CASE] = scaled(n, 0.008, 5);
  count_[ORGANIZATION] = scaled(n, 0.0005, 8);
  for (int l = 0; l < LABEL_COUNT; ++l) salt_[l] = salt(static_cast<Label>(l));
  const uint64_t persons = count_[PERSON];

  // Households of 1-6 people: two parents and their children from three people up.
  Rng rng(seed_, S_FAMILIES);
  static constexpr unsigned FAMILY_SIZE_WEIGHTS[] = {35, 20, 18, 14, 8, 5};
  for (uint64_t p = 0; p < persons;) {
    familyStart_.push_back(static_cast<uint32_t>(p));
    uint64_t size = 1 + rng.weighted(FAMILY_SIZE_WEIGHTS);
    if (p + size > persons) size = persons - p;
    relCount_[FAMILY_OF] += familyEdges(static_cast<unsigned>(size));
    p += size;
  }
  familyStart_.push_back(static_cast<uint32_t>(persons));

  // Location kinds; location 0 is the busy nightclub. Households share residences.
  Rng lrng(seed_, S_LOCATIONS);
  locationKind_.resize(count_[LOCATION]);
  for (uint64_t l = 0; l < count_[LOCATION]; ++l) {
    locationKind_[l] = l == 0 ? 8 : static_cast<uint8_t>(lrng.weighted(LOCATION_KIND_WEIGHTS));
    if (LOCATION_KINDS[locationKind_[l]] == "residence") residences_.push_back(static_cast<uint32_t>(l));
  }
  if (residences_.empty()) residences_.push_back(1);
  const uint64_t families = familyStart_.size() - 1;
  familyResidence_.resize(families);
  for (uint64_t f = 0; f < families; ++f) {
    familyResidence_[f] = residences_[rng.below(residences_.size())];
    for (uint64_t p = familyStart_[f]; p < familyStart_[f + 1]; ++p) {
      relCount_[LIVES_AT] += livesAtHome(p) ? 1 : 0;
    }
  }

  // Members of the big gang (organization 0): a fixed share of MEMBER_OF, chosen by
  // selection sampling so that the count is exact.
  relCount_[MEMBER_OF] = scaled(n, RELS[MEMBER_OF].share, 4);
  uint64_t gangSize = relCount_[MEMBER_OF] * 2 / 5;
  if (gangSize > persons / 3) gangSize = persons / 3;
  Rng grng(seed_, S_GANG);
  inGang_.assign(persons, 0);
  for (uint64_t p = 0, left = gangSize; p < persons && left > 0; ++p) {
    if (grng.below(persons - p) < left) {
      gangMembers_.push_back(static_cast<uint32_t>(p));
      inGang_[p] = 1;
      --left;
    }
  }

  // Events: kind and time, needed by several relationship types.
  Rng erng(seed_, S_EVENTS);
  eventKind_.resize(count_[EVENT]);
  eventTime_.resize(count_[EVENT]);
  for (uint64_t e = 0; e < count_[EVENT]; ++e) {
    bool club = eventAtNightclub(e);
    eventKind_[e] = static_cast<uint8_t>(erng.weighted(EVENT_KIND_WEIGHTS));
    eventTime_[e] = randomTime(erng, club || eventKind_[e] == GUNSHOT);
    if (eventKind_[e] == ARREST) arrestEvents_.push_back(static_cast<uint32_t>(e));
  }

  for (uint64_t v = 0; v < count_[VEHICLE]; ++v) relCount_[OWNS] += vehicleOwnerCount(v);
  relCount_[OCCURRED_AT] = count_[EVENT];
  relCount_[HAS_PHONE] = count_[PHONE];
  uint64_t used = 0;
  for (int r = 0; r < REL_COUNT; ++r) {
    if (RELS[r].share > 0 && r != MEMBER_OF) relCount_[r] = scaled(n, RELS[r].share, 1);
  }
  if (arrestEvents_.empty()) relCount_[ARRESTED_IN] = 0;
  if (relCount_[INVOLVED_IN] > count_[EVENT]) relCount_[INVOLVED_IN] = count_[EVENT];
  for (int r = 0; r < REL_COUNT; ++r) used += r == KNOWS ? 0 : relCount_[r];
  relCount_[KNOWS] = used < n ? n - used : 0;

  // KNOWS out-degrees: Pareto (alpha = 2) samples scaled to the KNOWS total, capped.
  Rng drng(seed_, S_DEGREES);
  std::vector<double> raw(persons);
  double sum = 0;
  for (uint64_t p = 0; p < persons; ++p) {
    raw[p] = 1.0 / std::sqrt(1.0 - drng.unit());
    sum += raw[p];
  }
  const uint64_t knows = relCount_[KNOWS];
  uint64_t cap = persons / 4;
  if (cap > 5000) cap = 5000;
  if (cap < 20) cap = persons > 20 ? 20 : persons - 1;
  knowsDegree_.resize(persons);
  uint64_t assigned = 0;
  for (uint64_t p = 0; p < persons; ++p) {
    uint64_t d = static_cast<uint64_t>(raw[p] * static_cast<double>(knows) / sum);
    if (d > cap) d = cap;
    knowsDegree_[p] = static_cast<uint32_t>(d);
    assigned += d;
  }
  while (assigned < knows) {
    uint64_t p = drng.below(persons);
    if (knowsDegree_[p] < cap) {
      ++knowsDegree_[p];
      ++assigned;
    }
  }
}

uint64_t Generator::orgKind(uint64_t o) const {
  if (o == 0) return 0;
  uint64_t x = Rng(seed_, S_ORGS, o).below(100);
  return x < 35 ? 0 : x < 85 ? 1 : 2;
}

void Generator::writeId(CsvFileWriter& w, Label l, uint64_t i) const {
  switch (l) {
    case PERSON: w.prefixed('P', i); return;
    case LOCATION: w.prefixed('L', i); return;
    case EVENT: w.prefixed('E', i); return;
    case ORGANIZATION: w.prefixed('O', i); return;
    case VEHICLE: {
      uint64_t x = permute(i, PLATE_SPACE, seed_ % PLATE_SPACE);
      w.plain("");
      std::string& b = w.buffer();
      b.push_back(static_cast<char>('0' + x / (26 * 26 * 26 * 1000)));
      uint64_t letters = x / 1000 % (26 * 26 * 26);
      b.push_back(static_cast<char>('A' + letters / 676));
      b.push_back(static_cast<char>('A' + letters / 26 % 26));
      b.push_back(static_cast<char>('A' + letters % 26));
      appendPadded(b, x % 1000, 3);
      return;
    }
    case PHONE: {
      uint64_t x = permute(i, PHONE_SPACE, seed_ % PHONE_SPACE);
      w.plain("+1");
      w.buffer().append(AREA_CODES[x / 10000000]);
      appendPadded(w.buffer(), x % 10000000, 7);
      return;
    }
    case CASE:
      w.plain("26-");
      appendPadded(w.buffer(), i + 1, 7);
      return;
    case LABEL_COUNT: return;
  }
}

bool Generator::finishFile(CsvFileWriter& w, std::vector<std::string>& files) {
  std::string err = w.finish();
  if (!err.empty()) {
    summary_.error = err;
    return false;
  }
  files.push_back(w.path());
  return true;
}

std::string joinPath(const std::string& dir, Words name) {
  std::string p = dir;
  if (!p.empty() && p.back() != '/') p.push_back('/');
  p.append(name);
  return p;
}

bool Generator::writePersons() {
  CsvFileWriter w(joinPath(dir_, LABELS[PERSON].file));
  w.buffer().append(
      "personId:ID(Person),:LABEL,firstName,lastName,dob:date,gender,aliases:string[],stateId\n");
  Rng rng(seed_, S_PERSONS);
  const uint64_t families = familyStart_.size() - 1;
  std::string aliases;
  for (uint64_t f = 0; f < families; ++f) {
    const uint64_t first = familyStart_[f];
    const uint64_t size = familyStart_[f + 1] - first;
    Words lastName = LAST_NAMES[skewedRank(rng, std::size(LAST_NAMES), 2)];
    for (uint64_t k = 0; k < size; ++k) {
      const uint64_t p = first + k;
      w.prefixed('P', p);
      w.plain(inGang_[p] ? "Person;GangMember" : "Person");
      const uint64_t g = rng.below(100);
      const bool male = k == 0 && size >= 2 ? g < 92 : k == 1 && size >= 2 ? g < 8 : g < 50;
      w.text(male ? rng.pick(MALE_NAMES) : rng.pick(FEMALE_NAMES));
      // Some spouses keep their own name.
      w.text(k == 1 && size >= 2 && rng.chance(0.3) ? rng.pick(LAST_NAMES) : lastName);
      const bool parent = k < 2 && size >= 3;
      const bool child = k >= 2;
      w.date(parent  ? rng.range(dayOf(1962, 1, 1), dayOf(1986, 12, 31))
             : child ? rng.range(dayOf(1988, 1, 1), dayOf(2009, 12, 31))
                     : rng.range(dayOf(1950, 1, 1), dayOf(2007, 12, 31)));
      w.plain(g == 99 ? "unknown" : male ? "male" : "female");
      aliases.clear();
      if (rng.chance(inGang_[p] ? 0.7 : 0.15)) {
        aliases.append(rng.pick(NICKNAMES));
        if (rng.chance(0.3)) {
          aliases.push_back(';');
          aliases.append(rng.pick(NICKNAMES));
        }
      }
      w.text(aliases);
      if (rng.chance(0.8)) {
        w.plain("IL-");
        appendPadded(w.buffer(), rng.below(1000000000), 9);
      } else {
        w.empty();
      }
      w.endRow();
    }
  }
  return finishFile(w, summary_.nodeFiles);
}

bool Generator::writeVehicles() {
  CsvFileWriter w(joinPath(dir_, LABELS[VEHICLE].file));
  w.buffer().append("plate:ID(Vehicle),:LABEL,state,vin,make,model,colour,year:int\n");
  Rng rng(seed_, S_VEHICLES);
  static constexpr char VIN_CHARS[] = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
  for (uint64_t v = 0; v < count_[VEHICLE]; ++v) {
    writeId(w, VEHICLE, v);
    w.plain("Vehicle");
    w.plain(rng.pick(STATES));
    w.plain("");
    for (int i = 0; i < 17; ++i) w.buffer().push_back(VIN_CHARS[rng.below(sizeof VIN_CHARS - 1)]);
    const MakeModels& mm = VEHICLE_MODELS[rng.weighted(MAKE_WEIGHTS)];
    w.text(mm.make);
    w.text(mm.models[rng.below(4)]);
    w.plain(COLOURS[rng.weighted(COLOUR_WEIGHTS)]);
    w.integer(2026 - static_cast<int64_t>(skewedRank(rng, 28, 2)));
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

bool Generator::writePhones() {
  CsvFileWriter w(joinPath(dir_, LABELS[PHONE].file));
  w.buffer().append("number:ID(Phone),:LABEL,carrier,prepaid:boolean\n");
  Rng rng(seed_, S_PHONES);
  for (uint64_t i = 0; i < count_[PHONE]; ++i) {
    writeId(w, PHONE, i);
    w.plain("Phone");
    w.text(rng.pick(CARRIERS));
    w.boolean(rng.chance(0.3));
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

void appendAddress(std::string& out, Rng& rng) {
  char num[24];
  auto res = std::to_chars(num, num + sizeof num, 100 + rng.below(11900));
  out.append(num, res.ptr);
  out.push_back(' ');
  out.append(rng.pick(DIRECTIONS));
  out.push_back(' ');
  out.append(rng.pick(STREETS));
  out.push_back(' ');
  out.append(rng.pick(STREET_SUFFIXES));
}

bool Generator::writeLocations() {
  CsvFileWriter w(joinPath(dir_, LABELS[LOCATION].file));
  w.buffer().append(
      "locationId:ID(Location),:LABEL,kind,name,address,latitude:double,longitude:double\n");
  Rng rng(seed_, S_LOCATIONS, 1);
  std::string text;
  for (uint64_t l = 0; l < count_[LOCATION]; ++l) {
    Words kind = LOCATION_KINDS[locationKind_[l]];
    w.prefixed('L', l);
    w.plain("Location");
    w.plain(kind);
    text.clear();
    if (l == 0) {
      text = NIGHTCLUB_NAME;
    } else if (kind == "business" || kind == "bar" || kind == "gas_station") {
      text.append(rng.pick(LAST_NAMES));
      text.append("'s ");
      text.append(kind == "bar" ? "Tap" : kind == "gas_station" ? "Gas" : rng.pick(BUSINESS_WORDS));
    } else if (kind == "nightclub") {
      text.append("Club ");
      text.append(rng.pick(STREETS));
    }
    w.text(text);
    text.clear();
    appendAddress(text, rng);
    if (kind == "residence" && rng.chance(0.3)) {
      text.append(", Apt ");
      text.append(std::to_string(1 + rng.below(24)));
    }
    w.text(text);
    w.real(41.70 + 0.30 * rng.unit());
    w.real(-87.85 + 0.30 * rng.unit());
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

bool Generator::writeEvents() {
  CsvFileWriter w(joinPath(dir_, LABELS[EVENT].file));
  w.buffer().append("eventId:ID(Event),:LABEL,kind,time:datetime,description\n");
  Rng rng(seed_, S_EVENTS, 1);
  std::string text;
  for (uint64_t e = 0; e < count_[EVENT]; ++e) {
    const uint8_t kind = eventKind_[e];
    w.prefixed('E', e);
    w.plain("Event");
    w.plain(EVENT_KINDS[kind]);
    w.dateTime(eventTime_[e]);
    text.clear();
    switch (kind) {
      case INCIDENT:
        text.append(rng.pick(OFFENCES));
        text.append(" reported");
        if (eventAtNightclub(e)) {
          text.append(" outside ");
          text.append(NIGHTCLUB_NAME);
        } else {
          text.append(" near ");
          appendAddress(text, rng);
        }
        break;
      case ARREST:
        text.append("Arrest for ");
        text.append(rng.pick(OFFENCES));
        text.append(rng.chance(0.5) ? ", subject transported" : ", released on scene");
        break;
      case CALL_FOR_SERVICE:
        text.append(rng.chance(0.2) ? "Caller said \"they have a gun\"" : "Caller reports ");
        if (text.back() == ' ') text.append(rng.pick(OFFENCES));
        break;
      case PLATE_READ:
        text.append("ALPR read, camera ");
        text.append(std::to_string(rng.below(400)));
        break;
      case GUNSHOT:
        text.append(std::to_string(1 + rng.below(12)));
        text.append(" rounds detected near ");
        appendAddress(text, rng);
        break;
      default:
        text.append("Subject stopped near ");
        appendAddress(text, rng);
        text.append(", interviewed and released");
        break;
    }
    w.text(text);
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

bool Generator::writeCases() {
  CsvFileWriter w(joinPath(dir_, LABELS[CASE].file));
  w.buffer().append("caseNumber:ID(Case),:LABEL,agency,offence,status,opened:date\n");
  Rng rng(seed_, S_CASES);
  for (uint64_t c = 0; c < count_[CASE]; ++c) {
    writeId(w, CASE, c);
    w.plain("Case");
    w.text(rng.pick(AGENCIES));
    w.text(rng.pick(OFFENCES));
    w.plain(CASE_STATUSES[rng.weighted(CASE_STATUS_WEIGHTS)]);
    w.date(rng.range(dayOf(2025, 7, 1), dayOf(2026, 6, 30)));
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

bool Generator::writeOrganizations() {
  CsvFileWriter w(joinPath(dir_, LABELS[ORGANIZATION].file));
  w.buffer().append("orgId:ID(Organization),:LABEL,name,kind\n");
  Rng rng(seed_, S_ORGS);
  static constexpr Words OTHER_KINDS[] = {"church", "community_group", "security_firm",
                                          "sports_club"};
  uint64_t gangs = 0;
  std::string name;
  for (uint64_t o = 0; o < count_[ORGANIZATION]; ++o) {
    const uint64_t kind = orgKind(o);
    w.prefixed('O', o);
    w.plain(kind == 0 ? "Organization;Gang" : "Organization");
    name.clear();
    if (kind == 0) {
      name.append(GANG_NAMES[gangs % std::size(GANG_NAMES)]);
      if (gangs >= std::size(GANG_NAMES)) {
        name.append(" (");
        name.append(rng.pick(STREETS));
        name.append(" set)");
      }
      ++gangs;
    } else {
      name.append(rng.pick(LAST_NAMES));
      name.push_back(' ');
      name.append(kind == 1 ? rng.pick(ORG_SUFFIXES) : "Community Center");
    }
    w.text(name);
    w.plain(kind == 0 ? "gang" : kind == 1 ? "business" : rng.pick(OTHER_KINDS));
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

bool Generator::writeRelationships(Rel rel) {
  std::string name = "rel-";
  name.append(RELS[rel].type);
  name.append(".csv");
  CsvFileWriter w(joinPath(dir_, name));
  std::string& h = w.buffer();
  h.append(":START_ID(");
  h.append(LABELS[RELS[rel].start].name);
  h.append("),:END_ID(");
  h.append(LABELS[RELS[rel].end].name);
  h.append("),:TYPE");
  h.append(RELS[rel].properties);
  h.push_back('\n');
  Rng rng(seed_, S_REL_BASE + static_cast<uint64_t>(rel));
  generate(rel, w, rng);
  summary_.relationships += w.rows();
  return finishFile(w, summary_.relationshipFiles);
}

void Generator::generate(Rel rel, CsvFileWriter& w, Rng& rng) {
  const uint64_t persons = count_[PERSON];
  const uint64_t budget = relCount_[rel];
  auto anyPerson = [&]() { return rng.below(persons); };
  auto gangOrPopular = [&](double gangShare) {
    if (!gangMembers_.empty() && rng.chance(gangShare)) {
      return static_cast<uint64_t>(gangMembers_[rng.below(gangMembers_.size())]);
    }
    return popular(rng, PERSON, 2);
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
        for (uint32_t k = 0; k < knowsDegree_[p]; ++k) {
          uint64_t q = p;
          for (int attempt = 0; attempt < 16; ++attempt) {
            if (attempt < 4 && rng.chance(0.65)) {
              uint64_t offset = 1 + rng.below(2 * LOCAL_KNOWS_WINDOW);
              offset = offset > LOCAL_KNOWS_WINDOW ? persons - (offset - LOCAL_KNOWS_WINDOW) % persons
                                                   : offset;
              q = (p + offset) % persons;
            } else {
              q = popular(rng, PERSON, 3);
            }
            if (q == p) continue;
            bool seen = false;
            for (uint64_t c : chosen) seen = seen || c == q;
            if (!seen) break;
          }
          if (q == p) q = (p + 1) % persons;
          chosen.push_back(q);
          edge(w, rel, p, q);
          w.date(rng.range(dayOf(2005, 1, 1), dayOf(2026, 6, 30)));
          w.endRow();
        }
      }
      return;
    }
    case FAMILY_OF: {
      for (size_t f = 0; f + 1 < familyStart_.size(); ++f) {
        const uint64_t a = familyStart_[f];
        const uint64_t size = familyStart_[f + 1] - a;
        if (size == 2) {
          edge(w, rel, a, a + 1);
          w.plain(FAMILY_RELATIONS_PAIR[rng.below(4)]);
          w.endRow();
          continue;
        }
        if (size < 3) continue;
        edge(w, rel, a, a + 1);
        w.plain("spouse");
        w.endRow();
        for (uint64_t c = a + 2; c < a + size; ++c) {
          for (uint64_t parent = a; parent < a + 2; ++parent) {
            edge(w, rel, parent, c);
            w.plain("parent");
            w.endRow();
          }
          for (uint64_t s = c + 1; s < a + size; ++s) {
            edge(w, rel, c, s);
            w.plain("sibling");
            w.endRow();
          }
        }
      }
      return;
    }
    case ASSOCIATE_OF:
      for (uint64_t i = 0; i < budget; ++i) {
        uint64_t a = 0;
        uint64_t b = 0;
        const bool inGang = gangMembers_.size() >= 2 && rng.chance(0.5);
        do {
          a = inGang ? gangMembers_[rng.below(gangMembers_.size())] : popular(rng, PERSON, 2);
          b = inGang ? gangMembers_[rng.below(gangMembers_.size())] : anyPerson();
        } while (a == b);
        edge(w, rel, a, b);
        w.text(inGang && rng.chance(0.5) ? "gang intelligence" : rng.pick(ASSOCIATION_SOURCES));
        w.dateTime(timeBetween(rng, dayOf(2018, 1, 1), dayOf(2026, 6, 30)));
        w.endRow();
      }
      return;
    case OWNS:
      for (uint64_t v = 0; v < count_[VEHICLE]; ++v) {
        for (unsigned k = 0; k < vehicleOwnerCount(v); ++k) {
          edge(w, rel, vehicleOwner(v, k), v);
          const int64_t from = timeBetween(rng, dayOf(2012, 1, 1), dayOf(2026, 5, 31));
          w.dateTime(from);
          if (rng.chance(0.1)) {
            w.dateTime(from + DAY_SECONDS * rng.range(1, (SPAN_END - from) / DAY_SECONDS));
          } else {
            w.empty();
          }
          w.endRow();
        }
      }
      return;
    case DROVE:
      for (uint64_t i = 0; i < budget; ++i) {
        const uint64_t v = popular(rng, VEHICLE, 2);
        const uint64_t driver = rng.chance(0.7) ? vehicleOwner(v, 0) : gangOrPopular(0.3);
        edge(w, rel, driver, v);
        const int64_t at = randomTime(rng, false);
        w.dateTime(at);
        during(at, 120);
        w.endRow();
      }
      return;
    case SEEN_AT:
      for (uint64_t i = 0; i < budget; ++i) {
        const bool club = rng.chance(0.1);
        const uint64_t l = club ? 0 : popular(rng, LOCATION, 2);
        edge(w, rel, popular(rng, VEHICLE, 2), l);
        const int64_t at = randomTime(rng, club);
        w.dateTime(at);
        w.plain("ALPR-");
        appendPadded(w.buffer(), l % 997, 3);
        during(at, 20);
        w.endRow();
      }
      return;
    case SUSPECT_IN:
    case VICTIM_IN:
    case WITNESS_IN:
      for (uint64_t i = 0; i < budget; ++i) {
        const uint64_t c = popular(rng, CASE, 2);
        const uint64_t p = rel == SUSPECT_IN ? gangOrPopular(0.4) : anyPerson();
        edge(w, rel, p, c);
        if (rel == SUSPECT_IN) w.boolean(rng.chance(0.3));
        w.endRow();
      }
      return;
    case ARRESTED_IN:
      for (uint64_t i = 0; i < budget; ++i) {
        const uint64_t e = arrestEvents_[rng.below(arrestEvents_.size())];
        edge(w, rel, gangOrPopular(0.5), e);
        w.text(rng.pick(OFFENCES));
        w.dateTime(eventTime_[e]);
        w.endRow();
      }
      return;
    case PARTY_TO:
      for (uint64_t i = 0; i < budget; ++i) {
        const uint64_t e = rng.below(count_[EVENT]);
        edge(w, rel, rng.chance(0.5) ? anyPerson() : gangOrPopular(0.2), e);
        w.plain(eventKind_[e] == PLATE_READ ? "registered_owner" : rng.pick(PARTY_ROLES));
        w.dateTime(eventTime_[e]);
        w.endRow();
      }
      return;
    case INVOLVED_IN: {
      // Selection sampling: exactly `budget` distinct events, each in one case.
      const uint64_t events = count_[EVENT];
      for (uint64_t e = 0, left = budget; e < events && left > 0; ++e) {
        if (rng.below(events - e) >= left) continue;
        --left;
        edge(w, rel, e, popular(rng, CASE, 2));
        w.endRow();
      }
      return;
    }
    case OCCURRED_AT:
      for (uint64_t e = 0; e < count_[EVENT]; ++e) {
        edge(w, rel, e, eventAtNightclub(e) ? 0 : popular(rng, LOCATION, 2));
        w.endRow();
      }
      return;
    case LIVES_AT:
      for (size_t f = 0; f + 1 < familyStart_.size(); ++f) {
        const int64_t since = timeBetween(rng, dayOf(2000, 1, 1), dayOf(2025, 12, 31));
        for (uint64_t p = familyStart_[f]; p < familyStart_[f + 1]; ++p) {
          if (!livesAtHome(p)) continue;
          edge(w, rel, p, familyResidence_[f]);
          w.dateTime(since);
          w.endRow();
        }
      }
      return;
    case HAS_PHONE:
      for (uint64_t ph = 0; ph < count_[PHONE]; ++ph) {
        // A few people hold many (prepaid) phones.
        edge(w, rel, gangOrPopular(0.2), ph);
        w.dateTime(timeBetween(rng, dayOf(2020, 1, 1), dayOf(2026, 6, 30)));
        w.endRow();
      }
      return;
    case CALLED: {
      const uint64_t phones = count_[PHONE];
      for (uint64_t i = 0; i < budget; ++i) {
        const uint64_t from = popular(rng, PHONE, 2);
        uint64_t to = rng.chance(0.6) ? (from + 1 + rng.below(LOCAL_CALL_WINDOW)) % phones
                                      : popular(rng, PHONE, 2);
        if (to == from) to = (from + 1) % phones;
        edge(w, rel, from, to);
        const int64_t at = randomTime(rng, false);
        const double u = rng.unit();
        const int64_t seconds = rng.chance(0.15) ? 0 : 5 + static_cast<int64_t>(1800 * u * u * u);
        w.dateTime(at);
        w.integer(seconds);
        w.dateTime(at);
        w.dateTime(at + seconds);
        w.endRow();
      }
      return;
    }
    case MEMBER_OF: {
      static constexpr Words GANG_ROLES[] = {"member", "member", "member", "member", "member",
                                             "member", "member", "member", "lieutenant", "associate"};
      for (uint32_t p : gangMembers_) {
        edge(w, rel, p, 0);
        w.plain(p == gangMembers_.front() ? "leader" : rng.pick(GANG_ROLES));
        w.dateTime(timeBetween(rng, dayOf(2012, 1, 1), dayOf(2026, 6, 30)));
        w.endRow();
      }
      const uint64_t orgs = count_[ORGANIZATION];
      for (uint64_t i = gangMembers_.size(); i < budget; ++i) {
        const uint64_t o = 1 + permute(skewedRank(rng, orgs - 1, 2), orgs - 1, salt_[ORGANIZATION] % (orgs - 1));
        const uint64_t kind = orgKind(o);
        edge(w, rel, kind == 0 ? gangOrPopular(0.1) : anyPerson(), o);
        w.plain(kind == 0 ? rng.pick(GANG_ROLES) : kind == 1 ? (rng.chance(0.2) ? "owner" : "employee")
                                                             : "member");
        w.dateTime(timeBetween(rng, dayOf(2012, 1, 1), dayOf(2026, 6, 30)));
        w.endRow();
      }
      return;
    }
    case REL_COUNT: return;
  }
}

bool Generator::writeReadme() {
  CsvFileWriter w(joinPath(dir_, "README.txt"));
  std::string& b = w.buffer();
  b.append(
      "CaseGraph sample crime-centre dataset (synthetic; every name, plate, phone number and\n"
      "event is made up).\n\n");
  b.append("Generator parameters: target relationships = " + std::to_string(target_) +
           ", seed = " + std::to_string(seed_) + ".\n");
  b.append("The same parameters always produce byte-identical files.\n\n");
  b.append("Totals: " + std::to_string(summary_.nodes) + " nodes, " +
           std::to_string(summary_.relationships) + " relationships.\n\n");
  b.append(
      "Format: neo4j-admin import CSV (comma-delimited, '\"' quotes, ';' between array\n"
      "elements and labels, typed headers such as dob:date and year:int). Each node file has\n"
      "its own id space (:ID(Person), :ID(Vehicle), ...) and a :LABEL column; each\n"
      "relationship file holds one type and names the id spaces of its ends\n"
      "(:START_ID(Person),:END_ID(Vehicle)). Properties named validFrom/validTo are the\n"
      "relationship's valid time. Activity is spread over 2026-01-01 .. 2026-06-30 (UTC).\n\n");
  b.append("Node files:\n");
  for (int l = 0; l < LABEL_COUNT; ++l) {
    b.append("  " + std::string(LABELS[l].file) + "  " + std::to_string(count_[l]) + " " +
             std::string(LABELS[l].name) + " nodes\n");
  }
  b.append("Relationship files:\n");
  for (int r = 0; r < REL_COUNT; ++r) {
    b.append("  rel-" + std::string(RELS[r].type) + ".csv  " + std::to_string(relCount_[r]) +
             " (" + std::string(LABELS[RELS[r].start].name) + " -> " +
             std::string(LABELS[RELS[r].end].name) + ")\n");
  }
  b.append(
      "\nShape: power-law KNOWS degrees with local neighbourhoods; households of 1-6 people\n"
      "sharing a surname and a residence (FAMILY_OF, LIVES_AT); one large gang, " +
      std::string(GANG_NAMES[0]) + " (O0,\n"
      "members labelled GangMember), over-represented among suspects, arrests and associates;\n"
      "one busy nightclub, " + std::string(NIGHTCLUB_NAME) +
      " (L0), with many night-time events and plate reads;\n"
      "skewed vehicle, phone, location and case popularity.\n\n"
      "Import: graphd import --nodes persons.csv ... --relationships rel-KNOWS.csv ...\n"
      "(or neo4j-admin database import full with the same --nodes/--relationships files).\n");
  std::string err = w.finish();
  if (!err.empty()) summary_.error = err;
  return err.empty();
}

SampleSummary Generator::run() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    summary_.error = "cannot create directory " + dir_ + ": " + ec.message();
    return summary_;
  }
  plan();
  bool ok = writePersons() && writeVehicles() && writePhones() && writeLocations() &&
            writeEvents() && writeCases() && writeOrganizations();
  for (int r = 0; ok && r < REL_COUNT; ++r) ok = writeRelationships(static_cast<Rel>(r));
  if (!ok) return summary_;
  for (uint64_t c : count_) summary_.nodes += c;
  writeReadme();
  return summary_;
}

}  // namespace

SampleSummary generateSampleData(const std::string& outDir, uint64_t targetRelationships,
                                 uint64_t seed) {
  Generator generator(outDir, targetRelationships, seed);
  return generator.run();
}

}  // namespace casegraph
