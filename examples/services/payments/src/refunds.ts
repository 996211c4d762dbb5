import { ledger } from './ledgerClient';

export interface RefundRequest {
  orderId: string;
  amountMinor: number;
  reason: 'returned' | 'damaged' | 'goodwill';
}

/** Refunds go to the ledger first, so that a Paylane retry never refunds twice. */
export async function createRefund(request: RefundRequest) {
  const entry = await ledger.reserve({ orderId: request.orderId, amountMinor: -request.amountMinor });
  return { refundId: entry.id, state: 'pending' as const };
}
