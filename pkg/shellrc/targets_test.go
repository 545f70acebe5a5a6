package shellrc

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/testenv/roots"
)

func targetPaths(ts []Target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Path)
	}
	return out
}

func TestTargetsPerMachine(t *testing.T) {
	home := t.TempDir()
	zdot := filepath.Join(home, "zdot")
	for _, c := range []struct {
		name  string
		tree  roots.Tree
		env   []string
		files []string // existing in home
		want  []string
	}{
		{"bare container: no zsh, fish or systemd", roots.Tree{"/usr/bin/bash": "x"}, nil, nil,
			[]string{".profile", ".bashrc"}},
		{"bash_login exists, zsh with ZDOTDIR, system zprofile resets PATH, fish, systemd",
			roots.Tree{"/usr/bin/zsh": "x", "/usr/bin/fish": "x", "/etc/zprofile": "# x\nsource /etc/profile\n", "/usr/lib/systemd/": ""},
			[]string{"ZDOTDIR=" + zdot}, []string{".bash_login"},
			[]string{".profile", ".bash_login", ".bashrc", "zdot/.zshenv", "zdot/.zprofile", ".config/fish/conf.d/devboot.fish", ".config/environment.d/50-devboot.conf"}},
		{"Debian: empty system zprofile, bash_profile wins over bash_login",
			roots.Tree{"/bin/zsh": "x", "/etc/zsh/zprofile": "# only comments\n"}, nil, []string{".bash_profile", ".bash_login"},
			[]string{".profile", ".bash_profile", ".bashrc", ".zshenv"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.RemoveAll(home)
			os.MkdirAll(home, 0o755)
			for _, f := range c.files {
				write(t, filepath.Join(home, f), "", 0o644)
			}
			h := host.New(roots.Build(t, c.tree), append([]string{"HOME=" + home}, c.env...))
			if err := h.ResolveUser(home); err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, w := range c.want {
				want = append(want, filepath.Join(home, w))
			}
			if got := targetPaths(Targets(h)); !slices.Equal(got, want) {
				t.Fatalf("got  %q\nwant %q", got, want)
			}
		})
	}
}
