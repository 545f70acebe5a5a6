package wsl

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/moby/sys/mountinfo"

	"github.com/devboot/devboot/testenv/roots"
)

// dockerHostTable is a mount table like a WSL2 distro with Docker Desktop
// and a few hundred containers' mounts: overlay roots with long lowerdir
// options, per-container shm and bind-mounted /etc files.
func dockerHostTable(containers int) []byte {
	var b bytes.Buffer
	b.WriteString(roots.WSL2(roots.DockerDesktop())["/proc/self/mountinfo"])
	id := 1000
	for c := 0; c < containers; c++ {
		cid := fmt.Sprintf("%064x", c*7919+1)
		var lower []string
		for l := 0; l < 12; l++ {
			lower = append(lower, fmt.Sprintf("/var/lib/docker/overlay2/l/%026X", c*100+l))
		}
		fmt.Fprintf(&b, "%d 65 0:%d / /var/lib/docker/overlay2/%s/merged rw,relatime shared:%d - overlay overlay rw,lowerdir=%s,upperdir=/var/lib/docker/overlay2/%s/diff,workdir=/var/lib/docker/overlay2/%s/work,nouserxattr\n",
			id, 300+c, cid, 400+c, strings.Join(lower, ":"), cid, cid)
		fmt.Fprintf(&b, "%d 65 0:%d / /var/lib/docker/containers/%s/mounts/shm rw,nosuid,nodev,noexec,relatime shared:%d - tmpfs shm rw,size=65536k\n", id+1, 900+c, cid, 500+c)
		fmt.Fprintf(&b, "%d 65 0:%d / /run/docker/netns/%012x rw shared:%d - nsfs nsfs rw\n", id+2, 4, c, 600+c)
		id += 3
	}
	return b.Bytes()
}

func BenchmarkParseMountInfo(b *testing.B) {
	data := dockerHostTable(200)
	lines := bytes.Count(data, []byte{'\n'})
	b.ReportMetric(float64(lines), "lines")
	b.SetBytes(int64(len(data)))
	b.Run("wsl.ParseMountInfo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			mounts, err := ParseMountInfo(bytes.NewReader(data))
			if err != nil || len(mounts) != lines {
				b.Fatalf("%d mounts of %d, %v", len(mounts), lines, err)
			}
		}
	})
	// The baseline: moby's parser alone, which loses the /Docker/host tail.
	b.Run("mountinfo.GetMountsFromReader", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := mountinfo.GetMountsFromReader(bytes.NewReader(data), nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
