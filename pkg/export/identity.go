package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	"loa/pkg/bulletin"
	"loa/pkg/clips"
	"loa/pkg/script"
)

// RenderVersion is part of every bulletin's identity. Bump it whenever a
// change to loa's rendering (pkg/bulletin, pkg/audio/...) changes the bytes
// written for the same inputs, so that render caches are not reused across
// the change.
const RenderVersion = "3"

// identityDoc is everything that shapes a rendered file's bytes. Its JSON
// is hashed into the bulletin's identity.
type identityDoc struct {
	Render    string          `json:"render"`
	Generator string          `json:"generator"`
	Format    string          `json:"format"`
	Options   json.RawMessage `json:"options"`
	Synth     string          `json:"synth,omitempty"`
	Bed       string          `json:"bed,omitempty"`
	// Ward, date, slot and description go into the tags (ID3, bext).
	Ward        string         `json:"ward"`
	Date        string         `json:"date"`
	Slot        string         `json:"slot"`
	Description string         `json:"description"`
	Items       []identityItem `json:"items"`
}

// identityItem is one plan item: the clip by content (so moving the clip
// library changes nothing) or the text a placeholder voice reads. The
// text of a recorded segment is not part of it: what is heard is the clip.
type identityItem struct {
	Kind  string  `json:"kind"`
	Clip  string  `json:"clip,omitempty"`
	Synth string  `json:"synth,omitempty"`
	Gap   float64 `json:"gap"`
}

// Identity is the hex sha256 identity of the file that rendering plan with
// ro to format (mp3 or wav) gives. hash returns a clip's content hash.
func Identity(plan *bulletin.Plan, ro bulletin.Options, format, generator string, hash func(string) (string, error)) (string, error) {
	doc := identityDoc{Render: RenderVersion, Generator: generator, Format: format,
		Ward: plan.Ward, Date: plan.Date, Slot: plan.Slot, Description: ro.Description}
	if ro.Synth != nil {
		b, err := json.Marshal(ro.Synth)
		if err != nil {
			return "", err
		}
		doc.Synth = fmt.Sprintf("%T%s", ro.Synth, b)
	}
	if ro.Bed != "" {
		sum, err := hash(ro.Bed)
		if err != nil {
			return "", err
		}
		doc.Bed = sum
	}
	o := ro
	o.Synth, o.Bed, o.Description = nil, "", ""
	opts, err := json.Marshal(o)
	if err != nil {
		return "", err
	}
	doc.Options = opts
	for _, it := range plan.Items {
		ii := identityItem{Kind: it.Kind, Gap: it.GapAfter}
		if it.Path != "" {
			if ii.Clip, err = hash(it.Path); err != nil {
				return "", err
			}
		} else {
			ii.Synth = it.Synth
		}
		doc.Items = append(doc.Items, ii)
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// clipMemo answers the script builder's clip questions once per run: the
// same clips come up in every bulletin. (Clip hashes are remembered by
// clips.FileHash.)
type clipMemo struct {
	ctx context.Context
	lib *clips.Library
	ro  bulletin.Options

	mu      sync.Mutex
	answers map[string]clipAnswer
}

type clipAnswer struct {
	path string
	secs float64
	ok   bool
}

func newClipMemo(ctx context.Context, lib *clips.Library, ro bulletin.Options) *clipMemo {
	return &clipMemo{ctx: ctx, lib: lib, ro: ro, answers: map[string]clipAnswer{}}
}

func (c *clipMemo) forWard(ward string) script.ClipFunc {
	inner := bulletin.ClipFunc(c.ctx, c.lib, ward, c.ro)
	return func(kind, name string) (string, float64, bool) {
		key := ward + "\x00" + kind + "\x00" + name
		c.mu.Lock()
		a, ok := c.answers[key]
		c.mu.Unlock()
		if ok {
			return a.path, a.secs, a.ok
		}
		p, s, found := inner(kind, name)
		c.mu.Lock()
		c.answers[key] = clipAnswer{p, s, found}
		c.mu.Unlock()
		return p, s, found
	}
}
