#!/usr/bin/env bash
# Times waymark and Hugo on the very same journey files, in one run.
#
#   benches/compare-hugo.sh [N]          # N journeys, default 10000
#   RUNS=5 benches/compare-hugo.sh 1000  # more runs per measurement
#   FEEDBACK_ROWS=1000000 benches/compare-hugo.sh 1000  # with customer feedback
#
# Generates a portfolio of N journeys (7 stages each, about 100 metric rows per journey)
# with the `portfolio` example, gives Hugo the same journeys/*.md with a template that
# walks the stages, and times each tool with /usr/bin/time into an empty output folder,
# in RUNS rounds (default 3) that each run every measurement once. Prints the median
# wall time and peak memory of each, the ratios, waymark on one thread, `waymark check`,
# and a rebuild over the previous output. Needs hugo (Debian: apt-get install hugo) and
# GNU time.
set -euo pipefail

N=${1:-10000}
RUNS=${RUNS:-3}
WORK=${WORK:-${TMPDIR:-/tmp}/waymark-vs-hugo-$N}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

command -v hugo >/dev/null || { echo "hugo not found: apt-get install hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time not found: apt-get install time" >&2; exit 2; }

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin waymark --example portfolio
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WAYMARK="$TARGET/release/waymark"
PORTFOLIO="$TARGET/release/examples/portfolio"

if [ -e "$WORK" ]; then
  rm -rf "$WORK"
  sleep 30 # see set_aside below
fi
mkdir -p "$WORK"
"$PORTFOLIO" --journeys "$N" ${FEEDBACK_ROWS:+--feedback-rows "$FEEDBACK_ROWS"} --out "$WORK/site" >/dev/null

# The Hugo site: the same journey files (hard links), a template that walks the stages
# and their lanes, and nothing else to build (no taxonomies, feeds or sitemap).
mkdir -p "$WORK/hugo/content/journeys" "$WORK/hugo/layouts/_default"
cp -l "$WORK"/site/journeys/*.md "$WORK/hugo/content/journeys/"
cat >"$WORK/hugo/hugo.toml" <<'EOF'
baseURL = "https://example.com/"
title = "Journeys"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF
cat >"$WORK/hugo/layouts/_default/single.html" <<'EOF'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<h1>{{ .Title }}</h1><p>{{ .Params.persona }} · {{ .Params.kind }} · {{ .Params.owner }}</p>
<table><tr>{{ range .Params.stages }}<th>{{ .name }}</th>{{ end }}</tr>
<tr>{{ range .Params.stages }}<td>{{ .goal }}<ul>{{ range .actions }}<li>{{ . }}</li>{{ end }}</ul></td>{{ end }}</tr>
<tr>{{ range .Params.stages }}<td>{{ .emotion }}</td>{{ end }}</tr>
<tr>{{ range .Params.stages }}<td><ul>{{ range .touchpoints }}<li>{{ .name }} ({{ .channel }})</li>{{ end }}</ul></td>{{ end }}</tr>
<tr>{{ range .Params.stages }}<td><ul>{{ range .pain_points }}<li>{{ .severity }}: {{ .text }}</li>{{ end }}</ul></td>{{ end }}</tr>
<tr>{{ range .Params.stages }}<td><ul>{{ range .opportunities }}<li>{{ .text }} ({{ .impact }}/{{ .effort }})</li>{{ end }}</ul></td>{{ end }}</tr>
</table>{{ .Content }}</body></html>
EOF
cat >"$WORK/hugo/layouts/_default/list.html" <<'EOF'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
EOF

# Moves $OUT out of the way, to delete after the runs: on ext4 without a journal (as in
# some CI virtual machines) inodes freed in the last 30 s are skipped one by one when new
# files are made, so a run right after deleting the previous run's output pays for the
# deletion, in proportion to how many files each tool writes.
TRASH="$WORK/trash"
mkdir -p "$TRASH"
set_aside() {
  if [ -e "$OUT" ]; then mv "$OUT" "$(mktemp -d "$TRASH/out.XXXXXX")/"; fi
}

# Runs "$@" once into an empty $OUT; prints "seconds KB".
time_once() {
  set_aside
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >/dev/null 2>&1
  tail -1 "$WORK/time.txt"
}

# The median of the numbers on standard input.
median() {
  sort -g | sed -n "$(((RUNS + 1) / 2))p"
}

# The input just written is still going out to disk: whatever ran first would pay for it.
sync

# Each round runs every measurement once, in turn, so that a machine whose speed drifts
# (a shared virtual machine) slows them alike rather than whichever ran last.
: >"$WORK/runs.txt"
for _ in $(seq "$RUNS"); do
  OUT="$WORK/waymark-out"
  echo "build $(time_once "$WAYMARK" build "$WORK/site" -o "$OUT" --quiet)" >>"$WORK/runs.txt"
  echo "build1 $(RAYON_NUM_THREADS=1 time_once "$WAYMARK" build "$WORK/site" -o "$OUT" --quiet)" >>"$WORK/runs.txt"
  # A rebuild writes over the output of the build before it.
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$WAYMARK" build "$WORK/site" -o "$OUT" --quiet >/dev/null 2>&1
  echo "rebuild $(tail -1 "$WORK/time.txt")" >>"$WORK/runs.txt"
  OUT="$WORK/unused"
  echo "check $(time_once "$WAYMARK" check "$WORK/site")" >>"$WORK/runs.txt"
  OUT="$WORK/hugo-out"
  echo "hugo $(time_once hugo --source "$WORK/hugo" --destination "$OUT" --quiet)" >>"$WORK/runs.txt"
done
# The median time and the median peak memory of the runs named $1.
medians() {
  printf '%s %s\n' \
    "$(awk -v m="$1" '$1 == m { print $2 }' "$WORK/runs.txt" | median)" \
    "$(awk -v m="$1" '$1 == m { print $3 }' "$WORK/runs.txt" | median)"
}
read -r w_time w_mem < <(medians build)
read -r w1_time w1_mem < <(medians build1)
read -r w_rebuild _ < <(medians rebuild)
read -r c_time c_mem < <(medians check)
read -r h_time h_mem < <(medians hugo)

echo "N=$N journeys, $(nproc) cores, medians of $RUNS runs ($(hugo version | cut -d' ' -f2))"
printf '%-34s %9s %11s\n' "" "wall (s)" "peak (MB)"
printf '%-34s %9s %11d\n' "waymark build" "$w_time" $((w_mem / 1024))
printf '%-34s %9s %11d\n' "waymark build, 1 thread" "$w1_time" $((w1_mem / 1024))
printf '%-34s %9s %11s\n' "waymark rebuild over its output" "$w_rebuild" "-"
printf '%-34s %9s %11d\n' "waymark check" "$c_time" $((c_mem / 1024))
printf '%-34s %9s %11d\n' "hugo" "$h_time" $((h_mem / 1024))
awk -v w="$w_time" -v w1="$w1_time" -v h="$h_time" -v wm="$w_mem" -v hm="$h_mem" 'BEGIN {
  printf "hugo time / waymark time:     %.2fx\n", h / w
  printf "waymark memory / hugo memory: %.2f\n", wm / hm
  printf "1 thread / 2 threads:         %.2fx\n", w1 / w
}'
rm -rf "$TRASH"
