#!/usr/bin/env bash
# What #[derive(CookieRegistry)] costs at compile time, against strum's derives.
#
#   1. Incremental release rebuild of a 1,000-cookie enum (touch lib.rs, rebuild; RUNS runs,
#      median): no derive (the baseline), #[derive(CookieRegistry)], and strum's
#      EnumString + AsRefStr + EnumIter. A derive's added time is its median minus the baseline's.
#   2. Clean release build (CLEAN_RUNS runs, median) of a minimal user crate of each derive, and
#      of nothing but each derive crate (cookie-registry-derive against strum_macros).
#   3. The size of each 1,000-cookie crate's .rlib, and of its macro-expanded source (through
#      -Zunpretty=expanded, which needs RUSTC_BOOTSTRAP=1 on a stable toolchain).
#
# The scratch crates are generated under $CARGO_TARGET_DIR (default: target/) in compile-cost/,
# never in the repository. Usage: benches/compile-cost.sh   (RUNS=5 CLEAN_RUNS=3 by default)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
scratch="$target/compile-cost"
runs="${RUNS:-5}"
clean_runs="${CLEAN_RUNS:-3}"
unset CARGO_TARGET_DIR # each scratch build below picks its own

rm -rf "$scratch"
mkdir -p "$scratch"
rustc --edition 2024 -O -o "$scratch/gen" "$repo/benches/gen/crates.rs"
"$scratch/gen" "$scratch/ws" "$repo"
cd "$scratch/ws"

# The median of the numbers on standard input.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Seconds, to the millisecond, that "$@" takes; its output goes to $scratch/log.
seconds() {
    local start end
    start=$(date +%s%N)
    "$@" >>"$scratch/log" 2>&1
    end=$(date +%s%N)
    awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(rustc --version)"
echo

echo "== incremental release rebuild of the 1,000-cookie enum: touch src/lib.rs, rebuild ($runs runs)"
export CARGO_TARGET_DIR="$scratch/incremental"
declare -A rebuild
for crate in enum_plain enum_registry enum_strum; do
    # Dependencies first, built for this crate alone (features are unified over the packages
    # of one build, so a joint build would not leave them as a lone rebuild wants them).
    cargo build --release -p "$crate" >>"$scratch/log" 2>&1
    times=()
    for _ in $(seq "$runs"); do
        touch "$crate/src/lib.rs"
        times+=("$(seconds cargo build --release -p "$crate")")
    done
    rebuild[$crate]=$(printf '%s\n' "${times[@]}" | median)
    printf '%-13s median %6.3f s   runs: %s\n' "$crate" "${rebuild[$crate]}" "${times[*]}"
done
awk -v p="${rebuild[enum_plain]}" -v r="${rebuild[enum_registry]}" -v s="${rebuild[enum_strum]}" 'BEGIN {
    printf "added by the derive: CookieRegistry %.3f s, strum %.3f s; CookieRegistry / strum = %.2f\n",
        r - p, s - p, (s - p > 0) ? (r - p) / (s - p) : 0 }'
for crate in enum_plain enum_registry enum_strum; do
    rlib="$CARGO_TARGET_DIR/release/lib$crate.rlib"
    printf '%-13s .rlib %8d bytes\n' "$crate" "$(stat -c %s "$rlib")"
done
unset CARGO_TARGET_DIR
echo

echo "== clean release build ($clean_runs runs each)"
for crate in derive_registry derive_strum min_registry min_strum; do
    times=()
    for _ in $(seq "$clean_runs"); do
        rm -rf "$scratch/clean"
        times+=("$(CARGO_TARGET_DIR="$scratch/clean" seconds cargo build --release -p "$crate")")
    done
    printf '%-16s median %6.2f s   runs: %s\n' "$crate" "$(printf '%s\n' "${times[@]}" | median)" "${times[*]}"
done
rm -rf "$scratch/clean"
echo

echo "== macro-expanded source of the 1,000-cookie enum (bytes)"
export CARGO_TARGET_DIR="$scratch/incremental"
for crate in enum_plain enum_registry enum_strum; do
    bytes=$(RUSTC_BOOTSTRAP=1 cargo rustc --release -q -p "$crate" -- -Zunpretty=expanded 2>/dev/null | wc -c)
    printf '%-13s %8d\n' "$crate" "$bytes"
done
