package main

// ShellCmd is a placeholder until its issue lands; it fails rather than pretend.
type ShellCmd struct{}

func (c *ShellCmd) Run(g *Globals) error { return notBuilt("shell") }
