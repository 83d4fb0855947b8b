using NuGet.Versioning;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;

namespace SupplyGate.Core.Tests.Inventory;

[Trait("Category", "unit")]
public sealed class FrameworkPackageOverrideTests
{
    [Fact]
    public void Parses_semicolon_and_line_separated_lists()
    {
        IReadOnlyList<FrameworkPackageOverride> semi = FrameworkPackageOverride.Parse("Microsoft.CSharp|4.7.0;System.Text.Json|10.0.0; ");
        IReadOnlyList<FrameworkPackageOverride> lines = FrameworkPackageOverride.Parse("Microsoft.CSharp|4.7.0\r\nSystem.Text.Json|10.0.0\n\n");

        Assert.Equal(semi, lines);
        Assert.Equal(new FrameworkPackageOverride("System.Text.Json", NuGetVersion.Parse("10.0.0")), semi[1]);
        Assert.Empty(FrameworkPackageOverride.Parse(""));
    }

    [Theory]
    [InlineData("NoBar")]
    [InlineData("|1.0.0")]
    [InlineData("Id|not-a-version")]
    public void Rejects_bad_entries(string text)
    {
        var ex = Assert.Throws<InvalidInputException>(() => FrameworkPackageOverride.Parse(text));
        Assert.Equal(DiagnosticCode.InvalidConfiguration, ex.Code);
    }
}
