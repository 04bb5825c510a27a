#!/usr/bin/env bash
# Benchmarks of the component (programs, not tests; see README "Performance"). Figures are ratios against a baseline
# measured in the same run, interleaved. Usage:
#   ./bench.sh upload [sizeMiB=1024] [rounds=5]        signed PUT, multipart and download vs curl, to a local sink
#   ./bench.sh memory                                  peak RSS of a 2 GiB vs a 100 MiB upload, each in -Xmx64m
#   ./bench.sh submission [submissions=2000] [rounds=5]  describer:text by media id vs a raw JDK HttpClient loop
#   ./bench.sh store [jobs=1000,10000] [stores=h2,sqlite]  job store size per 1,000 jobs and write latency
#   ./bench.sh tracking [name=value ...]               10,000 jobs in flight vs a get_results stub at 0 and 50 ms
#   ./bench.sh tracking stub [connections=128] [latencies=0,50]  the stub's own rate, without the engine
# MVN_REPO=dir uses that local Maven repository.
set -euo pipefail
cd "$(dirname "$0")"
mod=camel-describer-component
mvn() { command mvn ${MVN_REPO:+-Dmaven.repo.local=$MVN_REPO} "$@"; }
if [ ! -f $mod/target/bench.classpath ] || [ $mod/pom.xml -nt $mod/target/bench.classpath ]; then
  mvn -B -q -pl $mod -am install -DskipTests
  mvn -B -q -pl $mod dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
fi
mvn -B -q -o -pl $mod test-compile
cp="$mod/target/test-classes:$mod/target/classes:$(cat $mod/target/bench.classpath)"
what=${1:-upload}; shift || true
case "$what" in
  upload) exec java -Xmx256m -cp "$cp" io.describer.camel.bench.UploadBench "$@" ;;
  submission) exec java -Xmx256m -cp "$cp" io.describer.camel.bench.SubmissionBench "$@" ;;
  store) exec java -Xmx256m -cp "$cp" io.describer.camel.bench.StoreBenchmark "$@" ;;
  tracking)
    if [ "${1:-}" = stub ]; then shift; exec java -Xmx256m -cp "$cp" io.describer.camel.bench.StubCapacity "$@"; fi
    exec java -Xmx1g -cp "$cp" io.describer.camel.bench.TrackingBenchmark "$@" ;;
  memory)
    small=$(java -Xmx64m -cp "$cp" io.describer.camel.bench.UploadMemory 100)
    large=$(java -Xmx64m -cp "$cp" io.describer.camel.bench.UploadMemory 2048)
    echo "peak RSS, -Xmx64m: 100 MiB upload ${small} kB, 2 GiB upload ${large} kB, ratio $(awk "BEGIN{printf \"%.2f\", $large/$small}")" ;;
  *) echo "usage: $0 upload|memory|submission|store|tracking [args]" >&2; exit 2 ;;
esac
