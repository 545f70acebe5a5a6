package wsl

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/moby/sys/mountinfo"
)

// Mount is one line of /proc/<pid>/mountinfo with WSL semantics decoded.
type Mount struct {
	ID, Parent   int
	Major, Minor int
	// MountPoint, Root and Source are unescaped (\040 \011 \012 \134).
	MountPoint string
	// Root is the root of the mount within its filesystem ("/" unless a bind).
	Root   string
	FSType string
	Source string
	// Options are the per-mount options.
	Options string
	// SuperOptions are the superblock options as the kernel printed them,
	// including any tail after an unescaped space (9p prints path= raw, so
	// `path=C:\Program Files\...` spans two fields).
	SuperOptions string
	// NTFS is true for drive mounts: drvfs, 9p with aname=drvfs, and
	// virtiofs drive shares.
	NTFS bool
	// WindowsPath is the Windows path of the mount's root (`C:\`,
	// `C:\Users\me\Box`, `\\server\share`), "" when unknown.
	WindowsPath string
	// SymlinkRoot is where absolute Windows link targets appear in Linux
	// (symlinkroot=, "/mnt/" by default); "" when the mount does not say.
	SymlinkRoot string
}

// ErrMalformed marks a mountinfo line that could not be parsed.
var ErrMalformed = errors.New("malformed mountinfo line")

// MalformedError lists the skipped lines (1-based numbers). It wraps
// ErrMalformed.
type MalformedError struct{ Lines []int }

func (e *MalformedError) Error() string {
	return fmt.Sprintf("mountinfo: skipped %d malformed line(s) (line %v)", len(e.Lines), e.Lines)
}

func (e *MalformedError) Unwrap() error { return ErrMalformed }

// ParseMountInfo parses a mountinfo table. It never gives up on the whole
// table for one bad line: the lines that parse are returned, and if any were
// skipped the error is a *MalformedError (errors.Is(err, ErrMalformed)), so
// callers may warn and still use the mounts. Other errors are read errors.
// Virtiofs tags are decoded only from their names here; LoadMounts also
// reads /run/wsl/virtiofs.
func ParseMountInfo(r io.Reader) ([]Mount, error) {
	var in bytes.Buffer
	if sized, ok := r.(interface{ Len() int }); ok {
		in.Grow(sized.Len() + bytes.MinRead)
	}
	if _, err := in.ReadFrom(r); err != nil {
		return nil, err
	}
	return parseMountInfo(in.Bytes())
}

// parseMountInfo takes ownership of data: its strings share data's memory,
// which is never written again, to spare a copy of tables that run to
// hundreds of kilobytes on Docker hosts.
func parseMountInfo(data []byte) ([]Mount, error) {
	var (
		lines []rawLine
		bad   []int
		// moby reads the sound lines in one pass: runs of the input as is,
		// and the lines whose options had to be rewritten for it.
		parts    []io.Reader
		runStart int
	)
	text := unsafe.String(unsafe.SliceData(data), len(data))
	rest := text
	flush := func(end int) {
		if end > runStart {
			parts = append(parts, strings.NewReader(text[runStart:end]))
		}
	}
	for n := 1; rest != ""; n++ {
		start := len(text) - len(rest)
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		end := len(text) - len(rest)
		blank := strings.TrimSpace(line) == ""
		rl, ok := splitLine(line)
		switch {
		case blank || !ok:
			if !blank {
				bad = append(bad, n)
			}
			flush(start)
			runStart = end
			continue
		case rl.clean != line:
			flush(start)
			parts = append(parts, strings.NewReader(rl.clean+"\n"))
			runStart = end
		}
		rl.number = n
		lines = append(lines, rl)
	}
	flush(len(text))
	// Should moby still refuse a line, find it line by line.
	all := io.MultiReader(parts...)
	infos, err := mountinfo.GetMountsFromReader(all, nil)
	if err != nil || len(infos) != len(lines) {
		infos = infos[:0]
		kept := lines[:0]
		for _, rl := range lines {
			in, err := mountinfo.GetMountsFromReader(strings.NewReader(rl.clean), nil)
			if err != nil || len(in) != 1 {
				bad = append(bad, rl.number)
				continue
			}
			infos = append(infos, in[0])
			kept = append(kept, rl)
		}
		lines = kept
	}
	out := make([]Mount, 0, len(infos))
	for i, in := range infos {
		if !strings.HasPrefix(in.Mountpoint, "/") {
			bad = append(bad, lines[i].number)
			continue
		}
		m := Mount{
			ID:           in.ID,
			Parent:       in.Parent,
			Major:        in.Major,
			Minor:        in.Minor,
			MountPoint:   in.Mountpoint,
			Root:         in.Root,
			Options:      in.Options,
			FSType:       in.FSType,
			Source:       in.Source,
			SuperOptions: lines[i].super,
		}
		decode(&m)
		out = append(out, m)
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		return out, &MalformedError{Lines: bad}
	}
	return out, nil
}

// rawLine is a mountinfo line split where moby's parser cannot be trusted.
type rawLine struct {
	number int
	// super is the superblock options as printed, spaces included.
	super string
	// clean is the line with the spaces in super escaped, for moby.
	clean string
}

// splitLine finds the superblock options of a line. moby/sys/mountinfo
// keeps only the first space-separated piece of them (9p prints path= raw,
// so Docker Desktop's `path=C:\Program Files\...` spans two fields), and
// could pick a wrong separator if they held " - ". The separator is the
// first lone "-" after the six fixed fields, which are escaped and hold no
// spaces. It also rejects lines moby would silently misread (IDs that are
// not numbers).
func splitLine(line string) (rawLine, bool) {
	// End of the six fixed fields: the sixth space.
	pos := 0
	for range 6 {
		i := strings.IndexByte(line[pos:], ' ')
		if i < 0 {
			return rawLine{}, false
		}
		pos += i + 1
	}
	sep := strings.Index(line[pos-1:], " - ")
	if sep < 0 {
		return rawLine{}, false
	}
	tail := line[pos-1+sep+3:] // TYPE SOURCE SUPER...
	_, afterType, ok1 := strings.Cut(tail, " ")
	_, super, ok2 := strings.Cut(afterType, " ")
	if !ok1 || !ok2 {
		return rawLine{}, false
	}
	id, rest, _ := strings.Cut(line, " ")
	parent, rest, _ := strings.Cut(rest, " ")
	dev, _, _ := strings.Cut(rest, " ")
	if !isNumber(id) || !isNumber(parent) || !strings.Contains(dev, ":") {
		return rawLine{}, false
	}
	rl := rawLine{super: super, clean: line}
	if strings.Contains(super, " ") {
		rl.clean = line[:len(line)-len(super)] + strings.ReplaceAll(super, " ", `\040`)
	}
	return rl, true
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}
