package main

// SymlinksCmd is a placeholder until its issue lands; it fails rather than pretend.
type SymlinksCmd struct{}

func (c *SymlinksCmd) Run(g *Globals) error { return notBuilt("symlinks") }
