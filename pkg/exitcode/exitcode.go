// Package exitcode carries devboot's exit-code contract (../shared/CLI.md)
// from the packages to main: 1 failure, 2 bad usage or input, 3 problems found.
package exitcode

import "errors"

const (
	OK       = 0
	Failure  = 1
	Usage    = 2
	Problems = 3
)

// Error is an error with the exit code it should produce.
type Error struct {
	Code int
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// BadInput marks err as the user's input being wrong (exit 2).
func BadInput(err error) error {
	if err == nil {
		return nil
	}
	return &Error{Code: Usage, Err: err}
}

// Code returns the exit code for err: the one it carries, or 1.
func Code(err error) int {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Failure
}
