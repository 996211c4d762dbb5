import { useState } from 'react';
import { PaymentForm } from './PaymentForm';

export function Checkout({ basketId, totalMinor }: { basketId: string; totalMinor: number }) {
  const [state, setState] = useState<'editing' | 'paying' | 'done'>('editing');
  return (
    <main>
      <h1>Checkout</h1>
      <p>Total: £{(totalMinor / 100).toFixed(2)}</p>
      {state === 'done' ? <p>Thank you, your order is on its way.</p> : <PaymentForm basketId={basketId} onPaid={() => setState('done')} />}
    </main>
  );
}
