// Package mp3 decodes and encodes MPEG audio Layer III files for loa.
//
// Decoding wraps github.com/hajimehoshi/go-mp3 (Apache-2.0). The wrapper
// does the work go-mp3 leaves out or gets wrong: it strips every leading
// ID3v2 tag and the trailing ID3v1, APEv2 and Lyrics3v2 tags, walks and
// validates the whole frame chain before the first sample is decoded, reads
// the Xing/Info and LAME tags and trims the encoder delay and padding the
// way ffmpeg and mpg123 do (so the decoded length is exact), refuses the
// streams go-mp3 would silently decode to garbage (MPEG-2 at 22.05 kHz with
// padded frames at some bitrates, MPEG-2.5, Layer I/II, free format) with a
// message that says how to convert them, turns go-mp3 panics into errors,
// and hands out float32 samples at the file's real channel count. Memory
// does not grow with the file's length: frames are read one at a time.
//
// Encoding wraps github.com/braheezy/shine-mp3, a pure Go port of the shine
// fixed-point encoder. shine-mp3 is licensed under the LGPL-2.0 (as shine
// is); binaries that link this package must honour that licence. The
// wrapper drives shine one frame at a time with integer padding
// arithmetic, compensates shine's +1 dB (9/8) gain error, refuses up front
// the sample rate, bitrate and channel combinations shine cannot encode
// (see CheckEncodable), writes an ID3v2.4 tag first and a Xing/Info frame
// with a LAME-style tag carrying the encoder delay and padding, so ffmpeg,
// mpg123 and this package's own decoder play the file gapless at exactly
// the input length. The output is deterministic: the same samples and
// options give the same bytes.
package mp3
