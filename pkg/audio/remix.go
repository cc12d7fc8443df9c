package audio

import (
	"errors"
	"fmt"
	"io"
	"math"
)

// Channel roles, in the order WAVE_FORMAT_EXTENSIBLE assigns them.
type role int

const (
	roleFL role = iota
	roleFR
	roleFC
	roleLFE
	roleBL
	roleBR
	roleBC
	roleSL
	roleSR
	roleMono
)

// layouts are the default channel layouts by channel count (the WAV default
// channel masks): 1 mono, 2 stereo, 3 L R C, 4 quad, 5 5.0, 6 5.1, 7 6.1,
// 8 7.1.
var layouts = [9][]role{
	1: {roleMono},
	2: {roleFL, roleFR},
	3: {roleFL, roleFR, roleFC},
	4: {roleFL, roleFR, roleBL, roleBR},
	5: {roleFL, roleFR, roleFC, roleBL, roleBR},
	6: {roleFL, roleFR, roleFC, roleLFE, roleBL, roleBR},
	7: {roleFL, roleFR, roleFC, roleLFE, roleBC, roleSL, roleSR},
	8: {roleFL, roleFR, roleFC, roleLFE, roleBL, roleBR, roleSL, roleSR},
}

// minus3dB is the ITU-R BS.775 coefficient for centre and surrounds.
const minus3dB = math.Sqrt2 / 2

// stereoDownmix is each role's contribution to (Lo, Ro) per ITU-R BS.775:
// Lo = L + 0.7071·C + 0.7071·Ls, Ro = R + 0.7071·C + 0.7071·Rs, LFE dropped.
// A back centre feeds both sides at -6 dB (-3 dB to the surrounds, -3 dB
// again to the front pair).
func stereoDownmix(r role) (l, rr float64) {
	switch r {
	case roleFL:
		return 1, 0
	case roleFR:
		return 0, 1
	case roleFC, roleMono:
		return minus3dB, minus3dB
	case roleBL, roleSL:
		return minus3dB, 0
	case roleBR, roleSR:
		return 0, minus3dB
	case roleBC:
		return 0.5, 0.5
	}
	return 0, 0 // LFE
}

// remixMatrix returns m[out][in] for the conversion.
func remixMatrix(in, out int) [][]float64 {
	m := make([][]float64, out)
	for o := range m {
		m[o] = make([]float64, in)
	}
	src, dst := layouts[in], layouts[out]
	switch {
	case in == 1:
		// Mono is duplicated: to every channel of stereo, to the front pair
		// of larger layouts.
		m[0][0] = 1
		if out > 1 {
			m[1][0] = 1
		}
	case out == 1:
		// The mean of the ITU stereo downmix: (L+R)/2 for stereo, and for
		// 5.1 0.5·(L+R) + 0.7071·C + 0.3536·(Ls+Rs).
		for i, r := range src {
			l, rr := stereoDownmix(r)
			m[0][i] = (l + rr) / 2
		}
	case out == 2:
		for i, r := range src {
			m[0][i], m[1][i] = stereoDownmix(r)
		}
	default:
		// Between multichannel layouts: channels with the same role are
		// copied; others fold down to stereo and land on the front pair.
		pos := map[role]int{}
		for o, r := range dst {
			pos[r] = o
		}
		for i, r := range src {
			if o, ok := pos[r]; ok {
				m[o][i] = 1
				continue
			}
			switch {
			case r == roleSL || r == roleBL:
				if o, ok := pos[roleBL]; ok {
					m[o][i] = 1
					continue
				}
				if o, ok := pos[roleSL]; ok {
					m[o][i] = 1
					continue
				}
			case r == roleSR || r == roleBR:
				if o, ok := pos[roleBR]; ok {
					m[o][i] = 1
					continue
				}
				if o, ok := pos[roleSR]; ok {
					m[o][i] = 1
					continue
				}
			}
			l, rr := stereoDownmix(r)
			m[0][i] += l
			m[1][i] += rr
		}
	}
	return m
}

// Remix converts s to the given number of channels (1..8, WAV default
// layouts: 3 = L R C, 4 = quad, 5 = 5.0, 6 = 5.1, 7 = 6.1, 8 = 7.1).
//
//   - To stereo: ITU-R BS.775 downmix, Lo = L + 0.7071·C + 0.7071·Ls,
//     Ro = R + 0.7071·C + 0.7071·Rs; the LFE channel is dropped.
//   - To mono: the plain average of that stereo downmix, so stereo gives
//     (L+R)/2 and 5.1 gives 0.5·(L+R) + 0.7071·C + 0.3536·(Ls+Rs).
//     A plain (not equal-power) average keeps a centred source at its level.
//   - From mono: the signal is duplicated (on the front pair for more than
//     two channels).
//   - Between multichannel layouts: same-role channels are copied, the rest
//     folds down as above.
//
// Downmixes are not normalised and may exceed full scale; loa limits before
// encoding. When the channel count already matches, s itself is returned.
func Remix(s Stream, channels int) (Stream, error) {
	if err := checkStream("remix", s); err != nil {
		return nil, err
	}
	in := s.Format()
	out := Format{SampleRate: in.SampleRate, Channels: channels}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("remix: output: %w", err)
	}
	if channels == in.Channels {
		return s, nil
	}
	m := remixMatrix(in.Channels, channels)
	r := &remixer{src: s, f: out, inCh: in.Channels, scratch: make([]float32, chunkFrames*in.Channels)}
	r.terms = make([][]remixTerm, channels)
	for o, row := range m {
		for i, g := range row {
			if g != 0 {
				r.terms[o] = append(r.terms[o], remixTerm{in: i, gain: float32(g)})
			}
		}
	}
	return r, nil
}

type remixTerm struct {
	in   int
	gain float32
}

type remixer struct {
	src     Stream
	f       Format
	inCh    int
	terms   [][]remixTerm
	scratch []float32
	err     error
}

func (r *remixer) Format() Format { return r.f }

// Frames implements Lengther.
func (r *remixer) Frames() int64 { return FramesOf(r.src) }

func (r *remixer) Read(buf []float32) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	outCh := r.f.Channels
	want := min(len(buf)/outCh, chunkFrames)
	if want == 0 {
		return 0, nil
	}
	n, err := r.src.Read(r.scratch[:want*r.inCh])
	frames := n / r.inCh
	for i := range frames {
		x := r.scratch[i*r.inCh : (i+1)*r.inCh]
		o := buf[i*outCh : (i+1)*outCh]
		for c, terms := range r.terms {
			var v float32
			for _, t := range terms {
				v += float32(x[t.in] * t.gain)
			}
			o[c] = v
		}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		r.err = err
	}
	return frames * outCh, err
}
