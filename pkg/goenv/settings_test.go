package goenv

import (
	"strings"
	"testing"
)

func TestCheckNetworkSettings(t *testing.T) {
	good := map[string][]string{
		"GOPROXY":   {"https://proxy.golang.org,direct", "off", "file:///srv/mirror", "proxy.corp.example/go|direct", "http://10.0.0.1:3000"},
		"GOSUMDB":   {"off", "sum.golang.org", "sum.golang.org https://sum.golang.org", "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"},
		"GOPRIVATE": {"*.corp.example.com,github.com/org", "example.com/x/*"},
	}
	bad := map[string][]string{
		"GOPROXY":   {"ftp://x", "/srv/mirror", "https://", "http://[::1", "none", "https://ok,typo"},
		"GOSUMDB":   {"a b c", "sum.golang.org+nokey", "sum.golang.org ftp://x"},
		"GOPRIVATE": {"a b", "[x", "ok,[bad"},
	}
	for k, vs := range good {
		for _, v := range vs {
			if err := CheckSetting(k, v); err != nil {
				t.Errorf("%s=%q rejected: %v", k, v, err)
			}
		}
	}
	for k, vs := range bad {
		for _, v := range vs {
			err := CheckSetting(k, v)
			if err == nil || !strings.Contains(err.Error(), k) {
				t.Errorf("%s=%q: want an error naming %s, got %v", k, v, k, err)
			}
		}
	}
}
