package main

// EmitCmd is a placeholder until its issue lands; it fails rather than pretend.
type EmitCmd struct{}

func (c *EmitCmd) Run(g *Globals) error { return notBuilt("emit") }
