#!/usr/bin/env bash
# Fuzzes Braid's parsers with Jazzer, one target after another, and prints a summary.
#
#   scripts/fuzz.sh [-m MINUTES] [TARGET ...]
#
# TARGET is a fuzz test class (LineParserFuzzTest) or one method (LineParserFuzzTest#method);
# without targets, every @FuzzTest in fuzz/src/test/java is fuzzed. Each runs MINUTES minutes
# (default 10). What the fuzzer finds is written by Jazzer into the target's committed corpus
# (fuzz/src/test/resources/dev/braid/fuzz/<Class>Inputs/<method>/crash-*), so `./mvnw verify`
# replays it from then on; the inputs it found interesting are copied there too (corpus-*).
# Logs: fuzz/target/fuzz-logs/. Exit status: 0 when no target found anything, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=10
if [[ "${1:-}" == "-m" ]]; then
  minutes="$2"
  shift 2
fi
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

src=fuzz/src/test/java/dev/braid/fuzz
resources=fuzz/src/test/resources/dev/braid/fuzz
targets=()
expand() { # Class -> Class#method for each @FuzzTest method in it
  local class="$1"
  [[ -f "$src/$class.java" ]] || { echo "fuzz.sh: no fuzz test class $class in $src" >&2; exit 2; }
  awk '/@FuzzTest/ {want=1; next} want && /void [a-zA-Z0-9_]+\(/ {
         match($0, /void [a-zA-Z0-9_]+\(/); print substr($0, RSTART+5, RLENGTH-6); want=0 }' \
    "$src/$class.java" | sed "s/^/$class#/"
}
if [[ $# -eq 0 ]]; then
  for file in "$src"/*FuzzTest.java; do
    while read -r t; do targets+=("$t"); done < <(expand "$(basename "$file" .java)")
  done
else
  for arg in "$@"; do
    if [[ "$arg" == *"#"* ]]; then targets+=("$arg"); else
      while read -r t; do targets+=("$t"); done < <(expand "$arg")
    fi
  done
fi

mkdir -p fuzz/target/fuzz-logs
echo "fuzzing ${#targets[@]} target(s), $minutes minute(s) each"
./mvnw -q -pl fuzz -am test-compile -DskipTests >/dev/null
summary=()
status=0
for target in "${targets[@]}"; do
  class="${target%%#*}"
  method="${target##*#}"
  log="fuzz/target/fuzz-logs/$class-$method.log"
  echo "== $target"
  if JAZZER_FUZZ=1 ./mvnw -q -o -pl fuzz -am test -DskipITs \
      -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.max_duration="${minutes}m" >"$log" 2>&1; then
    result="no findings"
  else
    result="FINDING (see $log)"
    status=1
  fi
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  runs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/' <<<"$done_line")
  secs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/' <<<"$done_line")
  corpus="fuzz/.cifuzz-corpus/dev.braid.fuzz.$class/$method"
  kept=0
  if [[ -d "$corpus" ]]; then
    mkdir -p "$resources/${class}Inputs/$method"
    for f in "$corpus"/*; do
      [[ -f "$f" ]] || continue
      cp "$f" "$resources/${class}Inputs/$method/corpus-$(basename "$f")"
      kept=$((kept + 1))
    done
  fi
  summary+=("$(printf '%-70s %6ss %12s runs  corpus %4s  %s' "$target" "${secs:-?}" "${runs:-?}" "$kept" "$result")")
done
echo
printf '%s\n' "${summary[@]}"
exit $status
