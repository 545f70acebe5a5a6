package doctor

// Checks lists every check in the order doctor reports them; their ids
// are stable (scripts and `devboot up` select them).
func Checks() []Check {
	return []Check{
		{"go.path", "go commands on PATH", checkGoPath},
		{"go.project", "go version the project asks for", checkProject},
		{"env.goroot", "GOROOT", checkGOROOT},
		{"env.gobin", "GOBIN", checkGOBIN},
		{"env.gopath", "GOPATH", checkGOPATH},
		{"env.caches", "module and build caches writable", checkCaches},
		{"env.goflags", "GOFLAGS", checkGOFLAGS},
		{"perms.goroot", "GOROOT not writable by users", checkGOROOTWritable},
		{"perms.owner", "your Go directories owned by you", checkOwnership},
		{"fs.ntfs", "Go directories on a Linux filesystem", checkNTFS},
		{"fs.case", "case-sensitive directories", checkCaseSensitive},
		{"net.goproxy", "GOPROXY", checkGOPROXY},
		{"net.gosumdb", "GOSUMDB", checkGOSUMDB},
		{"net.patterns", "GOPRIVATE, GONOPROXY, GONOSUMDB patterns", checkPatterns},
		{"net.vcs", "version control tools for direct fetches", checkVCS},
		{"shell.blocks", "devboot's block in your shell files", checkShellBlocks},
		{"shell.environmentd", "environment.d for the systemd user session", checkEnvironmentD},
	}
}
