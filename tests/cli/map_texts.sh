#!/bin/bash
# What a reader reads on the sample build's maps and report (pdftotext): the method line carries
# every parameter the analyst must defend with its value (none left as "–"), the run table holds
# the rows read per input, the title does not repeat the kommun, every input's source is named,
# categories appear under their Swedish names (and as category_label in the GeoPackage).
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
src=${HS_SOURCE_DIR:?}/samples/exempelstad
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }

mkdir "$tmp/p"
cp "$src"/*.csv "$src"/*.geojson "$src"/hotspot.ini "$tmp/p/"
"$hs" --no-progress build "$tmp/p/hotspot.ini" >"$tmp/out" 2>"$tmp/err" && ok ||
    bad "build: $(tail -5 "$tmp/err")"
gpkg=$(awk -F'\t' '$1=="gpkg"{print $2}' "$tmp/out")
report=$(awk -F'\t' '$1=="report"{print $2}' "$tmp/out")
maps=$(awk -F'\t' '$1=="maps"{print $2}' "$tmp/out")
run() { sqlite3 "$gpkg" "SELECT value FROM run WHERE key = '$1'"; }

# rows read per input: the police extract's data lines and the trygghetsvandring file's
for i in 1 2; do
    path=$(run "input.$i.path")
    rows=$(run "input.$i.rows")
    want=$(($(grep -c . "$tmp/p/$(basename "$path")") - 1))
    [ "$rows" = "$want" ] && ok || bad "input.$i.rows is '$rows', the file has $want data rows"
done

# every map and the report: the method line complete, no empty value
n=0
for pdf in "$maps"/*.pdf "$report"; do
    n=$((n+1))
    name=$(basename "$pdf")
    pdftotext -nopgbrk "$pdf" "$tmp/t.txt" || { bad "$name: pdftotext"; continue; }
    tr '\n' ' ' <"$tmp/t.txt" | sed 's/  */ /g' >"$tmp/flat.txt"
    if grep -q -e '– m' -e '= –' -e '–-' -e ': \.' -e ', ,' "$tmp/flat.txt"; then
        bad "$name: an empty value: $(grep -o -e '.\{30\}– m.\{10\}' -e '.\{30\}= –.\{5\}' \
            -e '.\{10\}–-.\{20\}' "$tmp/flat.txt" | head -3)"
    else
        ok
    fi
    bw=$(run kde_bandwidth_m | sed 's/\.0$//')
    dist=$(run gistar_distance_m | sed 's/\.0$//')
    alpha=$(run gistar_alpha | tr . ,)
    wants=("Metod:" "kvartisk kärna" "bandbredd $bw m (angiven)" "täthetscell $(run kde_cell_m) m"
        "på $(run gistar_cell_m) m-rutor" "avståndsband $dist m (angivet)"
        "FDR (Benjamini-Hochberg)" "α = $alpha" "period 2024-01-01 – 2025-12-31"
        "sekretessgräns $(run privacy_min_count) händelser")
    case $name in # the street-segment maps say how incidents met the streets instead
    segments.pdf) wants=("Metod:" "närmaste gatusegment inom $(run segments_snap_m | sed 's/\.0$//') m"
        "Gini" "period 2024-01-01 – 2025-12-31" "sekretessgräns $(run privacy_min_count) händelser") ;;
    segments_gistar.pdf) wants=("Metod:" "Gi* på gatusegment" "FDR α = $alpha"
        "period 2024-01-01 – 2025-12-31" "sekretessgräns $(run privacy_min_count) händelser") ;;
    esac
    for want in "${wants[@]}"; do
        grep -qF -- "$want" "$tmp/flat.txt" && ok || bad "$name: method line lacks '$want'"
    done
done
[ "$n" -ge 5 ] && ok || bad "only $n PDFs read"

# title from the project without the kommun repeated; every input's source on every page
title=$(sed -n 's/^title *= *//p' "$tmp/p/hotspot.ini")
pdftotext -f 1 -l 1 "$report" - | tr '\n' ' ' | sed 's/  */ /g' >"$tmp/p1.txt"
grep -qF -- "$title" "$tmp/p1.txt" && ok || bad "report page 1 lacks the title '$title'"
grep -qF -- "$title Exempelstad" "$tmp/p1.txt" && bad "the title repeats the kommun" || ok
sources="Källa: $(sed -n 's/^source *= *//p' "$tmp/p/hotspot.ini" | paste -sd, - | sed 's/,/, /g')"
pages=$(pdfinfo "$report" | awk '/^Pages:/{print $2}')
for i in $(seq 1 "$pages"); do
    pdftotext -f "$i" -l "$i" "$report" - | grep -qF -- "$sources" && ok ||
        bad "report page $i lacks '$sources'"
