module example.com/multi/v2

go 1.24

toolchain go1.25.3
