#!/bin/sh
# One online backup of a running blindmapd, then rotation: keeps the newest
# KEEP backups (default 14) in BACKUP_DIR and deletes older ones.
#
#   blindmapd-backup.sh [BACKUP_DIR] [KEEP]
#
# Run it as the broker's user (the admin socket is mode 0600). Each backup is
# BACKUP_DIR/blindmapd-<UTC time>, a RocksDB checkpoint: on the data
# directory's file system its files are hard links, so a backup costs only
# what changed since the one before; elsewhere they are copies. A backup
# holds what the data directory holds (tokens, record ids, sealed detail,
# credential hashes): keep BACKUP_DIR mode 0700 and ship it off the host
# (restic, rsync) like the data itself. Restore into a fresh data_dir with
#   blindmapd restore --config /etc/blindmapd/blindmapd.yaml BACKUP_DIR/blindmapd-<time>
# with the broker stopped.
#
# BLINDMAPD (the binary) and BLINDMAPD_CONFIG override the defaults below.
set -eu
dir="${1:-/var/backups/blindmapd}"
keep="${2:-14}"
blindmapd="${BLINDMAPD:-/usr/local/bin/blindmapd}"
config="${BLINDMAPD_CONFIG:-/etc/blindmapd/blindmapd.yaml}"
case "$keep" in
  '' | *[!0-9]*) echo "blindmapd-backup: KEEP must be a number, not $keep" >&2; exit 2 ;;
esac
if [ "$keep" -lt 1 ]; then
  echo "blindmapd-backup: KEEP must be at least 1" >&2
  exit 2
fi
umask 077
mkdir -p "$dir"
chmod 0700 "$dir"
"$blindmapd" admin --config "$config" backup "$dir"
# The names sort by time; everything after the newest KEEP goes.
ls -1d "$dir"/blindmapd-* 2>/dev/null | sort -r | tail -n +"$((keep + 1))" |
  while IFS= read -r old; do
    rm -rf -- "$old"
    echo "blindmapd-backup: removed $old"
  done
