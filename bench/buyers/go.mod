module ticketing.dev/bench/buyers

go 1.22
