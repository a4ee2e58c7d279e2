#!/usr/bin/env bash
# Fuzzes NeuralNet's file readers with AFL++ through SharpFuzz, for a given time per target, and reports what it found.
#
#   tests/NeuralNet.Fuzz/run.sh TARGET SECONDS
#
# TARGET is idx-images, idx-labels, csv, model, checkpoint, or all (one after the other, SECONDS each).
# Installs what is missing: afl++ (Debian's package) and the SharpFuzz.CommandLine 2.3.0 instrumenter (a dotnet tool,
# into artifacts/fuzz/tools). Builds the harness, instruments a copy of NeuralNet.dll in artifacts/fuzz/harness/, writes
# each target's seed corpus (small valid files the library writes) to artifacts/fuzz/corpus/TARGET, and runs afl-fuzz on
# one core with a 5 s limit per input and the harness's memory capped at 1 GiB (DOTNET_GCHeapHardLimit).
#
# Findings are kept in artifacts/fuzz/findings/TARGET/default/{crashes,hangs} (a new run of a target replaces them);
# this script replays each crash at the end. To replay one by hand, with the exception and its stack:
#   dotnet tests/NeuralNet.Fuzz/bin/Release/net10.0/NeuralNet.Fuzz.dll replay TARGET FILE
# The last line is the summary: executions, crashes and hangs over all targets run.
# Exit status: 0 when nothing was found, 1 when a crash or a hang was, 2 for bad arguments or a fuzzer that did not run.
set -euo pipefail

targets=(idx-images idx-labels csv model checkpoint)
usage() {
  echo "usage: $0 TARGET SECONDS   (TARGET: ${targets[*]} or all)" >&2
  exit 2
}
[[ $# -eq 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || usage
if [[ "$1" == all ]]; then
  chosen=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $1 "* ]]; then
  chosen=("$1")
else
  usage
fi
seconds="$2"

root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${NEURALNET_FUZZ_WORK:-$root/artifacts/fuzz}"
project="$root/tests/NeuralNet.Fuzz/NeuralNet.Fuzz.csproj"
plain="$root/tests/NeuralNet.Fuzz/bin/Release/net10.0"
mkdir -p "$work"

if ! command -v afl-fuzz >/dev/null; then
  echo "Installing afl++"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi

sharpfuzz="$work/tools/sharpfuzz"
if [[ ! -x "$sharpfuzz" ]]; then
  echo "Installing SharpFuzz.CommandLine 2.3.0"
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
fi

# The plain build writes the seeds and replays findings; a copy with NeuralNet.dll instrumented runs under afl-fuzz
# (one copy per TARGET argument, so that runs of different targets can go on side by side).
dotnet build -c Release "$project" -v quiet -nologo >/dev/null
harness="$work/harness/$1"
rm -rf "$harness"
mkdir -p "$work/harness"
cp -r "$plain" "$harness"
"$sharpfuzz" "$harness/NeuralNet.dll" >/dev/null

# AFL++ expects a native binary and a configured machine: dotnet is neither, and a shared machine or a container
# cannot have its core pattern or CPU governor changed. The fork server starts slowly (a .NET process).
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
export AFL_FORKSRV_INIT_TMOUT=60000 AFL_MAP_SIZE=65536
total_execs=0 total_crashes=0 total_hangs=0 failed=0
for target in "${chosen[@]}"; do
  corpus="$work/corpus/$target"
  findings="$work/findings/$target"
  rm -rf "$corpus" "$findings"
  mkdir -p "$work/findings"
  dotnet "$plain/NeuralNet.Fuzz.dll" seed "$work/corpus" "$target" >/dev/null
  log="$work/afl-$target.log"
  echo "Fuzzing $target for ${seconds} s (log: $log)"
  status=0
  DOTNET_GCHeapHardLimit=0x40000000 afl-fuzz -i "$corpus" -o "$findings" -t 5000 -m none -V "$seconds" \
    -- dotnet "$harness/NeuralNet.Fuzz.dll" fuzz "$target" >"$log" 2>&1 || status=$?
  stats="$findings/default/fuzzer_stats"
  if [[ ! -f "$stats" ]]; then
    echo "afl-fuzz did not run $target (exit $status); the end of its log:" >&2
    tail -n 20 "$log" >&2
    failed=1
    continue
  fi

  stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  execs=$(stat execs_done)
  crashes=$(stat saved_crashes)
  hangs=$(stat saved_hangs)
  echo "fuzz $target: $execs executions in $(stat run_time) s ($(stat execs_per_sec)/s), $(stat corpus_count) inputs in the queue, coverage $(stat bitmap_cvg), $crashes crashes, $hangs hangs"
  total_execs=$((total_execs + execs))
  total_crashes=$((total_crashes + crashes))
  total_hangs=$((total_hangs + hangs))
  for kind in crashes hangs; do
    if compgen -G "$findings/default/$kind/id:*" >/dev/null; then
      echo "  $kind of $target (replayed without instrumentation):"
      dotnet "$plain/NeuralNet.Fuzz.dll" replay "$target" "$findings/default/$kind" | sed 's/^/    /' || true
    fi
  done
done

echo "fuzz: ${#chosen[@]} targets, $total_execs executions, $total_crashes crashes, $total_hangs hangs"
if ((failed)); then
  exit 2
fi
((total_crashes + total_hangs == 0))
