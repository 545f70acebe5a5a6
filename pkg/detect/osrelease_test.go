package detect

import (
	"maps"
	"sort"
	"strings"
	"testing"
)

func TestParseOSRelease(t *testing.T) {
	vars, bad := ParseOSRelease("# comment\nID=debian\nNAME=\"Debian \\\"GNU\\\"/Linux\"\nVERSION_ID='12'\n\nEMPTY=\nbroken line\nX=\"open\n")
	want := map[string]string{"ID": "debian", "NAME": `Debian "GNU"/Linux`, "VERSION_ID": "12", "EMPTY": ""}
	if !maps.Equal(vars, want) || bad != 2 {
		t.Fatalf("got %q bad=%d, want %q bad=2", vars, bad, want)
	}
}

// quoteOSRelease writes a value the way os-release(5) allows.
func quoteOSRelease(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")
	return `"` + r.Replace(v) + `"`
}

// FuzzOSRelease: parsing never panics, keys are valid shell names, and what
// was parsed survives being written back and parsed again.
func FuzzOSRelease(f *testing.F) {
	f.Add("ID=debian\nVERSION_ID=\"12\"\n")
	f.Add("NAME='Alpine Linux'\nID=alpine\n")
	f.Add("PRETTY_NAME=\"a \\\"b\\\" \\$c\"\n#x\n\n=bad\n")
	f.Add("\x00\xff\nID=\"unterminated")
	f.Fuzz(func(t *testing.T, s string) {
		vars, _ := ParseOSRelease(s)
		keys := make([]string, 0, len(vars))
		for k := range vars {
			if !validKey(k) {
				t.Fatalf("invalid key %q", k)
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			b.WriteString(k + "=" + quoteOSRelease(vars[k]) + "\n")
		}
		again, bad := ParseOSRelease(b.String())
		if bad != 0 {
			t.Fatalf("re-encoded %q has %d bad lines", b.String(), bad)
		}
		for _, k := range keys {
			if again[k] != vars[k] {
				t.Fatalf("key %s: %q became %q", k, vars[k], again[k])
			}
		}
	})
}
