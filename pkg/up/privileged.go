package up

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// capSysAdmin is the capability mount(2) needs.
const capSysAdmin = 21

// canMount reports whether devboot holds CAP_SYS_ADMIN (/proc/self/status
// CapEff), which is what "privileged" means for a container's mounts.
// Glue until pkg/detect reports it.
func canMount(h *host.Host) bool {
	data, err := h.ReadFile("/proc/self/status")
	if err != nil {
		return false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "CapEff:"); ok {
			caps, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			return err == nil && caps&(1<<capSysAdmin) != 0
		}
	}
	return false
}
