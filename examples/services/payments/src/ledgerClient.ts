const LEDGER_URL = process.env.LEDGER_URL ?? 'http://ledger.internal:8080';

export const ledger = {
  async reserve(entry: { orderId: string; amountMinor: number }): Promise<{ id: string }> {
    const res = await fetch(`${LEDGER_URL}/entries`, { method: 'POST', body: JSON.stringify(entry) });
    if (!res.ok) throw new Error(`ledger returned ${res.status}`);
    return (await res.json()) as { id: string };
  },
};
