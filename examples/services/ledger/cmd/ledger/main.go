package main

import (
	"log"
	"net/http"
	"os"

	"kestrel.example/ledger/internal/entries"
)

func main() {
	store, err := entries.Open(os.Getenv("LEDGER_DATABASE_URL"))
	if err != nil {
		log.Fatalf("ledger: cannot open database: %v", err)
	}
	http.Handle("/entries", entries.Handler(store))
	http.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	log.Println("ledger listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", nil))
}
