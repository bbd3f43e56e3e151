#!/usr/bin/env bash
# Every benchmark case of issue 17 (B1-B6) and the earlier ones, in one run, on the embedded PostgreSQL with its durable
# defaults; writes confiture-benchmarks/results/<date>[-quick].json and the README's performance table from it.
# Usage: confiture-benchmarks/scripts/run.sh [--quick] [more benchmark options]
#   --quick        smaller sizes and fewer rounds, under 5 minutes on 2 cores (its table goes into the README too)
#   LEMMY_DIR=DIR  an existing Lemmy checkout for P13 instead of cloning (see real-schema-benchmark.sh: LEMMY_REF,
#                  WORK_DIR); NO_REAL_SET=1 runs without it (P13 records itself as skipped)
# Needs a JDK, git (unless LEMMY_DIR), psql and pg_dump (Debian: postgresql-client; P9, P12 and P13 compare with
# psql; P13 replays and dumps the real set with PostgreSQL 15's binaries when pg_dump is older than the server).
set -euo pipefail
cd "$(dirname "$0")/../.."
suffix=""
for arg in "$@"; do [ "$arg" = "--quick" ] && suffix="-quick"; done
args=("$@")
if [ -z "${NO_REAL_SET:-}" ]; then
  lemmy="$(confiture-benchmarks/scripts/lemmy-set.sh)"
  args+=("--real-set=$lemmy")
fi
./mvnw -B -q package -DskipTests -pl confiture-benchmarks -am
output="confiture-benchmarks/results/$(date -u +%F)$suffix.json"
# Run from the extracted jar (plain jars, the layout Spring Boot recommends for production): the fresh JVMs of P8-P12
# inherit its class path, and load classes as a CLI's shaded jar or lib/*.jar does, not through the nested-jar launcher
# (which adds about 200 ms to every start of every contender).
rm -rf confiture-benchmarks/target/extracted
java -Djarmode=tools -jar confiture-benchmarks/target/confiture-benchmarks.jar extract --destination \
  confiture-benchmarks/target/extracted >/dev/null
java -jar confiture-benchmarks/target/extracted/confiture-benchmarks.jar "${args[@]}" --output="$output" --readme=README.md
