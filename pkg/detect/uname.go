package detect

import "golang.org/x/sys/unix"

// uname returns the running kernel's machine and release.
func uname() (machine, release string, err error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", "", err
	}
	return unix.ByteSliceToString(u.Machine[:]), unix.ByteSliceToString(u.Release[:]), nil
}
