# The ledger's PostgreSQL database (managed by Stratus Cloud).
resource "stratus_postgres_instance" "ledger" {
  name           = "ledger-prod"
  engine_version = "16"
  tier           = "db-standard-8"
  high_availability = true

  backup {
    point_in_time_recovery = true
    retention_days         = 14
  }
}
