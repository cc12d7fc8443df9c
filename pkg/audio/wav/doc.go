// Package wav decodes WAV files into loa's streaming float32 audio and
// encodes streams as Broadcast Wave (BWF, EBU Tech 3285 version 2) or plain
// 44-byte-header WAV files.
//
// # Decoding
//
// Decoder reads integer PCM of 8 (unsigned), 16, 24 and 32 bits, IEEE float
// of 32 and 64 bits, WAVE_FORMAT_EXTENSIBLE whose sub-format GUID is PCM or
// IEEE float (any other sub-format is refused with ErrUnsupported), and
// RF64/BW64 files. Unknown chunks before the audio (LIST, bext, fact, JUNK,
// id3, ...) are skipped, the pad byte after an odd-sized chunk is skipped
// (and tolerated when a writer forgot it), and nothing after the data chunk
// is read, so an odd data chunk's pad byte is never taken for a sample.
// Integer samples are divided by 2^(bits-1); float samples pass through
// unchanged (a float file may legitimately peak above 0 dBFS, and clipping it
// here could not be undone by the normalisation that follows), except that
// NaN becomes 0 and ±Inf ±1. Reading is buffered (32 KiB), so memory does not
// grow with the file.
//
// Sizes: a data chunk that declares more bytes than the file holds is
// reported as ErrTruncated, naming the file, when the stream reaches the
// missing part; nothing is silently cut. Two markers written by streaming
// recorders that cannot seek back are read as "the audio runs to the end of
// the file": a data size of 0xFFFFFFFF, and a data size of 0 when the RIFF
// size is 0, 0xFFFFFFFF or ends at the data chunk header (an unpatched
// header). A data size of 0 in an otherwise consistent file is an empty
// clip. A trailing partial frame is not audio and is dropped. Without a size
// there is no telling a final pad byte from audio, so in that case (only) an
// odd data chunk's pad byte is decoded as a sample, as ffmpeg does too.
//
// # Encoding
//
// Encoder writes 16- or 24-bit integer PCM (or 32-bit float) to an
// io.WriteSeeker, buffered, and patches the sizes at Close. The bext chunk's
// loudness fields can be set after the audio is written (SetLoudness), since
// they are only known after measuring. 16-bit output carries TPDF dither
// from a fixed-seed generator, so the same input always gives the same bytes.
//
// Mono and stereo files use the plain PCM (or IEEE float) format tag that
// EBU Tech 3285 describes and every player reads; files with more channels,
// or any file when EncoderOptions.Extensible is set, use
// WAVE_FORMAT_EXTENSIBLE with a channel mask. ffmpeg prints "Guessed Channel
// Layout" for every file without a mask, its own included; that message is
// the price of the more compatible default.
//
// # Why not go-audio/wav underneath
//
// The project chose github.com/go-audio/wav (v1.1.0). Checked against this
// package's tests, it decodes IEEE float and EXTENSIBLE float data as
// integers without any error, reads the pad byte of an odd data chunk as a
// sample, returns the samples of a truncated file without an error, drops a
// sample when the reader returns a short read in the middle of one, ignores
// errors when reading a chunk size, reports a Duration computed from the
// RIFF size (headers included), makes one Read call per sample in
// FullPCMBuffer, allocates whatever size a LIST/INFO sub-chunk declares
// (gigabytes for a damaged one), and its encoder writes no pad byte and has
// no bext chunk.
// Even for plain integer PCM, using it would mean parsing the header here
// first to rule these cases out, after which it adds nothing but the bugs.
// So all RIFF reading and writing is done here, and go-audio/wav serves as an
// independent cross-check of integer PCM decoding and as the speed baseline
// in this package's tests and benchmarks.
package wav
