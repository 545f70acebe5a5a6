package main

// DoctorCmd is a placeholder until its issue lands; it fails rather than pretend.
type DoctorCmd struct{}

func (c *DoctorCmd) Run(g *Globals) error { return notBuilt("doctor") }
