package ldcache

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"os"
	"os/exec"
	"regexp"
	"testing"
)

// TestMatchesLdconfig parses this machine's cache and checks every line of
// `ldconfig -p` (glibc's own reader) appears with the same name and path.
func TestMatchesLdconfig(t *testing.T) {
	data, err := os.ReadFile(Path)
	if err != nil {
		t.Skipf("no %s on this machine: %v", Path, err)
	}
	out, err := exec.Command("ldconfig", "-p").Output()
	if err != nil {
		t.Skipf("ldconfig -p unavailable: %v", err)
	}
	c, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range c.Entries {
		have[e.Name+" => "+e.Path] = true
	}
	line := regexp.MustCompile(`^\s+(\S+) \(([^)]*)\) => (\S+)$`)
	n := 0
	for _, l := range bytes.Split(out, []byte("\n")) {
		m := line.FindSubmatch(l)
		if m == nil {
			continue
		}
		n++
		if key := string(m[1]) + " => " + string(m[3]); !have[key] {
			t.Errorf("ldconfig -p lists %s (%s), parser does not", key, m[2])
		}
	}
	if n == 0 || n != len(c.Entries) {
		t.Fatalf("ldconfig -p lists %d libraries, parser found %d", n, len(c.Entries))
	}
	if got := c.Lookup("libc.so.6", WantFlags(elf.ELFCLASS64, elf.EM_X86_64)); len(got) == 0 {
		t.Errorf("libc.so.6 (x86-64) not found in the cache")
	}
}

type fixtureLib struct {
	name, path string
	flags      int32
}

// encodeOld writes an old-format table as ldconfig's compat mode did.
func encodeOld(libs []fixtureLib) []byte {
	var strs bytes.Buffer
	var ents bytes.Buffer
	for _, l := range libs {
		k := strs.Len()
		strs.WriteString(l.name + "\x00")
		v := strs.Len()
		strs.WriteString(l.path + "\x00")
		binary.Write(&ents, binary.LittleEndian, []uint32{uint32(l.flags), uint32(k), uint32(v)})
	}
	var b bytes.Buffer
	b.WriteString(magicOld + "\x00")
	binary.Write(&b, binary.LittleEndian, uint32(len(libs)))
	b.Write(ents.Bytes())
	b.Write(strs.Bytes())
	return b.Bytes()
}

// encodeNew writes a new-format table; string offsets count from its start.
func encodeNew(libs []fixtureLib, bo binary.ByteOrder, endian byte) []byte {
	strBase := newHeaderLen + len(libs)*newEntryLen
	var strs, ents bytes.Buffer
	for _, l := range libs {
		k := strBase + strs.Len()
		strs.WriteString(l.name + "\x00")
		v := strBase + strs.Len()
		strs.WriteString(l.path + "\x00")
		binary.Write(&ents, bo, []uint32{uint32(l.flags), uint32(k), uint32(v), 0})
		binary.Write(&ents, bo, uint64(0))
	}
	var b bytes.Buffer
	b.WriteString(magicNew + versionNew)
	binary.Write(&b, bo, []uint32{uint32(len(libs)), uint32(strs.Len())})
	b.Write([]byte{endian, 0, 0, 0})
	binary.Write(&b, bo, []uint32{0, 0, 0, 0})
	b.Write(ents.Bytes())
	b.Write(strs.Bytes())
	return b.Bytes()
}

var libs = []fixtureLib{
	{"libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", 0x0303},
	{"libz.so.1", "/lib/i386-linux-gnu/libz.so.1", 0x0003},
	{"libfoo.so", "/usr/lib/aarch64-linux-gnu/libfoo.so", 0x0a03},
}

func TestFormats(t *testing.T) {
	old := encodeOld(libs)
	newOnly := encodeNew(libs, binary.LittleEndian, endianLittle)
	// ldconfig's compat layout: old header and entries, the new table
	// aligned after them, strings last. Only the new table is read.
	oldTable := old[:oldHeaderLen+len(libs)*oldEntryLen]
	compat := append(append([]byte{}, oldTable...), make([]byte, (8-len(oldTable)%8)%8)...)
	compat = append(compat, newOnly...)
	for _, tc := range []struct {
		format string
		data   []byte
	}{
		{"old", old},
		{"new", newOnly},
		{"compat", compat},
		{"new", encodeNew(libs, binary.BigEndian, endianBig)},
	} {
		c, err := Parse(tc.data)
		if err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		if c.Format != tc.format || len(c.Entries) != len(libs) {
			t.Fatalf("%s: got format %s with %d entries", tc.format, c.Format, len(c.Entries))
		}
		x86 := c.Lookup("libz.so.1", WantFlags(elf.ELFCLASS64, elf.EM_X86_64))
		i386 := c.Lookup("libz.so.1", WantFlags(elf.ELFCLASS32, elf.EM_386))
		if len(x86) != 1 || x86[0] != libs[0].path || len(i386) != 1 || i386[0] != libs[1].path {
			t.Errorf("%s: lookup by class gave x86-64 %v, i386 %v", tc.format, x86, i386)
		}
		if got := c.Lookup("libfoo.so", WantFlags(elf.ELFCLASS64, elf.EM_X86_64)); len(got) != 0 {
			t.Errorf("%s: an aarch64 library was offered to an x86-64 binary: %v", tc.format, got)
		}
	}
}

func TestRejectsDamage(t *testing.T) {
	good := encodeNew(libs, binary.LittleEndian, endianLittle)
	for name, data := range map[string][]byte{
		"empty":          nil,
		"garbage":        []byte("hello world, not a cache"),
		"truncated":      good[:60],
		"bad version":    append([]byte(magicNew+"9.9"), good[20:]...),
		"bad endianness": append(append(append([]byte{}, good[:28]...), 1), good[29:]...),
		"old truncated":  encodeOld(libs)[:20],
	} {
		if _, err := Parse(data); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
}

func FuzzParseLDCache(f *testing.F) {
	f.Add(encodeOld(libs))
	f.Add(encodeNew(libs, binary.LittleEndian, endianLittle))
	f.Add(encodeNew(libs, binary.BigEndian, endianBig))
	if data, err := os.ReadFile(Path); err == nil && len(data) < 1<<16 {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		for _, e := range c.Entries {
			c.Lookup(e.Name, e.Flags)
		}
	})
}
