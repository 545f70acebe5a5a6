package lib

// X is exported.
const X = 1
