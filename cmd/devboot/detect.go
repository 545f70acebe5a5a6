package main

// DetectCmd is a placeholder until its issue lands; it fails rather than pretend.
type DetectCmd struct{}

func (c *DetectCmd) Run(g *Globals) error { return notBuilt("detect") }
