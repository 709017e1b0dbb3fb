module github.com/google/open-location-code/go

go 1.12
