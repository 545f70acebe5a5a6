package emit

import "testing"

func TestIsGoVersion(t *testing.T) {
	for v, want := range map[string]bool{
		"1.22": true, "1.22.4": true, "1.23rc1": true,
		"": false, "latest": false, "go1.22": false, "1.22.4-alpine": false, "2.0": false, "1.22.": false,
	} {
		if got := IsGoVersion(v); got != want {
			t.Errorf("IsGoVersion(%q) = %v, want %v", v, got, want)
		}
	}
}
