#!/usr/bin/env bash
# The CaseGraph demo: installs what is missing, builds, generates the sample crime-center
# dataset, imports it into ./demo-data/graph, starts graphd on it and runs investigative
# queries through graphctl, printing their answers. Safe to run again (it starts afresh).
set -euo pipefail
cd "$(dirname "$0")"
RELS="${DEMO_RELATIONSHIPS:-50000}"

./setup.sh
./build.sh

DEMO=demo-data
GRAPHD=build/graphd/graphd
GRAPHCTL=build/client/graphctl
rm -rf "$DEMO/graph" "$DEMO/csv" "$DEMO/ready"
mkdir -p "$DEMO"

echo
echo "== generating the sample dataset ($RELS relationships)"
"$GRAPHD" generate --out "$DEMO/csv" --relationships "$RELS"
args=()
for f in "$DEMO"/csv/*.csv; do
  case "$(basename "$f")" in
    rel-*) args+=(--relationships "$f") ;;
    *) args+=(--nodes "$f") ;;
  esac
done
echo "== importing"
"$GRAPHD" import --data "$DEMO/graph" --source sample "${args[@]}"

SOCK="$PWD/$DEMO/graphd.sock"
"$GRAPHD" serve --data "$DEMO/graph" --listen "unix:$SOCK" --ready-file "$DEMO/ready" \
  --log-level warning &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [ -s "$DEMO/ready" ] && break
  kill -0 $SERVER 2>/dev/null || { echo "graphd failed to start" >&2; exit 1; }
  sleep 0.1
done
[ -s "$DEMO/ready" ] || { echo "graphd did not become ready" >&2; exit 1; }

G=("$GRAPHCTL" --connect "unix:$SOCK")
# The store id of the node with LABEL whose KEY is VALUE.
idOf() {
  "${G[@]}" --format json find "$1" "$2" "\"$3\"" --limit 1 2>/dev/null | grep -o '"id":[0-9]*' | head -1 |
    cut -d: -f2
}
show() {
  echo
  echo "== $1"
  shift
  echo "\$ graphctl $*"
  "${G[@]}" "$@"
}

show "counts per label and relationship type" stats
P0=$(idOf Person personId P0)
P1=$(idOf Person personId P7)
P2=$(idOf Person personId P1000)
CASE=$(idOf Case caseNumber 26-0000001)
VEH=$(idOf Vehicle plate "$("${G[@]}" --format json find Vehicle --limit 1 2>/dev/null |
  grep -o '"plate":"[^"]*"' | head -1 | cut -d'"' -f4)")
show "who is person P0?" get node "$P0"
show "P0's neighbourhood (first 10 links)" neighbors "$P0" --limit 10
show "how is person P7 tied to case 26-0000001? (shortest path, hubs above 500 links skipped)" \
  path "$P1" "$CASE" --max-degree 500
show "who links P7 and P1000? (intermediaries ranked by shortest paths through them)" \
  who-links "$P1" "$P2" --limit 5
show "the three shortest ways from P7 to P1000" path "$P1" "$P2" --k 3
show "the network connecting P0, P7 and P1000 within 4 hops (hubs skipped)" \
  connectors "$P0" "$P1" "$P2" --hops 4 --max-degree 200
show "what else is vehicle $VEH connected to? (1 hop)" expand "$VEH" --hops 1
show "key players around P0 (2 hops)" analyse "$P0" --hops 2 --max-degree 200 --limit 10
show "a link chart of P0's surroundings for the case file" \
  chart "$P0" --hops 1 -o "$DEMO/chart-P0.svg"

# The same questions, and others, in openCypher (graphctl query).
NAME='coalesce(n.personId, n.caseNumber, n.plate, n.eventId, n.address, n.number, n.name)'
show "Cypher: suspects in burglary cases, with the vehicles they own" query \
  "MATCH (p:Person)-[s:SUSPECT_IN]->(c:Case {offence: 'burglary'})
   OPTIONAL MATCH (p)-[:OWNS]->(v:Vehicle)
   RETURN c.caseNumber AS caseNumber, p.firstName + ' ' + p.lastName AS suspect,
          s.charged AS charged, collect(v.plate) AS vehicles
   ORDER BY caseNumber LIMIT 5"
show "Cypher: how is P7 tied to P1000? (shortest path)" query \
  "MATCH (a:Person {personId: \$a}), (b:Person {personId: \$b})
   MATCH p = shortestPath((a)-[*..8]-(b))
   RETURN [n IN nodes(p) | $NAME] AS route, [r IN relationships(p) | type(r)] AS via" \
  --param a=P7 --param b=P1000
show "Cypher: who links P7 and P1000 (the link.whoLinks procedure)" query \
  "MATCH (a:Person {personId: 'P7'}), (b:Person {personId: 'P1000'})
   CALL link.whoLinks(a, b) YIELD node AS n, paths
   RETURN $NAME AS who, labels(n) AS kind, paths ORDER BY paths DESC LIMIT 5"
show "Cypher: how many entities lie within two hops of P0?" query \
  "MATCH (a:Person {personId: 'P0'})-[*1..2]-(b) WHERE b <> a
   RETURN count(DISTINCT b) AS withinTwoHops"
show "Cypher: offences with the most gang-member suspects" query \
  "MATCH (g:GangMember)-[:SUSPECT_IN]->(c:Case)
   RETURN c.offence AS offence, count(DISTINCT g) AS gangSuspects
   ORDER BY gangSuspects DESC, offence LIMIT 5"
show "Cypher: the busiest gang-member suspects, each with their two latest cases (CALL { })" query \
  "MATCH (g:GangMember)-[:SUSPECT_IN]->(c:Case)
   WITH g, count(c) AS cases ORDER BY cases DESC, g.personId LIMIT 3
   CALL { WITH g MATCH (g)-[:SUSPECT_IN]->(c:Case) RETURN c ORDER BY c.opened DESC LIMIT 2 }
   RETURN g {.personId, .lastName, cases} AS suspect, c.caseNumber AS caseNumber,
          c.opened AS opened, c.offence AS offence"
show "Cypher: gunshot alerts within 2 km of the nightclub L0 (point.distance)" query \
  "MATCH (here:Location {locationId: 'L0'})
   WITH point({latitude: here.latitude, longitude: here.longitude}) AS spot
   MATCH (e:Event {kind: 'gunshot_alert'})-[:OCCURRED_AT]->(l:Location)
   WITH e, l, point.distance(spot, point({latitude: l.latitude, longitude: l.longitude})) AS metres
   WHERE metres < 2000
   RETURN e.eventId AS alert, e.time AS time, l.address AS address, round(metres) AS metres
   ORDER BY metres, alert LIMIT 5"
show "Cypher: the weeks with the most gunshot alerts, and how long each spree lasted" query \
  "MATCH (e:Event {kind: 'gunshot_alert'})
   RETURN date.truncate('week', e.time) AS week, count(*) AS alerts,
          duration.between(min(e.time), max(e.time)) AS spread
   ORDER BY alerts DESC, week LIMIT 5"
echo
echo "demo finished: data in $DEMO/graph, chart in $DEMO/chart-P0.svg"
