package lib_test
