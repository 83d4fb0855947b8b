using Microsoft.EntityFrameworkCore;

namespace Shop.Data;

public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();
}

public sealed class Product
{
    public int Id { get; set; }

    public required string Name { get; set; }
}
