module github.com/durascope/durascope

go 1.26
