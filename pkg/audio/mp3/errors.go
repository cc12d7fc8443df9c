package mp3

import "errors"

// Sentinel errors. Every error this package returns wraps one of them and
// names the clip (and, where it helps, the byte offset or frame).
var (
	// ErrNotMP3 means no MPEG audio frame chain was found.
	ErrNotMP3 = errors.New("not an MP3 file")
	// ErrUnsupported means valid MPEG audio that the decoder refuses
	// because go-mp3 cannot decode it, or would decode it wrongly. The
	// message says how to convert the clip.
	ErrUnsupported = errors.New("unsupported MP3 variant")
	// ErrCorrupt means a broken frame chain, an inconsistent header, a
	// malformed tag or a frame the decoder could not decode.
	ErrCorrupt = errors.New("corrupt MP3 data")
	// ErrTruncated means the file ends before the data its headers
	// announce.
	ErrTruncated = errors.New("truncated MP3 file")
	// ErrNotEncodable means a format, bitrate or option the encoder refuses.
	ErrNotEncodable = errors.New("cannot encode MP3")
	// ErrClosed means a call on a closed decoder or encoder.
	ErrClosed = errors.New("mp3: use after Close")
)

// convertHint tells the operator how to turn a refused clip into one loa
// reads.
const convertHint = `convert it first, e.g. "ffmpeg -i in.mp3 -ar 44100 -b:a 128k out.mp3", or to WAV with "ffmpeg -i in.mp3 out.wav"`
