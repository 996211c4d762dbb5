type Product = { sku: string; title: string; priceMinor: number; inStock: boolean };

export function ProductList({ products }: { products: Product[] }) {
  return (
    <ul className="products">
      {products.map((p) => (
        <li key={p.sku}>
          <a href={`/p/${p.sku}`}>{p.title}</a> £{(p.priceMinor / 100).toFixed(2)}
          {!p.inStock && <span className="badge">Out of stock</span>}
        </li>
      ))}
    </ul>
  );
}
