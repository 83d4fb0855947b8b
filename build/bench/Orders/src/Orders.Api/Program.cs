using Asp.Versioning;
using Azure.Storage.Blobs;
using Dapper;
using FluentValidation;
using Mapster;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Trace;
using Orders.Api;
using Refit;
using Serilog;

// A bench-only service: every library is used once, the way a real orders API wires it up.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Host.UseSerilog((context, logger) => logger.ReadFrom.Configuration(context.Configuration).Enrich.WithMachineName().WriteTo.Console());
string database = builder.Configuration.GetConnectionString("Orders") ?? "Host=localhost;Database=orders";
string redis = builder.Configuration.GetConnectionString("Redis") ?? "localhost:6379";
builder.Services.AddDbContext<OrdersDb>(options => options.UseNpgsql(database));
builder.Services.AddStackExchangeRedisCache(options => options.Configuration = redis);
builder.Services.AddValidatorsFromAssemblyContaining<OrderValidator>();
builder.Services.AddEndpointsApiExplorer().AddSwaggerGen();
builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorization();
builder.Services.AddApiVersioning(options => options.DefaultApiVersion = new ApiVersion(1, 0));
builder.Services.AddHealthChecks().AddNpgSql(database).AddRedis(redis);
builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddOtlpExporter());
builder.Services.AddRefitClient<IPaymentsApi>().ConfigureHttpClient(c => c.BaseAddress = new Uri("http://payments")).AddStandardResilienceHandler();
builder.Services.AddSingleton(_ => new BlobServiceClient("UseDevelopmentStorage=true"));

WebApplication app = builder.Build();
app.UseSerilogRequestLogging();
app.UseSwagger().UseSwaggerUI();
app.UseAuthentication().UseAuthorization();
app.MapHealthChecks("/health");
app.MapGet("/orders/{id:int}", async (int id, OrdersDb db) =>
    await db.Orders.FindAsync(id) is { } order ? Results.Ok(order.Adapt<OrderDto>()) : Results.NotFound());
app.MapGet("/orders/count", async (OrdersDb db) =>
    await db.Database.GetDbConnection().ExecuteScalarAsync<int>("select count(*) from orders"));
app.MapPost("/orders", async (OrderDto dto, IValidator<OrderDto> validator, OrdersDb db) =>
{
    var validation = await validator.ValidateAsync(dto);
    if (!validation.IsValid)
    {
        return Results.ValidationProblem(validation.ToDictionary());
    }

    db.Orders.Add(dto.Adapt<Order>());
    await db.SaveChangesAsync();
    return Results.Created();
});
app.Run();

namespace Orders.Api
{
    public sealed class Order
    {
        public int Id { get; set; }

        public string Customer { get; set; } = string.Empty;

        public decimal Total { get; set; }
    }

    public sealed record OrderDto(int Id, string Customer, decimal Total);

    public sealed class OrderValidator : AbstractValidator<OrderDto>
    {
        public OrderValidator()
        {
            RuleFor(o => o.Customer).NotEmpty();
            RuleFor(o => o.Total).GreaterThan(0);
        }
    }

    public sealed class OrdersDb(DbContextOptions<OrdersDb> options) : DbContext(options)
    {
        public DbSet<Order> Orders => Set<Order>();
    }

    public interface IPaymentsApi
    {
        [Get("/payments/{orderId}")]
        Task<string> GetAsync(int orderId);
    }
}
