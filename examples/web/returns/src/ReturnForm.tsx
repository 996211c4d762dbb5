// Alpha: only shown to staff accounts while we test the returns journey.
export function ReturnForm({ orderId }: { orderId: string }) {
  return (
    <form method="post" action={`/returns/${orderId}`}>
      <label>
        Why are you returning it?
        <select name="reason">
          <option value="returned">Changed my mind</option>
          <option value="damaged">Arrived damaged</option>
        </select>
      </label>
      <button>Start return</button>
    </form>
  );
}
