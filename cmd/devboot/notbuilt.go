package main

import "fmt"

// notBuilt is returned by commands whose issue has not landed yet.
func notBuilt(name string) error {
	return fmt.Errorf("'devboot %s' is not built yet", name)
}
