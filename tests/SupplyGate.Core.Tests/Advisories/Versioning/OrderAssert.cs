using SupplyGate.Core.Advisories.Versioning;

namespace SupplyGate.Core.Tests.Advisories.Versioning;

/// <summary>Asserts an ordering in both directions, so a sign error cannot hide.</summary>
internal static class OrderAssert
{
    public static void Holds(IVersionScheme scheme, string a, string op, string b)
    {
        int expected = op switch { "<" => -1, "=" => 0, ">" => 1, _ => throw new ArgumentOutOfRangeException(nameof(op)) };
        Assert.True(expected == Math.Sign(scheme.Compare(a, b)), $"{scheme.Name}: expected {a} {op} {b}, got {scheme.Compare(a, b)}");
        Assert.True(-expected == Math.Sign(scheme.Compare(b, a)), $"{scheme.Name}: expected {b} reversed against {a}");
    }
}
