package goenv

import (
	"bytes"
	"testing"
)

// FuzzEnvFileEdit: setting a key makes go's reader see it and keeps every
// other key's value; removing a key that was absent restores the input.
func FuzzEnvFileEdit(f *testing.F) {
	f.Add([]byte("GOFLAGS=-x\n# c\nGOPROXY=a\n"), "GOPROXY", "b")
	f.Add([]byte("GOFLAGS=-x"), "GOSUMDB", "off")
	f.Add([]byte("A=1\r\nA=2\r\n"), "A", "")
	f.Fuzz(func(t *testing.T, data []byte, key, val string) {
		if CheckSetting(key, val) != nil {
			return
		}
		before := ParseEnvFile(data)
		out, added := setKey(data, key, val)
		after := ParseEnvFile(out)
		if after[key] != val {
			t.Fatalf("set %s=%q: reader sees %q in %q", key, val, after[key], out)
		}
		for k, v := range before {
			if k != key && after[k] != v {
				t.Fatalf("set %s changed %s: %q -> %q", key, k, v, after[k])
			}
		}
		if _, had := before[key]; had {
			return
		}
		back := unsetKey(out, key)
		if added {
			back = back[:len(back)-1]
		}
		if !bytes.Equal(back, data) {
			t.Fatalf("set+unset: %q, want %q", back, data)
		}
	})
}
