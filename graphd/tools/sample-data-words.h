// Word lists for the sample dataset (sample-data.cpp): names, vehicles, streets, offences.
// All made up or common; weights are relative frequencies for the list of the same name.
#pragma once

#include <cstdint>
#include <string_view>

namespace casegraph::sample {

using Words = std::string_view;

inline constexpr Words MALE_NAMES[] = {
    "James",  "Michael", "Robert",  "David",   "William", "Joseph",  "Daniel", "Anthony",
    "Marcus", "Kevin",   "Brian",   "Jose",    "Luis",    "Carlos",  "Juan",   "Miguel",
    "Tyrone", "Andre",   "Darnell", "Terrell", "Jamal",   "DeShawn", "Malik",  "Tariq",
    "Omar",   "Ahmed",   "Piotr",   "Tomasz",  "Sean",    "Patrick", "Ryan",   "Kyle",
    "Jason",  "Eric",    "Chris",   "Victor",  "Rafael",  "Andrew",  "Dmitri", "Kwame"};
inline constexpr Words FEMALE_NAMES[] = {
    "Mary",   "Patricia", "Jennifer",  "Linda",     "Maria",     "Elizabeth", "Jessica",
    "Sarah",  "Karen",    "Lisa",      "Ashley",    "Brittany",  "Keisha",    "Tanisha",
    "Latoya", "Shanice",  "Guadalupe", "Rosa",      "Carmen",    "Ana",       "Lucia",
    "Sofia",  "Fatima",   "Aisha",     "Agnieszka", "Katarzyna", "Megan",     "Kayla",
    "Nicole", "Amanda",   "Stephanie", "Danielle",  "Monique",   "Yolanda",   "Imani",
    "Priya",  "Mei",      "Olga",      "Nadia",     "Grace"};
inline constexpr Words LAST_NAMES[] = {
    "Smith",      "Johnson",   "Williams", "Brown",      "Jones",    "Garcia",   "Miller",
    "Davis",      "Rodriguez", "Martinez", "Hernandez",  "Lopez",    "Gonzalez", "Wilson",
    "Anderson",   "Thomas",    "Taylor",   "Moore",      "Jackson",  "Martin",   "Lee",
    "Perez",      "Thompson",  "White",    "Harris",     "Sanchez",  "Clark",    "Ramirez",
    "Lewis",      "Robinson",  "Walker",   "Young",      "Allen",    "King",     "Wright",
    "Scott",      "Torres",    "Nguyen",   "Hill",       "Flores",   "Green",    "Adams",
    "Washington", "Kowalski",  "Nowak",    "Wisniewski", "O'Brien",  "Murphy",   "Sullivan",
    "Patel",      "Khan",      "Okafor",   "Mensah",     "Castillo", "Delgado",  "Vargas",
    "Petrov",     "Ivanov",    "Chen",     "Wang",       "Kim",      "Park",     "Brooks",
    "Coleman",    "Jenkins",   "Bryant",   "Reyes",      "Morales"};
inline constexpr Words NICKNAMES[] = {
    "Smiley", "Big J",   "Lil' Dre", "Shorty",  "Ghost",           "Bishop", "Tank",  "Ace",
    "Slim",   "Junebug", "Red",      "Boo",     "Chino",           "Flaco",  "Gordo", "Casper",
    "Money",  "Twin",    "Pee Wee",  "Scrappy", "Dre \"the Kid\"", "Mookie", "Bam",   "Sleepy",
    "Ice",    "Snoop",   "Nene",     "Papi",    "K-Dog",           "Spider"};
inline constexpr Words STATES[] = {"IL", "IL", "IL", "IL", "IL", "IN", "WI", "MI", "OH", "MO"};
struct MakeModels {
  Words make;
  Words models[4];
};
inline constexpr MakeModels VEHICLE_MODELS[] = {
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
inline constexpr unsigned MAKE_WEIGHTS[] = {14, 13, 12, 12, 9, 8, 6, 6, 5, 3, 3, 3, 4, 2};
inline constexpr Words COLOURS[] = {"black", "white",  "silver", "grey",  "blue",  "red",
                                    "green", "maroon", "gold",   "brown", "beige", "orange"};
inline constexpr unsigned COLOUR_WEIGHTS[] = {22, 20, 15, 14, 9, 8, 3, 3, 2, 2, 1, 1};
inline constexpr Words STREETS[] = {
    "Madison",      "Halsted",       "Ashland",   "Western", "Pulaski",   "Cicero",   "Kedzie",
    "Damen",        "Division",      "Chicago",   "North",   "Fullerton", "Diversey", "Belmont",
    "Irving Park",  "Lawrence",      "Roosevelt", "Cermak",  "Archer",    "Garfield", "King",
    "Stony Island", "Cottage Grove", "Racine",    "Kostner", "Central",   "Harlem",   "Milwaukee",
    "Ogden",        "Grand",         "Lake",      "Jackson", "Van Buren", "Polk",     "Taylor",
    "Augusta",      "Chestnut",      "Maple",     "Oak",     "Elm",       "Cedar",    "Walnut"};
inline constexpr Words STREET_SUFFIXES[] = {"St", "Ave", "Ave", "Blvd", "Rd", "Dr", "Pkwy"};
inline constexpr Words DIRECTIONS[] = {"N", "S", "E", "W"};
inline constexpr Words OFFENCES[] = {"aggravated battery",
                                     "armed robbery",
                                     "burglary",
                                     "motor vehicle theft",
                                     "homicide",
                                     "narcotics possession",
                                     "narcotics distribution",
                                     "unlawful use of a weapon",
                                     "criminal damage",
                                     "domestic battery",
                                     "carjacking",
                                     "retail theft",
                                     "fraud",
                                     "identity theft",
                                     "aggravated assault",
                                     "reckless discharge of a firearm",
                                     "trespass",
                                     "kidnapping",
                                     "arson",
                                     "witness intimidation"};
inline constexpr Words AGENCIES[] = {"Metro PD",
                                     "Metro PD",
                                     "Metro PD",
                                     "County Sheriff",
                                     "State Police",
                                     "Transit Police",
                                     "Housing Authority PD"};
inline constexpr Words CASE_STATUSES[] = {"open", "closed", "pending", "cold"};
inline constexpr unsigned CASE_STATUS_WEIGHTS[] = {45, 30, 15, 10};
// In the order of EventKind (sample-data-plan.h).
inline constexpr Words EVENT_KINDS[] = {"incident",   "arrest",        "call_for_service",
                                        "plate_read", "gunshot_alert", "field_interview"};
inline constexpr unsigned EVENT_KIND_WEIGHTS[] = {25, 10, 24, 24, 5, 12};
// NIGHTCLUB_KIND (sample-data-plan.h) is the index of "nightclub".
inline constexpr Words LOCATION_KINDS[] = {"residence",   "business", "street",
                                           "park",        "bar",      "gas_station",
                                           "parking_lot", "school",   "nightclub"};
inline constexpr unsigned LOCATION_KIND_WEIGHTS[] = {60, 14, 12, 3, 3, 3, 3, 1, 1};
inline constexpr Words BUSINESS_WORDS[] = {
    "Auto Repair",       "Liquor",        "Food Mart", "Car Wash", "Tire Shop",
    "Currency Exchange", "Beauty Supply", "Towing",    "Grill",    "Cell Phones"};
inline constexpr Words GANG_NAMES[] = {"Northside Kings",  "Eastway Vipers",  "Harbor Street Crew",
                                       "Black Lotus",      "Southgate Boys",  "Ironwood Syndicate",
                                       "Red Falcon Posse", "Lakeview Wolves", "Seventh Ward Saints",
                                       "Cold Creek Mob"};
inline constexpr Words ORG_SUFFIXES[] = {"Holdings, LLC", "Logistics", "Import Export",
                                         "Towing Inc",    "Trucking",  "Properties",
                                         "Auto Sales",    "Security"};
inline constexpr Words CARRIERS[] = {"Verizon", "AT&T", "T-Mobile", "Cricket", "Boost", "Metro"};
inline constexpr Words FAMILY_RELATIONS_PAIR[] = {"spouse", "sibling", "parent", "cousin"};
inline constexpr Words PARTY_ROLES[] = {"witness", "victim",      "suspect", "caller",
                                        "subject", "complainant", "driver",  "passenger"};
inline constexpr Words ASSOCIATION_SOURCES[] = {"intel report", "field interview", "co-arrest",
                                                "social media", "jail call",       "informant"};

}  // namespace casegraph::sample
