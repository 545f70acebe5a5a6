package engine

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"

	"google.golang.org/protobuf/encoding/protowire"
)

// writeTrace prints what a BuildKit build reports: each step's name when it
// starts, its output, and its error. The engine sends them as base64 of a
// protobuf moby.buildkit.v1.StatusResponse; decoding the few fields needed
// with protowire avoids depending on BuildKit's generated API.
func writeTrace(log io.Writer, aux json.RawMessage) {
	var b64 string
	if json.Unmarshal(aux, &b64) != nil {
		return
	}
	dt, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return
	}
	eachField(dt, func(num protowire.Number, v []byte) {
		switch num {
		case 1: // Vertex: 3 name, 5 started, 6 completed, 7 error
			var name, errText string
			var started, completed bool
			eachField(v, func(n protowire.Number, f []byte) {
				switch n {
				case 3:
					name = string(f)
				case 5:
					started = true
				case 6:
					completed = true
				case 7:
					errText = string(f)
				}
			})
			if errText != "" {
				fmt.Fprintf(log, "%s: ERROR %s\n", name, errText)
			} else if started && !completed {
				fmt.Fprintln(log, name)
			}
		case 3: // VertexLog: 4 msg
			eachField(v, func(n protowire.Number, f []byte) {
				if n == 4 {
					_, _ = log.Write(f)
				}
			})
		}
	})
}

// eachField calls fn for every length-delimited field of a protobuf message
// and skips the others; the fields read here are all strings or messages.
func eachField(b []byte, fn func(protowire.Number, []byte)) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return
		}
		b = b[n:]
		if typ == protowire.BytesType {
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return
			}
			fn(num, v)
			b = b[m:]
			continue
		}
		m := protowire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return
		}
		b = b[m:]
	}
}
