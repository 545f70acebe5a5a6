package main

// ToolchainCmd is a placeholder until its issue lands; it fails rather than pretend.
type ToolchainCmd struct{}

func (c *ToolchainCmd) Run(g *Globals) error { return notBuilt("toolchain") }
