#!/usr/bin/env bash
# Reads `confiture migrate status --format json` the way a deploy pipeline would: lists the pending
# migrations (stable id, name, risk, whether an approval is still missing) and stops the deploy
# (exit 1) when a high-risk migration or a missing approval needs a person first.
#   CONFITURE="java -jar confiture-cli.jar" ./pending-report.sh
set -euo pipefail
: "${CONFITURE:=java -jar confiture-cli.jar}"

status=$($CONFITURE migrate status --format json)

echo "Database at version $(jq -r '.current // "none"' <<<"$status"), $(jq -r '.summary.pending' <<<"$status") pending"
jq -r '.pending_migrations[] | [.id, .slug, (.risk // "unknown"), .approval] | @tsv' <<<"$status" |
  while IFS=$'\t' read -r id slug risk approval; do
    printf '  %s  %-45s risk=%-7s approval=%s\n' "$id" "$slug" "$risk" "$approval"
  done

problems=$(jq '[.problems[] | select(.severity == "error")] | length' <<<"$status")
high=$(jq '[.pending_migrations[] | select(.risk == "high")] | length' <<<"$status")
unapproved=$(jq '[.pending_migrations[] | select(.approval == "required")] | length' <<<"$status")

if (( problems > 0 )); then
  jq -r '.problems[] | select(.severity == "error") | "problem \(.code) \(.version // ""): \(.message)"' <<<"$status"
  exit 1
fi
if (( high > 0 || unapproved > 0 )); then
  echo "Stop: $high high-risk and $unapproved unapproved pending migration(s) need a person first"
  exit 1
fi
echo "OK to migrate"
