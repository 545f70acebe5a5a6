package goserver

import (
	"bytes"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

type nopCloser struct{ io.Reader }

func (nopCloser) Close() error { return nil }

func (s *Server) serveDL(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, "/dl/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	if name == "" {
		if r.URL.Query().Get("mode") != "json" {
			http.Error(w, "want ?mode=json", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(s.Index())
		return
	}
	s.serveFile(w, r, name)
}

func (s *Server) serveProxy(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/")
	switch {
	case strings.HasPrefix(p, "sumdb/"+sumDBName+"/"):
		// The proxy passes the checksum database through, as proxy.golang.org does.
		rest := strings.TrimPrefix(p, "sumdb/"+sumDBName)
		if rest == "/supported" {
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = rest
		s.sumdb.ServeHTTP(w, r2)
	case p == "golang.org/toolchain/@v/list":
		s.mu.Lock()
		var vs []string
		for k, a := range s.archive {
			if strings.HasSuffix(k, ".zip") {
				vs = append(vs, a.Version)
			}
		}
		s.mu.Unlock()
		sort.Strings(vs)
		io.WriteString(w, strings.Join(vs, "\n")+"\n")
	case strings.HasPrefix(p, "golang.org/toolchain/@v/") && strings.HasSuffix(p, ".mod"):
		io.WriteString(w, "module golang.org/toolchain\n")
	case strings.HasPrefix(p, "golang.org/toolchain/@v/") && strings.HasSuffix(p, ".zip"):
		s.serveFile(w, r, p)
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	s.mu.Lock()
	a := s.archive[name]
	data, tampered := s.served[name]
	m := s.misbeh[name]
	s.hits[name]++
	s.mu.Unlock()
	if a == nil {
		http.NotFound(w, r)
		return
	}
	if !tampered {
		data = a.Data
	}
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		return
	}
	switch m {
	case Normal:
		http.ServeContent(w, r, name, zeroTime, bytes.NewReader(data))
	case Truncate, Stall:
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		if m == Stall {
			select {
			case <-r.Context().Done():
			case <-s.stalled:
			}
			return
		}
		// Truncate: cut the connection short of Content-Length.
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
			}
		}
	}
}
