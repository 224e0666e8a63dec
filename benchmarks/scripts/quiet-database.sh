# Sourced by the load scripts: waits until a CertAtlas database is quiet before a run is measured.
# A server's first minutes on a copied inventory write and read the whole of it (renewal ledger,
# first alert pass, first metrics reading), and any committed write starts a new generation of
# cached pages; measuring then measures the start, not the API.
#
# wait_for_quiet_database PORT PASSWORD: returns once, for 15 s, the snapshot has not moved and no
# other session has run a statement, or after QUIET_WAIT (600) s; sets QUIET_WAITED to the seconds
# waited. Loopback only; user and database certatlas.
wait_for_quiet_database() {
  local port=$1 password=$2 since=$SECONDS last now
  QUIET_WAITED=0
  last=$(database_activity "$port" "$password")
  while [ $(( SECONDS - since )) -lt 15 ] && [ "$QUIET_WAITED" -lt "${QUIET_WAIT:-600}" ]; do
    sleep 1; QUIET_WAITED=$(( QUIET_WAITED + 1 )); now=$(database_activity "$port" "$password")
    if [ "$now" != "$last" ] || [ "${now##*|}" != 0 ]; then last=$now; since=$SECONDS; fi
  done
}

# The snapshot, and how many other sessions are running a statement ("unknown" when unreachable).
database_activity() {
  PGPASSWORD="$2" psql -h 127.0.0.1 -p "$1" -U certatlas -d certatlas -Atc "SELECT pg_current_snapshot(),
      (SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid())" \
      2>/dev/null || echo unknown
}
