export function PaymentForm({ basketId, onPaid }: { basketId: string; onPaid: () => void }) {
  async function pay(cardToken: string) {
    const res = await fetch('/api/payments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `${basketId}-pay` },
      body: JSON.stringify({ orderId: basketId, cardToken }),
    });
    if (res.ok) onPaid();
  }
  return <form onSubmit={(e) => { e.preventDefault(); void pay('tok_from_paylane_js'); }}><button>Pay now</button></form>;
}
