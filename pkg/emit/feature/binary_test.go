package feature

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"strings"
	"testing"
)

// header is the part of an ELF file BinaryArch judges.
type header struct {
	class   elf.Class
	order   elf.Data
	osabi   elf.OSABI
	typ     elf.Type
	machine elf.Machine
	interp  string // PT_INTERP; "" for a static program
}

var staticAMD64 = header{elf.ELFCLASS64, elf.ELFDATA2LSB, elf.ELFOSABI_NONE, elf.ET_EXEC, elf.EM_X86_64, ""}

// elfFile writes h as an ELF header, with a PT_INTERP segment when h has one.
func elfFile(t *testing.T, h header) []byte {
	t.Helper()
	var order binary.ByteOrder = binary.LittleEndian
	if h.order == elf.ELFDATA2MSB {
		order = binary.BigEndian
	}
	ident := [elf.EI_NIDENT]byte{0x7f, 'E', 'L', 'F', byte(h.class), byte(h.order), byte(elf.EV_CURRENT), byte(h.osabi)}
	var buf bytes.Buffer
	if h.class == elf.ELFCLASS32 {
		hdr := elf.Header32{Ident: ident, Type: uint16(h.typ), Machine: uint16(h.machine), Version: uint32(elf.EV_CURRENT), Ehsize: 52}
		if err := binary.Write(&buf, order, hdr); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	hdr := elf.Header64{Ident: ident, Type: uint16(h.typ), Machine: uint16(h.machine), Version: uint32(elf.EV_CURRENT), Ehsize: 64, Phentsize: 56}
	var progs []elf.Prog64
	if h.interp != "" {
		hdr.Phoff, hdr.Phnum = 64, 1
		progs = append(progs, elf.Prog64{Type: uint32(elf.PT_INTERP), Off: 64 + 56, Filesz: uint64(len(h.interp) + 1)})
	}
	if err := binary.Write(&buf, order, hdr); err != nil {
		t.Fatal(err)
	}
	if err := binary.Write(&buf, order, progs); err != nil {
		t.Fatal(err)
	}
	if h.interp != "" {
		buf.WriteString(h.interp + "\x00")
	}
	return buf.Bytes()
}

func TestBinaryArch(t *testing.T) {
	with := func(change func(*header)) []byte {
		h := staticAMD64
		change(&h)
		return elfFile(t, h)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string // the arch, or a part of the error
	}{
		{"static amd64", elfFile(t, staticAMD64), "amd64"},
		{"static-pie arm64", with(func(h *header) { h.machine, h.typ = elf.EM_AARCH64, elf.ET_DYN }), "arm64"},
		{"OSABI Linux", with(func(h *header) { h.osabi = elf.ELFOSABI_LINUX }), "amd64"},
		{"dynamic", with(func(h *header) { h.interp = "/lib/ld-musl-x86_64.so.1" }), "dynamically linked (it needs the loader /lib/ld-musl-x86_64.so.1)"},
		{"riscv64", with(func(h *header) { h.machine = elf.EM_RISCV }), "EM_RISCV"},
		{"386", with(func(h *header) { h.class, h.machine = elf.ELFCLASS32, elf.EM_386 }), "ELFCLASS32"},
		{"big-endian arm64", with(func(h *header) { h.order, h.machine = elf.ELFDATA2MSB, elf.EM_AARCH64 }), "ELFDATA2MSB"},
		{"FreeBSD", with(func(h *header) { h.osabi = elf.ELFOSABI_FREEBSD }), "built for FREEBSD, not Linux"},
		{"object file", with(func(h *header) { h.typ = elf.ET_REL }), "ET_REL, not an executable"},
		{"shell script", []byte("#!/bin/sh\necho devboot\n"), "is not an ELF file"},
		{"empty", nil, "is not an ELF file"},
		{"truncated", elfFile(t, staticAMD64)[:20], "damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arch, err := BinaryArch(bytes.NewReader(tc.data))
			switch {
			case tc.want == "amd64" || tc.want == "arm64":
				if arch != tc.want || err != nil {
					t.Fatalf("got %q, %v; want %s", arch, err, tc.want)
				}
			case err == nil || arch != "" || !strings.Contains(err.Error(), tc.want):
				t.Fatalf("got %q, %v; want an error with %q", arch, err, tc.want)
			}
		})
	}
}
