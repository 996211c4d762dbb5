import { createRefund, type RefundRequest } from './refunds';
import { paylane } from './paylane';

/** HTTP handler for POST /payments: authorises a card payment through Paylane. */
export async function handlePayment(req: { body: PaymentRequest; headers: Record<string, string> }) {
  const idempotencyKey = req.headers['idempotency-key'];
  if (!idempotencyKey) return { status: 400, body: { error: 'idempotency-key header is required' } };

  const result = await paylane.v3.authorise({
    amount: req.body.amountMinor,
    currency: req.body.currency,
    token: req.body.cardToken,
    idempotencyKey,
  });
  return { status: result.approved ? 201 : 402, body: result };
}

export async function handleRefund(req: { body: RefundRequest }) {
  return { status: 202, body: await createRefund(req.body) };
}

interface PaymentRequest {
  orderId: string;
  amountMinor: number;
  currency: 'GBP' | 'EUR';
  cardToken: string;
}
