package doctor

import (
	"context"
	"testing"
)

// BenchmarkDoctorHealthy is a full `devboot doctor` (detection, every
// check, no network) on a healthy fixture; gathering runs its go once.
func BenchmarkDoctorHealthy(b *testing.B) {
	fx := healthy(b)
	fx.opts.Detect = nil // detect for real, as the command does
	ctx := context.Background()
	for b.Loop() {
		r, err := Run(ctx, fx.h, fx.opts)
		if err != nil {
			b.Fatal(err)
		}
		if r.Failed() {
			b.Fatalf("healthy fixture failed: %+v", r.Checks)
		}
	}
}
