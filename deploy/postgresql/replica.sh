#!/bin/sh
# Make this machine a streaming replica of the primary (PostgreSQL 15, Debian layout), run as root.
#   PRIMARY_HOST=10.0.0.10 sh deploy/postgresql/replica.sh
# The replicator's password comes from ~postgres/.pgpass (hostname:port:replication:replicator:PASSWORD,
# mode 600), never from this script. The existing cluster's data directory is replaced.
set -eu

PRIMARY_HOST="${PRIMARY_HOST:?set PRIMARY_HOST to the primary address}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPL_USER="${REPL_USER:-replicator}"
SLOT="${SLOT:-$(hostname -s | tr -c 'a-z0-9_\n' '_')}"
VERSION="${PG_VERSION:-15}"
CLUSTER="${PG_CLUSTER:-main}"
DATA="/var/lib/postgresql/$VERSION/$CLUSTER"

systemctl stop "postgresql@$VERSION-$CLUSTER"
rm -rf "$DATA"
install -d -o postgres -g postgres -m 700 "$DATA"
# -R writes primary_conninfo and standby.signal; -X stream copies the WAL written meanwhile;
# -C -S creates a replication slot on the primary, so it keeps WAL this replica has not received.
su postgres -c "pg_basebackup -h '$PRIMARY_HOST' -p '$PRIMARY_PORT' -U '$REPL_USER' -D '$DATA' -R -X stream -C -S '$SLOT' -P"
systemctl start "postgresql@$VERSION-$CLUSTER"

# It answers reads and says it is in recovery (a standby):
su postgres -c "psql -Atc 'select pg_is_in_recovery()'"   # t
echo "On the primary: select client_addr, state, replay_lag from pg_stat_replication;"
