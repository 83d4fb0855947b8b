using SupplyGate.Core.Inventory.NuGet;

namespace SupplyGate.Core.Tests.Inventory;

public sealed class TargetFrameworkNamesTests
{
    [Theory]
    [InlineData("net10.0", ".NETCoreApp,Version=v10.0")]
    [InlineData("netcoreapp2.1", ".NETCoreApp,Version=v2.1")]
    [InlineData(".NETCoreApp,Version=v2.1", ".NETCoreApp,Version=v2.1")]
    [InlineData(".netcoreapp,Version=v2.1.0", ".NETCoreApp,Version=v2.1")]
    [InlineData("netstandard2.0", ".NETStandard,Version=v2.0")]
    [InlineData("net472", ".NETFramework,Version=v4.7.2")]
    [InlineData("net40", ".NETFramework,Version=v4.0")]
    [InlineData(".NETFramework,Version=v4.7.2", ".NETFramework,Version=v4.7.2")]
    [InlineData("net8.0-windows", ".NETCoreApp,Version=v8.0-windows")]
    [InlineData("uap10.0", "uap10.0")]
    public void Canonical_maps_aliases_and_full_names(string input, string expected) =>
        Assert.Equal(expected, TargetFrameworkNames.Canonical(input));

    [Fact]
    public void Old_style_target_keys_are_selected_by_alias()
    {
        Assert.True(TargetFrameworkNames.AreSame("netcoreapp2.2", ".NETCoreApp,Version=v2.2"));
        Assert.False(TargetFrameworkNames.AreSame("net45", ".NETFramework,Version=v4.0"));
    }
}
