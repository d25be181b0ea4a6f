#include "query/cypher/qvalue.h"
