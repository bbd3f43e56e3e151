#!/usr/bin/env bash
# Runs the zero-downtime analysis over two large public migration sets, fetched here and never committed:
#   Lemmy (LemmyNet/lemmy, AGPL-3.0): migrations/*/up.sql, diesel's layout
#   Ory Kratos (ory/kratos, Apache-2.0): persistence/sql/migrations/sql/*.postgres.up.sql
# Usage: confiture-benchmarks/scripts/real-migration-sets.sh [WORK_DIR]   (needs git and network access, or
# LEMMY_DIR / KRATOS_DIR pointing at existing checkouts). SAMPLE=N also prints every finding of N files per set,
# evenly spaced in name order, to check by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-${TMPDIR:-/tmp}/confiture-real-sets}"
mkdir -p "$work"
fetch() { # name url dir
  if [ ! -d "$work/$1" ]; then git clone -q --depth 1 "$2" "$work/$1"; fi
}
lemmy="${LEMMY_DIR:-}"; kratos="${KRATOS_DIR:-}"
if [ -z "$lemmy" ]; then fetch lemmy https://github.com/LemmyNet/lemmy.git; lemmy="$work/lemmy"; fi
if [ -z "$kratos" ]; then fetch kratos https://github.com/ory/kratos.git; kratos="$work/kratos"; fi
./mvnw -B -q install -DskipTests -pl confiture-benchmarks -am
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -pl confiture-benchmarks
java -cp "confiture-benchmarks/target/classes:$(cat "$work/classpath.txt")" dev.confiture.benchmarks.MigrationSetAnalysis ${SAMPLE:+--sample=$SAMPLE} \
  "lemmy=$lemmy/migrations" "kratos=$kratos/persistence/sql/migrations/sql"
