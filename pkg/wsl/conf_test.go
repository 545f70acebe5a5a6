package wsl

import (
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/testenv/roots"
)

func TestParseConf(t *testing.T) {
	cases := []struct {
		name, text string
		want       Conf
		problem    string
	}{
		{"empty", "", DefaultConf(), ""},
		{"root slash and options", "[automount]\nroot = /\noptions = \"metadata,umask=22\"\n", func() Conf {
			c := DefaultConf()
			c.AutomountRoot, c.AutomountOptions = "/", "metadata,umask=22"
			return c
		}(), ""},
		{"root without slash, case-insensitive names", "[AutoMount]\nRoot=/windir\nENABLED=FALSE\nmountFsTab = 0\n", func() Conf {
			c := DefaultConf()
			c.AutomountRoot, c.AutomountEnabled, c.MountFsTab = "/windir/", false, false
			return c
		}(), ""},
		{"interop and systemd with comments", "# comment\n[interop]\nenabled=false # off\nappendWindowsPath=false\n[boot]\nsystemd=true\n", func() Conf {
			c := DefaultConf()
			c.InteropEnabled, c.AppendWindowsPath, c.Systemd = false, false, true
			return c
		}(), ""},
		{"bad boolean keeps the default", "[interop]\nenabled=nope\n[boot]\nsystemd=1\n", func() Conf {
			c := DefaultConf()
			c.Systemd = true
			return c
		}(), "interop.enabled"},
		{"keys outside their section do not count", "root = /x\n[network]\nroot = /y\n", DefaultConf(), ""},
		{"empty root means /", "[automount]\nroot =\n", func() Conf {
			c := DefaultConf()
			c.AutomountRoot = "/"
			return c
		}(), ""},
	}
	for _, tc := range cases {
		got, err := ParseConf([]byte(tc.text))
		if got != tc.want {
			t.Errorf("%s: %+v\nwant %+v", tc.name, got, tc.want)
		}
		if (err != nil) != (tc.problem != "") || err != nil && !strings.Contains(err.Error(), tc.problem) {
			t.Errorf("%s: error %v, want one naming %q", tc.name, err, tc.problem)
		}
	}
}

func TestReadConfFixtures(t *testing.T) {
	h := host.New(roots.Build(t, roots.Tree{"/etc/": ""}), nil)
	if c, err := ReadConf(h); err != nil || c != DefaultConf() {
		t.Errorf("missing wsl.conf: %+v, %v; want defaults", c, err)
	}
	h = host.New(roots.Build(t, roots.WSL2(roots.InteropOff(), roots.Systemd(), roots.AutomountRoot("/win"))), nil)
	c, err := ReadConf(h)
	if err != nil || c.InteropEnabled || c.AppendWindowsPath || !c.Systemd || c.AutomountRoot != "/win/" || c.AutomountOptions != "metadata,umask=22,fmask=11" {
		t.Errorf("fixture wsl.conf: %+v, %v", c, err)
	}
}
