#!/usr/bin/env bash
# The drain load test: packages the guardian, then loads it and a no-op endpoint on the same stack in turn with wrk
# (Debian's wrk: apt-get install -y wrk) and prints lines/s, their ratio, latencies, RSS and R14-to-restart times.
# Exits non-zero when a goal is missed. Options are passed to the JVM of the load test, e.g. a short run:
#   bench/drain-load.sh -Dload.seconds=5 -Dload.warmup=2 -Dload.rounds=1 -Dload.batches=100 -Dload.formations=20
# Profile the guardian with -Dload.guardian.java-opts=-XX:StartFlightRecording=filename=target/load/guardian.jfr
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/load-classpath.txt
exec java -cp "target/test-classes:$(cat target/load-classpath.txt)" "$@" dev.dynoguardian.bench.DrainLoad
