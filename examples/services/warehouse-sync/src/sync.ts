/**
 * Pushes stock levels from the warehouse system into the catalogue every night.
 * CHG-2026-0045 tried to move this to an event stream and was backed out.
 */
export async function syncStock(warehouse: { stockLevels(): Promise<Array<{ sku: string; quantity: number }>> }) {
  const levels = await warehouse.stockLevels();
  for (const { sku, quantity } of levels) {
    await fetch(`http://catalogue.internal/products/${encodeURIComponent(sku)}/stock`, {
      method: 'PUT',
      body: JSON.stringify({ quantity }),
    });
  }
  return levels.length;
}
