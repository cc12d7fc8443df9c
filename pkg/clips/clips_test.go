package clips

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindOrderAndCandidates(t *testing.T) {
	root := t.TempDir()
	touch := func(rel string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	touch("phrases/opening.mp3")
	touch("wards/duc-xuan/opening.mp3")
	touch("notices/a.wav")
	touch("notices/a.mp3")
	lib := New(root)
	cases := []struct{ ward, kind, name, want string }{
		{"duc-xuan", "phrases", "opening", "wards/duc-xuan/opening.mp3"}, // the ward's own clip first
		{"song-cau", "phrases", "opening", "phrases/opening.mp3"},
		{"song-cau", "notices", "a", "notices/a.wav"}, // .wav before .mp3
	}
	for _, c := range cases {
		got, _, ok := lib.Find(c.ward, c.kind, c.name)
		if !ok || got != filepath.Join(root, c.want) {
			t.Errorf("Find(%s, %s, %s) = %s, %v; want %s", c.ward, c.kind, c.name, got, ok, c.want)
		}
	}
	_, tried, ok := lib.Find("song-cau", "notices", "khong-co")
	if ok || len(tried) != 4 || !strings.HasSuffix(tried[0], filepath.Join("wards", "song-cau", "khong-co.wav")) {
		t.Errorf("tried %v", tried)
	}
}

func TestOpenRejectsUnknownTypes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.ogg")
	os.WriteFile(p, []byte("OggS"), 0o644)
	if _, _, err := Open(p); err == nil {
		t.Fatal("opened an .ogg")
	}
	if _, _, err := Open(filepath.Join(t.TempDir(), "none.wav")); err == nil {
		t.Fatal("opened a missing file")
	}
}
