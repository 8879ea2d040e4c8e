module leaklab/leakserver

go 1.19
