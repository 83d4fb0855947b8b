using SupplyGate.Core.Inventory.NuGet;

namespace SupplyGate.Core.Tests.Inventory;

[Trait("Category", "unit")]
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
    [InlineData(".NETFramework,Version=v4.7.2", "net472")]
    [InlineData("net8.0-windows", "NET8.0-Windows")]
    [InlineData("uap10.0", "uap10.0")]
    [InlineData("custom-alias", "Custom-Alias")]
    public void Aliases_and_full_names_of_one_framework_are_the_same(string a, string b) =>
        Assert.True(TargetFrameworkNames.AreSame(a, b));

    [Theory]
    [InlineData("net45", ".NETFramework,Version=v4.0")]
    [InlineData("net8.0", "net8.0-windows")]
    [InlineData("net8.0", ".NETStandard,Version=v8.0")]
    [InlineData("netcoreapp2.1", "netcoreapp2.2")]
    [InlineData(".NETCoreApp,Version=vX", ".NETCoreApp,Version=v1.0")]
    [InlineData("custom-alias", "net8.0")]
    public void Different_frameworks_are_not_the_same(string a, string b) =>
        Assert.False(TargetFrameworkNames.AreSame(a, b));

    [Fact]
    public void Old_style_target_keys_are_selected_by_alias()
    {
        Assert.True(TargetFrameworkNames.AreSame("netcoreapp2.2", ".NETCoreApp,Version=v2.2"));
        Assert.False(TargetFrameworkNames.AreSame("net45", ".NETFramework,Version=v4.0"));
    }
}
