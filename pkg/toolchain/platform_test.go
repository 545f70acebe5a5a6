package toolchain

import (
	"strings"
	"testing"
)

func TestParsePlatform(t *testing.T) {
	for _, c := range []struct {
		os, arch string
		want     Platform
		err      string
	}{
		{"linux", "amd64", Platform{"linux", "amd64"}, ""},
		{"linux", "aarch64", Platform{"linux", "arm64"}, ""},
		{"linux", "armv6l", Platform{"linux", "arm"}, ""},
		{"windows", "arm64", Platform{"windows", "arm64"}, ""},
		{"linux", "bogus", Platform{}, `unknown GOARCH "bogus"`},
		{"linux", "amd64/v3", Platform{}, "unknown GOARCH"},
		{"linxu", "amd64", Platform{}, `unknown GOOS "linxu"`},
	} {
		got, err := ParsePlatform(c.os, c.arch)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParsePlatform(%q, %q) = %v, %v; want error %q", c.os, c.arch, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParsePlatform(%q, %q) = %v, %v; want %v", c.os, c.arch, got, err, c.want)
		}
	}
}
