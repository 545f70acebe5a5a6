package binwhy

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// Shebang is a script's parsed first line, as the kernel reads it.
type Shebang struct {
	Interpreter string // up to the first space or tab
	Arg         string // the rest, trimmed: ONE argument, spaces and all
	CRLF        bool   // the line ends in \r\n: the \r is part of the last word
	Truncated   bool   // longer than the kernel reads (BINPRM_BUF_SIZE)
}

// binprmBufSize is how many bytes of a script Linux reads for #!.
const binprmBufSize = 256

// ParseShebang parses head (the file's first bytes). ok is false when
// head does not start with "#!".
func ParseShebang(head []byte) (sb Shebang, ok bool) {
	if !bytes.HasPrefix(head, []byte("#!")) {
		return sb, false
	}
	line := head[2:]
	if len(head) > binprmBufSize {
		line = head[2:binprmBufSize]
	}
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	} else if len(head) >= binprmBufSize {
		sb.Truncated = true
	}
	if bytes.HasSuffix(line, []byte("\r")) {
		sb.CRLF = true
	}
	// The kernel strips spaces and tabs only; a \r stays in the word.
	s := strings.Trim(string(line), " \t")
	interp, arg, _ := strings.Cut(s, " ")
	if i := strings.IndexByte(interp, '\t'); i >= 0 {
		interp, arg = interp[:i], interp[i+1:]+" "+arg
	}
	sb.Interpreter, sb.Arg = interp, strings.Trim(arg, " \t")
	return sb, true
}

// envCommand returns the program `/usr/bin/env ARG` would look up, "" when
// the interpreter is not env.
func (sb Shebang) envCommand() string {
	if path.Base(sb.Interpreter) != "env" {
		return ""
	}
	words := strings.Fields(sb.Arg)
	for len(words) > 0 && strings.HasPrefix(words[0], "-") {
		split := words[0] == "-S" || words[0] == "--split-string"
		words = words[1:]
		if split {
			break
		}
	}
	for len(words) > 0 && strings.Contains(words[0], "=") {
		words = words[1:] // env VAR=value cmd
	}
	if len(words) == 0 {
		return ""
	}
	return words[0]
}

// shebangLayer checks a script's interpreter: present, executable, and for
// `#!/usr/bin/env X`, X on PATH.
func shebangLayer(h *host.Host, file string, sb Shebang, who identity) Layer {
	l := Layer{ID: LayerShebang, Verdict: OK}
	l.Evidence = append(l.Evidence, fmt.Sprintf("#! interpreter %q argument %q", sb.Interpreter, sb.Arg))
	if sb.CRLF {
		l.Verdict = Fail
		l.Message = fmt.Sprintf("%s has Windows line endings: the kernel looks for an interpreter named %q (with a carriage return), so it says \"bad interpreter: No such file or directory\"", file, strings.TrimSuffix(sb.Interpreter+" "+sb.Arg, " "))
		l.Fix = fmt.Sprintf("convert it to Unix line endings: sed -i 's/\\r$//' %s (or dos2unix; set git's core.autocrlf=input)", file)
		return l
	}
	if sb.Interpreter == "" {
		l.Verdict, l.Message = Fail, file+" starts with #! but names no interpreter"
		l.Fix = "put the interpreter's absolute path after #!, e.g. #!/bin/sh"
		return l
	}
	if sb.Truncated {
		l.Evidence = append(l.Evidence, fmt.Sprintf("the #! line is longer than the %d bytes the kernel reads", binprmBufSize))
	}
	if !strings.HasPrefix(sb.Interpreter, "/") {
		l.Verdict = Warn
		l.Evidence = append(l.Evidence, "relative interpreter: resolved from the current directory, not PATH")
	}
	real, fi, err := statIn(h, sb.Interpreter)
	switch {
	case err != nil:
		l.Verdict = Fail
		l.Message = fmt.Sprintf("#! interpreter %s does not exist: \"bad interpreter: No such file or directory\"", sb.Interpreter)
		l.Fix = fmt.Sprintf("install %s, or change the #! line to where it lives (or #!/usr/bin/env %s)", path.Base(sb.Interpreter), path.Base(sb.Interpreter))
		return l
	case !fi.Mode().IsRegular() || !who.canExec(fi):
		l.Verdict = Fail
		l.Message = fmt.Sprintf("#! interpreter %s is not an executable file (%s)", real, fi.Mode())
		l.Fix = "point the #! line at an executable interpreter"
		return l
	}
	if cmd := sb.envCommand(); cmd != "" {
		sub, found := lookPath(h, cmd, who)
		if found == "" {
			l.Verdict = Fail
			l.Message = fmt.Sprintf("#!%s %s: env finds no %s on PATH", sb.Interpreter, sb.Arg, cmd)
			l.Fix = fmt.Sprintf("install %s or add its directory to PATH", cmd)
			l.Evidence = append(l.Evidence, sub.Evidence...)
			return l
		}
		l.Evidence = append(l.Evidence, fmt.Sprintf("env runs %s", found))
	}
	if l.Message == "" {
		l.Message = "#! interpreter " + sb.Interpreter + " is usable"
	}
	return l
}
