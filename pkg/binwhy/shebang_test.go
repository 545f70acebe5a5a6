package binwhy

import (
	"strings"
	"testing"
)

func TestParseShebang(t *testing.T) {
	for _, tc := range []struct {
		in          string
		interp, arg string
		crlf, ok    bool
		envCmd      string
	}{
		{"#!/bin/sh\n", "/bin/sh", "", false, true, ""},
		{"#! /usr/bin/python3 -u -x\n", "/usr/bin/python3", "-u -x", false, true, ""},
		{"#!/bin/bash\r\n", "/bin/bash\r", "", true, true, ""},
		{"#!/usr/bin/env python3\n", "/usr/bin/env", "python3", false, true, "python3"},
		{"#!/usr/bin/env -S deno run --allow-net\n", "/usr/bin/env", "-S deno run --allow-net", false, true, "deno"},
		{"#!/usr/bin/env A=1 node\n", "/usr/bin/env", "A=1 node", false, true, "node"},
		{"#!\t/bin/sh\t-e\n", "/bin/sh", "-e", false, true, ""},
		{"\x7fELF", "", "", false, false, ""},
	} {
		sb, ok := ParseShebang([]byte(tc.in))
		if ok != tc.ok || sb.Interpreter != tc.interp || sb.Arg != tc.arg || sb.CRLF != tc.crlf || sb.envCommand() != tc.envCmd {
			t.Errorf("%q: got %+v ok=%v env=%q", tc.in, sb, ok, sb.envCommand())
		}
	}
	long := "#!/" + strings.Repeat("x", 300) + "\n"
	if sb, _ := ParseShebang([]byte(long)); !sb.Truncated || len(sb.Interpreter) > binprmBufSize {
		t.Errorf("over-long line not truncated as the kernel does: %d bytes", len(sb.Interpreter))
	}
}

func FuzzParseShebang(f *testing.F) {
	for _, s := range []string{"#!/bin/sh\n", "#!/usr/bin/env -S a b\r\n", "#!", "#! \t\n", "#!/x y z"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		sb, ok := ParseShebang(head)
		if !ok {
			return
		}
		if strings.ContainsAny(sb.Interpreter, " \t\n") || strings.Contains(sb.Arg, "\n") {
			t.Fatalf("%q parsed into %+v", head, sb)
		}
		_ = sb.envCommand()
	})
}
