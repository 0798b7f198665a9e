module portex.dev/loadgen

go 1.24
