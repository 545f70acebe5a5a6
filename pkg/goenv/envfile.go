package goenv

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/devboot/devboot/pkg/host"
)

// EnvFilePath is the file `go env -w` writes for the user devboot configures:
// $GOENV when set, else <config home>/go/env (os.UserConfigDir, as cmd/go
// uses). GOENV is honoured from the environment devboot was started with,
// because that is what the user's go commands will see too.
func EnvFilePath(h *host.Host) (string, error) {
	if f := h.Getenv("GOENV"); f != "" {
		if f == "off" {
			return "", errors.New("GOENV=off: go reads no env file, so there is nowhere to persist Go settings; unset GOENV and run again")
		}
		if !filepath.IsAbs(f) {
			return "", fmt.Errorf("GOENV=%q is relative, so go would look for it in every working directory; set it to an absolute path", f)
		}
		return f, nil
	}
	return filepath.Join(h.ConfigHome(), "go", "env"), nil
}

// ReadFile returns the settings in the user's go env file (missing file:
// none), read the way cmd/go reads it: the last line for a key wins.
func ReadFile(h *host.Host) (map[string]string, error) {
	path, err := EnvFilePath(h)
	if err != nil {
		return nil, err
	}
	data, err := h.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseEnvFile(data), nil
}

// ParseEnvFile parses go env file content exactly as cmd/go's readEnvFile:
// a line counts when it has '=' and starts with A-Z; the value is the rest
// of the line, unquoted; later lines win.
func ParseEnvFile(data []byte) map[string]string {
	m := map[string]string{}
	for _, l := range envLines(data) {
		if k, v, ok := lineKV(l); ok {
			m[k] = v
		}
	}
	return m
}

// envLines splits data after each '\n', keeping the terminators, so that
// joining the lines gives data back byte for byte.
func envLines(data []byte) []string {
	if len(data) == 0 {
		return nil
	}
	return strings.SplitAfter(string(data), "\n")
}

func lineKV(line string) (key, val string, ok bool) {
	line = strings.TrimSuffix(line, "\n")
	i := strings.IndexByte(line, '=')
	if i < 0 || line[0] < 'A' || line[0] > 'Z' {
		return "", "", false
	}
	return line[:i], line[i+1:], true
}

// setKey makes key=val the effective setting with the smallest edit: the
// last line for key is rewritten in place, or a line is appended. It reports
// whether a newline had to be added to a last line that lacked one.
func setKey(data []byte, key, val string) (out []byte, addedNewline bool) {
	lines := envLines(data)
	for i := len(lines) - 1; i >= 0; i-- {
		if k, _, ok := lineKV(lines[i]); ok && k == key {
			end := ""
			if strings.HasSuffix(lines[i], "\n") {
				end = "\n"
			}
			lines[i] = key + "=" + val + end
			return []byte(strings.Join(lines, "")), false
		}
	}
	var b bytes.Buffer
	b.Write(data)
	if len(data) > 0 && data[len(data)-1] != '\n' {
		b.WriteByte('\n')
		addedNewline = true
	}
	b.WriteString(key + "=" + val + "\n")
	return b.Bytes(), addedNewline
}

// unsetKey removes every line for key, as `go env -u` does.
func unsetKey(data []byte, key string) []byte {
	var b bytes.Buffer
	for _, l := range envLines(data) {
		if k, _, ok := lineKV(l); ok && k == key {
			continue
		}
		b.WriteString(l)
	}
	return b.Bytes()
}

// CheckSetting rejects what `go env -w` would reject (or what would break
// every later go command), with a message that says what to do.
func CheckSetting(key, val string) error {
	if key == "" || key[0] < 'A' || key[0] > 'Z' || strings.ContainsAny(key, "=# \t\n\r") {
		return fmt.Errorf("%q is not a Go environment variable name (use upper case, like GOPROXY)", key)
	}
	switch key {
	case "GOEXE", "GOGCCFLAGS", "GOHOSTARCH", "GOHOSTOS", "GOMOD", "GOWORK", "GOTOOLDIR", "GOVERSION", "GOTELEMETRY", "GOTELEMETRYDIR":
		return fmt.Errorf("%s is computed by go and cannot be set", key)
	case "GOENV", "GODEBUG":
		return fmt.Errorf("%s can only be set in the OS environment, not in go's env file", key)
	case "GOPATH", "GOMODCACHE", "GOBIN", "GOCACHE":
		for _, p := range filepath.SplitList(val) {
			if !filepath.IsAbs(p) {
				return fmt.Errorf("%s=%q: go needs an absolute path (no ~ or relative paths)", key, val)
			}
		}
	}
	if !utf8.ValidString(val) || strings.ContainsAny(val, "\x00\v\r\n") {
		return fmt.Errorf("%s: the value must be one line of valid UTF-8 without NUL", key)
	}
	return checkNetworkSetting(key, val)
}
