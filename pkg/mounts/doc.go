// Package mounts makes an NTFS-backed tree usable from Linux paths: bind
// mounts (moby/sys/mount) as undoable plan steps, and a concurrent scan that
// finds symlinks whose targets only make sense on Windows or at the tree's
// original drive path, with a plan step that rewrites them and puts every
// original target back on undo.
//
// What a path means on WSL (which mount is NTFS, what a Windows path
// translates to) is pkg/wsl's job; this package only acts on its answers.
package mounts
