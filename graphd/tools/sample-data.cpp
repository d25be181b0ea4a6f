#include "graphd/tools/sample-data.h"

#include <charconv>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "schema/csv/csv-writer.h"
#include "graphd/tools/sample-data-plan.h"
#include "graphd/tools/sample-data-words.h"

namespace casegraph {

namespace {

using namespace sample;

std::string joinPath(const std::string& dir, Words name) {
  std::string p = dir;
  if (!p.empty() && p.back() != '/') p.push_back('/');
  p.append(name);
  return p;
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

// Writes the files of one plan into a directory.
class DatasetWriter {
 public:
  DatasetWriter(std::string dir, SamplePlan plan) : dir_(std::move(dir)), plan_(std::move(plan)) {}

  SampleSummary run();

 private:
  bool writePersons();
  bool writeVehicles();
  bool writePhones();
  bool writeLocations();
  bool writeEvents();
  bool writeCases();
  bool writeOrganizations();
  bool writeRelationships(Rel rel);
  bool writeReadme();
  bool finishFile(CsvWriter& w, std::vector<std::string>& files);

  std::string dir_;
  SamplePlan plan_;
  SampleSummary summary_;
};

bool DatasetWriter::finishFile(CsvWriter& w, std::vector<std::string>& files) {
  std::string err = w.finish();
  if (!err.empty()) {
    summary_.error = err;
    return false;
  }
  files.push_back(w.path());
  return true;
}

bool DatasetWriter::writePersons() {
  CsvWriter w(joinPath(dir_, LABELS[PERSON].file));
  w.raw("personId:ID(Person),:LABEL,firstName,lastName,dob:date,gender,aliases:string[],stateId\n");
  Rng rng(plan_.seed, S_PERSONS);
  std::string aliases;
  for (uint64_t f = 0; f < plan_.households(); ++f) {
    const uint64_t first = plan_.familyStart[f];
    const uint64_t size = plan_.familyStart[f + 1] - first;
    Words lastName = LAST_NAMES[skewedRank(rng, std::size(LAST_NAMES), 2)];
    for (uint64_t k = 0; k < size; ++k) {
      const uint64_t p = first + k;
      w.prefixed('P', p);
      w.plain(plan_.inGang[p] ? "Person;GangMember" : "Person");
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
      if (rng.chance(plan_.inGang[p] ? 0.7 : 0.15)) {
        aliases.append(rng.pick(NICKNAMES));
        if (rng.chance(0.3)) {
          aliases.push_back(';');
          aliases.append(rng.pick(NICKNAMES));
        }
      }
      w.text(aliases);
      if (rng.chance(0.8)) {
        w.plain("IL-");
        w.appendPadded(rng.below(1000000000), 9);
      } else {
        w.empty();
      }
      w.endRow();
    }
  }
  return finishFile(w, summary_.nodeFiles);
}

bool DatasetWriter::writeVehicles() {
  CsvWriter w(joinPath(dir_, LABELS[VEHICLE].file));
  w.raw("plate:ID(Vehicle),:LABEL,state,vin,make,model,colour,year:int\n");
  Rng rng(plan_.seed, S_VEHICLES);
  static constexpr char VIN_CHARS[] = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
  for (uint64_t v = 0; v < plan_.count[VEHICLE]; ++v) {
    writeId(w, plan_, VEHICLE, v);
    w.plain("Vehicle");
    w.plain(rng.pick(STATES));
    char vin[17];
    for (char& c : vin) c = VIN_CHARS[rng.below(sizeof VIN_CHARS - 1)];
    w.plain(std::string_view(vin, sizeof vin));
    const MakeModels& mm = VEHICLE_MODELS[rng.weighted(MAKE_WEIGHTS)];
    w.text(mm.make);
    w.text(mm.models[rng.below(4)]);
    w.plain(COLOURS[rng.weighted(COLOUR_WEIGHTS)]);
    w.integer(2026 - static_cast<int64_t>(skewedRank(rng, 28, 2)));
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

bool DatasetWriter::writePhones() {
  CsvWriter w(joinPath(dir_, LABELS[PHONE].file));
  w.raw("number:ID(Phone),:LABEL,carrier,prepaid:boolean\n");
  Rng rng(plan_.seed, S_PHONES);
  for (uint64_t i = 0; i < plan_.count[PHONE]; ++i) {
    writeId(w, plan_, PHONE, i);
    w.plain("Phone");
    w.text(rng.pick(CARRIERS));
    w.boolean(rng.chance(0.3));
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

bool DatasetWriter::writeLocations() {
  CsvWriter w(joinPath(dir_, LABELS[LOCATION].file));
  w.raw("locationId:ID(Location),:LABEL,kind,name,address,latitude:double,longitude:double\n");
  Rng rng(plan_.seed, S_LOCATIONS, 1);
  std::string text;
  for (uint64_t l = 0; l < plan_.count[LOCATION]; ++l) {
    Words kind = LOCATION_KINDS[plan_.locationKind[l]];
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

bool DatasetWriter::writeEvents() {
  CsvWriter w(joinPath(dir_, LABELS[EVENT].file));
  w.raw("eventId:ID(Event),:LABEL,kind,time:datetime,description\n");
  Rng rng(plan_.seed, S_EVENTS, 1);
  std::string text;
  auto appendPlace = [&](uint64_t e) {
    if (plan_.eventAtNightclub(e)) {
      text.append("outside ");
      text.append(NIGHTCLUB_NAME);
    } else {
      text.append("near ");
      appendAddress(text, rng);
    }
  };
  for (uint64_t e = 0; e < plan_.count[EVENT]; ++e) {
    const uint8_t kind = plan_.eventKind[e];
    w.prefixed('E', e);
    w.plain("Event");
    w.plain(EVENT_KINDS[kind]);
    w.dateTime(plan_.eventTime[e]);
    text.clear();
    switch (kind) {
      case INCIDENT:
        text.append(rng.pick(OFFENCES));
        text.append(" reported ");
        appendPlace(e);
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
        text.append(" rounds detected ");
        appendPlace(e);
        break;
      default:
        text.append("Subject stopped ");
        appendPlace(e);
        text.append(", interviewed and released");
        break;
    }
    w.text(text);
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

bool DatasetWriter::writeCases() {
  CsvWriter w(joinPath(dir_, LABELS[CASE].file));
  w.raw("caseNumber:ID(Case),:LABEL,agency,offence,status,opened:date\n");
  Rng rng(plan_.seed, S_CASES);
  for (uint64_t c = 0; c < plan_.count[CASE]; ++c) {
    writeId(w, plan_, CASE, c);
    w.plain("Case");
    w.text(rng.pick(AGENCIES));
    w.text(rng.pick(OFFENCES));
    w.plain(CASE_STATUSES[rng.weighted(CASE_STATUS_WEIGHTS)]);
    w.date(rng.range(dayOf(2025, 7, 1), dayOf(2026, 6, 30)));
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

bool DatasetWriter::writeOrganizations() {
  CsvWriter w(joinPath(dir_, LABELS[ORGANIZATION].file));
  w.raw("orgId:ID(Organization),:LABEL,name,kind\n");
  Rng rng(plan_.seed, S_ORGS);
  struct OtherKind {
    Words kind;
    Words nameSuffix;
  };
  static constexpr OtherKind OTHER_KINDS[] = {{"church", " Memorial Church"},
                                              {"community_group", " Community Center"},
                                              {"security_firm", " Security Services"},
                                              {"sports_club", " Boxing Club"}};
  uint64_t gangs = 0;
  std::string name;
  for (uint64_t o = 0; o < plan_.count[ORGANIZATION]; ++o) {
    const OrgKind kind = plan_.orgKind(o);
    const OtherKind* other = nullptr;
    w.prefixed('O', o);
    w.plain(kind == GANG ? "Organization;Gang" : "Organization");
    name.clear();
    if (kind == GANG) {
      name.append(GANG_NAMES[gangs % std::size(GANG_NAMES)]);
      if (gangs >= std::size(GANG_NAMES)) {
        name.append(" (");
        name.append(rng.pick(STREETS));
        name.append(" set)");
      }
      ++gangs;
    } else if (kind == BUSINESS) {
      name.append(rng.pick(LAST_NAMES));
      name.push_back(' ');
      name.append(rng.pick(ORG_SUFFIXES));
    } else {
      other = &rng.pick(OTHER_KINDS);
      name.append(rng.pick(LAST_NAMES));
      name.append(other->nameSuffix);
    }
    w.text(name);
    w.plain(kind == GANG ? "gang" : kind == BUSINESS ? "business" : other->kind);
    w.endRow();
  }
  return finishFile(w, summary_.nodeFiles);
}

bool DatasetWriter::writeRelationships(Rel rel) {
  std::string name = "rel-";
  name.append(RELS[rel].type);
  name.append(".csv");
  CsvWriter w(joinPath(dir_, name));
  std::string header = ":START_ID(";
  header.append(LABELS[RELS[rel].start].name);
  header.append("),:END_ID(");
  header.append(LABELS[RELS[rel].end].name);
  header.append("),:TYPE");
  header.append(RELS[rel].properties);
  header.push_back('\n');
  w.raw(header);
  summary_.relationships += writeRelationshipRows(plan_, rel, w);
  return finishFile(w, summary_.relationshipFiles);
}

bool DatasetWriter::writeReadme() {
  CsvWriter w(joinPath(dir_, "README.txt"));
  std::string b;
  b.append(
      "CaseGraph sample crime-center dataset (synthetic; every name, plate, phone number and\n"
      "event is made up).\n\n");
  b.append("Generator parameters: target relationships = " + std::to_string(plan_.target) +
           ", seed = " + std::to_string(plan_.seed) + ".\n");
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
    b.append("  " + std::string(LABELS[l].file) + "  " + std::to_string(plan_.count[l]) + " " +
             std::string(LABELS[l].name) + " nodes\n");
  }
  b.append("Relationship files:\n");
  for (int r = 0; r < REL_COUNT; ++r) {
    b.append("  rel-" + std::string(RELS[r].type) + ".csv  " + std::to_string(plan_.relCount[r]) +
             " (" + std::string(LABELS[RELS[r].start].name) + " -> " +
             std::string(LABELS[RELS[r].end].name) + ")\n");
  }
  b.append("\nShape:\n");
  b.append("- KNOWS out-degrees follow a power law; most acquaintances have nearby ids.\n");
  b.append("- Households of 1-6 people share a surname and a residence (FAMILY_OF, LIVES_AT).\n");
  b.append("- One large gang, " + std::string(GANG_NAMES[0]) +
           " (O0), whose members are also labelled GangMember\n"
           "  and are over-represented among suspects, arrestees and associates.\n");
  b.append("- One busy nightclub, " + std::string(NIGHTCLUB_NAME) +
           " (L0), with many night-time events and plate reads.\n");
  b.append("- Skewed popularity of vehicles, phones, locations and cases.\n");
  b.append("\nImport (from this directory):\n  graphd import --data DIR");
  for (int l = 0; l < LABEL_COUNT; ++l) b.append(" --nodes " + std::string(LABELS[l].file));
  for (int r = 0; r < REL_COUNT; ++r) {
    b.append(" --relationships rel-" + std::string(RELS[r].type) + ".csv");
  }
  b.append(
      "\n(neo4j-admin database import full accepts the same --nodes/--relationships files.)\n");
  w.raw(b);
  std::string err = w.finish();
  if (!err.empty()) summary_.error = err;
  return err.empty();
}

SampleSummary DatasetWriter::run() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    summary_.error = "cannot create directory " + dir_ + ": " + ec.message();
    return summary_;
  }
  bool ok = writePersons() && writeVehicles() && writePhones() && writeLocations() &&
            writeEvents() && writeCases() && writeOrganizations();
  for (int r = 0; ok && r < REL_COUNT; ++r) ok = writeRelationships(static_cast<Rel>(r));
  if (!ok) return summary_;
  for (uint64_t c : plan_.count) summary_.nodes += c;
  writeReadme();
  return summary_;
}

}  // namespace

SampleSummary generateSampleData(const std::string& outDir, uint64_t targetRelationships,
                                 uint64_t seed) {
  DatasetWriter writer(outDir, sample::makeSamplePlan(targetRelationships, seed));
  return writer.run();
}

}  // namespace casegraph
