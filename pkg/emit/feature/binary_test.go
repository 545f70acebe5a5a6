package feature

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/images"
)

// header is the part of an ELF file BinaryArch judges.
type header struct {
	class   elf.Class
	order   elf.Data
	osabi   elf.OSABI
	typ     elf.Type
	machine elf.Machine
	interp  string // PT_INTERP; "" for a static program
	pie     bool   // a .dynamic section with DT_FLAGS_1 DF_1_PIE
}

var staticAMD64 = header{elf.ELFCLASS64, elf.ELFDATA2LSB, elf.ELFOSABI_NONE, elf.ET_EXEC, elf.EM_X86_64, "", false}

// elfFile writes h as an ELF header, with a PT_INTERP segment and a
// .dynamic section when h has them. It carries no Go build information.
func elfFile(t testing.TB, h header) []byte {
	t.Helper()
	var order binary.ByteOrder = binary.LittleEndian
	if h.order == elf.ELFDATA2MSB {
		order = binary.BigEndian
	}
	ident := [elf.EI_NIDENT]byte{0x7f, 'E', 'L', 'F', byte(h.class), byte(h.order), byte(elf.EV_CURRENT), byte(h.osabi)}
	var buf bytes.Buffer
	write := func(v any) {
		if err := binary.Write(&buf, order, v); err != nil {
			t.Fatal(err)
		}
	}
	if h.class == elf.ELFCLASS32 {
		write(elf.Header32{Ident: ident, Type: uint16(h.typ), Machine: uint16(h.machine), Version: uint32(elf.EV_CURRENT), Ehsize: 52})
		return buf.Bytes()
	}
	hdr := elf.Header64{Ident: ident, Type: uint16(h.typ), Machine: uint16(h.machine), Version: uint32(elf.EV_CURRENT), Ehsize: 64, Phentsize: 56, Shentsize: 64}
	var progs []elf.Prog64
	end := uint64(64)
	if h.interp != "" {
		hdr.Phoff, hdr.Phnum = 64, 1
		progs = append(progs, elf.Prog64{Type: uint32(elf.PT_INTERP), Off: 64 + 56, Filesz: uint64(len(h.interp) + 1)})
		end += 56 + uint64(len(h.interp)+1)
	}
	// .dynamic (DT_FLAGS_1, DT_NULL), then the section names, then the
	// section headers: none, .dynamic, .shstrtab.
	dynamic := []elf.Dyn64{{Tag: int64(elf.DT_FLAGS_1), Val: uint64(elf.DF_1_PIE)}, {Tag: int64(elf.DT_NULL)}}
	names := "\x00.dynamic\x00.shstrtab\x00"
	var sections []elf.Section64
	if h.pie {
		dynOff, namesOff := end, end+32
		hdr.Shoff, hdr.Shnum, hdr.Shstrndx = namesOff+uint64(len(names)), 3, 2
		sections = []elf.Section64{{},
			{Name: 1, Type: uint32(elf.SHT_DYNAMIC), Off: dynOff, Size: 32, Entsize: 16, Addralign: 8},
			{Name: 10, Type: uint32(elf.SHT_STRTAB), Off: namesOff, Size: uint64(len(names)), Addralign: 1}}
	}
	write(hdr)
	write(progs)
	if h.interp != "" {
		buf.WriteString(h.interp + "\x00")
	}
	if h.pie {
		write(dynamic)
		buf.WriteString(names)
		write(sections)
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
		want string // a part of the error
	}{
		// Headers that pass every ELF check reach the build information.
		{"static, not Go", elfFile(t, staticAMD64), "has no Go build information"},
		{"OSABI Linux, not Go", with(func(h *header) { h.osabi = elf.ELFOSABI_LINUX }), "has no Go build information"},
		{"static-pie arm64, not Go", with(func(h *header) { h.machine, h.typ, h.pie = elf.EM_AARCH64, elf.ET_DYN, true }), "has no Go build information"},
		{"shared library", with(func(h *header) { h.typ = elf.ET_DYN }), "is a shared library (ELF ET_DYN without DF_1_PIE)"},
		{"dynamic", with(func(h *header) { h.interp = "/lib/ld-musl-x86_64.so.1" }), "dynamically linked (it needs the loader /lib/ld-musl-x86_64.so.1)"},
		{"dynamic PIE", with(func(h *header) { h.typ, h.pie, h.interp = elf.ET_DYN, true, "/lib64/ld-linux-x86-64.so.2" }), "dynamically linked"},
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
			if err == nil || arch != "" || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %q, %v; want an error with %q", arch, err, tc.want)
			}
		})
	}
}

// Real devboot builds, as features/devboot/build.sh makes them, are taken
// for their arch; the same build claiming another GOOS is not.
func TestBinaryArchOfDevbootBuilds(t *testing.T) {
	dir := t.TempDir()
	for _, arch := range []string{"amd64", "arm64"} {
		exe := filepath.Join(dir, arch)
		images.Devboot(t, arch, exe)
		data, err := os.ReadFile(exe)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := BinaryArch(bytes.NewReader(data)); got != arch || err != nil {
			t.Errorf("devboot for %s: got %q, %v", arch, got, err)
		}
		// The build information's GOOS setting, rewritten in place.
		plan9 := bytes.ReplaceAll(data, []byte("\tGOOS=linux\n"), []byte("\tGOOS=plan9\n"))
		if bytes.Equal(plan9, data) {
			t.Fatal("no GOOS=linux in the build information")
		}
		if got, err := BinaryArch(bytes.NewReader(plan9)); err == nil || got != "" || !strings.Contains(err.Error(), "devboot built for GOOS=plan9, not linux") {
			t.Errorf("devboot for %s claiming GOOS=plan9: got %q, %v", arch, got, err)
		}
	}
}

// FuzzBinaryArch: any input gives an arch the feature runs, or an error.
func FuzzBinaryArch(f *testing.F) {
	f.Add([]byte("#!/bin/sh\n"))
	for _, h := range []header{staticAMD64, {elf.ELFCLASS64, elf.ELFDATA2LSB, elf.ELFOSABI_LINUX, elf.ET_DYN, elf.EM_AARCH64, "/lib/ld-linux-aarch64.so.1", true}} {
		f.Add(elfFile(f, h))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		arch, err := BinaryArch(bytes.NewReader(data))
		if (err == nil) != (arch == "amd64" || arch == "arm64") {
			t.Fatalf("got %q, %v", arch, err)
		}
	})
}
