// Package modproxy fills an offline module mirror: a directory in GOPROXY
// layout (<module>/@v/{list,<v>.info,<v>.mod,<v>.zip,<v>.ziphash}) holding a
// module's whole dependency graph, so a machine without network builds it
// with GOPROXY=file://DIR GOSUMDB=off, or better with GOFLAGS=-mod=mod and
// the sums of go.sum.
//
// The go command does the downloading (`go mod download -json all` into a
// fresh GOMODCACHE), so the mirror holds exactly what cmd/go needed for
// this module — including the go.mod files of versions MVS only looked at —
// and the module cache's cache/download directory already IS a GOPROXY
// layout. Every zip and go.mod is checked against the module's go.sum
// (golang.org/x/mod/sumdb/dirhash) before anything is written; the mirror
// gets a go.sum of everything it holds. Writing is one plan step whose undo
// removes exactly the files it added.
package modproxy
