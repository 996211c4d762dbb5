/** Today's date in UTC as `YYYY-MM-DD`: the day rules compare dates with, and new records are dated. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
