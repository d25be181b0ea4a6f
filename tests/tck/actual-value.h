// An actual query result value in the TCK's value tree (tck-value.h), so that it can be
// compared with an expected cell. Nodes and relationships are read through the reader of the
// query's transaction, as the query saw them.
#pragma once

#include "graphd/store/store.h"
#include "query/cypher/exec/qvalue.h"
#include "tck/tck-value.h"

namespace casegraph::tck {

// Dates, times and datetimes (in a result or read from a stored property) become strings in
// openCypher's text ('2015-07-21', '21:40:32.142+01:00'), as the TCK writes them; durations a
// TckOther in the TCK's text ('P14DT16H12M'). A node or relationship the reader does not find
// (deleted by the query) becomes a TckOther naming it, which matches nothing.
TckValue fromQueryValue(const cypher::QValue& value, const Reader& reader);
TckValue fromStoreValue(const Value& value);


}  // namespace casegraph::tck
