#!/usr/bin/env bash
# P13 (issue 17, B3): build from DDL of a real schema against psql -1 -f of the same files, and against replaying the
# migrations that produced it. The set is Lemmy's (LemmyNet/lemmy, AGPL-3.0, diesel's migrations/*/up.sql), fetched
# here and never committed.
# Usage: confiture-benchmarks/scripts/real-schema-benchmark.sh [benchmark options, e.g. --warmup=1 --repetitions=5]
#   LEMMY_DIR=DIR   an existing checkout (or its migrations/ directory) instead of cloning
#   LEMMY_REF=REF   the tag or branch to clone (default 0.19.20, the 0.19 line's last release: its migrations run on
#                   PostgreSQL 15, whose pg_dump is Debian 12's; Lemmy's main needs PostgreSQL 16 since 2024-11, so it
#                   needs pg_dump 16 or newer on PATH)
#   WORK_DIR=DIR    where to clone (default ${TMPDIR:-/tmp}/confiture-real-sets)
# Needs git (unless LEMMY_DIR), a JDK, and pg_dump and psql (Debian: postgresql-client; when pg_dump is older than
# the embedded server, initdb and pg_ctl of its version too, Debian: postgresql): see README, "Performance".
set -euo pipefail
cd "$(dirname "$0")/../.."
lemmy="$(confiture-benchmarks/scripts/lemmy-set.sh)"
./mvnw -B -q package -DskipTests -pl confiture-benchmarks -am
java -jar confiture-benchmarks/target/confiture-benchmarks.jar --cases=P13 --real-set="$lemmy" "$@"
