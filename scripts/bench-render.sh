#!/usr/bin/env bash
# Benchmark of `loa render` against ffmpeg on the same bulletin, in the same run.
#
# Builds a 10-minute bulletin (5 notices read twice, with the sample chimes and
# phrases) from MP3 and WAV clips — half the notices as 44.1 kHz mono MP3, half as
# 48 kHz stereo WAV, so decoding, downmixing and resampling are all exercised — and
# renders it to MP3 and to WAV. ffmpeg then makes the same bulletin (concat of the
# same clips and gaps, resampled to 44.1 kHz mono, libmp3lame 64 kbit/s or PCM).
# Prints wall time, x-realtime, peak RSS and the ratio loa/ffmpeg (≤ 1.0 means loa
# is no slower). loa runs twice: cold (clip cache empty) and warm.
#
# Needs: go, ffmpeg, sox, /usr/bin/time. Usage: scripts/bench-render.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in go ffmpeg sox /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/loa" ./cmd/loa

mkdir -p "$work/notices" "$work/audio/notices"
cp -r audio/jingles audio/phrases "$work/audio/"
mkdir -p "$work/audio/wards/bench"
cp audio/wards/duc-xuan/opening.mp3 "$work/audio/wards/bench/"
ids=()
for i in 1 2 3 4 5; do
  id="bench-$i"; ids+=("$id")
  printf -- '---\nid: %s\ntitle: "Thông báo %s"\nwards: [all]\n---\nNội dung thông báo số %s.\n' "$id" "$i" "$i" > "$work/notices/$id.md"
  if [ $((i % 2)) -eq 1 ]; then
    cp audio/notices/deepfake-video-call.mp3 "$work/audio/notices/$id.mp3"
  else
    sox audio/notices/deepfake-video-call.mp3 -r 48000 -c 2 -b 24 "$work/audio/notices/$id.wav" 2>/dev/null
  fi
done
cat > "$work/config.yaml" <<'YAML'
station: {name: "Benchmark"}
notices: {dir: notices, require_approval: false}
cache: {dir: cache}
wards:
  - id: bench
    name: "phường Thử"
    slots: [{start: "06:00", days: [mon, tue, wed, thu, fri, sat, sun], max_minutes: 30}]
YAML

cd "$work"
./loa -q script --ward bench --date 2024-07-08 --format json "${ids[@]}" > plan.json
seconds=$(python3 -c 'import json;print(json.load(open("plan.json"))["total_seconds"])')

# ffmpeg: the same sequence of clips and gaps from the plan, via the concat filter.
python3 - <<'PY' > ffmpeg-args
import json, shlex
plan = json.load(open("plan.json"))
inputs, filters, labels = [], [], []
segs = plan["segments"]
for n, seg in enumerate(segs):
    inputs += ["-i", seg["clip"]]
    if seg["clip"].endswith(".wav"):
        filters.append(f"[{n}:a]aresample=44100,pan=mono|c0=0.5*c0+0.5*c1[a{n}]")
    else:
        filters.append(f"[{n}:a]aresample=44100,aformat=channel_layouts=mono[a{n}]")
    labels.append(f"[a{n}]")
    if n < len(segs) - 1:
        filters.append(f"anullsrc=r=44100:cl=mono,atrim=duration=1.0[g{n}]")
        labels.append(f"[g{n}]")
fc = ";".join(filters) + ";" + "".join(labels) + f"concat=n={len(labels)}:v=0:a=1[out]"
print(" ".join(shlex.quote(x) for x in inputs + ["-filter_complex", fc, "-map", "[out]"]))
PY

run() { # label command...
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o t.txt "$@" >/dev/null 2>err.txt || { cat err.txt >&2; exit 1; }
  read -r wall rss < t.txt
  printf '%-28s %7.2f s  %7.1f x-realtime  %6.1f MB peak RSS\n' "$label" "$wall" \
    "$(python3 -c "print($seconds/max($wall,0.001))")" "$(python3 -c "print($rss/1024)")"
  echo "$wall" > "last.txt"
}

echo "bulletin: $(python3 -c "print(round($seconds/60,2))") minutes, $(nproc) cores"
run "ffmpeg → MP3 (libmp3lame)" sh -c "ffmpeg -nostdin -v error -y $(cat ffmpeg-args) -ac 1 -c:a libmp3lame -b:a 64k ff.mp3"
ff_mp3=$(cat last.txt)
run "ffmpeg → WAV" sh -c "ffmpeg -nostdin -v error -y $(cat ffmpeg-args) -ac 1 -c:a pcm_s16le ff.wav"
ff_wav=$(cat last.txt)
rm -rf cache
run "loa → MP3 (cold cache)" ./loa -q render --ward bench --date 2024-07-08 -o b.mp3 "${ids[@]}"
loa_mp3_cold=$(cat last.txt)
run "loa → MP3 (warm cache)" ./loa -q render --ward bench --date 2024-07-08 -o b.mp3 "${ids[@]}"
loa_mp3=$(cat last.txt)
run "loa → WAV (warm cache)" ./loa -q render --ward bench --date 2024-07-08 -o b.wav "${ids[@]}"
loa_wav=$(cat last.txt)
# Memory does not grow with length: a 60-minute bulletin (32 notices read twice).
mkdir -p long/notices long/audio/notices
cp -r audio/jingles audio/phrases audio/wards long/audio/
long_ids=()
for i in $(seq 1 32); do
  id="long-$i"; long_ids+=("$id")
  printf -- '---\nid: %s\ntitle: "Thông báo %s"\nwards: [all]\n---\nNội dung %s.\n' "$id" "$i" "$i" > "long/notices/$id.md"
  if [ $((i % 2)) -eq 1 ]; then cp audio/notices/bench-1.mp3 "long/audio/notices/$id.mp3"
  else cp audio/notices/bench-2.wav "long/audio/notices/$id.wav"; fi
done
sed 's/max_minutes: 30/max_minutes: 90/' config.yaml > long/config.yaml
(cd long && ../loa -q script --ward bench --date 2024-07-08 --format json "${long_ids[@]}" > plan.json)
long_seconds=$(python3 -c 'import json;print(json.load(open("long/plan.json"))["total_seconds"])')
(cd long && /usr/bin/time -f '%e %M' -o ../t.txt ../loa -q render --ward bench --date 2024-07-08 -o long.wav "${long_ids[@]}")
read -r wall rss < t.txt
printf '%-28s %7.2f s  %7.1f x-realtime  %6.1f MB peak RSS  (%.1f min)\n' "loa → WAV 60-minute" "$wall" \
  "$(python3 -c "print($long_seconds/max($wall,0.001))")" "$(python3 -c "print($rss/1024)")" "$(python3 -c "print($long_seconds/60)")"

python3 - "$loa_mp3_cold" "$loa_mp3" "$loa_wav" "$ff_mp3" "$ff_wav" <<'PY'
import sys
cold, mp3, wav, ffm, ffw = map(float, sys.argv[1:])
print(f"ratio loa/ffmpeg MP3: cold {cold/ffm:.2f}, warm {mp3/ffm:.2f}; WAV warm {wav/ffw:.2f}  (≤ 1.0: loa no slower)")
print("note: loa also measures loudness, corrects it in up to 5 passes and true-peak limits; ffmpeg here does none of that")
PY
