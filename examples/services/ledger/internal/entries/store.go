package entries

import (
	"database/sql"
	"encoding/json"
	"net/http"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Entry is one double-entry posting. Amounts are in minor units (pence).
type Entry struct {
	ID          string `json:"id"`
	OrderID     string `json:"orderId"`
	AmountMinor int64  `json:"amountMinor"`
}

type Store struct{ db *sql.DB }

func Open(url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, db.Ping()
}

func Handler(s *Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var e Entry
		if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		err := s.db.QueryRowContext(r.Context(),
			`INSERT INTO entries (order_id, amount_minor) VALUES ($1, $2) RETURNING id`,
			e.OrderID, e.AmountMinor).Scan(&e.ID)
		if err != nil {
			http.Error(w, "cannot write entry", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(e)
	})
}
