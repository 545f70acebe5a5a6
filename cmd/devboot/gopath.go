package main

// GopathCmd is a placeholder until its issue lands; it fails rather than pretend.
type GopathCmd struct{}

func (c *GopathCmd) Run(g *Globals) error { return notBuilt("gopath") }
