using System.Globalization;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>A clock that says what the test tells it (Microsoft.Extensions.TimeProvider.Testing is not on the feed).</summary>
public sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public static FakeTimeProvider At(string iso) => new(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture));
}
