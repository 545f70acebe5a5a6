package up

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/exitcode"
)

func TestConfirm(t *testing.T) {
	var out bytes.Buffer
	if err := Confirm(strings.NewReader(""), &out, 0, false, false, "up"); err != nil {
		t.Fatalf("no changes need no consent: %v", err)
	}
	if err := Confirm(strings.NewReader(""), &out, 3, true, false, "up"); err != nil {
		t.Fatalf("--yes: %v", err)
	}
	err := Confirm(strings.NewReader("y\n"), &out, 3, false, false, "up")
	if exitcode.Code(err) != exitcode.Usage || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("without a prompt: want exit 2 naming --yes, got %v", err)
	}
	if out.Len() != 0 {
		t.Fatalf("asked without a prompt: %q", out.String())
	}
	for answer, ok := range map[string]bool{"y\n": true, "YES\n": true, "n\n": false, "\n": false, "": false} {
		out.Reset()
		err := Confirm(strings.NewReader(answer), &out, 2, false, true, "up")
		if (err == nil) != ok || (!ok && !errors.Is(err, ErrDeclined)) {
			t.Errorf("answer %q: %v", answer, err)
		}
		if !strings.Contains(out.String(), "2 change(s)") {
			t.Errorf("prompt %q", out.String())
		}
	}
}
