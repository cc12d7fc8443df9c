#!/usr/bin/env bash
# bench-export.sh — how fast is `loa export`?
#
# Exports WARDS wards × DAYS days of the example station (default 8 × 30)
# three ways and prints the times:
#   1. loa export, first run (cold render cache);
#   2. loa export again with nothing changed (should render nothing, ≤ 1 s);
#   3. a naive shell script making the same bulletins with one ffmpeg per
#      bulletin (the same clips concatenated with the same gaps, resampled,
#      encoded with libmp3lame at the same bitrate; no loudness work).
# The example library has a recording for one notice only, so the others
# are first recorded with espeak-ng (into a temporary copy, like
# make-sample-audio.sh does), and both ways use the same clips.
#
# Usage: scripts/bench-export.sh            (8 wards × 30 days: long)
#        WARDS=2 DAYS=5 scripts/bench-export.sh
#        JOBS=4 FROM=2024-07-08 KEEP=1 scripts/bench-export.sh
# Needs: go, espeak-ng, ffmpeg, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

WARDS=${WARDS:-8}
DAYS=${DAYS:-30}
FROM=${FROM:-2024-07-08}
JOBS=${JOBS:-}

for tool in go espeak-ng ffmpeg python3; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done

work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "work folder: $work"; fi
go build -o "$work/loa" ./cmd/loa
cp -r config.yaml notices audio "$work/"
cd "$work"
export LOA_CACHE_DIR="$work/cache"
loa() { "$work/loa" --config config.yaml "$@"; }
TO=$(python3 -c "import datetime,sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=int(sys.argv[2])-1))" "$FROM" "$DAYS")
wards=$(python3 - <<'PY'
import re
text = open("config.yaml", encoding="utf-8").read().split("\nwards:\n", 1)[1]
print(" ".join(re.findall(r"^\s*- id: ([a-z0-9-]+)\s*$", text, re.M)))
PY
)
ward_args=()
n=0
for w in $wards; do
  [ "$n" -lt "$WARDS" ] || break
  ward_args+=(--ward "$w"); n=$((n + 1))
done

# Record every notice that has no clip, from its spoken form.
echo "recording stand-in clips for the notices without one…" >&2
for f in notices/*.md; do
  id=$(basename "$f" .md)
  ls audio/notices/"$id".* >/dev/null 2>&1 && continue
  loa script --ward duc-xuan --date "$FROM" --format json "$id" 2>/dev/null |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(next(s["spoken"] for s in d["segments"] if s["kind"]=="notice"))' > spoken.txt
  espeak-ng -v vi -s 175 -w s.wav -f spoken.txt
  ffmpeg -nostdin -v error -y -i s.wav -ar 44100 -ac 1 -c:a libmp3lame -b:a 64k "audio/notices/$id.mp3"
done
rm -f s.wav spoken.txt

now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

jobs_arg=()
[ -n "$JOBS" ] && jobs_arg=(--jobs "$JOBS")
echo "loa export, first run: $WARDS wards × $DAYS days ($FROM to $TO)…" >&2
t0=$(now)
loa export --from "$FROM" --to "$TO" "${ward_args[@]}" "${jobs_arg[@]}" --out out --quiet --json > first.jsonl
t1=$(now)
loa export --from "$FROM" --to "$TO" "${ward_args[@]}" "${jobs_arg[@]}" --out out --quiet --json > second.jsonl
t2=$(now)
bulletins=$(grep -c '"type":"item"' first.jsonl || true)
tail -n 1 first.jsonl >&2
tail -n 1 second.jsonl >&2

# The naive way: one ffmpeg per bulletin, from the clip list of each
# exported script, run one after the other.
python3 - > naive.sh <<'PY'
import glob, json, shlex, os
gap = 1.0
print("set -e")
for path in sorted(glob.glob("out/*/*/*.json")):
    doc = json.load(open(path, encoding="utf-8"))
    segs = [s for s in doc["segments"] if s["clip"]]
    if not segs:
        continue
    out = "naive/" + path[len("out/"):-len(".json")] + ".mp3"
    args = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    for s in segs:
        args += ["-i", s["clip"]]
    filt, labels = [], []
    for i, _ in enumerate(segs):
        filt.append(f"[{i}:a]aresample=44100,aformat=sample_fmts=fltp:channel_layouts=mono[a{i}]")
        labels.append(f"[a{i}]")
        if i < len(segs) - 1:
            filt.append(f"anullsrc=r=44100:cl=mono,atrim=duration={gap}[g{i}]")
            labels.append(f"[g{i}]")
    filt.append("".join(labels) + f"concat=n={len(labels)}:v=0:a=1[out]")
    args += ["-filter_complex", ";".join(filt), "-map", "[out]", "-c:a", "libmp3lame", "-b:a", "64k", out]
    print("mkdir -p " + shlex.quote(os.path.dirname(out)))
    print(" ".join(shlex.quote(a) for a in args))
PY
echo "naive ffmpeg script: $bulletins bulletins…" >&2
t3=$(now)
bash naive.sh
t4=$(now)

first=$(secs "$t0" "$t1"); again=$(secs "$t1" "$t2"); naive=$(secs "$t3" "$t4")
python3 - "$WARDS" "$DAYS" "$bulletins" "$first" "$again" "$naive" "$(nproc)" <<'PY'
import sys
wards, days, n, first, again, naive, cpus = sys.argv[1:]
first, again, naive = float(first), float(again), float(naive)
print(f"wards × days           {wards} × {days} ({n} bulletins, {cpus} CPUs)")
print(f"loa export, first run  {first:8.2f} s")
print(f"loa export, unchanged  {again:8.2f} s")
print(f"naive ffmpeg script    {naive:8.2f} s")
print(f"ffmpeg ÷ loa first run {naive / first:8.2f} ×")
PY
