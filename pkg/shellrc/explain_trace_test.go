package shellrc

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestXtraceRecords(t *testing.T) {
	trace := "+devboot\t/etc/profile\t4\tid -u\n" +
		"user output that looks like nothing\n" +
		"+devboot\t/h/.bash_profile\t1\t. /h/empty\n" + // sourced, runs nothing
		"++devboot\t/h/.bashrc\t3\tPATH=/x\n" +
		"+devboot\t\t1\tprintf %s\n" + // the -c command
		"+devboot\t/h/.bash_profile\t2\texport A\n"
	files, lines := xtraceRecords([]byte(trace))
	if want := []string{"/etc/profile", "/h/.bash_profile", "/h/empty", "/h/.bashrc"}; !slices.Equal(files, want) {
		t.Fatalf("files %q, want %q", files, want)
	}
	if !slices.Equal(lines["/h/.bash_profile"], []int{1, 2}) || !slices.Equal(lines["/h/.bashrc"], []int{3}) {
		t.Fatalf("lines %v", lines)
	}
}

func TestSourcedAndFishFiles(t *testing.T) {
	sh := "+devboot\tid -u\n+devboot\t. /etc/profile.d/a.sh\n+devboot\tsource '/h/a b'\n+devboot\t. relative\n"
	if got := sourcedFiles([]byte(sh), traceMark); !slices.Equal(got, []string{"/etc/profile.d/a.sh", "/h/a b"}) {
		t.Fatalf("sourced %q", got)
	}
	fish := "> source /usr/share/fish/config.fish\n---> source /usr/share/fish/functions/x.fish\n---> source /h/.config/fish/conf.d/devboot.fish\n--> builtin source /usr/share/fish/vendor_conf.d/00debian-profile.fish\n> source /etc/fish/config.fish\n"
	want := []string{"/usr/share/fish/config.fish", "/h/.config/fish/conf.d/devboot.fish", "/usr/share/fish/vendor_conf.d/00debian-profile.fish", "/etc/fish/config.fish"}
	if got := fishSources([]byte(fish)); !slices.Equal(got, want) {
		t.Fatalf("fish %q", got)
	}
}

// FuzzTraceParsers: no trace makes the parsers fail, and every file they
// report is absolute, reported once, and (xtrace) has its lines recorded.
func FuzzTraceParsers(f *testing.F) {
	f.Add([]byte("+devboot\t/etc/profile\t4\t. /x\n++devboot\t/x\t1\ttrue\n"))
	f.Add([]byte("---> source /a b\n> builtin source /etc/fish/config.fish\n"))
	f.Add([]byte("+ . '/h/.bashrc'\n+devboot\t\t\t\n"))
	f.Fuzz(func(t *testing.T, trace []byte) {
		files, lines := xtraceRecords(trace)
		for _, list := range [][]string{files, sourcedFiles(trace, " "), sourcedFiles(trace, traceMark), fishSources(trace)} {
			seen := map[string]bool{}
			for _, p := range list {
				if !filepath.IsAbs(p) || seen[p] || strings.Contains(p, "\n") {
					t.Fatalf("bad file %q in %q", p, list)
				}
				seen[p] = true
			}
		}
		for _, p := range files {
			if _, ok := lines[p]; !ok {
				t.Fatalf("%q has no line record", p)
			}
		}
	})
}

// TestPlaceSourced: files a rules-based trace saw sourced go right after
// the file that names them (/etc/profile's profile.d glob, ~/.profile's
// $HOME/.bashrc), in trace order; unnamed ones go last.
func TestPlaceSourced(t *testing.T) {
	text := map[string]string{
		"/etc/profile": "for i in /etc/profile.d/*.sh; do . $i; done\n",
		"/h/.profile":  ". \"$HOME/.bashrc\"\n",
		"/h/.bashrc":   ". ~/.aliases\n",
	}
	got := placeSourced([]string{"/etc/profile", "/h/.profile"},
		[]string{"/etc/profile.d/a.sh", "/etc/profile.d/b.sh", "/h/.bashrc", "/h/.aliases", "/opt/x.sh"},
		"/h", func(p string) string { return text[p] })
	want := []string{"/etc/profile", "/etc/profile.d/a.sh", "/etc/profile.d/b.sh", "/h/.profile", "/h/.bashrc", "/h/.aliases", "/opt/x.sh"}
	if !slices.Equal(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}
