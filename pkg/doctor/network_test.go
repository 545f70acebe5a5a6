package doctor

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// countingServer answers every request and counts them.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.NotFound(w, r) // a proxy may 404: it still answers
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestNoNetworkUnlessAsked(t *testing.T) {
	t.Parallel()
	srv, hits := countingServer(t)
	fx := healthy(t)
	fx.set("GOPROXY", srv.URL+",direct").set("GOSUMDB", "sum.golang.org "+srv.URL)
	r := fx.run()
	if r.Verdict != OK || hits.Load() != 0 {
		t.Fatalf("verdict %s, %d requests without --network", r.Verdict, hits.Load())
	}
	fx.opts.Network = true
	r = fx.run()
	want(t, r, "net.goproxy", OK, "every GOPROXY entry answers")
	want(t, r, "net.gosumdb", OK, "answers")
	if hits.Load() != 2 {
		t.Fatalf("%d requests with --network, want one per proxy and one for the sumdb", hits.Load())
	}
}

func TestUnreachableProxyAndSumDB(t *testing.T) {
	t.Parallel()
	const dead = "http://127.0.0.1:1" // tcpmux: nothing listens, refused at once
	fx := healthy(t)
	fx.opts.Network = true
	fx.set("GOPROXY", dead).set("GOSUMDB", "sum.golang.org "+dead)
	r := fx.run()
	want(t, r, "net.goproxy", Fail, "no GOPROXY entry answers")
	want(t, r, "net.gosumdb", Fail, "does not answer")
	live, _ := countingServer(t)
	want(t, fx.set("GOPROXY", dead+"|"+live.URL).run(), "net.goproxy", Warn, dead)
}
