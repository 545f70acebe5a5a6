package wsl

import (
	"fmt"

	"github.com/devboot/devboot/pkg/host"
)

// MountInfoPath is the mount table LoadMounts reads (through Host.Root).
const MountInfoPath = "/proc/self/mountinfo"

// LoadMounts reads the host's mount table through h and decodes it,
// including virtiofs tag links under /run/wsl/virtiofs. Virtiofs shares
// carry no symlinkroot option, so theirs is the automount root of
// /etc/wsl.conf. Like ParseMountInfo, it may return mounts together with an
// error wrapping ErrMalformed.
func LoadMounts(h *host.Host) ([]Mount, error) {
	data, err := h.ReadFile(MountInfoPath)
	if err != nil {
		return nil, fmt.Errorf("reading the mount table: %w", err)
	}
	mounts, err := parseMountInfo(data)
	tags := readVirtiofsTags(h)
	var conf *Conf
	for i := range mounts {
		m := &mounts[i]
		if m.FSType != "virtiofs" {
			continue
		}
		decodeVirtiofs(m, tags)
		if m.NTFS && m.SymlinkRoot == "" {
			if conf == nil {
				c, _ := ReadConf(h) // defaults on error: WSL does the same
				conf = &c
			}
			m.SymlinkRoot = conf.AutomountRoot
		}
	}
	return mounts, err
}