done
for pdf in "$maps"/*.pdf; do
    pdftotext "$pdf" - | grep -qF -- "$sources" && ok || bad "$(basename "$pdf") lacks '$sources'"
done

# Swedish names: the report's category chart and text use label_sv, never the keys; the
# GeoPackage keeps the key in category and the name in category_label (from brottskoder.csv)
pdftotext -layout "$report" "$tmp/r.txt"
for key in hot_ofredande skadegorelse vald stold cykelstold; do
    label=$(grep -v '^#' "$tmp/p/brottskoder.csv" | awk -F';' -v k="$key" '$2==k{print $5; exit}')
    [ -n "$label" ] && ok || bad "brottskoder.csv gives no label_sv for $key"
    grep -qw -- "$key" "$tmp/r.txt" && bad "report shows the key $key" || ok
    grep -qF -- "$label" "$tmp/r.txt" && ok || bad "report lacks the name '$label' of $key"
    got=$(sqlite3 "$gpkg" "SELECT DISTINCT category_label FROM incidents WHERE category = '$key'")
    [ "$got" = "$label" ] && ok || bad "incidents.category_label of $key is '$got', not '$label'"
    got=$(sqlite3 "$gpkg" "SELECT label_sv FROM categories WHERE category = '$key'")
    [ "$got" = "$label" ] && ok || bad "categories.label_sv of $key is '$got'"
done
nolabel=$(sqlite3 "$gpkg" "SELECT count(*) FROM incidents WHERE category IS NOT NULL AND
    (category_label IS NULL OR category_label = '')")
[ "$nolabel" = 0 ] && ok || bad "$nolabel incidents without a category_label"

# focus: every map at a clean scale; the maps framed on their data at a larger scale than the
# report's overview of the whole kommun; [output] extent = kommun frames them as the overview
scale() { pdftotext "$1" - | tr '\n' ' ' | grep -o 'Skala 1:[0-9]\{1,3\}\( [0-9]\{3\}\)*' | head -1 | sed 's/^Skala 1://' | tr -dc 0-9; }
clean() { local d=$1; while [ $((d % 10)) -eq 0 ] && [ "$d" -ge 10 ]; do d=$((d / 10)); done
    case $d in 1|15|2|25|3|4|5|75) return 0;; esac; return 1; }
pdfseparate -f 2 -l 2 "$report" "$tmp/overview.pdf"
overview=$(scale "$tmp/overview.pdf")
clean "$overview" && ok || bad "the overview's scale 1:$overview is not a clean one"
for pdf in "$maps"/*.pdf; do
    s=$(scale "$pdf")
    clean "$s" && ok || bad "$(basename "$pdf"): scale 1:$s is not a clean one"
    [ -n "$s" ] && [ "$s" -lt "$overview" ] && ok ||
        bad "$(basename "$pdf"): 1:$s is not closer than the kommun overview (1:$overview)"
done
grep -q "labels in the frame left out for lack of room" "$tmp/err" && ok ||
    bad "the log does not say which labels were left out"
cp -r "$tmp/p" "$tmp/k"
sed -i 's/^\[output\]$/[output]\nextent = kommun/' "$tmp/k/hotspot.ini"
"$hs" --no-progress build "$tmp/k/hotspot.ini" >"$tmp/kout" 2>"$tmp/kerr" && ok ||
    bad "build with extent = kommun: $(tail -3 "$tmp/kerr")"
s=$(scale "$tmp/k/ut/kartor/gistar.pdf")
[ "$s" = "$overview" ] && ok || bad "extent = kommun: gistar at 1:$s, the overview at 1:$overview"
sed -i 's/^extent = kommun$/extent = 1,2,3/' "$tmp/k/hotspot.ini"
"$hs" --no-progress build "$tmp/k/hotspot.ini" >/dev/null 2>"$tmp/kerr" && bad "extent = 1,2,3 accepted" ||
    { grep -q "hotspot.ini:[0-9]*: \[output\] extent '1,2,3'" "$tmp/kerr" && ok ||
        bad "bad extent: $(tail -1 "$tmp/kerr")"; }

echo "map_texts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
