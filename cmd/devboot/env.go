package main

// EnvCmd is a placeholder until its issue lands; it fails rather than pretend.
type EnvCmd struct{}

func (c *EnvCmd) Run(g *Globals) error { return notBuilt("env") }
