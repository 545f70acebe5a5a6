package wsl

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

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
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var (
		out []Mount
		bad []int
	)
	for n, line := range bytes.Split(data, []byte{'\n'}) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		m, ok := parseLine(string(line))
		if !ok {
			bad = append(bad, n+1)
			continue
		}
		decode(&m)
		out = append(out, m)
	}
	if len(bad) > 0 {
		return out, &MalformedError{Lines: bad}
	}
	return out, nil
}

// parseLine reads a line with moby/sys/mountinfo. That parser keeps only the
// first space-separated piece of the superblock options, and could pick a
// wrong separator if the options held " - ", so the options are taken from
// the raw line and moby is given the line with their spaces escaped.
func parseLine(line string) (Mount, bool) {
	fields := strings.Split(line, " ")
	// The separator is the first lone "-" after the six fixed fields: fields
	// before it are escaped and hold no spaces.
	sep := -1
	for i := 6; i < len(fields); i++ {
		if fields[i] == "-" {
			sep = i
			break
		}
	}
	if sep < 0 || len(fields) < sep+4 {
		return Mount{}, false
	}
	super := strings.Join(fields[sep+3:], " ")
	clean := strings.Join(fields[:sep+3], " ") + " " + strings.ReplaceAll(super, " ", `\040`)
	infos, err := mountinfo.GetMountsFromReader(strings.NewReader(clean), nil)
	if err != nil || len(infos) != 1 {
		return Mount{}, false
	}
	// moby ignores bad numbers; a line whose IDs are not numbers is garbage.
	for _, f := range fields[:2] {
		if _, err := strconv.Atoi(f); err != nil {
			return Mount{}, false
		}
	}
	in := infos[0]
	if !strings.HasPrefix(in.Mountpoint, "/") {
		return Mount{}, false
	}
	return Mount{
		ID:           in.ID,
		Parent:       in.Parent,
		Major:        in.Major,
		Minor:        in.Minor,
		MountPoint:   in.Mountpoint,
		Root:         in.Root,
		Options:      in.Options,
		FSType:       in.FSType,
		Source:       in.Source,
		SuperOptions: super,
	}, true
}
