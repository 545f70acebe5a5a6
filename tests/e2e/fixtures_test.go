package e2e

import (
	"fmt"
	"os"

	"github.com/devboot/devboot/testenv/roots"
)

// Fixture roots shaped like real machines (see ../shared/HOST-FACTS.md).

const debianOSRelease = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
ID=debian
`

// systemGo makes the machine's own /usr/local/go visible through the
// fixture root, where devboot looks for adoptable toolchains: a path linked
// to itself is bind-mounted, read-only, from the machine (newMachine).
var systemGo = roots.Tree{"/usr/local/go": "->/usr/local/go"}

// bareSystemd is a bare Debian host whose user has a systemd user session.
func bareSystemd(string) roots.Tree {
	uid := os.Getuid()
	return roots.Merge(systemGo, roots.Tree{
		"/proc/sys/kernel/osrelease":                     "6.1.0-18-amd64\n",
		"/proc/sys/kernel/arch":                          "x86_64\n",
		"/proc/version":                                  "Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\n",
		"/proc/self/mountinfo":                           "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro\n",
		"/proc/self/cgroup":                              "0::/user.slice/user-1000.slice/session-2.scope\n",
		"/proc/1/comm":                                   "systemd\n",
		"/etc/os-release":                                debianOSRelease,
		"/run/systemd/system/":                           "",
		"/usr/lib/systemd/":                              "",
		fmt.Sprintf("/run/user/%d/systemd/private", uid): "",
	})
}

// docker is a Debian container started by Docker.
func docker(string) roots.Tree {
	return roots.Merge(systemGo, roots.Tree{
		"/.dockerenv":                "",
		"/proc/sys/kernel/osrelease": "6.1.0-18-amd64\n",
		"/proc/sys/kernel/arch":      "x86_64\n",
		"/proc/self/mountinfo": "601 540 0:52 / / rw,relatime master:277 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/ABC:/var/lib/docker/overlay2/l/DEF,upperdir=/var/lib/docker/overlay2/1f2e/diff,workdir=/var/lib/docker/overlay2/1f2e/work\n" +
			"610 601 259:2 /var/lib/docker/containers/4f1c9a/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/nvme0n1p2 rw\n" +
			"611 601 259:2 /var/lib/docker/containers/4f1c9a/hostname /etc/hostname rw,relatime - ext4 /dev/nvme0n1p2 rw\n",
		"/proc/self/cgroup": "0::/\n",
		"/proc/1/comm":      "bash\n",
		"/etc/os-release":   debianOSRelease,
	})
}
