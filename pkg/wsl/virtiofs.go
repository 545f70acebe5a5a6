package wsl

import (
	"regexp"
	"strings"
	"sync"

	"github.com/devboot/devboot/pkg/host"
)

// VirtiofsTagDir holds one symlink per virtiofs tag, pointing at the Windows
// path the tag shares (WSL's SaveVirtiofsTagMapping).
const VirtiofsTagDir = "/run/wsl/virtiofs"

// virtiofsMountDir is where WSL mounts the aggregate virtiofs device; the
// per-share binds under it duplicate the /mnt/<drive> mounts.
const virtiofsMountDir = "/run/wsl/virtiofs-mounts"

// legacyTag matches the tags of WSL 2.0-era virtiofs shares: drvfsC1 is C:\,
// drvfsaC3 the elevated C:\.
var legacyTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^drvfsa?([A-Za-z])[0-9]+$`) })

// guidRE matches a share GUID, with or without braces.
var guidRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$`)
})

// decodeVirtiofs decodes a virtiofs mount. tags maps tag → Windows path
// (the links under VirtiofsTagDir); nil when they have not been read.
func decodeVirtiofs(m *Mount, tags map[string]string) {
	tag, sub := m.Source, m.Root
	// Newer WSL mounts one device ("drvfs", "drvfsa" elevated) and binds
	// /<share-guid>/<subpath> from it.
	aggregate := tag == "drvfs" || tag == "drvfsa"
	if aggregate && len(sub) > 1 {
		guid, rest, _ := strings.Cut(sub[1:], "/")
		if guidRE().MatchString(guid) {
			tag, sub = guid, "/"+rest
		}
	}
	if win, ok := tags[tag]; ok && win != "" {
		m.NTFS = true
		m.WindowsPath = withRoot(win, sub)
		return
	}
	if lt := legacyTag().FindStringSubmatch(tag); lt != nil {
		m.NTFS = true
		m.WindowsPath = withRoot(strings.ToUpper(lt[1])+`:\`, sub)
		return
	}
	if aggregate {
		m.NTFS = true // a drive share whose Windows path is not known here
	}
}

// readVirtiofsTags reads the tag links through h. A missing directory is no
// error: most WSL machines use 9p.
func readVirtiofsTags(h *host.Host) map[string]string {
	entries, err := h.ReadDir(VirtiofsTagDir)
	if err != nil {
		return nil
	}
	tags := map[string]string{}
	for _, e := range entries {
		if target, err := h.Readlink(VirtiofsTagDir + "/" + e.Name()); err == nil {
			tags[e.Name()] = target
		}
	}
	return tags
}
