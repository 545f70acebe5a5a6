package main

// WslpathCmd is a placeholder until its issue lands; it fails rather than pretend.
type WslpathCmd struct{}

func (c *WslpathCmd) Run(g *Globals) error { return notBuilt("wslpath") }
