#!/usr/bin/env bash
# Regenerates the sample clip library under audio/ so the demo bulletin runs:
#   audio/jingles/open.wav, close.wav        chimes synthesized with sox
#   audio/phrases/{greeting,repeat,closing}.mp3   espeak-ng readings of the templates
#   audio/wards/<ward>/opening.mp3           the ward-specific opening, for every ward
#   audio/notices/<id>.mp3                   a reading of the demo notices (stand-ins for a
#                                            real announcer's recordings): by default only
#                                            deepfake-video-call, the letter's subject, so
#                                            audio/ stays small; pass other ids as arguments
# Speech is read from the spoken form loa prints (so numbers and web addresses are
# read correctly) and stored as 64 kbit/s mono MP3 to keep audio/ small.
# Needs: go, sox, espeak-ng, lame, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in go sox espeak-ng lame python3; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install sox espeak-ng lame python3)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/loa" ./cmd/loa
loa() { "$tmp/loa" --config config.yaml "$@"; }

mkdir -p audio/jingles audio/phrases audio/notices audio/wards

# Chimes: three soft bell-like notes (fundamental plus a quieter octave partial),
# each with a fast attack and an exponential-looking decay.
note() { # freq seconds out
  sox -D -n -r 44100 -b 16 -c 1 "$tmp/a.wav" synth "$2" sine "$1" fade q 0.005 "$2" "$(echo "$2 - 0.01" | bc)" vol 0.45
  sox -D -n -r 44100 -b 16 -c 1 "$tmp/b.wav" synth "$2" sine "$(echo "$1 * 2" | bc)" fade q 0.005 "$2" "$(echo "$2 * 0.6" | bc)" vol 0.12
  sox -D -m "$tmp/a.wav" "$tmp/b.wav" "$3"
}
note 523.25 0.45 "$tmp/c5.wav"; note 659.25 0.45 "$tmp/e5.wav"; note 783.99 0.9 "$tmp/g5.wav"
note 783.99 0.45 "$tmp/g5s.wav"; note 523.25 0.9 "$tmp/c5l.wav"
sox -D "$tmp/c5.wav" "$tmp/e5.wav" "$tmp/g5.wav" audio/jingles/open.wav
sox -D "$tmp/g5s.wav" "$tmp/e5.wav" "$tmp/c5l.wav" audio/jingles/close.wav

speak() { # text out.mp3
  espeak-ng -v vi -s 175 -w "$tmp/s.wav" --stdin <<<"$1"
  sox -D "$tmp/s.wav" "$tmp/s44.wav" gain -n -1 gain -l 5 rate 44100 silence 1 0.05 0.5% reverse silence 1 0.05 0.5% reverse
  lame --quiet --preset cbr 64 -m m --tt "$(basename "$2" .mp3)" "$tmp/s44.wav" "$2"
}

spoken() { # ward key notice -> spoken text of the first segment with that key
  python3 -c '
import json, sys
doc = json.load(sys.stdin)
for s in doc["segments"]:
    if s["key"] == sys.argv[1]:
        print(s["spoken"]); break
' "$2" < <(loa script --ward "$1" --format json "$3")
}

first_ward=duc-xuan
any_notice=deepfake-video-call
for key in greeting repeat closing; do
  speak "$(spoken "$first_ward" "$key" "$any_notice")" "audio/phrases/$key.mp3"
done
wards=$(python3 -c '
import re
text = open("config.yaml", encoding="utf-8").read().split("\nwards:\n", 1)[1]
print(" ".join(re.findall(r"^\s*- id: ([a-z0-9-]+)\s*$", text, re.M)))
')
for ward in $wards; do
  mkdir -p "audio/wards/$ward"
  speak "$(spoken "$ward" opening "$any_notice")" "audio/wards/$ward/opening.mp3"
done
ids=("$@")
[ ${#ids[@]} -gt 0 ] || ids=(deepfake-video-call)
for id in "${ids[@]}"; do
  speak "$(spoken "$first_ward" "$id" "$id")" "audio/notices/$id.mp3"
done
du -sh audio
