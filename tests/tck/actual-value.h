// An actual query result value in the TCK's value tree (tck-value.h), so that it can be
// compared with an expected cell. Nodes and relationships are read through the reader of the
// query's transaction, as the query saw them.
#pragma once

#include "graphd/store.h"
#include "query/cypher/qvalue.h"
#include "tck/tck-value.h"

namespace casegraph::tck {

// Dates, datetimes and durations become TckOther in the text the TCK writes them as
// ('2015-07-21', '2015-07-21T21:40:32.142Z', 'P14DT16H12M'). A node or relationship the reader
// does not find (deleted by the query) becomes a TckOther naming it, which matches nothing.
TckValue fromQueryValue(const cypher::QValue& value, const Reader& reader);
TckValue fromStoreValue(const Value& value);

// The TCK's text for a datetime (the seconds left out when they and the fraction are zero,
// the fraction in groups of three digits, Z for UTC) and for a duration.
std::string formatTckDateTime(DateTime t);
std::string formatTckDuration(const cypher::Duration& d);

}  // namespace casegraph::tck
