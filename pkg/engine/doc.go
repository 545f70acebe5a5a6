// Package engine is devboot's one door to a Docker Engine: every Docker API
// call goes through it (github.com/moby/moby/client is still 0.x, so its use
// stays in one place).
//
// Where the engine is: DOCKER_HOST, else the docker context the CLI would use
// (DOCKER_CONTEXT, else currentContext in the docker config), else the
// default socket. The client does not read contexts itself; context.go is a
// small resolver for them.
package engine
