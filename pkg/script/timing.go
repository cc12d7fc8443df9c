package script

import (
	"regexp"
	"sync"

	"loa/pkg/config"
	"loa/pkg/notice"
	"loa/pkg/vntext"
)

// Timer tells the scheduler how long bulletins last, with the same timing
// model as Build: real clip durations where a ward's clips exist, estimates
// from the spoken form otherwise. It implements schedule.Timing.
//
// A bulletin with notices N1…Nk is: the fixed parts (chimes, opening,
// greeting, closing), the notices, "xin nhắc lại" and the notices again. So
// Overhead is the fixed parts plus the repeat phrase, and each notice adds
// two readings and their gaps.
type Timer struct {
	cfg      config.Config
	norm     *vntext.Normalizer
	clipsFor func(ward string) ClipFunc
	notices  map[string]*notice.Notice

	mu       sync.Mutex
	spoken   map[string]float64 // notice id → estimated reading seconds
	overhead map[string]float64
	perWard  map[string]float64 // ward|id → seconds added
}

// NewTimer returns a Timer over the notices. clipsFor gives the clip lookup
// of a ward (nil: no clips, everything estimated).
func NewTimer(cfg config.Config, notices []*notice.Notice, clipsFor func(ward string) ClipFunc) (*Timer, error) {
	norm, err := vntext.New(NormalizerOptions(cfg))
	if err != nil {
		return nil, err
	}
	t := &Timer{cfg: cfg, norm: norm, clipsFor: clipsFor, notices: map[string]*notice.Notice{},
		spoken: map[string]float64{}, overhead: map[string]float64{}, perWard: map[string]float64{}}
	for _, n := range notices {
		t.notices[n.ID] = n
	}
	return t, nil
}

func (t *Timer) clips(ward string) ClipFunc {
	if t.clipsFor == nil {
		return func(string, string) (string, float64, bool) { return "", 0, false }
	}
	return t.clipsFor(ward)
}

// Overhead implements schedule.Timing.
func (t *Timer) Overhead(ward string) float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if v, ok := t.overhead[ward]; ok {
		return v
	}
	w, _ := t.cfg.Ward(ward)
	s, err := Build(Input{Config: t.cfg, Ward: w, Clips: t.clips(ward), Text: t.norm})
	v := 0.0
	if err == nil {
		v = s.Total
		// The repeat phrase appears once there is a notice.
		rep, err := t.segment(ward, ClipPhrases, "repeat", t.cfg.Templates.Repeat, w)
		if err == nil {
			v += rep.dur + rep.gap
		}
	}
	t.overhead[ward] = v
	return v
}

// Notice implements schedule.Timing.
func (t *Timer) Notice(ward, id string) float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := ward + "|" + id
	if v, ok := t.perWard[key]; ok {
		return v
	}
	v := 0.0
	if n, ok := t.notices[id]; ok {
		if path, secs, ok := t.clips(ward)(ClipNotices, id); ok && path != "" {
			v = 2 * (secs + Gap(t.cfg, true))
		} else {
			est, ok := t.spoken[id]
			if !ok {
				text, err := n.Text(t.cfg.Hotlines)
				if err != nil {
					// A template that cannot be expanded (reported by
					// `loa check`) still takes time: count each as a short
					// number.
					text = templateAction.ReplaceAllString(n.Body, "một hai ba")
				}
				est = Estimate(t.norm.Normalize(text), t.cfg.Reading)
				t.spoken[id] = est
			}
			v = 2 * (est + Gap(t.cfg, false))
		}
	}
	t.perWard[key] = v
	return v
}

var templateAction = regexp.MustCompile(`{{[^}]*}}`)

type segTiming struct{ dur, gap float64 }

func (t *Timer) segment(ward, kind, key, tmpl string, w config.Ward) (segTiming, error) {
	if _, secs, ok := t.clips(ward)(kind, key); ok {
		return segTiming{secs, Gap(t.cfg, true)}, nil
	}
	text, err := notice.ExpandTemplate("templates."+key, 0, tmpl, t.cfg.Hotlines,
		templateData{Station: t.cfg.Station.Name, WardName: w.Name, WardID: w.ID})
	if err != nil {
		return segTiming{}, err
	}
	return segTiming{Estimate(t.norm.Normalize(text), t.cfg.Reading), Gap(t.cfg, false)}, nil
}
