#!/usr/bin/env bash
# Benchmarks of the component (programs, not tests; see README "Performance"). Figures are ratios against a baseline
# measured in the same run, interleaved. Usage:
#   ./bench.sh upload [sizeMiB=1024] [rounds=5]        signed PUT, multipart and download vs curl, to a local sink
#   ./bench.sh memory                                  peak RSS of a 2 GiB vs a 100 MiB upload, each in -Xmx64m
#   ./bench.sh submission [submissions=2000] [rounds=5] [setups=012] [threads=8] [latencyMs=0]
#                                                      describer:text by media id vs a raw JDK HttpClient loop
#   ./bench.sh store [jobs=1000,10000] [stores=h2,sqlite]  job store size per 1,000 jobs and write latency
#   ./bench.sh writer [threads=8] [submissions=4000] [rounds=6]  the default store's submission writes alone
#   ./bench.sh tracking [name=value ...]               10,000 jobs in flight vs a get_results stub at 0 and 50 ms
#   ./bench.sh tracking stub [connections=128] [latencies=0,50]  the stub's own rate, without the engine
#   ./bench.sh backlog [--sources 1000 --queued-ms 120000 --pipelines s3 ...]  a backlog through the example
#                                                      pipelines against the sandbox (BacklogBenchmark's options)
# Extra Maven options (e.g. -Dmaven.repo.local=...) in MVN_ARGS.
set -euo pipefail
cd "$(dirname "$0")"
mod=camel-describer-component
mvn() { command mvn ${MVN_ARGS:-} "$@"; }
what=${1:-upload}; shift || true
if [ "$what" = backlog ]; then
  # the examples module on its own class path: later builds of the modules do not touch a running benchmark
  ex=camel-describer-examples
  mvn -B -q -pl $ex -am install -DskipTests
  mvn -B -q -pl $ex dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
  run=$(mktemp -d "${TMPDIR:-/tmp}/backlog-bench.XXXXXX")
  cp -r $ex/target/test-classes $ex/target/classes "$run"/
  cp=""
  for jar in $(tr ':' ' ' < $ex/target/bench.classpath); do
    case "$jar" in */io/describer/*) cp -p "$jar" "$run"/; jar="$run/$(basename "$jar")" ;; esac
    cp="$cp:$jar"
  done
  exec java -Xmx512m -cp "$run/test-classes:$run/classes$cp" \
    io.describer.examples.bench.BacklogBenchmark "$@"
fi
if [ ! -f $mod/target/bench.classpath ] || [ $mod/pom.xml -nt $mod/target/bench.classpath ]; then
  mvn -B -q -pl $mod -am install -DskipTests
  mvn -B -q -pl $mod dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
fi
mvn -B -q -o -pl $mod test-compile
cp="$mod/target/test-classes:$mod/target/classes:$(cat $mod/target/bench.classpath)"
case "$what" in
  upload) exec java -Xmx256m -cp "$cp" io.describer.camel.bench.UploadBench "$@" ;;
  submission) exec java -Xmx256m -cp "$cp" io.describer.camel.bench.SubmissionBench "$@" ;;
  store) exec java -Xmx256m -cp "$cp" io.describer.camel.bench.StoreBenchmark "$@" ;;
  writer) exec java -Xmx256m -cp "$cp" io.describer.camel.bench.StoreWriterBench "$@" ;;
  tracking)
    if [ "${1:-}" = stub ]; then shift; exec java -Xmx256m -cp "$cp" io.describer.camel.bench.StubCapacity "$@"; fi
    exec java -Xmx1g -cp "$cp" io.describer.camel.bench.TrackingBenchmark "$@" ;;
  memory)
    small=$(java -Xmx64m -cp "$cp" io.describer.camel.bench.UploadMemory 100)
    large=$(java -Xmx64m -cp "$cp" io.describer.camel.bench.UploadMemory 2048)
    echo "peak RSS, -Xmx64m: 100 MiB upload ${small} kB, 2 GiB upload ${large} kB, ratio $(awk "BEGIN{printf \"%.2f\", $large/$small}")" ;;
  *) echo "usage: $0 upload|memory|submission|store|writer|tracking|backlog [args]" >&2; exit 2 ;;
esac
