package i18n

import (
	"errors"
	"fmt"
	"testing"
)

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"": VI, "vi": VI, "vi_VN.UTF-8": VI, "en": EN, "en-US": EN, "EN": EN} {
		if got, ok := ParseLang(in); !ok || got != want {
			t.Errorf("ParseLang(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := ParseLang("fr"); ok {
		t.Error("fr accepted")
	}
}

func TestDescribeLocalizesJoinedAndWrapped(t *testing.T) {
	Register(map[string][2]string{"test.hello": {"xin chào %s", "hello %s"}})
	e1 := Errorf("test.hello", "A")
	e2 := fmt.Errorf("context: %w", Errorf("test.hello", "B"))
	err := errors.Join(e1, errors.New("plain"), e2)
	got := Describe(err, VI)
	if got != "xin chào A\nplain\nxin chào B" {
		t.Errorf("Describe = %q", got)
	}
	if Describe(err, EN) != "hello A\nplain\nhello B" {
		t.Errorf("English: %q", Describe(err, EN))
	}
	if T(VI, "test.missing") != "test.missing" {
		t.Error("a missing key should show itself")
	}
}

// TestCatalogComplete checks the messages registered by the packages this
// test binary links; cmd/loa checks the whole program's catalog.
func TestCatalogComplete(t *testing.T) {
	for _, p := range Problems() {
		t.Error(p)
	}
}
