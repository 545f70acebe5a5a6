package main

// UpCmd is a placeholder until its issue lands; it fails rather than pretend.
type UpCmd struct{}

func (c *UpCmd) Run(g *Globals) error { return notBuilt("up") }
