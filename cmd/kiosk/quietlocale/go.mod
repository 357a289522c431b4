module dvc.invalid/quietlocale

go 1.26.0
