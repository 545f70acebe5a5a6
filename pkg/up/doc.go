// Package up is `devboot up` and `devboot down`: it turns what the probes
// found about a machine into an ordered list of plan steps, built with the
// step constructors of the capability packages (toolchain, goenv, shellrc,
// perms, gopath), and verifies the result.
//
// The split keeps decisions testable: Probe gathers Facts (the only part
// that reads the machine or the network), Decide is a pure function from
// Facts to a Decision, and Compose turns a Decision into steps. Applying,
// journaling and undo are pkg/plan's job; Down is plan.Runner.Undo over
// up's journal.
package up
