package main

// DownCmd is a placeholder until its issue lands; it fails rather than pretend.
type DownCmd struct{}

func (c *DownCmd) Run(g *Globals) error { return notBuilt("down") }
