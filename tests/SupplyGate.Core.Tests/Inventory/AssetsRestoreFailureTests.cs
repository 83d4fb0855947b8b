using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;

namespace SupplyGate.Core.Tests.Inventory;

[Trait("Category", "unit")]
public sealed class AssetsRestoreFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-restore").FullName;

    [Fact]
    public void Build_AssetsFileOfAFailedRestore_IsRefusedWithSG1015()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nuget", "sampleapp", "project.assets.json");
        string assets = Path.Combine(_dir, "project.assets.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(source))!.AsObject();
        json["logs"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["code"] = "NU1101",
            ["level"] = "Error",
            ["message"] = "Unable to find package Microsoft.SqlServer.Server.",
        });
        File.WriteAllText(assets, json.ToJsonString());

        var ex = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(new NuGetInventoryRequest { AssetsFilePath = assets }));

        Assert.Equal("SG1015", ex.Code);
        Assert.Contains("NU1101", ex.Message, StringComparison.Ordinal);
        Assert.Contains(assets, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AssetsFileWithOnlyWarnings_IsAccepted()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nuget", "sampleapp", "project.assets.json");

        NuGetInventoryResult result = NuGetInventory.Build(new NuGetInventoryRequest { AssetsFilePath = source });

        Assert.NotEmpty(result.Bom.Components);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
