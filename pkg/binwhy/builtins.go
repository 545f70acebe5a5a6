package binwhy

import (
	"fmt"
	"path"
	"slices"
)

// Words each shell answers itself, before any PATH lookup. A user who runs
// `source` in sh or `setopt` in bash gets "not found" for a command that
// works in their other shell; a `which` program differs from zsh's builtin.
var shellWords = map[string][]string{
	"bash": {"!", ".", ":", "[", "[[", "]]", "{", "}", "alias", "bg", "bind", "break", "builtin", "caller", "case", "cd", "command", "compgen", "complete", "compopt", "continue", "coproc", "declare", "dirs", "disown", "do", "done", "echo", "elif", "else", "enable", "esac", "eval", "exec", "exit", "export", "false", "fc", "fg", "fi", "for", "function", "getopts", "hash", "help", "history", "if", "in", "jobs", "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray", "readonly", "return", "select", "set", "shift", "shopt", "source", "suspend", "test", "then", "time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "until", "wait", "while"},
	"zsh":  {"!", ".", ":", "[", "[[", "{", "}", "alias", "autoload", "bg", "bindkey", "break", "builtin", "bye", "case", "cd", "command", "compdef", "continue", "declare", "dirs", "disown", "do", "done", "echo", "elif", "else", "emulate", "esac", "eval", "exec", "exit", "export", "false", "fc", "fg", "fi", "float", "for", "foreach", "function", "functions", "getopts", "hash", "history", "if", "integer", "jobs", "kill", "let", "local", "logout", "noglob", "popd", "print", "printf", "pushd", "pwd", "read", "readonly", "rehash", "repeat", "return", "select", "set", "setopt", "shift", "source", "suspend", "test", "then", "time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unfunction", "unhash", "unset", "unsetopt", "until", "wait", "whence", "where", "which", "while", "zle", "zmodload", "zstyle"},
	"fish": {"abbr", "and", "argparse", "begin", "bg", "bind", "block", "break", "builtin", "case", "cd", "command", "commandline", "complete", "contains", "continue", "count", "echo", "else", "emit", "end", "eval", "exec", "exit", "false", "fg", "for", "function", "functions", "history", "if", "jobs", "math", "not", "or", "path", "printf", "pwd", "random", "read", "realpath", "return", "set", "set_color", "source", "status", "string", "switch", "test", "time", "true", "type", "ulimit", "wait", "while"},
	"sh":   {"!", ".", ":", "[", "alias", "bg", "break", "case", "cd", "command", "continue", "do", "done", "echo", "elif", "else", "esac", "eval", "exec", "exit", "export", "false", "fg", "fi", "for", "getopts", "hash", "if", "in", "jobs", "kill", "local", "printf", "pwd", "read", "readonly", "return", "set", "shift", "test", "then", "times", "trap", "true", "type", "ulimit", "umask", "unalias", "unset", "until", "wait", "while"},
}

// builtinLayer says whether name is a builtin or keyword of the user's
// shell (or of another common shell), which is what the user may be
// thinking of. It never fails on its own: it explains.
func builtinLayer(shell, name string, found bool) (Layer, bool) {
	sh := path.Base(shell)
	if sh == "dash" || sh == "ash" || sh == "." || sh == "/" {
		sh = "sh"
	}
	var in []string
	for _, s := range []string{"bash", "zsh", "fish", "sh"} {
		if slices.Contains(shellWords[s], name) {
			in = append(in, s)
		}
	}
	if len(in) == 0 {
		return Layer{}, false
	}
	l := Layer{ID: LayerBuiltin, Verdict: Warn, Evidence: []string{fmt.Sprintf("builtin or keyword in: %v", in)}}
	switch {
	case slices.Contains(in, sh) && found:
		l.Message = fmt.Sprintf("%s is a %s builtin: typed in %s it runs the builtin, not the file on PATH", name, sh, sh)
		l.Fix = fmt.Sprintf("run the file explicitly (command %s, or its full path) when you mean the program", name)
	case slices.Contains(in, sh):
		l.Message = fmt.Sprintf("%s is a %s builtin, not a program: it works inside %s but not from exec, scripts with another shell, or sudo", name, sh, sh)
		l.Fix = fmt.Sprintf("run it inside %s (sh -c / bash -c '%s ...'), not as a program", sh, name)
	default:
		l.Message = fmt.Sprintf("%s is a builtin of %v, not of your shell %s", name, in, sh)
		l.Fix = fmt.Sprintf("run it in a shell that has it, or install a program called %s", name)
	}
	return l, true
}
