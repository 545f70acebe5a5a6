// Package ldcache reads /etc/ld.so.cache, the index glibc's dynamic loader
// consults before its default directories, in both formats ldconfig has
// written: the old "ld.so-1.7.0" table (optionally followed by a new table,
// the "compat" layout) and the new "glibc-ld.so.cache1.1" table alone.
//
// It exists so `devboot doctor --bin` can resolve shared libraries exactly as
// ld.so would, without running ldd (which executes the binary).
package ldcache

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/devboot/devboot/pkg/host"
)

// Path is where glibc keeps the cache.
const Path = "/etc/ld.so.cache"

const (
	magicOld   = "ld.so-1.7.0"
	magicNew   = "glibc-ld.so.cache"
	versionNew = "1.1"

	oldHeaderLen = 16 // magic[11], pad, nlibs uint32
	oldEntryLen  = 12 // flags int32, key, value uint32
	newHeaderLen = 48 // magic[17] version[3] nlibs len_strings flags pad[3] ext_off unused[3]
	newEntryLen  = 24 // flags key value osversion uint32, hwcap uint64

	// Endianness marker in the new header's flags byte.
	endianMask   = 3
	endianLittle = 2
	endianBig    = 3
)

// Entry is one library the cache knows.
type Entry struct {
	Name  string // the soname, e.g. "libc.so.6"
	Path  string // where it lives, e.g. "/lib/x86_64-linux-gnu/libc.so.6"
	Flags int32  // FLAG_* of ldconfig: the ELF type and the required ABI
	HWCap uint64 // non-zero for entries meant only for some CPU capabilities
}

// Cache is the parsed cache, entries in file order (ldconfig sorts them
// so that the preferred match for a name comes first).
type Cache struct {
	Format  string // "old", "new" or "compat"
	Entries []Entry
}

// ErrFormat is wrapped by every error about a malformed cache.
var ErrFormat = errors.New("not a valid ld.so.cache")

// Load reads and parses the cache through h (so --root fixtures work).
func Load(h *host.Host) (*Cache, error) {
	data, err := h.ReadFile(Path)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Parse decodes a cache file's bytes. The new table is preferred when the
// file has both, as glibc does.
func Parse(data []byte) (*Cache, error) {
	switch {
	case bytes.HasPrefix(data, []byte(magicNew)):
		entries, err := parseNew(data)
		if err != nil {
			return nil, err
		}
		return &Cache{Format: "new", Entries: entries}, nil
	case bytes.HasPrefix(data, []byte(magicOld)):
		return parseOldOrCompat(data)
	}
	return nil, fmt.Errorf("%w: unknown magic", ErrFormat)
}

func parseOldOrCompat(data []byte) (*Cache, error) {
	if len(data) < oldHeaderLen {
		return nil, fmt.Errorf("%w: short old header", ErrFormat)
	}
	// The old format predates the endianness marker; it is always written
	// in the machine's order, which for every Linux target devboot
	// supports reading here is little-endian.
	bo := binary.LittleEndian
	n := uint64(bo.Uint32(data[12:16]))
	end := oldHeaderLen + n*oldEntryLen
	if end > uint64(len(data)) {
		return nil, fmt.Errorf("%w: %d old entries do not fit in %d bytes", ErrFormat, n, len(data))
	}
	// A new table may follow, aligned like struct cache_file_new (8 bytes).
	if next := (end + 7) &^ 7; next < uint64(len(data)) && bytes.HasPrefix(data[next:], []byte(magicNew)) {
		entries, err := parseNew(data[next:])
		if err != nil {
			return nil, err
		}
		return &Cache{Format: "compat", Entries: entries}, nil
	}
	// Old-format strings are offsets from the end of the entry table.
	strtab := data[end:]
	entries := make([]Entry, 0, n)
	for i := uint64(0); i < n; i++ {
		e := data[oldHeaderLen+i*oldEntryLen:]
		name, err := cstring(strtab, bo.Uint32(e[4:8]))
		if err != nil {
			return nil, err
		}
		path, err := cstring(strtab, bo.Uint32(e[8:12]))
		if err != nil {
			return nil, err
		}
		entries = append(entries, Entry{Name: name, Path: path, Flags: int32(bo.Uint32(e[0:4]))})
	}
	return &Cache{Format: "old", Entries: entries}, nil
}

// parseNew decodes a new-format table starting at data[0]; its string
// offsets are relative to that start.
func parseNew(data []byte) ([]Entry, error) {
	if len(data) < newHeaderLen {
		return nil, fmt.Errorf("%w: short header", ErrFormat)
	}
	if string(data[17:20]) != versionNew {
		return nil, fmt.Errorf("%w: version %q, want %q", ErrFormat, data[17:20], versionNew)
	}
	var bo binary.ByteOrder = binary.LittleEndian
	switch data[28] & endianMask {
	case endianBig:
		bo = binary.BigEndian
	case endianLittle, 0: // 0: written before the marker existed, native order
	default:
		return nil, fmt.Errorf("%w: invalid endianness marker", ErrFormat)
	}
	n := uint64(bo.Uint32(data[20:24]))
	if newHeaderLen+n*newEntryLen > uint64(len(data)) {
		return nil, fmt.Errorf("%w: %d entries do not fit in %d bytes", ErrFormat, n, len(data))
	}
	entries := make([]Entry, 0, n)
	for i := uint64(0); i < n; i++ {
		e := data[newHeaderLen+i*newEntryLen:]
		name, err := cstring(data, bo.Uint32(e[4:8]))
		if err != nil {
			return nil, err
		}
		path, err := cstring(data, bo.Uint32(e[8:12]))
		if err != nil {
			return nil, err
		}
		entries = append(entries, Entry{
			Name:  name,
			Path:  path,
			Flags: int32(bo.Uint32(e[0:4])),
			HWCap: bo.Uint64(e[16:24]),
		})
	}
	return entries, nil
}

// cstring returns the NUL-terminated string at off in buf.
func cstring(buf []byte, off uint32) (string, error) {
	if uint64(off) >= uint64(len(buf)) {
		return "", fmt.Errorf("%w: string offset %d outside %d bytes", ErrFormat, off, len(buf))
	}
	s := buf[off:]
	i := bytes.IndexByte(s, 0)
	if i < 0 {
		return "", fmt.Errorf("%w: unterminated string at %d", ErrFormat, off)
	}
	return string(s[:i]), nil
}
