# Edge gateway: CDN in front of the storefront and checkout, TLS termination.
resource "fastedge_service" "shop" {
  name    = "kestrel-shop"
  domains = ["shop.kestrel.example", "checkout.kestrel.example"]

  backend {
    name    = "storefront"
    address = "storefront.internal"
  }

  backend {
    name    = "checkout"
    address = "checkout.internal"
  }

  # Basket and checkout pages are never cached (see KB-0019).
  cache_rule {
    path_prefix = "/basket"
    ttl_seconds = 0
  }
}

resource "fastedge_tls_certificate" "shop" {
  domains     = ["shop.kestrel.example", "checkout.kestrel.example"]
  secret_name = "tls/shop-2026"
}
