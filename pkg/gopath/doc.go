// Package gopath finds where a user's Go paths live (GOPATH, GOMODCACHE,
// GOCACHE, GOBIN, the module being worked on), says what is wrong with an
// NTFS-backed one on WSL2, and plans the fix as undoable steps: a bind
// mount onto a Linux path or a verified copy to ext4, caches moved to the
// Linux filesystem, the mount made persistent, and the tree's Windows-style
// symlinks rewritten. `devboot gopath restore` is the undo of those steps.
package gopath
