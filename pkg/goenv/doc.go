// Package goenv decides what the Go environment of the user devboot
// configures IS (GOROOT only when it must be set, GOPATH, GOBIN, PATH order)
// and edits cmd/go's own env file, the one `go env -w` writes, as plan steps.
package goenv
