#!/usr/bin/env bash
# loa-nightly.sh — export tomorrow's bulletins for every ward, then keep only
# the last KEEP_DAYS day folders. Run by cron (cron/loa-export.cron) or by
# systemd (systemd/loa-export.{service,timer}).
#
# Settings (environment):
#   LOA_EXPORT_DIR  export folder (required), e.g. /srv/loa/xuat
#   LOA_CONFIG      loa's configuration file (default: loa's own search)
#   LOA_BIN         the loa program (default: loa from PATH)
#   KEEP_DAYS       day folders older than this many days before today are
#                   removed (default 14; 0 keeps everything)
#   LOA_LOG         append messages to this file too (default: none)
#   LOA_TZ          time zone of "today" for pruning (default Asia/Ho_Chi_Minh,
#                   the station's; loa itself uses station.time_zone)
#   LOA_EXPORT_ARGS more arguments for loa export, e.g. "--formats mp3,wav"
#
# Exit code: loa export's (0 done, 3 some bulletins failed, 4 another export
# holds the folder, 130 interrupted, 1 or 2 errors).
set -uo pipefail

: "${LOA_EXPORT_DIR:?set LOA_EXPORT_DIR to the export folder}"
LOA_BIN=${LOA_BIN:-loa}
KEEP_DAYS=${KEEP_DAYS:-14}
LOA_TZ=${LOA_TZ:-Asia/Ho_Chi_Minh}

if [ -n "${LOA_LOG:-}" ]; then
  mkdir -p "$(dirname "$LOA_LOG")"
  exec > >(tee -a "$LOA_LOG") 2>&1
fi
log() { printf '%s loa-nightly[%d]: %s\n' "$(TZ=$LOA_TZ date '+%F %T')" "$$" "$*"; }

case $KEEP_DAYS in ''|*[!0-9]*) log "KEEP_DAYS must be a number of days, not '$KEEP_DAYS'"; exit 2 ;; esac
mkdir -p "$LOA_EXPORT_DIR" || exit 1

# Prune first, under the export's own lock (flock on the same file), so the
# export that follows drops the pruned days from manifest.json.
if [ "$KEEP_DAYS" -gt 0 ]; then
  cutoff=$(TZ=$LOA_TZ date -d "-$KEEP_DAYS days" +%F)
  prune() {
    for d in "$LOA_EXPORT_DIR"/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]; do
      [ -d "$d" ] || continue
      name=$(basename "$d")
      if [[ "$name" < "$cutoff" ]]; then
        rm -rf -- "$d" && log "removed $name (older than $KEEP_DAYS days)"
      fi
    done
  }
  if command -v flock >/dev/null; then
    exec 9>>"$LOA_EXPORT_DIR/.loa-export.lock"
    if flock -w 3600 9; then prune; else log "export folder busy for an hour: not pruning"; fi
    exec 9>&-
  else
    prune
  fi
fi

args=(export --from tomorrow --to tomorrow --out "$LOA_EXPORT_DIR" --quiet --wait)
[ -n "${LOA_CONFIG:-}" ] && args=(--config "$LOA_CONFIG" "${args[@]}")
# shellcheck disable=SC2206 # word splitting of LOA_EXPORT_ARGS is intended
[ -n "${LOA_EXPORT_ARGS:-}" ] && args+=($LOA_EXPORT_ARGS)
log "start: $LOA_BIN ${args[*]}"
start=$(date +%s)
"$LOA_BIN" "${args[@]}"
code=$?
log "end: exit $code after $(( $(date +%s) - start )) s"
exit $code
