module leaklab/targets/chiapi

go 1.19

require github.com/go-chi/chi/v5 v5.2.3
