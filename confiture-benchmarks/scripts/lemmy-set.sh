#!/usr/bin/env bash
# Prints the directory of Lemmy's migration set for P13 (LemmyNet/lemmy, AGPL-3.0, never committed), cloning it first
# when needed. LEMMY_DIR=DIR names an existing checkout; LEMMY_REF=REF the tag to clone (default 0.19.20, the 0.19 line's
# last release: its migrations run on PostgreSQL 15, whose pg_dump is Debian 12's; Lemmy's main needs PostgreSQL 16
# since 2024-11); WORK_DIR=DIR where to clone (default ${TMPDIR:-/tmp}/confiture-real-sets).
set -euo pipefail
if [ -n "${LEMMY_DIR:-}" ]; then echo "$LEMMY_DIR"; exit 0; fi
work="${WORK_DIR:-${TMPDIR:-/tmp}/confiture-real-sets}"
lemmy="$work/lemmy-${LEMMY_REF:-0.19.20}"
if [ ! -d "$lemmy" ]; then
  mkdir -p "$work"
  git clone -q --depth 1 --branch "${LEMMY_REF:-0.19.20}" https://github.com/LemmyNet/lemmy.git "$lemmy"
fi
echo "$lemmy"
