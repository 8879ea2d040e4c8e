module leaklab/targets

go 1.19
