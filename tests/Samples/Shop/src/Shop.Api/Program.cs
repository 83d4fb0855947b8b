using Microsoft.EntityFrameworkCore;
using Shop.Data;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddDbContext<ShopContext>(o => o.UseSqlite("Data Source=shop.db"));
builder.Services.AddMemoryCache();
builder.Services.AddGrpc();
builder.Services.AddHttpClient("catalog").AddStandardResilienceHandler();

WebApplication app = builder.Build();
app.MapGet("/products", (ShopContext db) => db.Products.ToList());
app.Run();
