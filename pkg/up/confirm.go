package up

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/devboot/devboot/pkg/exitcode"
)

// ErrDeclined is returned when the user answers no.
var ErrDeclined = errors.New("nothing was changed: you declined the plan")

// Confirm decides whether a plan of n changes may be applied: yes (--yes)
// applies; a prompt asks once on in/out; without a prompt (no terminal, or a
// container) changes need --yes, which the error says.
func Confirm(in io.Reader, out io.Writer, n int, yes, prompt bool, command string) error {
	if n == 0 || yes {
		return nil
	}
	if !prompt {
		return exitcode.BadInput(fmt.Errorf("%s would make %d change(s) and will not ask here (no terminal, or a container): pass --yes to apply them, or --dry-run to only see them", command, n))
	}
	fmt.Fprintf(out, "Apply these %d change(s)? [y/N] ", n)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return ErrDeclined
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return ErrDeclined
}
